package gui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"ecoreport/app/catalog"
	"ecoreport/app/evidence"
)

// overviewText is the markup of the overview screen, to look for texts.
func overviewText(t *testing.T, u *UI) string {
	t.Helper()
	u.ShowScreen("overview")
	return test.RenderObjectToMarkup(u.shell.built["overview"].Content())
}

func TestMilestoneStateShowsOnOverview(t *testing.T) {
	u := newTestUI(t)
	// The demo (today 2018-05-20): 9 of the lead units submitted by 4月底,
	// two of them returned since.
	rows, err := evidence.MilestoneStatus(u.proj.Store, today(u.proj.Assessment()))
	if err != nil {
		t.Fatal(err)
	}
	var first *milestoneTally
	for _, tl := range tallyMilestones(rows) {
		if tl.ID == "evidence-submit" {
			first = tl
		}
	}
	if first == nil || first.Overdue == 0 {
		t.Fatalf("the demo has no overdue unit on evidence-submit: %+v", first)
	}
	before := first.summary()
	if !strings.Contains(overviewText(t, u), before) {
		t.Fatalf("overview does not say %q", before)
	}

	u.ShowScreen("milestones")
	s := u.shell.built["milestones"].(*milestonesScreen)
	if s.selID != "evidence-submit" {
		t.Errorf("first milestone shown = %q, want the overdue evidence-submit", s.selID)
	}
	var late evidence.OrgMilestone
	for _, r := range s.rows {
		if r.Overdue {
			late = r
			break
		}
	}
	if late.Org == "" {
		t.Fatal("no overdue unit listed")
	}
	s.askState(late)
	shot(t, u, "milestone-state")
	u.win.Canvas().Overlays().Top().Hide()
	// An error (no change of state) keeps the choice and the note typed.
	s.setState(late, late.State, "重复", "2018-05-20")
	if n := len(u.win.Canvas().Overlays().List()); n < 2 {
		t.Errorf("after a refused change: %d overlays, want the form back and the error", n)
	}
	for u.win.Canvas().Overlays().Top() != nil {
		u.win.Canvas().Overlays().Top().Hide()
	}

	// A bad date is refused, nothing is written.
	s.setState(late, evidence.Submitted, "纸质材料", "5月20日")
	for u.win.Canvas().Overlays().Top() != nil {
		u.win.Canvas().Overlays().Top().Hide()
	}
	rows, _ = evidence.MilestoneStatus(u.proj.Store, today(u.proj.Assessment()))
	for _, r := range rows {
		if r.Milestone == late.Milestone && r.Org == late.Org && r.State == evidence.Submitted {
			t.Fatalf("a state with a bad date was recorded: %+v", r)
		}
	}

	s.setState(late, evidence.Submitted, "5月19日报送纸质材料一套", "2018-05-19")
	rows, _ = evidence.MilestoneStatus(u.proj.Store, today(u.proj.Assessment()))
	for _, r := range rows {
		if r.Milestone == late.Milestone && r.Org == late.Org {
			if r.State != evidence.Submitted || r.Overdue || r.Note != "5月19日报送纸质材料一套" ||
				!strings.HasPrefix(shortTime(r.At), "2018-05-19") {
				t.Errorf("after 已报送 on 2018-05-19: %+v", r)
			}
		}
	}
	for _, r := range s.rows {
		if r.Org == late.Org && r.State != evidence.Submitted {
			t.Errorf("the screen still shows %s as %s", r.OrgName, r.StateLabel)
		}
	}
	want := first.summary()
	first.Handed++
	first.Overdue--
	after := first.summary()
	text := overviewText(t, u)
	if !strings.Contains(text, after) || strings.Contains(text, want) {
		t.Errorf("overview does not follow: want %q (was %q)", after, want)
	}
}

