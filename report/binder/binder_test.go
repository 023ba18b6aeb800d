package binder

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
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

	"ecoreport/app/assess"
	"ecoreport/app/demo"
	"ecoreport/app/evidence"
	"ecoreport/app/store"
	"ecoreport/report/pdfimport/fixture"
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
	for _, english := range []string{"SAMPLE", "generated", "Indicator"} { // the sample attachments are Chinese
		if strings.Contains(all, english) {
			t.Errorf("the binder prints %q", english)
		}
	}
	for _, want := range []string{"佐证材料汇编", "指标1 生态文明建设规划", "一、指标要求", "二、基本信息", "三、三年完成情况",
		"四、工作任务（任务分解书）", "五、数据来源", "佐证材料目录", "未附电子文件", "第 1 页 共 " + fmt.Sprint(info.Pages-front(info)) + " 页"} {
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
	squashed := []rune(strings.Join(strings.Fields(all), ""))
	for _, it := range items {
		// A title wraps in its cell, and the text of a row's other cells
		// comes between its lines.
		if !inOrderNear(squashed, []rune(strings.Join(strings.Fields(firstLine(it.Title)), "")), 60) {
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
		pg := pages[physical(info, itemKey(it.ID))-1]
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

// physical is the physical page (1-based) of a heading.
func physical(info Info, id string) int {
	for _, h := range info.Headings {
		if h.ID == id {
			return h.Page
		}
	}
	return 0
}

// front is the number of unnumbered pages before page 1: the cover and the
// table of contents.
func front(info Info) int {
	for _, h := range info.Headings {
		if strings.HasPrefix(h.ID, "ind:") {
			return h.Page - 1
		}
	}
	return 0
}

// inOrderNear tells whether the runes of want occur in text in order, the
// first and the last at most window runes apart.
func inOrderNear(text, want []rune, window int) bool {
	for start := range text {
		if len(want) == 0 || text[start] != want[0] {
			continue
		}
		k := 1
		for i := start + 1; i < len(text) && i-start <= window && k < len(want); i++ {
			if text[i] == want[k] {
				k++
			}
		}
		if k == len(want) {
			return true
		}
	}
	return len(want) == 0
}

func firstLine(s string) string {
	r := []rune(s)
	return string(r[:min(len(r), 8)])
}

// attachUnchecked stores a file as a database from before the checks at
// attach time might hold it (raw SQL: evidence.Attach refuses such files).
func attachUnchecked(t *testing.T, s *store.Store, item int64, f evidence.File, mime string) {
	t.Helper()
	sum := sha256.Sum256(f.Data)
	hash := hex.EncodeToString(sum[:])
	if _, err := s.DB().Exec(`INSERT INTO evidence_blobs (sha256, size, mime, data, added_at) VALUES (?, ?, ?, ?, '2018-01-01')
		ON CONFLICT (sha256) DO NOTHING`, hash, len(f.Data), mime, f.Data); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DB().Exec(`INSERT INTO evidence_attachments (item, sha256, name, sort, added_at, actor)
		VALUES (?, ?, ?, (SELECT coalesce(max(sort), 0) + 1 FROM evidence_attachments WHERE item = ?), '2018-01-01', '测试')`, item, hash, f.Name, item); err != nil {
		t.Fatal(err)
	}
}

// TestBadAttachments: files the checks at attach time now refuse, stored
// by an older version, become pages saying in Chinese what is wrong and
// what to do, and are listed in Info.Problems; no Go or parser English
// reaches the document.
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
	locked, err := fixture.Encrypt(fixture.TextPDF(2, fixture.Label("locked")), "user", "owner")
	if err != nil {
		t.Fatal(err)
	}
	files := []struct {
		f    evidence.File
		mime string
		want string
	}{
		{evidence.File{Name: "损坏的文件.pdf", Data: []byte("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")}, evidence.MimePDF, "已损坏"},
		{evidence.File{Name: "截断的图片.png", Data: img.Bytes()[:60]}, evidence.MimePNG, "已损坏"},
		{evidence.File{Name: "乱码.pdf", Data: append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte{0xff, 0x00, '(', '<', '['}, 4000)...)}, evidence.MimePDF, "已损坏"},
		{evidence.File{Name: "加密.pdf", Data: locked}, evidence.MimePDF, "打开密码"},
		{evidence.File{Name: "炸弹.png", Data: fixture.PNGBomb(30000, 30000)}, evidence.MimePNG, "像素过多"},
		{evidence.File{Name: "太长.pdf", Data: fixture.TextPDF(5001, fixture.Label("long"))}, evidence.MimePDF, "超过 5000 页"},
	}
	for _, f := range files {
		attachUnchecked(t, s, it.ID, f.f, f.mime)
	}
	pdf, info := build(t, s)
	pages := pageTexts(t, pdf)
	n := physical(info, itemKey(it.ID)) - 1
	text := strings.Join(pages[n:min(len(pages), n+len(files)+1)], "\n")
	// The engine sets mainland quotation marks: “name” for 「name」.
	flat := strings.NewReplacer("\n", "", "“", "「", "”", "」").Replace(text)
	for _, f := range files {
		if !strings.Contains(flat, "附件「"+f.f.Name+"」无法编入汇编") || !strings.Contains(flat, f.want) {
			t.Errorf("no problem note for %s (%s) near page %d", f.f.Name, f.want, n)
		}
	}
	if len(info.Problems) != len(files) {
		t.Errorf("%d problems listed, want %d: %v", len(info.Problems), len(files), info.Problems)
	}
	all := strings.Join(pages, "\n")
	for _, bad := range []string{"runtime error", "nil pointer", "invalid memory", "pdfcpu", "xref", "EOF", "malformed", "unexpected"} {
		if strings.Contains(all, bad) {
			t.Errorf("binder contains %q", bad)
		}
	}
	for _, p := range info.Problems {
		if strings.Contains(p, "runtime") || strings.Contains(p, "pdfcpu") {
			t.Errorf("problem with Go text: %s", p)
		}
	}
}

