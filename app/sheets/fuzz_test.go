package sheets

import (
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"ecoreport/app/catalog"
	"ecoreport/app/store"
	"ecoreport/seeds"
)

// FuzzImport feeds arbitrary bytes to the importer's reader: it must never
// panic (only the spreadsheet library's panics are recovered, so a panic of
// our own code fails here), a rejected file always says why, and every value
// read is a valid value of its indicator. The seed corpus in
// testdata/fuzz/FuzzImport holds an exported template, a filled one, a CSV,
// an OLE header and what earlier runs found; a few workbooks of
// testdata/corpus are added. Run:
// nice go test ./app/sheets -run '^$' -fuzz FuzzImport -fuzztime 10m
func FuzzImport(f *testing.F) {
	cat, err := catalog.Parse(seeds.CatalogFile, seeds.Catalog)
	if err != nil {
		f.Fatal(err)
	}
	p := &project{cat: cat, settings: store.DefaultSettings(cat), catID: cat.ID}
	f.Add([]byte("PK\x03\x04"))
	for _, name := range []string{"13-date-custom.xlsx", "15-formula-cached.xlsx", "18-merged.xlsx", "22-libreoffice.xlsx"} {
		if b, err := os.ReadFile(filepath.Join(corpusDir, name)); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		wb := readWorkbook(p, "fuzz.xlsx", data)
		if wb.Rejected && len(wb.Problems.list) == 0 {
			t.Fatal("rejected without a problem")
		}
		for _, pr := range wb.Problems.list {
			if pr.Message == "" {
				t.Fatal("a problem without a message")
			}
		}
		for _, v := range wb.Values {
			ch := v.Checked
			if ch.Ind == nil || ch.Code != ch.Ind.Code || !p.settings.HasYear(ch.Year) {
				t.Fatalf("a value of no indicator or year: %+v", ch.Change)
			}
			if ch.Value.IsNum {
				lo, hi := ch.Ind.ValueRange()
				if math.IsNaN(ch.Value.Num) || ch.Value.Num < lo || ch.Value.Num > hi {
					t.Fatalf("%s %d = %v, outside %v..%v", ch.Code, ch.Year, ch.Value.Num, lo, hi)
				}
			}
		}
	})
}

// TestOwnPanicsNotHidden: a panic of our own code while reading a workbook
// (here: a project without a catalog) is not turned into "文件已损坏";
// only the spreadsheet library's calls are guarded.
func TestOwnPanicsNotHidden(t *testing.T) {
	s := newDemo(t)
	data := exportBytes(t, s, "env")
	defer func() {
		if recover() == nil {
			t.Error("a panic of our own code was recovered")
		}
	}()
	wb := readWorkbook(&project{}, "环保局.xlsx", data)
	t.Errorf("read without panicking: %+v", wb.Problems.list)
}

func TestLibraryPanicBecomesError(t *testing.T) {
	err := excel(func() { panic("index out of range") })
	if err == nil || !strings.Contains(err.Error(), "index out of range") {
		t.Errorf("excel() = %v", err)
	}
}

// TestDamagedSheet: a sheet whose rows stream but whose XML the library
// cannot parse whole (found by FuzzImport: it was parsed again for every
// cell, seconds for a 64 KB file) is reported once and not read.
func TestDamagedSheet(t *testing.T) {
	b, err := os.ReadFile("testdata/fuzz/FuzzImport/87352ae0f070d335")
	if err != nil {
		t.Fatal(err)
	}
	// The file holds the fuzzer's encoding: go test fuzz v1 / []byte("…").
	_, lit, _ := strings.Cut(string(b), "[]byte(")
	data, err := strconv.Unquote(strings.TrimSuffix(strings.TrimSpace(lit), ")"))
	if err != nil {
		t.Fatal(err)
	}
	cat, err := catalog.Parse(seeds.CatalogFile, seeds.Catalog)
	if err != nil {
		t.Fatal(err)
	}
	p := &project{cat: cat, settings: store.DefaultSettings(cat), catID: cat.ID}
	wb := readWorkbook(p, "fuzz.xlsx", []byte(data))
	damaged := 0
	for _, pr := range wb.Problems.list {
		if strings.Contains(pr.Message, "工作表已损坏") {
			damaged++
		}
	}
	// The damaged sheet is the evidence sheet; the data sheet is read.
	if damaged != 1 || len(wb.Evidence) != 0 || len(wb.Values) == 0 {
		t.Errorf("%d damaged-sheet problems, %d evidence rows, %d values: %+v", damaged, len(wb.Evidence), len(wb.Values), wb.Problems.list)
	}
}
