package ttfsubset

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"codeberg.org/go-pdf/fpdf"

	"ecoreport/assets"
)

// sample is text of the reports: Chinese, full-width punctuation, digits,
// Latin letters and symbols.
const sample = "海陵区创建国家生态文明建设示范区技术报告，（2018年）达标情况：≥80%；“约束性”指标。ABC xyz 0123456789.-/"

var bundled = []struct {
	name string
	data []byte
}{
	{assets.SongFile, assets.Song()},
	{assets.HeiFile, assets.Hei()},
	{assets.KaiFile, assets.Kai()},
}

// TestSubsetBundled cuts each bundled face down to the sample's characters
// and checks that the subset is a valid font with the same glyphs and
// metrics for those characters, and nothing else.
func TestSubsetBundled(t *testing.T) {
	for _, tc := range bundled {
		t.Run(tc.name, func(t *testing.T) {
			full, err := Parse(tc.data)
			if err != nil {
				t.Fatal(err)
			}
			runes := []rune(sample)
			out, err := full.Subset(runes)
			if err != nil {
				t.Fatal(err)
			}
			if len(out) > len(tc.data)/20 {
				t.Errorf("subset is %d bytes of %d", len(out), len(tc.data))
			}
			checkSums(t, out)
			sub, err := Parse(out)
			if err != nil {
				t.Fatalf("subset does not parse: %v", err)
			}
			distinct := map[int]bool{0: true}
			for _, r := range runes {
				if g := full.GlyphIndex(r); g != 0 {
					distinct[g] = true
				}
			}
			if sub.NumGlyphs() != len(distinct) {
				t.Errorf("subset has %d glyphs, want %d", sub.NumGlyphs(), len(distinct))
			}
			for _, r := range runes {
				og, ng := full.GlyphIndex(r), sub.GlyphIndex(r)
				if og == 0 {
					if ng != 0 {
						t.Errorf("%q: font lacks it, subset maps it to %d", r, ng)
					}
					continue
				}
				if ng == 0 {
					t.Errorf("%q: missing from the subset", r)
					continue
				}
				if !bytes.Equal(full.glyph(og), sub.glyph(ng)) {
					t.Errorf("%q: outline differs", r)
				}
				oa, ol := full.metrics(og)
				na, nl := sub.metrics(ng)
				if oa != na || ol != nl {
					t.Errorf("%q: metrics %d/%d, want %d/%d", r, na, nl, oa, ol)
				}
			}
			if g := sub.GlyphIndex('龘'); g != 0 {
				t.Errorf("a character not asked for is in the subset (glyph %d)", g)
			}
			oa, _ := full.metrics(0)
			if na, _ := sub.metrics(0); na != oa {
				t.Errorf(".notdef advance %d, want %d", na, oa)
			}
			// The same characters in another order, repeated, give the same bytes.
			shuffled := append(slices.Clone(runes), runes...)
			rand.New(rand.NewPCG(1, 2)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
			again, err := full.Subset(shuffled)
			if err != nil || !bytes.Equal(again, out) {
				t.Errorf("subset of the same characters differs (err %v)", err)
			}
		})
	}
}

// TestSubsetForPDFWriter hands the PDF writer the subset instead of the
// full face: it measures the sample with the same widths and writes a PDF.
func TestSubsetForPDFWriter(t *testing.T) {
	for _, tc := range bundled {
		t.Run(tc.name, func(t *testing.T) {
			full, err := Parse(tc.data)
			if err != nil {
				t.Fatal(err)
			}
			out, err := full.Subset([]rune(sample))
			if err != nil {
				t.Fatal(err)
			}
			width := func(data []byte) (float64, []byte) {
				f := fpdf.New("P", "mm", "A4", "")
				f.AddUTF8FontFromBytes("f", "", data)
				f.AddPage()
				f.SetFont("f", "", 12)
				w := f.GetStringWidth(sample)
				f.Text(10, 20, sample)
				var buf bytes.Buffer
				if err := f.Output(&buf); err != nil {
					t.Fatal(err)
				}
				return w, buf.Bytes()
			}
			wFull, _ := width(tc.data)
			wSub, pdf := width(out)
			if wFull != wSub {
				t.Errorf("width %.4f with the subset, %.4f with the full face", wSub, wFull)
			}
			if !bytes.Contains(pdf, []byte("/FontFile2")) {
				t.Error("no embedded font in the PDF")
			}
		})
	}
}

// TestSubsetComposite keeps the components of composite glyphs and points
// the composite at their new numbers (WenQuanYi Zen Hei draws ‖ and ℅ from
// other glyphs).
func TestSubsetComposite(t *testing.T) {
	full, err := Parse(assets.Hei())
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []rune{'‖', '℅'} {
		og := full.GlyphIndex(r)
		var comps []int
		if err := full.components(og, func(at int) error {
			comps = append(comps, int(be.Uint16(full.glyph(og)[at:])))
			return nil
		}); err != nil || len(comps) == 0 {
			t.Fatalf("%q (glyph %d) is not a composite glyph of the font (err %v)", r, og, err)
		}
		out, err := full.Subset([]rune{r})
		if err != nil {
			t.Fatal(err)
		}
		sub, err := Parse(out)
		if err != nil {
			t.Fatal(err)
		}
		distinct := map[int]bool{}
		for _, c := range comps {
			distinct[c] = true
		}
		if want := 2 + len(distinct); sub.NumGlyphs() != want {
			t.Errorf("%q: %d glyphs, want %d (.notdef, the glyph, its components)", r, sub.NumGlyphs(), want)
		}
		ng := sub.GlyphIndex(r)
		i := 0
		err = sub.components(ng, func(at int) error {
			c := int(be.Uint16(sub.glyph(ng)[at:]))
			if !bytes.Equal(sub.glyph(c), full.glyph(comps[i])) {
				t.Errorf("%q: component %d is not the original's glyph %d", r, i, comps[i])
			}
			i++
			return nil
		})
		if err != nil || i != len(comps) {
			t.Errorf("%q: %d components in the subset, want %d (err %v)", r, i, len(comps), err)
		}
	}
}

// checkSums verifies the table checksums and the font's checksum.
func checkSums(t *testing.T, font []byte) {
	t.Helper()
	n := int(be.Uint16(font[4:]))
	for i := 0; i < n; i++ {
		rec := font[12+16*i:]
		off, ln := be.Uint32(rec[8:]), be.Uint32(rec[12:])
		d := slices.Clone(font[off : off+ln])
		if string(rec[:4]) == "head" {
			be.PutUint32(d[8:], 0)
		}
		if off%4 != 0 || checksum(d) != be.Uint32(rec[4:]) {
			t.Errorf("table %q: offset %d, checksum %08x, want %08x", rec[:4], off, be.Uint32(rec[4:]), checksum(d))
		}
	}
	if s := checksum(font); s != 0xB1B0AFBA {
		t.Errorf("font checksum %08x, want B1B0AFBA", s)
	}
}

// tinyFont builds a font of three glyphs: an empty .notdef, a simple glyph
// for 'A' and a composite for 'B' made of glyph comp; glyf is the raw glyph
// data as given, for damaging.
func tinyFont(comp uint16) map[string][]byte {
	simple := []byte{0, 1, 0, 0, 0, 0, 0, 10, 0, 10, 0, 0, 0, 0, 1, 0, 0} // 1 contour, 1 point
	composite := []byte{0xFF, 0xFF, 0, 0, 0, 0, 0, 10, 0, 10,
		0, 0, byte(comp >> 8), byte(comp), 0, 0} // flags 0: byte args, no more components
	glyf := append(append([]byte{}, simple...), 0, 0, 0)
	glyf = append(glyf, composite...)
	loca := []byte{0, 0, 0, 0, 0, 10, 0, 18} // short offsets /2: 0, 0, 20, 36
	head := make([]byte, 54)
	be.PutUint32(head, 0x00010000)
	be.PutUint16(head[18:], 1000) // unitsPerEm
	hhea := make([]byte, 36)
	be.PutUint16(hhea[34:], 3)
	maxp := make([]byte, 6)
	be.PutUint32(maxp, 0x00005000)
	be.PutUint16(maxp[4:], 3)
	hmtx := []byte{1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0}
	// cmap: format 4, 'A'..'B' → glyphs 1..2, and the final segment.
	cmap := []byte{0, 0, 0, 1, 0, 3, 0, 1, 0, 0, 0, 12,
		0, 4, 0, 32, 0, 0, 0, 4, 0, 4, 0, 1, 0, 0,
		0, 'B', 0xFF, 0xFF, 0, 0, 0, 'A', 0xFF, 0xFF, 0xFF, 0xC0, 0, 1, 0, 0, 0, 0}
	return map[string][]byte{"head": head, "hhea": hhea, "maxp": maxp, "hmtx": hmtx,
		"loca": loca, "glyf": glyf, "cmap": cmap}
}

func TestTinyFont(t *testing.T) {
	f, err := Parse(assemble(tinyFont(1)))
	if err != nil {
		t.Fatal(err)
	}
	if f.GlyphIndex('A') != 1 || f.GlyphIndex('B') != 2 || f.GlyphIndex('C') != 0 {
		t.Fatalf("cmap: A→%d B→%d C→%d", f.GlyphIndex('A'), f.GlyphIndex('B'), f.GlyphIndex('C'))
	}
	out, err := f.Subset([]rune("B"))
	if err != nil {
		t.Fatal(err)
	}
	sub, err := Parse(out)
	if err != nil {
		t.Fatal(err)
	}
	// B's component (A's glyph) comes along, though A was not asked for.
	if sub.NumGlyphs() != 3 || sub.GlyphIndex('A') != 0 || sub.GlyphIndex('B') != 2 {
		t.Errorf("subset: %d glyphs, A→%d B→%d", sub.NumGlyphs(), sub.GlyphIndex('A'), sub.GlyphIndex('B'))
	}
	// A composite that names itself is kept once, not followed forever.
	self, err := Parse(assemble(tinyFont(2)))
	if err != nil {
		t.Fatal(err)
	}
	if out, err := self.Subset([]rune("B")); err != nil {
		t.Error(err)
	} else if sub, err := Parse(out); err != nil || sub.NumGlyphs() != 2 {
		t.Errorf("self-referencing composite: err %v", err)
	}
}

// TestDamaged: a damaged font gives an error from Parse or Subset, never a
// panic or a font that does not parse.
func TestDamaged(t *testing.T) {
	good := tinyFont(1)
	with := func(tag string, edit func(d []byte) []byte) []byte {
		tables := map[string][]byte{}
		for k, v := range good {
			tables[k] = slices.Clone(v)
		}
		if edit == nil {
			delete(tables, tag)
		} else {
			tables[tag] = edit(tables[tag])
		}
		return assemble(tables)
	}
	tests := []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"short", []byte{0, 1, 0, 0}},
		{"CFF", append([]byte("OTTO"), make([]byte, 20)...)},
		{"collection", append([]byte("ttcf"), make([]byte, 20)...)},
		{"not a font", []byte("%PDF-1.4 not a font at all")},
		{"directory beyond the end", []byte{0, 1, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0}},
		{"table beyond the end", func() []byte {
			d := assemble(good)
			be.PutUint32(d[12+8:], uint32(len(d)))
			return d
		}()},
		{"no glyf", with("glyf", nil)},
		{"no cmap", with("cmap", nil)},
		{"short head", with("head", func(d []byte) []byte { return d[:20] })},
		{"no glyphs", with("maxp", func(d []byte) []byte { be.PutUint16(d[4:], 0); return d })},
		{"hmtx too short", with("hmtx", func(d []byte) []byte { return d[:6] })},
		{"no horizontal metrics", with("hhea", func(d []byte) []byte { be.PutUint16(d[34:], 0); return d })},
		{"loca format 7", with("head", func(d []byte) []byte { be.PutUint16(d[50:], 7); return d })},
		{"loca too short", with("loca", func(d []byte) []byte { return d[:4] })},
		{"loca beyond glyf", with("loca", func(d []byte) []byte { be.PutUint16(d[6:], 0x7000); return d })},
		{"loca going back", with("loca", func(d []byte) []byte { be.PutUint16(d[2:], 15); return d })},
		{"cmap without format 4", with("cmap", func(d []byte) []byte { be.PutUint16(d[12:], 6); return d })},
		{"cmap segments beyond the end", with("cmap", func(d []byte) []byte { be.PutUint16(d[12+6:], 400); return d })},
		{"composite beyond its glyph", with("glyf", func(d []byte) []byte { d[20+10] = 0x00; d[20+11] = 0x20; return d })},
		{"component out of range", assemble(tinyFont(50))},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Parse(tc.data)
			if err != nil {
				return
			}
			out, err := f.Subset([]rune("AB"))
			if err != nil {
				return
			}
			t.Errorf("no error: Parse and Subset accepted it (%d bytes out)", len(out))
		})
	}
}

