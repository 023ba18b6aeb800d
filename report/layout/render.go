package layout

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"
)

// Drawing operations of a laid-out page, in mm from the top left corner.
type op interface{ draw(r *renderer) }

// textOp is one line (or label) of glyphs starting at x on baseline y;
// extra is added after every glyph (justification).
type textOp struct {
	x, y  float64
	gs    []glyph
	extra float64
	gray  float64 // 0 black
}

type bookmarkOp struct {
	title string
	level int
	y     float64
	head  int // index in layouter.heads, -1 for none
}

// rectOp fills (fill > 0, grey level) and/or strokes (stroke > 0, width).
type rectOp struct {
	x, y, w, h   float64
	fill, stroke float64
}

type lineSegOp struct {
	x1, y1, x2, y2 float64
	width, gray    float64
	dash           []float64
	round          bool
}

type linkOp struct {
	x, y, w, h float64
	head       int
}

// hatchOp fills a rectangle with diagonal lines (black and white patterns).
type hatchOp struct {
	x, y, w, h float64
	step       float64
	cross      bool
}

// markerOp is a line chart point marker: 0 filled circle, 1 open square,
// 2 filled triangle, 3 open circle.
type markerOp struct {
	x, y, r float64
	kind    int
}

type polyOp struct {
	pts   []fpdf.PointType
	width float64
	dash  []float64
}

type imageOp struct {
	name       string
	x, y, w, h float64
	data       []byte
	typ        string
}

type renderer struct {
	f        *fpdf.Fpdf
	l        *layouter
	families map[string]string // font key -> PDF family
	// subsets are the characters of the font embedded for each font key
	// (nil for a font embedded whole).
	subsets map[string]*charSet
	err     error // the first error while drawing
	curFam  string
	curSize float64
	links   []int
	lastBM  int
	page    *page // the page being drawn
}

const k = 72 / 25.4 // points per mm

