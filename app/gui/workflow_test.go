package gui

// Workflow tests: every workflow of the window driven as a person would,
// through the widgets (buttons tapped, lists and tabs clicked, text typed,
// files chosen in Fyne's own file dialog), each checking the database
// afterwards. Internal functions behind a widget are not called.

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"ecoreport/app/catalog"
	"ecoreport/app/evidence"
	"ecoreport/app/sheets"
	"ecoreport/app/store"
	"ecoreport/report/pkg"
)

// layer is what the person sees on top: the topmost dialog, or the window.
func layer(u *UI) fyne.CanvasObject {
	if top := u.win.Canvas().Overlays().Top(); top != nil {
		return top
	}
	return u.win.Canvas().Content()
}

// closeDialogs hides every dialog still open (information boxes).
func closeDialogs(u *UI) {
	for u.win.Canvas().Overlays().Top() != nil {
		u.win.Canvas().Overlays().Top().Hide()
	}
}

// asButton is o as a button: a plain one or a dialog's keyButton.
func asButton(o fyne.CanvasObject) *widget.Button {
	switch b := o.(type) {
	case *widget.Button:
		return b
	case *keyButton:
		return &b.Button
	}
	return nil
}

// tapButton taps the enabled button with this text on the top layer.
func tapButton(t *testing.T, u *UI, text string) {
	t.Helper()
	var found *widget.Button
	walkPositions(layer(u), fyne.NewPos(0, 0), func(o fyne.CanvasObject, _ fyne.Position) {
		if b := asButton(o); b != nil && b.Text == text && found == nil {
			found = b
		}
	})
	if found == nil {
		t.Fatalf("no button %q on the top layer", text)
	}
	if found.Disabled() {
		t.Fatalf("button %q is disabled", text)
	}
	test.Tap(found)
}

// tapText clicks in the middle of the text shown on the top layer (a list
// row, a tab, a file in the file dialog, a radio option, a menu item).
// want matches the whole text, or its start when it ends with "*".
func tapText(t *testing.T, u *UI, want string) {
	t.Helper()
	match := func(s string) bool {
		if p, ok := strings.CutSuffix(want, "*"); ok {
			return strings.HasPrefix(s, p)
		}
		return s == want
	}
	root := layer(u)
	var at fyne.Position
	var size fyne.Size
	found := false
	walkPositions(root, root.Position(), func(o fyne.CanvasObject, pos fyne.Position) {
		if found {
			return
		}
		var s string
		switch o := o.(type) {
		case *widget.Label:
			s = o.Text
		case *canvas.Text:
			s = o.Text
		default:
			return
		}
		if match(s) && o.Size().Width > 0 {
			found, at, size = true, pos, o.Size()
		}
	})
	if !found {
		t.Fatalf("no text %q on the top layer", want)
	}
	test.TapCanvas(u.win.Canvas(), at.AddXY(size.Width/2, size.Height/2))
}

// entryWith finds the text field with this placeholder on the top layer.
func entryWith(t *testing.T, u *UI, placeholder string) fyne.Focusable {
	t.Helper()
	var found fyne.Focusable
	walkPositions(layer(u), fyne.NewPos(0, 0), func(o fyne.CanvasObject, _ fyne.Position) {
		if found != nil {
			return
		}
		switch e := o.(type) {
		case *textEntry:
			if e.PlaceHolder == placeholder {
				found = e
			}
		case *widget.Entry:
			if e.PlaceHolder == placeholder {
				found = e
			}
		}
	})
	if found == nil {
		t.Fatalf("no text field %q on the top layer", placeholder)
	}
	return found
}

// typeInto clicks into a text field, selects what it holds and types text
// over it.
func typeInto(t *testing.T, u *UI, e fyne.Focusable, text string) {
	t.Helper()
	if tp, ok := e.(fyne.Tappable); ok {
		test.Tap(tp)
	}
	u.win.Canvas().Focus(e)
	if sc, ok := e.(fyne.Shortcutable); ok {
		sc.TypedShortcut(&fyne.ShortcutSelectAll{})
	}
	if text == "" {
		e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyBackspace})
		return
	}
	typeText(t, u, text)
}

