package sheets

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"ecoreport/app/catalog"
	"ecoreport/app/store"
)

// moveRow moves a row the way a person cuts and inserts it elsewhere.
func moveRow(t testing.TB, f *excelize.File, sheet string, from, to int) {
	t.Helper()
	if err := f.DuplicateRowTo(sheet, from, to); err != nil {
		t.Fatal(err)
	}
	if to <= from {
		from++
	}
	if err := f.RemoveRow(sheet, from); err != nil {
		t.Fatal(err)
	}
}

func value(t testing.TB, s *store.Store, code string, year int, field string) catalog.Value {
	t.Helper()
	vs, err := s.Values()
	if err != nil {
		t.Fatal(err)
	}
	return vs[catalog.ValueKey{Code: code, Year: year, Field: field}]
}

func TestRoundTrip(t *testing.T) {
	s := newDemo(t)
	s.Now = func() time.Time { return testTime }
	tmpl := exportBytes(t, s, "env")
	const sheet = "环保局数据"
	filled := fillWorkbook(t, tmpl, fill{
		{"8", 2015}:   "95%",               // typed as text with a percent sign
		{"8", 2016}:   "９６",                // full-width digits
		{"25", 2015}:  " 97.5 ",            // a number stored as text, with spaces
		{"25", 2016}:  percentFloat(0.983), // 98.3% typed in Excel: 0.983 formatted as percent
		{"11", 2017}:  "=60+4.5",           // a formula without a cached value
		{"37", 2017}:  float64(88),         // a plain number
		{"1", 2015}:   "制定实施",              // a state from the drop-down
		{"9.1", 2017}: "2.8%",
	}, func(f *excelize.File, old string) {
		// A person renames the sheet, inserts blank lines and an extra
		// column, and moves a row.
		if err := f.SetSheetName(old, sheet); err != nil {
			t.Fatal(err)
		}
		f.InsertRows(sheet, 5, 2)
		f.InsertCols(sheet, "C", 1)
		f.SetCellStr(sheet, "C3", "联系人")
		moveRow(t, f, sheet, 6+2, 20)
	})
	in := Input{Name: "/tmp/收件/海陵环保局-指标填报表.xlsx", Data: filled}

	dry := mustImport(t, s, ImportOptions{DryRun: true}, in)
	if dry.Committed || dry.Counts.Errors != 0 {
		t.Fatalf("dry run: committed=%v\n%s", dry.Committed, problemsText(dry))
	}
	if value(t, s, "8", 2015, "value").Num != 100 {
		t.Fatal("dry run wrote a value")
	}
	if dry.Counts.Changed != 8 {
		t.Errorf("dry run: %+v, want 8 changed\n%s", dry.Counts, problemsText(dry))
	}

	rep := mustImport(t, s, ImportOptions{Actor: "张三"}, in)
	if !rep.Committed || rep.ImportID == 0 {
		t.Fatalf("not committed: %s", rep.Note)
	}
	want := map[string]catalog.Value{
		"8/2015":   {Num: 95, IsNum: true},
		"8/2016":   {Num: 96, IsNum: true},
		"25/2015":  {Num: 97.5, IsNum: true},
		"25/2016":  {Num: 98.3, IsNum: true},
		"11/2017":  {Num: 64.5, IsNum: true},
		"37/2017":  {Num: 88, IsNum: true},
		"1/2015":   {State: "制定实施"},
		"9.1/2017": {Num: 2.8, IsNum: true},
	}
	f, err := excelize.OpenReader(strings.NewReader(string(filled)))
	if err != nil {
		t.Fatal(err)
	}
	cells := dataCells(t, f, sheet)
	prov, err := s.CurrentProvenance()
	if err != nil {
		t.Fatal(err)
	}
	for k, w := range want {
		code, ys, _ := strings.Cut(k, "/")
		var year int
		for _, c := range ys {
			year = year*10 + int(c-'0')
		}
		got := value(t, s, code, year, catalog.FieldValue)
		if !sameValue(got, w) {
			t.Errorf("%s: got %+v, want %+v", k, got, w)
		}
		p := prov[catalog.ValueKey{Code: code, Year: year, Field: catalog.FieldValue}]
		if p.File != "海陵环保局-指标填报表.xlsx" || p.Sheet != sheet || p.Cell != cells[cellKey{code, year}] ||
			p.ImportID != rep.ImportID || p.Org != "env" || p.Origin != "import" || len(p.FileSHA) != 64 || p.Actor != "张三" {
			t.Errorf("%s: provenance %+v (cell want %s)", k, p.Provenance, cells[cellKey{code, year}])
		}
	}

	// Re-importing the same file changes nothing and says so.
	again := mustImport(t, s, ImportOptions{}, in)
	if again.Committed || again.Counts.New+again.Counts.Changed != 0 || len(again.Files[0].ImportedBefore) != 1 {
		t.Fatalf("re-import: committed=%v counts=%+v before=%v", again.Committed, again.Counts, again.Files[0].ImportedBefore)
	}

	// Undo restores the previous values with new history entries.
	hist, _ := s.History("8", 2015)
	u, err := Undo(context.Background(), s, rep.ImportID, "李四")
	if err != nil {
		t.Fatal(err)
	}
	if u.Restored != 8 {
		t.Errorf("undo restored %d, want 8", u.Restored)
	}
	if v := value(t, s, "8", 2015, "value"); v.Num != 100 {
		t.Errorf("after undo 8/2015 = %v, want 100", v)
	}
	if v := value(t, s, "1", 2015, "value"); v.State != "未制定实施" {
		t.Errorf("after undo 1/2015 = %v", v)
	}
	hist2, _ := s.History("8", 2015)
	if len(hist2) != len(hist)+1 {
		t.Errorf("undo should add history, had %d now %d", len(hist), len(hist2))
	}
	if _, err := Undo(context.Background(), s, rep.ImportID, ""); err == nil {
		t.Error("second undo should fail")
	}
	list, err := Imports(s)
	if err != nil || len(list) != 1 || list[0].UndoneAt == "" || len(list[0].Files) != 1 {
		t.Fatalf("imports: %+v %v", list, err)
	}
	// After the undo, the same file imports again.
	third := mustImport(t, s, ImportOptions{}, in)
	if !third.Committed || third.Counts.Changed != 8 {
		t.Errorf("import after undo: %+v", third.Counts)
	}
}