func TestEvidenceEditAndDelete(t *testing.T) {
	u := newTestUI(t)
	u.ShowScreen("evidence")
	s := u.shell.built["evidence"].(*evidenceScreen)
	it, ok := s.selected()
	if !ok {
		t.Fatal("no item selected")
	}
	s.editItem(it)
	shot(t, u, "evidence-edit")
	u.win.Canvas().Overlays().Top().Hide()
	s.askDelete(it, "")
	shot(t, u, "evidence-delete")
	u.win.Canvas().Overlays().Top().Hide()
	// Edit the title through the form.
	f := s.newItemForm(it.EvidenceItem)
	f.title.SetText("  关于印发生态文明建设规划的通知(修订)  ")
	s.edit(it.ID, f.value())
	got, err := evidence.Get(u.proj.Store, it.ID)
	if err != nil || got.Title != "关于印发生态文明建设规划的通知(修订)" {
		t.Fatalf("after editing: %q, %v", got.Title, err)
	}
	if got.Indicator != it.Indicator || got.Year != it.Year || got.Org != it.Org || got.Class != it.Class {
		t.Errorf("editing the title changed other fields: %+v → %+v", it.EvidenceItem, got.EvidenceItem)
	}
	if cur, _ := s.selected(); cur.Title != got.Title {
		t.Errorf("the list shows %q", cur.Title)
	}
	evs, _ := evidence.History(u.proj.Store, it.ID)
	if len(evs) == 0 || !strings.Contains(evs[len(evs)-1].Describe(), "修订") {
		t.Errorf("the edit is not in the history: %+v", evs)
	}

	// A refused edit (bad date) brings the form back with what was typed.
	bad := got.EvidenceItem
	bad.IssuedOn = "2017-02-30"
	bad.Title = "打错日期的标题"
	s.edit(it.ID, bad)
	if got2, _ := evidence.Get(u.proj.Store, it.ID); got2.Title != got.Title {
		t.Errorf("a refused edit was written: %q", got2.Title)
	}
	found := false
	for _, o := range u.win.Canvas().Overlays().List() {
		if strings.Contains(test.RenderObjectToMarkup(o), "打错日期的标题") {
			found = true
		}
	}
	if !found {
		t.Error("the typed title is lost after the error")
	}
	for u.win.Canvas().Overlays().Top() != nil {
		u.win.Canvas().Overlays().Top().Hide()
	}

	// Delete needs a reason; the item leaves the list, its history stays.
	before := len(s.items)
	s.delete(got, "")
	if _, err := evidence.Get(u.proj.Store, it.ID); err != nil {
		t.Fatalf("deleted without a reason: %v", err)
	}
	for u.win.Canvas().Overlays().Top() != nil {
		u.win.Canvas().Overlays().Top().Hide()
	}
	s.delete(got, "重复登记")
	if len(s.items) != before-1 {
		t.Errorf("after deleting: %d items, want %d", len(s.items), before-1)
	}
	for _, x := range s.items {
		if x.ID == it.ID {
			t.Error("the deleted item is still listed")
		}
	}
	evs, _ = evidence.History(u.proj.Store, it.ID)
	if len(evs) == 0 || !strings.Contains(evs[len(evs)-1].Describe(), "重复登记") {
		t.Errorf("the deletion and its reason are not in the history: %+v", evs)
	}
}

func TestEvidenceDetach(t *testing.T) {
	u := newTestUI(t)
	u.ShowScreen("evidence")
	s := u.shell.built["evidence"].(*evidenceScreen)
	first, _ := s.selected()
	for _, name := range []string{"规划.pdf", "批复.pdf"} {
		if _, err := evidence.Attach(u.proj.Store, first.ID, evidence.File{Name: name, Data: evidence.SamplePDF(name, "test")}, "test"); err != nil {
			t.Fatal(err)
		}
	}
	s.u.changed()
	it, _ := s.selected()
	if it.ID != first.ID || len(it.Attachments) != 2 {
		t.Fatalf("item %d has %d attachments", it.ID, len(it.Attachments))
	}
	s.detach(it.Attachments[0], "扫描件不清晰")
	got, err := evidence.Get(u.proj.Store, it.ID)
	if err != nil || len(got.Attachments) != len(it.Attachments)-1 {
		t.Fatalf("after detaching: %d attachments, %v", len(got.Attachments), err)
	}
	if s.selID != it.ID {
		t.Errorf("selection moved to %d", s.selID)
	}
}

