package pdfimport

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// Use is one attached page that the shell draws: its pages paint it with
// "/Name Do" in a space of the page's Size in points, origin at the lower
// left corner.
type Use struct {
	Name string // resource name without the slash, letters, digits and '-'
	Key  string // the attachment, as open knows it
	Page int    // 1-based; 1 for an image
}

// Merge writes the shell PDF to w with the attached pages of uses added as
// form XObjects under their names in the shell's resource dictionaries.
// Attachments are opened once each, in the order of their first use: open
// reads the attachment key, opens it (Open) and calls write with it, which
// writes its pages; its bytes may be dropped when write returns.
//
// The shell's objects keep their numbers; the imported ones follow in the
// order they are reached. A failure to open an attachment fails the merge:
// callers open every attachment before laying out the shell, and draw a
// note instead of the pages of one that fails.
func Merge(w io.Writer, shell []byte, uses []Use, open func(key string, write func(*Doc) error) error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("合成 PDF 时出错（%v）", r)
		}
	}()
	conf := model.NewDefaultConfiguration()
	ctx, err := readContext(shell, conf)
	if err != nil {
		return fmt.Errorf("合成 PDF：读取排版结果失败（%w）", err)
	}
	xt := ctx.XRefTable
	size := *xt.Size
	ow := newObjWriter(w, size)
	ow.header()

	// The shell's pages get resource dictionaries of their own, naming the
	// forms they draw: one dictionary naming every form of a binder of
	// thousands of pages makes readers parse it again for every page.
	root, err := xt.Pages()
	if err != nil || root == nil {
		return fmt.Errorf("合成 PDF：排版结果没有页面树")
	}
	var pages []int
	if err := shellPages(xt, *root, &pages, 0); err != nil {
		return err
	}
	isPage := map[int]bool{}
	for _, n := range pages {
		isPage[n] = true
	}
	// The shell, but its pages.
	nums := make([]int, 0, len(xt.Table))
	for n := range xt.Table {
		nums = append(nums, n)
	}
	slices.Sort(nums)
	identity := func(n int) int { return n }
	// Objects are copied as the layout engine wrote them where their bytes
	// can be told apart (from their offset to the next object's), else
	// written anew.
	var offs []int64
	for _, n := range nums {
		if e := xt.Table[n]; n > 0 && e != nil && !e.Free && e.Offset != nil && *e.Offset > 0 {
			offs = append(offs, *e.Offset)
		}
	}
	slices.Sort(offs)
	for _, n := range nums {
		e := xt.Table[n]
		if n == 0 || e == nil || e.Free || isPage[n] {
			continue
		}
		o, err := xt.Dereference(types.IndirectRef{ObjectNumber: types.Integer(n)})
		if err != nil {
			return fmt.Errorf("合成 PDF：排版结果第 %d 个对象无法读取", n)
		}
		if sd, ok := o.(types.StreamDict); ok && sd.Dict["Filter"] == nil && len(sd.Raw) > 64 {
			// A shell written uncompressed (layout.Options.Uncompressed):
			// compressed here, with one compressor for all its streams.
			d := sd.Dict.Clone().(types.Dict)
			d["Filter"] = types.Name("FlateDecode")
			ow.stream(n, d, ow.deflate(sd.Raw), identity)
			continue
		}
		if raw := rawObject(shell, n, e.Offset, offs); raw != nil {
			ow.raw(n, raw)
			continue
		}
		ow.object(n, o, identity)
	}

	// The attached pages, one attachment at a time.
	forms := map[string]int{} // name -> object number
	var order []string        // keys in order of first use
	byKey := map[string][]Use{}
	for _, u := range uses {
		if _, ok := byKey[u.Key]; !ok {
			order = append(order, u.Key)
		}
		byKey[u.Key] = append(byKey[u.Key], u)
	}
	for _, key := range order {
		err := open(key, func(d *Doc) error {
			imp := &importer{ow: ow, refs: map[int]int{}}
			for _, u := range byKey[key] {
				if _, done := forms[u.Name]; done {
					continue
				}
				if u.Page < 1 || u.Page > d.Pages() {
					return fmt.Errorf("合成 PDF：附件没有第 %d 页", u.Page)
				}
				n, err := imp.page(d, u.Page)
				if err != nil {
					return err
				}
				forms[u.Name] = n
			}
			return ow.err()
		})
		if err != nil {
			return err
		}
	}

	// The pages, each with the forms it draws.
	for _, n := range pages {
		d, err := xt.DereferenceDict(types.IndirectRef{ObjectNumber: types.Integer(n)})
		if err != nil || d == nil {
			return fmt.Errorf("合成 PDF：排版结果的页面无法读取")
		}
		drawn, err := drawnNames(xt, d["Contents"], forms)
		if err != nil {
			return err
		}
		if len(drawn) == 0 {
			if raw := rawObject(shell, n, xt.Table[n].Offset, offs); raw != nil {
				ow.raw(n, raw)
				continue
			}
		}
		if len(drawn) > 0 {
			d = d.Clone().(types.Dict)
			res := types.Dict{}
			if r, ok := d["Resources"]; ok {
				rd, err := xt.DereferenceDict(r)
				if err != nil {
					return fmt.Errorf("合成 PDF：排版结果的资源字典无法读取")
				}
				res = rd.Clone().(types.Dict)
			}
			xo := types.Dict{}
			if old, ok := res["XObject"]; ok {
				od, err := xt.DereferenceDict(old)
				if err != nil {
					return fmt.Errorf("合成 PDF：排版结果的资源字典无法读取")
				}
				xo = od.Clone().(types.Dict)
			}
			for _, name := range drawn {
				xo[name] = types.IndirectRef{ObjectNumber: types.Integer(forms[name])}
			}
			res["XObject"] = xo
			d["Resources"] = res
		}
		ow.object(n, d, identity)
	}

	trailer := types.Dict{"Size": types.Integer(ow.next)}
	if xt.Root != nil {
		trailer["Root"] = *xt.Root
	}
	if xt.Info != nil {
		trailer["Info"] = *xt.Info
	}
	if xt.ID != nil {
		trailer["ID"] = xt.ID
	}
	return ow.finish(trailer)
}

