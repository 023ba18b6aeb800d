package pkg

import (
	"bytes"
	"encoding/xml"
	"math"
	"os/exec"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf16"
)

// This file reads the demo package back as a reader would (bookmarks and
// the positions of text lines from pdftotext -bbox-layout) and checks the
// typesetting rules of issue 10: no stranded heading, no paragraph split
// leaving one line, no table broken after its first row or at a group row,
// no half-width punctuation next to Chinese characters.

// word is a word of pdftotext -bbox-layout, in points from the top left.
type word struct {
	x0, y0, x1, y1 float64
	text           string
}

// vline is a visual line: the words of a page that share a top.
type vline struct {
	x0, y0, x1, y1 float64
	text           string
	words          []word
}

type rpage struct {
	w, h  float64
	lines []vline
}

// bboxPages runs pdftotext -bbox-layout and groups the words of every page
// into visual lines, top to bottom.
func bboxPages(t *testing.T, data []byte) []rpage {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext 不可用(poppler-utils),跳过版式检查")
	}
	cmd := exec.Command(bin, "-enc", "UTF-8", "-bbox-layout", "-", "-")
	cmd.Stdin = bytes.NewReader(data)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	type xword struct {
		XMin float64 `xml:"xMin,attr"`
		YMin float64 `xml:"yMin,attr"`
		XMax float64 `xml:"xMax,attr"`
		YMax float64 `xml:"yMax,attr"`
		Text string  `xml:",chardata"`
	}
	type xpage struct {
		W     float64 `xml:"width,attr"`
		H     float64 `xml:"height,attr"`
		Words []xword `xml:"flow>block>line>word"`
	}
	var doc struct {
		Pages []xpage `xml:"body>doc>page"`
	}
	dec := xml.NewDecoder(bytes.NewReader(out))
	dec.Strict = false
	dec.Entity = xml.HTMLEntity
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("pdftotext -bbox-layout: %v", err)
	}
	var pages []rpage
	for _, xp := range doc.Pages {
		p := rpage{w: xp.W, h: xp.H}
		var ws []word
		for _, xw := range xp.Words {
			w := word{xw.XMin, xw.YMin, xw.XMax, xw.YMax, strings.TrimSpace(xw.Text)}
			if watermarkWord(w) {
				continue
			}
			ws = append(ws, w)
		}
		mid := func(w word) float64 { return (w.y0 + w.y1) / 2 }
		sort.SliceStable(ws, func(i, j int) bool {
			if math.Abs(mid(ws[i])-mid(ws[j])) > 2 {
				return mid(ws[i]) < mid(ws[j])
			}
			return ws[i].x0 < ws[j].x0
		})
		for _, w := range ws {
			n := len(p.lines)
			if n > 0 && math.Abs(mid(p.lines[n-1].words[0])-mid(w)) <= 2 {
				l := &p.lines[n-1]
				l.words = append(l.words, w)
				continue
			}
			p.lines = append(p.lines, vline{words: []word{w}})
		}
		for i := range p.lines {
			l := &p.lines[i]
			sort.Slice(l.words, func(a, b int) bool { return l.words[a].x0 < l.words[b].x0 })
			l.x0, l.y0, l.x1, l.y1 = math.Inf(1), math.Inf(1), 0, 0
			var b strings.Builder
			for _, w := range l.words {
				l.x0, l.y0 = math.Min(l.x0, w.x0), math.Min(l.y0, w.y0)
				l.x1, l.y1 = math.Max(l.x1, w.x1), math.Max(l.y1, w.y1)
				b.WriteString(w.text)
			}
			l.text = b.String()
		}
		pages = append(pages, p)
	}
	return pages
}

// watermarkWord reports a character of the diagonal "示例数据" watermark
// (set at 54 pt: taller than any text of the documents).
func watermarkWord(w word) bool {
	return w.y1-w.y0 > 30 && strings.Contains("示例数据", w.text) && len([]rune(w.text)) == 1
}

