// Package gui is the desktop window of ecoreport, built with Fyne: a shell
// with a left navigation list and one screen per file (总览, 指标体系, 数据,
// 单位与分工, 设置, and the entries for 导入导出, 佐证材料, 报告). It reads
// and writes a project through the core (app/store, app/assess) via the small
// bridge in project.go, and never imports fyne.io/fyne/v2/app, so it builds
// and tests without cgo; cmd/ecoreport creates the Fyne app and hands it to Run.
package gui

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"ecoreport/app/store"
)

// AppName is the application's name in the title bar.
const AppName = "生态文明示范区创建助手"

// Options say what the window opens with.
type Options struct {
	// DB opens this project file; empty opens the last project, if any.
	DB string
	// Demo opens the embedded demo project (示例数据).
	Demo bool
	// Screen is the ID of the screen to show first (overview, catalog, data,
	// orgs, imports, evidence, milestones, reports, settings).
	Screen string
	// WorkArea is the usable part of the screen (without the task bar) in
	// Fyne's units; zero when unknown. The window is sized to fit in it.
	WorkArea fyne.Size
}

// defaultWindow is the window's size on a large screen.
var defaultWindow = fyne.NewSize(1280, 800)

// fitWindow is the window's content size on a screen whose usable area is
// work: the default size, made smaller to leave room for the title bar and
// the window's frame. Every screen is usable from 1008×688 (1024×768 with a
// task bar) up.
func fitWindow(work fyne.Size) fyne.Size {
	if work.Width <= 0 || work.Height <= 0 {
		return defaultWindow
	}
	return defaultWindow.Min(work.SubtractWidthHeight(16, 80))
}

// UI is the main window and the open project.
type UI struct {
	app  fyne.App
	win  fyne.Window
	opts Options

	proj  *Project
	shell *shell

	// bg runs slow work off the UI thread; tests replace it to run work
	// synchronously.
	bg func(func())

	// lastOpenFailed is the copy button of the latest "无法打开" dialog
	// (tests).
	lastOpenFailed *widget.Button
	// openers counts the goroutines waiting for a system opener to exit
	// (tests wait for them before they look at the window).
	openers sync.WaitGroup
}

// Run applies the theme and language, builds the main window, opens the
// project the options ask for and runs the app until the window is closed.
func Run(a fyne.App, opts Options) {
	u := New(a, opts)
	u.win.ShowAndRun()
	if err := u.closeProject(); err != nil {
		fyne.LogError("", err) // the window is gone: the log is the only place left
	}
}

// New builds the main window (not shown yet) and starts opening the project
// the options ask for, or the last one used.
func New(a fyne.App, opts Options) *UI {
	u := newUI(a, opts, runBackground)
	switch {
	case opts.Demo:
		u.openDemo()
	case opts.DB != "":
		u.openFile(opts.DB)
	default:
		if last := u.recent(); len(last) > 0 {
			if _, err := os.Stat(last[0]); err == nil {
				u.openFile(last[0])
				break
			}
		}
		u.shell.showStart()
	}
	return u
}

// newUI builds the window with bg as the runner of slow work.
func newUI(a fyne.App, opts Options, bg func(func())) *UI {
	SetupLanguage()
	a.Settings().SetTheme(NewTheme())
	u := &UI{app: a, opts: opts, bg: bg}
	if a.Icon() == nil {
		a.SetIcon(appIcon)
	}
	u.win = a.NewWindow(AppName)
	u.win.Resize(fitWindow(opts.WorkArea))
	u.win.SetMaster()
	u.shell = newShell(u)
	u.win.SetContent(u.shell.root)
	u.shell.addShortcuts(u.win.Canvas())
	return u
}

// Window returns the main window.
func (u *UI) Window() fyne.Window { return u.win }

// Project returns the open project, or nil.
func (u *UI) Project() *Project { return u.proj }

// actor is the name recorded with the changes made in this window.
func (u *UI) actor() string {
	if n := u.app.Preferences().StringWithFallback(prefActor, ""); n != "" {
		return n
	}
	return "创建办"
}

const (
	prefRecent = "recent_projects"
	prefActor  = "actor"
	maxRecent  = 8
)

