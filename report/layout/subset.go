package layout

import (
	"fmt"
	"math/bits"
)

// Fonts are embedded as subsets made before drawing: the PDF writer
// parses and cuts every font it is given, for every document, which for a
// Chinese face of 5–12 MB cost most of the time of a package. Each glyph
// the layout makes records its character in the document's fontSet
// (glyphs); text that is only set when the pages are drawn is made once
// beforehand (noteLateText); the writer then gets a TrueType file of just
// those characters (family), cut from a font parsed once per process.

// charSet is a set of characters of the Basic Multilingual Plane.
type charSet [0x10000 / 64]uint64

func (s *charSet) add(r rune) {
	if r >= 0 && r < 0x10000 {
		s[r>>6] |= 1 << (uint(r) & 63)
	}
}

func (s *charSet) has(r rune) bool {
	return r >= 0 && r < 0x10000 && s[r>>6]&(1<<(uint(r)&63)) != 0
}

// runes returns the characters of the set in ascending order.
func (s *charSet) runes() []rune {
	var out []rune
	for i, w := range s {
		for w != 0 {
			b := bits.TrailingZeros64(w)
			out = append(out, rune(i<<6|b))
			w &^= 1 << b
		}
	}
	return out
}

// subsetFont returns a TrueType file with the glyphs of the characters in
// set from font file ff.
func subsetFont(ff *fontFile, set *charSet) ([]byte, error) {
	out, err := ff.ttf.Subset(set.runes())
	if err != nil {
		return nil, fmt.Errorf("字体 %s：%w", ff.name, err)
	}
	return out, nil
}

// lateText is implemented by operations that make their glyphs only when
// drawn (to hold less memory while a long document waits to be drawn).
type lateText interface {
	// noteText makes those glyphs once, so that their characters are
	// recorded for the font subsets.
	noteText(l *layouter)
}

// noteLateText records the characters set only while the pages are drawn:
// running headers, page numbers, the watermark, attachment captions and
// notes.
func (l *layouter) noteLateText() {
	for _, p := range l.pages {
		for _, o := range p.ops {
			if lt, ok := o.(lateText); ok {
				lt.noteText(l)
			}
		}
		if !p.sec.setup.Plain {
			l.furniture(p)
		}
	}
}
