package sheets

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"ecoreport/app/assess"
	"ecoreport/app/store"
)

// testTime is the fixed export and import time of the tests.
var testTime = time.Date(2018, 4, 2, 9, 30, 0, 0, time.FixedZone("CST", 8*3600))

// newDemo creates a fresh demo project in a temporary folder.
func newDemo(t testing.TB) *store.Store {
	t.Helper()
	s, err := store.CreateDemo(filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func load(t testing.TB, s *store.Store) *assess.Assessment {
	t.Helper()
	a, err := assess.Load(s)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// exportBytes exports an organisation's fill-in workbook as bytes.
func exportBytes(t testing.TB, s *store.Store, orgID string) []byte {
	t.Helper()
	f, err := Template(load(t, s), orgID, ExportOptions{Now: testTime})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// sheetWith returns the name of the first sheet whose rows contain label.
func sheetWith(t testing.TB, f *excelize.File, label string) string {
	t.Helper()
	for _, sh := range f.GetSheetList() {
		rows, _ := f.GetRows(sh)
		for _, r := range rows {
			for _, c := range r {
				if c == label {
					return sh
				}
			}
		}
	}
	t.Fatalf("no sheet has %q", label)
	return ""
}

// dataCells maps the row keys and years of a data sheet to cell names.
func dataCells(t testing.TB, f *excelize.File, sheet string) map[cellKey]string {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	var hdr []string
	hr := 0
	for i, r := range rows {
		for _, c := range r {
			if c == hdrName {
				hdr, hr = r, i+1
			}
		}
		if hr > 0 {
			break
		}
	}
	keyCol := 0
	years := map[int]int{}
	for i, h := range hdr {
		if h == hdrKey {
			keyCol = i + 1
		}
		if y, ok := headerYear(h); ok {
			years[i+1] = y
		}
	}
	out := map[cellKey]string{}
	for r := hr + 1; r <= len(rows); r++ {
		if keyCol > len(rows[r-1]) || keyCol == 0 {
			continue
		}
		key := rows[r-1][keyCol-1]
		for c, y := range years {
			out[cellKey{key, y}] = cellName(c, r)
		}
	}
	return out
}

// fill is what a person types into a workbook: by row key and year.
type fill map[cellKey]any

// fillWorkbook opens a workbook, lets edit change it further, types the
// values like a person would (strings as typed text, numbers as numbers, a
// percentFloat as a number formatted as a percentage, a formula string
// starting with "=" as a formula without a cached result) and saves it.
func fillWorkbook(t testing.TB, data []byte, values fill, edit func(f *excelize.File, sheet string)) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := sheetWith(t, f, hdrName)
	cells := dataCells(t, f, sheet)
	pct, _ := f.NewStyle(&excelize.Style{NumFmt: 10})
	for k, v := range values {
		ref, ok := cells[k]
		if !ok {
			t.Fatalf("no cell for %v", k)
		}
		switch v := v.(type) {
		case string:
			if strings.HasPrefix(v, "=") {
				f.SetCellDefault(sheet, ref, "")
				err = f.SetCellFormula(sheet, ref, v[1:])
			} else {
				err = f.SetCellStr(sheet, ref, v)
			}
		case percentFloat:
			f.SetCellFloat(sheet, ref, float64(v), -1, 64)
			err = f.SetCellStyle(sheet, ref, ref, pct)
		default:
			err = f.SetCellValue(sheet, ref, v)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if edit != nil {
		edit(f, sheet)
	}
	b, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// percentFloat is a number typed as "95%" in Excel: stored 0.95, shown 95%.
type percentFloat float64

func mustImport(t testing.TB, s *store.Store, opt ImportOptions, inputs ...Input) *Report {
	t.Helper()
	rep, err := Import(context.Background(), s, inputs, opt)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func problemsText(r *Report) string {
	var b strings.Builder
	for _, p := range r.Problems() {
		b.WriteString(p.String() + "\n")
	}
	return b.String()
}
