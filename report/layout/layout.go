package layout

import (
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strings"
	"unicode/utf8"
)

const ptmm = 25.4 / 72 // mm per point

// Document is a document under construction: sections of blocks.
type Document struct {
	opts     Options
	sections []*section
}

type section struct {
	setup  PageSetup
	blocks []Block
}

// NewDocument returns an empty document whose first section uses o.Page.
func NewDocument(o Options) *Document {
	if o.Margins == (Margins{}) {
		o.Margins = Margins{25, 25, 25, 25}
	}
	if o.Theme == nil {
		o.Theme = ReportTheme()
	}
	return &Document{opts: o, sections: []*section{{setup: o.Page}}}
}

// NewSection starts a new section on a new page with its own page setup
// (orientation, margins, grid, header, footer, numbering). An empty first
// section is replaced rather than left as a blank page.
func (d *Document) NewSection(ps PageSetup) {
	if len(d.sections) == 1 && len(d.sections[0].blocks) == 0 {
		d.sections[0].setup = ps
		return
	}
	d.sections = append(d.sections, &section{setup: ps})
}

// Add appends blocks to the current section.
func (d *Document) Add(blocks ...Block) {
	s := d.sections[len(d.sections)-1]
	s.blocks = append(s.blocks, blocks...)
}

// HeadingInfo is where a heading landed.
type HeadingInfo struct {
	Level     int
	ID        string // Heading.ID, or Label when empty
	Label     string // number and text as printed, e.g. "一、区域概况"
	Page      int    // physical page, 1-based
	PageLabel string // printed page number ("" on unnumbered pages)
}

// Info describes a laid-out document.
type Info struct {
	Pages    int
	Headings []HeadingInfo
	// MissingGlyphs are characters no configured font can draw, sorted.
	MissingGlyphs []rune
	// FontFiles are the font files embedded, in order of first use.
	FontFiles []string
}

// HeadingPages maps heading IDs (or labels) to physical pages.
func (i Info) HeadingPages() map[string]int {
	m := make(map[string]int, len(i.Headings))
	for _, h := range i.Headings {
		m[h.ID] = h.Page
	}
	return m
}

// MissingGlyphsError lists the characters that no font can draw.
type MissingGlyphsError struct{ Runes []rune }

func (e *MissingGlyphsError) Error() string {
	var b strings.Builder
	for i, r := range e.Runes {
		if i > 0 {
			b.WriteString(" ")
		}
		fmt.Fprintf(&b, "%c(U+%04X)", r, r)
	}
	return fmt.Sprintf("字体缺少 %d 个字符：%s", len(e.Runes), b.String())
}

// Layout lays the document out without writing it, e.g. to check page
// counts or missing characters.
func (d *Document) Layout() (Info, error) {
	l, err := d.layout()
	if err != nil {
		return Info{}, err
	}
	return l.info(), nil
}

// Write lays the document out and writes it as PDF to w.
func (d *Document) Write(w io.Writer) (Info, error) {
	p, err := d.Lay()
	if err != nil {
		return Info{}, err
	}
	return p.Write(w)
}

// Laid is a document laid out into pages, ready to be written: a caller
// that must look at the layout before writing (a table of contents that
// quotes page numbers, as the evidence binder's does) lays out once and
// writes what it looked at.
type Laid struct {
	l    *layouter
	info Info
}

// Lay lays the document out without writing it.
func (d *Document) Lay() (*Laid, error) {
	l, err := d.layout()
	if err != nil {
		return nil, err
	}
	return &Laid{l: l, info: l.info()}, nil
}

// Info is what the layout found: pages, headings, missing glyphs.
func (p *Laid) Info() Info { return p.info }

// Write writes the laid-out document as PDF to w. It refuses a document with
// characters no font has unless the options allow them.
func (p *Laid) Write(w io.Writer) (Info, error) {
	if len(p.info.MissingGlyphs) > 0 && !p.l.opts.AllowMissingGlyphs {
		return p.info, &MissingGlyphsError{Runes: p.info.MissingGlyphs}
	}
	if err := render(p.l, w); err != nil {
		return p.info, err
	}
	return p.info, nil
}

// WriteFile writes the PDF to a file.
func (d *Document) WriteFile(path string) (Info, error) {
	f, err := os.Create(path)
	if err != nil {
		return Info{}, err
	}
	info, err := d.Write(f)
	if cerr := f.Close(); err == nil && cerr != nil {
		err = cerr
	}
	if err != nil {
		return info, fmt.Errorf("写入 %s：%w", path, err)
	}
	return info, nil
}

