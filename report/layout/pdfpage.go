package layout

import (
	"bufio"
	"bytes"
	"fmt"
	"image"
	_ "image/jpeg" // image.DecodeConfig for JPEG attachments
	_ "image/png"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"

	realgofpdi "github.com/phpdave11/gofpdi"
)

// SourceKind is the kind of an attached file.
type SourceKind int

const (
	SourcePDF SourceKind = iota
	SourcePNG
	SourceJPEG
)

// Source is an attached file that is read only when its pages are drawn,
// so that a document with many attachments never holds them all in memory.
// Pages of sources with the same Key are imported into the PDF once.
type Source struct {
	Key  string // identity, e.g. the SHA-256 of the content
	Kind SourceKind
	Name string // file name, for problem notes
	Open func() ([]byte, error)
}

// EmbeddedPage places one page of an attached document (a PDF page, or an
// image) scaled to fit the rest of the text block, with a thin frame and an
// optional caption line above. It starts a new page unless at least half of
// the text block is still free. Content after it starts on a new page.
type EmbeddedPage struct {
	Source  *Source
	Page    int // PDF page, 1-based; ignored for images
	Caption string
}

func (*EmbeddedPage) isBlock() {}

// MaxImportPages bounds the pages ProbePDF reports for one PDF.
const MaxImportPages = 100000

// ProbePDF parses a PDF and returns its page count. Parser panics (gofpdi
// panics on malformed input) are returned as errors.
func ProbePDF(data []byte) (n int, err error) {
	defer func() {
		if r := recover(); r != nil {
			n, err = 0, problem(r)
		}
	}()
	imp := realgofpdi.NewImporter()
	var rs io.ReadSeeker = newGuard(data)
	imp.SetSourceStream(&rs)
	n = imp.GetNumPages()
	if n <= 0 {
		return 0, fmt.Errorf("文件中没有页面")
	}
	return n, nil
}

// ProbeImage checks an image and returns its size in pixels.
func ProbeImage(data []byte) (w, h int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = problem(r)
		}
	}()
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return 0, 0, problem(err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return 0, 0, fmt.Errorf("图片尺寸无效")
	}
	return cfg.Width, cfg.Height, nil
}

// problem turns a parser error or panic value into a short Chinese message.
func problem(v any) error {
	s := fmt.Sprint(v)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if len(s) > 160 {
		s = s[:160] + "…"
	}
	return fmt.Errorf("无法解析(%s)", s)
}

// embedOp draws an embedded page into the box at render time.
type embedOp struct {
	src        *Source
	page       int
	x, y, w, h float64
}

// imported is what stays of an imported source after its bytes are freed.
type imported struct {
	err   error
	pages map[int]tplRef // PDF pages; an image is page 1
	image bool
}

type tplRef struct {
	name string
	w, h float64 // template size in points
}

type importState struct {
	seq  int
	done map[string]*imported
	want map[string][]int // pages drawn per source key (only those are imported)
	objs []pdfObj         // imported PDF objects, written by finishImports
	tpls []tplObj         // imported pages, in import order
}

