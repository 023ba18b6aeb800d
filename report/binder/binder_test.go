package binder

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
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
		if !strings.Contains(text, "附件「"+f.Name+"」") {
			t.Errorf("no problem note for %s near page %d:\n%s", f.Name, n, text)
		}
	}
	if !strings.Contains(text, "无法") {
		t.Errorf("problem not named:\n%s", text)
	}
}

func TestDeterministic(t *testing.T) {
	s := openDemo(t)
	a, ia := build(t, s)
	b, ib := build(t, s)
	// Known gap: gofpdi writes imported dictionaries and fpdf numbers the
	// imported objects in Go map order, so the bytes of imported PDF pages
	// are not yet stable. Text, pages and page references must be.
	if !bytes.Equal(a, b) {
		t.Log("byte-level difference (imported PDF objects in map order)")
	}
	if fmt.Sprint(ia) != fmt.Sprint(ib) || strings.Join(pageTexts(t, a), "\f") != strings.Join(pageTexts(t, b), "\f") {
		t.Error("two builds of the same project differ in content")
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
}

// BenchmarkBinder builds a binder with about 2,000 imported pages: a distinct
// 42-page PDF attached to each of the 48 demo items.
func BenchmarkBinder(b *testing.B) {
	s := openDemo(b)
	items, err := evidence.List(s, evidence.Filter{})
	if err != nil {
		b.Fatal(err)
	}
	for i, it := range items {
		if _, err := evidence.Attach(s, it.ID, evidence.File{Name: fmt.Sprintf("合订本%d.pdf", i), Data: syntheticPDF(b, 42, fmt.Sprint(i))}, "测试"); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	var pages int
	for b.Loop() {
		info, err := Build(context.Background(), s, io.Discard, Options{})
		if err != nil {
			b.Fatal(err)
		}
		pages = info.Pages
	}
	b.ReportMetric(float64(pages), "pages")
}
