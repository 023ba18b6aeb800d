package sheets

import (
	"strings"
	"testing"
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
