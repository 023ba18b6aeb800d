package gui

import (
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/xuri/excelize/v2"

	"ecoreport/app/evidence"
	"ecoreport/app/sheets"
	"ecoreport/app/store"
	"ecoreport/report/pkg"
)

// shot saves the window as PNG into $GUI_SHOTS, when set, to look at states
// the screenshot tool cannot reach (dialogs, previews).
func shot(t *testing.T, u *UI, name string) {
	t.Helper()
	dir := os.Getenv("GUI_SHOTS")
	if dir == "" {
		return
	}
	img := u.win.Canvas().Capture()
	f, err := os.Create(filepath.Join(dir, name+".png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}

func TestEvidenceReviewChangesState(t *testing.T) {
	u := newTestUI(t)
	u.ShowScreen("evidence")
	s := u.shell.built["evidence"].(*evidenceScreen)
	if len(s.items) == 0 {
		t.Fatal("the demo shows no evidence items")
	}
	if s.selID == 0 {
		t.Fatal("no item selected on first show")
	}
	it := s.items[0]
	if it.State != evidence.StatePending {
		t.Fatalf("item %d is %s, want 待审 in a fresh demo store", it.ID, it.State)
	}
	shot(t, u, "evidence")

	// 需补充 needs a feedback text: the core refuses an empty one.
	s.review(it.ID, evidence.StateNeedsMore, "")
	if got, _ := evidence.Get(u.proj.Store, it.ID); got.State != evidence.StatePending {
		t.Fatalf("需补充 without feedback was recorded: %s", got.State)
	}
	s.review(it.ID, evidence.StateNeedsMore, "缺少盖章页")
	got, err := evidence.Get(u.proj.Store, it.ID)
	if err != nil || got.State != evidence.StateNeedsMore || got.Feedback != "缺少盖章页" {
		t.Fatalf("after 需补充: %+v, %v", got, err)
	}
	// The list follows, with the item still selected.
	if s.selID != it.ID || s.items[0].State != evidence.StateNeedsMore {
		t.Errorf("list not refreshed: sel %d, state %s", s.selID, s.items[0].State)
	}
	s.review(it.ID, evidence.StateRevised, "已补充盖章页")
	s.review(it.ID, evidence.StateAccepted, "")
	if got, _ := evidence.Get(u.proj.Store, it.ID); got.State != evidence.StateAccepted {
		t.Errorf("after 已整改 → 合格: %s", got.State)
	}
	// Once passed, the detail no longer shows the old feedback as current.
	if strings.Contains(test.RenderObjectToMarkup(s.details), "反馈意见") {
		t.Error("the detail of an accepted item still shows 反馈意见")
	}
	evs, _ := evidence.History(u.proj.Store, it.ID)
	if len(evs) < 4 {
		t.Errorf("history has %d entries, want the three reviews too", len(evs))
	}

	// Filtering on 合格 shows that item only among the accepted.
	s.stateSel.SetSelected(evidence.StateAccepted.Label())
	if len(s.items) != 1 || s.items[0].ID != it.ID {
		t.Errorf("filter 合格: %d items", len(s.items))
	}
	s.stateSel.SetSelected("全部")

	// Registering a new item with a file.
	pdf := filepath.Join(t.TempDir(), "规划.pdf")
	if err := os.WriteFile(pdf, evidence.SamplePDF("Plan", "test"), 0o644); err != nil {
		t.Fatal(err)
	}
	before := len(s.items)
	s.add(evidence.Draft{EvidenceItem: store.EvidenceItem{Indicator: "1", Year: 2017, Title: "测试材料", Org: ""}}, []string{pdf})
	if len(s.items) != before+1 {
		t.Fatalf("after adding: %d items, want %d", len(s.items), before+1)
	}
	added, ok := s.selected()
	if !ok || added.Title != "测试材料" || len(added.Attachments) != 1 {
		t.Errorf("the new item is not selected with its file: %+v", added)
	}
}

// fillTemplate sets one value of an exported fill-in workbook, by row key
// and year, as a person typing it would.
func fillTemplate(t *testing.T, path, key string, year int, text string) {
	t.Helper()
	yearRE := regexp.MustCompile(`^(\d{4})`)
	fillTemplateColumn(t, path, key, func(h string) bool {
		m := yearRE.FindStringSubmatch(h)
		return m != nil && m[1] == strconv.Itoa(year)
	}, text)
}

// fillTemplateColumn types text into the row of key in the workbook's
// indicator sheet, in the column whose header matches.
func fillTemplateColumn(t *testing.T, path, key string, column func(header string) bool, text string) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, sh := range f.GetSheetList() {
		rows, _ := f.GetRows(sh)
		hr, keyCol, col := -1, -1, -1
		for i, r := range rows {
			for j, c := range r {
				if c == "指标名称" {
					hr = i
				}
				if hr == i && strings.HasPrefix(c, "系统标识") {
					keyCol = j
				}
				if hr == i && column(c) {
					col = j
				}
			}
			if hr >= 0 {
				break
			}
		}
		if hr < 0 || keyCol < 0 || col < 0 {
			continue
		}
		for i := hr + 1; i < len(rows); i++ {
			if keyCol < len(rows[i]) && rows[i][keyCol] == key {
				ref, _ := excelize.CoordinatesToCellName(col+1, i+1)
				if err := f.SetCellStr(sh, ref, text); err != nil {
					t.Fatal(err)
				}
				if err := f.Save(); err != nil {
					t.Fatal(err)
				}
				return
			}
		}
	}
	t.Fatalf("%s: no cell for %s", path, key)
}

func TestImportPreviewThenCommit(t *testing.T) {
	u := newTestUI(t)
	u.ShowScreen("imports")
	s := u.shell.built["imports"].(*importsScreen)

	dir := t.TempDir()
	paths, err := sheets.WriteTemplates(u.proj.Assessment(), dir, sheets.ExportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var env string
	for _, p := range paths {
		if strings.Contains(filepath.Base(p), "环保局") {
			env = p
		}
	}
	if env == "" {
		t.Fatalf("no workbook for 环保局 among %v", paths)
	}
	old, _ := u.proj.Assessment().Values.Get("8", 2015)
	fillTemplate(t, env, "8", 2015, "95%")

	if !s.histEmpty.Visible() {
		t.Error("the empty import log does not say what to do first")
	}
	// Choosing the whole folder: the dry run previews and writes nothing.
	s.addPath(dir)
	if !s.commitBtn.Disabled() {
		t.Fatal("确认导入 enabled before the dry run")
	}
	s.dryRun()
	if s.report == nil || !s.report.DryRun {
		t.Fatalf("no dry run report: %s", s.counts.Text)
	}
	if s.report.Counts.Changed != 1 {
		t.Errorf("dry run counts %+v, want 1 changed\n%s", s.report.Counts, s.counts.Text)
	}
	found := false
	for _, r := range s.rows {
		if r.outcome == sheets.Changed && strings.HasPrefix(r.cols[1], "8 ") && r.cols[2] == "2015" {
			found = true
		}
	}
	if !found {
		t.Errorf("the preview table lacks the changed value 8/2015: %d rows", len(s.rows))
	}
	if v, _ := u.proj.Assessment().Values.Get("8", 2015); v != old {
		t.Fatalf("the dry run wrote: %v", v)
	}
	if s.commitBtn.Disabled() {
		t.Fatal("确认导入 disabled after a dry run with a change")
	}
	s.tabs.SelectIndex(1)
	shot(t, u, "imports-preview")

	s.commit()
	if v, _ := u.proj.Assessment().Values.Get("8", 2015); v.Num != 95 {
		t.Fatalf("after 确认导入: 8/2015 = %v, want 95", v)
	}
	if len(s.history) != 1 || s.history[0].Values != 1 {
		t.Fatalf("import history: %+v", s.history)
	}
	if !s.commitBtn.Disabled() {
		t.Error("确认导入 still enabled after the commit")
	}

	if s.histEmpty.Visible() {
		t.Error("the import log still says it is empty")
	}
	s.histTbl.Select(widget.TableCellID{Row: 0, Col: 1})
	if s.undoBtn.Disabled() {
		t.Error("撤销所选导入 disabled for a valid import")
	}
	// Undo sets the value back.
	s.undo(s.history[0].ID)
	if !s.undoBtn.Disabled() {
		t.Error("撤销所选导入 still enabled for the undone import")
	}
	if v, _ := u.proj.Assessment().Values.Get("8", 2015); v.Num != old.Num {
		t.Errorf("after undo: 8/2015 = %v, want %v", v, old)
	}
	if s.history[0].UndoneAt == "" {
		t.Error("history does not show the import undone")
	}
}

func TestChapterCheckAndSave(t *testing.T) {
	u := newTestUI(t)
	u.ShowScreen("reports")
	s := u.shell.built["reports"].(*reportsScreen)
	if s.curKey != "前言" {
		t.Fatalf("first chapter %q, want 前言", s.curKey)
	}
	if s.editor.Text == "" || s.saveBtn.Disabled() {
		t.Fatalf("the default text is not shown or does not pass: %s", s.check.Text)
	}
	hist := len(s.history)

	test.Type(s.editor, "") // focus
	s.editor.SetText("第一段。\n\n共有{{未知占位符}}项。")
	if !strings.Contains(s.check.Text, "第 3 行") || !s.saveBtn.Disabled() {
		t.Errorf("a wrong placeholder: check %q, save disabled %v", s.check.Text, s.saveBtn.Disabled())
	}
	s.editor.SetText("本区共有{{指标总数}}项指标。")
	if s.saveBtn.Disabled() || !strings.Contains(s.preview.Text, "本区共有") || strings.Contains(s.preview.Text, "{{") {
		t.Errorf("a right text: check %q, preview %q", s.check.Text, s.preview.Text)
	}
	s.note.SetText("测试修改")
	s.saveChapter()
	if len(s.history) != hist+1 || s.history[len(s.history)-1].Note != "测试修改" {
		t.Errorf("history after saving: %d versions, want %d", len(s.history), hist+1)
	}
	chs, _ := u.proj.Store.Chapters()
	if chs["前言"].Text != "本区共有{{指标总数}}项指标。" {
		t.Errorf("saved text = %q", chs["前言"].Text)
	}
	s.insertPlaceholder("区县")
	if !strings.Contains(s.editor.Text, "{{区县}}") {
		t.Errorf("placeholder not inserted: %q", s.editor.Text)
	}
	s.tabs.SelectIndex(1)
	shot(t, u, "reports-chapters")
}

func TestBuildPackage(t *testing.T) {
	u := newTestUI(t)
	u.ShowScreen("reports")
	s := u.shell.built["reports"].(*reportsScreen)
	if !strings.HasSuffix(s.outDir.Text, "报送材料") { // demo: 示例报送材料 in the home folder
		t.Errorf("default output folder %q", s.outDir.Text)
	}
	out := filepath.Join(t.TempDir(), "报送材料")
	s.outDir.SetText(out)
	start := time.Now()
	s.build()
	t.Logf("build took %v", time.Since(start))
	if s.result == nil {
		t.Fatalf("no result: %s", s.status.Text)
	}
	for _, d := range pkg.Documents {
		if st, err := os.Stat(filepath.Join(out, d.File)); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", d.File, err)
		}
	}
	if _, err := os.Stat(filepath.Join(out, pkg.ManifestPDF)); err != nil {
		t.Error(err)
	}
	if s.progress.Value != 1 || s.openTech.Disabled() || s.openDir.Disabled() {
		t.Errorf("after the build: progress %v, open buttons disabled %v %v", s.progress.Value, s.openDir.Disabled(), s.openTech.Disabled())
	}
	shot(t, u, "reports-built")
}

// TestImportHeldValues: a value 10× off the database's is listed in the
// preview with an unticked box; without the tick the import writes the
// rest and holds it, with the tick it is written.
func TestImportHeldValues(t *testing.T) {
	for _, tick := range []bool{false, true} {
		t.Run(fmt.Sprintf("tick=%v", tick), func(t *testing.T) {
			u := newTestUI(t)
			u.ShowScreen("imports")
			s := u.shell.built["imports"].(*importsScreen)
			dir := t.TempDir()
			paths, err := sheets.WriteTemplates(u.proj.Assessment(), dir, sheets.ExportOptions{})
			if err != nil {
				t.Fatal(err)
			}
			var env string
			for _, p := range paths {
				if strings.Contains(filepath.Base(p), "环保局") {
					env = p
				}
			}
			old, _ := u.proj.Assessment().Values.Get("8", 2015)
			if !old.IsNum || old.Num == 0 {
				t.Fatalf("demo 8/2015 = %v, want a number", old)
			}
			tenth := strconv.FormatFloat(old.Num/10, 'f', -1, 64)
			fillTemplate(t, env, "8", 2015, tenth+"%")
			// A plausible change in the same file is written either way.
			old17, _ := u.proj.Assessment().Values.Get("8", 2017)
			new17 := old17.Num * 0.99
			fillTemplate(t, env, "8", 2017, strconv.FormatFloat(new17, 'f', -1, 64)+"%")
			_, _, before := lastEvent(t, u, "8", 2015)

			s.addPath(env)
			s.dryRun()
			ind8, _ := u.proj.Assessment().Catalog.Indicator("8")
			if n := len(s.report.Held()); n != 1 {
				t.Fatalf("dry run holds %d values, want 1: %s", n, s.counts.Text)
			}
			if !s.held.Visible() || !s.acceptHeld.Visible() || s.acceptHeld.Checked {
				t.Fatal("the held value is not listed with an unticked box")
			}
			for _, want := range []string{filepath.Base(env), "工作表", "单元格", "指标 8", "2015年", tenth + "%", old.Format(ind8.MeasureUnit, 0)} {
				if !strings.Contains(s.held.Text, want) {
					t.Errorf("the held list lacks %q:\n%s", want, s.held.Text)
				}
			}
			if s.acceptHeld.Text != "确认写入以上 1 个待确认的数值" {
				t.Errorf("tick text %q", s.acceptHeld.Text)
			}
			s.tabs.SelectIndex(1)
			shot(t, u, "imports-held")
			s.acceptHeld.SetChecked(tick)
			s.commit()
			if v, _ := u.proj.Assessment().Values.Get("8", 2017); v.Num != new17 {
				t.Errorf("8/2017 = %v, want %v written", v, new17)
			}
			v, _ := u.proj.Assessment().Values.Get("8", 2015)
			_, _, after := lastEvent(t, u, "8", 2015)
			if tick {
				if v.Num != old.Num/10 || after != before+1 {
					t.Errorf("ticked: 8/2015 = %v with %d events, want %v with %d", v, after, old.Num/10, before+1)
				}
				if strings.Contains(s.counts.Text, "未写入") {
					t.Errorf("ticked: message says not written: %s", s.counts.Text)
				}
			} else {
				if v != old || after != before {
					t.Errorf("unticked: 8/2015 = %v with %d events, want %v unchanged with %d", v, after, old, before)
				}
				if !strings.Contains(s.counts.Text, "有 1 个待确认的数值未写入") {
					t.Errorf("unticked: message does not say the held value was not written: %s", s.counts.Text)
				}
			}
		})
	}
}

// TestEvidenceAttachmentSizeShown: on the demo with its sample
// attachments, an attachment's size shows in full beside its name, even
// when the long name is cut short.
func TestEvidenceAttachmentSizeShown(t *testing.T) {
	u := newTestUI(t)
	if err := evidence.SeedDemo(u.proj.Store); err != nil {
		t.Fatal(err)
	}
	if err := u.proj.Reload(); err != nil {
		t.Fatal(err)
	}
	u.ShowScreen("evidence")
	u.changed()
	s := u.shell.built["evidence"].(*evidenceScreen)
	it, ok := s.selected()
	if !ok || len(it.Attachments) == 0 {
		t.Fatalf("the first demo item has no attachment: %+v", it)
	}
	at := it.Attachments[0]
	var name, size *widget.Label
	walkPositions(s.details, s.details.Position(), func(o fyne.CanvasObject, _ fyne.Position) {
		if l, ok := o.(*widget.Label); ok {
			switch l.Text {
			case at.Name:
				name = l
			case "（" + humanSize(at.Size) + "）":
				size = l
			}
		}
	})
	if name == nil || size == nil {
		t.Fatalf("the detail shows no name (%v) or no size (%v) of %s", name != nil, size != nil, at.Name)
	}
	if size.Truncation != fyne.TextTruncateOff || size.Size().Width < size.MinSize().Width {
		t.Errorf("the size of %s is cut short: %v wide for %v", at.Name, size.Size().Width, size.MinSize().Width)
	}
}

// TestEvidenceFiltersFitNarrowWindow: in a window of 1024 points every
// filter of the 佐证材料 screen, 状态 the last, is on screen.
func TestEvidenceFiltersFitNarrowWindow(t *testing.T) {
	u := newTestUI(t)
	u.win.Resize(fyne.NewSize(1024, 700))
	u.ShowScreen("evidence")
	s := u.shell.built["evidence"].(*evidenceScreen)
	// The filters scroll sideways: what is seen is the scroll's viewport.
	var view *container.Scroll
	walkPositions(s.root, fyne.NewPos(0, 0), func(o fyne.CanvasObject, _ fyne.Position) {
		if sc, ok := o.(*container.Scroll); ok && sc.Direction == container.ScrollHorizontalOnly && view == nil {
			view = sc
		}
	})
	if view == nil {
		t.Fatal("no sideways scroll on the screen")
	}
	d := fyne.CurrentApp().Driver()
	end := d.AbsolutePositionForObject(view).X + view.Size().Width
	for name, sel := range map[string]fyne.CanvasObject{"指标": s.indSel, "年度": s.yearSel, "单位": s.orgSel, "状态": s.stateSel} {
		pos := d.AbsolutePositionForObject(sel)
		if right := pos.X + sel.Size().Width; right > end || sel.Size().Width == 0 {
			t.Errorf("the %s filter ends at %v, beyond the visible %v", name, right, end)
		}
	}
}

// TestEvidenceMissingByOrg: the units short of accepted evidence are
// listed without a half-width space between Chinese words.
func TestEvidenceMissingByOrg(t *testing.T) {
	u := newTestUI(t)
	if err := evidence.SeedDemo(u.proj.Store); err != nil {
		t.Fatal(err)
	}
	if err := u.proj.Reload(); err != nil {
		t.Fatal(err)
	}
	u.ShowScreen("evidence")
	u.changed()
	s := u.shell.built["evidence"].(*evidenceScreen)
	got := s.missing.Text
	if !strings.HasPrefix(got, "尚缺合格材料：区政府办缺 1；海陵环保局缺 32；") || strings.Contains(got, " 缺") {
		t.Errorf("尚缺合格材料 reads %q", got)
	}
}
