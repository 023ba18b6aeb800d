package layout

import (
	"fmt"
	"io"
	"testing"

	"codeberg.org/go-pdf/fpdf"

	"ecoreport/assets"
)

// longDocument is about 150 pages: 48 chapters of prose, each with a table
// and a chart.
func longDocument() *Document {
	doc := NewDocument(Options{Title: "基准测试"})
	doc.Add(&TOC{})
	doc.NewSection(PageSetup{Numbers: NumberOfTotal, RestartNumbering: true, Header: Header{Left: "基准测试", Rule: true}})
	for i := 0; i < 48; i++ {
		doc.Add(H(1, fmt.Sprintf("第%d章", i+1)))
		for j := 0; j < 3; j++ {
			doc.Add(H(2, fmt.Sprintf("第%d节", j+1)), P(chineseText(int64(i*7+j), 700)))
		}
		doc.Add(longTable(25))
		doc.Add(&Chart{Kind: BarChart, Categories: years[:3], Series: []Series{{Name: "值", Values: []Value{V(1), V(2), Missing}}}, Target: V(1.5)})
	}
	return doc
}

func TestLongDocumentPages(t *testing.T) {
	if testing.Short() {
		t.Skip()
	}
	info, err := longDocument().Write(io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("long document: %d pages", info.Pages)
	if info.Pages < 120 {
		t.Errorf("pages = %d, want about 150", info.Pages)
	}
}

// BenchmarkLongDocument lays out and writes the ~150-page document.
func BenchmarkLongDocument(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := longDocument().Write(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLongDocumentLayout is the layout alone (no PDF).
func BenchmarkLongDocumentLayout(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := longDocument().Layout(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFpdfFontParse is what the PDF writer spends parsing the bundled
// Song face once per document (it cannot share parsed fonts between
// documents); our own metrics are parsed once per process.
func BenchmarkFpdfFontParse(b *testing.B) {
	faces := []struct {
		name string
		data []byte
	}{{"song", assets.Song()}, {"hei", assets.Hei()}, {"kai", assets.Kai()},
		// The Song face cut to the characters of a typical document (what
		// a subsetter of our own could hand to fpdf instead).
		{"song-cut", fpdf.UTF8CutFont(assets.Song(), chineseText(1, 3000))}}
	for _, face := range faces {
		b.Run(face.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				f := fpdf.New("P", "mm", "A4", "")
				f.AddUTF8FontFromBytes("f", "", face.data)
				if f.Err() {
					b.Fatal(f.Error())
				}
			}
			b.ReportMetric(float64(len(face.data)), "font-bytes")
		})
	}
}