// startFileDialogsIn makes Fyne's file dialogs open in dir, as they do in
// the folder chosen last.
func startFileDialogsIn(dir string) {
	fyne.CurrentApp().Preferences().SetString("fyne:fileDialogLastFolder", storage.NewFileURI(dir).String())
}

// chooseFile picks a file in the open file dialog by clicking its name
// (shown without extension) and 打开.
func chooseFile(t *testing.T, u *UI, name string) {
	t.Helper()
	tapText(t, u, strings.TrimSuffix(name, filepath.Ext(name)))
	tapButton(t, u, "打开")
}

// valueEvents counts the recorded value changes of the project.
func valueEvents(t *testing.T, u *UI) int {
	t.Helper()
	n := 0
	for _, ind := range u.proj.Assessment().Catalog.All() {
		for _, y := range u.proj.Assessment().Settings.Years() {
			evs, err := u.proj.Store.History(ind.Code, y)
			if err != nil {
				t.Fatal(err)
			}
			n += len(evs)
		}
	}
	return n
}

// TestWorkflowNewProject: 切换项目 → 新建项目… → the form filled in by
// typing → 新建: the project file holds the facts typed.
func TestWorkflowNewProject(t *testing.T) {
	u := newTestUI(t)
	dir := t.TempDir()
	tapButton(t, u, "切换项目")
	tapButton(t, u, "新建项目…")
	f := u.win.Canvas().Overlays().Top()
	if f == nil {
		t.Fatal("新建项目… shows no form")
	}
	form := findForm(t, u)
	typeInto(t, u, form["保存到文件夹"], dir)
	typeInto(t, u, form["文件名"], "城南区")
	typeInto(t, u, form["项目名称"], "城南区创建国家生态文明建设示范区")
	typeInto(t, u, form["区县"], "城南区")
	typeInto(t, u, form["考核年度"], "2017、2018、2019")
	typeInto(t, u, form["监测年度"], "2020")
	typeInto(t, u, form["今天（用于时间节点）"], "2020-04-01")
	tapButton(t, u, "新建")
	closeDialogs(u)

	path := filepath.Join(dir, "城南区.db")
	if u.proj == nil || !samePath(u.proj.Store.Path(), path) {
		t.Fatalf("the new project %s is not open", path)
	}
	s, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	st, err := s.Settings()
	if err != nil {
		t.Fatal(err)
	}
	if st.Name != "城南区创建国家生态文明建设示范区" || st.District != "城南区" || st.Today != "2020-04-01" ||
		yearsString(st.AssessedYears) != "2017、2018、2019" || yearsString(st.MonitoringYears) != "2020" {
		t.Errorf("settings in the new project file: %+v", st)
	}
	if vs, _ := s.Values(); len(vs) != 0 {
		t.Errorf("a new project has %d values, want none", len(vs))
	}
}

// findForm maps the labels of the form on the top layer to their text
// fields.
func findForm(t *testing.T, u *UI) map[string]fyne.Focusable {
	t.Helper()
	fields := map[string]fyne.Focusable{}
	walkPositions(layer(u), fyne.NewPos(0, 0), func(o fyne.CanvasObject, _ fyne.Position) {
		f, ok := o.(*widget.Form)
		if !ok {
			return
		}
		for _, it := range f.Items {
			var e fyne.Focusable
			walkPositions(it.Widget, fyne.NewPos(0, 0), func(o fyne.CanvasObject, _ fyne.Position) {
				if x, ok := o.(*textEntry); ok && e == nil {
					e = x
				}
			})
			if e != nil {
				fields[it.Text] = e
			}
		}
	})
	if len(fields) == 0 {
		t.Fatal("no form on the top layer")
	}
	return fields
}

