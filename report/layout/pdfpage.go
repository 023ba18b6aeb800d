package layout

import "fmt"

// EmbeddedPage places one page of an attached document (a PDF page, or an
// image) scaled to fit the rest of the text block, with a thin frame and an
// optional caption line above. It starts a new page unless at least half of
// the text block is still free. Content after it starts on a new page.
//
// The engine does not read the attached file: it draws the form XObject
// named Name (see report/pdfimport, which adds the form to the finished PDF)
// in a box of the page's proportions. With Problem set, a framed note says
// what is wrong instead.
type EmbeddedPage struct {
	Name    string  // resource name of the form XObject, without the slash
	W, H    float64 // the attached page's size in points (any unit: only the ratio counts)
	Problem string  // Chinese sentence drawn instead of the page
	Caption string
}

func (*EmbeddedPage) isBlock() {}

// embedOp draws an embedded page into the box at render time.
type embedOp struct {
	b          *EmbeddedPage
	x, y, w, h float64
}

func (l *layouter) embedded(b *EmbeddedPage) {
	if !l.atTop() && l.room() < l.sec.h/2 {
		l.newPage()
	}
	if b.Caption != "" {
		// The caption's glyphs are made again when it is drawn: a binder of
		// thousands of attached pages would otherwise hold them all until the
		// PDF is written.
		st := TextStyle{Face: FaceSong, Size: 9, Leading: 1.4, Align: AlignLeft}
		gs := l.glyphs([]Run{{Text: b.Caption}}, st)
		c := &captionOp{sec: l.sec, text: b.Caption, st: st, x: l.sec.left, w: l.sec.w, y: l.y, lh: st.Leading * st.Size * ptmm}
		c.lines = breakLines(gs, l.availFn(st, l.sec.w))
		l.emit(c)
		l.y += float64(len(c.lines))*c.lh + 1
	}
	l.emit(&embedOp{b: b, x: l.sec.left, y: l.y, w: l.sec.w, h: l.room()})
	l.y = l.sec.bottom()
}

// captionOp is an attachment caption of one or more lines.
type captionOp struct {
	sec   *secCtx // for the tracking, as laid out
	text  string
	st    TextStyle
	lines []lineRange
	x, w  float64
	y, lh float64 // top of the first line, line height
}

func (o *captionOp) draw(r *renderer) {
	sec := r.l.sec
	r.l.sec = o.sec
	gs := r.l.glyphs([]Run{{Text: o.text}}, o.st)
	r.l.sec = sec
	y := o.y
	for _, ln := range o.lines {
		lineOp(gs, ln, AlignLeft, o.x, o.w, y, o.lh, o.st.Size).draw(r)
		y += o.lh
	}
}

func (o *captionOp) noteText(l *layouter) { l.glyphs([]Run{{Text: o.text}}, o.st) }

// problem returns the sentence drawn instead of the attached page, "" when
// the page is drawn.
func (o *embedOp) problem() string {
	b := o.b
	if b.Problem == "" && (b.Name == "" || b.W <= 0 || b.H <= 0) {
		return "附件页面缺失，无法编入汇编。"
	}
	return b.Problem
}

func (o *embedOp) noteText(l *layouter) {
	if msg := o.problem(); msg != "" {
		l.glyphsFor(nil, []Run{{Text: msg}}, noteStyle)
	}
}

func (o *embedOp) draw(r *renderer) {
	b := o.b
	if msg := o.problem(); msg != "" {
		r.note(o, msg)
		return
	}
	s := min(o.w/b.W, o.h/b.H) // mm per unit of the form
	w, h := b.W*s, b.H*s
	x, y := o.x+(o.w-w)/2, o.y
	r.f.UseImportedTemplate(fmt.Sprintf("/%s", b.Name), s, s, x, -y-h)
	(&rectOp{x: x, y: y, w: w, h: h, stroke: 0.2}).draw(r)
}

// noteStyle is the style of the note drawn instead of an attached page.
var noteStyle = TextStyle{Face: FaceSong, Size: 12, Leading: 1.5}

// note writes a problem in a framed box instead of the page.
func (r *renderer) note(o *embedOp, msg string) {
	st := noteStyle
	gs := r.l.glyphsFor(nil, []Run{{Text: msg}}, st)
	lines := breakLines(gs, func(int) float64 { return o.w - 10 })
	y := o.y + 10
	(&rectOp{x: o.x, y: o.y, w: o.w, h: min(o.h, float64(len(lines))*st.Size*ptmm*1.5+20), stroke: 0.3}).draw(r)
	for _, ln := range lines {
		lineOp(gs, ln, AlignLeft, o.x+5, o.w-10, y, st.Size*ptmm*1.5, st.Size).draw(r)
		y += st.Size * ptmm * 1.5
	}
}