// TestOwnerPasswordAndLongPDF: a PDF with an owner password only is
// decrypted and imported; a 3,000-page PDF is imported whole.
func TestOwnerPasswordAndLongPDF(t *testing.T) {
	s := openDemo(t)
	items, _ := evidence.List(s, evidence.Filter{})
	owner, err := fixture.Encrypt(fixture.TextPDF(2, fixture.Label("restricted")), "", "owner")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := evidence.Attach(s, items[0].ID, evidence.File{Name: "只限打印.pdf", Data: owner}, "测试"); err != nil {
		t.Fatal(err)
	}
	if _, err := evidence.Attach(s, items[1].ID, evidence.File{Name: "三千页.pdf", Data: fixture.TextPDF(3000, fixture.Label("long"))}, "测试"); err != nil {
		t.Fatal(err)
	}
	pdf, info := build(t, s)
	if len(info.Problems) != 0 {
		t.Fatalf("problems: %v", info.Problems)
	}
	if info.Pages < 3000 {
		t.Fatalf("binder has %d pages", info.Pages)
	}
	// Every page of the long PDF is drawn from a form of its own.
	if got := len(regexp.MustCompile(`/A[0-9a-f]{16}-\d+ \d+ 0 R`).FindAll(pdf, -1)); got < 3000+2 {
		t.Errorf("%d attached pages drawn, want at least 3002", got)
	}
	// Reading all of it takes pdftotext a minute here: read the first
	// pages and then the last ones.
	n := physical(info, itemKey(items[1].ID))
	text := pageRange(t, pdf, 1, n+2) + pageRange(t, pdf, n+1498, n+1500) + pageRange(t, pdf, n+2997, n+3000)
	for _, want := range []string{"restricted page 1", "restricted page 2", "long page 1\n", "long page 1500\n", "long page 3000\n", "第 3000 页 / 共 3000 页"} {
		if !strings.Contains(text, want) {
			t.Errorf("binder lacks %q", want)
		}
	}
}

