package pkg

import (
	"bytes"
	"testing"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"ecoreport/report/layout"
	"ecoreport/report/ttfsubset"
)

// Issue 12 §3 compares the package with a peer: the PDF library alone
// writing the same pages with the same fonts (Cell only, no layout). The
// two benchmarks below cover the documents set by the layout engine
// (01–06; the binder imports attachments and the manifest lists the
// others), one after the other on one goroutine:
//
//	go test ./report/pkg -run '^$' -bench 'Demo(Documents|Peer|PeerSubset)$' -cpu 1 -count 5
//
// The peer hands fpdf the full font files, as issue 12 defines it: fpdf
// then parses and cuts every Chinese face for every document. Our
// documents hand fpdf subsets cut beforehand (report/ttfsubset), so the
// ratio DemoDocuments/DemoPeer is the package against the PDF library
// used plainly. BenchmarkDemoPeerSubset gives the peer the same help;
// DemoDocuments/DemoPeerSubset is the cost of our layout and typesetting
// over writing the PDFs at all.

// BenchmarkDemoDocuments sets and writes documents 01–06 of the demo
// package: building each document from the data, layout, PDF.
func BenchmarkDemoDocuments(b *testing.B) {
	bd := demoBuilder(b)
	b.ReportAllocs()
	var buf bytes.Buffer
	for b.Loop() {
		for _, d := range Documents {
			if d.make == nil {
				continue
			}
			doc, err := d.make(bd)
			if err != nil {
				b.Fatal(err)
			}
			buf.Reset()
			if _, err := doc.Write(&buf); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkDemoPeer writes the same pages as BenchmarkDemoDocuments with
// fpdf alone: the text laid out beforehand (outside the timer) is placed
// with Cell in the same fonts and sizes, on pages of the same orientation,
// compressed as our documents are.
func BenchmarkDemoPeer(b *testing.B) {
	bd := demoBuilder(b)
	type placed struct {
		pages []layout.PlacedPage
		fonts map[string][]byte
		order []string // font keys in first-use order
	}
	var docs []placed
	for _, d := range Documents {
		if d.make == nil {
			continue
		}
		doc, err := d.make(bd)
		if err != nil {
			b.Fatal(err)
		}
		pages, fonts, err := doc.Placed()
		if err != nil {
			b.Fatal(err)
		}
		p := placed{pages: pages, fonts: fonts}
		seen := map[string]bool{}
		for _, pg := range pages {
			for _, t := range pg.Texts {
				if !seen[t.Font] {
					seen[t.Font] = true
					p.order = append(p.order, t.Font)
				}
			}
		}
		docs = append(docs, p)
	}
	date := time.Date(2018, 5, 31, 0, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	var buf bytes.Buffer
	for b.Loop() {
		for _, d := range docs {
			f := fpdf.New("P", "mm", "A4", "")
			f.SetAutoPageBreak(false, 0)
			f.SetMargins(0, 0, 0)
			f.SetCellMargin(0)
			f.SetCreationDate(date)
			f.SetCatalogSort(true)
			for _, key := range d.order {
				f.AddUTF8FontFromBytes(key, "", d.fonts[key])
			}
			for _, pg := range d.pages {
				orient := "P"
				if pg.Landscape {
					orient = "L"
				}
				f.AddPageFormat(orient, fpdf.SizeType{Wd: 210, Ht: 297})
				for _, t := range pg.Texts {
					f.SetFont(t.Font, "", t.Size)
					h := t.Size * 25.4 / 72
					f.SetXY(t.X, t.Y-0.8*h)
					f.Cell(0, h, t.Text)
				}
			}
			buf.Reset()
			if err := f.Output(&buf); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkDemoPeerSubset is BenchmarkDemoPeer with the fonts cut down to
// the characters of each document before fpdf gets them, as our documents
// do: the faces are parsed once outside the timer, the subsets are cut
// inside it.
func BenchmarkDemoPeerSubset(b *testing.B) {
	bd := demoBuilder(b)
	type placed struct {
		pages []layout.PlacedPage
		order []string          // font keys in first-use order
		runes map[string][]rune // by font key
	}
	var docs []placed
	parsed := map[string]*ttfsubset.Font{}
	for _, d := range Documents {
		if d.make == nil {
			continue
		}
		doc, err := d.make(bd)
		if err != nil {
			b.Fatal(err)
		}
		pages, fonts, err := doc.Placed()
		if err != nil {
			b.Fatal(err)
		}
		p := placed{pages: pages, runes: map[string][]rune{}}
		for _, pg := range pages {
			for _, t := range pg.Texts {
				if _, ok := p.runes[t.Font]; !ok {
					p.order = append(p.order, t.Font)
				}
				p.runes[t.Font] = append(p.runes[t.Font], []rune(t.Text)...)
				if parsed[t.Font] == nil {
					if parsed[t.Font], err = ttfsubset.Parse(fonts[t.Font]); err != nil {
						b.Fatal(err)
					}
				}
			}
		}
		docs = append(docs, p)
	}
	date := time.Date(2018, 5, 31, 0, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	var buf bytes.Buffer
	for b.Loop() {
		for _, d := range docs {
			f := fpdf.New("P", "mm", "A4", "")
			f.SetAutoPageBreak(false, 0)
			f.SetMargins(0, 0, 0)
			f.SetCellMargin(0)
			f.SetCreationDate(date)
			f.SetCatalogSort(true)
			for _, key := range d.order {
				sub, err := parsed[key].Subset(d.runes[key])
				if err != nil {
					b.Fatal(err)
				}
				f.AddUTF8FontFromBytes(key, "", sub)
			}
			for _, pg := range d.pages {
				orient := "P"
				if pg.Landscape {
					orient = "L"
				}
				f.AddPageFormat(orient, fpdf.SizeType{Wd: 210, Ht: 297})
				for _, t := range pg.Texts {
					f.SetFont(t.Font, "", t.Size)
					h := t.Size * 25.4 / 72
					f.SetXY(t.X, t.Y-0.8*h)
					f.Cell(0, h, t.Text)
				}
			}
			buf.Reset()
			if err := f.Output(&buf); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// demoBuilder is the builder of the demo package (data loaded, fonts
// resolved), outside any timer.
func demoBuilder(b *testing.B) *builder {
	b.Helper()
	s := openDemo(b)
	if _, err := s.Chapters(); err != nil {
		b.Fatal(err)
	}
	bd, err := newBuilder(s, Options{})
	if err != nil {
		b.Fatal(err)
	}
	return bd
}
