package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// newSelect is a drop-down with a Chinese placeholder (Fyne's own,
// "(Select one)", has no translation key).
func newSelect(options []string, changed func(string)) *widget.Select {
	s := widget.NewSelect(options, changed)
	s.PlaceHolder = lang.L("（请选择）")
	return s
}

// fixedWidth lays out its objects filling the space it gets, and asks for
// the same width whatever they show (a side panel that does not jump).
type fixedWidth float32

func (w fixedWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var h float32
	for _, o := range objs {
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(float32(w), h)
}

func (w fixedWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// windowShortcut reports whether a shortcut is one of the window's own
// (Ctrl+1…9, Ctrl+F, Ctrl+S), which must work while a text field has the
// keyboard.
func windowShortcut(sc fyne.Shortcut) bool {
	cs, ok := sc.(*desktop.CustomShortcut)
	if !ok || cs.Modifier != fyne.KeyModifierShortcutDefault {
		return false
	}
	switch cs.KeyName {
	case fyne.KeyF, fyne.KeyS, fyne.Key1, fyne.Key2, fyne.Key3, fyne.Key4, fyne.Key5,
		fyne.Key6, fyne.Key7, fyne.Key8, fyne.Key9:
		return true
	}
	return false
}

// forwardShortcut hands a window shortcut to the canvas of o.
func forwardShortcut(o fyne.CanvasObject, sc fyne.Shortcut) bool {
	if !windowShortcut(sc) {
		return false
	}
	c, ok := fyne.CurrentApp().Driver().CanvasForObject(o).(interface{ TypedShortcut(fyne.Shortcut) })
	if !ok {
		return false
	}
	c.TypedShortcut(sc)
	return true
}

// textEntry is a text field that lets the window's shortcuts through (a
// plain Entry swallows Ctrl+1…9 and Ctrl+F).
type textEntry struct {
	widget.Entry
}

// newEntry is a one-line text field.
func newEntry() *textEntry {
	e := &textEntry{}
	e.ExtendBaseWidget(e)
	return e
}

// newMultiLineEntry is a text field for several lines.
func newMultiLineEntry() *textEntry {
	e := &textEntry{}
	e.MultiLine = true
	e.Wrapping = fyne.TextWrap(fyne.TextTruncateClip) // as widget.NewMultiLineEntry
	e.ExtendBaseWidget(e)
	return e
}

// TypedShortcut passes the window's shortcuts on to the window.
func (e *textEntry) TypedShortcut(sc fyne.Shortcut) {
	if !forwardShortcut(e, sc) {
		e.Entry.TypedShortcut(sc)
	}
}