// TestWorkflowResolveFinding: 附件不一致 tab → click the finding → 作出决定…
// → click the other side, type the reason → 保存决定: the decision is in
// the database.
func TestWorkflowResolveFinding(t *testing.T) {
	u := newTestUI(t)
	u.ShowScreen("catalog")
	s := u.shell.built["catalog"].(*catalogScreen)
	var f catalog.Finding
	for _, x := range s.findings {
		if x.Kind == catalog.FindingDisagreement && !x.Resolved && len(x.Sides) > 1 && x.Sides[1].Key != "" {
			f = x
			break
		}
	}
	if f.ID == "" {
		t.Fatal("the demo has no open disagreement")
	}
	before := len(u.proj.Assessment().Unresolved())
	tapText(t, u, "附件不一致*")
	tapText(t, u, findingTitle(f))
	tapButton(t, u, "作出决定…")
	tapText(t, u, sideWhere(f, f.Sides[1].Key))
	typeInto(t, u, entryWith(t, u, "决定的理由，如 经与牵头单位核实，以附件2为准"), "经核实以附件为准")
	tapButton(t, u, "保存决定")
	closeDialogs(u)

	got, err := u.proj.Store.Resolutions()
	if err != nil {
		t.Fatal(err)
	}
	r, ok := got[f.ID]
	if !ok || r.Choice != f.Sides[1].Key || r.Reason != "经核实以附件为准" {
		t.Errorf("resolution in the database: %+v (found %v), want %s", r, ok, f.Sides[1].Key)
	}
	if after := len(u.proj.Assessment().Unresolved()); after != before-1 {
		t.Errorf("unresolved %d → %d, want one less", before, after)
	}
}

