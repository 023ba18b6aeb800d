package gui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// placeNames are the Chinese names of the places Fyne's file dialog lists on
// its left; Fyne writes them in English and offers no translation key.
var placeNames = map[string]string{
	"Home":      "主文件夹",
	"Documents": "文档",
	"Downloads": "下载",
	"Desktop":   "桌面",
	"Music":     "音乐",
	"Pictures":  "图片",
	"Videos":    "视频",
	"Movies":    "视频",
	"Computer":  "计算机",
	"App Files": "程序文件",
}

// showFileDialog shows one of Fyne's open or folder dialogs sized to fit the
// window and with the names of its places in Chinese. (Save dialogs are not
// used: see askNewFile.)
func (u *UI) showFileDialog(d *dialog.FileDialog) {
	size := fyne.NewSize(900, 600)
	if ws := u.win.Canvas().Size(); ws.Width > 0 {
		size = size.Min(ws.SubtractWidthHeight(40, 40))
	}
	d.Resize(size)
	d.Show()
	if top, ok := u.win.Canvas().Overlays().Top().(*widget.PopUp); ok {
		localizeTree(top.Content)
	}
}

// localizeTree walks the objects of a dialog and makes the lists among them
// show place names in Chinese.
func localizeTree(o fyne.CanvasObject) {
	switch o := o.(type) {
	case *fyne.Container:
		for _, c := range o.Objects {
			localizeTree(c)
		}
	case *container.Split:
		localizeTree(o.Leading)
		localizeTree(o.Trailing)
	case *container.Scroll:
		localizeTree(o.Content)
	case *widget.List:
		update := o.UpdateItem
		if update == nil {
			return
		}
		o.UpdateItem = func(id widget.ListItemID, item fyne.CanvasObject) {
			update(id, item)
			localizeLabels(item)
		}
		o.Refresh()
	}
}

// localizeLabels replaces place names in the labels of a list item.
func localizeLabels(o fyne.CanvasObject) {
	switch o := o.(type) {
	case *fyne.Container:
		for _, c := range o.Objects {
			localizeLabels(c)
		}
	case *widget.Label:
		if zh, ok := placeNames[o.Text]; ok {
			o.SetText(zh)
		}
	}
}

// pickedPath is the path of a file chosen in an open dialog, which opened
// it for reading: the file is closed, only its path is used.
func pickedPath(r fyne.URIReadCloser) (string, error) {
	path := r.URI().Path()
	if err := r.Close(); err != nil {
		return "", fmt.Errorf(lang.L("无法读取所选文件 %s：%w"), path, err)
	}
	return path, nil
}
