// Package pdfimport reads the files attached as evidence (PDF, JPEG, PNG)
// and writes their pages into a PDF being produced, each page as a form
// XObject that the producing document draws by name.
//
// It has two halves. Open checks a file and tells its pages and their sizes
// (the evidence ledger calls it when a file is attached, the binder before
// it lays out its pages); its errors are Chinese sentences saying what is
// wrong and what to do, never a parser's English. Merge takes a finished PDF
// (the "shell", made by the layout engine, whose pages draw attached pages
// by resource name) and writes it out with those pages added, opening one
// attachment at a time and writing its objects as it goes, so memory is
// bounded by the largest attachment, not by their total.
//
// PDF files are read with github.com/pdfcpu/pdfcpu, which also decrypts a
// file that opens without a password (an owner password only restricts
// printing or copying). The output is byte-identical across runs: objects
// are numbered in the order they are reached and dictionaries are written
// with sorted keys.
package pdfimport

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/fault"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

func init() {
	// pdfcpu would otherwise create a configuration folder in the user's
	// profile on first use (what api.DisableConfigDir does).
	model.ConfigPath = "disable"
}

// readContext is pdfcpu's api.ReadContext without importing pdfcpu/pkg/api:
// that package pulls in the form filler and with it go-runewidth, whose
// package initialisation builds width tables for ~45 ms at every start of
// the program (a third of a one-file `import --dry-run`).
func readContext(data []byte, conf *model.Configuration) (ctx *model.Context, err error) {
	defer fault.Catch(&err)
	return pdfcpu.Read(bytes.NewReader(data), conf)
}

// MaxPages is the most pages an attached PDF may have. A longer file is
// refused when it is attached: split it by chapter or year.
const MaxPages = 5000

// MaxPixels is the most pixels an attached image may have (50 megapixels,
// more than any phone camera or an A3 scan at 600 dpi). It keeps a
// decompression bomb — a small file that decodes to gigabytes — out.
const MaxPixels = 50_000_000

// Kind is the type of an attached file.
type Kind int

// The kinds of attached files.
const (
	PDF Kind = iota
	JPEG
	PNG
)

// Size is the size of a page in points as it shows (page rotation and
// photo orientation applied).
type Size struct{ W, H float64 }

// Doc is an opened attachment.
type Doc struct {
	kind  Kind
	sizes []Size
	pdf   *pdfDoc
	img   *imageDoc
}

// Pages returns the number of pages (1 for an image).
func (d *Doc) Pages() int { return len(d.sizes) }

// Size returns the size of page p (1-based).
func (d *Doc) Size(p int) Size { return d.sizes[p-1] }

// Problem is why a file cannot be used, in Chinese: what is wrong and what
// to do.
type Problem struct{ Msg string }

func (p *Problem) Error() string { return p.Msg }

func problemf(format string, args ...any) *Problem { return &Problem{fmt.Sprintf(format, args...)} }

var (
	errDamagedPDF = problemf("文件已损坏或不是有效的 PDF，无法读取；请从原件重新扫描或重新导出 PDF 后再上传")
	errPassword   = problemf("文件设有打开密码，程序无法读取；请向来源单位索取未加密的文件，或用阅读器输入密码打开后另存（打印）为不加密的 PDF 再上传")
	errNoPages    = problemf("文件中没有页面；请检查原件后重新上传")
	errDamagedImg = problemf("图片已损坏或不完整，无法读取；请重新拍摄或扫描后再上传")
)

// Open reads an attached file and checks every page of it: a PDF must
// parse, open without a password and have 1 to MaxPages pages of a usable
// size; an image must decode and have at most MaxPixels pixels. The error
// is a *Problem.
func Open(kind Kind, data []byte) (d *Doc, err error) {
	defer func() {
		// pdfcpu and the image decoders are third-party parsers fed with
		// untrusted bytes: a panic is a damaged file.
		if r := recover(); r != nil {
			d = nil
			if kind == PDF {
				err = errDamagedPDF
			} else {
				err = errDamagedImg
			}
		}
	}()
	switch kind {
	case PDF:
		return openPDF(data)
	case JPEG, PNG:
		return openImage(kind, data)
	}
	return nil, problemf("不支持的文件类型")
}

