package gui

import (
	"strconv"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// TestImplausibleValueKeyboard: the dialog that asks before writing an
// implausible value answers the keyboard with a safe default: Enter and
// Esc do not write (the editor keeps what was typed); Tab to 确认写入 and
// Enter writes.
func TestImplausibleValueKeyboard(t *testing.T) {
	u := newTestUI(t)
	u.win.Resize(fyne.NewSize(1366, 768))
	u.ShowScreen("data")
	g := u.shell.built["data"].(*dataScreen)
	id := cellFor(t, g, "2", 2017)
	old, _ := u.proj.Assessment().Values.Get("2", 2017)
	typed := strconv.FormatFloat(old.Num/10, 'f', -1, 64)
	_, _, before := lastEvent(t, u, "2", 2017)

	tapCell(t, u, g, id)
	typeText(t, u, typed)
	for _, k := range []fyne.KeyName{fyne.KeyReturn, fyne.KeyEscape} {
		typeKey(t, u, fyne.KeyReturn) // the cell's Enter: the dialog asks
		if u.win.Canvas().Overlays().Top() == nil {
			t.Fatal("no dialog asks to confirm a value a tenth of the old one")
		}
		shot(t, u, "implausible-dialog")
		if b, ok := u.win.Canvas().Focused().(*keyButton); !ok || b.Text != "取消" {
			t.Fatalf("the keyboard is on %T, want the 取消 button", u.win.Canvas().Focused())
		}
		typeKey(t, u, k)
		if u.win.Canvas().Overlays().Top() != nil {
			t.Fatalf("%s did not close the dialog", k)
		}
		if _, _, n := lastEvent(t, u, "2", 2017); n != before {
			t.Fatalf("%s wrote the value: %d events, want %d", k, n, before)
		}
		if g.editing == nil || *g.editing != id || g.entry.Text != typed {
			t.Fatalf("after %s the editor does not keep %q: editing %v, text %q", k, typed, g.editing, g.entry.Text)
		}
		if u.win.Canvas().Focused() == nil {
			t.Fatalf("after %s nothing has the keyboard", k)
		}
	}

	typeKey(t, u, fyne.KeyReturn)
	test.FocusNext(u.win.Canvas()) // Tab
	if b, ok := u.win.Canvas().Focused().(*keyButton); !ok || b.Text != "确认写入" {
		t.Fatalf("Tab moved the keyboard to %v, want 确认写入", u.win.Canvas().Focused())
	}
	typeKey(t, u, fyne.KeyReturn)
	if _, origin, n := lastEvent(t, u, "2", 2017); n != before+1 || origin != "gui" {
		t.Errorf("Enter on 确认写入: %d events (last from %s), want %d from the window", n, origin, before+1)
	}
	if v, _ := u.proj.Assessment().Values.Get("2", 2017); v.Num != old.Num/10 {
		t.Errorf("2/2017 = %v in the database, want %v", v, old.Num/10)
	}
}
