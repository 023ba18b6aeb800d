package gui

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"ecoreport/app/catalog"
	"ecoreport/app/store"
)

// tapCell clicks once on a grid cell, at the crossing of its indicator
// label and its year header, as a person would.
func tapCell(t *testing.T, u *UI, g *dataScreen, id widget.TableCellID) {
	t.Helper()
	g.table.ScrollTo(id)
	rowText, _, _ := g.cellText(widget.TableCellID{Row: id.Row, Col: colIndicator})
	header := widget.NewLabel("")
	g.updateHeader(widget.TableCellID{Row: -1, Col: id.Col}, header)
	var x, y float32 = -1, -1
	walkPositions(g.table, fyne.NewPos(0, 0), func(o fyne.CanvasObject, at fyne.Position) {
		l, ok := o.(*widget.Label)
		if !ok || !l.Visible() {
			return
		}
		switch l.Text {
		case rowText:
			y = at.Y + l.Size().Height/2
		case header.Text:
			x = at.X + l.Size().Width/2
		}
	})
	if x < 0 || y < 0 {
		t.Fatalf("cell %v (%q, %q) is not on screen", id, rowText, header.Text)
	}
	abs := fyne.CurrentApp().Driver().AbsolutePositionForObject(g.table)
	test.TapCanvas(u.win.Canvas(), abs.AddXY(x, y))
}

// walkPositions calls fn for every visible object under o with its
// position relative to the object walked from.
func walkPositions(o fyne.CanvasObject, at fyne.Position, fn func(fyne.CanvasObject, fyne.Position)) {
	if !o.Visible() {
		return
	}
	fn(o, at)
	var kids []fyne.CanvasObject
	switch w := o.(type) {
	case *fyne.Container:
		kids = w.Objects
	case fyne.Widget:
		kids = test.WidgetRenderer(w).Objects()
	}
	for _, k := range kids {
		walkPositions(k, at.Add(k.Position()), fn)
	}
}

// typeKey sends a key to what has the keyboard.
func typeKey(t *testing.T, u *UI, k fyne.KeyName) {
	t.Helper()
	f := u.win.Canvas().Focused()
	if f == nil {
		t.Fatalf("nothing has the keyboard for %s", k)
	}
	f.TypedKey(&fyne.KeyEvent{Name: k})
}

// typeText types to what has the keyboard, as the window's driver does.
func typeText(t *testing.T, u *UI, s string) {
	t.Helper()
	for _, r := range s {
		f := u.win.Canvas().Focused()
		if f == nil {
			t.Fatalf("nothing has the keyboard for %q", r)
		}
		f.TypedRune(r)
	}
}

// lastEvent is the newest recorded value of a cell, from the database.
func lastEvent(t *testing.T, u *UI, code string, year int) (value, origin string, n int) {
	t.Helper()
	evs, err := u.proj.Store.History(code, year)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range evs {
		if e.Field == catalog.FieldValue {
			value, origin = e.Value, e.Origin
			n++
		}
	}
	return value, origin, n
}

// TestSingleClickTypeCommits: whatever ends the typing (Enter, Tab, arrows,
// a click elsewhere, another screen), one click and typing records the value.
func TestSingleClickTypeCommits(t *testing.T) {
	cases := []struct {
		name  string
		typed string
		end   func(t *testing.T, u *UI, g *dataScreen)
	}{
		{"Enter", "31", func(t *testing.T, u *UI, g *dataScreen) { typeKey(t, u, fyne.KeyReturn) }},
		{"Tab", "32", func(t *testing.T, u *UI, g *dataScreen) { typeKey(t, u, fyne.KeyTab) }},
		{"Down", "33", func(t *testing.T, u *UI, g *dataScreen) { typeKey(t, u, fyne.KeyDown) }},
		{"Up", "34", func(t *testing.T, u *UI, g *dataScreen) { typeKey(t, u, fyne.KeyUp) }},
		{"focus to search", "35", func(t *testing.T, u *UI, g *dataScreen) { test.Tap(g.find) }},
		{"click another cell", "36", func(t *testing.T, u *UI, g *dataScreen) {
			tapCell(t, u, g, cellFor(t, g, "2", 2016))
		}},
		{"other screen", "37", func(t *testing.T, u *UI, g *dataScreen) { u.ShowScreen("overview") }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			u := newTestUI(t)
			u.win.Resize(fyne.NewSize(1366, 768))
			u.ShowScreen("data")
			g := u.shell.built["data"].(*dataScreen)
			id := cellFor(t, g, "2", 2017)
			_, _, before := lastEvent(t, u, "2", 2017)
			tapCell(t, u, g, id)
			if g.editing == nil || *g.editing != id {
				t.Fatalf("one click did not open the editor of %v", id)
			}
			if u.win.Canvas().Focused() != g.entry {
				t.Fatalf("after one click the keyboard is at %T, not in the cell's editor", u.win.Canvas().Focused())
			}
			typeText(t, u, tc.typed)
			tc.end(t, u, g)
			v, origin, n := lastEvent(t, u, "2", 2017)
			if v != tc.typed || origin != "gui" || n != before+1 {
				t.Errorf("database: last value %q (%s), %d events; want %q from the window, %d events", v, origin, n, tc.typed, before+1)
			}
		})
	}
}