func render(l *layouter, w io.Writer) error {
	f := fpdf.New("P", "mm", "A4", "")
	f.SetAutoPageBreak(false, 0)
	f.SetMargins(0, 0, 0)
	f.SetCellMargin(0)
	date := l.opts.Date
	if date.IsZero() {
		date = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	f.SetCreationDate(date)
	f.SetModificationDate(date)
	f.SetCatalogSort(true)
	f.SetCompression(!l.opts.Uncompressed)
	// The producer carries room for the time zones of the dates, which fpdf
	// cannot write (finishInfo moves it there).
	f.SetProducer(producer+producerRoom, false)
	f.SetTitle(l.opts.Title, true)
	f.SetAuthor(l.opts.Author, true)
	f.SetSubject(l.opts.Subject, true)
	f.SetKeywords(l.opts.Keywords, true)
	creator := l.opts.Creator
	if creator == "" {
		creator = "ecoreport"
	}
	f.SetCreator(creator, true)
	f.SetLang("zh-CN")
	r := &renderer{f: f, l: l, families: map[string]string{}, subsets: map[string]*charSet{}, lastBM: -1}
	l.noteLateText()
	var wm []glyph
	if l.opts.Watermark != "" {
		wm = r.l.glyphsFor(nil, []Run{{Text: l.opts.Watermark}}, TextStyle{Face: FaceHei, Size: watermarkSize})
	}
	// Register fonts in first-use order (deterministic), every character
	// they will draw now known.
	for _, ff := range l.fs.files {
		r.family(ff)
	}
	r.links = make([]int, len(l.heads))
	for i, h := range l.heads {
		r.links[i] = f.AddLink()
		f.SetLink(r.links[i], h.y, h.page+1)
	}
	for _, p := range l.pages {
		orient := "P"
		if p.sec.setup.Orientation == Landscape {
			orient = "L"
		}
		f.AddPageFormat(orient, fpdf.SizeType{Wd: 210, Ht: 297})
		r.page = p
		r.curFam = "" // fpdf re-selects the font on a new page itself, keep ours in sync
		r.curSize = 0
		for _, o := range p.ops {
			o.draw(r)
		}
		p.ops = nil // drawn: let the glyphs go before fpdf assembles the file
		if !p.sec.setup.Plain {
			for _, o := range l.furniture(p) {
				o.draw(r)
			}
		}
		if wm != nil { // on every page, the cover too
			r.watermark(p, wm)
		}
		if r.err != nil {
			return r.err
		}
		if err := f.Error(); err != nil {
			return fmt.Errorf("生成 PDF: %w", err)
		}
	}
	var buf bytes.Buffer
	if err := f.Output(&buf); err != nil {
		return fmt.Errorf("生成 PDF: %w", err)
	}
	out := finishInfo(buf.Bytes(), date, r.families)
	_, err := w.Write(out)
	return err
}

const (
	producer     = "ecoreport layout"
	producerRoom = "~~~~~~~~~~~~~~" // 2 × len("+08'00'")
)

// finishInfo writes what fpdf cannot, without moving any object (so the
// cross-reference table stays right): the time zone of the creation and
// modification dates ("D:20180531170000+08'00'"), taking the room from
// the producer's padding, and the fonts' names as their PostScript names
// with a subset tag ("/ABCDEF+FangSong" for fpdf's "/utf8abcdef+fangsong"),
// padded with spaces.
func finishInfo(pdf []byte, date time.Time, families map[string]string) []byte {
	out := pdf
	for _, fam := range families {
		old := []byte("/utf8" + strings.ToLower(fam))
		out = bytes.ReplaceAll(out, old, []byte("/"+fam+strings.Repeat(" ", len(old)-len(fam)-1)))
	}
	stamp := "(D:" + date.Format("20060102150405") + ")"
	_, off := date.Zone()
	sign := "+"
	if off < 0 {
		sign, off = "-", -off
	}
	tz := fmt.Sprintf("%s%02d'%02d'", sign, off/3600, off%3600/60)
	pad := []byte("(" + producer + producerRoom + ")")
	i := bytes.Index(out, pad)
	j := bytes.Index(out, []byte("/CreationDate "+stamp))
	k := bytes.Index(out, []byte("/ModDate "+stamp))
	if i < 0 || j < i || k < j || len(tz) != len(producerRoom)/2 {
		return out
	}
	var b bytes.Buffer
	b.Grow(len(out))
	b.Write(out[:i])
	b.WriteString("(" + producer + ")")
	b.Write(out[i+len(pad) : j])
	b.WriteString("/CreationDate " + stamp[:len(stamp)-1] + tz + ")")
	b.Write(out[j+len("/CreationDate ")+len(stamp) : k])
	b.WriteString("/ModDate " + stamp[:len(stamp)-1] + tz + ")")
	b.Write(out[k+len("/ModDate ")+len(stamp):])
	return b.Bytes()
}

// family registers a font file with the PDF writer under its PostScript
// name with a subset tag (six capitals derived from the file and the
// document, so that output stays byte-identical).
func (r *renderer) family(ff *fontFile) string {
	fam, ok := r.families[ff.key]
	if !ok {
		ps := psSafe(ff.psName)
		if ps == "" {
			ps = psSafe(ff.family)
		}
		if ps == "" {
			ps = "Font"
		}
		h := hash([]byte(ff.key + "|" + r.l.opts.Title + "|" + itoa(len(r.families))))
		tag := make([]byte, 6)
		for i := range tag {
			tag[i] = byte('A' + h%26)
			h /= 26
		}
		fam = string(tag) + "+" + ps
		r.families[ff.key] = fam
		set := r.l.fs.runes[ff.key]
		if set == nil { // a font no text uses (the bookmarks' current font)
			set = &charSet{}
		}
		data, err := subsetFont(ff, set)
		if err != nil {
			// A font this engine measures but cannot cut is embedded whole;
			// the PDF writer subsets it, as it did before.
			data = ff.data
			set = nil
		}
		r.subsets[ff.key] = set
		r.f.AddUTF8FontFromBytes(fam, "", data)
	}
	return fam
}

// psSafe keeps the characters of a PostScript name that need no escaping
// in a PDF name.
func psSafe(s string) string {
	var b strings.Builder
	for _, c := range s {
		if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' {
			b.WriteRune(c)
		}
	}
	return b.String()
}

func (r *renderer) setFont(ff *fontFile, size float64) {
	fam := r.family(ff)
	if fam != r.curFam || size != r.curSize {
		r.f.SetFont(fam, "", size)
		r.curFam, r.curSize = fam, size
	}
}

func gray(g float64) int { return int(g*255 + 0.5) }

