package gui

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Where a new file goes is asked in a form of our own (folder and file name),
// never with Fyne's save dialog: that dialog opens the chosen file for
// writing — truncating it — as soon as "Overwrite?" is confirmed, before the
// program can refuse. The form refuses every existing file, so no file is
// ever emptied or replaced in place; the writers (store.Create, Backup) write
// beside the target and rename on success.

// newFileForm is the dialog that asks for a file that does not exist yet.
// Extra rows (a new project's settings) may be added above the buttons.
type newFileForm struct {
	u      *UI
	dlg    dialog.Dialog
	folder *textEntry
	name   *textEntry
	errMsg *wrapLabel
	ok     *widget.Button
	ext    string
	// check refuses a path for reasons of the caller (nil: none).
	check func(path string) error
	done  func(path string)
	// warn is shown above the form (e.g. the demo project's temporary folder).
	warn    *wrapLabel
	content fyne.CanvasObject
}

// askNewFile shows the form titled title, with the folder dir and the file
// name name pre-filled; ext (".db") is added to a name without it. extra
// rows go between the file name and the buttons. done runs on the UI thread
// with a path that did not exist when the form was confirmed.
func (u *UI) askNewFile(title, confirm, dir, name, ext string, extra []*widget.FormItem, done func(path string)) *newFileForm {
	f := &newFileForm{u: u, ext: ext, done: done}
	f.folder = newEntry()
	f.folder.SetText(dir)
	f.name = newEntry()
	f.name.SetText(name)
	f.name.OnSubmitted = func(string) { f.confirm() }
	f.errMsg = newWrapLabel("")
	f.errMsg.Importance = widget.DangerImportance
	f.errMsg.Hide()
	f.warn = newWrapLabel("")
	f.warn.Importance = widget.WarningImportance
	f.warn.Hide()
	browse := widget.NewButtonWithIcon(lang.L("选择…"), theme.FolderOpenIcon(), f.browse)
	items := []*widget.FormItem{
		widget.NewFormItem(lang.L("保存到文件夹"), container.NewBorder(nil, nil, nil, browse, f.folder)),
		widget.NewFormItem(lang.L("文件名"), f.name),
	}
	items = append(items, extra...)
	form := widget.NewForm(items...)
	f.ok = widget.NewButtonWithIcon(confirm, theme.ConfirmIcon(), f.confirm)
	f.ok.Importance = widget.HighImportance
	cancel := widget.NewButtonWithIcon(lang.L("取消"), theme.CancelIcon(), func() { f.dlg.Hide() })
	body := container.NewVBox(f.warn, form, f.errMsg)
	content := container.NewBorder(nil, container.NewCenter(container.NewHBox(cancel, f.ok)), nil, nil, body)
	f.content = content
	f.dlg = dialog.NewCustomWithoutButtons(title, content, u.win)
	f.fit()
	f.dlg.Show()
	return f
}

// fit sizes the dialog to its content, never wider than the window.
func (f *newFileForm) fit() {
	w := float32(640)
	if ws := f.u.win.Canvas().Size().Width; ws > 0 && ws-40 < w {
		w = ws - 40
	}
	f.dlg.Resize(fyne.NewSize(w, f.content.MinSize().Height+80))
}

// setWarning shows a warning above the form.
func (f *newFileForm) setWarning(text string) {
	f.warn.SetText(text)
	f.warn.Show()
	f.fit()
}

// path is the file the form names now: folder, name and extension.
func (f *newFileForm) path() (string, error) {
	dir := strings.TrimSpace(f.folder.Text)
	name := strings.TrimSpace(f.name.Text)
	if dir == "" {
		return "", errors.New(lang.L("请选择保存的文件夹"))
	}
	if name == "" {
		return "", errors.New(lang.L("请填写文件名"))
	}
	if strings.ContainsAny(name, `/\:*?"<>|`) {
		return "", fmt.Errorf(lang.L("文件名「%s」不能含有 / \\ : * ? \" < > | 这些字符"), name)
	}
	if f.ext != "" && !strings.EqualFold(filepath.Ext(name), f.ext) {
		name += f.ext
	}
	return filepath.Join(dir, name), nil
}