// envReturn writes 海陵环保局's return workbook, as the project issues it,
// alone into a new folder (for the file dialog) and returns both.
func envReturn(t *testing.T, u *UI) (dir, path string) {
	t.Helper()
	paths, err := sheets.WriteTemplates(u.proj.Assessment(), t.TempDir(), sheets.ExportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	dir = t.TempDir()
	for _, p := range paths {
		if strings.Contains(filepath.Base(p), "环保局") {
			path = filepath.Join(dir, "环保局.xlsx")
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	if path == "" {
		t.Fatal("no workbook for 环保局")
	}
	return dir, path
}

// TestWorkflowImport: 添加文件… (a file chosen in the file dialog) → 预检
// writes nothing → 确认导入 → 确定 writes the value → 导入记录: click the
// import, 撤销所选导入… → 确定 sets it back; each step checked in the
// database.
func TestWorkflowImport(t *testing.T) {
	u := newTestUI(t)
	u.ShowScreen("imports")
	pick, env := envReturn(t, u)
	old, _ := u.proj.Store.Values()
	k8 := catalog.ValueKey{Code: "8", Year: 2015, Field: catalog.FieldValue}
	fillTemplate(t, env, "8", 2015, "95%")
	events := valueEvents(t, u)

	tapText(t, u, "导入")
	startFileDialogsIn(pick)
	tapButton(t, u, "添加文件…")
	chooseFile(t, u, "环保局.xlsx")
	tapButton(t, u, "预检")
	if vs, _ := u.proj.Store.Values(); vs[k8] != old[k8] || valueEvents(t, u) != events {
		t.Fatal("预检 wrote to the database")
	}
	tapButton(t, u, "确认导入")
	tapButton(t, u, "确定") // the confirmation
	closeDialogs(u)
	vs, _ := u.proj.Store.Values()
	if v := vs[k8]; v.Num != 95 {
		t.Fatalf("after 确认导入: 8/2015 = %v in the database, want 95", v)
	}
	if _, origin, _ := lastEvent(t, u, "8", 2015); origin != "import" {
		t.Errorf("the imported value is recorded from %q, want import", origin)
	}

	tapText(t, u, "导入记录")
	s := u.shell.built["imports"].(*importsScreen)
	if len(s.history) == 0 {
		t.Fatal("the import log is empty")
	}
	tapText(t, u, "环保局.xlsx")
	tapButton(t, u, "撤销所选导入…")
	tapButton(t, u, "确定")
	closeDialogs(u)
	vs, _ = u.proj.Store.Values()
	if v := vs[k8]; v.Num != old[k8].Num {
		t.Errorf("after 撤销: 8/2015 = %v in the database, want %v", v, old[k8])
	}
	hist, err := sheets.Imports(u.proj.Store)
	if err != nil || len(hist) != 1 || hist[0].UndoneAt == "" {
		t.Errorf("import history in the database: %+v, %v", hist, err)
	}
}

// TestWorkflowEvidence: 登记佐证材料… → the form (indicator chosen from the
// drop-down, title typed, a PDF chosen in the file dialog) → 登记; then the
// review buttons: 需补充 with feedback typed, 合格. The items, their
// attachment and every review are in the database.
func TestWorkflowEvidence(t *testing.T) {
	u := newTestUI(t)
	u.ShowScreen("evidence")
	files := t.TempDir()
	if err := os.WriteFile(filepath.Join(files, "规划文本.pdf"), evidence.SamplePDF("Plan", "test"), 0o644); err != nil {
		t.Fatal(err)
	}
	before, err := u.proj.Store.EvidenceItems()
	if err != nil {
		t.Fatal(err)
	}

	tapButton(t, u, "登记佐证材料…")
	tapText(t, u, "（请选择）")
	ind1, _ := u.proj.Assessment().Catalog.Indicator("1")
	tapText(t, u, "1 "+ind1.Name)
	typeInto(t, u, entryWith(t, u, "文件标题，如 关于印发《生态文明建设规划》的通知"), "关于印发生态文明建设规划的通知")
	typeInto(t, u, entryWith(t, u, "如 泰政发〔2017〕12号"), "区政发〔2017〕3号")
	startFileDialogsIn(files)
	tapButton(t, u, "选择文件…")
	chooseFile(t, u, "规划文本.pdf")
	tapButton(t, u, "登记")
	closeDialogs(u)

	after, err := u.proj.Store.EvidenceItems()
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before)+1 {
		t.Fatalf("evidence items %d → %d, want one more", len(before), len(after))
	}
	var id int64
	for _, e := range after {
		if e.Title == "关于印发生态文明建设规划的通知" {
			id = e.ID
			if e.Indicator != "1" || e.DocNumber != "区政发〔2017〕3号" {
				t.Errorf("registered: %+v", e)
			}
		}
	}
	it, err := evidence.Get(u.proj.Store, id)
	if err != nil || len(it.Attachments) != 1 || it.Attachments[0].Name != "规划文本.pdf" {
		t.Fatalf("the new item's attachment: %+v, %v", it.Attachments, err)
	}
	if it.State != evidence.StatePending {
		t.Errorf("a new item is %s, want 待审", it.State)
	}

	// The new item is selected: review it with the buttons of its detail.
	tapButton(t, u, evidence.StateNeedsMore.Label())
	typeInto(t, u, entryWith(t, u, "逐条写明需补充的内容，如：缺少盖章页；请补充2017年度数据。"), "缺少盖章页")
	tapButton(t, u, "确定")
	closeDialogs(u)
	if it, _ := evidence.Get(u.proj.Store, id); it.State != evidence.StateNeedsMore || it.Feedback != "缺少盖章页" {
		t.Fatalf("after 需补充: %s %q in the database", it.State, it.Feedback)
	}
	tapButton(t, u, evidence.StateRevised.Label())
	tapButton(t, u, "确定")
	closeDialogs(u)
	tapButton(t, u, evidence.StateAccepted.Label())
	tapButton(t, u, "确定")
	closeDialogs(u)
	if it, _ := evidence.Get(u.proj.Store, id); it.State != evidence.StateAccepted {
		t.Errorf("after 合格: %s in the database", it.State)
	}
	if evs, _ := evidence.History(u.proj.Store, id); len(evs) < 4 {
		t.Errorf("history of the item has %d entries, want registration and three reviews", len(evs))
	}
}

// TestWorkflowMilestoneWithDate: click an overdue organisation of a
// milestone → choose 已报送, type the date and a note → 保存: the state is
// recorded on that date.
func TestWorkflowMilestoneWithDate(t *testing.T) {
	u := newTestUI(t)
	u.ShowScreen("milestones")
	s := u.shell.built["milestones"].(*milestonesScreen)
	var late evidence.OrgMilestone
	for _, r := range s.rows {
		if r.Overdue && r.State == evidence.NotStarted {
			late = r
			break
		}
	}
	if late.Org == "" {
		t.Fatal("no overdue organisation on the first milestone")
	}
	tapText(t, u, late.OrgName)
	tapText(t, u, evidence.Submitted.Label())
	typeInto(t, u, entryWith(t, u, "2018-05-10"), "2018-05-18")
	typeInto(t, u, entryWith(t, u, "如：退回原因、报送方式、份数（可不填）"), "纸质材料一套")
	tapButton(t, u, "保存")
	closeDialogs(u)

	rows, err := evidence.MilestoneStatus(u.proj.Store, today(u.proj.Assessment()))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range rows {
		if r.Milestone == late.Milestone && r.Org == late.Org {
			found = true
			if r.State != evidence.Submitted || r.Note != "纸质材料一套" || !strings.HasPrefix(shortTime(r.At), "2018-05-18") || r.Overdue {
				t.Errorf("in the database: %s %q at %s (overdue %v), want 已报送 on 2018-05-18", r.State, r.Note, r.At, r.Overdue)
			}
		}
	}
	if !found {
		t.Fatalf("%s %s not in the milestone status", late.Milestone, late.Org)
	}
}

// TestWorkflowBuild: 生成 tab → output folder typed → 生成: every document
// is written, the package describes the database as it is, and the build
// writes nothing to the database.
func TestWorkflowBuild(t *testing.T) {
	u := newTestUI(t)
	u.ShowScreen("reports")
	events := valueEvents(t, u)
	out := filepath.Join(t.TempDir(), "报送材料")
	tapText(t, u, "生成报送材料*")
	typeInto(t, u, entryWith(t, u, "输出文件夹"), out)
	tapButton(t, u, "生成")
	closeDialogs(u)

	s := u.shell.built["reports"].(*reportsScreen)
	if s.result == nil {
		t.Fatalf("no result: %s", s.status.Text)
	}
	for _, d := range pkg.Documents {
		if st, err := os.Stat(filepath.Join(out, d.File)); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", d.File, err)
		}
	}
	vs, _ := u.proj.Store.Values()
	st, _ := u.proj.Store.Settings()
	if s.result.Snapshot.Values != len(vs) || s.result.Snapshot.District != st.District {
		t.Errorf("the package describes %d values of %q; the database has %d of %q",
			s.result.Snapshot.Values, s.result.Snapshot.District, len(vs), st.District)
	}
	if n := valueEvents(t, u); n != events {
		t.Errorf("the build wrote to the database: %d value events, had %d", n, events)
	}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		txt, err := exec.Command("pdftotext", "-l", "3", filepath.Join(out, pkg.Documents[0].File), "-").Output()
		if err != nil || !strings.Contains(strings.ReplaceAll(string(txt), " ", ""), st.District) {
			t.Errorf("the technical report does not name %s: %v", st.District, err)
		}
	}
}

