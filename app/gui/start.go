package gui

import (
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"ecoreport/assets"
)

// appIcon is shown on the start page and used as the window icon.
var appIcon = fyne.NewStaticResource("icon.png", assets.Icon())

// newStartPage is shown when no project is open: create a project, open one,
// open the demo, or pick a recent one.
func newStartPage(u *UI) fyne.CanvasObject {
	title := canvas.NewText(AppName, colorPrimary)
	title.TextSize = 28
	title.TextStyle.Bold = true
	sub := widget.NewLabel(lang.L("国家生态文明建设示范区创建：指标体系、数据收集、达标判断与申报材料"))

	newBtn := widget.NewButtonWithIcon(lang.L("新建项目…"), theme.ContentAddIcon(), func() { chooseNewProject(u) })
	newBtn.Importance = widget.HighImportance
	openBtn := widget.NewButtonWithIcon(lang.L("打开项目…"), theme.FolderOpenIcon(), func() { chooseProject(u) })
	demoBtn := widget.NewButtonWithIcon(lang.L("打开示例项目（示例数据）"), theme.InfoIcon(), func() { u.openDemo() })

	icon := canvas.NewImageFromResource(appIcon)
	icon.FillMode = canvas.ImageFillContain
	icon.SetMinSize(fyne.NewSize(72, 72))

	recent := container.NewVBox()
	if u.proj != nil {
		back := widget.NewButtonWithIcon(lang.L("返回当前项目：")+u.proj.Assessment().Settings.Name, theme.NavigateBackIcon(), func() {
			u.shell.showBody()
		})
		back.Alignment = widget.ButtonAlignLeading
		recent.Add(back)
	}
	if list := u.recent(); len(list) > 0 {
		recent.Add(widget.NewLabelWithStyle(lang.L("最近打开"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		for _, p := range list {
			p := p
			b := widget.NewButton(filepath.Base(p)+"  ("+filepath.Dir(p)+")", func() { u.openFile(p) })
			b.Alignment = widget.ButtonAlignLeading
			if _, err := os.Stat(p); err != nil {
				b.Disable()
			}
			recent.Add(b)
		}
	}
	box := container.NewVBox(container.NewBorder(nil, nil, icon, nil, container.NewVBox(title, sub)), widget.NewSeparator(),
		container.NewGridWithColumns(3, newBtn, openBtn, demoBtn), recent)
	return container.NewCenter(container.NewGridWrap(fyne.NewSize(760, box.MinSize().Height), box))
}

// chooseNewProject asks for the new project's file and its facts (name,
// district, years, catalog, 今天) in one short form, then creates it. The
// defaults come from the catalog; the file must not exist.
func chooseNewProject(u *UI) *newProjectForm {
	return u.newProjectForm()
}

// chooseProject asks for a project file and opens it.
func chooseProject(u *UI) {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			u.showError(lang.L("无法打开项目"), err)
			return
		}
		if r == nil {
			return
		}
		path, err := pickedPath(r)
		if err != nil {
			u.showError(lang.L("无法打开文件"), err)
			return
		}
		u.openFile(path)
	}, u.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".db"}))
	d.SetTitleText(lang.L("打开项目"))
	u.showFileDialog(d)
}