// ---- laid-out pages ----

// secCtx is a section's resolved geometry.
type secCtx struct {
	setup              PageSetup
	theme              *Theme
	pw, ph             float64 // page size
	left, top, w, h    float64 // text block
	pitch, charPitch   float64 // grid line and character pitch, 0 without grid
	numberSize, numGap float64
}

func (s *secCtx) bottom() float64 { return s.top + s.h }

type page struct {
	sec    *secCtx
	ops    []op
	number int // printed number
	runLen int // pages in the numbering run
	run    int
}

type headEntry struct {
	level   int
	label   string
	id      string
	toc     bool
	page    int // page index
	y       float64
	pageLbl string
}

type layouter struct {
	opts     Options
	fs       *fontSet
	pages    []*page
	cur      *page
	sec      *secCtx
	y        float64
	heads    []headEntry
	hi       int      // next heading to place
	prev     []string // page labels of headings from the previous pass
	noTrack  bool
	next     []Block                 // the blocks after the one being laid out
	tables   map[*Table]*tableLayout // measured tables (lookahead and layout)
	captions map[Block]string        // numbered captions (number.go)
}

// glyphsFor builds glyphs for page furniture: no grid tracking.
func (l *layouter) glyphsFor(s *secCtx, runs []Run, st TextStyle) []glyph {
	l.noTrack = true
	defer func() { l.noTrack = false }()
	return l.glyphs(runs, st)
}

func (d *Document) layout() (*layouter, error) {
	fs, err := newFontSet(d.opts.Fonts)
	if err != nil {
		return nil, err
	}
	var prev []string
	for pass := 0; pass < 4; pass++ {
		l := &layouter{opts: d.opts, fs: fs, prev: prev}
		if err := l.run(d); err != nil {
			return nil, err
		}
		labels := make([]string, len(l.heads))
		for i, h := range l.heads {
			labels[i] = h.pageLbl
		}
		if pass > 0 && equalStrings(labels, prev) || !l.hasTOC(d) {
			return l, nil
		}
		prev = labels
	}
	return nil, fmt.Errorf("目录页码不收敛")
}