// rawObject returns object n of the shell as written, from its offset to
// its last "endobj" before the next object (or the cross-reference table);
// nil when it cannot be told apart.
func rawObject(shell []byte, n int, off *int64, offs []int64) []byte {
	if off == nil || *off <= 0 || *off >= int64(len(shell)) {
		return nil
	}
	end := int64(len(shell))
	if i, found := slices.BinarySearch(offs, *off); found && i+1 < len(offs) {
		end = offs[i+1]
	}
	data := shell[*off:end]
	if !bytes.HasPrefix(data, fmt.Appendf(nil, "%d 0 obj", n)) {
		return nil
	}
	k := bytes.LastIndex(data, []byte("endobj"))
	if k < 0 {
		return nil
	}
	return data[:k+len("endobj")]
}

// shellPages collects the object numbers of the shell's pages in order.
func shellPages(xt *model.XRefTable, ref types.IndirectRef, pages *[]int, depth int) error {
	if depth > 64 {
		return fmt.Errorf("合成 PDF：排版结果的页面树过深")
	}
	d, err := xt.DereferenceDict(ref)
	if err != nil || d == nil {
		return fmt.Errorf("合成 PDF：排版结果的页面树无法读取")
	}
	kids, ok := d["Kids"]
	if !ok {
		*pages = append(*pages, ref.ObjectNumber.Value())
		return nil
	}
	arr, err := xt.DereferenceArray(kids)
	if err != nil {
		return fmt.Errorf("合成 PDF：排版结果的页面树无法读取")
	}
	for _, k := range arr {
		if kr, ok := k.(types.IndirectRef); ok {
			if err := shellPages(xt, kr, pages, depth+1); err != nil {
				return err
			}
		}
	}
	return nil
}

// drawnNames lists, sorted, the forms a page's content paints ("/Name Do").
func drawnNames(xt *model.XRefTable, contents types.Object, forms map[string]int) ([]string, error) {
	if contents == nil || len(forms) == 0 {
		return nil, nil
	}
	var streams []types.Object
	o, err := xt.Dereference(contents)
	if err != nil {
		return nil, fmt.Errorf("合成 PDF：排版结果的页面内容无法读取")
	}
	if arr, ok := o.(types.Array); ok {
		streams = arr
	} else {
		streams = []types.Object{contents}
	}
	seen := map[string]bool{}
	for _, c := range streams {
		sd, _, err := xt.DereferenceStreamDict(c)
		if err != nil || sd == nil {
			return nil, fmt.Errorf("合成 PDF：排版结果的页面内容无法读取")
		}
		data := sd.Raw
		if len(sd.FilterPipeline) > 0 {
			if err := sd.Decode(); err != nil {
				return nil, fmt.Errorf("合成 PDF：排版结果的页面内容无法读取")
			}
			data = sd.Content
		}
		for i := 0; i < len(data); i++ {
			if data[i] != '/' {
				continue
			}
			j := i + 1
			for j < len(data) && !pdfSpace(data[j]) && !bytes.ContainsRune([]byte("()<>[]{}/%"), rune(data[j])) {
				j++
			}
			k := j
			for k < len(data) && pdfSpace(data[k]) {
				k++
			}
			if bytes.HasPrefix(data[k:], []byte("Do")) {
				if name := string(data[i+1 : j]); forms[name] != 0 {
					seen[name] = true
				}
			}
			i = j - 1
		}
	}
	return slices.Sorted(maps.Keys(seen)), nil
}

func pdfSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

// importer writes the pages of one attachment: refs maps the attachment's
// object numbers to the output's, queue holds those reached but not yet
// written.
type importer struct {
	ow    *objWriter
	refs  map[int]int
	queue []int
}

func (im *importer) ref(n int) int {
	if m, ok := im.refs[n]; ok {
		return m
	}
	m := im.ow.alloc()
	im.refs[n] = m
	im.queue = append(im.queue, n)
	return m
}

// page writes page p of d as a form XObject and returns its object number.
func (im *importer) page(d *Doc, p int) (int, error) {
	if d.img != nil {
		return im.image(d)
	}
	pg := d.pdf.pages[p-1]
	xt := d.pdf.xt
	content, filter, err := im.content(xt, pg.contents)
	if err != nil {
		return 0, err
	}
	b := pg.box
	cw, ch := b[2]-b[0], b[3]-b[1]
	var m [6]float64
	switch pg.rotate {
	case 90:
		m = [6]float64{0, -1, 1, 0, -b[1], cw + b[0]}
	case 180:
		m = [6]float64{-1, 0, 0, -1, cw + b[0], ch + b[1]}
	case 270:
		m = [6]float64{0, 1, -1, 0, ch + b[1], -b[0]}
	default:
		m = [6]float64{1, 0, 0, 1, -b[0], -b[1]}
	}
	form := types.Dict{
		"Type": types.Name("XObject"), "Subtype": types.Name("Form"),
		"BBox":   floats(b[:]...),
		"Matrix": floats(m[:]...),
	}
	if pg.resources != nil {
		r, err := xt.Dereference(pg.resources)
		if err != nil {
			return 0, fmt.Errorf("合成 PDF：附件页面资源无法读取")
		}
		if _, ok := pg.resources.(types.IndirectRef); ok {
			form["Resources"] = pg.resources
		} else if r != nil {
			form["Resources"] = r
		}
	}
	for k, v := range filter {
		form[k] = v
	}
	n := im.ow.alloc()
	im.ow.stream(n, form, content, im.mapRef(xt))
	im.drain(xt)
	return n, im.ow.err()
}

func (im *importer) mapRef(xt *model.XRefTable) func(int) int {
	return func(n int) int {
		e, ok := xt.Table[n]
		if !ok || e == nil || e.Free {
			return 0
		}
		return im.ref(n)
	}
}

// drain writes every reached object not yet written. Pages and page tree
// nodes (reached through a form's stray /Parent or an annotation) are
// written as null: the attachment's page tree is not ours.
func (im *importer) drain(xt *model.XRefTable) {
	for len(im.queue) > 0 {
		n := im.queue[0]
		im.queue = im.queue[1:]
		out := im.refs[n]
		o, err := xt.Dereference(types.IndirectRef{ObjectNumber: types.Integer(n)})
		if err != nil {
			o = nil
		}
		if d, ok := o.(types.Dict); ok {
			if t := d.Type(); t != nil && (*t == "Page" || *t == "Pages") {
				o = nil
			}
		}
		im.ow.object(out, o, im.mapRef(xt))
	}
}

// content returns a page's content: a single stream as it is stored (with
// its filters), several joined and compressed anew.
func (im *importer) content(xt *model.XRefTable, c types.Object) ([]byte, types.Dict, error) {
	bad := fmt.Errorf("合成 PDF：附件页面内容无法读取")
	if c == nil {
		return nil, nil, nil
	}
	o, err := xt.Dereference(c)
	if err != nil {
		return nil, nil, bad
	}
	if sd, ok := o.(types.StreamDict); ok {
		f := types.Dict{}
		for _, k := range []string{"Filter", "DecodeParms"} {
			if v, ok := sd.Dict[k]; ok {
				dv, err := xt.Dereference(v)
				if err != nil {
					return nil, nil, bad
				}
				f[k] = dv
			}
		}
		return sd.Raw, f, nil
	}
	arr, ok := o.(types.Array)
	if !ok {
		return nil, nil, nil
	}
	var joined []byte
	for _, it := range arr {
		sd, _, err := xt.DereferenceStreamDict(it)
		if err != nil || sd == nil {
			return nil, nil, bad
		}
		if err := sd.Decode(); err != nil {
			return nil, nil, bad
		}
		joined = append(joined, sd.Content...)
		joined = append(joined, '\n')
	}
	return im.ow.deflate(joined), types.Dict{"Filter": types.Name("FlateDecode")}, nil
}

