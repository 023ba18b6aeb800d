package sheets

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"math/rand"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"ecoreport/app/catalog"
	"ecoreport/app/evidence"
	"ecoreport/app/store"
)

// findProblem returns the first problem whose message contains all parts.
func findProblem(r *Report, sev Severity, parts ...string) (Problem, bool) {
	for _, p := range r.Problems() {
		if p.Severity != sev {
			continue
		}
		ok := true
		for _, part := range parts {
			if !strings.Contains(p.String(), part) {
				ok = false
			}
		}
		if ok {
			return p, true
		}
	}
	return Problem{}, false
}

func TestErrorsAndWarnings(t *testing.T) {
	s := newDemo(t)
	filled := fillWorkbook(t, exportBytes(t, s, "statistics"), fill{
		{"21", 2015}:           "abc",   // not a number
		{"21", 2016}:           "≥0.48", // comparator dropped with a warning
		{"21", 2017}:           "0.5吨",  // another measure unit
		{"21:condition", 2015}: "否",
		{"21:condition", 2016}: "也许", // not yes/no
		{"21:condition", 2017}: "是",
	}, nil)
	envFilled := fillWorkbook(t, exportBytes(t, s, "env"), fill{
		{"2", 2017}:  "30",   // env only supports indicator 2
		{"25", 2017}: "0.95", // a fraction for a percentage
		{"37", 2017}: "50",   // a jump from 2016's value
		{"8", 2016}:  "",     // a prefilled value cleared
	}, func(f *excelize.File, sheet string) {
		// A year outside the project, in an extra column.
		f.SetCellStr(sheet, "N3", "2014年")
		f.SetCellStr(sheet, "N4", "制定实施")
	})
	rep := mustImport(t, s, ImportOptions{DryRun: true},
		Input{Name: "统计局.xlsx", Data: filled}, Input{Name: "环保局.xlsx", Data: envFilled})
	cases := []struct {
		sev   Severity
		parts []string
	}{
		{Error, []string{"统计局.xlsx", "工作表「指标数据」", "单元格 G", "abc", "不是数字"}},
		{Warning, []string{"≥0.48", "比较符"}},
		{Error, []string{"0.5吨", "计量单位「吨」", "吨标煤/万元"}},
		{Error, []string{"也许", "是」或「否"}},
		{Error, []string{"环保局.xlsx", "指标 2 2017年", "配合单位"}},
		{Warning, []string{"0.95", "是否应为 95%"}},
		{Warning, []string{"指标 37 2017年", "变化了", "超过 30%"}},
		{Warning, []string{"指标 8 2016年", "被清空"}},
		{Error, []string{"2014年不在本项目的年度"}},
	}
	for _, c := range cases {
		if _, ok := findProblem(rep, c.sev, c.parts...); !ok {
			t.Errorf("missing %s %v in:\n%s", c.sev, c.parts, problemsText(rep))
		}
	}
	// The condition answers that are valid are classified.
	got := map[string]Outcome{}
	for _, it := range rep.Items {
		got[it.Indicator+"/"+it.Field+"/"+itoa(it.Year)] = it.Outcome
	}
	if got["21/condition/2015"] != Changed || got["21/value/2016"] != Changed {
		t.Errorf("outcomes: %v", got)
	}
	if _, ok := got["21/value/2015"]; ok {
		t.Error("an invalid value was classified")
	}
}