// TestKeyboardIntoCell: with the grid focused, Enter opens the focused
// cell's editor and typing starts a new value.
func TestKeyboardIntoCell(t *testing.T) {
	u := newTestUI(t)
	u.win.Resize(fyne.NewSize(1366, 768))
	u.ShowScreen("data")
	g := u.shell.built["data"].(*dataScreen)
	id := cellFor(t, g, "2", 2017)
	tapCell(t, u, g, id)
	typeKey(t, u, fyne.KeyEscape) // leaves the editor; the grid keeps the keyboard
	if g.editing != nil {
		t.Fatal("Esc did not leave the editor")
	}
	if u.win.Canvas().Focused() != g.table {
		t.Fatalf("after Esc the keyboard is at %T, want the grid", u.win.Canvas().Focused())
	}
	typeKey(t, u, fyne.KeyReturn)
	if g.editing == nil || *g.editing != id || u.win.Canvas().Focused() != g.entry {
		t.Fatalf("Enter on the grid did not open the editor of %v", id)
	}
	typeKey(t, u, fyne.KeyEscape)
	// Typing on the focused grid replaces the value.
	typeText(t, u, "41")
	if g.entry.Text != "41" {
		t.Fatalf("editor shows %q after typing 41 on the grid", g.entry.Text)
	}
	typeKey(t, u, fyne.KeyReturn)
	if v, _, _ := lastEvent(t, u, "2", 2017); v != "41" {
		t.Errorf("database: last value %q, want 41", v)
	}
	// The editor moved down after Enter and has the keyboard: type again.
	if g.editing == nil || g.editing.Row <= id.Row || u.win.Canvas().Focused() != g.editor().(fyne.Focusable) {
		t.Fatalf("after Enter the editor did not move down with the keyboard: editing %v, focus %T", g.editing, u.win.Canvas().Focused())
	}
}

// TestSelectCellTabMovesRight: Tab in a drop-down cell moves to the next
// year.
func TestSelectCellTabMovesRight(t *testing.T) {
	u := newTestUI(t)
	u.win.Resize(fyne.NewSize(1366, 768))
	u.ShowScreen("data")
	g := u.shell.built["data"].(*dataScreen)
	id := cellFor(t, g, "1", 2015)
	tapCell(t, u, g, id)
	if u.win.Canvas().Focused() != g.sel {
		t.Fatalf("the drop-down does not have the keyboard")
	}
	typeKey(t, u, fyne.KeyTab)
	want := id
	want.Col++
	if g.editing == nil || *g.editing != want {
		t.Errorf("Tab in a drop-down cell: editing %v, want %v", g.editing, want)
	}
}

// dialogButton finds a button by its text in the dialog on top.
func dialogButton(t *testing.T, u *UI, text string) *widget.Button {
	t.Helper()
	top := u.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatalf("no dialog open, looking for %q", text)
	}
	var found *widget.Button
	walkPositions(top, fyne.NewPos(0, 0), func(o fyne.CanvasObject, _ fyne.Position) {
		if b := asButton(o); b != nil && b.Text == text && found == nil {
			found = b
		}
	})
	if found == nil {
		t.Fatalf("no button %q in the dialog", text)
	}
	return found
}

// TestGridAsksBeforeImplausibleValue: a number 10× off the value it
// replaces is written only after the person confirms it in a dialog.
func TestGridAsksBeforeImplausibleValue(t *testing.T) {
	u := newTestUI(t)
	u.win.Resize(fyne.NewSize(1366, 768))
	u.ShowScreen("data")
	g := u.shell.built["data"].(*dataScreen)
	id := cellFor(t, g, "2", 2017)
	old, _ := u.proj.Assessment().Values.Get("2", 2017)
	if !old.IsNum || old.Num == 0 {
		t.Fatalf("demo 2/2017 = %v, want a number", old)
	}
	typed := strconv.FormatFloat(old.Num/10, 'f', -1, 64)
	_, _, before := lastEvent(t, u, "2", 2017)

	tapCell(t, u, g, id)
	typeText(t, u, typed)
	typeKey(t, u, fyne.KeyReturn)
	if u.win.Canvas().Overlays().Top() == nil {
		t.Fatal("no dialog asks to confirm a value a tenth of the old one")
	}
	var texts []string
	walkPositions(u.win.Canvas().Overlays().Top(), fyne.NewPos(0, 0), func(o fyne.CanvasObject, _ fyne.Position) {
		texts = append(texts, textsOf(o)...)
	})
	if texts := strings.Join(texts, " "); !strings.Contains(texts, "相差约 10 倍") || !strings.Contains(texts, "数值待确认") {
		t.Errorf("the dialog does not say why: %s", texts)
	}
	test.Tap(dialogButton(t, u, "取消"))
	if _, _, n := lastEvent(t, u, "2", 2017); n != before {
		t.Fatalf("取消 wrote the value: %d events, want %d", n, before)
	}
	if g.editing == nil || *g.editing != id || g.entry.Text != typed {
		t.Fatalf("after 取消 the editor does not keep %q: editing %v, text %q", typed, g.editing, g.entry.Text)
	}

	typeKey(t, u, fyne.KeyReturn)
	test.Tap(dialogButton(t, u, "确认写入"))
	if _, origin, n := lastEvent(t, u, "2", 2017); n != before+1 || origin != "gui" {
		t.Errorf("确认写入: %d events (last from %s); want %d from the window", n, origin, before+1)
	}
	if v, _ := u.proj.Assessment().Values.Get("2", 2017); v.Num != old.Num/10 {
		t.Errorf("确认写入: 2/2017 = %v, want %v", v, old.Num/10)
	}
}

