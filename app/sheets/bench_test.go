package sheets

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"ecoreport/app/catalog"
	"ecoreport/app/store"
)

// filledInputs exports the fill-in workbooks of the demo project and fills
// every input cell of n of them (cycling over the organisations) like an
// organisation would.
func filledInputs(b testing.TB, s *store.Store, n int) []Input {
	a := load(b, s)
	orgs := TemplateOrgs(a.Catalog)
	var out []Input
	for i := 0; i < n; i++ {
		o := orgs[i%len(orgs)]
		vals := fill{}
		rs := roles(a.Catalog, o.ID)
		for _, ind := range a.Catalog.Leaves() {
			if rs[topCode(ind.Code)] != roleLead {
				continue
			}
			for j, y := range a.Settings.AssessedYears {
				switch {
				case ind.Target.Kind() == catalog.State:
					vals[cellKey{ind.Code, y}] = ind.Target.State
				case ind.MeasureUnit == "%":
					vals[cellKey{ind.Code, y}] = fmt.Sprintf("%.1f%%", 90.5+float64(j))
				default:
					vals[cellKey{ind.Code, y}] = 0.4 + float64(j)/100
				}
				if ind.Target.Condition != "" {
					vals[cellKey{rowKey(ind.Code, true), y}] = "是"
				}
			}
		}
		out = append(out, Input{Name: fmt.Sprintf("%02d-%s.xlsx", i+1, o.Name), Data: fillWorkbook(b, exportBytes(b, s, o.ID), vals, nil)})
	}
	return out
}

// BenchmarkImport30 imports thirty filled workbooks into a fresh demo
// project: a dry run, then the commit.
func BenchmarkImport30(b *testing.B) {
	dir := b.TempDir()
	master := filepath.Join(dir, "master.db")
	s, err := store.CreateDemo(master)
	if err != nil {
		b.Fatal(err)
	}
	inputs := filledInputs(b, s, 30)
	s.Close()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db := filepath.Join(dir, fmt.Sprintf("run%d.db", i))
		copyFile(b, master, db)
		s, err := store.Open(db)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		dry, err := Import(context.Background(), s, inputs, ImportOptions{DryRun: true})
		if err != nil {
			b.Fatal(err)
		}
		rep, err := Import(context.Background(), s, inputs, ImportOptions{})
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if !rep.Committed || rep.Counts.Errors != 0 || dry.Counts.New+dry.Counts.Changed == 0 {
			b.Fatalf("import: %+v\n%s", rep.Counts, problemsText(rep))
		}
		s.Close()
		b.StartTimer()
	}
}

func copyFile(t testing.TB, from, to string) {
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

var benchReturns = flag.String("bench-returns", "", "write the 30 filled returns of BenchmarkImport30 into this folder (for scripts/bench/import_vs_openpyxl.sh)")

// TestWriteBenchReturns writes the workbooks BenchmarkImport30 imports into
// the folder given by -bench-returns, so that other programs can read the
// same files; without the flag it does nothing.
func TestWriteBenchReturns(t *testing.T) {
	if *benchReturns == "" {
		t.Skip("no -bench-returns folder")
	}
	s, err := store.CreateDemo(filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := os.MkdirAll(*benchReturns, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, in := range filledInputs(t, s, 30) {
		if err := os.WriteFile(filepath.Join(*benchReturns, in.Name), in.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
