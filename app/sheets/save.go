package sheets

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/xuri/excelize/v2"
)

// SaveWorkbook writes a workbook to path, readable by everyone and
// executable by no one (0644). It writes a temporary file beside path and
// renames it only once it is complete, so a failure never leaves half a
// workbook or destroys the file it was to replace. An existing file is
// replaced only when replace is set; otherwise the error wraps fs.ErrExist.
func SaveWorkbook(f *excelize.File, path string, replace bool) error {
	return SaveFile(path, "工作簿", replace, func(w io.Writer) error {
		_, err := f.WriteTo(w)
		return err
	})
}

// SaveFile writes a file of the given kind (工作簿, PDF 文件 …, for
// messages) to path as SaveWorkbook does: write fills a temporary file
// beside path, which is made 0644 and renamed over path only once complete.
// An existing file is replaced only when replace is set; otherwise the
// error wraps fs.ErrExist and nothing is written.
func SaveFile(path, kind string, replace bool, write func(io.Writer) error) (err error) {
	if fi, err := os.Stat(path); err == nil {
		if fi.IsDir() {
			return fmt.Errorf("%s 是文件夹，不能保存为%s", path, kind)
		}
		if !replace {
			return fmt.Errorf("文件 %s 已存在，未覆盖%w", path, errExist)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("保存 %s：%w", path, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("保存 %s：无法在所在文件夹中创建临时文件（%w）", path, err)
	}
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	if err = write(tmp); err != nil {
		return fmt.Errorf("保存 %s：%w", path, err)
	}
	if err = tmp.Chmod(0o644); err != nil {
		return fmt.Errorf("保存 %s：%w", path, err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("保存 %s：%w", path, err)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("保存 %s：%w", path, err)
	}
	return nil
}

// RefuseExisting returns an error naming every path that exists already
// (wrapping fs.ErrExist), or nil when none does: a command that writes
// several files calls it first, so that it writes all of them or none.
func RefuseExisting(paths []string) error {
	var found []string
	for _, p := range paths {
		if _, err := os.Lstat(p); err == nil {
			found = append(found, p)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("检查 %s：%w", p, err)
		}
	}
	switch len(found) {
	case 0:
		return nil
	case 1:
		return fmt.Errorf("文件 %s 已存在，未覆盖，没有写入任何文件%w", found[0], errExist)
	}
	return fmt.Errorf("以下 %d 个文件已存在，未覆盖，没有写入任何文件%w：\n  %s",
		len(found), errExist, strings.Join(found, "\n  "))
}

// errExist is fs.ErrExist without its English text, for wrapping in a
// Chinese message.
var errExist error = existErr{}

type existErr struct{}

func (existErr) Error() string        { return "" }
func (existErr) Is(target error) bool { return target == fs.ErrExist }
