package sheets

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"ecoreport/app/store"
)

// TestImportDecimalComma: "9,5" in a cell is neither 95 nor 9.5 but a
// refusal naming the cell and both readings; "1,234.5" stays a number.
func TestImportDecimalComma(t *testing.T) {
	s := newDemo(t)
	filled := fillWorkbook(t, exportBytes(t, s, "statistics"), fill{
		{"21", 2015}: "0,55",
		{"21", 2016}: "０，４８", // full-width digits and comma
		{"21", 2017}: "0.47",
	}, nil)
	rep := mustImport(t, s, ImportOptions{}, Input{Name: "统计局.xlsx", Data: filled})
	for _, parts := range [][]string{
		{"统计局.xlsx", "单元格 ", "指标 21 2015年", "“0,55”含逗号", "可能是 0.55 也可能是 55", "请改用小数点"},
		{"指标 21 2016年", "含逗号", "可能是 0.48 也可能是 48"},
	} {
		if _, ok := findProblem(rep, Error, parts...); !ok {
			t.Errorf("missing error %v in:\n%s", parts, problemsText(rep))
		}
	}
	for y, want := range map[int]float64{2015: 0.52, 2016: 0.49, 2017: 0.47} {
		if v := value(t, s, "21", y, "value"); v.Num != want {
			t.Errorf("21/%d = %v, want %v", y, v, want)
		}
	}
}

// TestImportDateCell: a date typed into a number cell is refused, whether
// the cell is a date by its number format (built-in or custom) or by its
// type; 2016-05-01 never becomes 42491.
func TestImportDateCell(t *testing.T) {
	s := newDemo(t)
	filled := fillWorkbook(t, exportBytes(t, s, "env"), nil, func(f *excelize.File, sheet string) {
		cells := dataCells(t, f, sheet)
		// SetCellValue of a time writes its serial number with a date format.
		if err := f.SetCellValue(sheet, cells[cellKey{"25", 2015}], time.Date(2016, 5, 1, 0, 0, 0, 0, time.UTC)); err != nil {
			t.Fatal(err)
		}
		custom := `yyyy"年"m"月"d"日"`
		st, err := f.NewStyle(&excelize.Style{CustomNumFmt: &custom})
		if err != nil {
			t.Fatal(err)
		}
		ref := cells[cellKey{"25", 2016}]
		if err := f.SetCellFloat(sheet, ref, 42491, -1, 64); err != nil {
			t.Fatal(err)
		}
		if err := f.SetCellStyle(sheet, ref, ref, st); err != nil {
			t.Fatal(err)
		}
		// A time of day (built-in format 20, h:mm).
		tm, err := f.NewStyle(&excelize.Style{NumFmt: 20})
		if err != nil {
			t.Fatal(err)
		}
		ref = cells[cellKey{"37", 2017}]
		if err := f.SetCellFloat(sheet, ref, 0.5, -1, 64); err != nil {
			t.Fatal(err)
		}
		if err := f.SetCellStyle(sheet, ref, ref, tm); err != nil {
			t.Fatal(err)
		}
	})
	rep := mustImport(t, s, ImportOptions{}, Input{Name: "环保局.xlsx", Data: filled})
	for _, parts := range [][]string{
		{"指标 25 2015年", "2016-05-01", "日期或时间格式"},
		{"指标 25 2016年", "2016-05-01", "日期或时间格式"},
		{"指标 37 2017年", "12:00:00", "日期或时间格式"},
	} {
		if _, ok := findProblem(rep, Error, parts...); !ok {
			t.Errorf("missing error %v in:\n%s", parts, problemsText(rep))
		}
	}
	if strings.Contains(problemsText(rep), "42491") {
		t.Errorf("a serial number is shown:\n%s", problemsText(rep))
	}
	for y, want := range map[int]float64{2015: 96.2, 2016: 97.5} {
		if v := value(t, s, "25", y, "value"); v.Num != want {
			t.Errorf("25/%d = %v, want %v", y, v, want)
		}
	}
}

func TestFormatKind(t *testing.T) {
	cases := []struct {
		id   int
		code string
		want numFormat
	}{
		{0, "", fmtPlain}, {2, "", fmtPlain}, {9, "", fmtPercent}, {10, "", fmtPercent},
		{14, "", fmtDate}, {22, "", fmtDate}, {45, "", fmtDate}, {47, "", fmtDate}, {31, "", fmtDate}, {57, "", fmtDate},
		{164, "yyyy-mm-dd", fmtDate}, {164, `yyyy"年"m"月"`, fmtDate}, {164, "[$-804]aaaa", fmtPlain},
		{164, "hh:mm:ss", fmtDate}, {164, "[h]:mm", fmtDate}, {164, "[Red]0.00", fmtPlain},
		{164, `0.00"吨"`, fmtPlain}, {164, `0.0"天数"`, fmtPlain}, {164, `#,##0.00_);(#,##0.00)`, fmtPlain},
		{164, "0.0%", fmtPercent}, {164, `0"%"`, fmtPlain}, {164, "General", fmtPlain}, {164, `\d0`, fmtPlain},
	}
	for _, c := range cases {
		if got := formatKind(c.id, c.code); got != c.want {
			t.Errorf("formatKind(%d, %q) = %v, want %v", c.id, c.code, got, c.want)
		}
	}
}

