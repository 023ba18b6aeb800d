package sheets

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"ecoreport/app/catalog"
	"ecoreport/app/store"
)

// TestImportBoolCell: TRUE or FALSE in a number cell (a logical value in
// Excel and LibreOffice, stored as 1 or 0) is refused, never read as 1 or
// 0; in a condition cell it answers yes or no.
func TestImportBoolCell(t *testing.T) {
	s := newDemo(t)
	env := fillWorkbook(t, exportBytes(t, s, "env"), fill{
		{"37", 2017}: true,
		{"36", 2017}: false,
	}, nil)
	stat := fillWorkbook(t, exportBytes(t, s, "statistics"), fill{
		{"21:condition", 2016}: true, // exported as 否
	}, nil)
	rep := mustImport(t, s, ImportOptions{}, Input{Name: "环保局.xlsx", Data: env}, Input{Name: "统计局.xlsx", Data: stat})
	for _, parts := range [][]string{
		{"环保局.xlsx", "指标 37 2017年", "逻辑值 TRUE", "不会当作 1 或 0"},
		{"环保局.xlsx", "指标 36 2017年", "逻辑值 FALSE"},
	} {
		if _, ok := findProblem(rep, Error, parts...); !ok {
			t.Errorf("missing error %v in:\n%s", parts, problemsText(rep))
		}
	}
	if v := value(t, s, "37", 2017, "value"); v.Num != 85.9 {
		t.Errorf("37/2017 = %v, want 85.9 kept", v)
	}
	if v := value(t, s, "36", 2017, "value"); v.Num != 86.4 {
		t.Errorf("36/2017 = %v, want 86.4 kept", v)
	}
	if v := value(t, s, "21", 2016, "condition"); v.State != "是" {
		t.Errorf("21/2016 condition = %v, want 是", v)
	}
	if strings.Contains(problemsText(rep), "「1」") {
		t.Errorf("a logical value is shown as 1:\n%s", problemsText(rep))
	}
}

// TestImportEmptyRowsPastBound: LibreOffice writes an empty row 1048576
// after a row was deleted. That is no content past the row bound: no
// warning, and the merged ranges that follow the rows in the sheet's XML
// still apply (one value typed across 2016 and 2017). A value past the
// bound is still reported.
func TestImportEmptyRowsPastBound(t *testing.T) {
	for _, tc := range []struct {
		name      string
		rows      string // put at the end of the sheet data
		truncated bool
	}{
		{"empty last row", `<row r="1048576" customFormat="false" ht="12.8" hidden="false"></row>`, false},
		{"empty cells past the bound", `<row r="6000"><c r="A6000" s="0"/></row><row r="1048576"/>`, false},
		{"value past the bound", `<row r="6000"><c r="A6000" t="inlineStr"><is><t>备注</t></is></c></row>`, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newDemo(t)
			filled := fillWorkbook(t, exportBytes(t, s, "env"), fill{{"37", 2016}: "84"}, func(f *excelize.File, sheet string) {
				cells := dataCells(t, f, sheet)
				if err := f.MergeCell(sheet, cells[cellKey{"37", 2016}], cells[cellKey{"37", 2017}]); err != nil {
					t.Fatal(err)
				}
			})
			filled = rewriteZip(t, filled, func(name string, b []byte) []byte {
				if !strings.HasPrefix(name, "xl/worksheets/") || !bytes.Contains(b, []byte("<mergeCell ")) {
					return b
				}
				return bytes.Replace(b, []byte("</sheetData>"), []byte(tc.rows+"</sheetData>"), 1)
			})
			rep := mustImport(t, s, ImportOptions{}, Input{Name: "环保局.xlsx", Data: filled})
			if _, got := findProblem(rep, Warning, "指标数据", "超过 5000 行"); got != tc.truncated {
				t.Errorf("warning about rows past the bound: %v, want %v:\n%s", got, tc.truncated, problemsText(rep))
			}
			for _, y := range []int{2016, 2017} {
				if v := value(t, s, "37", y, "value"); v.Num != 84 {
					t.Errorf("37/%d = %v, want 84 (merged across both years)", y, v)
				}
			}
		})
	}
}

