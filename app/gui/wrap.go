package gui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"ecoreport/report/layout"
)

// zh is text as the window shows it: with the full-width punctuation of
// Chinese text that the documents print (layout.Punctuate), whatever the
// catalog, the seed or an imported file wrote.
func zh(s string) string { return layout.Punctuate(s) }

// wrapLabel is a label for Chinese running text. Fyne wraps Chinese at any
// character, so a line could start with 。or ，and end with （; wrapLabel
// breaks its text itself, where the printed documents' rules (禁则,
// layout.LineBreakAllowed) allow, measured with the label's own font, and
// again whenever its width changes. Fyne's word wrapping stays on beneath,
// but finds every line already fitting. It shows its text with full-width
// punctuation (zh); Text keeps the text as set.
type wrapLabel struct {
	widget.Label
	// Text is the text as set, without the line breaks the label adds.
	Text string

	width float32 // the width the shown lines were broken for
	broke string  // the text they were broken from
}

// newWrapLabel makes a wrapping label for text.
func newWrapLabel(text string) *wrapLabel {
	l := &wrapLabel{Text: text}
	l.Label.Text = text
	l.Wrapping = fyne.TextWrapWord
	l.ExtendBaseWidget(l)
	return l
}

// SetText sets the text and shows it broken into lines.
func (l *wrapLabel) SetText(text string) {
	l.Text = text
	l.Refresh()
}

// Resize breaks the text for the new width.
func (l *wrapLabel) Resize(size fyne.Size) {
	changed := l.rebreak(size.Width)
	l.Label.Resize(size)
	if changed {
		l.Label.Refresh()
	}
}

// Refresh breaks the text again (it, the style or the theme may have
// changed) and redraws.
func (l *wrapLabel) Refresh() {
	l.broke = "\x00" // force
	l.rebreak(l.Size().Width)
	l.Label.Refresh()
}

// rebreak sets the lines shown for a label of width w; it reports whether
// they changed.
func (l *wrapLabel) rebreak(w float32) bool {
	if w == l.width && l.Text == l.broke {
		return false
	}
	l.width, l.broke = w, l.Text
	shown := zh(l.Text)
	th := l.Theme()
	if avail := w - 2*th.Size(theme.SizeNameInnerPadding); w > 0 && avail > 0 {
		size := l.SizeName
		if size == "" {
			size = theme.SizeNameText
		}
		textSize, style := th.Size(size), l.TextStyle
		shown = strings.Join(breakLines(shown, avail, func(s string) float32 {
			return fyne.MeasureText(s, textSize, style).Width
		}), "\n")
	}
	if shown == l.Label.Text {
		return false
	}
	l.Label.Text = shown
	return true
}

// breakLines splits text into lines no wider than max (as measure says)
// where layout.LineBreakAllowed allows a break. Spaces at a break are
// dropped; a run without any allowed break (a long path) is cut where it
// must, but never before closing punctuation.
func breakLines(text string, max float32, measure func(string) float32) []string {
	var out []string
	for _, para := range strings.Split(text, "\n") {
		out = append(out, breakParagraph([]rune(para), max, measure)...)
	}
	return out
}

func breakParagraph(rs []rune, max float32, measure func(string) float32) []string {
	if len(rs) == 0 {
		return []string{""}
	}
	var lines []string
	for len(rs) > 0 {
		if measure(string(rs)) <= max {
			lines = append(lines, string(rs))
			break
		}
		// fit: the most characters that fit (at least one).
		lo, hi := 1, len(rs)-1
		for lo < hi {
			mid := (lo + hi + 1) / 2
			if measure(string(rs[:mid])) <= max {
				lo = mid
			} else {
				hi = mid - 1
			}
		}
		fit := lo
		cut := fit
		for cut > 0 && !breakOK(rs[cut-1], rs[cut]) {
			cut--
		}
		if cut == 0 {
			// Rather than cut a word: after the dash of a range
			// (2015年—|2017年), as the documents do in such a line.
			for c := fit; c > 0; c-- {
				if c < len(rs) && layout.AfterRangeDash(rs[c-1], rs[c]) {
					cut = c
					break
				}
			}
		}
		if cut == 0 {
			// No allowed break: cut at fit, pushing closing punctuation's
			// neighbour down with it.
			cut = fit
			for cut > 1 && !breakOK(' ', rs[cut]) {
				cut--
			}
		}
		lines = append(lines, strings.TrimRight(string(rs[:cut]), " \t"))
		rs = rs[cut:]
		for len(rs) > 0 && (rs[0] == ' ' || rs[0] == '\t') {
			rs = rs[1:]
		}
	}
	return lines
}

// breakOK reports whether a line may end after a and the next begin with b;
// a break at a space drops the space.
func breakOK(a, b rune) bool {
	if b == ' ' || b == '\t' {
		return true
	}
	// The dash of a date range (2015年—2017年, 2018年6月—2018年8月) does not
	// start a line; the line may break after it.
	if b == '—' && strings.ContainsRune("年月日", a) {
		return false
	}
	return layout.LineBreakAllowed(a, b)
}

// wrapHeading is a heading (bold, larger) that wraps like wrapLabel.
func wrapHeading(text string) *wrapLabel {
	l := newWrapLabel(text)
	l.TextStyle = fyne.TextStyle{Bold: true}
	l.SizeName = theme.SizeNameSubHeadingText
	return l
}
