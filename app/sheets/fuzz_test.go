package sheets

import (
	"testing"

	"ecoreport/app/catalog"
	"ecoreport/app/store"
	"ecoreport/seeds"
)

// FuzzImport feeds arbitrary bytes to the importer's reader: it must never
// panic, and a rejected file always says why. The seed corpus in
// testdata/fuzz/FuzzImport holds an exported template, a filled one, a CSV
// and an OLE header. Run: go test -fuzz FuzzImport -fuzztime 60s ./app/sheets
func FuzzImport(f *testing.F) {
	cat, err := catalog.Parse(seeds.CatalogFile, seeds.Catalog)
	if err != nil {
		f.Fatal(err)
	}
	p := &project{cat: cat, settings: store.DefaultSettings(cat), catID: cat.ID}
	f.Add([]byte("PK\x03\x04"))
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
	})
}
