package sheets

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Input is one file to import: its name (used in messages and provenance)
// and its bytes.
type Input struct {
	Name string
	Data []byte
	// Size is the size of the file on disk when Data holds only its
	// beginning (a file over MaxFileSize is not read whole); 0 means
	// len(Data).
	Size int64
}

// spreadsheetExts are the extensions picked up from a folder: workbooks, and
// the formats people send by mistake (rejected with a message on how to fix).
var spreadsheetExts = map[string]bool{".xlsx": true, ".xlsm": true, ".xls": true, ".et": true, ".csv": true, ".ods": true}

// ReadInputs reads files and folders (every spreadsheet in them, sub-folders
// included; Office lock files "~$…" are skipped). A file is read up to
// MaxFileSize+1 bytes, so an oversized one is rejected by the importer with a
// message rather than read whole.
func ReadInputs(paths []string) ([]Input, error) {
	var files []string
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("读取 %s：%w", p, err)
		}
		if !fi.IsDir() {
			files = append(files, p)
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			name := d.Name()
			if d.IsDir() {
				if path != p && strings.HasPrefix(name, ".") {
					return filepath.SkipDir
				}
				return nil
			}
			if strings.HasPrefix(name, "~$") || strings.HasPrefix(name, ".") {
				return nil
			}
			if spreadsheetExts[strings.ToLower(filepath.Ext(name))] {
				found = append(found, path)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("读取文件夹 %s：%w", p, err)
		}
		if len(found) == 0 {
			return nil, fmt.Errorf("文件夹 %s 中没有表格文件（.xlsx）", p)
		}
		sort.Strings(found)
		files = append(files, found...)
	}
	out := make([]Input, 0, len(files))
	for _, path := range files {
		f, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("打开 %s：%w", path, err)
		}
		var size int64
		if fi, err := f.Stat(); err == nil {
			size = fi.Size()
		}
		data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
		_ = f.Close() // already failing: the first error is reported
		if err != nil {
			return nil, fmt.Errorf("读取 %s：%w", path, err)
		}
		out = append(out, Input{Name: path, Data: data, Size: size})
	}
	return out, nil
}
