package sheets

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
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