// TestImportTextCellsAsShown: a date or a percentage in a free-text cell
// (数据来源, 备注, a narrative) is imported as the person sees it, not as
// the serial number or fraction stored underneath.
func TestImportTextCellsAsShown(t *testing.T) {
	s := newDemo(t)
	filled := fillWorkbook(t, exportBytes(t, s, "env"), fill{{"37", 2017}: "86"}, func(f *excelize.File, sheet string) {
		r := rowOf(t, dataCells(t, f, sheet)[cellKey{"37", 2017}])
		pct, err := f.NewStyle(&excelize.Style{NumFmt: 9})
		if err != nil {
			t.Fatal(err)
		}
		if err := f.SetCellValue(sheet, cellName(10, r), 0.5); err != nil { // 数据来源: typed 50%
			t.Fatal(err)
		}
		if err := f.SetCellStyle(sheet, cellName(10, r), cellName(10, r), pct); err != nil {
			t.Fatal(err)
		}
		if err := f.SetCellValue(sheet, cellName(11, r), time.Date(2018, 1, 15, 0, 0, 0, 0, time.UTC)); err != nil { // 备注
			t.Fatal(err)
		}
		narr := sheetWith(t, f, "主要措施")
		rows, err := f.GetRows(narr)
		if err != nil {
			t.Fatal(err)
		}
		for i, row := range rows {
			if len(row) > 0 && row[0] == "7" {
				ref := cellName(6, i+1) // 存在问题（选填）
				if err := f.SetCellValue(narr, ref, 0.95); err != nil {
					t.Fatal(err)
				}
				if err := f.SetCellStyle(narr, ref, ref, pct); err != nil {
					t.Fatal(err)
				}
			}
		}
	})
	rep := mustImport(t, s, ImportOptions{}, Input{Name: "环保局.xlsx", Data: filled})
	if !rep.Committed {
		t.Fatalf("not committed:\n%s", problemsText(rep))
	}
	prov, err := s.CurrentProvenance()
	if err != nil {
		t.Fatal(err)
	}
	p := prov[catalog.ValueKey{Code: "37", Year: 2017, Field: catalog.FieldValue}]
	if p.Source != "50%" || p.Note != "2018-01-15" {
		t.Errorf("37/2017 source %q note %q, want 50%% and 2018-01-15", p.Source, p.Note)
	}
	found := false
	for _, n := range rep.Narratives {
		if n.Indicator == "7" && n.Field == "存在问题" {
			found = true
			if n.New != "95%" {
				t.Errorf("narrative of 7 = %q, want 95%%", n.New)
			}
		}
	}
	if !found {
		t.Errorf("narrative of 7 not read: %+v", rep.Narratives)
	}
}

