package layout

import (
	"bytes"
	"compress/zlib"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"ecoreport/report/ttfsubset"
)

// embeddedFonts returns the TrueType files embedded in pdf.
func embeddedFonts(t *testing.T, pdf []byte) [][]byte {
	t.Helper()
	re := regexp.MustCompile(`/Length (\d+)\n/Filter /FlateDecode\n/Length1 (\d+)\n>>\nstream\n`)
	var fonts [][]byte
	for _, m := range re.FindAllSubmatchIndex(pdf, -1) {
		n, _ := strconv.Atoi(string(pdf[m[2]:m[3]]))
		zr, err := zlib.NewReader(bytes.NewReader(pdf[m[1] : m[1]+n]))
		if err != nil {
			t.Fatal(err)
		}
		font, err := io.ReadAll(zr)
		if err != nil {
			t.Fatal(err)
		}
		fonts = append(fonts, font)
	}
	return fonts
}

// TestLateTextInSubsets: the fonts are embedded as subsets, and the text set
// only while drawing (running header, page numbers, watermark, notes in
// place of attachments) has its glyphs in them.
func TestLateTextInSubsets(t *testing.T) {
	doc := NewDocument(Options{Title: "子集", Watermark: "仅供审阅"})
	doc.NewSection(PageSetup{Numbers: NumberOfTotal, Header: Header{Left: "眉批甲乙", Right: "丙丁戊己", Rule: true}})
	doc.Add(P("正文"), &EmbeddedPage{Problem: "附件损坏，请重新扫描后上传。"}, &EmbeddedPage{})
	pdf, _ := build(t, doc)
	fonts := embeddedFonts(t, pdf)
	if len(fonts) == 0 {
		t.Fatal("no embedded fonts found")
	}
	drawn := map[rune]bool{}
	for _, data := range fonts {
		if len(data) > 100<<10 {
			t.Errorf("an embedded font of %d bytes: not a subset of a few characters", len(data))
		}
		f, err := ttfsubset.Parse(data)
		if err != nil {
			t.Fatalf("embedded font: %v", err)
		}
		for r := rune(0x20); r < 0xFFFF; r++ {
			if f.GlyphIndex(r) != 0 {
				drawn[r] = true
			}
		}
	}
	for _, text := range []string{"正文", "仅供审阅", "眉批甲乙", "丙丁戊己", "第页共12", "附件损坏，请重新扫描后上传。", "附件页面缺失，无法编入汇编。"} {
		for _, r := range text {
			if !drawn[r] {
				t.Errorf("%q (of %q) has no glyph in the embedded fonts", r, text)
			}
		}
	}
	if got := squash(pdfText(t, pdf, 0)); !strings.Contains(got, "眉批甲乙") || !strings.Contains(got, "第1页共") || !strings.Contains(got, "重新扫描") {
		t.Errorf("text of the PDF: %s", got)
	}
}

// TestCharacterOutsideSubset: a character drawn that was not recorded for
// its font's subset fails the document instead of printing a blank.
func TestCharacterOutsideSubset(t *testing.T) {
	doc := NewDocument(Options{})
	doc.Add(P("正文"))
	l, err := doc.layout()
	if err != nil {
		t.Fatal(err)
	}
	song := l.fs.chains[FaceSong][0]
	p := l.pages[0]
	p.ops = append(p.ops, &textOp{x: 20, y: 20, gs: []glyph{{r: '龘', font: song, size: 12, w: 4}}})
	err = render(l, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "龘") {
		t.Errorf("err = %v, want one naming 龘", err)
	}
}

// TestSubsetDeterministic: the same document twice gives the same bytes,
// with fonts cut from the cache (second run) as from a fresh parse.
func TestSubsetDeterministic(t *testing.T) {
	mk := func() []byte {
		doc := NewDocument(Options{Title: "同一文档", Watermark: "示例数据"})
		doc.NewSection(PageSetup{Numbers: NumberDashOuter, Header: Header{Left: "页眉"}})
		doc.Add(H(1, "标题"), P(chineseText(5, 900)), longTable(30))
		pdf, _ := build(t, doc)
		return pdf
	}
	a, b := mk(), mk()
	if !bytes.Equal(a, b) {
		t.Error("two runs differ")
	}
}

// TestFontWithoutText: a document whose text is all in Hei still makes the
// PDF writer's current font Song for its bookmarks; that font is embedded
// as an empty subset and the document is written.
func TestFontWithoutText(t *testing.T) {
	doc := NewDocument(Options{})
	doc.Add(H(1, "黑体标题"), &Paragraph{Runs: []Run{{Text: "黑体段落", Face: FaceHei}}})
	pdf, _ := build(t, doc)
	if n := len(embeddedFonts(t, pdf)); n != 2 {
		t.Errorf("%d embedded fonts, want 2 (Hei, and Song for the bookmark)", n)
	}
	if got := squash(pdfText(t, pdf, 0)); !strings.Contains(got, "黑体段落") || !strings.Contains(got, "黑体标题") {
		t.Errorf("text of the PDF: %s", got)
	}
	for _, data := range embeddedFonts(t, pdf) {
		if _, err := ttfsubset.Parse(data); err != nil {
			t.Errorf("embedded font: %v", err)
		}
	}
}
