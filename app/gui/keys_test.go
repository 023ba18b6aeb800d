package gui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

func ctrl(k fyne.KeyName) fyne.Shortcut {
	return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault}
}

// TestShortcutsInTextField: Ctrl+1…9 switch screens while a text field has
// the keyboard; Ctrl+F selects the last search so that typing replaces it;
// Esc closes the error dialog.
func TestShortcutsInTextField(t *testing.T) {
	u := newTestUI(t)
	c := u.win.Canvas()
	u.ShowScreen("data")
	g := u.shell.built["data"].(*dataScreen)
	c.Focus(g.find)
	typeText(t, u, "36")
	c.Focused().(fyne.Shortcutable).TypedShortcut(ctrl(fyne.KeyF))
	typeText(t, u, "12")
	if g.find.Text != "12" {
		t.Errorf("after Ctrl+F and 12 the search field holds %q, want 12", g.find.Text)
	}
	typeKey(t, u, fyne.KeyReturn) // 12 森林覆盖率: found, no dialog
	if n := len(c.Overlays().List()); n != 0 {
		t.Fatalf("searching 12 opened %d dialogs", n)
	}
	g.jump("不存在的指标")
	if len(c.Overlays().List()) != 1 {
		t.Fatal("no error dialog for a search without result")
	}
	c.OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if len(c.Overlays().List()) != 0 {
		t.Error("Esc does not close the error dialog")
	}

	// Ctrl+2 from a text field (the search field of the data screen).
	c.Focus(g.find)
	c.Focused().(fyne.Shortcutable).TypedShortcut(ctrl(fyne.Key2))
	if got := u.CurrentScreen(); got != "catalog" {
		t.Errorf("Ctrl+2 in a text field: screen %q, want catalog", got)
	}
	// And from the grid's cell editor.
	u.ShowScreen("data")
	g.table.Select(cellFor(t, g, "2", 2017))
	c.Focused().(fyne.Shortcutable).TypedShortcut(ctrl(fyne.Key1))
	if got := u.CurrentScreen(); got != "overview" {
		t.Errorf("Ctrl+1 in a cell editor: screen %q, want overview", got)
	}
}