// TestDamagedRandom flips bytes of valid fonts: Parse and Subset may fail,
// but must not panic, and what they make must parse again.
func TestDamagedRandom(t *testing.T) {
	song, err := Parse(assets.Song())
	if err != nil {
		t.Fatal(err)
	}
	small, err := song.Subset([]rune(sample))
	if err != nil {
		t.Fatal(err)
	}
	seeds := [][]byte{assemble(tinyFont(1)), small}
	rng := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 3000; i++ {
		d := slices.Clone(seeds[i%len(seeds)])
		for n := 1 + rng.IntN(8); n > 0; n-- {
			d[rng.IntN(len(d))] = byte(rng.IntN(256))
		}
		if i%10 == 0 {
			d = d[:rng.IntN(len(d))]
		}
		if err := tryFont(d); err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
	}
}

// FuzzSubset is the same check as TestDamagedRandom for go test -fuzz.
func FuzzSubset(f *testing.F) {
	f.Add(assemble(tinyFont(1)))
	f.Add(assemble(tinyFont(2)))
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := tryFont(data); err != nil {
			t.Fatal(err)
		}
	})
}

// tryFont parses and subsets data, turning a panic into an error; a subset
// made must parse.
func tryFont(data []byte) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	f, perr := Parse(data)
	if perr != nil {
		return nil
	}
	out, serr := f.Subset([]rune("AB海陵区，2018"))
	if serr != nil {
		return nil
	}
	if _, err := Parse(out); err != nil {
		return fmt.Errorf("the subset does not parse: %v", err)
	}
	return nil
}