// pageRange is the text of physical pages first to last.
func pageRange(t *testing.T, pdf []byte, first, last int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "b.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", "-f", fmt.Sprint(first), "-l", fmt.Sprint(last), path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// TestDeterministic builds the demo binder (three attached PDFs, two PNGs)
// several times: the bytes must not change (pdfimport numbers the imported
// objects in the order it reaches them and sorts every dictionary).
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
	if !regexp.MustCompile(fmt.Sprintf(`/Size %d\b`, n)).Match(pdf[first+20*n:]) {
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

var importedPageRE = regexp.MustCompile(`/A[0-9a-f]{16}-\d+ \d+ 0 R`)

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

// TestTOC reads the binder's table of contents as a reader would and checks
// every entry against the page where the domain or indicator really
// starts: its printed number and the header and title on that page.
func TestTOC(t *testing.T) {
	s := openDemo(t)
	pdf, info := build(t, s)
	needTool(t, "pdftotext")
	path := filepath.Join(t.TempDir(), "b.pdf")
	os.WriteFile(path, pdf, 0o644)
	out, err := exec.Command("pdftotext", "-layout", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	pages := strings.Split(string(out), "\f")
	nFront := front(info)
	if nFront < 2 || !strings.Contains(pages[1], "目  录") && !strings.Contains(pages[1], "目 录") {
		t.Fatalf("no table of contents after the cover (%d front pages):\n%s", nFront, pages[1])
	}
	entry := regexp.MustCompile(`^\s*(\S.*?\S)\s{2,}(\d+)\s*$`)
	norm := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	toc := map[string]string{}
	carry := "" // an entry's first line when it wraps
	watermark := regexp.MustCompile(`(^|\s{2,})[示例数据](\s{2,}|\s*$)`)
	number := regexp.MustCompile(`^\s*(\d+)\s*$`)
	for _, pg := range pages[1:nFront] {
		for _, ln := range strings.Split(pg, "\n") {
			ln = watermark.ReplaceAllString(ln, "   ")
			if strings.TrimSpace(ln) == "" || strings.Contains(ln, "目") && strings.Contains(ln, "录") {
				continue
			}
			if m := number.FindStringSubmatch(ln); m != nil && carry != "" {
				toc[norm(carry)] = m[1]
				carry = ""
			} else if m := entry.FindStringSubmatch(ln); m != nil {
				toc[norm(carry+" "+m[1])] = m[2]
				carry = ""
			} else {
				carry += " " + ln
			}
		}
	}
	a, _ := assess.Load(s)
	nInd := 0
	for _, h := range info.Headings {
		if !strings.HasPrefix(h.ID, "ind:") && !strings.HasPrefix(h.ID, "domain:") {
			continue
		}
		got, ok := toc[norm(h.Label)]
		if !ok {
			t.Errorf("TOC lacks %q", h.Label)
			continue
		}
		if got != h.PageLabel {
			t.Errorf("TOC says %q is on page %s, it is on printed page %s", h.Label, got, h.PageLabel)
		}
		pg := pages[h.Page-1]
		if !strings.Contains(pg, "第 "+got+" 页 共") || !strings.Contains(norm(pg), norm(h.Label)) {
			t.Errorf("%q: the page numbered %s does not show it:\n%s", h.Label, got, pg)
		}
		if strings.HasPrefix(h.ID, "ind:") {
			nInd++
		}
	}
	if nInd != len(a.Catalog.Indicators) || len(toc) != nInd+len(a.Catalog.Domains) {
		t.Errorf("TOC has %d entries, %d indicators; catalog %d indicators in %d domains", len(toc), nInd, len(a.Catalog.Indicators), len(a.Catalog.Domains))
	}
	// The cover names the issuer and the date.
	for _, want := range []string{"创建生态文明建设示范区办公室", "年"} {
		if !strings.Contains(pages[0], want) {
			t.Errorf("cover lacks %q:\n%s", want, pages[0])
		}
	}
}

// TestNoOverflowPage: no page of the demo binder holds only the last rows
// of a table: every page but the cover has a heading, an attached page or
// at least ten lines of text.
func TestNoOverflowPage(t *testing.T) {
	s := openDemo(t)
	pdf, _ := build(t, s)
	for i, pg := range pageTexts(t, pdf) {
		var lines []string
		for _, ln := range strings.Split(pg, "\n") {
			if ln = strings.TrimSpace(ln); ln != "" && !strings.Contains("示例数据", ln) {
				lines = append(lines, ln)
			}
		}
		if i == 0 || strings.Contains(pg, "附件“") || strings.Contains(pg, "佐证材料目录") || len(lines) >= 10 {
			continue
		}
		t.Errorf("page %d holds only %d lines:\n%s", i+1, len(lines), strings.Join(lines, "\n"))
	}
}