func (l *layouter) hasTOC(d *Document) bool {
	for _, s := range d.sections {
		for _, b := range s.blocks {
			if _, ok := b.(*TOC); ok {
				return true
			}
		}
	}
	return false
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func (l *layouter) info() Info {
	info := Info{Pages: len(l.pages)}
	for _, h := range l.heads {
		id := h.id
		if id == "" {
			id = h.label
		}
		info.Headings = append(info.Headings, HeadingInfo{Level: h.level, ID: id, Label: h.label, Page: h.page + 1, PageLabel: h.pageLbl})
	}
	for r := range l.fs.missing {
		info.MissingGlyphs = append(info.MissingGlyphs, r)
	}
	sort.Slice(info.MissingGlyphs, func(i, j int) bool { return info.MissingGlyphs[i] < info.MissingGlyphs[j] })
	for _, f := range l.fs.files {
		info.FontFiles = append(info.FontFiles, f.name)
	}
	return info
}

// prescan numbers the headings in document order.
func (l *layouter) prescan(d *Document) {
	for _, s := range d.sections {
		for _, b := range s.blocks {
			if h, ok := b.(*Heading); ok {
				l.heads = append(l.heads, headEntry{level: clampLevel(h.Level), id: h.ID, toc: !h.NoTOC})
			}
		}
	}
	// Numbering runs across sections.
	var counters [4]int
	i := 0
	for _, s := range d.sections {
		theme := s.setup.Theme
		if theme == nil {
			theme = l.opts.Theme
		}
		if s.setup.RestartHeadingNumbers {
			counters = [4]int{}
		}
		for _, b := range s.blocks {
			h, ok := b.(*Heading)
			if !ok {
				continue
			}
			lv := clampLevel(h.Level)
			label := h.Text
			if !h.NoNumber {
				counters[lv-1]++
				for k := lv; k < 4; k++ {
					counters[k] = 0
				}
				label = FormatNumber(theme.Headings[lv-1].Number, counters[lv-1]) + h.Text
			} else {
				for k := lv; k < 4; k++ {
					counters[k] = 0
				}
			}
			l.heads[i].label = Punctuate(label)
			i++
		}
	}
}

func clampLevel(n int) int {
	if n < 1 {
		return 1
	}
	if n > 4 {
		return 4
	}
	return n
}

func (l *layouter) resolveSection(ps PageSetup) *secCtx {
	s := &secCtx{setup: ps, theme: ps.Theme}
	if s.theme == nil {
		s.theme = l.opts.Theme
	}
	s.pw, s.ph = 210, 297
	if ps.Orientation == Landscape {
		s.pw, s.ph = 297, 210
	}
	m := ps.Margins
	if m == (Margins{}) {
		m = l.opts.Margins
	}
	s.left, s.top = m.Left, m.Top
	s.w, s.h = s.pw-m.Left-m.Right, s.ph-m.Top-m.Bottom
	if g := ps.Grid; g != nil && g.Lines > 0 && g.Chars > 0 {
		s.pitch = s.h / float64(g.Lines)
		s.charPitch = s.w / float64(g.Chars)
	}
	s.numberSize = ps.NumberSize
	if s.numberSize == 0 {
		s.numberSize = 10.5
		if s.pitch > 0 {
			s.numberSize = 14
		}
	}
	s.numGap = ps.NumberGap
	if s.numGap == 0 {
		s.numGap = 7
	}
	return s
}

func (l *layouter) run(d *Document) error {
	l.prescan(d)
	l.numberCaptions(d)
	for _, s := range d.sections {
		l.sec = l.resolveSection(s.setup)
		l.newPage()
		for i, b := range s.blocks {
			l.next = s.blocks[i+1:]
			if err := l.block(b); err != nil {
				return err
			}
		}
	}
	l.numberPages(d)
	for i := range l.heads {
		p := l.pages[l.heads[i].page]
		if p.sec.setup.Numbers != NumberNone && !p.sec.setup.Plain {
			l.heads[i].pageLbl = itoa(p.number)
		} else {
			l.heads[i].pageLbl = itoa(l.heads[i].page + 1)
		}
	}
	return nil
}

func (l *layouter) numberPages(d *Document) {
	run, n := 0, 0
	var prevSec *secCtx
	runStart := 0
	for i, p := range l.pages {
		if p.sec != prevSec && p.sec.setup.RestartNumbering {
			if i > 0 {
				for _, q := range l.pages[runStart:i] {
					q.runLen = i - runStart
				}
			}
			run++
			runStart = i
			n = p.sec.setup.StartAt
			if n == 0 {
				n = 1
			}
		} else if i > 0 {
			n++
		} else {
			n = 1
		}
		prevSec = p.sec
		p.number, p.run = n, run
	}
	for _, q := range l.pages[runStart:] {
		q.runLen = len(l.pages) - runStart
	}
}

func (l *layouter) newPage() {
	l.cur = &page{sec: l.sec}
	l.pages = append(l.pages, l.cur)
	l.y = l.sec.top
}

func (l *layouter) atTop() bool { return l.y <= l.sec.top+eps }

func (l *layouter) room() float64 { return l.sec.bottom() - l.y }

// ensure starts a new page unless h mm fit (or the page is still empty).
func (l *layouter) ensure(h float64) {
	if l.y+h > l.sec.bottom()+eps && !l.atTop() {
		l.newPage()
	}
}

// snap rounds a line height up to whole grid lines on grid pages.
func (l *layouter) snap(h float64) float64 {
	if l.sec.pitch == 0 {
		return h
	}
	n := math.Ceil(h/l.sec.pitch - 0.05)
	if n < 1 {
		n = 1
	}
	return n * l.sec.pitch
}

// space adds vertical space (dropped at the top of a page).
func (l *layouter) space(h float64) {
	if h <= 0 || l.atTop() {
		return
	}
	if l.sec.pitch > 0 {
		h = math.Round(h/l.sec.pitch) * l.sec.pitch
	}
	l.y += h
	if l.y > l.sec.bottom() {
		l.y = l.sec.bottom()
	}
}

func (l *layouter) emit(o op) { l.cur.ops = append(l.cur.ops, o) }

func (l *layouter) block(b Block) error {
	th := l.sec.theme
	switch b := b.(type) {
	case *Paragraph:
		st := l.paraStyle(b)
		if b.KeepWithNext && !l.atTop() {
			if need := l.wholeHeight(b.Runs, st) + l.lead(l.next, l.hi, 0); need > l.room()+eps {
				l.newPage()
			}
		}
		l.paragraph(b.Runs, st)
	case *Heading:
		lv := clampLevel(b.Level)
		hs := th.Headings[lv-1]
		e := &l.heads[l.hi]
		l.hi++
		if hs.NewPage && !l.atTop() {
			l.newPage()
		}
		// Keep with next (keep.go): the heading, its space after and the
		// start of what follows.
		gs := l.glyphs([]Run{{Text: e.label}}, hs.TextStyle)
		lines := breakJustified(gs, l.availFn(hs.TextStyle, l.sec.w), hs.Align)
		lh := l.snap(hs.Leading * hs.Size * ptmm)
		need := l.spaceHeight(hs.SpaceBefore) + float64(len(lines))*lh + l.spaceHeight(hs.SpaceAfter) + l.lead(l.next, l.hi, 0)
		if need > l.room()+eps && !l.atTop() {
			l.newPage()
		}
		l.space(hs.SpaceBefore)
		e.page, e.y = len(l.pages)-1, l.y
		l.emit(&bookmarkOp{title: e.label, level: lv - 1, y: l.y, head: l.hi - 1})
		l.placeLines(gs, lines, hs.TextStyle, l.sec.left, l.sec.w, lh)
		l.space(hs.SpaceAfter)
	case *Title:
		st := th.Title
		if b.Size > 0 {
			st.Size = b.Size
		}
		if b.Face != FaceDefault {
			st.Face = b.Face
		}
		if b.Bookmark {
			l.emit(&bookmarkOp{title: b.Text, level: 0, y: l.y, head: -1})
		}
		st.Indent = 0
		l.paragraph([]Run{{Text: b.Text}}, st)
	case *Spacer:
		if l.atTop() {
			// An explicit spacer at the top of a page (e.g. on a cover) counts.
			l.y += b.Height
		} else {
			l.space(b.Height)
		}
	case *PageBreak:
		l.newPage()
	case *TOC:
		l.toc(b)
	case *Image:
		return l.image(b)
	case *Table:
		l.table(b)
	case *Chart:
		l.chart(b)
	case *EmbeddedPage:
		l.embedded(b)
	case *Signature:
		l.signature(b)
	default:
		return fmt.Errorf("未知的版面元素 %T", b)
	}
	return nil
}

// glyphs converts runs to glyphs in style st.
func (l *layouter) glyphs(runs []Run, st TextStyle) []glyph {
	n := 0
	for _, r := range runs {
		n += utf8.RuneCountInString(r.Text) // one glyph per character, not per byte
	}
	gs := make([]glyph, 0, n)
	var last *fontFile
	var set *charSet // last's characters
	for _, run := range runs {
		face := st.Face
		if run.Face != FaceDefault {
			face = run.Face
		}
		size := st.Size
		if run.Size > 0 {
			size = run.Size
		}
		track := l.tracking(size)
		text := run.Text
		if !run.Code {
			text = Punctuate(text)
		}
		for _, r := range text {
			switch r {
			case '\r':
				continue
			case '\t':
				r = ' '
			}
			f := l.fs.resolve(face, r)
			w := 0.0
			if r != '\n' {
				w = float64(f.width(r))*size/1000*ptmm + track
			}
			if f != last {
				set = l.fs.markUsed(f)
				last = f
			}
			set.add(r)
			gs = append(gs, glyph{r: r, font: f, size: size, bold: run.Bold || st.Bold || f.bold, w: w})
		}
	}
	return gs
}

// tracking is the extra advance per character: on grid pages, body-size
// text advances by exactly the character pitch.
func (l *layouter) tracking(size float64) float64 {
	if l.noTrack || l.sec == nil || l.sec.charPitch == 0 || math.Abs(size-l.sec.theme.Body.Size) > 0.01 {
		return 0
	}
	return l.sec.charPitch - size*ptmm
}

func (l *layouter) indentWidth(st TextStyle) float64 {
	return st.Indent * (st.Size*ptmm + l.tracking(st.Size))
}

func (l *layouter) availFn(st TextStyle, width float64) func(int) float64 {
	ind := l.indentWidth(st)
	return func(n int) float64 {
		if n == 0 {
			return width - ind
		}
		return width
	}
}

// paraStyle is the text style of a body paragraph.
func (l *layouter) paraStyle(b *Paragraph) TextStyle {
	st := l.sec.theme.Body
	if b.Face != FaceDefault {
		st.Face = b.Face
	}
	if b.Size > 0 {
		st.Size = b.Size
	}
	if b.Align != AlignDefault {
		st.Align = b.Align
	}
	if b.NoIndent {
		st.Indent = 0
	}
	st.SpaceBefore += b.SpaceBefore
	st.SpaceAfter += b.SpaceAfter
	return st
}

func (l *layouter) paragraph(runs []Run, st TextStyle) {
	l.space(st.SpaceBefore)
	gs := l.glyphs(runs, st)
	lines := breakJustified(gs, l.availFn(st, l.sec.w), st.Align)
	lh := l.snap(st.Leading * st.Size * ptmm)
	l.placeLines(gs, lines, st, l.sec.left, l.sec.w, lh)
	l.space(st.SpaceAfter)
}

// wholeHeight is the height of a paragraph with its space before and after.
func (l *layouter) wholeHeight(runs []Run, st TextStyle) float64 {
	gs := l.glyphs(runs, st)
	lines := breakJustified(gs, l.availFn(st, l.sec.w), st.Align)
	lh := l.snap(st.Leading * st.Size * ptmm)
	return l.spaceHeight(st.SpaceBefore) + float64(len(lines))*lh + l.spaceHeight(st.SpaceAfter)
}

// placeLines flows lines down the page(s) at x, width, breaking pages
// where splitLines allows (no single line at the foot or the head of a page).
func (l *layouter) placeLines(gs []glyph, lines []lineRange, st TextStyle, x, width, lh float64) {
	ind := l.indentWidth(st)
	room := int((l.room() + eps) / lh)
	if l.atTop() {
		room = max(room, 1)
	}
	chunks := splitLines(len(lines), room, max(int((l.sec.h+eps)/lh), 1))
	left := chunks[0]
	chunks = chunks[1:]
	for i, ln := range lines {
		for left == 0 && len(chunks) > 0 {
			if !l.atTop() {
				l.newPage()
			}
			left, chunks = chunks[0], chunks[1:]
		}
		left--
		off := 0.0
		if i == 0 {
			off = ind
		}
		l.emit(lineOp(gs, ln, st.Align, x+off, width-off, l.y, lh, st.Size))
		l.y += lh
	}
}

// lineOp positions one line in the box [x, x+width] with top y and height lh.
func lineOp(gs []glyph, ln lineRange, align Align, x, width, y, lh, size float64) *textOp {
	t := &textOp{gs: gs[ln.start:ln.end], y: baseline(y, lh, size)}
	n := ln.end - ln.start
	switch align {
	case AlignCenter:
		t.x = x + (width-ln.width)/2
	case AlignRight:
		t.x = x + width - ln.width
	case AlignJustify:
		t.x = x
		if !ln.hard && n > 1 && ln.width < width {
			t.extra = (width - ln.width) / float64(n-1)
		}
	default:
		t.x = x
	}
	return t
}

// baseline centres the em box of size (pt) in a line box.
func baseline(top, lh, size float64) float64 {
	em := size * ptmm
	return top + (lh-em)/2 + 0.86*em
}

// signature places the issuer and date (see Signature).
func (l *layouter) signature(b *Signature) {
	st := l.sec.theme.Body
	st.Indent, st.Align = 0, AlignLeft
	lh := l.snap(st.Leading * st.Size * ptmm)
	ch := st.Size*ptmm + l.tracking(st.Size) // one character
	gsS := l.glyphs([]Run{{Text: b.Signer}}, st)
	gsD := l.glyphs([]Run{{Text: b.Date}}, st)
	ws, wd := width(gsS), width(gsD)
	right := l.sec.left + l.sec.w
	var xs, xd float64
	if b.Sealed {
		xd = right - 4*ch - wd
		xs = xd + (wd-ws)/2
	} else {
		xs = right - 2*ch - ws
		xd = xs + 2*ch
		if xd+wd > right-2*ch+eps {
			xd = right - 2*ch - wd
			xs = xd - 2*ch
		}
	}
	if 3*lh > l.room()+eps && !l.atTop() {
		l.newPage()
	}
	l.space(lh) // one blank line after the body
	for _, ln := range []struct {
		gs []glyph
		x  float64
	}{{gsS, xs}, {gsD, xd}} {
		if len(ln.gs) == 0 {
			continue
		}
		l.emit(lineOp(ln.gs, lineRange{start: 0, end: len(ln.gs), width: width(ln.gs), hard: true}, AlignLeft, ln.x, right-ln.x, l.y, lh, st.Size))
		l.y += lh
	}
}