// BenchmarkSubset cuts the bundled Song face down to the characters of a
// typical report (about 1,500 distinct characters).
func BenchmarkSubset(b *testing.B) {
	f, err := Parse(assets.Song())
	if err != nil {
		b.Fatal(err)
	}
	var runes []rune
	for r := rune(0x4E00); len(runes) < 1500; r += 7 {
		if f.GlyphIndex(r) != 0 {
			runes = append(runes, r)
		}
	}
	runes = append(runes, []rune(sample)...)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := f.Subset(runes); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParse parses the bundled Hei face (the largest, 45,000 glyphs).
func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(assets.Hei()); err != nil {
			b.Fatal(err)
		}
	}
}

// TestMetrics checks what the layout engine measures with: units per em,
// advances and the raw tables, against values read with fontTools 4.38
// (head.unitsPerEm, hmtx).
func TestMetrics(t *testing.T) {
	for _, c := range []struct {
		name     string
		data     []byte
		upem     int
		zhong, a int // advances of 中 and of A, design units
	}{
		{assets.SongFile, assets.Song(), 1024, 1024, 512},
		{assets.HeiFile, assets.Hei(), 1024, 1024, 573},
		{assets.KaiFile, assets.Kai(), 1024, 1024, 512},
	} {
		f, err := Parse(c.data)
		if err != nil {
			t.Fatal(err)
		}
		if got := f.UnitsPerEm(); got != c.upem {
			t.Errorf("%s: UnitsPerEm %d, want %d", c.name, got, c.upem)
		}
		if got := f.Advance(f.GlyphIndex('中')); got != c.zhong {
			t.Errorf("%s: advance of 中 %d, want %d", c.name, got, c.zhong)
		}
		if got := f.Advance(f.GlyphIndex('A')); got != c.a {
			t.Errorf("%s: advance of A %d, want %d", c.name, got, c.a)
		}
		if f.Table("name") == nil || f.Table("zzzz") != nil {
			t.Errorf("%s: Table: name missing or zzzz present", c.name)
		}
	}
}
