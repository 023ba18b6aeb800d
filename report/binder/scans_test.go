package binder

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"testing"
	"time"

	"ecoreport/app/demo"
	"ecoreport/app/evidence"
	"ecoreport/app/store"
	"ecoreport/report/pdfimport/fixture"
)

// scanPool holds distinct scan-like JPEG pages (100 and 120 dpi grey A4,
// 330–500 KB each), made once per test binary.
var scanPool [][]byte

func pool() [][]byte {
	if scanPool == nil {
		for i := range 24 {
			dpi := 100
			if i%3 == 0 {
				dpi = 120
			}
			data, _, _ := fixture.ScanJPEG(dpi, uint64(i))
			scanPool = append(scanPool, data)
		}
	}
	return scanPool
}

// scanPage is a distinct JPEG (own content hash) from the pool: a comment
// segment numbering it follows the start marker.
func scanPage(n int) []byte {
	p := pool()[n%len(pool())]
	com := fmt.Appendf(nil, "scan page %08d", n)
	seg := []byte{0xFF, 0xFE, byte((len(com) + 2) >> 8), byte(len(com) + 2)}
	out := append([]byte{}, p[:2]...)
	out = append(out, seg...)
	out = append(out, com...)
	return append(out, p[2:]...)
}

// addScans attaches about pages scan pages to the items of a project: a
// quarter as single JPEG files (one per item, in turn), the rest in
// scanned PDFs of 50 pages (about 20 MB each, the largest attachment).
func addScans(tb testing.TB, s *store.Store, pages int) {
	items, err := evidence.List(s, evidence.Filter{})
	if err != nil {
		tb.Fatal(err)
	}
	n := 0
	for k := 0; n < pages/4; k++ {
		it := items[k%len(items)]
		if _, err := evidence.Attach(s, it.ID, evidence.File{Name: fmt.Sprintf("扫描件%04d.jpg", n), Data: scanPage(n)}, "测试"); err != nil {
			tb.Fatal(err)
		}
		n++
	}
	for k := 0; n < pages; k++ {
		per := min(50, pages-n)
		jpegs := make([][]byte, per)
		for i := range jpegs {
			jpegs[i] = scanPage(n + i)
		}
		it := items[(k*7)%len(items)]
		if _, err := evidence.Attach(s, it.ID, evidence.File{Name: fmt.Sprintf("扫描合订本%02d.pdf", k), Data: fixture.JPEGPagesPDF(jpegs)}, "测试"); err != nil {
			tb.Fatal(err)
		}
		n += per
	}
}

// BenchmarkBinderScans builds binders of scan-like attachments, 300 and
// 2,000 attached pages, and reports the peak RSS of the process (VmHWM,
// Linux; run one size at a time for a clean figure):
//
//	go test ./report/binder -run '^$' -bench 'BinderScans/pages=2000' -benchtime 1x
func BenchmarkBinderScans(b *testing.B) {
	for _, pages := range []int{300, 2000} {
		b.Run(fmt.Sprintf("pages=%d", pages), func(b *testing.B) {
			s := openDemo(b)
			addScans(b, s, pages)
			runtime.GC()
			resetPeakRSS()
			b.ResetTimer()
			var out countWriter
			var info Info
			for b.Loop() {
				out = 0
				var err error
				if info, err = Build(context.Background(), s, &out, Options{}); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			b.ReportMetric(float64(info.Pages), "pages")
			b.ReportMetric(float64(out)/(1<<20), "out-MB")
			if kb := peakRSSKB(); kb > 0 {
				b.ReportMetric(float64(kb)/1024, "peak-RSS-MB")
			}
		})
	}
}

// TestWriteScanProject writes a demo project with scan attachments for
// measuring the command line (skipped unless ECOREPORT_SCAN_DB is set):
//
//	ECOREPORT_SCAN_DB=/tmp/scan2000.db ECOREPORT_SCAN_PAGES=2000 go test ./report/binder -run TestWriteScanProject
//	/usr/bin/time -v ecoreport-cli binder --db /tmp/scan2000.db --out /tmp/b
func TestWriteScanProject(t *testing.T) {
	path := os.Getenv("ECOREPORT_SCAN_DB")
	if path == "" {
		t.Skip("ECOREPORT_SCAN_DB not set")
	}
	pages, _ := strconv.Atoi(os.Getenv("ECOREPORT_SCAN_PAGES"))
	if pages <= 0 {
		pages = 2000
	}
	s, err := demo.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	start := time.Now()
	addScans(t, s, pages)
	t.Logf("%d scan pages attached in %v", pages, time.Since(start))
}
