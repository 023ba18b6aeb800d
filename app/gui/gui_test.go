package gui

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"ecoreport/app/catalog"
	"ecoreport/app/eval"
	"ecoreport/app/store"
)

// newTestUI opens a fresh copy of the demo project in a test app, with slow
// work run synchronously and the clock of the store fixed.
func newTestUI(t testing.TB) *UI {
	t.Helper()
	a := test.NewTempApp(t)
	s, err := store.CreateDemo(filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	s.Now = func() time.Time { return time.Date(2018, 6, 1, 9, 0, 0, 0, time.FixedZone("CST", 8*3600)) }
	p, err := NewProjectFromStore(s)
	if err != nil {
		t.Fatal(err)
	}
	p.Demo = true
	u := newUI(a, Options{}, func(f func()) { f() })
	u.setProject(p)
	u.win.Resize(fyne.NewSize(1280, 800))
	t.Cleanup(func() { u.closeProject() })
	return u
}

func TestNavigation(t *testing.T) {
	u := newTestUI(t)
	if got := u.CurrentScreen(); got != "overview" {
		t.Fatalf("first screen = %q, want overview", got)
	}
	for _, d := range screens() {
		u.ShowScreen(d.id)
		if got := u.CurrentScreen(); got != d.id {
			t.Errorf("ShowScreen(%q): current = %q", d.id, got)
		}
		if u.shell.content.Objects[0] != u.shell.built[d.id].Content() {
			t.Errorf("screen %q is not shown", d.id)
		}
	}
	// The navigation list switches screens too.
	u.shell.nav.Select(u.shell.index("data"))
	if got := u.CurrentScreen(); got != "data" {
		t.Errorf("after selecting 数据 in the navigation: current = %q", got)
	}
	if !strings.Contains(u.win.Title(), "示例数据") {
		t.Errorf("title %q does not say 示例数据", u.win.Title())
	}
}

// cellFor finds the grid cell of an indicator's value for a year.
func cellFor(t *testing.T, g *dataScreen, code string, year int) widget.TableCellID {
	t.Helper()
	for i, r := range g.rows {
		if r.ind.Code == code && r.field == catalog.FieldValue {
			for j, y := range g.years {
				if y == year {
					return widget.TableCellID{Row: i, Col: colFirstYear + j}
				}
			}
		}
	}
	t.Fatalf("no cell for %s %d", code, year)
	return widget.TableCellID{}
}

func TestEditValueUpdatesStatus(t *testing.T) {
	u := newTestUI(t)
	u.ShowScreen("data")
	g := u.shell.built["data"].(*dataScreen)
	id := cellFor(t, g, "2", 2017) // 生态文明建设工作占党政实绩考核的比例, target ≥20%, demo 23.0
	if st := u.proj.Assessment().Eval.Result("2", 2017).Status; st != eval.Met {
		t.Fatalf("before: status %v, want 达标", st)
	}
	g.table.Select(id)
	if g.editing == nil || *g.editing != id {
		t.Fatalf("selecting the cell did not start editing")
	}
	if g.entry.Text != "23" {
		t.Errorf("editor shows %q, want the current value 23", g.entry.Text)
	}

	// A wrong entry: the error is shown, the text stays, nothing is written.
	g.entry.SetText("abc")
	g.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if g.errText == "" {
		t.Fatal("no error shown for abc")
	}
	if g.entry.Text != "abc" || g.editing == nil || *g.editing != id {
		t.Errorf("after an error the editor must keep the text: %q", g.entry.Text)
	}
	if v, _ := u.proj.Assessment().Values.Get("2", 2017); v.Num != 23 {
		t.Errorf("value changed after an error: %v", v)
	}

	// A value below the target: status becomes 未达标, and the editor moves down.
	g.entry.SetText("15")
	g.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if g.errText != "" {
		t.Fatalf("unexpected error: %s", g.errText)
	}
	if st := u.proj.Assessment().Eval.Result("2", 2017).Status; st != eval.NotMet {
		t.Errorf("after 15: status %v, want 未达标", st)
	}
	text, c, _ := g.cellText(id)
	if text != "15.0%" || c.bg != notMetColors.bg {
		t.Errorf("cell shows %q in %v, want 15.0%% in red", text, c.bg)
	}
	if g.editing == nil || g.editing.Row != id.Row+1 {
		t.Errorf("Enter did not move the editor down: %v", g.editing)
	}
	// Recorded with provenance, in the history.
	hs, err := u.proj.Store.History("2", 2017)
	if err != nil || len(hs) == 0 || hs[len(hs)-1].Raw != "15" || hs[len(hs)-1].Origin != "gui" {
		t.Errorf("history = %+v, %v", hs, err)
	}
	// The overview counts follow.
	u.ShowScreen("overview")
	if n := u.proj.Assessment().Eval.Verdict.Binding.NotMet; n == 0 {
		t.Errorf("binding not met = 0 after entering a failing value")
	}
}

func TestQualitativeCellUsesSelect(t *testing.T) {
	u := newTestUI(t)
	u.ShowScreen("data")
	g := u.shell.built["data"].(*dataScreen)
	id := cellFor(t, g, "1", 2015) // 生态文明建设规划: 制定实施 / 未制定实施
	g.table.Select(id)
	if g.editor() != g.sel {
		t.Fatal("a qualitative target must be edited with a Select")
	}
	g.sel.SetSelected("制定实施")
	if st := u.proj.Assessment().Eval.Result("1", 2015).Status; st != eval.Met {
		t.Errorf("after 制定实施: status %v, want 达标", st)
	}
}

func TestResolveDisagreement(t *testing.T) {
	u := newTestUI(t)
	u.ShowScreen("catalog")
	s := u.shell.built["catalog"].(*catalogScreen)
	before := len(u.proj.Assessment().Unresolved())
	if before == 0 || len(s.findings) == 0 {
		t.Skip("the demo has no unresolved disagreement")
	}
	var f catalog.Finding
	for _, x := range s.findings {
		if x.Kind == catalog.FindingDisagreement && len(x.Sides) > 1 {
			f = x
			break
		}
	}
	if f.ID == "" {
		t.Skip("no resolvable disagreement")
	}
	s.findList.Select(0)
	s.selFind = f.ID
	s.showFinding()
	s.applyResolve(f.ID, f.Sides[1].Key, "测试:以另一附件为准", nil)
	after := len(u.proj.Assessment().Unresolved())
	if after != before-1 {
		t.Errorf("unresolved %d → %d, want one less", before, after)
	}
	r, ok := u.proj.Assessment().Resolutions[f.ID]
	if !ok || r.Choice != f.Sides[1].Key || r.Reason != "测试:以另一附件为准" {
		t.Errorf("resolution = %+v", r)
	}
	if !strings.Contains(s.root.Items[1].Text, fmt.Sprint(after)) {
		t.Errorf("tab title %q does not show %d", s.root.Items[1].Text, after)
	}
	// Choosing nothing is refused and writes nothing.
	s.applyResolve(f.ID, "", "", nil)
	if got := u.proj.Assessment().Resolutions[f.ID].Choice; got != f.Sides[1].Key {
		t.Errorf("an empty choice changed the resolution to %q", got)
	}
}

func TestSetPendingTarget(t *testing.T) {
	u := newTestUI(t)
	pending := u.proj.Assessment().PendingTargets()
	if len(pending) == 0 {
		t.Skip("no pending target in the demo")
	}
	code := pending[0].Code
	if err := u.proj.SetTarget(code, "≥5", "测试", "省定目标"); err != nil {
		t.Fatal(err)
	}
	ind, _ := u.proj.Assessment().Catalog.Indicator(code)
	if ind.Target.Kind() != catalog.Numeric {
		t.Errorf("target of %s still %v", code, ind.Target)
	}
}

func TestAddOrganisationToGroup(t *testing.T) {
	u := newTestUI(t)
	u.ShowScreen("orgs")
	if err := u.proj.AddOrganisation("城东街道", catalog.KindTown, "towns-parks"); err != nil {
		t.Fatal(err)
	}
	u.changed()
	s := u.shell.built["orgs"].(*orgsScreen)
	g, _ := u.proj.Assessment().Catalog.Org("towns-parks")
	found := false
	for _, m := range g.Members {
		if o, _ := u.proj.Assessment().Catalog.Org(m); o != nil && o.Name == "城东街道" {
			found = true
		}
	}
	if !found || len(s.orgs) != len(u.proj.Assessment().Catalog.Organisations) {
		t.Errorf("城东街道 not in 各镇街、园区: %v", g.Members)
	}
}

func TestParseYears(t *testing.T) {
	for in, want := range map[string]string{
		"2015、2016、2017": "[2015 2016 2017]",
		"2018-2020":      "[2018 2019 2020]",
		"2015,2016":      "[2015 2016]",
		"":               "[]",
	} {
		got, err := parseYears(in)
		if err != nil || fmt.Sprint(got) != want {
			t.Errorf("parseYears(%q) = %v, %v; want %s", in, got, err, want)
		}
	}
	if _, err := parseYears("二〇一五"); err == nil {
		t.Error("parseYears accepted 二〇一五")
	}
}

// Images of the key screens, rendered with the bundled font, guard the layout.
// After an intended change: go test ./app/gui -run Screens and copy the files
// from testdata/failed/ over testdata/.
func TestScreensImages(t *testing.T) {
	u := newTestUI(t)
	for _, name := range []string{"overview", "data", "catalog", "orgs"} {
		u.ShowScreen(name)
		switch name {
		case "data":
			g := u.shell.built["data"].(*dataScreen)
			g.table.Select(cellFor(t, g, "11", 2016))
		case "catalog":
			s := u.shell.built["catalog"].(*catalogScreen)
			s.openIndicator("21")
		}
		test.AssertImageMatches(t, "screen_"+name+".png", u.win.Canvas().Capture())
	}
}

func TestStartPageImage(t *testing.T) {
	a := test.NewTempApp(t)
	u := newUI(a, Options{}, func(f func()) { f() })
	u.win.Resize(fyne.NewSize(1280, 800))
	u.shell.showStart()
	test.AssertImageMatches(t, "screen_start.png", u.win.Canvas().Capture())
}

func TestEmptyProjectScreens(t *testing.T) {
	a := test.NewTempApp(t)
	s, err := store.Create(filepath.Join(t.TempDir(), "new.db"), seedCatalog(), nil)
	if err != nil {
		t.Fatal(err)
	}
	p, err := NewProjectFromStore(s)
	if err != nil {
		t.Fatal(err)
	}
	u := newUI(a, Options{}, func(f func()) { f() })
	u.setProject(p)
	t.Cleanup(func() { u.closeProject() })
	if strings.Contains(u.win.Title(), "示例数据") {
		t.Errorf("a new project is marked 示例数据: %q", u.win.Title())
	}
	for _, d := range screens() {
		u.ShowScreen(d.id)
		u.win.Canvas().Capture()
	}
	// A first value in the empty grid.
	u.ShowScreen("data")
	g := u.shell.built["data"].(*dataScreen)
	g.table.Select(cellFor(t, g, "2", 2017))
	g.entry.SetText("25%")
	g.Commit()
	if st := u.proj.Assessment().Eval.Result("2", 2017).Status; st != eval.Met {
		t.Errorf("after 25%%: %v, want 达标", st)
	}
}

func TestBusyMessageIsChinese(t *testing.T) {
	u := newTestUI(t)
	u.showError("保存", fmt.Errorf("写入: %w", store.ErrBusy))
	found := false
	for _, o := range u.win.Canvas().Overlays().List() {
		if strings.Contains(test.RenderObjectToMarkup(o), "另一个窗口") {
			found = true
		}
	}
	if !found {
		t.Error("the busy dialog does not explain in Chinese")
	}
}

// TestOrgsShowCandidateLeads: while 1.lead is unresolved, the 单位与分工
// matrix marks both candidate leads of indicator 1 with ◎, 区政府办 among
// them, as the report's matrix does.
func TestOrgsShowCandidateLeads(t *testing.T) {
	u := newTestUI(t)
	u.ShowScreen("orgs")
	s := u.shell.built["orgs"].(*orgsScreen)
	cat := u.proj.Assessment().Catalog
	ind, _ := cat.Indicator("1")
	if !ind.LeadPending() || len(ind.Candidates) < 2 {
		t.Fatalf("demo: indicator 1 lead pending %v, candidates %v", ind.LeadPending(), ind.Candidates)
	}
	var names []string
	for _, id := range ind.Candidates {
		if m := s.mark(ind, id); m != "◎" {
			t.Errorf("candidate lead %s of indicator 1 marked %q, want ◎", id, m)
		}
		o, _ := cat.Org(id)
		names = append(names, o.Name)
	}
	if !strings.Contains(strings.Join(names, "、"), "政府办") {
		t.Errorf("candidates %v do not include 区政府办", names)
	}
	// An indicator with a settled lead keeps ● and ○.
	for _, in := range cat.Indicators {
		if in.LeadPending() || len(in.Lead) == 0 {
			continue
		}
		if m := s.mark(&in, in.Lead[0]); m != "●" {
			t.Errorf("lead of %s marked %q", in.Code, m)
		}
		if sup := in.Supporters(); len(sup) > 0 {
			if m := s.mark(&in, sup[0]); m != "○" {
				t.Errorf("supporter of %s marked %q", in.Code, m)
			}
		}
		break
	}
	if !strings.Contains(test.RenderObjectToMarkup(s.Content()), "◎ 候选牵头") {
		t.Error("the legend does not explain ◎")
	}
	// The matrix cell shows ◎.
	row := -1
	for i, in := range s.inds {
		if in.Code == "1" {
			row = i
		}
	}
	col := -1
	for j, o := range s.orgs {
		if o.ID == ind.Candidates[len(ind.Candidates)-1] {
			col = j
		}
	}
	l := widget.NewLabel("")
	s.matrix.UpdateCell(widget.TableCellID{Row: row, Col: col}, l)
	if l.Text != "◎" {
		t.Errorf("matrix cell of indicator 1 × %s shows %q", ind.Candidates[len(ind.Candidates)-1], l.Text)
	}
}
