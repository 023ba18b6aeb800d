package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// placeholder is the screen of a feature whose core is not wired yet.
type placeholder struct {
	root fyne.CanvasObject
}

func newPlaceholder(title, what string) *placeholder {
	l := widget.NewLabel(what)
	l.Wrapping = fyne.TextWrapWord
	note := widget.NewLabelWithStyle(lang.L("该功能将在下一版本接入"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	note.Importance = widget.WarningImportance
	return &placeholder{root: container.NewPadded(container.NewVBox(heading(title), note, l))}
}

func (p *placeholder) Content() fyne.CanvasObject { return p.root }
func (p *placeholder) Reload()                    {}