// image writes an image and the form that places it as its orientation
// asks.
func (im *importer) image(d *Doc) (int, error) {
	img := d.img
	w, h := float64(img.w), float64(img.h)
	dict := types.Dict{
		"Type": types.Name("XObject"), "Subtype": types.Name("Image"),
		"Width": types.Integer(img.w), "Height": types.Integer(img.h), "BitsPerComponent": types.Integer(8),
	}
	var data []byte
	if img.kind == JPEG {
		cs, decode := img.jpegColorSpace()
		dict["ColorSpace"] = types.Name(cs[1:])
		if decode != "" {
			dict["Decode"] = types.Array{types.Integer(1), types.Integer(0), types.Integer(1), types.Integer(0), types.Integer(1), types.Integer(0), types.Integer(1), types.Integer(0)}
		}
		dict["Filter"] = types.Name("DCTDecode")
		data = img.data
	} else {
		samples, gray, alpha, err := img.pixels()
		if err != nil {
			return 0, err
		}
		if gray {
			dict["ColorSpace"] = types.Name("DeviceGray")
		} else {
			dict["ColorSpace"] = types.Name("DeviceRGB")
		}
		dict["Filter"] = types.Name("FlateDecode")
		data = im.ow.deflate(samples)
		if alpha != nil {
			sm := im.ow.alloc()
			im.ow.stream(sm, types.Dict{
				"Type": types.Name("XObject"), "Subtype": types.Name("Image"),
				"Width": types.Integer(img.w), "Height": types.Integer(img.h), "BitsPerComponent": types.Integer(8),
				"ColorSpace": types.Name("DeviceGray"), "Filter": types.Name("FlateDecode"),
			}, im.ow.deflate(alpha), nil)
			dict["SMask"] = types.IndirectRef{ObjectNumber: types.Integer(sm)}
		}
	}
	in := im.ow.alloc()
	im.ow.stream(in, dict, data, nil)
	dw, dh := w, h
	if img.orientation >= 5 {
		dw, dh = h, w
	}
	m := orientMatrix(img.orientation, w, h)
	var cs []byte
	cs = append(cs, "q "...)
	for _, v := range m {
		cs = appendFloat(cs, v)
		cs = append(cs, ' ')
	}
	cs = append(cs, "cm /Im Do Q"...)
	form := types.Dict{
		"Type": types.Name("XObject"), "Subtype": types.Name("Form"),
		"BBox":      floats(0, 0, dw, dh),
		"Resources": types.Dict{"XObject": types.Dict{"Im": types.IndirectRef{ObjectNumber: types.Integer(in)}}},
	}
	n := im.ow.alloc()
	im.ow.stream(n, form, cs, nil)
	return n, im.ow.err()
}

func floats(vs ...float64) types.Array {
	a := make(types.Array, len(vs))
	for i, v := range vs {
		a[i] = types.Float(v)
	}
	return a
}

func appendFloat(b []byte, v float64) []byte {
	if v == float64(int64(v)) {
		return strconv.AppendInt(b, int64(v), 10)
	}
	return strconv.AppendFloat(b, v, 'f', -1, 64)
}

// objWriter writes a PDF object by object and remembers where each starts.
type objWriter struct {
	bw   *bufio.Writer
	off  int64
	offs []int64 // by object number; 0: not written (free)
	next int     // next object number to allocate
	e    error
	buf  []byte
	zw   *zlib.Writer
	zbuf bytes.Buffer
}

func newObjWriter(w io.Writer, first int) *objWriter {
	return &objWriter{bw: bufio.NewWriterSize(w, 1<<16), next: first, offs: make([]int64, first)}
}

func (w *objWriter) err() error { return w.e }

func (w *objWriter) write(b []byte) {
	if w.e != nil {
		return
	}
	n, err := w.bw.Write(b)
	w.off += int64(n)
	w.e = err
}