var furnitureRE = regexp.MustCompile(`^(第\d+页共\d+页|—\d+—)$`)

// bodyLines drops the page number line and the running header (above the
// text block, which starts 25 mm or more from the top).
func bodyLines(p rpage) []vline {
	var out []vline
	for _, l := range p.lines {
		if furnitureRE.MatchString(l.text) || l.y1 < 65 {
			continue
		}
		out = append(out, l)
	}
	return out
}

// bookmark is an outline entry: its title, page (0-based) and the top of
// its destination in points from the top of the page.
type bookmark struct {
	title string
	page  int
	y     float64
}

var (
	kidsRE = regexp.MustCompile(`/Type /Pages\s*/Kids \[([^\]]*)\]`)
	destRE = regexp.MustCompile(`^\s*(?:/Parent \d+ 0 R\s*)?(?:/Prev \d+ 0 R\s*)?(?:/Next \d+ 0 R\s*)?(?:/First \d+ 0 R\s*)?(?:/Last \d+ 0 R\s*)?/Dest \[(\d+) 0 R /XYZ 0 ([\d.]+) null\]`)
)

// bookmarks reads the outline of a PDF written by the layout engine.
func bookmarks(t *testing.T, data []byte, pages []rpage) []bookmark {
	t.Helper()
	m := kidsRE.FindSubmatch(data)
	if m == nil {
		t.Fatal("no page tree")
	}
	pageOf := map[int]int{}
	for i, f := range strings.Fields(strings.ReplaceAll(string(m[1]), "0 R", "")) {
		n, _ := strconv.Atoi(f)
		pageOf[n] = i
	}
	var out []bookmark
	for rest := data; ; {
		i := bytes.Index(rest, []byte("<</Title ("))
		if i < 0 {
			break
		}
		rest = rest[i+len("<</Title ("):]
		var raw []byte
		j := 0
		for ; j < len(rest) && rest[j] != ')'; j++ {
			c := rest[j]
			if c == '\\' && j+1 < len(rest) {
				j++
				switch rest[j] {
				case 'n':
					c = '\n'
				case 'r':
					c = '\r'
				case 't':
					c = '\t'
				default:
					c = rest[j]
				}
			}
			raw = append(raw, c)
		}
		rest = rest[j+1:]
		dm := destRE.FindSubmatch(rest)
		if dm == nil {
			continue
		}
		obj, _ := strconv.Atoi(string(dm[1]))
		y, _ := strconv.ParseFloat(string(dm[2]), 64)
		p, ok := pageOf[obj]
		if !ok || p >= len(pages) {
			continue
		}
		out = append(out, bookmark{title: utf16Title(raw), page: p, y: pages[p].h - y})
	}
	return out
}

