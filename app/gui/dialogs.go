package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Message dialogs of the window. Fyne's own (dialog.ShowConfirm,
// ShowInformation) wrap Chinese at any character and answer the mouse only;
// these wrap their message like wrapLabel and answer the keyboard: the
// focused button takes Enter or Space, Tab moves between the buttons, and
// Esc always dismisses.

// keyButton is a dialog button that Enter presses too, and on which Esc
// dismisses the dialog.
type keyButton struct {
	widget.Button
	esc func()
}

func newKeyButton(text string, icon fyne.Resource, tapped func()) *keyButton {
	b := &keyButton{}
	b.Text, b.Icon, b.OnTapped = text, icon, tapped
	b.ExtendBaseWidget(b)
	return b
}

// TypedKey presses the button on Enter and dismisses the dialog on Esc.
func (b *keyButton) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		if !b.Disabled() && b.OnTapped != nil {
			b.OnTapped()
		}
	case fyne.KeyEscape:
		if b.esc != nil {
			b.esc()
		}
	default:
		b.Button.TypedKey(ev)
	}
}

// messageWidth is the width of a message dialog: wide enough for a short
// message on one line, at most 600 and 90 % of the window.
func (u *UI) messageWidth(message string) float32 {
	w := widget.NewLabel(message).MinSize().Width + 4*theme.Padding()
	w = fyne.Min(w, 600)
	if ws := u.win.Canvas().Size().Width; ws > 0 {
		w = fyne.Min(w, ws*0.9)
	}
	return fyne.Max(w, 280)
}

// askConfirm shows message with a confirm and a dismiss button; fn gets
// whether the person confirmed. The dismiss button has the keyboard first
// when safe is set (Enter then does nothing irreversible), the confirm
// button otherwise. Esc dismisses.
func (u *UI) askConfirm(title, message, confirm, dismiss string, safe bool, fn func(ok bool)) dialog.Dialog {
	var d *dialog.CustomDialog
	answered := false
	answer := func(ok bool) {
		if answered {
			return
		}
		answered = true
		d.Hide()
		if fn != nil {
			fn(ok)
		}
	}
	yes := newKeyButton(confirm, theme.ConfirmIcon(), func() { answer(true) })
	yes.Importance = widget.HighImportance
	no := newKeyButton(dismiss, theme.CancelIcon(), func() { answer(false) })
	yes.esc, no.esc = no.OnTapped, no.OnTapped
	d = u.messageDialog(title, message, container.NewCenter(container.NewHBox(no, yes)))
	d.SetOnClosed(func() { answer(false) })
	d.Show()
	escDismisses(u.win.Canvas(), d, no.OnTapped)
	if safe {
		u.win.Canvas().Focus(no)
	} else {
		u.win.Canvas().Focus(yes)
	}
	return d
}

// inform shows message with a 确定 button that Enter and Esc press too.
func (u *UI) inform(title, message string) dialog.Dialog {
	var d *dialog.CustomDialog
	ok := newKeyButton(lang.L("确定"), theme.ConfirmIcon(), func() { d.Hide() })
	ok.esc = ok.OnTapped
	d = u.messageDialog(title, message, container.NewCenter(ok))
	d.Show()
	escDismisses(u.win.Canvas(), d, ok.OnTapped)
	u.win.Canvas().Focus(ok)
	return d
}

// messageDialog lays out a wrapped message above the buttons, sized for
// the message.
func (u *UI) messageDialog(title, message string, buttons fyne.CanvasObject) *dialog.CustomDialog {
	w := u.messageWidth(message)
	text := newWrapLabel(message)
	text.Alignment = fyne.TextAlignCenter
	text.Resize(fyne.NewSize(w-2*theme.Padding(), 0)) // lines and height for that width
	body := container.NewBorder(nil, container.NewPadded(buttons), nil, nil, text)
	d := dialog.NewCustomWithoutButtons(title, body, u.win)
	d.Resize(fyne.NewSize(w+2*theme.Padding(), 0))
	return d
}

// escDismisses makes Esc run dismiss while d is shown and nothing in it
// has the keyboard.
func escDismisses(c fyne.Canvas, d dialog.Dialog, dismiss func()) {
	prev := c.OnTypedKey()
	c.SetOnTypedKey(func(k *fyne.KeyEvent) {
		if k.Name == fyne.KeyEscape {
			dismiss()
			return
		}
		if prev != nil {
			prev(k)
		}
	})
	d.SetOnClosed(func() { c.SetOnTypedKey(prev) })
}