func TestConflicts(t *testing.T) {
	s := newDemo(t)
	tmpl := exportBytes(t, s, "env")
	// After the export the office changes two values in the database.
	for _, c := range []store.Change{{Code: "25", Year: 2015, Raw: "91"}, {Code: "25", Year: 2016, Raw: "92"}} {
		c.Provenance = store.Provenance{Actor: "创建办", Origin: "cli"}
		if _, err := s.SetValue(context.Background(), c); err != nil {
			t.Fatal(err)
		}
	}
	a := fillWorkbook(t, tmpl, fill{
		{"25", 2015}: "93",   // changed in both: conflict
		{"36", 2015}: "81.5", // two files disagree: conflict
		{"37", 2015}: "80.1", // two files agree: fine
	}, nil) // 25/2016 untouched in the workbook: the database value stays
	b := fillWorkbook(t, tmpl, fill{{"36", 2015}: "82", {"37", 2015}: "80.1"}, nil)
	rep := mustImport(t, s, ImportOptions{}, Input{Name: "a.xlsx", Data: a}, Input{Name: "b.xlsx", Data: b})
	out := map[string][]Outcome{}
	for _, it := range rep.Items {
		k := it.Indicator + "/" + itoa(it.Year)
		out[k] = append(out[k], it.Outcome)
	}
	if o := out["25/2015"]; len(o) != 2 || o[0] != Conflict || o[1] != Unchanged {
		t.Errorf("25/2015: %v", o)
	}
	if o := out["25/2016"]; len(o) != 2 || o[0] != Stale {
		t.Errorf("25/2016: %v", o)
	}
	if o := out["36/2015"]; len(o) != 2 || o[0] != Conflict || o[1] != Conflict {
		t.Errorf("36/2015: %v", o)
	}
	if o := out["37/2015"]; len(o) != 2 || o[0] != Changed || o[1] != Unchanged {
		t.Errorf("37/2015: %v", o)
	}
	if v := value(t, s, "25", 2015, "value"); v.Num != 91 {
		t.Errorf("a conflict was written: %v", v)
	}
	if v := value(t, s, "25", 2016, "value"); v.Num != 92 {
		t.Errorf("a stale value was written: %v", v)
	}
	if v := value(t, s, "37", 2015, "value"); v.Num != 80.1 {
		t.Errorf("37/2015 = %v", v)
	}
	if _, ok := findProblem(rep, Error, "a.xlsx", "指标 25 2015年", "之后数据库中的值改为「91%」"); !ok {
		t.Errorf("conflict not reported:\n%s", problemsText(rep))
	}
	// Strict mode writes nothing when there is a conflict.
	c := fillWorkbook(t, tmpl, fill{{"25", 2015}: "94", {"37", 2016}: "84"}, nil)
	strict := mustImport(t, s, ImportOptions{Strict: true}, Input{Name: "c.xlsx", Data: c})
	if strict.Committed || value(t, s, "37", 2016, "value").Num == 84 {
		t.Error("strict import wrote despite a conflict")
	}
}

// TestSameOrgReimport: a second version of the same organisation's workbook
// (built on the same export) is not a conflict with its own first import.
func TestSameOrgReimport(t *testing.T) {
	s := newDemo(t)
	tmpl := exportBytes(t, s, "env")
	v1 := fillWorkbook(t, tmpl, fill{{"25", 2015}: "93"}, nil)
	v2 := fillWorkbook(t, tmpl, fill{{"25", 2015}: "94"}, nil)
	mustImport(t, s, ImportOptions{}, Input{Name: "v1.xlsx", Data: v1})
	rep := mustImport(t, s, ImportOptions{}, Input{Name: "v2.xlsx", Data: v2})
	if rep.Counts.Changed != 1 || rep.Counts.Conflicts != 0 || value(t, s, "25", 2015, "value").Num != 94 {
		t.Errorf("second version: %+v\n%s", rep.Counts, problemsText(rep))
	}
}

// TestMetadataLost: the data copied into a new workbook (no hidden sheet, no
// key column) still imports, by file name, 序号 and names, with a warning.
func TestMetadataLost(t *testing.T) {
	s := newDemo(t)
	src, err := excelize.OpenReader(bytes.NewReader(fillWorkbook(t, exportBytes(t, s, "agriculture"), fill{
		{"12", 2015}: "19.1", {"13.2", 2016}: "明显",
	}, nil)))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := src.GetRows(SheetData)
	dst := excelize.NewFile()
	for i, r := range rows {
		vals := make([]any, 0, len(r))
		for j, c := range r {
			if j >= 11 { // drop the key column
				break
			}
			vals = append(vals, c)
		}
		dst.SetSheetRow("Sheet1", cellName(1, i+3), &vals) // two blank lines on top
	}
	buf, _ := dst.WriteToBuffer()
	rep := mustImport(t, s, ImportOptions{}, Input{Name: "区农委-指标填报表(复制).xlsx", Data: buf.Bytes()})
	if rep.Files[0].Org != "agriculture" || !rep.Committed {
		t.Fatalf("org %q committed %v\n%s", rep.Files[0].Org, rep.Committed, problemsText(rep))
	}
	if _, ok := findProblem(rep, Warning, "没有模板信息", "区农委"); !ok {
		t.Errorf("no warning:\n%s", problemsText(rep))
	}
	if v := value(t, s, "12", 2015, "value"); v.Num != 19.1 {
		t.Errorf("12/2015 = %v", v)
	}
	if v := value(t, s, "13.2", 2016, "value"); v.State != "明显" {
		t.Errorf("13.2/2016 = %v", v)
	}
}