// squashAll drops every kind of space, the ideographic space too.
func squashAll(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

func utf16Title(b []byte) string {
	if len(b) < 2 || b[0] != 0xFE || b[1] != 0xFF {
		return string(b)
	}
	var u []uint16
	for i := 2; i+1 < len(b); i += 2 {
		u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
	}
	return string(utf16.Decode(u))
}

// headingLines returns, per page, the indexes of the body lines that belong
// to a bookmarked heading (its first line at the bookmark and the lines it
// wraps to).
func headingLines(pages []rpage, bms []bookmark) []map[int]string {
	out := make([]map[int]string, len(pages))
	for i := range out {
		out[i] = map[int]string{}
	}
	for _, b := range bms {
		lines := bodyLines(pages[b.page])
		title := squashAll(b.title)
		for i, l := range lines {
			if l.y1 < b.y-1 {
				continue
			}
			// The heading's lines: consecutive lines whose text is part of
			// the title.
			got := ""
			for k := i; k < len(lines); k++ {
				s := squashAll(lines[k].text)
				if s == "" || !strings.Contains(title, got+s) && !strings.HasPrefix(title, got+s) {
					break
				}
				got += s
				out[b.page][k] = b.title
			}
			break
		}
	}
	return out
}

// reportDocs are the documents whose pages the layout engine sets, with
// their files.
func reportDocs(t *testing.T) []File {
	r, _ := demoPackage(t)
	var out []File
	for _, f := range r.Files {
		if strings.HasSuffix(f.Name, ".pdf") {
			out = append(out, f)
		}
	}
	if len(out) != 8 {
		t.Fatalf("%d PDF files in the package, want 8", len(out))
	}
	return out
}

// generated reports whether page p of file f was set by us (in the binder,
// the attached documents' pages are not).
func generated(f File, p rpage) bool {
	if !strings.HasPrefix(f.Name, "07_") {
		return true
	}
	for _, l := range p.lines {
		if strings.HasPrefix(l.text, "附件“") || strings.HasPrefix(l.text, "附件「") {
			return false
		}
	}
	return true
}

func TestNoStrandedHeadings(t *testing.T) {
	for _, f := range reportDocs(t) {
		pages := bboxPages(t, f.Data())
		bms := bookmarks(t, f.Data(), pages)
		if len(bms) == 0 {
			t.Errorf("%s: no bookmarks", f.Name)
			continue
		}
		heads := headingLines(pages, bms)
		for pi, p := range pages {
			lines := bodyLines(p)
			for i := range lines {
				title, ok := heads[pi][i]
				if !ok || heads[pi][i+1] == title {
					continue // not a heading, or not its last line
				}
				after := 0
				for k := i + 1; k < len(lines); k++ {
					if _, h := heads[pi][k]; !h {
						after++
					} else {
						after = 2 // another heading follows on the page: it carries its own keep
						break
					}
				}
				if pi+1 >= len(pages) || after >= 2 {
					continue
				}
				// One line after the heading is fine when its block ends there
				// (the next page starts with a heading).
				if after == 1 {
					if next := heads[pi+1]; len(next) > 0 {
						if _, top := next[0]; top {
							continue
						}
					}
				}
				t.Errorf("%s page %d: heading %q is followed by %d line(s) before the page ends", f.Name, pi+1, title, after)
			}
		}
	}
}

// bodyMetrics guesses the text block's left edge, the first-line indent and
// the right edge of a document from its wide lines: the commonest left
// edge, the commonest left edge a little to its right, the commonest right
// edge.
func bodyMetrics(pages []rpage) (left, indent, right float64) {
	lefts, rights := map[int]int{}, map[int]int{}
	for _, p := range pages {
		for _, l := range bodyLines(p) {
			if l.x1-l.x0 < 0.6*p.w || len(l.words) > 3 {
				continue // paragraph lines are wide, and not made of table cells
			}
			lefts[int(math.Round(l.x0))]++
			rights[int(math.Round(l.x1))]++
		}
	}
	mode := func(m map[int]int, ok func(int) bool) float64 {
		best, bn := 0, -1
		for k, n := range m {
			if ok(k) && (n > bn || n == bn && k < best) {
				best, bn = k, n
			}
		}
		return float64(best)
	}
	left = mode(lefts, func(int) bool { return true })
	indent = mode(lefts, func(k int) bool { return float64(k) > left+15 && float64(k) < left+40 })
	right = mode(rights, func(int) bool { return true })
	return left, indent, right
}

var tocNumberRE = regexp.MustCompile(`^\d+$`)

func near(a, b float64) bool { return math.Abs(a-b) <= 1.5 }

func TestNoParagraphSplitLeavingOneLine(t *testing.T) {
	for _, f := range reportDocs(t) {
		pages := bboxPages(t, f.Data())
		bms := bookmarks(t, f.Data(), pages)
		heads := headingLines(pages, bms)
		left, indent, right := bodyMetrics(pages)
		// kind of a line: 'i' indented first line, 'c' continuation at the
		// left edge, 'h' heading, 'o' other (tables, captions, titles).
		kind := func(pi, i int, l vline) byte {
			if _, ok := heads[pi][i]; ok {
				return 'h'
			}
			if n := len(l.words); n > 1 && tocNumberRE.MatchString(l.words[n-1].text) && l.words[n-1].x0-l.words[n-2].x1 > 20 {
				return 'o' // a contents line: title, leaders, page number
			}
			switch {
			case near(l.x0, indent):
				return 'i'
			case near(l.x0, left):
				return 'c'
			}
			return 'o'
		}
		full := func(l vline) bool { return near(l.x1, right) }
		for pi := 0; pi+1 < len(pages); pi++ {
			if !generated(f, pages[pi]) || !generated(f, pages[pi+1]) {
				continue
			}
			a, b := bodyLines(pages[pi]), bodyLines(pages[pi+1])
			if len(a) == 0 || len(b) == 0 {
				continue
			}
			last, first := a[len(a)-1], b[0]
			kl, kf := kind(pi, len(a)-1, last), kind(pi+1, 0, first)
			// A paragraph runs over the break: the last line is full and the
			// next page starts with a continuation line.
			if !full(last) || kf != 'c' {
				continue
			}
			if kl == 'i' {
				t.Errorf("%s page %d: one line of a paragraph at the foot: %q", f.Name, pi+1, last.text)
			}
			if len(b) == 1 || kind(pi+1, 1, b[1]) != 'c' {
				t.Errorf("%s page %d: one line of a paragraph at the head: %q", f.Name, pi+2, first.text)
			}
		}
	}
}

// halfWidthRE finds ASCII , : ; ( ) ! ? next to a Chinese character, and 「 」.
var halfWidthRE = regexp.MustCompile(`[\p{Han}\x{3001}-\x{303F}\x{FF01}-\x{FF60}][,:;()!?]|[,:;()!?][\p{Han}\x{3001}-\x{303F}\x{FF01}-\x{FF60}]|[「」]`)

// codeRE matches words printed as given: file names and checksums.
var codeRE = regexp.MustCompile(`(?i)\S*\.(pdf|png|jpe?g|docx?|xlsx?|json)\b`)

func TestFullWidthPunctuation(t *testing.T) {
	for _, f := range reportDocs(t) {
		pages := bboxPages(t, f.Data())
		n := 0
		for pi, p := range pages {
			if !generated(f, p) {
				continue
			}
			for _, l := range p.lines {
				s := codeRE.ReplaceAllString(l.text, "")
				if m := halfWidthRE.FindString(s); m != "" {
					if n < 10 {
						t.Errorf("%s page %d: %q in %q", f.Name, pi+1, m, l.text)
					}
					n++
				}
			}
		}
		if n > 10 {
			t.Errorf("%s: %d lines in all", f.Name, n)
		}
	}
}

// TestNoTableBrokenAtGroupRow checks that no page ends with a group row
// (a domain, task group or indicator over the rows that belong to it).
func TestNoTableBrokenAtGroupRow(t *testing.T) {
	_, a := demoPackage(t)
	groupRE := regexp.MustCompile(`^\S+（(\d+份(，\d+页)?|无佐证材料)）$`) // see itemsText
	var domains []string
	for _, d := range a.Catalog.Domains {
		domains = append(domains, d.Name)
	}
	isGroup := func(s string) bool {
		s = squashAll(s)
		if groupRE.MatchString(s) {
			return true
		}
		for _, d := range domains {
			if s == d || strings.HasPrefix(s, d+"（") {
				return true
			}
		}
		return false
	}
	for _, f := range reportDocs(t) {
		pages := bboxPages(t, f.Data())
		for pi := 0; pi+1 < len(pages); pi++ {
			lines := bodyLines(pages[pi])
			if len(lines) == 0 || !generated(f, pages[pi]) {
				continue
			}
			if last := lines[len(lines)-1]; isGroup(last.text) {
				t.Errorf("%s page %d ends with the group row %q", f.Name, pi+1, last.text)
			}
		}
	}
}

// captionRE matches the number of a table or figure caption as pdftotext
// gives it: "表12" or "图4-1" as a word of its own at the start of a line.
var captionRE = regexp.MustCompile(`^(表|图)(\d+)(?:-(\d+))?$`)

// TestCaptionNumbersUniqueAndGapFree reads the table and figure numbers of
// every document: each kind counts 1, 2, 3, … without repeats or gaps
// (continued captions "（续）" repeat their number on purpose).
func TestCaptionNumbersUniqueAndGapFree(t *testing.T) {
	total := 0
	for _, f := range reportDocs(t) {
		pages := bboxPages(t, f.Data())
		seen := map[string][]int{}
		for _, p := range pages {
			if !generated(f, p) {
				continue
			}
			for _, l := range bodyLines(p) {
				m := captionRE.FindStringSubmatch(l.words[0].text)
				if m == nil || len(l.words) < 2 || strings.HasSuffix(l.text, "（续）") {
					continue
				}
				n, _ := strconv.Atoi(m[2])
				key := m[1]
				if m[3] != "" {
					key += m[2] + "-"
					n, _ = strconv.Atoi(m[3])
				}
				seen[key] = append(seen[key], n)
			}
		}
		for kind, ns := range seen {
			for i, n := range ns {
				if n != i+1 {
					t.Errorf("%s: %s numbers %v: not 1, 2, 3, …", f.Name, kind, ns)
					break
				}
			}
			total += len(ns)
		}
	}
	if total < 40 {
		t.Errorf("only %d numbered captions found in the package", total)
	}
}

// TestNoTableBrokenAfterFirstRow: where a table continues on the next page
// (its caption repeated with "（续）"), the page before holds at least two
// of its body rows. Rows are told apart by the rules' padding: within a
// row, text lines follow at the line pitch; between rows the gap is larger.
func TestNoTableBrokenAfterFirstRow(t *testing.T) {
	checked := 0
	for _, f := range reportDocs(t) {
		pages := bboxPages(t, f.Data())
		for pi := 1; pi < len(pages); pi++ {
			cont := bodyLines(pages[pi])
			ci := -1
			for i, l := range cont {
				if strings.HasSuffix(l.text, "（续）") {
					ci = i
					break
				}
			}
			if ci < 0 {
				continue
			}
			caption := strings.TrimSuffix(cont[ci].text, "（续）")
			prev := bodyLines(pages[pi-1])
			pc := -1
			for i, l := range prev {
				if l.text == caption || l.text == caption+"（续）" {
					pc = i
				}
			}
			if pc < 0 {
				continue // the table started further back
			}
			// The repeated header: the lines after the caption that both pages share.
			a, b := prev[pc+1:], cont[ci+1:]
			h := 0
			for h < len(a) && h < len(b) && a[h].text == b[h].text {
				h++
			}
			rows := a[h:]
			if n := countRows(rows); n < 2 {
				t.Errorf("%s page %d: table %q breaks after %d body row(s)", f.Name, pi, caption, n)
			}
			checked++
		}
	}
	if checked == 0 {
		t.Error("no continued table found in the package")
	}
}

// countRows counts the table rows among visual lines: a gap between two
// lines larger than 1.6 text heights starts a new row.
func countRows(lines []vline) int {
	if len(lines) == 0 {
		return 0
	}
	var hs []float64
	for _, l := range lines {
		hs = append(hs, l.y1-l.y0)
	}
	sort.Float64s(hs)
	th := hs[len(hs)/2]
	n := 1
	for i := 1; i < len(lines); i++ {
		if lines[i].y0-lines[i-1].y0 > 1.6*th {
			n++
		}
	}
	return n
}
