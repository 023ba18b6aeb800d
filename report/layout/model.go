package layout

import "time"

// Block is an element of the document model: Heading, Paragraph, Title,
// Table, Chart, Image, TOC, Spacer, PageBreak, Signature. Blocks only describe
// content; Document lays them out.
type Block interface{ isBlock() }

// Align is a horizontal alignment.
type Align int

const (
	AlignDefault Align = iota // the style's alignment (justified for body text)
	AlignLeft
	AlignCenter
	AlignRight
	AlignJustify
)

// Run is a piece of inline text with its own look. Zero fields inherit
// from the paragraph style.
type Run struct {
	Text string
	Bold bool    // drawn with a faux-bold stroke (CJK faces have no bold cut)
	Face Face    // FaceDefault: the paragraph's face
	Size float64 // points; 0: the paragraph's size
	// Code sets the text exactly as given: no full-width punctuation
	// (file names, document numbers 文号, checksums). See Punctuate.
	Code bool
}

// Paragraph is body text made of runs. "\n" in a run forces a line break.
// Body paragraphs are justified with a two-character first-line indent
// unless told otherwise.
type Paragraph struct {
	Runs     []Run
	Align    Align
	NoIndent bool    // no first-line indent
	Face     Face    // FaceDefault: theme body face
	Size     float64 // 0: theme body size
	// SpaceBefore and SpaceAfter in mm (snapped to whole lines on grid pages).
	SpaceBefore, SpaceAfter float64
	// KeepWithNext keeps the whole paragraph on the page where what follows
	// starts, as a heading does: for a run-in title that is no heading
	// (no number, bookmark or contents entry).
	KeepWithNext bool
}

// P returns a body paragraph with plain text.
func P(text string) *Paragraph { return &Paragraph{Runs: []Run{{Text: text}}} }

// Heading is a numbered section heading of level 1 to 4. The number
// (一、 / （一） / 1. / （1） by default, see Theme) is added by the engine.
// Every heading gets a PDF bookmark and can appear in the table of contents.
type Heading struct {
	Level    int
	Text     string
	NoNumber bool // no automatic number (e.g. "前言", "附录")
	NoTOC    bool // keep out of the table of contents (still bookmarked)
	// ID is an optional stable key for Info.Headings; default: the numbered text.
	ID string
}

// H returns a numbered heading.
func H(level int, text string) *Heading { return &Heading{Level: level, Text: text} }

// Title is a document title: theme title face (小标宋 22 pt in the official
// theme), centred, may wrap. It is bookmarked at the top level when
// Bookmark is set.
type Title struct {
	Text     string
	Size     float64 // 0: theme title size
	Face     Face
	Bookmark bool
}

// Spacer is vertical white space in mm (whole lines on grid pages).
type Spacer struct{ Height float64 }

// PageBreak starts a new page in the same section.
type PageBreak struct{}

// TOC is the table of contents: every heading of the document up to
// MaxLevel, with dot leaders, page numbers and links.
type TOC struct {
	Title    string // default "目  录"
	MaxLevel int    // default 2
}

// Image is a raster image (PNG or JPEG) scaled to Width mm (0: text width),
// centred, with an optional caption below.
type Image struct {
	Data    []byte
	Type    string // "PNG" or "JPG"
	Width   float64
	Caption string
	// Numbered puts "图N　" before the caption, counted with the charts
	// (see CaptionNumbering).
	Numbered bool
}

// Signature is the issuing body's name and the date under the body of an
// official document, placed per GB/T 9704-2012 §7.3.5: one blank line
// after the body; unsealed, the signer right-aligned two characters from
// the right edge and the date on the next line starting two characters
// right of the signer's first character (when the date is the longer, the
// date is two characters from the right edge and the signer moves left);
// sealed, the date four characters from the right edge and the signer
// centred over it. The three lines are kept on one page.
type Signature struct {
	Signer string
	Date   string // e.g. "2018年5月31日"
	Sealed bool
}

func (*Signature) isBlock() {}

func (*Paragraph) isBlock() {}
func (*Heading) isBlock()   {}
func (*Title) isBlock()     {}
func (*Spacer) isBlock()    {}
func (*PageBreak) isBlock() {}
func (*TOC) isBlock()       {}
func (*Image) isBlock()     {}
func (*Table) isBlock()     {}
func (*Chart) isBlock()     {}

// Orientation of a page.
type Orientation int

const (
	Portrait Orientation = iota
	Landscape
)

// Margins in mm.
type Margins struct{ Top, Right, Bottom, Left float64 }

// Grid is a line-and-character grid (GB/T 9704-2012: 22 lines × 28
// characters). Line pitch is text height / Lines and character pitch is text
// width / Chars; all vertical spacing snaps to whole lines.
type Grid struct{ Lines, Chars int }

// NumberFormat is how the footer prints page numbers.
type NumberFormat int

const (
	NumberNone       NumberFormat = iota
	NumberOfTotal                 // "第 N 页 共 M 页", centred
	NumberDashOuter               // "— N —", odd pages right, even pages left, one character in (GB/T 9704)
	NumberDashCenter              // "— N —", centred
	NumberPlain                   // "N", centred
)

// Header is a running header: texts at the left and right over a rule.
type Header struct {
	Left, Right string
	Rule        bool
}

// PageSetup describes the pages of a section. Zero fields take the
// document's defaults.
type PageSetup struct {
	Orientation Orientation
	Margins     Margins // zero: Options.Margins
	Grid        *Grid   // nil: free layout
	Theme       *Theme  // nil: Options.Theme
	Header      Header
	Numbers     NumberFormat
	NumberSize  float64 // points; default 10.5 (14 on grid pages)
	NumberGap   float64 // mm between text block and page number; default 7
	// RestartNumbering starts a new numbering run at StartAt (default 1);
	// "共 M 页" counts the pages of the run.
	RestartNumbering bool
	StartAt          int
	// RestartHeadingNumbers numbers the headings of this section from 一 again
	// (e.g. a second document bound into the same PDF).
	RestartHeadingNumbers bool
	// Plain suppresses header, footer and watermark (a cover page).
	Plain bool
}

// Options describe the document as a whole.
type Options struct {
	Title, Author, Subject, Creator, Keywords string
	// Date is written as creation and modification date. Zero: 2000-01-01,
	// so that output stays byte-identical; pass a data snapshot date.
	Date    time.Time
	Margins Margins // default 25/25/25/25 mm
	Theme   *Theme  // default ReportTheme()
	Fonts   Fonts
	// Watermark is drawn diagonally in light grey on every page.
	Watermark string
	// AllowMissingGlyphs writes the PDF even when some characters are in no
	// font (they are still listed in Info.MissingGlyphs). By default such a
	// document is an error.
	AllowMissingGlyphs bool
	// Uncompressed writes streams (page content, fonts) uncompressed, for
	// a writer that compresses them afterwards with one reused compressor
	// (report/pdfimport.Merge): fpdf makes a new one, 600 KB, per stream.
	Uncompressed bool
	// Page is the first section's page setup.
	Page PageSetup
	// CaptionNumbers is how tables, charts and images marked Numbered are
	// counted.
	CaptionNumbers CaptionNumbering
}
