// Package ttfsubset cuts a TrueType font down to the glyphs that a set of
// characters needs, so that a PDF writer parses and embeds a font of a few
// hundred kilobytes instead of a Chinese face of 5–12 MB.
//
// Parse reads a font once (the result is read-only and may be shared by
// goroutines); Subset then makes, for each document, a complete TrueType
// file holding .notdef, the glyphs of the given characters and the
// components of composite glyphs, numbered compactly in their original
// order. The subset keeps the metrics and the names of the original, so
// the PDF writer derives the same widths, ascent, descent and bounding box
// from it as from the full file.
//
// Only the parts of the format that PDF embedding needs are handled:
// TrueType outlines (glyf/loca), a Unicode cmap of format 4 (the Basic
// Multilingual Plane) and horizontal metrics. Damaged input gives an error,
// never a panic.
package ttfsubset

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
)

var be = binary.BigEndian

// Font is a parsed TrueType font, ready to be subset.
type Font struct {
	tables      map[string][]byte // by tag, slices of the original file
	numGlyphs   int
	numHMetrics int
	loca        []uint32 // numGlyphs+1 offsets into glyf
	glyf, hmtx  []byte
	cmap        []uint16 // glyph of each BMP character, 0 for none
}

// copied are the tables taken over unchanged when present (name and post
// are always written, see Subset).
var copied = []string{"OS/2", "cvt ", "fpgm", "gasp", "name", "prep"}

// Parse reads the tables of a TrueType file. The file is not copied: it
// must not change while the Font is in use.
func Parse(data []byte) (*Font, error) {
	if len(data) < 12 {
		return nil, errors.New("文件过短")
	}
	switch v := be.Uint32(data); v {
	case 0x00010000, 0x74727565: // 1.0, 'true'
	case 0x4F54544F:
		return nil, errors.New("OpenType/CFF 字体不受支持，需要 TrueType 轮廓")
	case 0x74746366:
		return nil, errors.New("TrueType 集合（.ttc）不受支持")
	default:
		return nil, fmt.Errorf("不是 TrueType 字体（标记 %08x）", v)
	}
	f := &Font{tables: map[string][]byte{}}
	n := int(be.Uint16(data[4:]))
	if 12+16*n > len(data) {
		return nil, errors.New("表目录越界")
	}
	for i := 0; i < n; i++ {
		p := 12 + 16*i
		off, ln := uint64(be.Uint32(data[p+8:])), uint64(be.Uint32(data[p+12:]))
		if off+ln > uint64(len(data)) {
			return nil, fmt.Errorf("表 %q 越界", data[p:p+4])
		}
		f.tables[string(data[p:p+4])] = data[off : off+ln]
	}
	for _, t := range []string{"head", "hhea", "maxp", "hmtx", "loca", "glyf", "cmap"} {
		if f.tables[t] == nil {
			return nil, fmt.Errorf("缺少 %s 表", t)
		}
	}
	head, hhea, maxp := f.tables["head"], f.tables["hhea"], f.tables["maxp"]
	if len(head) < 54 || len(hhea) < 36 || len(maxp) < 6 {
		return nil, errors.New("head/hhea/maxp 表过短")
	}
	f.numGlyphs = int(be.Uint16(maxp[4:]))
	f.numHMetrics = int(be.Uint16(hhea[34:]))
	f.glyf, f.hmtx = f.tables["glyf"], f.tables["hmtx"]
	if f.numGlyphs == 0 {
		return nil, errors.New("字体没有字形")
	}
	if f.numHMetrics == 0 || f.numHMetrics > f.numGlyphs || len(f.hmtx) < 4*f.numHMetrics+2*(f.numGlyphs-f.numHMetrics) {
		return nil, errors.New("hmtx 表损坏")
	}
	if err := f.parseLoca(be.Uint16(head[50:])); err != nil {
		return nil, err
	}
	if err := f.parseCmap(); err != nil {
		return nil, err
	}
	return f, nil
}

func (f *Font) parseLoca(format uint16) error {
	loca := f.tables["loca"]
	f.loca = make([]uint32, f.numGlyphs+1)
	switch format {
	case 0:
		if len(loca) < 2*(f.numGlyphs+1) {
			return errors.New("loca 表过短")
		}
		for i := range f.loca {
			f.loca[i] = 2 * uint32(be.Uint16(loca[2*i:]))
		}
	case 1:
		if len(loca) < 4*(f.numGlyphs+1) {
			return errors.New("loca 表过短")
		}
		for i := range f.loca {
			f.loca[i] = be.Uint32(loca[4*i:])
		}
	default:
		return fmt.Errorf("未知的 loca 格式 %d", format)
	}
	for i := 1; i < len(f.loca); i++ {
		if f.loca[i] < f.loca[i-1] || int64(f.loca[i]) > int64(len(f.glyf)) {
			return fmt.Errorf("loca 表损坏（字形 %d）", i-1)
		}
	}
	return nil
}