// TestShiftTabMovesLeft: Shift+Tab commits what was typed and moves the
// editor one year to the left, from a number cell and from a drop-down.
func TestShiftTabMovesLeft(t *testing.T) {
	u := newTestUI(t)
	u.win.Resize(fyne.NewSize(1366, 768))
	u.ShowScreen("data")
	g := u.shell.built["data"].(*dataScreen)
	shiftTab := func() {
		f := u.win.Canvas().Focused()
		k, ok := f.(desktop.Keyable)
		if !ok {
			t.Fatalf("%T does not take key presses", f)
		}
		// The window's driver: Shift down, Tab typed, Shift up.
		k.KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
		f.TypedKey(&fyne.KeyEvent{Name: fyne.KeyTab})
		if k, ok := u.win.Canvas().Focused().(desktop.Keyable); ok {
			k.KeyUp(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
		}
	}
	id := cellFor(t, g, "2", 2017)
	_, _, before := lastEvent(t, u, "2", 2017)
	tapCell(t, u, g, id)
	typeText(t, u, "24")
	shiftTab()
	if v, _, n := lastEvent(t, u, "2", 2017); v != "24" || n != before+1 {
		t.Errorf("Shift+Tab did not commit: last value %q, %d events", v, n)
	}
	want := id
	want.Col--
	if g.editing == nil || *g.editing != want {
		t.Fatalf("Shift+Tab: editing %v, want %v", g.editing, want)
	}
	// Tab without Shift moves right again.
	typeKey(t, u, fyne.KeyTab)
	if g.editing == nil || *g.editing != id {
		t.Errorf("Tab after Shift+Tab: editing %v, want %v", g.editing, id)
	}
	// In a drop-down cell.
	sel := cellFor(t, g, "1", 2016)
	tapCell(t, u, g, sel)
	if u.win.Canvas().Focused() != g.sel {
		t.Fatal("the drop-down does not have the keyboard")
	}
	shiftTab()
	want = sel
	want.Col--
	if g.editing == nil || *g.editing != want {
		t.Errorf("Shift+Tab in a drop-down: editing %v, want %v", g.editing, want)
	}
}

// TestHistorySourceOnlyChange: an entry that kept the value and recorded
// a new 数据来源 (an import or set of the same number with another source)
// says so in the cell's 修改记录, from which source to which, not
// "100 → 100".
func TestHistorySourceOnlyChange(t *testing.T) {
	u := newTestUI(t)
	k := catalog.ValueKey{Code: "8", Year: 2015, Field: catalog.FieldValue}
	prov, _ := u.proj.Store.CurrentProvenance()
	oldSource := prov[k].Source
	if oldSource == "" {
		t.Fatal("the demo's 8/2015 has no 数据来源")
	}
	const newSource = "泰州市海陵生态环境局政府信息公开工作年度报告"
	ch, err := u.proj.Store.SetValue(context.Background(), store.Change{Code: "8", Year: 2015, Raw: "100",
		Provenance: store.Provenance{Actor: "张三", Origin: "cli", Source: newSource}})
	if err != nil || !ch.Written {
		t.Fatalf("the new source was not recorded: %+v, %v", ch, err)
	}
	if err := u.proj.Reload(); err != nil {
		t.Fatal(err)
	}
	u.changed()
	u.ShowScreen("data")
	g := u.shell.built["data"].(*dataScreen)
	g.table.Select(cellFor(t, g, "8", 2015))
	var texts []string
	walkPositions(g.side, fyne.NewPos(0, 0), func(o fyne.CanvasObject, _ fyne.Position) {
		if l, ok := o.(*wrapLabel); ok {
			texts = append(texts, zh(l.Text))
		}
	})
	side := strings.Join(texts, "\n")
	want := "100，数值未变；数据来源由“" + zh(oldSource) + "”改为“" + newSource + "”"
	if !strings.Contains(side, want) {
		t.Errorf("修改记录 does not say %q:\n%s", want, side)
	}
	if strings.Contains(side, "100 → 100") {
		t.Error("修改记录 shows the source change as 100 → 100")
	}
}