func (t *textOp) draw(r *renderer) {
	f := r.f
	x := t.x
	for i := 0; i < len(t.gs); {
		g0 := t.gs[i]
		j := i + 1
		for j < len(t.gs) && t.gs[j].font.key == g0.font.key && t.gs[j].size == g0.size && t.gs[j].bold == g0.bold {
			j++
		}
		seg := t.gs[i:j]
		var b []rune
		w := 0.0
		set := r.subsets[g0.font.key]
		for _, g := range seg {
			b = append(b, g.r)
			w += g.w + t.extra
			if set != nil && !set.has(g.r) && r.err == nil {
				// A character set after the fonts were cut: a bug here, never
				// to be printed as a blank.
				r.err = fmt.Errorf("生成 PDF：字符“%c”（U+%04X）不在字体 %s 的子集中", g.r, g.r, g0.font.name)
			}
		}
		natural := float64(g0.font.width(g0.r)) * g0.size / 1000 * ptmm
		tc := g0.w - natural + t.extra
		r.setFont(g0.font, g0.size)
		var pre, post string
		if tc > 1e-4 || tc < -1e-4 {
			pre = fmt.Sprintf("%.4f Tc ", tc*k)
			post = " 0 Tc"
		}
		if g0.bold {
			pre = fmt.Sprintf("q 2 Tr %.3f w ", g0.size*0.035) + pre
			if t.gray > 0 {
				pre += fmt.Sprintf("%.3f G ", t.gray)
			}
			post += " Q"
		}
		if t.gray > 0 {
			f.SetTextColor(gray(t.gray), gray(t.gray), gray(t.gray))
		}
		if pre != "" {
			f.RawWriteStr(pre)
		}
		f.Text(x, t.y, string(b))
		if post != "" {
			f.RawWriteStr(post)
		}
		if t.gray > 0 {
			f.SetTextColor(0, 0, 0)
		}
		x += w
		i = j
	}
}

func (b *bookmarkOp) draw(r *renderer) {
	// fpdf converts outline titles to UTF-16 only while a UTF-8 font is current.
	if r.curFam == "" {
		r.setFont(r.l.fs.chains[FaceSong][0], 12)
	}
	lv := b.level
	if lv > r.lastBM+1 {
		lv = r.lastBM + 1
	}
	r.lastBM = lv
	// fpdf converts every outline position with the height of the last
	// page: correct for pages of another orientation.
	last := r.l.pages[len(r.l.pages)-1].sec.ph
	r.f.Bookmark(b.title, lv, b.y+last-r.page.sec.ph)
}

func (o *rectOp) draw(r *renderer) {
	f := r.f
	style := ""
	if o.fill > 0 {
		f.SetFillColor(gray(o.fill), gray(o.fill), gray(o.fill))
		style += "F"
	}
	if o.stroke > 0 {
		f.SetDrawColor(0, 0, 0)
		f.SetLineWidth(o.stroke)
		style += "D"
	}
	if style != "" {
		f.Rect(o.x, o.y, o.w, o.h, style)
	}
}

func (o *lineSegOp) draw(r *renderer) {
	f := r.f
	f.SetLineWidth(o.width)
	f.SetDrawColor(gray(o.gray), gray(o.gray), gray(o.gray))
	if o.round {
		f.SetLineCapStyle("round")
	}
	if o.dash != nil {
		f.SetDashPattern(o.dash, 0)
	}
	f.Line(o.x1, o.y1, o.x2, o.y2)
	if o.dash != nil {
		f.SetDashPattern([]float64{}, 0)
	}
	if o.round {
		f.SetLineCapStyle("butt")
	}
	f.SetDrawColor(0, 0, 0)
}

func (o *linkOp) draw(r *renderer) { r.f.Link(o.x, o.y, o.w, o.h, r.links[o.head]) }

func (o *hatchOp) draw(r *renderer) {
	f := r.f
	f.ClipRect(o.x, o.y, o.w, o.h, false)
	f.SetLineWidth(0.25)
	f.SetDrawColor(0, 0, 0)
	for d := -o.h; d < o.w; d += o.step {
		f.Line(o.x+d, o.y+o.h, o.x+d+o.h, o.y)
		if o.cross {
			f.Line(o.x+d, o.y, o.x+d+o.h, o.y+o.h)
		}
	}
	f.ClipEnd()
}