// parseCmap reads the first Unicode subtable of format 4 (platform 3
// encoding 1, or platform 0), as PDF writers do.
func (f *Font) parseCmap() error {
	cmap := f.tables["cmap"]
	if len(cmap) < 4 {
		return errors.New("cmap 表过短")
	}
	var sub []byte
	for i := 0; i < int(be.Uint16(cmap[2:])); i++ {
		p := 4 + 8*i
		if p+8 > len(cmap) {
			break
		}
		pid, eid, off := be.Uint16(cmap[p:]), be.Uint16(cmap[p+2:]), uint64(be.Uint32(cmap[p+4:]))
		if (pid == 3 && eid == 1) || pid == 0 {
			if off+4 <= uint64(len(cmap)) && be.Uint16(cmap[off:]) == 4 {
				sub = cmap[off:]
				break
			}
		}
	}
	if len(sub) < 14 {
		return errors.New("没有 Unicode cmap（格式 4）")
	}
	segX2 := int(be.Uint16(sub[6:]))
	if segX2%2 != 0 || 16+4*segX2 > len(sub) {
		return errors.New("cmap 格式 4 损坏")
	}
	f.cmap = make([]uint16, 0x10000)
	ends, starts := sub[14:], sub[16+segX2:]
	deltas, rangeOffs := sub[16+2*segX2:], sub[16+3*segX2:]
	for s := 0; s < segX2/2; s++ {
		end, start := int(be.Uint16(ends[2*s:])), int(be.Uint16(starts[2*s:]))
		delta, ro := int(be.Uint16(deltas[2*s:])), int(be.Uint16(rangeOffs[2*s:]))
		for c := start; c <= end && c < 0xFFFF; c++ {
			var gid int
			if ro == 0 {
				gid = (c + delta) & 0xFFFF
			} else {
				p := 16 + 3*segX2 + 2*s + ro + 2*(c-start)
				if p+2 > len(sub) {
					continue
				}
				if gid = int(be.Uint16(sub[p:])); gid != 0 {
					gid = (gid + delta) & 0xFFFF
				}
			}
			if gid < f.numGlyphs {
				f.cmap[c] = uint16(gid)
			}
		}
	}
	return nil
}

// NumGlyphs returns the number of glyphs in the font.
func (f *Font) NumGlyphs() int { return f.numGlyphs }

// UnitsPerEm returns the font's design units per em (from head).
func (f *Font) UnitsPerEm() int { return int(be.Uint16(f.tables["head"][18:])) }

// Advance returns the advance width of glyph g in design units.
func (f *Font) Advance(g int) int {
	adv, _ := f.metrics(g)
	return int(adv)
}

// Table returns the table with the given tag as it is in the file, nil
// when the font has none.
func (f *Font) Table(tag string) []byte { return f.tables[tag] }

// GlyphIndex returns the glyph of character r, 0 (.notdef) when the font
// has none.
func (f *Font) GlyphIndex(r rune) int {
	if r < 0 || r >= 0xFFFF {
		return 0
	}
	return int(f.cmap[r])
}

// Composite glyph flags.
const (
	argsAreWords   = 0x0001
	haveScale      = 0x0008
	moreComponents = 0x0020
	haveXYScale    = 0x0040
	have2x2        = 0x0080
)

// glyph returns the outline data of glyph g.
func (f *Font) glyph(g int) []byte { return f.glyf[f.loca[g]:f.loca[g+1]] }

// components calls fn with the offset of every component's glyph index in
// the data of composite glyph g (none for a simple or empty glyph).
func (f *Font) components(g int, fn func(at int) error) error {
	d := f.glyph(g)
	if len(d) < 10 || int16(be.Uint16(d)) >= 0 {
		return nil
	}
	p := 10
	for {
		if p+4 > len(d) {
			return fmt.Errorf("复合字形 %d 损坏", g)
		}
		flags := be.Uint16(d[p:])
		if err := fn(p + 2); err != nil {
			return err
		}
		p += 4
		if flags&argsAreWords != 0 {
			p += 4
		} else {
			p += 2
		}
		switch {
		case flags&haveScale != 0:
			p += 2
		case flags&haveXYScale != 0:
			p += 4
		case flags&have2x2 != 0:
			p += 8
		}
		if flags&moreComponents == 0 {
			return nil
		}
	}
}

