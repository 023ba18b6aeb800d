package gui

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"ecoreport/app/assess"
	"ecoreport/app/catalog"
	"ecoreport/app/eval"
	"ecoreport/app/store"
)

// BenchmarkMainWindow measures opening the demo project file and building
// and drawing the main window on the overview.
func BenchmarkMainWindow(b *testing.B) {
	path := filepath.Join(b.TempDir(), "demo.db")
	s, err := store.CreateDemo(path)
	if err != nil {
		b.Fatal(err)
	}
	s.Close()
	a := test.NewTempApp(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p, err := OpenProject(path)
		if err != nil {
			b.Fatal(err)
		}
		u := newUI(a, Options{}, func(f func()) { f() })
		u.setProject(p)
		u.win.Resize(fyne.NewSize(1280, 800))
		u.win.Canvas().Capture()
		u.closeProject()
		u.win.Close()
	}
}

// syntheticProject is the demo project widened to 120 indicators × 10
// years with a value in every numeric cell, held in memory.
func syntheticProject(b *testing.B) *Project {
	s, err := store.CreateDemo(filepath.Join(b.TempDir(), "demo.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	a, err := assess.Load(s)
	if err != nil {
		b.Fatal(err)
	}
	cat := a.Catalog.Clone()
	var numeric []catalog.Indicator
	for _, ind := range cat.Indicators {
		if len(ind.Subs) == 0 && ind.Target != nil && ind.Target.Kind() == catalog.Numeric {
			numeric = append(numeric, ind)
		}
	}
	for n := len(cat.Indicators) + 1; len(cat.Indicators) < 120; n++ {
		ind := numeric[n%len(numeric)]
		ind.Code = fmt.Sprint(n)
		cat.Indicators = append(cat.Indicators, ind)
	}
	a.Catalog = cat
	a.Settings.AssessedYears = []int{2011, 2012, 2013, 2014, 2015, 2016, 2017}
	a.Settings.MonitoringYears = []int{2018, 2019, 2020}
	a.Values = catalog.ValueSet{}
	for _, ind := range cat.Leaves() {
		if ind.Target == nil || ind.Target.Kind() != catalog.Numeric {
			continue
		}
		for i, y := range a.Settings.Years() {
			a.Values[catalog.ValueKey{Code: ind.Code, Year: y, Field: catalog.FieldValue}] = catalog.Value{Num: float64(50 + (i*7+len(ind.Code))%50), IsNum: true}
		}
	}
	a.Eval = eval.Evaluate(cat, a.Values, a.Settings.Years(), a.Settings.LatestAssessedYear(), a.Rule())
	return &Project{Store: s, a: a}
}

// BenchmarkDataGrid120x10 measures building and drawing the data grid with
// 120 indicators × 10 years.
func BenchmarkDataGrid120x10(b *testing.B) {
	p := syntheticProject(b)
	a := test.NewTempApp(b)
	u := newUI(a, Options{}, func(f func()) { f() })
	u.proj = p
	u.win.Resize(fyne.NewSize(1280, 800))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		g := newDataScreen(u).(*dataScreen)
		u.win.SetContent(g.Content())
		u.win.Canvas().Capture()
	}
}

// BenchmarkDataGridRedraw measures what follows an edit in the 120 × 10
// grid: the table redraws its visible cells from a new snapshot.
func BenchmarkDataGridRedraw(b *testing.B) {
	p := syntheticProject(b)
	a := test.NewTempApp(b)
	u := newUI(a, Options{}, func(f func()) { f() })
	u.proj = p
	u.win.Resize(fyne.NewSize(1280, 800))
	g := newDataScreen(u).(*dataScreen)
	u.win.SetContent(g.Content())
	g.table.ScrollTo(widget.TableCellID{Row: 100, Col: 8})
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		g.Reload()
	}
}

// BenchmarkHeapEveryScreen opens the demo, visits (and draws) every screen
// and reports the live Go heap afterwards (heap-MB, after a GC) and the
// heap right after opening (open-heap-MB). Profile with
//
//	GUI_HEAPPROF=/tmp/gui-heap.out CGO_ENABLED=0 go test ./app/gui -run '^$' -bench HeapEveryScreen -benchtime 1x
//	go tool pprof -sample_index=inuse_space -top /tmp/gui-heap.out
//
// The test driver draws in software: GPU textures of the real window are
// not counted, fonts and everything the screens keep are.
func BenchmarkHeapEveryScreen(b *testing.B) {
	path := filepath.Join(b.TempDir(), "demo.db")
	s, err := store.CreateDemo(path)
	if err != nil {
		b.Fatal(err)
	}
	s.Close()
	heapMB := func() float64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return float64(m.HeapInuse) / (1 << 20)
	}
	for i := 0; i < b.N; i++ {
		a := test.NewTempApp(b)
		p, err := OpenProject(path)
		if err != nil {
			b.Fatal(err)
		}
		u := newUI(a, Options{}, func(f func()) { f() })
		u.setProject(p)
		u.win.Resize(fyne.NewSize(1366, 768))
		u.win.Canvas().Capture()
		b.ReportMetric(heapMB(), "open-heap-MB")
		for _, d := range screens() {
			u.ShowScreen(d.id)
			u.win.Canvas().Capture()
		}
		b.ReportMetric(heapMB(), "heap-MB")
		if out := os.Getenv("GUI_HEAPPROF"); out != "" {
			// The heap while every screen is built, not after closing.
			f, err := os.Create(out)
			if err != nil {
				b.Fatal(err)
			}
			if err := pprof.WriteHeapProfile(f); err != nil {
				b.Fatal(err)
			}
			f.Close()
		}
		u.closeProject()
		u.win.Close()
	}
}