// Check is Open for a file about to be attached: it returns the page count.
func Check(kind Kind, data []byte) (pages int, err error) {
	d, err := Open(kind, data)
	if err != nil {
		return 0, err
	}
	return d.Pages(), nil
}

// pdfDoc is a parsed PDF and its pages in order.
type pdfDoc struct {
	xt    *model.XRefTable
	pages []pdfPage
}

type pdfPage struct {
	contents  types.Object // stream reference, array of them, or nil
	resources types.Object // dictionary or reference, inherited if need be
	box       [4]float64   // crop box (within the media box)
	rotate    int          // 0, 90, 180, 270
}

func openPDF(data []byte) (*Doc, error) {
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	ctx, err := readContext(data, conf)
	if err != nil {
		if isPasswordErr(err) {
			return nil, errPassword
		}
		return nil, errDamagedPDF
	}
	xt := ctx.XRefTable
	root, err := xt.Pages()
	if err != nil || root == nil {
		return nil, errDamagedPDF
	}
	p := &pdfDoc{xt: xt}
	w := walker{xt: xt, seen: map[int]bool{}}
	if err := w.node(*root, inherited{}, 0, p); err != nil {
		return nil, err
	}
	if len(p.pages) == 0 {
		return nil, errNoPages
	}
	d := &Doc{kind: PDF, pdf: p}
	for _, pg := range p.pages {
		w, h := pg.box[2]-pg.box[0], pg.box[3]-pg.box[1]
		if pg.rotate == 90 || pg.rotate == 270 {
			w, h = h, w
		}
		d.sizes = append(d.sizes, Size{w, h})
	}
	return d, nil
}

func isPasswordErr(err error) bool {
	for e := err; e != nil; {
		if e == pdfcpu.ErrWrongPassword {
			return true
		}
		u, ok := e.(interface{ Unwrap() error })
		if !ok {
			break
		}
		e = u.Unwrap()
	}
	return bytes.Contains([]byte(err.Error()), []byte("password"))
}

type inherited struct {
	resources types.Object
	media     types.Object
	crop      types.Object
	rotate    types.Object
}

type walker struct {
	xt   *model.XRefTable
	seen map[int]bool
}

// node walks the page tree below ref, collecting pages in order.
func (w *walker) node(ref types.IndirectRef, inh inherited, depth int, p *pdfDoc) error {
	n := ref.ObjectNumber.Value()
	if depth > 64 || w.seen[n] {
		return errDamagedPDF
	}
	w.seen[n] = true
	d, err := w.xt.DereferenceDict(ref)
	if err != nil || d == nil {
		return errDamagedPDF
	}
	for key, dst := range map[string]*types.Object{"Resources": &inh.resources, "MediaBox": &inh.media, "CropBox": &inh.crop, "Rotate": &inh.rotate} {
		if v, ok := d[key]; ok && v != nil {
			*dst = v
		}
	}
	kids, isNode := d["Kids"]
	if t := d.Type(); t != nil && *t == "Page" {
		isNode = false
	}
	if !isNode {
		return w.page(d, inh, p)
	}
	arr, err := w.xt.DereferenceArray(kids)
	if err != nil {
		return errDamagedPDF
	}
	for _, k := range arr {
		kr, ok := k.(types.IndirectRef)
		if !ok {
			return errDamagedPDF
		}
		if err := w.node(kr, inh, depth+1, p); err != nil {
			return err
		}
	}
	return nil
}

