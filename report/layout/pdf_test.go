package layout

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf16"
)

// pdfText extracts the text of page (1-based; 0 = all pages) with pdftotext.
func pdfText(t *testing.T, pdf []byte, page int) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext (poppler-utils) not installed: skipping text extraction test")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(in, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"-enc", "UTF-8"}
	if page > 0 {
		args = append(args, "-f", fmt.Sprint(page), "-l", fmt.Sprint(page))
	}
	out, err := exec.Command(bin, append(args, in, "-")...).Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

func squash(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

func build(t *testing.T, doc *Document) ([]byte, Info) {
	t.Helper()
	var buf bytes.Buffer
	info, err := doc.Write(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), info
}

// TestNoCharacterLost builds a PDF from long paragraphs (several faces,
// grid and free layout) and checks that pdftotext gives back exactly the
// input characters.
func TestNoCharacterLost(t *testing.T) {
	for _, grid := range []bool{false, true} {
		t.Run(fmt.Sprintf("grid=%v", grid), func(t *testing.T) {
			ps := PageSetup{}
			if grid {
				ps = PageSetup{Margins: GBT9704Margins, Grid: &GBT9704Grid, Theme: OfficialTheme()}
			}
			doc := NewDocument(Options{Page: ps})
			var want strings.Builder
			for i := int64(0); i < 12; i++ {
				p := chineseText(100+i, 300+int(i)*40)
				want.WriteString(p)
				para := P(p)
				if i%3 == 1 {
					para.Face = FaceHei
				}
				if i%3 == 2 {
					para.Face = FaceKai
				}
				doc.Add(para)
			}
			pdf, _ := build(t, doc)
			got := squash(pdfText(t, pdf, 0))
			w := squash(want.String())
			if got != w {
				gr, wr := []rune(got), []rune(w)
				i := 0
				for i < len(gr) && i < len(wr) && gr[i] == wr[i] {
					i++
				}
				t.Fatalf("text differs at rune %d:\n got …%s…\nwant …%s…", i, string(gr[max(0, i-10):min(len(gr), i+20)]), string(wr[max(0, i-10):min(len(wr), i+20)]))
			}
		})
	}
}

func longTable(n int) *Table {
	t := &Table{Caption: "表1 测试表", Zebra: true, Columns: []Column{{Title: "序号"}, {Title: "指标名称"}, {Title: "目标值"}, {Title: "完成值"}}}
	for i := 1; i <= n; i++ {
		t.Rows = append(t.Rows, Row(fmt.Sprintf("R%03d", i), "集中式饮用水水源地水质优良比例", "≥95%", "100%"))
	}
	return t
}

// TestTableHeaderRepeated checks that a table flowing over several pages
// repeats its header on each page and loses no row.
func TestTableHeaderRepeated(t *testing.T) {
	doc := NewDocument(Options{})
	doc.Add(P("前言。"), longTable(120))
	pdf, info := build(t, doc)
	if info.Pages < 3 {
		t.Fatalf("want the table on at least 3 pages, got %d", info.Pages)
	}
	seen := 0
	for p := 1; p <= info.Pages; p++ {
		txt := pdfText(t, pdf, p)
		if !strings.Contains(txt, "指标名称") || !strings.Contains(txt, "目标值") {
			t.Errorf("page %d: header row missing", p)
		}
		if p > 1 && !strings.Contains(txt, "表1 测试表（续）") {
			t.Errorf("page %d: continued caption missing", p)
		}
		seen += strings.Count(txt, "R")
	}
	if seen != 120 {
		t.Errorf("saw %d rows, want 120", seen)
	}
}

// TestTallRowSplits checks that a row taller than a page is split.
func TestTallRowSplits(t *testing.T) {
	doc := NewDocument(Options{})
	tb := &Table{Columns: []Column{{Title: "项目", Width: 20}, {Title: "内容"}}}
	tb.Rows = append(tb.Rows, Row("长", chineseText(7, 9000)))
	doc.Add(tb)
	pdf, info := build(t, doc)
	if info.Pages < 2 {
		t.Fatalf("pages = %d, want the row split over 2+", info.Pages)
	}
	if got := squash(pdfText(t, pdf, 0)); !strings.Contains(got, squash(chineseText(7, 9000))[:300]) {
		t.Error("split row text not found")
	}
}

func tocDocument() *Document {
	doc := NewDocument(Options{Page: PageSetup{Plain: true}})
	doc.Add(&Title{Text: "封面"})
	doc.NewSection(PageSetup{Numbers: NumberPlain, RestartNumbering: true})
	doc.Add(&TOC{MaxLevel: 2})
	doc.NewSection(PageSetup{Numbers: NumberOfTotal, RestartNumbering: true})
	for i := 0; i < 8; i++ {
		doc.Add(H(1, fmt.Sprintf("第%d部分", i+1)))
		for j := 0; j < 3; j++ {
			doc.Add(H(2, fmt.Sprintf("小节%d-%d", i+1, j+1)), P(chineseText(int64(i*10+j), 150+i*90)))
		}
		if i == 3 {
			doc.Add(longTable(50))
		}
	}
	return doc
}

// TestTOCPageNumbers checks every contents entry against the page where
// pdftotext finds the heading.
func TestTOCPageNumbers(t *testing.T) {
	pdf, info := build(t, tocDocument())
	if len(info.Headings) != 32 {
		t.Fatalf("headings = %d, want 32", len(info.Headings))
	}
	// Contents run from page 2 up to the first body page.
	first := info.Headings[0].Page
	if first < 3 {
		t.Fatalf("first heading on page %d", first)
	}
	var toc string
	for p := 2; p < first; p++ {
		toc += pdfText(t, pdf, p)
	}
	for _, h := range info.Headings {
		page := pdfText(t, pdf, h.Page)
		if !strings.Contains(squash(page), squash(h.Label)) {
			t.Errorf("%s: not on page %d", h.Label, h.Page)
		}
		// Body pages are numbered from 1 after cover and contents.
		if want := fmt.Sprint(h.Page - first + 1); h.PageLabel != want {
			t.Errorf("%s: page label %s, want %s", h.Label, h.PageLabel, want)
		}
		re := regexp.MustCompile(regexp.QuoteMeta(h.Label) + `\s+` + h.PageLabel + `\b`)
		if !re.MatchString(toc) {
			t.Errorf("contents entry %q with page %s not found in:\n%s", h.Label, h.PageLabel, toc)
		}
		if !strings.Contains(page, "第 "+h.PageLabel+" 页 共 ") {
			t.Errorf("page %d: footer 第 %s 页 missing", h.Page, h.PageLabel)
		}
	}
	// "共 M 页" counts the body run.
	if !strings.Contains(pdfText(t, pdf, info.Pages), fmt.Sprintf("共 %d 页", info.Pages-first+1)) {
		t.Error("total page count wrong in footer")
	}
}

// outlineTitles decodes the /Title strings of the PDF outline.
func outlineTitles(pdf []byte) []string {
	var out []string
	re := regexp.MustCompile(`/Title \(((?:\\.|[^\\)])*)\)`)
	for _, m := range re.FindAllSubmatch(pdf, -1) {
		var raw []byte
		s := m[1]
		for i := 0; i < len(s); i++ {
			if s[i] == '\\' && i+1 < len(s) {
				i++
				switch s[i] {
				case 'n':
					raw = append(raw, '\n')
				case 'r':
					raw = append(raw, '\r')
				case 't':
					raw = append(raw, '\t')
				case 'b':
					raw = append(raw, '\b')
				case 'f':
					raw = append(raw, '\f')
				default:
					if s[i] >= '0' && s[i] <= '7' {
						v, n := 0, 0
						for n < 3 && i < len(s) && s[i] >= '0' && s[i] <= '7' {
							v = v*8 + int(s[i]-'0')
							i++
							n++
						}
						i--
						raw = append(raw, byte(v))
					} else {
						raw = append(raw, s[i])
					}
				}
				continue
			}
			raw = append(raw, s[i])
		}
		if len(raw) >= 2 && raw[0] == 0xFE && raw[1] == 0xFF {
			u := make([]uint16, 0, len(raw)/2)
			for i := 2; i+1 < len(raw); i += 2 {
				u = append(u, uint16(raw[i])<<8|uint16(raw[i+1]))
			}
			out = append(out, string(utf16.Decode(u)))
		} else {
			out = append(out, string(raw))
		}
	}
	return out
}

func TestBookmarks(t *testing.T) {
	pdf, info := build(t, tocDocument())
	titles := strings.Join(outlineTitles(pdf), "\n")
	for _, h := range info.Headings {
		if !strings.Contains(titles, h.Label) {
			t.Errorf("no bookmark for %q", h.Label)
		}
	}
	if !strings.Contains(titles, "目录") {
		t.Error("no bookmark for the contents")
	}
	if !bytes.Contains(pdf, []byte("/Outlines")) {
		t.Error("no /Outlines in catalog")
	}
	if !bytes.Contains(pdf, []byte("/Subtype /Link")) {
		t.Error("no internal links")
	}
}

// TestGBT9704Grid checks from the layout model that a full official page
// holds 22 lines of 28 characters in the 156 × 225 mm text block.
func TestGBT9704Grid(t *testing.T) {
	doc := NewDocument(Options{Page: PageSetup{Margins: GBT9704Margins, Grid: &GBT9704Grid, Theme: OfficialTheme()}})
	text := strings.Repeat("生态文明建设示范区创建工作", 200) // no punctuation: every line is full
	doc.Add(P(text))
	l, err := doc.layout()
	if err != nil {
		t.Fatal(err)
	}
	if len(l.pages) < 3 {
		t.Fatalf("pages = %d", len(l.pages))
	}
	for pi, p := range l.pages[:len(l.pages)-1] {
		var lines []*textOp
		for _, o := range p.ops {
			if to, ok := o.(*textOp); ok {
				lines = append(lines, to)
			}
		}
		if len(lines) != 22 {
			t.Fatalf("page %d: %d lines, want 22", pi+1, len(lines))
		}
		for i, ln := range lines {
			want := 28
			if pi == 0 && i == 0 {
				want = 26 // two-character indent
			}
			if len(ln.gs) != want {
				t.Errorf("page %d line %d: %d characters, want %d", pi+1, i+1, len(ln.gs), want)
			}
			right := ln.x + width(ln.gs) + ln.extra*float64(len(ln.gs)-1)
			if right > 28+156+0.01 {
				t.Errorf("page %d line %d: ends at %.2f mm, past the text block", pi+1, i+1, right)
			}
			if i > 0 {
				if d := ln.y - lines[i-1].y; d < 225.0/22-0.001 || d > 225.0/22+0.001 {
					t.Errorf("page %d line %d: pitch %.3f mm, want %.3f", pi+1, i+1, d, 225.0/22)
				}
			}
		}
		if lines[0].y < 37 || lines[21].y > 37+225 {
			t.Errorf("page %d: lines outside the text block", pi+1)
		}
	}
}

// TestDeterministic: the same input gives byte-identical PDFs.
func TestDeterministic(t *testing.T) {
	a, _ := build(t, sampleDocument("示例数据"))
	b, _ := build(t, sampleDocument("示例数据"))
	if !bytes.Equal(a, b) {
		t.Fatal("two builds differ")
	}
}

func TestMetadata(t *testing.T) {
	pdf, _ := build(t, sampleDocument(""))
	for _, s := range []string{"/Title", "/Author", "/Subject", "/Creator", "/CreationDate (D:20180531"} {
		if !bytes.Contains(pdf, []byte(s)) {
			t.Errorf("metadata %s missing", s)
		}
	}
}

// TestMissingGlyphs: characters in no font are reported, never silent.
func TestMissingGlyphs(t *testing.T) {
	missing, err := CheckCoverage(Fonts{}, FaceSong, "生态文明\uE000建设\uE000😀")
	if err != nil {
		t.Fatal(err)
	}
	if string(missing) != "\uE000😀" {
		t.Errorf("CheckCoverage = %q, want %q", string(missing), "\uE000😀")
	}
	doc := NewDocument(Options{})
	doc.Add(P("正文\uE000。"))
	_, err = doc.Write(&bytes.Buffer{})
	var mg *MissingGlyphsError
	if !errors.As(err, &mg) || len(mg.Runes) != 1 || mg.Runes[0] != '\uE000' {
		t.Fatalf("Write error = %v, want MissingGlyphsError for U+E000", err)
	}
	if !strings.Contains(err.Error(), "U+E000") {
		t.Errorf("error does not name the character: %v", err)
	}
	doc = NewDocument(Options{AllowMissingGlyphs: true})
	doc.Add(P("正文\uE000。"))
	info, err := doc.Write(&bytes.Buffer{})
	if err != nil || len(info.MissingGlyphs) != 1 {
		t.Fatalf("AllowMissingGlyphs: err %v, missing %q", err, string(info.MissingGlyphs))
	}
}

// TestFontFallback: a configured font that lacks a character falls back to
// the bundled face for that character only.
func TestFontFallback(t *testing.T) {
	// DejaVu Sans has Latin but no Chinese: Chinese characters must come
	// from the bundled Song.
	const dejavu = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
	if _, err := os.Stat(dejavu); err != nil {
		t.Skip("DejaVuSans.ttf not installed")
	}
	doc := NewDocument(Options{Fonts: Fonts{Paths: map[Face]string{FaceFangSong: dejavu}}, Page: PageSetup{Theme: OfficialTheme()}})
	doc.Add(P("Latin 2017 生态文明"))
	pdf, info := build(t, doc)
	if len(info.MissingGlyphs) != 0 {
		t.Errorf("missing %q", string(info.MissingGlyphs))
	}
	if strings.Join(info.FontFiles, ",") != "DejaVuSans.ttf,gbsn00lp.ttf" {
		t.Errorf("fonts used = %v", info.FontFiles)
	}
	if got := squash(pdfText(t, pdf, 0)); got != "Latin2017生态文明" {
		t.Errorf("text = %q", got)
	}
	// An explicit path that does not exist is an error.
	doc = NewDocument(Options{Fonts: Fonts{Paths: map[Face]string{FaceHei: "/nonexistent/simhei.ttf"}}})
	if _, err := doc.Layout(); err == nil {
		t.Error("want an error for a missing explicit font file")
	}
}

func TestHeadingNumbers(t *testing.T) {
	doc := NewDocument(Options{})
	doc.Add(H(1, "甲"), H(2, "乙"), H(3, "丙"), H(4, "丁"), H(4, "戊"), H(2, "己"), H(1, "庚"), H(2, "辛"))
	info, err := doc.Layout()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, h := range info.Headings {
		got = append(got, h.Label)
	}
	want := "一、甲|（一）乙|1.丙|（1）丁|（2）戊|（二）己|二、庚|（一）辛"
	if strings.Join(got, "|") != want {
		t.Errorf("labels = %s, want %s", strings.Join(got, "|"), want)
	}
}