// TestWorkflowBackup: 设置 → 备份项目… → folder and name typed → 备份: the
// backup is a project with the same values.
func TestWorkflowBackup(t *testing.T) {
	u := newTestUI(t)
	u.ShowScreen("settings")
	dir := t.TempDir()
	tapButton(t, u, "备份项目…")
	form := findForm(t, u)
	typeInto(t, u, form["保存到文件夹"], dir)
	typeInto(t, u, form["文件名"], "区项目备份")
	tapButton(t, u, "备份")
	closeDialogs(u)
	out := filepath.Join(dir, "区项目备份.db")
	if err := store.CheckBackup(out); err != nil {
		t.Fatalf("backup is not a valid project: %v", err)
	}
	b, err := store.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	got, _ := b.Values()
	want, _ := u.proj.Store.Values()
	if len(got) != len(want) || len(want) == 0 {
		t.Fatalf("backup has %d values, project %d", len(got), len(want))
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("backup %v = %v, project %v", k, got[k], v)
		}
	}
}

// figureCaption is the caption of an attachment used in the report, from
// the database ("" when not used).
func figureCaption(t *testing.T, u *UI, attachment int64) string {
	t.Helper()
	fs, err := evidence.Figures(u.proj.Store)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fs {
		if f.Attachment == attachment {
			return f.Caption
		}
	}
	return ""
}