// TestImportSourceOrNoteOfUnchangedValue: a 数据来源 or 备注 typed in a row
// beside values the database holds already is a change of those texts:
// the preview lists it as 修改 saying from what to what, the import writes
// it for the values of the row whose source is the one the template showed
// (a year with its own source keeps it), importing the file again writes nothing, and undoing the import
// restores the earlier source and note exactly. A changed value carries the
// texts with it. The source the template showed is no such text, even where
// the database holds another source for an earlier year.
func TestImportSourceOrNoteOfUnchangedValue(t *testing.T) {
	s := newDemo(t)
	if _, err := s.SetValue(context.Background(), store.Change{Code: "37", Year: 2015, Raw: "81.3",
		Provenance: store.Provenance{Actor: "创建办", Origin: "cli", Source: "2015年满意度调查"}}); err != nil {
		t.Fatal(err)
	}
	tmpl := exportBytes(t, s, "env")
	if rep := mustImport(t, s, ImportOptions{DryRun: true}, Input{Name: "原样.xlsx", Data: tmpl}); rep.Counts.Warnings != 0 || rep.Counts.Changed != 0 {
		t.Errorf("untouched workbook: %+v\n%s", rep.Counts, problemsText(rep))
	}
	filled := fillWorkbook(t, tmpl, fill{{"36", 2017}: "87"}, func(f *excelize.File, sheet string) {
		cells := dataCells(t, f, sheet)
		r37, r36 := rowOf(t, cells[cellKey{"37", 2017}]), rowOf(t, cells[cellKey{"36", 2017}])
		for ref, text := range map[string]string{
			cellName(10, r37): "2017年满意度调查报告", cellName(11, r37): "抽样 1200 户",
			cellName(11, r36): "2017年扩大调查范围",
		} {
			if err := f.SetCellStr(sheet, ref, text); err != nil {
				t.Fatal(err)
			}
		}
	})
	in := Input{Name: "环保局.xlsx", Data: filled}
	key := func(code string, y int) catalog.ValueKey {
		return catalog.ValueKey{Code: code, Year: y, Field: catalog.FieldValue}
	}
	before, err := s.CurrentProvenance()
	if err != nil {
		t.Fatal(err)
	}
	shown := before[key("37", 2017)]
	if shown.Source == "" || before[key("37", 2016)].Source != shown.Source || before[key("37", 2016)].Note != "" {
		t.Fatalf("demo sources of 37: 2016 %+v, 2017 %+v", before[key("37", 2016)].Provenance, shown.Provenance)
	}
	wantReason := "数值未变，数据来源由「" + shown.Source + "」改为「2017年满意度调查报告」，备注由空白改为「抽样 1200 户」"
	summary := func(rep *Report) []string {
		var out []string
		for _, it := range rep.Items {
			if it.Outcome != Unchanged {
				out = append(out, fmt.Sprintf("%s %s/%d %s→%s %v %s", it.Outcome, it.Indicator, it.Year, it.Old, it.New, it.SourceOrNote, it.Reason))
			}
		}
		sort.Strings(out)
		return out
	}
	dry := mustImport(t, s, ImportOptions{DryRun: true}, in)
	want := []string{
		"changed 36/2016 82.6%→82.6% true 数值未变，备注由空白改为「2017年扩大调查范围」",
		"changed 36/2017 86.4%→87% false ",
		"changed 37/2016 83.5%→83.5% true " + wantReason,
		"changed 37/2017 85.9%→85.9% true " + wantReason,
	}
	if got := summary(dry); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("preview:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, it := range dry.Items {
		// The preview names the cell the person changed: 数据来源 (J) or 备注 (K).
		if it.SourceOrNote && !strings.HasPrefix(it.Cell, "J") && !strings.HasPrefix(it.Cell, "K") {
			t.Errorf("%s/%d: source-only change reported at %s", it.Indicator, it.Year, it.Cell)
		}
	}
	if dry.Counts.Changed != 4 || dry.Counts.Warnings != 0 {
		t.Errorf("preview counts %+v:\n%s", dry.Counts, problemsText(dry))
	}
	events := countValueEvents(t, s)
	rep := mustImport(t, s, ImportOptions{}, in)
	if got := summary(rep); strings.Join(got, "\n") != strings.Join(summary(dry), "\n") || !rep.Committed {
		t.Errorf("import (committed %v) differs from its preview:\n%s", rep.Committed, strings.Join(got, "\n"))
	}
	if n := countValueEvents(t, s) - events; n != 4 {
		t.Errorf("the import wrote %d value events, want 4", n)
	}
	after, err := s.CurrentProvenance()
	if err != nil {
		t.Fatal(err)
	}
	for _, y := range []int{2016, 2017} {
		if p := after[key("37", y)]; p.Source != "2017年满意度调查报告" || p.Note != "抽样 1200 户" || p.ImportID != rep.ImportID {
			t.Errorf("37/%d after the import: %+v", y, p.Provenance)
		}
	}
	if p := after[key("37", 2015)]; p != before[key("37", 2015)] {
		t.Errorf("37/2015 keeps its own source: %+v", p.Provenance)
	}
	if p := after[key("36", 2017)]; p.Note != "2017年扩大调查范围" {
		t.Errorf("the note of the changed value 36/2017 = %q", p.Note)
	}
	hs, err := s.History("37", 2017)
	if err != nil {
		t.Fatal(err)
	}
	if last := hs[len(hs)-1]; last.Old != last.Value || last.Source != "2017年满意度调查报告" {
		t.Errorf("history of 37/2017 ends with %+v", last)
	}

	// The same file again: nothing to write.
	again := mustImport(t, s, ImportOptions{}, in)
	if again.Committed || again.Counts.Changed != 0 || countValueEvents(t, s) != events+4 {
		t.Errorf("the same file again: committed %v, counts %+v", again.Committed, again.Counts)
	}

	// Undo: the earlier source and note, exactly.
	u, err := Undo(context.Background(), s, rep.ImportID, "李四")
	if err != nil {
		t.Fatal(err)
	}
	if u.Restored != 4 {
		t.Errorf("undo restored %d values, want 4", u.Restored)
	}
	undone, err := s.CurrentProvenance()
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []catalog.ValueKey{key("37", 2016), key("37", 2017), key("36", 2016), key("36", 2017)} {
		b, a := before[k], undone[k]
		if a.Source != b.Source || a.Note != b.Note || a.Origin != "undo" || a.Actor != "李四" || valueText(t, s, k.Code, k.Year) != b.Value {
			t.Errorf("%s/%d after undo: %q %+v, want %q %+v", k.Code, k.Year, valueText(t, s, k.Code, k.Year), a.Provenance, b.Value, b.Provenance)
		}
	}
}