// confirm checks the path; a refusal is shown in the form, which stays open.
func (f *newFileForm) confirm() {
	p, err := f.path()
	if err == nil {
		err = f.u.checkNewFile(p)
	}
	if err == nil && f.check != nil {
		err = f.check(p)
	}
	if err != nil {
		f.errMsg.SetText(err.Error())
		f.errMsg.Show()
		f.fit()
		return
	}
	f.errMsg.Hide()
	f.dlg.Hide()
	f.done(p)
}

// browse picks the folder with Fyne's folder dialog (which writes nothing).
func (f *newFileForm) browse() {
	d := dialog.NewFolderOpen(func(l fyne.ListableURI, err error) {
		if err != nil {
			f.u.showError(lang.L("无法打开文件夹"), err)
			return
		}
		if l != nil {
			f.folder.SetText(l.Path())
		}
	}, f.u.win)
	if l, err := storage.ListerForURI(storage.NewFileURI(strings.TrimSpace(f.folder.Text))); err == nil {
		d.SetLocation(l)
	}
	d.SetTitleText(lang.L("选择保存的文件夹"))
	d.SetConfirmText(lang.L("选择"))
	f.u.showFileDialog(d)
}

// checkNewFile refuses a target that exists (a project above all) or is the
// open project, and a folder that does not exist.
func (u *UI) checkNewFile(path string) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	if u.proj != nil && samePath(abs, u.proj.Store.Path()) {
		return fmt.Errorf(lang.L("%s 是当前打开的项目，不能写到它上面；请换一个文件名。"), abs)
	}
	dir := filepath.Dir(abs)
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return fmt.Errorf(lang.L("文件夹 %s 不存在，请先选择一个已有的文件夹。"), dir)
	}
	fi, err := os.Lstat(abs)
	switch {
	case err == nil && fi.IsDir():
		return fmt.Errorf(lang.L("%s 是一个文件夹，请换一个文件名。"), abs)
	case err == nil && isProjectFile(abs):
		return fmt.Errorf(lang.L("%s 是一个已有的项目，不会被覆盖；请换一个文件名。"), abs)
	case err == nil:
		return fmt.Errorf(lang.L("文件 %s 已存在，不会被覆盖；请换一个文件名。"), abs)
	case !errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf(lang.L("无法检查文件 %s：%v"), abs, err)
	}
	return nil
}

// samePath reports whether two paths name the same file (after resolving
// symbolic links where they exist).
func samePath(a, b string) bool {
	norm := func(p string) string {
		if abs, err := filepath.Abs(p); err == nil {
			p = abs
		}
		if r, err := filepath.EvalSymlinks(p); err == nil {
			p = r
		}
		return filepath.Clean(p)
	}
	x, y := norm(a), norm(b)
	if x == y {
		return true
	}
	fx, err1 := os.Stat(x)
	fy, err2 := os.Stat(y)
	return err1 == nil && err2 == nil && os.SameFile(fx, fy)
}

// isProjectFile reports whether a file starts like an SQLite database.
func isProjectFile(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	head := make([]byte, 16)
	_, err = io.ReadFull(f, head)
	// Read only: a failed Close loses nothing, but only a clean read says
	// what the file is. Either answer refuses the file as a target.
	cerr := f.Close()
	return err == nil && cerr == nil && bytes.Equal(head, []byte("SQLite format 3\x00"))
}

// documentsDir is the user's Documents folder (where files the office keeps
// go by default), or the home folder when there is none.
func documentsDir() string {
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	for _, name := range []string{"Documents", "文档", "My Documents"} {
		d := filepath.Join(home, name)
		if fi, err := os.Stat(d); err == nil && fi.IsDir() {
			return d
		}
	}
	return home
}

// keepDir is the default folder for a file the office keeps (backup,
// export): the project's folder, or Documents for the demo project, whose
// folder is temporary.
func (u *UI) keepDir() string {
	if u.proj == nil || u.proj.Demo {
		return documentsDir()
	}
	return filepath.Dir(u.proj.Store.Path())
}