// recent lists the project files opened lately, newest first.
func (u *UI) recent() []string {
	return u.app.Preferences().StringList(prefRecent)
}

func (u *UI) remember(path string) {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	list := []string{abs}
	for _, p := range u.recent() {
		if p != abs && len(list) < maxRecent {
			list = append(list, p)
		}
	}
	u.app.Preferences().SetStringList(prefRecent, list)
}

// work runs fn off the UI thread with a progress dialog titled what, then
// done on the UI thread with fn's error.
func (u *UI) work(what string, fn func() error, done func(error)) {
	prog := dialog.NewCustomWithoutButtons(what, newActivity(), u.win)
	prog.Show()
	u.bg(func() {
		err := fn()
		fyne.Do(func() {
			prog.Hide()
			if done != nil {
				done(err)
			}
		})
	})
}

// showError shows an error in a plain Chinese dialog.
func (u *UI) showError(what string, err error) {
	msg := err.Error()
	if errors.Is(err, store.ErrBusy) {
		msg = lang.L("数据库正被另一个程序（或另一个窗口）写入。") + "\n" +
			lang.L("请关闭另一个窗口或稍等片刻后再试；您输入的内容仍保留在原处。")
	}
	if what != "" {
		msg = what + "：\n" + msg
	}
	u.inform(lang.L("出错了"), msg)
}

// openFile opens a project file in the background.
func (u *UI) openFile(path string) {
	var p *Project
	u.work(lang.L("正在打开项目…"), func() (err error) {
		p, err = OpenProject(path)
		return err
	}, func(err error) {
		if err != nil {
			u.showError(fmt.Sprintf(lang.L("无法打开项目 %s"), filepath.Base(path)), err)
			if u.proj == nil {
				u.shell.showStart()
			}
			return
		}
		u.remember(path)
		u.setProject(p)
	})
}

// openDemo opens the embedded demo project in the background.
func (u *UI) openDemo() {
	var p *Project
	u.work(lang.L("正在打开示例项目…"), func() (err error) {
		p, err = OpenDemoProject()
		return err
	}, func(err error) {
		if err != nil {
			u.showError(lang.L("无法打开示例项目"), err)
			u.shell.showStart()
			return
		}
		u.setProject(p)
	})
}

// createProject makes a new project from a catalog file (YAML) with the
// given settings. store.Create writes beside path and refuses an existing
// file.
func (u *UI) createProject(path string, catalogYAML []byte, st *store.Settings) {
	var p *Project
	u.work(lang.L("正在新建项目…"), func() error {
		s, err := store.Create(path, catalogYAML, st)
		if err != nil {
			return err
		}
		p, err = newProject(s, false)
		return err
	}, func(err error) {
		if err != nil {
			u.showError(lang.L("无法新建项目"), err)
			return
		}
		u.remember(path)
		u.setProject(p)
	})
}

// setProject makes p the open project and shows it.
func (u *UI) setProject(p *Project) {
	if err := u.closeProject(); err != nil {
		u.showError(lang.L("关闭原项目时出错"), err)
	}
	u.proj = p
	u.updateTitle()
	u.shell.showProject(u.opts.Screen)
	u.opts.Screen = ""
}

// closeProject closes the open project, if any. Every change was committed
// by its own transaction; a failed close is reported (the file may still be
// locked, or the demo's temporary copy left behind).
func (u *UI) closeProject() error {
	if u.proj == nil {
		return nil
	}
	path := u.proj.Store.Path()
	err := u.proj.Close()
	u.proj = nil
	if err != nil {
		return fmt.Errorf(lang.L("关闭项目 %s 时出错：%w"), path, err)
	}
	return nil
}

func (u *UI) updateTitle() {
	t := AppName
	if u.proj != nil {
		a := u.proj.Assessment()
		t = a.Settings.Name + " — " + AppName
		if u.proj.Sample() {
			t = "【" + lang.L("示例数据") + "】" + t
		}
	}
	u.win.SetTitle(t)
}

// changed is called on the UI thread after the project's data changed:
// every screen redraws from the new snapshot.
func (u *UI) changed() {
	u.updateTitle()
	u.shell.reload()
}