// TestMilestonesShowPlanPhases: the 时间节点 screen lists the plan's
// implementation phases above the milestones, the one under way marked.
func TestMilestonesShowPlanPhases(t *testing.T) {
	u := newTestUI(t) // today 2018-05-20
	u.ShowScreen("milestones")
	s := u.shell.built["milestones"].(*milestonesScreen)
	phases := u.proj.Assessment().Catalog.Plan.Phases
	if len(phases) == 0 {
		t.Fatal("the demo plan has no phases")
	}
	if !s.phases.Visible() || len(s.phases.Objects) != len(phases) {
		t.Fatalf("%d phases shown, want %d", len(s.phases.Objects), len(phases))
	}
	markup := test.RenderObjectToMarkup(s.Content())
	for _, p := range phases {
		if !strings.Contains(markup, p.Name) || !strings.Contains(markup, phaseSpan(p)) {
			t.Errorf("phase %d %s (%s～%s) not shown", p.No, p.Name, p.From, p.To)
		}
	}
	states := map[string]string{}
	for i, o := range s.phases.Objects {
		var texts []string
		walkPositions(o, fyne.NewPos(0, 0), func(o fyne.CanvasObject, _ fyne.Position) { texts = append(texts, textsOf(o)...) })
		states[phases[i].Name] = strings.Join(texts, " ")
	}
	for name, want := range map[string]string{"准备发动阶段": "已结束", "自查与资料汇总阶段": "进行中", "编制报告阶段": "未开始"} {
		if !strings.Contains(states[name], want) {
			t.Errorf("phase %s shows %q, want %s", name, states[name], want)
		}
	}
	u.win.Resize(fyne.NewSize(1024, 768))
	shot(t, u, "milestones-phases-1024")
	// The phases sit above the milestone list.
	top := fyne.CurrentApp().Driver().AbsolutePositionForObject(s.phases)
	list := fyne.CurrentApp().Driver().AbsolutePositionForObject(s.msList)
	if top.Y >= list.Y {
		t.Errorf("phases at y=%v, milestone list at y=%v", top.Y, list.Y)
	}
}

// TestMilestoneRangesWithDash: the phases' months and the milestones'
// tasks print ranges with a dash, as the due texts do ("2018年6月—2018年8月"),
// on the milestones screen and on the overview.
func TestMilestoneRangesWithDash(t *testing.T) {
	spans := []struct {
		from, to, want string
	}{
		{"2018-03", "2018-12", "2018年3—12月"},
		{"2018-06", "2018-08", "2018年6—8月"},
		{"2019-01", "2020-12", "2019年1月—2020年12月"},
		{"2018", "2019", "2018—2019"},
	}
	for _, c := range spans {
		if got := phaseSpan(catalog.Phase{From: c.from, To: c.to}); got != c.want {
			t.Errorf("phaseSpan(%s, %s) = %q, want %q", c.from, c.to, got, c.want)
		}
	}
	u := newTestUI(t)
	u.ShowScreen("overview")
	overview := test.RenderObjectToMarkup(u.shell.built["overview"].Content())
	u.ShowScreen("milestones")
	s := u.shell.built["milestones"].(*milestonesScreen)
	s.msList.Select(0)
	screen := test.RenderObjectToMarkup(s.Content())
	for name, m := range map[string]string{"milestones": screen, "overview": overview} {
		if !strings.Contains(m, "完成2015年—2017年的三年") || strings.Contains(m, "年-") {
			t.Errorf("%s: the task of 4月底 does not read 2015年—2017年", name)
		}
	}
	if !strings.Contains(screen, "2018年3—12月") || strings.Contains(screen, "～") {
		t.Error("the phases' months are not ranges with a dash")
	}
}
