package layout

import (
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"image"
	_ "image/jpeg" // image.DecodeConfig for JPEG attachments
	_ "image/png"
	"io"
	"strings"

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
	pages map[int]tplRef // PDF pages
	img   string         // image name
	iw    float64        // image size in px
	ih    float64
}

type tplRef struct {
	name string
	w, h float64 // template size in points
}

type importState struct {
	seq  int
	done map[string]*imported
}

func (l *layouter) embedded(b *EmbeddedPage) {
	if b.Source == nil {
		return
	}
	if !l.atTop() && l.room() < l.sec.h/2 {
		l.newPage()
	}
	if b.Caption != "" {
		st := TextStyle{Face: FaceSong, Size: 9, Leading: 1.4, Align: AlignLeft}
		gs := l.glyphs([]Run{{Text: b.Caption}}, st)
		lines := breakLines(gs, l.availFn(st, l.sec.w))
		lh := st.Leading * st.Size * ptmm
		for _, ln := range lines {
			l.emit(lineOp(gs, ln, AlignLeft, l.sec.left, l.sec.w, l.y, lh, st.Size))
			l.y += lh
		}
		l.y += 1
	}
	l.emit(&embedOp{src: b.Source, page: b.Page, x: l.sec.left, y: l.y, w: l.sec.w, h: l.room()})
	l.y = l.sec.bottom()
}

// load imports a source (once per key) and frees its bytes.
func (r *renderer) load(src *Source) (im *imported) {
	if r.imports == nil {
		r.imports = &importState{done: map[string]*imported{}}
	}
	st := r.imports
	key := src.Key
	if key == "" {
		key = fmt.Sprintf("%p", src)
	}
	if im := st.done[key]; im != nil {
		return im
	}
	im = &imported{}
	st.done[key] = im
	st.seq++
	seq := st.seq
	defer func() {
		if v := recover(); v != nil {
			im.err = problem(v)
			im.pages = nil
		}
	}()
	data, err := src.Open()
	if err != nil {
		im.err = fmt.Errorf("无法读取(%v)", err)
		return im
	}
	switch src.Kind {
	case SourcePNG, SourceJPEG:
		w, h, err := ProbeImage(data)
		if err != nil {
			im.err = err
			return im
		}
		typ := "PNG"
		if src.Kind == SourceJPEG {
			typ = "JPG"
		}
		name := fmt.Sprintf("att%d", seq)
		info := r.f.RegisterImageOptionsReader(name, imageOptions(typ), bytes.NewReader(data))
		if err := r.f.Error(); err != nil || info == nil {
			// fpdf keeps the first error for good: clear it so the rest of
			// the document is still written.
			if err == nil {
				err = fmt.Errorf("图片无法读取")
			}
			r.f.ClearError()
			im.err = problem(err)
			return im
		}
		im.img, im.iw, im.ih = name, float64(w), float64(h)
	default:
		im.pages = importPDF(r, data, seq)
	}
	return im
}

// importPDF imports every page of a PDF with a throwaway importer and hands
// the objects to fpdf under names and hashes unique to this source.
func importPDF(r *renderer, data []byte, seq int) map[int]tplRef {
	imp := realgofpdi.NewImporter()
	var rs io.ReadSeeker = newGuard(data)
	imp.SetSourceStream(&rs)
	n := imp.GetNumPages()
	tpls := make([]int, n)
	for p := 1; p <= n; p++ {
		tpls[p-1] = imp.ImportPage(p, "/MediaBox")
	}
	names := imp.PutFormXobjectsUnordered()
	objs := imp.GetImportedObjectsUnordered()
	pos := imp.GetImportedObjHashPos()
	rename := func(h string) string {
		s := sha1.Sum([]byte(fmt.Sprintf("%d:%s", seq, h)))
		return hex.EncodeToString(s[:])
	}
	tplName := func(name string) string {
		return fmt.Sprintf("/ERP%d-%s", seq, strings.TrimPrefix(name, "/GOFPDITPL"))
	}
	outTpl := make(map[string]string, len(names))
	for name, h := range names {
		outTpl[tplName(name)] = rename(h)
	}
	outObjs := make(map[string][]byte, len(objs))
	for h, b := range objs {
		outObjs[rename(h)] = b
	}
	outPos := make(map[string]map[int]string, len(pos))
	for h, m := range pos {
		nm := make(map[int]string, len(m))
		for p, t := range m {
			nm[p] = rename(t)
		}
		outPos[rename(h)] = nm
	}
	pages := make(map[int]tplRef, n)
	for p, id := range tpls {
		name, sx, sy, _, _ := imp.UseTemplate(id, 0, 0, 1, 1)
		if sx <= 0 || sy <= 0 {
			panic("页面尺寸无效")
		}
		pages[p+1] = tplRef{name: tplName(name), w: 1 / sx, h: 1 / sy}
	}
	r.f.ImportTemplates(outTpl)
	r.f.ImportObjects(outObjs)
	r.f.ImportObjPos(outPos)
	return pages
}

func (o *embedOp) draw(r *renderer) {
	im := r.load(o.src)
	if im.err == nil && im.pages != nil {
		if _, ok := im.pages[o.page]; !ok {
			im = &imported{err: fmt.Errorf("没有第 %d 页", o.page)}
		}
	}
	if im.err != nil {
		r.note(o, fmt.Sprintf("附件「%s」%v", o.src.Name, im.err))
		return
	}
	var nw, nh float64
	var t tplRef
	if im.img != "" {
		nw, nh = im.iw, im.ih
	} else {
		t = im.pages[o.page]
		nw, nh = t.w, t.h
	}
	s := min(o.w/nw, o.h/nh)
	w, h := nw*s, nh*s
	x, y := o.x+(o.w-w)/2, o.y
	if im.img != "" {
		r.f.ImageOptions(im.img, x, y, w, h, false, imageOptions(""), 0, "")
	} else {
		r.f.UseImportedTemplate(t.name, w/t.w, h/t.h, x, -y-h)
	}
	(&rectOp{x: x, y: y, w: w, h: h, stroke: 0.2}).draw(r)
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

func imageOptions(typ string) fpdf.ImageOptions {
	return fpdf.ImageOptions{ImageType: typ, ReadDpi: false}
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