func TestMergedCellsAndThousands(t *testing.T) {
	s := newDemo(t)
	filled := fillWorkbook(t, exportBytes(t, s, "econ-info"), fill{{"23", 2015}: "1,234.5"}, func(f *excelize.File, sheet string) {
		cells := dataCells(t, f, sheet)
		// One state typed once across the three year cells of indicator 33? 33
		// is numeric: merge 23's 2016 and 2017 cells holding "85".
		f.SetCellStr(sheet, cells[cellKey{"23", 2016}], "85")
		f.SetCellStr(sheet, cells[cellKey{"23", 2017}], "")
		if err := f.MergeCell(sheet, cells[cellKey{"23", 2016}], cells[cellKey{"23", 2017}]); err != nil {
			t.Fatal(err)
		}
	})
	// 1,234.5 is far from the demo's 68.4: written only when confirmed.
	mustImport(t, s, ImportOptions{AcceptWarnings: true}, Input{Name: "经信委.xlsx", Data: filled})
	for y, want := range map[int]float64{2015: 1234.5, 2016: 85, 2017: 85} {
		if v := value(t, s, "23", y, "value"); v.Num != want {
			t.Errorf("23/%d = %v, want %v", y, v, want)
		}
	}
}

func TestEvidence(t *testing.T) {
	s := newDemo(t)
	filled := fillWorkbook(t, exportBytes(t, s, "statistics"), nil, func(f *excelize.File, _ string) {
		sh := sheetWith(t, f, hdrEvTitle)
		rows := [][]any{
			{"21", 2016, "2016年海陵区能源消费统计表", "泰海统〔2017〕5号", "区统计局", 42809, 3, "C", "能源2016.pdf"},
			{"21", "", "能源消耗总量控制目标分解文件", "", "区发改委", "2016年3月1日", "12页", "原始文件", ""},
			{"21", 2016, "2016年海陵区能源消费统计表", "泰海统〔2017〕5号", "区统计局", "", "", "C", ""}, // duplicate
			{"8", 2016, "不是本单位的指标", "", "", "", "", "B", ""},
			{"21", 2013, "年度不对", "", "", "", "", "B", ""},
			{"21", 2017, "", "缺名称", "", "", "", "B", ""},
		}
		for i, r := range rows {
			f.SetSheetRow(sh, cellName(1, 3+i), &r)
		}
	})
	in := Input{Name: "统计局.xlsx", Data: filled}
	rep := mustImport(t, s, ImportOptions{}, in)
	if rep.Counts.Evidence != 2 || rep.Counts.EvidenceSame < 1 {
		t.Fatalf("evidence counts %+v\n%s", rep.Counts, problemsText(rep))
	}
	for _, parts := range [][]string{{"指标 8", "不由「区统计局」牵头"}, {"2013", "年度无效"}, {"缺少材料名称"}} {
		if _, ok := findProblem(rep, Error, parts...); !ok {
			t.Errorf("missing %v:\n%s", parts, problemsText(rep))
		}
	}
	items, _ := s.EvidenceItems()
	var found []store.EvidenceItem
	for _, e := range items {
		if e.Origin == "import" {
			found = append(found, e)
		}
	}
	if len(found) != 2 || found[1].IssuedOn != "2017-03-15" && found[0].IssuedOn != "2017-03-15" {
		t.Fatalf("imported evidence: %+v", found)
	}
	for _, e := range found {
		if e.Year == 0 && (e.Class != "B" || e.Pages != 12 || e.IssuedOn != "2016-03-01") {
			t.Errorf("second row: %+v", e)
		}
	}
	// Re-import: all duplicates; undo removes the two items.
	again := mustImport(t, s, ImportOptions{}, in)
	if again.Counts.Evidence != 0 || again.Committed {
		t.Errorf("re-import: %+v", again.Counts)
	}
	u, err := Undo(context.Background(), s, rep.ImportID, "王五")
	if err != nil || u.Evidence != 2 {
		t.Fatalf("undo: %+v %v", u, err)
	}
	// The deletions are in the evidence ledger, by the undo's actor.
	for _, e := range found {
		hist, err := evidence.History(s, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		last := hist[len(hist)-1]
		if len(hist) < 2 || last.Kind != evidence.KindDelete || last.Actor != "王五" || !strings.Contains(last.Feedback, fmt.Sprintf("撤销导入 #%d", rep.ImportID)) {
			t.Errorf("item %d history after undo: %+v", e.ID, hist)
		}
		if it, err := evidence.Get(s, e.ID); err != nil || it.DeletedAt == "" {
			t.Errorf("item %d not deleted: %+v %v", e.ID, it, err)
		}
	}
}

// TestRejections: files that are not workbooks are refused with a message
// on how to fix them, and never panic.
func TestRejections(t *testing.T) {
	s := newDemo(t)
	ole := append(append([]byte{}, oleMagic...), make([]byte, 1024)...)
	encrypted := append(append(append([]byte{}, oleMagic...), make([]byte, 512)...), utf16("EncryptionInfo")...)
	rnd := make([]byte, 4096)
	rand.New(rand.NewSource(1)).Read(rnd)
	// A zip bomb-ish workbook: a worksheet of 40 MB of zeros in a few KB.
	var bomb bytes.Buffer
	zw := zip.NewWriter(&bomb)
	w, _ := zw.Create("xl/workbook.xml")
	w.Write([]byte(`<workbook/>`))
	w, _ = zw.Create("xl/worksheets/sheet1.xml")
	w.Write(bytes.Repeat([]byte("<c>0</c>"), 5<<20))
	zw.Close()
	var docx bytes.Buffer
	zw = zip.NewWriter(&docx)
	w, _ = zw.Create("word/document.xml")
	w.Write([]byte("<document/>"))
	zw.Close()
	big := make([]byte, MaxFileSize+1)
	copy(big, "PK\x03\x04")
	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"旧表.xls", ole, "另存为"},
		{"改了扩展名.xlsx", ole, ".xls"},
		{"加密.xlsx", encrypted, "密码"},
		{"数据.csv", []byte("序号,指标名称,2015年\n8,环境信息公开率,100\n"), "CSV"},
		{"random.xlsx", rnd, "不是 Excel 工作簿"},
		{"bomb.xlsx", bomb.Bytes(), "过大"},
		{"文档.xlsx", docx.Bytes(), "Word"},
		{"空.xlsx", nil, "空的"},
		{"大.xlsx", big, "过大"},
		{"截断.xlsx", exportBytes(t, s, "env")[:3000], "损坏"},
	}
	for _, c := range cases {
		rep := mustImport(t, s, ImportOptions{}, Input{Name: c.name, Data: c.data})
		f := rep.Files[0]
		if !f.Rejected || len(f.Problems) == 0 || !strings.Contains(f.Problems[0].Message, c.want) {
			t.Errorf("%s: rejected=%v problems=%v, want %q", c.name, f.Rejected, f.Problems, c.want)
		}
		if rep.Committed {
			t.Errorf("%s: committed", c.name)
		}
	}
}