// TestWorkflowEvidenceFigure: on a picture of an evidence item, 不用于报告
// takes it out of the 技术报告 and 用于报告… with a caption typed puts it
// back; the database follows.
func TestWorkflowEvidenceFigure(t *testing.T) {
	u := newTestUI(t)
	// The demo as the window opens it: with sample pictures, one in the report.
	if err := evidence.SeedDemo(u.proj.Store); err != nil {
		t.Fatal(err)
	}
	if err := u.proj.Reload(); err != nil {
		t.Fatal(err)
	}
	u.ShowScreen("evidence")
	u.changed()
	s := u.shell.built["evidence"].(*evidenceScreen)
	fs, err := evidence.Figures(u.proj.Store)
	if err != nil || len(fs) == 0 {
		t.Fatalf("the demo uses no picture in the report: %v", err)
	}
	pic := fs[0].Attachment
	item, err := evidence.Get(u.proj.Store, fs[0].Item)
	if err != nil {
		t.Fatal(err)
	}
	tapText(t, u, zh(item.Indicator+" · "+item.YearLabel()+" · "+item.Title)+"*")
	if s.selID != item.ID {
		t.Fatalf("clicking the row selected item %d, want %d", s.selID, item.ID)
	}
	tapButton(t, u, "不用于报告")
	closeDialogs(u)
	if c := figureCaption(t, u, pic); c != "" {
		t.Fatalf("after 不用于报告 the database still uses it as %q", c)
	}
	tapButton(t, u, "用于报告…")
	typeInto(t, u, entryWith(t, u, "图题，如 城东污水处理厂提标改造工程"), "城东街道河长公示牌")
	tapButton(t, u, "保存")
	closeDialogs(u)
	if c := figureCaption(t, u, pic); c != "城东街道河长公示牌" {
		t.Errorf("after 用于报告: caption %q in the database", c)
	}
	shot(t, u, "evidence-figure")
	if !strings.Contains(test.RenderObjectToMarkup(s.details), "城东街道河长公示牌") {
		t.Error("the detail does not show the new caption")
	}
}

// TestWorkflowConditions: 报告 → 基本条件 → 核实… on a condition → 不满足,
// an explanation and an evidence number typed → 保存: the judgement is in
// the database with its history; a wrong evidence number is refused and
// writes nothing.
func TestWorkflowConditions(t *testing.T) {
	u := newTestUI(t)
	u.ShowScreen("reports")
	conds, err := u.proj.Store.Conditions()
	if err != nil || len(conds) == 0 {
		t.Fatalf("no conditions: %v", err)
	}
	items, err := u.proj.Store.EvidenceItems()
	if err != nil || len(items) == 0 {
		t.Fatalf("no evidence items: %v", err)
	}
	c := conds[0]
	hist, _ := u.proj.Store.ConditionHistory(c.Key)

	tapText(t, u, "基本条件")
	tapButton(t, u, "核实…") // the first condition's
	typeInto(t, u, entryWith(t, u, "佐证材料编号，多个用顿号分隔，如 3、12"), "99999")
	tapButton(t, u, "保存")
	closeDialogs(u)
	if h, _ := u.proj.Store.ConditionHistory(c.Key); len(h) != len(hist) {
		t.Fatalf("a wrong evidence number was recorded: %d events, had %d", len(h), len(hist))
	}

	tapButton(t, u, "核实…")
	shot(t, u, "condition-form")
	tapText(t, u, "不满足")
	typeInto(t, u, entryWith(t, u, "核实情况，如 已印发《生态文明建设规划》并经区人大常委会审议通过"), "规划尚未经人大审议")
	typeInto(t, u, entryWith(t, u, "佐证材料编号，多个用顿号分隔，如 3、12"), strconv.FormatInt(items[0].ID, 10))
	tapButton(t, u, "保存")
	closeDialogs(u)

	after, err := u.proj.Store.Conditions()
	if err != nil {
		t.Fatal(err)
	}
	got := after[0]
	if got.Key != c.Key || got.State != store.ConditionNotMet || got.Note != "规划尚未经人大审议" ||
		len(got.Evidence) != 1 || got.Evidence[0] != items[0].ID || got.Origin != "gui" {
		t.Errorf("condition %s in the database: %+v", c.Key, got)
	}
	if h, _ := u.proj.Store.ConditionHistory(c.Key); len(h) != len(hist)+1 {
		t.Errorf("history of condition %s: %d events, want %d", c.Key, len(h), len(hist)+1)
	}
	s := u.shell.built["reports"].(*reportsScreen)
	shot(t, u, "conditions")
	if !strings.Contains(test.RenderObjectToMarkup(s.conditions.box), "规划尚未经人大审议") {
		t.Error("the list does not show the new explanation")
	}
}

