package sheets

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestPartMerges: the merged ranges read from the sheet XML are those the
// library reads, for every sheet of every workbook of the corpus (Excel-like
// files written by the library, and one saved by LibreOffice).
func TestPartMerges(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(corpusDir, "*.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(bytes.NewReader(data))
		if err != nil {
			continue // the refused files
		}
		parts := sheetParts(f)
		for _, sheet := range f.GetSheetList() {
			got, ok := partMerges(f, parts[sheet])
			if !ok {
				t.Errorf("%s「%s」: part %q not read", filepath.Base(name), sheet, parts[sheet])
				continue
			}
			ms, err := f.GetMergeCells(sheet, true)
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			for _, m := range ms {
				want = append(want, m.GetStartAxis()+":"+m.GetEndAxis())
			}
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("%s「%s」: merges %v, library %v", filepath.Base(name), sheet, got, want)
			}
			checked += len(want)
		}
		_ = f.Close()
	}
	if checked == 0 {
		t.Error("no merged ranges checked")
	}
}
