package sheets

import (
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// Workbooks sent out before the texts took full-width punctuation carry
// "系统标识(请勿修改)" and "└ 附加条件:…(是/否)"; the importer compares
// labels normalised (normLabel), so both spellings are read alike.
func TestOldSpellingImports(t *testing.T) {
	s := newDemo(t)
	tmpl := exportBytes(t, s, "statistics")

	// What is written now: full-width punctuation.
	f, err := excelize.OpenReader(strings.NewReader(string(tmpl)))
	if err != nil {
		t.Fatal(err)
	}
	text := ""
	for _, sh := range f.GetSheetList() {
		rows, err := f.GetRows(sh)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			text += strings.Join(r, "\t") + "\n"
		}
	}
	f.Close()
	for _, want := range []string{"系统标识（请勿修改）", "└ 附加条件：能源消耗总量不超过控制目标值（是/否）", "填报单位：区统计局"} {
		if !strings.Contains(text, want) {
			t.Errorf("exported workbook lacks %q", want)
		}
	}

	// A returned workbook with the old spelling, the condition row's hidden
	// key cleared so that only its label tells it apart.
	filled := fillWorkbook(t, tmpl, fill{
		{"21", 2017}:           "0.45",
		{"21:condition", 2017}: "否",
	}, func(f *excelize.File, sheet string) {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		old := strings.NewReplacer("（", "(", "）", ")", "：", ":")
		relabelled, cleared := 0, 0
		for r, row := range rows {
			for c, v := range row {
				ref := cellName(c+1, r+1)
				switch {
				case v == hdrKey, strings.HasPrefix(v, "└ 附加条件："):
					if err := f.SetCellStr(sheet, ref, old.Replace(v)); err != nil {
						t.Fatal(err)
					}
					relabelled++
				case v == "21"+conditionSuffix:
					if err := f.SetCellStr(sheet, ref, ""); err != nil {
						t.Fatal(err)
					}
					cleared++
				}
			}
		}
		if relabelled != 2 || cleared != 1 {
			t.Fatalf("relabelled %d cells, cleared %d keys; want 2 and 1", relabelled, cleared)
		}
	})
	rep := mustImport(t, s, ImportOptions{}, Input{Name: "区统计局-指标填报表.xlsx", Data: filled})
	if !rep.Committed || rep.Counts.Errors != 0 || strings.Contains(problemsText(rep), "已被删除") {
		t.Fatalf("old spelling: committed=%v\n%s", rep.Committed, problemsText(rep))
	}
	if v := value(t, s, "21", 2017, "value"); v.Num != 0.45 {
		t.Errorf("21/2017 = %+v, want 0.45", v)
	}
	if v := value(t, s, "21", 2017, "condition"); v.State != "否" {
		t.Errorf("21/2017 condition = %+v, want 否", v)
	}
}

func TestHeaderYearEitherWidth(t *testing.T) {
	for _, h := range []string{"2017年(监测)", "2017年（监测）", "２０１７年度"} {
		if y, ok := headerYear(h); !ok || y != 2017 {
			t.Errorf("headerYear(%q) = %d, %v", h, y, ok)
		}
	}
}