func (l *layouter) embedded(b *EmbeddedPage) {
	if b.Source == nil {
		return
	}
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
	l.emit(&embedOp{src: b.Source, page: b.Page, x: l.sec.left, y: l.y, w: l.sec.w, h: l.room()})
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

func srcKey(src *Source) string {
	if src.Key != "" {
		return src.Key
	}
	return fmt.Sprintf("%p", src)
}

// wantedPages lists the pages drawn of each source (by key), in order. It
// is called when the first embedded page is drawn, so no page that holds
// one has been drawn (and dropped its ops) yet.
func (l *layouter) wantedPages() map[string][]int {
	want := map[string][]int{}
	for _, p := range l.pages {
		for _, o := range p.ops {
			if e, ok := o.(*embedOp); ok {
				k := srcKey(e.src)
				want[k] = append(want[k], e.page)
			}
		}
	}
	for k, ps := range want {
		slices.Sort(ps)
		want[k] = slices.Compact(ps)
	}
	return want
}

// load imports a source (once per key) and frees its bytes.
func (r *renderer) load(src *Source) (im *imported) {
	if r.imports == nil {
		r.imports = &importState{done: map[string]*imported{}, want: r.l.wantedPages()}
	}
	st := r.imports
	key := srcKey(src)
	if im := st.done[key]; im != nil {
		return im
	}
	im = &imported{}
	st.done[key] = im
	st.seq++
	seq := st.seq
	nObjs, nTpls := len(st.objs), len(st.tpls)
	defer func() {
		if v := recover(); v != nil {
			im.err = problem(v)
			im.pages = nil
			st.objs, st.tpls = st.objs[:nObjs], st.tpls[:nTpls]
		}
	}()
	data, err := src.Open()
	if err != nil {
		im.err = fmt.Errorf("无法读取(%v)", err)
		return im
	}
	switch src.Kind {
	case SourcePNG, SourceJPEG:
		// An image becomes a one-page PDF (made by a fpdf of its own) that is
		// imported like any attached PDF: fpdf's own image list is written in
		// map order when widths tie (putimages), imported pages are not.
		pdf, err := imagePDF(data, src.Kind)
		if err != nil {
			im.err = err
			return im
		}
		data = nil
		im.image = true
		im.pages = importPDF(r, pdf, seq, []int{1})
	default:
		im.pages = importPDF(r, data, seq, st.want[key])
	}
	return im
}

// importPDF imports the wanted pages of a PDF with a throwaway gofpdi importer,
// turns the objects it wrote into canonical form (see canonObject) and
// appends them to r.imports.objs, from where finishImports writes them.
//
// Why not fpdf's ImportTemplates/ImportObjects: neither gofpdi nor fpdf
// write imported objects in a stable order. gofpdi serialises every
// dictionary by ranging over a Go map, so key order and the numbering of
// the objects it discovers through them change from run to run; fpdf's
// putImportedTemplates numbers the imported objects and lists the template
// names in the resource dictionary by ranging over maps too. So we only take
// the object bytes from gofpdi, sort every dictionary, number the objects in
// the order they are reached from the pages (page order, then references in
// the order they appear) and write them ourselves after fpdf's output.
func importPDF(r *renderer, data []byte, seq int, want []int) map[int]tplRef {
	imp := realgofpdi.NewImporter()
	var rs io.ReadSeeker = newGuard(data)
	imp.SetSourceStream(&rs)
	n := imp.GetNumPages()
	var nums []int // the pages imported: those drawn that exist
	for _, p := range want {
		if p >= 1 && p <= n {
			nums = append(nums, p)
		}
	}
	tpls := make([]int, len(nums))
	for i, p := range nums {
		tpls[i] = imp.ImportPage(p, "/MediaBox")
	}
	pages := make(map[int]tplRef, len(nums))
	if len(nums) == 0 {
		return pages
	}
	names := imp.PutFormXobjectsUnordered() // gofpdi name -> object hash
	objs := imp.GetImportedObjectsUnordered()
	pos := imp.GetImportedObjHashPos()
	roots := make([]string, len(nums))
	for i, id := range tpls {
		name, sx, sy, _, _ := imp.UseTemplate(id, 0, 0, 1, 1)
		if sx <= 0 || sy <= 0 {
			panic("页面尺寸无效")
		}
		h, ok := names[name]
		if !ok || objs[h] == nil {
			panic("页面对象缺失")
		}
		roots[i] = h
		pages[nums[i]] = tplRef{name: fmt.Sprintf("/ERP%d-%d", seq, nums[i]), w: 1 / sx, h: 1 / sy}
	}
	st := r.imports
	base := len(st.objs)
	index := map[string]int{} // object hash -> index in st.objs
	queue := []string{}
	ref := func(h string) int {
		i, ok := index[h]
		if !ok {
			if objs[h] == nil {
				return -1 // dangling: written as null
			}
			i = base + len(queue)
			index[h] = i
			queue = append(queue, h)
		}
		return i
	}
	for _, h := range roots {
		ref(h)
	}
	for q := 0; q < len(queue); q++ {
		h := queue[q]
		st.objs = append(st.objs, canonObject(objs[h], pos[h], ref))
		delete(objs, h) // the canonical copy is all that is kept
	}
	for i, p := range nums {
		st.tpls = append(st.tpls, tplObj{name: pages[p].name, obj: index[roots[i]]})
	}
	return pages
}

// tplObj is an imported page's entry in the resource dictionary.
type tplObj struct {
	name string // e.g. /ERP3-12
	obj  int    // index in importState.objs
}

// pdfObj is an imported object in canonical form: body with the references
// cut out, to be written as "N 0 R" once the object numbers are known.
type pdfObj struct {
	body []byte
	refs []objRef
}

type objRef struct {
	at int // offset in body
	to int // index in importState.objs; -1: null
}

// canonObject rewrites one object written by gofpdi (with 40-character
// hashes at the offsets in pos standing for references) with every
// dictionary's keys sorted. ref maps a referenced hash to its object index.
// Bytes that do not parse are kept as they are (only the references are
// replaced), which is valid PDF but may not be stable.
func canonObject(data []byte, pos map[int]string, ref func(string) int) pdfObj {
	p := &objParser{data: data, pos: pos}
	if v, stream, ok := p.object(); ok {
		var o pdfObj
		o.write(v, ref)
		if stream != nil {
			o.body = append(o.body, "\nstream\n"...)
			o.body = append(o.body, stream...)
			o.body = append(o.body, "\nendstream"...)
		}
		o.body = append(o.body, "\nendobj\n"...)
		return o
	}
	at := make([]int, 0, len(pos))
	for i := range pos {
		at = append(at, i)
	}
	slices.Sort(at)
	var o pdfObj
	last := 0
	for _, i := range at {
		if i < last || i+hashLen > len(data) {
			continue
		}
		o.body = append(o.body, data[last:i]...)
		o.refs = append(o.refs, objRef{at: len(o.body), to: ref(pos[i])})
		last = i + hashLen
		if j := bytes.Index(data[last:], []byte(" 0 R")); j >= 0 {
			last += j + 4
		}
	}
	o.body = append(o.body, data[last:]...)
	return o
}

const hashLen = 40 // gofpdi object hashes (hex SHA-1)

// pval is a parsed PDF value: a token (name, number, string, ...) kept as
// written, a reference, an array or a dictionary (key, value, key, ...).
type pval struct {
	kind  byte // 't' token, 'r' reference, 'a' array, 'd' dictionary
	raw   []byte
	hash  string
	items []pval
}

func (o *pdfObj) write(v pval, ref func(string) int) {
	switch v.kind {
	case 't':
		o.body = append(o.body, v.raw...)
	case 'r':
		o.refs = append(o.refs, objRef{at: len(o.body), to: ref(v.hash)})
	case 'a':
		o.body = append(o.body, '[')
		for i, it := range v.items {
			if i > 0 {
				o.body = append(o.body, ' ')
			}
			o.write(it, ref)
		}
		o.body = append(o.body, ']')
	case 'd':
		n := len(v.items) / 2
		idx := make([]int, n)
		for i := range idx {
			idx[i] = 2 * i
		}
		slices.SortStableFunc(idx, func(a, b int) int { return bytes.Compare(v.items[a].raw, v.items[b].raw) })
		o.body = append(o.body, "<<"...)
		for j, i := range idx {
			if j > 0 {
				o.body = append(o.body, ' ')
			}
			o.write(v.items[i], ref)
			o.body = append(o.body, ' ')
			o.write(v.items[i+1], ref)
		}
		o.body = append(o.body, ">>"...)
	}
}

// objParser reads the objects gofpdi writes: one value, then either
// "endobj" or "stream" + data + "endstream" + "endobj".
type objParser struct {
	data  []byte
	i     int
	pos   map[int]string
	depth int
}

func (p *objParser) object() (v pval, stream []byte, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	v = p.value()
	p.space()
	rest := p.data[p.i:]
	const sEnd = "\nendstream\nendobj\n"
	switch {
	case bytes.HasPrefix(rest, []byte("stream\n")) && bytes.HasSuffix(rest, []byte(sEnd)) && len(rest) >= len("stream\n")+len(sEnd):
		return v, rest[len("stream\n") : len(rest)-len(sEnd)], true
	case bytes.Equal(bytes.TrimSpace(rest), []byte("endobj")):
		return v, nil, true
	}
	return v, nil, false
}

func pdfSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isDelim(c byte) bool { return strings.IndexByte("()<>[]{}/%", c) >= 0 }

func (p *objParser) space() {
	for p.i < len(p.data) && pdfSpace(p.data[p.i]) {
		p.i++
	}
}

// value parses one value; it panics on anything unexpected.
func (p *objParser) value() pval {
	p.space()
	if p.depth++; p.depth > 100 {
		panic("too deep")
	}
	defer func() { p.depth-- }()
	d := p.data
	start := p.i
	if h, ok := p.pos[start]; ok {
		if start+hashLen > len(d) || string(d[start:start+hashLen]) != h {
			panic("hash")
		}
		p.i += hashLen
		for _, t := range []string{"0", "R"} {
			p.space()
			if !bytes.HasPrefix(d[p.i:], []byte(t)) {
				panic("ref")
			}
			p.i += len(t)
		}
		return pval{kind: 'r', hash: h}
	}
	switch c := d[p.i]; {
	case c == '<' && p.i+1 < len(d) && d[p.i+1] == '<':
		p.i += 2
		v := pval{kind: 'd'}
		for {
			p.space()
			if bytes.HasPrefix(d[p.i:], []byte(">>")) {
				p.i += 2
				return v
			}
			k := p.value()
			if k.kind != 't' || k.raw[0] != '/' {
				panic("key")
			}
			v.items = append(v.items, k, p.value())
		}
	case c == '[':
		p.i++
		v := pval{kind: 'a'}
		for {
			p.space()
			if d[p.i] == ']' {
				p.i++
				return v
			}
			v.items = append(v.items, p.value())
		}
	case c == '<':
		j := bytes.IndexByte(d[p.i:], '>')
		if j < 0 {
			panic("hex")
		}
		p.i += j + 1
	case c == '(':
		open := 0
		for {
			switch d[p.i] {
			case '\\':
				p.i++
			case '(':
				open++
			case ')':
				open--
			}
			p.i++
			if open == 0 {
				break
			}
		}
	case c == '/':
		p.i++
		p.token()
	case isDelim(c):
		panic("delimiter")
	default:
		p.token()
	}
	return pval{kind: 't', raw: d[start:p.i]}
}

func (p *objParser) token() {
	for p.i < len(p.data) && !pdfSpace(p.data[p.i]) && !isDelim(p.data[p.i]) {
		p.i++
	}
}

// finishImports writes the PDF fpdf produced (pdf) to w with the imported
// objects added: the template names go into the resource dictionary (object
// 2, "/XObject <<"), the objects after fpdf's last one, and the
// cross-reference table and trailer are written anew.
func finishImports(pdf []byte, st *importState, w io.Writer) error {
	bad := func(what string) error { return fmt.Errorf("生成 PDF: 导入附件页面失败(%s)", what) }
	sx := bytes.LastIndex(pdf, []byte("startxref\n"))
	if sx < 0 {
		return bad("startxref")
	}
	var xo int
	if _, err := fmt.Sscanf(string(pdf[sx+len("startxref\n"):]), "%d", &xo); err != nil || xo <= 0 || xo >= sx {
		return bad("startxref")
	}
	var size int
	if _, err := fmt.Sscanf(string(pdf[xo:sx]), "xref\n0 %d\n", &size); err != nil || size < 3 {
		return bad("xref")
	}
	first := xo + bytes.IndexByte(pdf[xo+5:], '\n') + 6 // first entry
	const entLen = 20                                   // "0000000123 00000 n \n"
	tr := first + size*entLen
	if tr > sx || !bytes.HasPrefix(pdf[tr:], []byte("trailer\n")) {
		return bad("xref")
	}
	offs := make([]int, size)
	for i := 1; i < size; i++ {
		e := pdf[first+i*entLen : first+(i+1)*entLen]
		n, err := strconv.Atoi(string(e[:10]))
		if err != nil || string(e[10:]) != " 00000 n \n" || n <= 0 || n >= xo {
			return bad("xref")
		}
		offs[i] = n
	}
	o2 := offs[2]
	end2 := bytes.Index(pdf[o2:], []byte("endobj"))
	if !bytes.HasPrefix(pdf[o2:], []byte("2 0 obj\n")) || end2 < 0 {
		return bad("resources")
	}
	ins := bytes.Index(pdf[o2:o2+end2], []byte("/XObject <<\n"))
	if ins < 0 {
		return bad("resources")
	}
	ins += o2 + len("/XObject <<\n")
	trailer := pdf[tr:sx]
	oldSize := fmt.Sprintf("/Size %d\n", size)
	if bytes.Count(trailer, []byte(oldSize)) != 1 {
		return bad("trailer")
	}
	num := func(i int) int { return size + i } // object number of st.objs[i]

	var dict bytes.Buffer
	for _, t := range st.tpls {
		fmt.Fprintf(&dict, "%s %d 0 R\n", t.name, num(t.obj))
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	bw.Write(pdf[:ins])
	bw.Write(dict.Bytes())
	bw.Write(pdf[ins:xo])
	off := xo + dict.Len()
	newOffs := make([]int, len(st.objs))
	var nb []byte
	for i, o := range st.objs {
		newOffs[i] = off
		nb = strconv.AppendInt(nb[:0], int64(num(i)), 10)
		nb = append(nb, " 0 obj\n"...)
		n, _ := bw.Write(nb)
		off += n
		last := 0
		for _, rf := range o.refs {
			n, _ = bw.Write(o.body[last:rf.at])
			off += n
			if rf.to < 0 {
				nb = append(nb[:0], "null"...)
			} else {
				nb = strconv.AppendInt(nb[:0], int64(num(rf.to)), 10)
				nb = append(nb, " 0 R"...)
			}
			n, _ = bw.Write(nb)
			off += n
			last = rf.at
		}
		n, _ = bw.Write(o.body[last:])
		off += n
	}
	total := size + len(st.objs)
	fmt.Fprintf(bw, "xref\n0 %d\n0000000000 65535 f \n", total)
	for i := 1; i < size; i++ {
		o := offs[i]
		if o >= ins {
			o += dict.Len()
		}
		fmt.Fprintf(bw, "%010d 00000 n \n", o)
	}
	for _, o := range newOffs {
		fmt.Fprintf(bw, "%010d 00000 n \n", o)
	}
	bw.Write(bytes.Replace(trailer, []byte(oldSize), fmt.Appendf(nil, "/Size %d\n", total), 1))
	fmt.Fprintf(bw, "startxref\n%d\n%%%%EOF\n", off)
	return bw.Flush()
}

func (o *embedOp) draw(r *renderer) {
	im := r.load(o.src)
	page := o.page
	if im.image {
		page = 1
	}
	if im.err == nil {
		if _, ok := im.pages[page]; !ok {
			im = &imported{err: fmt.Errorf("没有第 %d 页", page)}
		}
	}
	if im.err != nil {
		r.note(o, fmt.Sprintf("附件「%s」%v", o.src.Name, im.err))
		return
	}
	t := im.pages[page]
	s := min(o.w/t.w, o.h/t.h)
	w, h := t.w*s, t.h*s
	x, y := o.x+(o.w-w)/2, o.y
	r.f.UseImportedTemplate(t.name, w/t.w, h/t.h, x, -y-h)
	(&rectOp{x: x, y: y, w: w, h: h, stroke: 0.2}).draw(r)
}

// imagePDF makes a one-page PDF showing the image on the whole page, the
// longer side 1000 pt.
func imagePDF(data []byte, kind SourceKind) ([]byte, error) {
	w, h, err := ProbeImage(data)
	if err != nil {
		return nil, err
	}
	sc := 1000 / float64(max(w, h))
	pw, ph := float64(w)*sc, float64(h)*sc
	f := fpdf.NewCustom(&fpdf.InitType{UnitStr: "pt", Size: fpdf.SizeType{Wd: pw, Ht: ph}})
	f.SetMargins(0, 0, 0)
	f.SetAutoPageBreak(false, 0)
	f.SetCreationDate(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC))
	f.SetModificationDate(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC))
	f.AddPage()
	typ := "PNG"
	if kind == SourceJPEG {
		typ = "JPG"
	}
	f.RegisterImageOptionsReader("img", fpdf.ImageOptions{ImageType: typ}, bytes.NewReader(data))
	f.ImageOptions("img", 0, 0, pw, ph, false, fpdf.ImageOptions{}, 0, "")
	var buf bytes.Buffer
	if err := f.Output(&buf); err != nil {
		return nil, problem(err)
	}
	return buf.Bytes(), nil
}

