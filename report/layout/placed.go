package layout

// PlacedText is a piece of laid-out text at its place on a page, in one
// font file and size: what the PDF writer is asked to draw.
type PlacedText struct {
	X, Y float64 // mm from the page's top left corner; Y is the baseline
	Size float64 // points
	Text string
	// Font is the key of the font file (see Placed), e.g. "song" for the
	// bundled Song face or "sys:" and a path for a face of the machine.
	Font string
}

// PlacedPage is a laid-out page and the text placed on it.
type PlacedPage struct {
	Landscape bool
	Texts     []PlacedText
}

// Placed lays the document out and returns, page by page, the text it
// places in the body (running headers, page numbers and the watermark are
// drawn when writing and are not listed), with the TrueType files by font
// key. The files are shared: callers must not modify them. It serves the
// benchmarks' peer, which writes the same pages with the PDF library alone,
// and checks that need the text without a PDF.
func (d *Document) Placed() ([]PlacedPage, map[string][]byte, error) {
	l, err := d.layout()
	if err != nil {
		return nil, nil, err
	}
	fonts := map[string][]byte{}
	pages := make([]PlacedPage, len(l.pages))
	for pi, p := range l.pages {
		pages[pi].Landscape = p.sec.setup.Orientation == Landscape
		for _, o := range p.ops {
			t, ok := o.(*textOp)
			if !ok {
				continue
			}
			x := t.x
			for i := 0; i < len(t.gs); {
				g0 := t.gs[i]
				j := i + 1
				for j < len(t.gs) && t.gs[j].font.key == g0.font.key && t.gs[j].size == g0.size {
					j++
				}
				rs := make([]rune, 0, j-i)
				w := 0.0
				for _, g := range t.gs[i:j] {
					rs = append(rs, g.r)
					w += g.w + t.extra
				}
				fonts[g0.font.key] = g0.font.data
				pages[pi].Texts = append(pages[pi].Texts, PlacedText{X: x, Y: t.y, Size: g0.size, Text: string(rs), Font: g0.font.key})
				x += w
				i = j
			}
		}
	}
	return pages, fonts, nil
}