func (w *objWriter) header() { w.write([]byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")) }

func (w *objWriter) alloc() int {
	n := w.next
	w.next++
	return n
}

func (w *objWriter) begin(n int) {
	for len(w.offs) <= n {
		w.offs = append(w.offs, 0)
	}
	w.offs[n] = w.off
	w.buf = strconv.AppendInt(w.buf[:0], int64(n), 10)
	w.buf = append(w.buf, " 0 obj\n"...)
	w.write(w.buf)
}

// raw writes object n as the bytes given ("n 0 obj … endobj").
func (w *objWriter) raw(n int, data []byte) {
	for len(w.offs) <= n {
		w.offs = append(w.offs, 0)
	}
	w.offs[n] = w.off
	w.write(data)
	w.write([]byte("\n"))
}

// object writes object n; ref maps referenced object numbers (0: null).
// A stream is written with its stored (encoded) bytes.
func (w *objWriter) object(n int, o types.Object, ref func(int) int) {
	if sd, ok := o.(types.StreamDict); ok {
		w.stream(n, sd.Dict, sd.Raw, ref)
		return
	}
	w.begin(n)
	w.buf = appendValue(w.buf[:0], o, ref)
	w.buf = append(w.buf, "\nendobj\n"...)
	w.write(w.buf)
}

// stream writes a stream object with dict (its Length set here) and data.
func (w *objWriter) stream(n int, dict types.Dict, data []byte, ref func(int) int) {
	d := make(types.Dict, len(dict)+1)
	for k, v := range dict {
		d[k] = v
	}
	d["Length"] = types.Integer(len(data))
	w.begin(n)
	w.buf = appendValue(w.buf[:0], d, ref)
	w.buf = append(w.buf, "\nstream\n"...)
	w.write(w.buf)
	w.write(data)
	w.write([]byte("\nendstream\nendobj\n"))
}

// deflate compresses data with one reused compressor.
func (w *objWriter) deflate(data []byte) []byte {
	w.zbuf.Reset()
	if w.zw == nil {
		w.zw = zlib.NewWriter(&w.zbuf)
	} else {
		w.zw.Reset(&w.zbuf)
	}
	if _, err := w.zw.Write(data); err != nil && w.e == nil {
		w.e = err
	}
	if err := w.zw.Close(); err != nil && w.e == nil {
		w.e = err
	}
	return bytes.Clone(w.zbuf.Bytes())
}

// finish writes the cross-reference table and the trailer.
func (w *objWriter) finish(trailer types.Dict) error {
	for len(w.offs) < w.next {
		w.offs = append(w.offs, 0)
	}
	xref := w.off
	b := fmt.Appendf(nil, "xref\n0 %d\n0000000000 65535 f \n", len(w.offs))
	w.write(b)
	for _, o := range w.offs[1:] {
		if o == 0 {
			w.write([]byte("0000000000 65535 f \n"))
			continue
		}
		w.write(fmt.Appendf(w.buf[:0], "%010d 00000 n \n", o))
	}
	trailer["Size"] = types.Integer(len(w.offs))
	w.write([]byte("trailer\n"))
	w.write(appendValue(nil, trailer, nil))
	w.write(fmt.Appendf(nil, "\nstartxref\n%d\n%%%%EOF\n", xref))
	if w.e != nil {
		return w.e
	}
	return w.bw.Flush()
}

// appendValue writes a PDF value, dictionaries with sorted keys; ref maps
// references (nil: kept as they are).
func appendValue(b []byte, o types.Object, ref func(int) int) []byte {
	switch v := o.(type) {
	case nil:
		return append(b, "null"...)
	case types.Dict:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		b = append(b, "<<"...)
		for _, k := range keys {
			b = append(b, '/')
			b = append(b, types.EncodeName(k)...)
			b = append(b, ' ')
			b = appendValue(b, v[k], ref)
		}
		return append(b, ">>"...)
	case types.Array:
		b = append(b, '[')
		for i, it := range v {
			if i > 0 {
				b = append(b, ' ')
			}
			b = appendValue(b, it, ref)
		}
		return append(b, ']')
	case types.IndirectRef:
		n := v.ObjectNumber.Value()
		if ref != nil {
			n = ref(n)
		}
		if n <= 0 {
			return append(b, "null"...)
		}
		b = strconv.AppendInt(b, int64(n), 10)
		return append(b, " 0 R"...)
	case types.Float:
		return appendFloat(b, float64(v))
	case types.Integer:
		return strconv.AppendInt(b, int64(v), 10)
	case types.StreamDict:
		return append(b, "null"...) // a stream cannot be a direct value
	case interface{ PDFString() string }:
		return append(b, v.PDFString()...)
	}
	return append(b, "null"...)
}