// TestWorkflowImportSourceOnly: a workbook whose only change is a new
// 数据来源 beside values the database holds. The preview names the row
// 修改来源/备注 (as the command line does), not a 修改 of 100% to 100%, and
// shows from which source to which, in full when the row is selected;
// 确认导入 records the new source and keeps the value.
func TestWorkflowImportSourceOnly(t *testing.T) {
	u := newTestUI(t)
	u.ShowScreen("imports")
	pick, env := envReturn(t, u)
	k8 := catalog.ValueKey{Code: "8", Year: 2015, Field: catalog.FieldValue}
	old, _ := u.proj.Store.Values()
	prov, _ := u.proj.Store.CurrentProvenance()
	oldSource := prov[k8].Source
	if oldSource == "" {
		t.Fatal("the demo's 8/2015 has no 数据来源")
	}
	const newSource = "泰州市海陵生态环境局政府信息公开工作年度报告"
	fillTemplateColumn(t, env, "8", func(h string) bool { return h == "数据来源" }, newSource)

	tapText(t, u, "导入")
	startFileDialogsIn(pick)
	tapButton(t, u, "添加文件…")
	chooseFile(t, u, "环保局.xlsx")
	tapButton(t, u, "预检")
	s := u.shell.built["imports"].(*importsScreen)
	row := -1
	for i, r := range s.rows {
		if strings.HasPrefix(r.cols[1], "8 ") && r.cols[2] == "2015" {
			row = i
		}
	}
	if row < 0 {
		t.Fatalf("the preview has no row for 8/2015: %v", s.rows)
	}
	r := s.rows[row]
	if r.cols[0] != "修改来源/备注" {
		t.Errorf("结果 of a changed 数据来源 = %q, want 修改来源/备注", r.cols[0])
	}
	shown := strings.Join(r.cols[:], " ")
	if !strings.Contains(shown, oldSource) || !strings.Contains(shown, newSource) {
		t.Errorf("the row does not say from which source to which: %q", shown)
	}
	if m := test.RenderObjectToMarkup(s.preview); !strings.Contains(m, "数据来源由“") || strings.Contains(m, "「") {
		t.Error("the preview's 说明 does not quote with “” as the labels around it do")
	}
	if !strings.Contains(s.counts.Text, "修改 3（其中 3 个只改数据来源或备注）") {
		t.Errorf("the counts do not say the changes are sources only: %q", s.counts.Text)
	}
	s.preview.Select(widget.TableCellID{Row: row, Col: 1})
	if got := s.rowText.Text; !strings.Contains(got, "数值未变") || !strings.Contains(got, newSource) || !strings.Contains(got, r.cols[7]) || strings.Contains(got, "→") {
		t.Errorf("the selected row's full text = %q, want its reason and location, no old → new value", got)
	}
	u.win.Resize(u.win.Canvas().Size().AddWidthHeight(0, 1)) // lays out the grown labels, as the window's driver does
	shot(t, u, "import-source-only")

	tapButton(t, u, "确认导入")
	tapButton(t, u, "确定")
	closeDialogs(u)
	vs, _ := u.proj.Store.Values()
	prov, _ = u.proj.Store.CurrentProvenance()
	if vs[k8].String() != old[k8].String() || prov[k8].Source != newSource {
		t.Errorf("after 确认导入: 8/2015 = %v from %q, want %v from %q", vs[k8], prov[k8].Source, old[k8], newSource)
	}
}

// TestWorkflowImportProblemInFull: a value the importer refuses is listed
// under 问题, cut short by the table; clicking its row shows the whole
// message (what was found, what is expected) below the table.
func TestWorkflowImportProblemInFull(t *testing.T) {
	u := newTestUI(t)
	u.ShowScreen("imports")
	pick, env := envReturn(t, u)
	fillTemplate(t, env, "8", 2015, "九十五")
	tapText(t, u, "导入")
	startFileDialogsIn(pick)
	tapButton(t, u, "添加文件…")
	chooseFile(t, u, "环保局.xlsx")
	tapButton(t, u, "预检")
	s := u.shell.built["imports"].(*importsScreen)
	if len(s.probs) == 0 {
		t.Fatal("九十五 is not listed as a problem")
	}
	msg := s.probs[0].Message
	tapText(t, u, "问题")
	tapText(t, u, "九十五")
	if got := s.rowText.Text; !strings.Contains(got, "九十五") || !strings.Contains(got, msg) || !strings.Contains(got, "G8") {
		t.Errorf("the selected problem reads %q, want its place, what was found and %q", got, msg)
	}
}