func TestFeedback(t *testing.T) {
	s := newDemo(t)
	filled := fillWorkbook(t, exportBytes(t, s, "statistics"), fill{{"21", 2015}: "abc"}, nil)
	mustImport(t, s, ImportOptions{}, Input{Name: "统计局.xlsx", Data: fillWorkbook(t, filled, fill{{"21", 2016}: "0.45"}, nil)})
	a, fbs, err := LoadFeedback(s)
	if err != nil {
		t.Fatal(err)
	}
	var stat *Feedback
	for i := range fbs {
		if fbs[i].Org == "statistics" {
			stat = &fbs[i]
		}
	}
	if stat == nil {
		t.Fatal("no feedback for 区统计局")
	}
	kinds := map[string]int{}
	for _, it := range stat.Items {
		kinds[it.Kind]++
	}
	if kinds[KindMissingEvidence] == 0 || kinds[KindImportError] != 1 {
		t.Errorf("items: %+v", stat.Items)
	}
	f, err := FeedbackWorkbook(a, *stat, testTime)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	buf, _ := f.WriteToBuffer()
	// A feedback workbook sent back by mistake is refused.
	rep := mustImport(t, s, ImportOptions{}, Input{Name: "反馈.xlsx", Data: buf.Bytes()})
	if !rep.Files[0].Rejected || !strings.Contains(rep.Files[0].Problems[0].Message, "问题反馈单") {
		t.Errorf("feedback imported: %+v", rep.Files[0])
	}
	sum, err := Summary(a, testTime)
	if err != nil {
		t.Fatal(err)
	}
	sum.Close()
	_ = catalog.FieldValue
	_ = time.Now
}