func countValueEvents(t *testing.T, s *store.Store) int {
	t.Helper()
	var n int
	if err := s.DB().QueryRow(`SELECT count(*) FROM value_events`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// valueText is a current value as the history and the report show it.
func valueText(t *testing.T, s *store.Store, code string, year int) string {
	t.Helper()
	prov, err := s.CurrentProvenance()
	if err != nil {
		t.Fatal(err)
	}
	return prov[catalog.ValueKey{Code: code, Year: year, Field: catalog.FieldValue}].Value
}

// TestImportSummaryRefused: the consolidated workbook sent back as a return
// (as exported, and re-saved by LibreOffice where it is installed) is
// refused by name, not guessed to be some organisation's return.
func TestImportSummaryRefused(t *testing.T) {
	s := newDemo(t)
	sum, err := Summary(load(t, s), testTime)
	if err != nil {
		t.Fatal(err)
	}
	defer sum.Close()
	buf, err := sum.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	if got := sum.GetSheetList(); got[len(got)-1] != sheetMeta || got[0] != "任务分解汇总" {
		t.Errorf("sheets %v", got)
	}
	inputs := []Input{{Name: "汇总表.xlsx", Data: buf.Bytes()}}
	if _, err := exec.LookPath("soffice"); err == nil && !testing.Short() {
		inputs = append(inputs, Input{Name: "汇总表-LibreOffice.xlsx", Data: libreOfficeResave(t, buf.Bytes())})
	}
	for _, in := range inputs {
		rep := mustImport(t, s, ImportOptions{DryRun: true}, in)
		f := rep.Files[0]
		if !f.Rejected || f.Org != "" || len(f.Problems) != 1 || !strings.Contains(f.Problems[0].String(), in.Name+"：这不是指标填报表（是全区汇总表）") {
			t.Errorf("%s: rejected %v org %q:\n%s", in.Name, f.Rejected, f.Org, problemsText(rep))
		}
	}
}

// TestImportVisibleColumnsSortedWithoutKey: the visible columns sorted (or
// cells moved) without the hidden key column: the key no longer names the
// indicator the person saw and filled, so the row is refused with a message
// naming the cell, never imported as the key's indicator.
func TestImportVisibleColumnsSortedWithoutKey(t *testing.T) {
	s := newDemo(t)
	filled := fillWorkbook(t, exportBytes(t, s, "env"), nil, func(f *excelize.File, sheet string) {
		cells := dataCells(t, f, sheet)
		r25, r37 := rowOf(t, cells[cellKey{"25", 2017}]), rowOf(t, cells[cellKey{"37", 2017}])
		r8 := rowOf(t, cells[cellKey{"8", 2017}])
		// Rows of 25 and 37 swapped in columns A–K only (the key is L).
		for c := 1; c <= 11; c++ {
			a, _ := f.GetCellValue(sheet, cellName(c, r25))
			b, _ := f.GetCellValue(sheet, cellName(c, r37))
			for ref, v := range map[string]string{cellName(c, r25): b, cellName(c, r37): a} {
				var err error
				if n, perr := strconv.ParseFloat(v, 64); perr == nil && c >= 7 && c <= 9 {
					err = f.SetCellFloat(sheet, ref, n, -1, 64)
				} else {
					err = f.SetCellStr(sheet, ref, v)
				}
				if err != nil {
					t.Fatal(err)
				}
			}
		}
		// Row of 8: 序号 cleared, another indicator's name, a value typed.
		for ref, v := range map[string]string{cellName(1, r8): "", cellName(2, r8): "危险废物安全处置率", cellName(9, r8): "99"} {
			if err := f.SetCellStr(sheet, ref, v); err != nil {
				t.Fatal(err)
			}
		}
	})
	rep := mustImport(t, s, ImportOptions{}, Input{Name: "环保局.xlsx", Data: filled})
	for _, parts := range [][]string{
		{"单元格 A23（指标 25）", "第 23 行的序号是「37」", "隐藏的「系统标识（请勿修改）」列标明此行是指标 25", "此行的值未导入"},
		{"单元格 A28（指标 37）", "第 28 行的序号是「25」"},
		{"单元格 B8（指标 8）", "第 8 行的指标名称是「危险废物安全处置率」"},
	} {
		if _, ok := findProblem(rep, Error, parts...); !ok {
			t.Errorf("missing error %v in:\n%s", parts, problemsText(rep))
		}
	}
	want := map[string][3]float64{"25": {96.2, 97.5, 98.1}, "37": {81.2, 83.5, 85.9}, "8": {100, 100, 100}}
	for code, vals := range want {
		for i, y := range []int{2015, 2016, 2017} {
			if v := value(t, s, code, y, "value"); v.Num != vals[i] {
				t.Errorf("%s/%d = %v, want %v kept", code, y, v, vals[i])
			}
		}
	}
}

// TestImportNarrativesSortedWithoutKey: the same for the 工作措施与成效
// sheet: texts whose row's 序号 disagrees with its hidden key are refused,
// not imported as the key's indicator's texts.
func TestImportNarrativesSortedWithoutKey(t *testing.T) {
	s := newDemo(t)
	filled := fillWorkbook(t, exportBytes(t, s, "env"), nil, func(f *excelize.File, _ string) {
		narr := sheetWith(t, f, "主要措施")
		rows, err := f.GetRows(narr)
		if err != nil {
			t.Fatal(err)
		}
		at := map[string]int{}
		for i, row := range rows {
			if len(row) > 0 {
				at[row[0]] = i + 1
			}
		}
		r5, r7 := at["5"], at["7"]
		for c := 1; c <= 6; c++ {
			a, _ := f.GetCellValue(narr, cellName(c, r5))
			b, _ := f.GetCellValue(narr, cellName(c, r7))
			if c == 6 {
				a = "排污许可证核发进度偏慢" // typed for 5, before the sort
			}
			if err := f.SetCellStr(narr, cellName(c, r5), b); err != nil {
				t.Fatal(err)
			}
			if err := f.SetCellStr(narr, cellName(c, r7), a); err != nil {
				t.Fatal(err)
			}
		}
	})
	rep := mustImport(t, s, ImportOptions{DryRun: true}, Input{Name: "环保局.xlsx", Data: filled})
	for _, parts := range [][]string{
		{"工作表「工作措施与成效」", "（指标 5）", "的序号是「7」", "标明此行是指标 5", "此行未导入"},
		{"（指标 7）", "的序号是「5」", "标明此行是指标 7"},
	} {
		if _, ok := findProblem(rep, Error, parts...); !ok {
			t.Errorf("missing error %v in:\n%s", parts, problemsText(rep))
		}
	}
	for _, n := range rep.Narratives {
		if (n.Indicator == "5" || n.Indicator == "7") && n.Outcome != Unchanged {
			t.Errorf("narrative imported across rows: %s %s %s %q", n.Indicator, n.Field, n.Outcome, n.New)
		}
	}
}

// TestImportEvidenceEditsOfRegisteredItems: an organisation correcting the
// pages or the file name of an evidence item already registered, or adding
// the 文号 it lacked, gets a warning saying what was not taken (registered
// items are not changed by an import) instead of the edit vanishing among
// the duplicates. An untouched list gives no warning.
func TestImportEvidenceEditsOfRegisteredItems(t *testing.T) {
	s := newDemo(t)
	tmpl := exportBytes(t, s, "env")
	if rep := mustImport(t, s, ImportOptions{DryRun: true}, Input{Name: "原样.xlsx", Data: tmpl}); rep.Counts.Warnings != 0 {
		t.Errorf("untouched workbook has warnings:\n%s", problemsText(rep))
	}
	filled := fillWorkbook(t, tmpl, nil, func(f *excelize.File, _ string) {
		ev := sheetWith(t, f, hdrEvTitle)
		for ref, v := range map[string]any{"G2": 130, "I3": "决议.pdf", "D4": "海创办〔2018〕1号"} {
			if err := f.SetCellValue(ev, ref, v); err != nil {
				t.Fatal(err)
			}
		}
	})
	rep := mustImport(t, s, ImportOptions{}, Input{Name: "环保局.xlsx", Data: filled})
	for _, parts := range [][]string{
		{"工作表「佐证材料」，单元格 G2（指标 1 2016年）", "填写「130」", "第 2 行的佐证材料「海陵区生态文明建设规划(2016—2020)」已登记（编号 1）", "页数填「130」（登记为「126」）", "此行未导入"},
		{"单元格 I3", "已登记（编号 2）", "文件名填「决议.pdf」（登记为空白）"},
		{"单元格 D4", "第 4 行与已登记的佐证材料「生态文明建设规划制定实施情况汇总表」（编号 3，没有文号）同名", "将作为另一份材料登记"},
	} {
		if _, ok := findProblem(rep, Warning, parts...); !ok {
			t.Errorf("missing warning %v in:\n%s", parts, problemsText(rep))
		}
	}
	items, err := s.EvidenceItems()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range items {
		if e.ID == 1 && e.Pages != 126 {
			t.Errorf("registered item changed: %+v", e)
		}
	}
	if rep.Counts.Evidence != 1 {
		t.Errorf("%d new evidence items, want 1 (the one with a 文号)", rep.Counts.Evidence)
	}
}

// TestImportAnnotatedYearHeader: a year column the organisation headed
// "2017年（预计）" holds estimates, not the year's values: refused, naming
// the header cell. Another note in a year header is imported with a warning.
func TestImportAnnotatedYearHeader(t *testing.T) {
	s := newDemo(t)
	filled := fillWorkbook(t, exportBytes(t, s, "env"), fill{{"37", 2017}: "88", {"37", 2016}: "84"}, func(f *excelize.File, sheet string) {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for i, row := range rows {
			for j, c := range row {
				note := map[string]string{"2017年": "2017年（预计）", "2016年": "2016年（修正后）"}[c]
				if note == "" {
					continue
				}
				if err := f.SetCellStr(sheet, cellName(j+1, i+1), note); err != nil {
					t.Fatal(err)
				}
			}
		}
	})
	rep := mustImport(t, s, ImportOptions{}, Input{Name: "环保局.xlsx", Data: filled})
	if _, ok := findProblem(rep, Error, "单元格 I3", "列标题「2017年（预计）」注明不是实际值，此列的值未导入"); !ok {
		t.Errorf("no error for the estimates column:\n%s", problemsText(rep))
	}
	if _, ok := findProblem(rep, Warning, "单元格 H3", "带有说明「修正后」", "已按 2016年的实际值导入"); !ok {
		t.Errorf("no warning for the annotated column:\n%s", problemsText(rep))
	}
	if v := value(t, s, "37", 2017, "value"); v.Num != 85.9 {
		t.Errorf("37/2017 = %v, want 85.9 kept (the estimate refused)", v)
	}
	if v := value(t, s, "37", 2016, "value"); v.Num != 84 {
		t.Errorf("37/2016 = %v, want 84", v)
	}
}

// TestImportKeepsEachYearsSource: the template shows one 数据来源 per row,
// the latest year's. A corrected value of an earlier year keeps that
// year's own source unless the person typed another; a typed source goes
// with every value written.
func TestImportKeepsEachYearsSource(t *testing.T) {
	s := newDemo(t)
	if _, err := s.SetValue(context.Background(), store.Change{Code: "37", Year: 2015, Raw: "81.3",
		Provenance: store.Provenance{Actor: "创建办", Origin: "cli", Source: "2015年满意度调查"}}); err != nil {
		t.Fatal(err)
	}
	tmpl := exportBytes(t, s, "env")
	mustImport(t, s, ImportOptions{}, Input{Name: "环保局.xlsx", Data: fillWorkbook(t, tmpl, fill{{"37", 2015}: "81.5", {"37", 2017}: "86"}, nil)})
	prov, err := s.CurrentProvenance()
	if err != nil {
		t.Fatal(err)
	}
	key := func(y int) catalog.ValueKey { return catalog.ValueKey{Code: "37", Year: y, Field: catalog.FieldValue} }
	if got := prov[key(2015)].Source; got != "2015年满意度调查" {
		t.Errorf("37/2015 source = %q, want its own", got)
	}
	if got := prov[key(2017)].Source; got != "公众对生态文明建设满意度调查报告(示例)" {
		t.Errorf("37/2017 source = %q", got)
	}
	typed := fillWorkbook(t, tmpl, fill{{"37", 2015}: "81.6"}, func(f *excelize.File, sheet string) {
		r := rowOf(t, dataCells(t, f, sheet)[cellKey{"37", 2015}])
		if err := f.SetCellStr(sheet, cellName(10, r), "2015年抽样调查报告"); err != nil {
			t.Fatal(err)
		}
	})
	mustImport(t, s, ImportOptions{}, Input{Name: "环保局-2.xlsx", Data: typed})
	if prov, err = s.CurrentProvenance(); err != nil {
		t.Fatal(err)
	}
	if got := prov[key(2015)].Source; got != "2015年抽样调查报告" {
		t.Errorf("37/2015 source = %q, want the typed one", got)
	}
}

// TestImportPercentForOtherMeasureUnit: "46%" typed, or 0.46 in a cell
// formatted as a percentage, for an indicator measured in 吨标煤/万元 is
// refused: it might mean 46 or 0.46, and % is another measure unit.
func TestImportPercentForOtherMeasureUnit(t *testing.T) {
	s := newDemo(t)
	filled := fillWorkbook(t, exportBytes(t, s, "statistics"), fill{
		{"21", 2016}: "0.46%",
		{"21", 2017}: percentFloat(0.46),
		{"21", 2015}: "0.5",
	}, nil)
	rep := mustImport(t, s, ImportOptions{AcceptWarnings: true}, Input{Name: "统计局.xlsx", Data: filled})
	for _, parts := range [][]string{
		{"指标 21 2016年", "填写「0.46%」", "值是百分数", "计量单位是「吨标煤/万元」"},
		{"指标 21 2017年", "填写「46%」", "单元格为百分比格式"},
	} {
		if _, ok := findProblem(rep, Error, parts...); !ok {
			t.Errorf("missing error %v in:\n%s", parts, problemsText(rep))
		}
	}
	for y, want := range map[int]float64{2015: 0.5, 2016: 0.49, 2017: 0.46} {
		if v := value(t, s, "21", y, "value"); v.Num != want {
			t.Errorf("21/%d = %v, want %v", y, v, want)
		}
	}
}

// TestImportFormulaResultAtExcelPrecision: Excel saves a formula's result
// with 17 significant digits (=95.1-0.1 as 94.999999999999986); the person
// sees 95, and 95 is what is imported (a target of ≥95 is met), as for a
// ratio computed in the sheet (=862/1000*100).
func TestImportFormulaResultAtExcelPrecision(t *testing.T) {
	s := newDemo(t)
	filled := fillWorkbook(t, exportBytes(t, s, "env"), fill{
		{"25", 2017}: "=95.1-0.1",
		{"37", 2017}: "=862/1000*100",
	}, nil)
	filled = cacheFormulas(t, filled, map[string]string{"95.1-0.1": "94.999999999999986", "862/1000*100": "86.199999999999989"})
	// Numeric results, as Excel types them (excelize marks a formula a string).
	filled = rewriteZip(t, filled, func(name string, b []byte) []byte {
		return bytes.ReplaceAll(b, []byte(` t="str"><f>`), []byte(`><f>`))
	})
	rep := mustImport(t, s, ImportOptions{}, Input{Name: "环保局.xlsx", Data: filled})
	if rep.Counts.Errors != 0 {
		t.Fatalf("errors:\n%s", problemsText(rep))
	}
	for code, want := range map[string]float64{"25": 95, "37": 86.2} {
		if v := value(t, s, code, 2017, "value"); v.Num != want {
			t.Errorf("%s/2017 = %v, want %v", code, v.Num, want)
		}
	}
}

// TestImportReportShowsEveryDigit: the report (the preview the office
// confirms) shows the value exactly as it is written, not rounded to four
// decimals.
func TestImportReportShowsEveryDigit(t *testing.T) {
	s := newDemo(t)
	filled := fillWorkbook(t, exportBytes(t, s, "env"), fill{{"11", 2017}: "63.456789", {"37", 2017}: 86.00001}, nil)
	rep := mustImport(t, s, ImportOptions{DryRun: true}, Input{Name: "环保局.xlsx", Data: filled})
	got := map[string]string{}
	for _, it := range rep.Items {
		if it.Outcome == Changed {
			got[it.Indicator] = it.New
		}
	}
	if got["11"] != "63.456789%" || got["37"] != "86.00001%" {
		t.Errorf("report shows %v, want 63.456789%% and 86.00001%%", got)
	}
}

// TestImportVerticalMerge: a value typed in a cell merged down over the row
// of another indicator belongs to the top row only; the rows below get an
// error naming the cells, never a copy of the value. (A merge across the
// years of one row is one value for those years: 18-merged.xlsx.)
func TestImportVerticalMerge(t *testing.T) {
	s := newDemo(t)
	filled := fillWorkbook(t, exportBytes(t, s, "env"), fill{{"36", 2017}: "87"}, func(f *excelize.File, sheet string) {
		cells := dataCells(t, f, sheet)
		top, below := cells[cellKey{"36", 2017}], cells[cellKey{"37", 2017}]
		if err := f.SetCellValue(sheet, below, nil); err != nil {
			t.Fatal(err)
		}
		if err := f.MergeCell(sheet, top, below); err != nil {
			t.Fatal(err)
		}
	})
	rep := mustImport(t, s, ImportOptions{}, Input{Name: "环保局.xlsx", Data: filled})
	if _, ok := findProblem(rep, Error, "单元格 I28（指标 37 2017年）", "与上方的 I27 合并", "此值未导入"); !ok {
		t.Errorf("no error for the merged cell:\n%s", problemsText(rep))
	}
	if v := value(t, s, "36", 2017, "value"); v.Num != 87 {
		t.Errorf("36/2017 = %v, want 87", v)
	}
	if v := value(t, s, "37", 2017, "value"); v.Num != 85.9 {
		t.Errorf("37/2017 = %v, want 85.9 kept", v)
	}
}

// TestImportFileNamedForAnotherOrganisation: a return whose file name names
// another organisation than the one its template was issued to (one unit
// filled another's workbook) is imported as the template's organisation
// with a warning saying so.
func TestImportFileNamedForAnotherOrganisation(t *testing.T) {
	s := newDemo(t)
	stat := exportBytes(t, s, "statistics")
	rep := mustImport(t, s, ImportOptions{DryRun: true}, Input{Name: "海陵环保局-指标填报表.xlsx", Data: stat})
	if _, ok := findProblem(rep, Warning, "文件 海陵环保局-指标填报表.xlsx：", "文件名写的是「海陵环保局」，但这是下发给「区统计局」的填报表，已按「区统计局」导入"); !ok {
		t.Errorf("no warning:\n%s", problemsText(rep))
	}
	if rep.Files[0].Org != "statistics" {
		t.Errorf("imported as %q", rep.Files[0].Org)
	}
	for _, name := range []string{"区统计局-指标填报表-2018-04-02.xlsx", "统计局报送.xlsx", "回执.xlsx"} {
		if rep := mustImport(t, s, ImportOptions{DryRun: true}, Input{Name: name, Data: stat}); rep.Counts.Warnings != 0 {
			t.Errorf("%s: warnings:\n%s", name, problemsText(rep))
		}
	}
}

// TestImportCellComments: a comment (批注) on a cell of the data sheet is not
// imported; it gets a warning with its text and cell, so that "估算值" beside
// a number is seen by the office.
func TestImportCellComments(t *testing.T) {
	s := newDemo(t)
	filled := fillWorkbook(t, exportBytes(t, s, "env"), fill{{"37", 2017}: "86.7"}, func(f *excelize.File, sheet string) {
		ref := dataCells(t, f, sheet)[cellKey{"37", 2017}]
		if err := f.AddComment(sheet, excelize.Comment{Cell: ref, Author: "张三",
			Paragraph: []excelize.RichTextRun{{Text: "张三:"}, {Text: "估算值，待统计局核定"}}}); err != nil {
			t.Fatal(err)
		}
	})
	rep := mustImport(t, s, ImportOptions{}, Input{Name: "环保局.xlsx", Data: filled})
	if _, ok := findProblem(rep, Warning, "工作表「指标数据」，单元格 I28", "估算值，待统计局核定", "有批注，批注不会导入"); !ok {
		t.Errorf("no warning for the comment:\n%s", problemsText(rep))
	}
	if v := value(t, s, "37", 2017, "value"); v.Num != 86.7 {
		t.Errorf("37/2017 = %v", v)
	}
}

// TestImportOpenDocumentAndWordRefused: a workbook saved in LibreOffice's
// own format (.ods, even renamed .xlsx) is refused naming that format and
// telling how to save it as .xlsx (LibreOffice included); a Word document
// is named as one.
func TestImportOpenDocumentAndWordRefused(t *testing.T) {
	s := newDemo(t)
	ods := zipParts(t, [2]string{"mimetype", "application/vnd.oasis.opendocument.spreadsheet"}, [2]string{"content.xml", "<office:document-content/>"})
	docx := zipParts(t, [2]string{"[Content_Types].xml", "<Types/>"}, [2]string{"word/document.xml", "<w:document/>"})
	rep := mustImport(t, s, ImportOptions{DryRun: true}, Input{Name: "环保局.xlsx", Data: ods}, Input{Name: "环保局说明.xlsx", Data: docx})
	for _, parts := range [][]string{
		{"文件 环保局.xlsx：", "OpenDocument 表格（.ods", "请用 Excel、WPS 或 LibreOffice 打开该文件，「另存为」Excel 工作簿（*.xlsx）"},
		{"文件 环保局说明.xlsx：", "这是 Word 文档，不是 Excel 工作簿"},
	} {
		if _, ok := findProblem(rep, Error, parts...); !ok {
			t.Errorf("missing error %v in:\n%s", parts, problemsText(rep))
		}
	}
}

// TestImportSourceChangedMeanwhile: a new 数据来源 for an unchanged value is
// not written over a 数据来源 someone else set between the comparison and
// the write: a conflict, and theirs stays.
func TestImportSourceChangedMeanwhile(t *testing.T) {
	s := newDemo(t)
	filled := fillWorkbook(t, exportBytes(t, s, "env"), nil, func(f *excelize.File, sheet string) {
		cells := dataCells(t, f, sheet)
		if err := f.SetCellStr(sheet, cellName(10, rowOf(t, cells[cellKey{"37", 2017}])), "2017年满意度调查报告"); err != nil {
			t.Fatal(err)
		}
	})
	cur, err := s.Values()
	if err != nil {
		t.Fatal(err)
	}
	v, ok := cur.Get("37", 2017)
	if !ok || !v.IsNum {
		t.Fatalf("demo value of 37/2017: %+v", v)
	}
	beforeCommit = func() {
		if _, err := s.SetValue(context.Background(), store.Change{Code: "37", Year: 2017, Raw: catalog.FormatNumber(v.Num, -1),
			Provenance: store.Provenance{Actor: "创建办", Origin: "cli", Source: "创建办核定的来源"}}); err != nil {
			t.Error(err)
		}
	}
	defer func() { beforeCommit = nil }()
	rep := mustImport(t, s, ImportOptions{}, Input{Name: "环保局.xlsx", Data: filled})
	after, err := s.CurrentProvenance()
	if err != nil {
		t.Fatal(err)
	}
	if got := after[catalog.ValueKey{Code: "37", Year: 2017, Field: catalog.FieldValue}].Source; got != "创建办核定的来源" {
		t.Errorf("37/2017 source %q: the concurrent edit was overwritten", got)
	}
	if _, ok := findProblem(rep, Error, "指标 37 2017年", "写入前被他人改为「创建办核定的来源」"); !ok {
		t.Errorf("no conflict reported:\n%s", problemsText(rep))
	}
}
