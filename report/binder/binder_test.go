package binder

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"codeberg.org/go-pdf/fpdf"

	"ecoreport/app/demo"
	"ecoreport/app/evidence"
	"ecoreport/app/store"
)

func openDemo(t testing.TB) *store.Store {
	t.Helper()
	s, err := demo.Open()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func build(t testing.TB, s *store.Store) ([]byte, Info) {
	t.Helper()
	var buf bytes.Buffer
	info, err := Build(context.Background(), s, &buf, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), info
}

func needTool(t *testing.T, name string) {
	if _, err := exec.LookPath(name); err != nil {
		t.Skipf("%s not installed", name)
	}
}

// pageTexts returns the text of every page (pdftotext, form feed separated).
func pageTexts(t *testing.T, pdf []byte) []string {
	t.Helper()
	needTool(t, "pdftotext")
	path := filepath.Join(t.TempDir(), "b.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	pages := strings.Split(string(out), "\f")
	return pages[:len(pages)-1]
}

func TestDemoBinder(t *testing.T) {
	s := openDemo(t)
	pdf, info := build(t, s)
	pages := pageTexts(t, pdf)
	if len(pages) != info.Pages {
		t.Fatalf("pdftotext sees %d pages, layout %d", len(pages), info.Pages)
	}
	all := strings.Join(pages, "\n")
	for _, want := range []string{"佐证材料汇编", "指标1 生态文明建设规划", "一、指标要求", "二、基本信息", "三、三年完成情况",
		"四、主要措施", "五、数据来源", "佐证材料目录", "未附电子文件", "第 1 页 共 " + fmt.Sprint(info.Pages-1) + " 页"} {
		if !strings.Contains(all, want) {
			t.Errorf("binder lacks %q", want)
		}
	}
	if info.Indicators == 0 || info.Items != 48 || info.Attachments != 5 || len(info.Problems) != 0 {
		t.Errorf("info = %d indicators, %d items, %d attachments, problems %v", info.Indicators, info.Items, info.Attachments, info.Problems)
	}
	items, err := evidence.List(s, evidence.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	nWith := 0
	for _, it := range items {
		if !strings.Contains(all, firstLine(it.Title)) {
			t.Errorf("catalog lacks item title %q", it.Title)
		}
		if len(it.Attachments) == 0 {
			if _, ok := info.ItemPages[it.ID]; ok {
				t.Errorf("item %d without a file has a page", it.ID)
			}
			continue
		}
		nWith++
		// The catalog's page reference is the page the item starts on
		// (printed number = physical page - 1, the cover is unnumbered).
		n, ok := info.ItemPages[it.ID]
		if !ok {
			t.Fatalf("item %d has no page", it.ID)
		}
		pg := pages[n] // physical page n+1
		if !strings.Contains(pg, "第 "+fmt.Sprint(n)+" 页") || !strings.Contains(pg, it.Attachments[0].Name) {
			t.Errorf("item %q: catalog says page %d, that page reads:\n%s", it.Title, n, pg)
		}
		if !strings.Contains(all, fmt.Sprintf("第%d页", n)) {
			t.Errorf("catalog lacks the page reference 第%d页 of %q", n, it.Title)
		}
		// The text of attached PDFs is in the binder.
		for _, a := range it.Attachments {
			if a.Mime != evidence.MimePDF {
				continue
			}
			data, err := evidence.Bytes(s, a.SHA256)
			if err != nil {
				t.Fatal(err)
			}
			src := pageTexts(t, data)
			line := strings.TrimSpace(strings.SplitN(strings.TrimSpace(src[0]), "\n", 2)[0])
			if line == "" || !strings.Contains(pg, line) {
				t.Errorf("attachment %s: its first line %q is not on page %d", a.Name, line, n)
			}
		}
	}
	if nWith == 0 {
		t.Fatal("demo has no items with files")
	}
	// Bookmarks: one per indicator and one per item with a file.
	nInd, nItem := 0, 0
	for _, h := range info.Headings {
		switch {
		case strings.HasPrefix(h.ID, "ind:"):
			nInd++
		case strings.HasPrefix(h.ID, "item:"):
			nItem++
		}
	}
	if nInd != info.Indicators || nItem != nWith {
		t.Errorf("bookmarks: %d indicators (want %d), %d items (want %d)", nInd, info.Indicators, nItem, nWith)
	}
	if c := bytes.Count(pdf, []byte("/Title ")); c < 1+nInd+nItem+1 { // cover + indicators + items + document info
		t.Errorf("PDF has %d /Title entries, want at least %d", c, nInd+nItem+2)
	}
	if !bytes.Contains(pdf, []byte("/Outlines")) {
		t.Error("no outline")
	}
	if !strings.Contains(all, "示例数据") {
		t.Error("no sample watermark")
	}
}

func firstLine(s string) string {
	r := []rune(s)
	return string(r[:min(len(r), 8)])
}

func TestBadAttachments(t *testing.T) {
	s := openDemo(t)
	items, err := evidence.List(s, evidence.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	var it evidence.Item
	for _, x := range items {
		if len(x.Attachments) == 0 {
			it = x
			break
		}
	}
	var img bytes.Buffer
	m := image.NewRGBA(image.Rect(0, 0, 64, 64))
	m.Set(1, 1, color.Black)
	png.Encode(&img, m)
	files := []evidence.File{
		{Name: "损坏的文件.pdf", Data: []byte("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")},
		{Name: "截断的图片.png", Data: img.Bytes()[:60]},
		{Name: "乱码.pdf", Data: append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte{0xff, 0x00, '(', '<', '['}, 4000)...)},
	}
	for _, f := range files {
		if _, err := evidence.Attach(s, it.ID, f, "测试"); err != nil {
			t.Fatalf("attach %s: %v", f.Name, err)
		}
	}
	pdf, info := build(t, s)
	pages := pageTexts(t, pdf)
	n := info.ItemPages[it.ID]
	text := strings.Join(pages[n:min(len(pages), n+3)], "\n")
	for _, f := range files {
		if !strings.Contains(text, "附件“"+f.Name+"”") { // the engine sets mainland quotation marks
			t.Errorf("no problem note for %s near page %d:\n%s", f.Name, n, text)
		}
	}
	if !strings.Contains(text, "无法") {
		t.Errorf("problem not named:\n%s", text)
	}
}

// TestDeterministic builds the demo binder (three attached PDFs, two PNGs
// of the same width) several times: the bytes must not change. gofpdi and
// fpdf write imported objects and same-width images in Go map order, so this
// fails unless layout writes them itself (layout/pdfpage.go).
func TestDeterministic(t *testing.T) {
	s := openDemo(t)
	a, ia := build(t, s)
	checkXref(t, a)
	for range 2 {
		b, ib := build(t, s)
		if !bytes.Equal(a, b) {
			i := 0
			for i < min(len(a), len(b)) && a[i] == b[i] {
				i++
			}
			t.Fatalf("two builds of the same project differ (%d and %d bytes, first difference at %d)", len(a), len(b), i)
		}
		if fmt.Sprint(ia) != fmt.Sprint(ib) {
			t.Fatalf("info differs:\n%v\n%v", ia, ib)
		}
	}
}

// checkXref checks that every cross-reference entry points at its object
// and startxref at the table (the imported objects are added after fpdf's
// output, which rewrites both).
func checkXref(t *testing.T, pdf []byte) {
	t.Helper()
	i := bytes.LastIndex(pdf, []byte("startxref\n"))
	var xo, n int
	if _, err := fmt.Sscanf(string(pdf[i:]), "startxref\n%d\n", &xo); err != nil || !bytes.HasSuffix(pdf, []byte("%%EOF\n")) {
		t.Fatalf("no startxref: %v", err)
	}
	if _, err := fmt.Sscanf(string(pdf[xo:]), "xref\n0 %d\n", &n); err != nil {
		t.Fatalf("startxref %d does not point at the xref table: %v", xo, err)
	}
	first := xo + bytes.IndexByte(pdf[xo+5:], '\n') + 6
	for k := 1; k < n; k++ {
		var off int
		fmt.Sscanf(string(pdf[first+20*k:first+20*k+10]), "%d", &off)
		if want := fmt.Sprintf("%d 0 obj\n", k); !bytes.HasPrefix(pdf[off:], []byte(want)) {
			t.Fatalf("xref entry %d points at %q", k, pdf[off:min(off+20, len(pdf))])
		}
	}
	if !bytes.Contains(pdf[first+20*n:], []byte(fmt.Sprintf("/Size %d\n", n))) {
		t.Errorf("trailer /Size is not %d", n)
	}
}

// syntheticPDF is a PDF of n pages with text.
func syntheticPDF(tb testing.TB, n int, tag string) []byte {
	f := fpdf.New("P", "mm", "A4", "")
	f.SetFont("Helvetica", "", 14)
	for i := 1; i <= n; i++ {
		f.AddPage()
		f.Text(20, 30, fmt.Sprintf("Synthetic attachment %s page %d of %d", tag, i, n))
		f.Rect(20, 40, 170, 200, "D")
	}
	var buf bytes.Buffer
	if err := f.Output(&buf); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func TestPageBound(t *testing.T) {
	s := openDemo(t)
	before, _ := build(t, s)
	items, _ := evidence.List(s, evidence.Filter{})
	it := items[0]
	if _, err := evidence.Attach(s, it.ID, evidence.File{Name: "很长的文件.pdf", Data: syntheticPDF(t, 12, "long")}, "测试"); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	info, err := Build(context.Background(), s, &buf, Options{MaxPages: 5})
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(pageTexts(t, buf.Bytes()), "\n")
	if !strings.Contains(all, "共 12 页，汇编只收录前 5 页") || !strings.Contains(all, "Synthetic attachment long page 5 of 12") || strings.Contains(all, "page 6 of 12") {
		t.Errorf("page bound not applied (%d pages)", info.Pages)
	}
	// Only the pages drawn are imported: five more page templates, not 12.
	checkXref(t, buf.Bytes())
	if got := importedPages(buf.Bytes()) - importedPages(before); got != 5 {
		t.Errorf("%d more imported pages, want 5", got)
	}
}

var importedPageRE = regexp.MustCompile(`(?m)^/ERP\d+-\d+ \d+ 0 R$`)

// importedPages counts the imported pages in the resource dictionary.
func importedPages(pdf []byte) int { return len(importedPageRE.FindAll(pdf, -1)) }

// BenchmarkBinder builds binders with about 500 and 2,000 imported pages: a
// distinct PDF of 10 or 42 pages attached to each of the 48 demo items.
// Besides time and allocations it reports the output size and the peak RSS
// of the build (Linux: VmHWM, reset before the timed loop), which should
// grow with the output, not with the attached pages. Run one size at a time
// for a clean peak, e.g. -bench 'Binder/pages=2000' -benchtime 1x.
func BenchmarkBinder(b *testing.B) {
	for _, per := range []int{10, 42} {
		b.Run(fmt.Sprintf("pages=%d", 48*per), func(b *testing.B) { benchBinder(b, per) })
	}
}

func benchBinder(b *testing.B, per int) {
	s := openDemo(b)
	items, err := evidence.List(s, evidence.Filter{})
	if err != nil {
		b.Fatal(err)
	}
	for i, it := range items {
		if _, err := evidence.Attach(s, it.ID, evidence.File{Name: fmt.Sprintf("合订本%d.pdf", i), Data: syntheticPDF(b, per, fmt.Sprint(i))}, "测试"); err != nil {
			b.Fatal(err)
		}
	}
	runtime.GC()
	resetPeakRSS()
	b.ReportAllocs()
	b.ResetTimer()
	var pages int
	var out countWriter
	for b.Loop() {
		out = 0
		info, err := Build(context.Background(), s, &out, Options{})
		if err != nil {
			b.Fatal(err)
		}
		pages = info.Pages
	}
	b.StopTimer()
	b.ReportMetric(float64(pages), "pages")
	b.ReportMetric(float64(out)/(1<<20), "out-MB")
	if kb := peakRSSKB(); kb > 0 {
		b.ReportMetric(float64(kb)/1024, "peak-RSS-MB")
	}
}

type countWriter int64

func (c *countWriter) Write(p []byte) (int, error) { *c += countWriter(len(p)); return len(p), nil }

// resetPeakRSS resets the kernel's peak RSS of this process (Linux).
func resetPeakRSS() { os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// peakRSSKB is VmHWM of this process in kB, 0 if unknown.
func peakRSSKB() int {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, ln := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(ln, "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return kb
		}
	}
	return 0
}