// note writes a problem line in the box instead of the page.
func (r *renderer) note(o *embedOp, msg string) {
	st := TextStyle{Face: FaceSong, Size: 12, Leading: 1.5}
	gs := r.l.glyphsFor(nil, []Run{{Text: msg}}, st)
	lines := breakLines(gs, func(int) float64 { return o.w - 10 })
	y := o.y + 10
	(&rectOp{x: o.x, y: o.y, w: o.w, h: min(o.h, float64(len(lines))*st.Size*ptmm*1.5+20), stroke: 0.3}).draw(r)
	for _, ln := range lines {
		lineOp(gs, ln, AlignLeft, o.x+5, o.w-10, y, st.Size*ptmm*1.5, st.Size).draw(r)
		y += st.Size * ptmm * 1.5
	}
}

// guard is the reader the PDF parser gets. gofpdi loops for ever on some
// malformed files (it reads past the end again and again): the guard panics
// (recovered by the caller) after repeated reads at the end or after reading
// far more than the file holds.
type guard struct {
	*bytes.Reader
	eofs   int
	read   int64
	budget int64
}

func newGuard(data []byte) *guard {
	return &guard{Reader: bytes.NewReader(data), budget: 64*int64(len(data)) + 64<<20}
}

func (g *guard) Read(p []byte) (int, error) {
	n, err := g.Reader.Read(p)
	g.read += int64(n)
	if err == io.EOF {
		g.eofs++
		if g.eofs > 10000 {
			panic("文件结构不完整,读到文件末尾仍未找到所需内容")
		}
	}
	if g.read > g.budget {
		panic("文件结构异常,读取量超出限度")
	}
	return n, err
}