// TestImportHeldValues: a number ten times off the previous year's is
// listed in the dry run, held (not written) by a plain import and written
// only with AcceptWarnings.
func TestImportHeldValues(t *testing.T) {
	s := newDemo(t)
	filled := fillWorkbook(t, exportBytes(t, s, "statistics"), fill{
		{"21", 2017}: "46", // 0.46 typed without its decimal point
		{"21", 2016}: "0.48",
	}, nil)
	in := Input{Name: "统计局.xlsx", Data: filled}

	dry := mustImport(t, s, ImportOptions{DryRun: true}, in)
	held := dry.Held()
	if len(held) != 1 || held[0].Indicator != "21" || held[0].Year != 2017 || held[0].Outcome != Changed ||
		!strings.Contains(held[0].Warning, "相差约 100 倍") {
		t.Fatalf("dry run held %+v", held)
	}
	if dry.Complete() {
		t.Error("a dry run with a held value is complete")
	}
	if _, ok := findProblem(dry, Warning, "指标 21 2017年", "勾选确认", "才会写入"); !ok {
		t.Errorf("the dry run does not ask for confirmation:\n%s", problemsText(dry))
	}
	if dry := mustImport(t, s, ImportOptions{DryRun: true, AcceptWarnings: true}, in); !dry.Complete() || len(dry.Held()) != 0 {
		t.Errorf("a dry run accepting warnings: complete %v, held %d", dry.Complete(), len(dry.Held()))
	}

	rep := mustImport(t, s, ImportOptions{}, in)
	if !rep.Committed || rep.Counts.Held != 1 || rep.Complete() {
		t.Fatalf("committed=%v held=%d", rep.Committed, rep.Counts.Held)
	}
	if _, ok := findProblem(rep, Warning, "指标 21 2017年", "需确认", "--accept-warnings"); !ok {
		t.Errorf("no warning for the held value:\n%s", problemsText(rep))
	}
	if v := value(t, s, "21", 2017, "value"); v.Num != 0.46 {
		t.Errorf("held value written: %v", v)
	}
	if v := value(t, s, "21", 2016, "value"); v.Num != 0.48 {
		t.Errorf("plausible value not written: %v", v)
	}

	rep = mustImport(t, s, ImportOptions{AcceptWarnings: true}, in)
	if !rep.Committed || rep.Counts.Held != 0 || !rep.Complete() {
		t.Fatalf("accepted: committed=%v counts=%+v", rep.Committed, rep.Counts)
	}
	if v := value(t, s, "21", 2017, "value"); v.Num != 46 {
		t.Errorf("confirmed value not written: %v", v)
	}
}

// TestImportConcurrentEdit: a value changed by someone else between the
// comparison and the write is not overwritten but reported as a conflict.
func TestImportConcurrentEdit(t *testing.T) {
	s := newDemo(t)
	filled := fillWorkbook(t, exportBytes(t, s, "env"), fill{
		{"25", 2017}: "98.5",
		{"37", 2017}: "86.2",
	}, nil)
	beforeCommit = func() {
		if _, err := s.SetValue(context.Background(), store.Change{Code: "25", Year: 2017, Raw: "98.3",
			Provenance: store.Provenance{Actor: "创建办", Origin: "cli"}}); err != nil {
			t.Error(err)
		}
	}
	defer func() { beforeCommit = nil }()
	rep := mustImport(t, s, ImportOptions{}, Input{Name: "环保局.xlsx", Data: filled})
	if v := value(t, s, "25", 2017, "value"); v.Num != 98.3 {
		t.Errorf("the concurrent edit was overwritten: %v", v)
	}
	if v := value(t, s, "37", 2017, "value"); v.Num != 86.2 {
		t.Errorf("the other value was not written: %v", v)
	}
	if rep.Counts.Conflicts != 1 || rep.Counts.Changed != 1 || !rep.Committed {
		t.Errorf("counts %+v committed %v", rep.Counts, rep.Committed)
	}
	if _, ok := findProblem(rep, Error, "指标 25 2017年", "写入前被他人改为「98.3%」"); !ok {
		t.Errorf("no conflict reported:\n%s", problemsText(rep))
	}
	// The recorded file report says the same.
	list, err := Imports(s)
	if err != nil || len(list) != 1 || list[0].Files[0].Counts.Conflicts != 1 {
		t.Errorf("import history %+v, %v", list, err)
	}
}