func (o *markerOp) draw(r *renderer) {
	f := r.f
	f.SetLineWidth(0.3)
	f.SetDrawColor(0, 0, 0)
	f.SetFillColor(0, 0, 0)
	switch o.kind % 4 {
	case 0:
		f.Circle(o.x, o.y, o.r, "F")
	case 1:
		f.SetFillColor(255, 255, 255)
		f.Rect(o.x-o.r, o.y-o.r, 2*o.r, 2*o.r, "FD")
	case 2:
		f.Polygon([]fpdf.PointType{{X: o.x, Y: o.y - o.r*1.2}, {X: o.x - o.r*1.1, Y: o.y + o.r*0.8}, {X: o.x + o.r*1.1, Y: o.y + o.r*0.8}}, "F")
	case 3:
		f.SetFillColor(255, 255, 255)
		f.Circle(o.x, o.y, o.r, "FD")
	}
}

func (o *polyOp) draw(r *renderer) {
	f := r.f
	f.SetLineWidth(o.width)
	f.SetDrawColor(0, 0, 0)
	if o.dash != nil {
		f.SetDashPattern(o.dash, 0)
	}
	f.SetLineJoinStyle("round")
	for i, pt := range o.pts {
		if i == 0 {
			f.MoveTo(pt.X, pt.Y)
		} else {
			f.LineTo(pt.X, pt.Y)
		}
	}
	f.DrawPath("D")
	if o.dash != nil {
		f.SetDashPattern([]float64{}, 0)
	}
}

func (o *imageOp) draw(r *renderer) {
	opt := fpdf.ImageOptions{ImageType: o.typ, ReadDpi: false}
	if r.f.GetImageInfo(o.name) == nil {
		r.f.RegisterImageOptionsReader(o.name, opt, bytes.NewReader(o.data))
	}
	r.f.ImageOptions(o.name, o.x, o.y, o.w, o.h, false, opt, 0, "")
}

// furniture returns the running header and the page number of page p.
func (l *layouter) furniture(p *page) []op {
	s := p.sec
	var ops []op
	hd := s.setup.Header
	if hd.Left != "" || hd.Right != "" || hd.Rule {
		st := TextStyle{Face: FaceSong, Size: 9}
		ruleY := s.top - 5
		if hd.Left != "" {
			gs := l.glyphsFor(s, []Run{{Text: hd.Left}}, st)
			ops = append(ops, &textOp{x: s.left, y: ruleY - 1.5, gs: gs})
		}
		if hd.Right != "" {
			gs := l.glyphsFor(s, []Run{{Text: hd.Right}}, st)
			ops = append(ops, &textOp{x: s.left + s.w - width(gs), y: ruleY - 1.5, gs: gs})
		}
		if hd.Rule {
			ops = append(ops, &lineSegOp{x1: s.left, y1: ruleY, x2: s.left + s.w, y2: ruleY, width: 0.35})
		}
	}
	var label string
	n := itoa(p.number)
	switch s.setup.Numbers {
	case NumberOfTotal:
		label = "第 " + n + " 页 共 " + itoa(p.runLen) + " 页"
	case NumberDashOuter, NumberDashCenter:
		label = "— " + n + " —"
	case NumberPlain:
		label = n
	default:
		return ops
	}
	st := TextStyle{Face: FaceSong, Size: s.numberSize}
	gs := l.glyphsFor(s, []Run{{Text: label}}, st)
	w := width(gs)
	em := s.numberSize * ptmm
	y := s.bottom() + s.numGap + 0.86*em
	x := s.left + (s.w-w)/2
	if s.setup.Numbers == NumberDashOuter {
		if p.number%2 == 1 {
			x = s.left + s.w - em - w
		} else {
			x = s.left + em
		}
	}
	return append(ops, &textOp{x: x, y: y, gs: gs})
}

func width(gs []glyph) float64 {
	w := 0.0
	for _, g := range gs {
		w += g.w
	}
	return w
}

// watermarkSize is the size of the watermark in points.
const watermarkSize = 54

// watermark draws gs, the watermark's glyphs, across page p.
func (r *renderer) watermark(p *page, gs []glyph) {
	f := r.f
	w := width(gs)
	cx, cy := p.sec.pw/2, p.sec.ph/2
	f.SetAlpha(0.22, "Normal")
	f.TransformBegin()
	f.TransformRotate(35, cx, cy)
	(&textOp{x: cx - w/2, y: cy + watermarkSize*ptmm*0.35, gs: gs, gray: 0.55}).draw(r)
	f.TransformEnd()
	f.SetAlpha(1, "Normal")
}