// Subset returns a TrueType file with the glyphs of runes (characters the
// font lacks, and those outside the Basic Multilingual Plane, are left
// out: they show as .notdef, as with the full font), their components and
// .notdef as glyph 0. The same runes, in any order, give the same bytes.
func (f *Font) Subset(runes []rune) ([]byte, error) {
	// Glyphs to keep: .notdef, the characters', then their components.
	keep := make([]bool, f.numGlyphs)
	keep[0] = true
	work := []int{0}
	for _, r := range runes {
		if g := f.GlyphIndex(r); g != 0 && !keep[g] {
			keep[g] = true
			work = append(work, g)
		}
	}
	for len(work) > 0 {
		g := work[len(work)-1]
		work = work[:len(work)-1]
		d := f.glyph(g)
		err := f.components(g, func(at int) error {
			c := int(be.Uint16(d[at:]))
			if c >= f.numGlyphs {
				return fmt.Errorf("复合字形 %d 引用了不存在的字形 %d", g, c)
			}
			if !keep[c] {
				keep[c] = true
				work = append(work, c)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	// New numbers in the original order.
	newID := make([]int32, f.numGlyphs)
	var old []int
	for g, k := range keep {
		newID[g] = -1
		if k {
			newID[g] = int32(len(old))
			old = append(old, g)
		}
	}
	n := len(old)

	// glyf and loca; hmtx with one full metric per glyph.
	var size int
	for _, g := range old {
		size += (len(f.glyph(g)) + 3) &^ 3
	}
	glyf := make([]byte, 0, size)
	offsets := make([]int, 0, n+1)
	hmtx := make([]byte, 4*n)
	for i, g := range old {
		offsets = append(offsets, len(glyf))
		start := len(glyf)
		glyf = append(glyf, f.glyph(g)...)
		d := glyf[start:]
		_ = f.components(g, func(at int) error { // checked above
			be.PutUint16(d[at:], uint16(newID[be.Uint16(d[at:])]))
			return nil
		})
		for len(glyf)%4 != 0 {
			glyf = append(glyf, 0)
		}
		adv, lsb := f.metrics(g)
		be.PutUint16(hmtx[4*i:], adv)
		be.PutUint16(hmtx[4*i+2:], lsb)
	}
	offsets = append(offsets, len(glyf))
	var loca []byte
	locaFormat := uint16(0)
	if len(glyf) <= 2*0xFFFF {
		loca = make([]byte, 2*len(offsets))
		for i, o := range offsets {
			be.PutUint16(loca[2*i:], uint16(o/2))
		}
	} else {
		locaFormat = 1
		loca = make([]byte, 4*len(offsets))
		for i, o := range offsets {
			be.PutUint32(loca[4*i:], uint32(o))
		}
	}

	cmap, err := f.cmap4(runes, newID)
	if err != nil {
		return nil, err
	}
	out := map[string][]byte{
		"glyf": glyf,
		"loca": loca,
		"hmtx": hmtx,
		"cmap": cmap,
		"head": slices.Clone(f.tables["head"]),
		"hhea": slices.Clone(f.tables["hhea"]),
		"maxp": slices.Clone(f.tables["maxp"]),
		"post": f.post(),
	}
	be.PutUint32(out["head"][8:], 0) // checkSumAdjustment, set below
	be.PutUint16(out["head"][50:], locaFormat)
	be.PutUint16(out["hhea"][34:], uint16(n))
	be.PutUint16(out["maxp"][4:], uint16(n))
	for _, t := range copied {
		if d := f.tables[t]; d != nil {
			out[t] = d
		}
	}
	if out["name"] == nil {
		out["name"] = []byte{0, 0, 0, 0, 0, 6} // format 0, no records
	}
	return assemble(out), nil
}

// metrics returns the advance width and left side bearing of glyph g.
func (f *Font) metrics(g int) (adv, lsb uint16) {
	if g < f.numHMetrics {
		return be.Uint16(f.hmtx[4*g:]), be.Uint16(f.hmtx[4*g+2:])
	}
	last := f.numHMetrics - 1
	return be.Uint16(f.hmtx[4*last:]), be.Uint16(f.hmtx[4*f.numHMetrics+2*(g-f.numHMetrics):])
}

// post returns a post table of format 3 (no glyph names) with the
// original's italic angle, underline and fixed-pitch fields.
func (f *Font) post() []byte {
	p := make([]byte, 32)
	be.PutUint32(p, 0x00030000)
	if src := f.tables["post"]; len(src) >= 32 {
		copy(p[4:], src[4:32])
	}
	return p
}

// cmap4 writes a cmap table with one subtable (platform 3, encoding 1) of
// format 4 mapping the runes to their new glyphs.
func (f *Font) cmap4(runes []rune, newID []int32) ([]byte, error) {
	type pair struct{ c, g int }
	var pairs []pair
	for _, r := range runes {
		if g := f.GlyphIndex(r); g != 0 {
			pairs = append(pairs, pair{int(r), int(newID[g])})
		}
	}
	slices.SortFunc(pairs, func(a, b pair) int { return a.c - b.c })
	pairs = slices.CompactFunc(pairs, func(a, b pair) bool { return a.c == b.c })
	// Segments of consecutive characters with consecutive glyphs.
	type seg struct{ start, end, delta int }
	var segs []seg
	for _, p := range pairs {
		if k := len(segs) - 1; k >= 0 && p.c == segs[k].end+1 && p.g-p.c == segs[k].delta {
			segs[k].end = p.c
			continue
		}
		segs = append(segs, seg{p.c, p.c, p.g - p.c})
	}
	segs = append(segs, seg{0xFFFF, 0xFFFF, 1})
	nseg := len(segs)
	length := 16 + 8*nseg
	if length > 0xFFFF {
		return nil, fmt.Errorf("字符过于分散（%d 段），cmap 格式 4 容纳不下", nseg)
	}
	out := make([]byte, 12+length)
	be.PutUint16(out[2:], 1)  // one subtable
	be.PutUint16(out[4:], 3)  // platform Windows
	be.PutUint16(out[6:], 1)  // encoding Unicode BMP
	be.PutUint32(out[8:], 12) // offset
	t := out[12:]
	be.PutUint16(t, 4)
	be.PutUint16(t[2:], uint16(length))
	be.PutUint16(t[6:], uint16(2*nseg))
	sr, sel := 1, 0
	for sr*2 <= nseg {
		sr *= 2
		sel++
	}
	be.PutUint16(t[8:], uint16(2*sr))
	be.PutUint16(t[10:], uint16(sel))
	be.PutUint16(t[12:], uint16(2*nseg-2*sr))
	for i, s := range segs {
		be.PutUint16(t[14+2*i:], uint16(s.end))
		be.PutUint16(t[16+2*nseg+2*i:], uint16(s.start))
		be.PutUint16(t[16+4*nseg+2*i:], uint16(s.delta))
		// idRangeOffset stays 0.
	}
	return out, nil
}

// assemble writes the font file: tables in tag order, 4-byte aligned, with
// their checksums and the head table's checkSumAdjustment.
func assemble(tables map[string][]byte) []byte {
	tags := make([]string, 0, len(tables))
	size := 0
	for t, d := range tables {
		tags = append(tags, t)
		size += (len(d) + 3) &^ 3
	}
	slices.Sort(tags)
	n := len(tags)
	out := make([]byte, 12+16*n, 12+16*n+size)
	be.PutUint32(out, 0x00010000)
	be.PutUint16(out[4:], uint16(n))
	sr, sel := 1, 0
	for sr*2 <= n {
		sr *= 2
		sel++
	}
	be.PutUint16(out[6:], uint16(16*sr))
	be.PutUint16(out[8:], uint16(sel))
	be.PutUint16(out[10:], uint16(16*n-16*sr))
	headAt := 0
	for i, t := range tags {
		d := tables[t]
		rec := out[12+16*i:]
		copy(rec, t)
		be.PutUint32(rec[4:], checksum(d))
		be.PutUint32(rec[8:], uint32(len(out)))
		be.PutUint32(rec[12:], uint32(len(d)))
		if t == "head" {
			headAt = len(out)
		}
		out = append(out, d...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	be.PutUint32(out[headAt+8:], 0xB1B0AFBA-checksum(out))
	return out
}

// checksum is the TrueType table checksum: the sum of big-endian 32-bit
// words, the last one padded with zeros.
func checksum(d []byte) uint32 {
	var sum uint32
	for len(d) >= 4 {
		sum += be.Uint32(d)
		d = d[4:]
	}
	if len(d) > 0 {
		var last [4]byte
		copy(last[:], d)
		sum += be.Uint32(last[:])
	}
	return sum
}
