package evidence_test

import (
	"path/filepath"
	"testing"
	"time"

	"ecoreport/app/evidence"
	"ecoreport/app/store"
	"ecoreport/seeds"
)

// newProject creates an empty project with a clock that ticks one minute per
// record, starting 2018-04-20 09:00.
func newProject(t testing.TB) *store.Store {
	t.Helper()
	s, err := store.Create(filepath.Join(t.TempDir(), "项目.db"), seeds.Catalog, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	clock := time.Date(2018, 4, 20, 9, 0, 0, 0, time.FixedZone("CST", 8*3600))
	s.Now = func() time.Time { clock = clock.Add(time.Minute); return clock }
	return s
}

func draft(indicator string, year int, title string) evidence.Draft {
	var d evidence.Draft
	d.Indicator, d.Year, d.Title = indicator, year, title
	return d
}

func mustAdd(t testing.TB, s *store.Store, d evidence.Draft) int64 {
	t.Helper()
	id, err := evidence.Add(s, d, "张三")
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func pdf(text string) evidence.File {
	return evidence.File{Name: text + ".pdf", Data: evidence.SamplePDF(text, "test")}
}
