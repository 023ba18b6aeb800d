package gui

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// openerCommand is the command that opens a file or folder with the
// system's default program (tests replace it).
var openerCommand = func(path string) *exec.Cmd {
	switch runtime.GOOS {
	case "windows":
		return exec.Command("rundll32", "url.dll,FileProtocolHandler", path)
	case "darwin":
		return exec.Command("open", path)
	default:
		return exec.Command("xdg-open", path)
	}
}

// openPath opens a file or folder with the system's default program. The
// opener is waited for (no defunct process is left); when it cannot start,
// or fails (on Windows the exit code says nothing and is not used), a dialog
// says so, shows the path and offers to copy it.
func (u *UI) openPath(path string) {
	if _, err := os.Stat(path); err != nil {
		u.showOpenFailed(path, fmt.Errorf(lang.L("找不到 %s"), path))
		return
	}
	cmd := openerCommand(path)
	if err := cmd.Start(); err != nil {
		u.showOpenFailed(path, err)
		return
	}
	u.openers.Add(1)
	go func() {
		defer u.openers.Done()
		err := cmd.Wait()
		if err == nil || runtime.GOOS == "windows" {
			return
		}
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			err = fmt.Errorf(lang.L("系统打开程序 %s 返回错误（退出码 %d）"), cmd.Args[0], exit.ExitCode())
		}
		fyne.Do(func() { u.showOpenFailed(path, err) })
	}()
}

// showOpenFailed says that a file or folder could not be opened, shows its
// path and offers to copy it.
func (u *UI) showOpenFailed(path string, err error) {
	msg := newWrapLabel(lang.L("无法用系统程序打开下面的文件或文件夹，请复制路径后在资源管理器中打开。") + "\n" + err.Error())
	where := newEntry()
	where.SetText(path)
	copied := widget.NewLabel("")
	cp := widget.NewButtonWithIcon(lang.L("复制路径"), theme.ContentCopyIcon(), func() {
		u.app.Clipboard().SetContent(path)
		copied.SetText(lang.L("已复制。"))
	})
	body := container.NewVBox(msg, container.NewBorder(nil, nil, nil, cp, where), copied)
	d := dialog.NewCustom(lang.L("无法打开"), lang.L("关闭"), body, u.win)
	d.Resize(fyne.NewSize(min(640, u.win.Canvas().Size().Width-40), body.MinSize().Height+100))
	d.Show()
	u.lastOpenFailed = cp
}
