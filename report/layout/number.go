package layout

// Caption numbering: tables and figures (charts and images) marked
// Numbered get "表N　" and "图N　" in front of their captions, counted
// through the document in reading order (or by chapter, "表4-1", with
// Options.CaptionNumbers), so that numbers are unique, without gaps and
// spaced one way.

// CaptionNumbering is how numbered captions are counted.
type CaptionNumbering int

const (
	// CaptionsByDocument numbers 表1, 表2, … through the document.
	CaptionsByDocument CaptionNumbering = iota
	// CaptionsByChapter numbers 表4-1, 表4-2, … by level-1 heading.
	CaptionsByChapter
)

// captionSep is the one space between a caption's number and its text.
const captionSep = "　"

// numberCaptions assigns the numbers of the numbered tables, charts and
// images of d, in document order; charts and images are counted together.
func (l *layouter) numberCaptions(d *Document) {
	l.captions = map[Block]string{}
	var tables, figures, chapter int
	label := func(kind string, n int) string {
		if l.opts.CaptionNumbers == CaptionsByChapter && chapter > 0 {
			return kind + itoa(chapter) + "-" + itoa(n) + captionSep
		}
		return kind + itoa(n) + captionSep
	}
	for _, s := range d.sections {
		for _, b := range s.blocks {
			switch b := b.(type) {
			case *Heading:
				if clampLevel(b.Level) == 1 {
					chapter++
					if l.opts.CaptionNumbers == CaptionsByChapter {
						tables, figures = 0, 0
					}
				}
			case *Table:
				if b.Numbered {
					tables++
					l.captions[b] = label("表", tables) + b.Caption
				}
			case *Chart:
				if b.Numbered {
					figures++
					l.captions[b] = label("图", figures) + b.Caption
				}
			case *Image:
				if b.Numbered {
					figures++
					l.captions[b] = label("图", figures) + b.Caption
				}
			}
		}
	}
}

// caption returns the caption of a table, chart or image as printed.
func (l *layouter) caption(b Block, text string) string {
	if c, ok := l.captions[b]; ok {
		return c
	}
	return text
}