func (w *walker) page(d types.Dict, inh inherited, p *pdfDoc) error {
	if len(p.pages) >= MaxPages {
		return problemf("文件超过 %d 页，无法编入汇编；请按章节或年度拆分为几个文件后分别上传", MaxPages)
	}
	media, ok := w.rect(inh.media)
	if !ok {
		media = [4]float64{0, 0, 595.28, 841.89} // A4, the usual page of a scan
	}
	box := media
	if crop, ok := w.rect(inh.crop); ok {
		box = [4]float64{max(crop[0], media[0]), max(crop[1], media[1]), min(crop[2], media[2]), min(crop[3], media[3])}
	}
	if box[2]-box[0] < 1 || box[3]-box[1] < 1 || box[2]-box[0] > 200000 || box[3]-box[1] > 200000 {
		return problemf("第 %d 页的页面尺寸无效，无法读取；请重新导出 PDF 后再上传", len(p.pages)+1)
	}
	rot := 0
	if inh.rotate != nil {
		if r, err := w.xt.DereferenceInteger(inh.rotate); err == nil && r != nil {
			rot = ((r.Value() % 360) + 360) % 360
		}
	}
	if rot%90 != 0 {
		rot = 0
	}
	p.pages = append(p.pages, pdfPage{contents: d["Contents"], resources: inh.resources, box: box, rotate: rot})
	return nil
}

// rect reads a rectangle and normalises it (lower left, upper right).
func (w *walker) rect(o types.Object) ([4]float64, bool) {
	var r [4]float64
	if o == nil {
		return r, false
	}
	arr, err := w.xt.DereferenceArray(o)
	if err != nil || len(arr) != 4 {
		return r, false
	}
	for i, v := range arr {
		f, err := w.xt.DereferenceNumber(v)
		if err != nil {
			return r, false
		}
		r[i] = f
	}
	if r[0] > r[2] {
		r[0], r[2] = r[2], r[0]
	}
	if r[1] > r[3] {
		r[1], r[3] = r[3], r[1]
	}
	return r, true
}

// imageDoc is an attached image.
type imageDoc struct {
	kind        Kind
	data        []byte
	w, h        int // stored pixels
	orientation int // EXIF orientation 1–8 (JPEG)
	cfg         image.Config
	adobe       bool // JPEG with an Adobe APP14 marker (inverted CMYK)
}

func openImage(kind Kind, data []byte) (*Doc, error) {
	var cfg image.Config
	var err error
	if kind == JPEG {
		cfg, err = jpeg.DecodeConfig(bytes.NewReader(data))
	} else {
		cfg, err = png.DecodeConfig(bytes.NewReader(data))
	}
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, errDamagedImg
	}
	if px := int64(cfg.Width) * int64(cfg.Height); px > MaxPixels {
		return nil, problemf("图片像素过多（%d×%d，约 %d 万像素），上限 %d 万像素；请缩小图片或降低扫描分辨率后再上传",
			cfg.Width, cfg.Height, px/10000, MaxPixels/10000)
	}
	im := &imageDoc{kind: kind, data: data, w: cfg.Width, h: cfg.Height, orientation: 1, cfg: cfg}
	if kind == JPEG {
		im.orientation, im.adobe = jpegMarkers(data)
	}
	d := &Doc{kind: kind, img: im}
	w, h := float64(im.w), float64(im.h)
	if im.orientation >= 5 {
		w, h = h, w
	}
	d.sizes = []Size{{w, h}}
	return d, nil
}

// Verify decodes an image completely (Open reads only its header), so that
// a truncated or damaged file is found when it is attached. PDFs are
// checked completely by Open.
func (d *Doc) Verify() (err error) {
	if d.img == nil {
		return nil
	}
	defer func() {
		if recover() != nil {
			err = errDamagedImg
		}
	}()
	var dec func(io.Reader) (image.Image, error) = png.Decode
	if d.img.kind == JPEG {
		dec = jpeg.Decode
	}
	if _, err := dec(bytes.NewReader(d.img.data)); err != nil {
		return errDamagedImg
	}
	return nil
}
