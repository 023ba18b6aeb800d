package layout

// Chinese line breaking. Text is a slice of glyphs with advance widths;
// the breaker groups them into atoms (a CJK character, a Latin word or
// number, a space, a forced line break) and fills lines greedily, breaking
// only where the kinsoku rules (禁则) allow:
//   - no line starts with closing punctuation (。，、；：？！）》」』”’…% …);
//   - no line ends with opening punctuation (（《「『“‘ …);
//   - Latin words and numbers such as 2017, 0.70, 65.2%, ≥80% stay whole,
//     unless one is wider than a line, where it is split by character;
//   - —— and …… are never split;
//   - a range such as 2015—2017 or 2016～2020 stays whole: a dash or tilde
//     is no break opportunity next to a digit, unless in justified text
//     keeping it whole would leave the line shorter than looseFill of its
//     width (a long range such as （2016—2020）》， after a long word):
//     then the line breaks after the dash (breakJustified).
// When the character that overflows may not start a line, the previous
// allowed break is taken, which pushes one character down (推出); the
// justification spreads the gap.

// glyph is one character ready for layout.
type glyph struct {
	r    rune
	font *fontFile
	size float64 // points
	bold bool
	w    float64 // advance in mm, including tracking
}

const noStartChars = "。，、；：？！）》」』】〕〉〗〙〛｝］”’…％‰℃·．｡､〃々〆ゝゞヽヾーァィゥェォッャュョヮヵヶぁぃぅぇぉっゃゅょゎ,.;:?!)]}%"
const noEndChars = "（《「『【〔〈〖〘〚｛［“‘([{"

var noStart, noEnd = runeSet(noStartChars), runeSet(noEndChars)

func runeSet(s string) map[rune]bool {
	m := map[rune]bool{}
	for _, r := range s {
		m[r] = true
	}
	return m
}

func isSpace(r rune) bool { return r == ' ' || r == '\t' || r == '\u00a0' }

// isStandalone reports whether r forms an atom of its own (a break
// opportunity on both sides, subject to kinsoku): CJK characters and
// punctuation, full-width forms, and symbols used in Chinese text.
func isStandalone(r rune) bool {
	switch {
	case r >= 0x2E80 && r <= 0x9FFF, // radicals, CJK symbols and punctuation, kana, CJK ideographs
		r >= 0xAC00 && r <= 0xD7AF, r >= 0xF900 && r <= 0xFAFF,
		r >= 0xFE30 && r <= 0xFE4F, r >= 0xFF00 && r <= 0xFFEF,
		r >= 0x20000:
		return true
	case r >= 0x2010 && r <= 0x2027 && r != 0x2024, // dashes, quotes, ellipsis
		r >= 0x2190 && r <= 0x21FF, // arrows
		r >= 0x25A0 && r <= 0x27BF, // geometric shapes ●○■□, dingbats
		r == 0x203B:                // ※
		return true
	}
	return false
}

type atomKind uint8

const (
	atomWord atomKind = iota
	atomSpace
	atomNewline
)

type atom struct {
	start, end int // glyph range
	w          float64
	kind       atomKind
	forced     bool // piece of an exploded over-long word: may break before
}

// atomize groups glyphs into atoms; words wider than maxW are split into
// single characters.
func atomize(gs []glyph, maxW float64) []atom {
	atoms := make([]atom, 0, len(gs))
	for i := 0; i < len(gs); {
		r := gs[i].r
		switch {
		case r == '\n':
			atoms = append(atoms, atom{start: i, end: i + 1, kind: atomNewline})
			i++
		case isSpace(r):
			atoms = append(atoms, atom{start: i, end: i + 1, w: gs[i].w, kind: atomSpace})
			i++
		case isStandalone(r):
			atoms = append(atoms, atom{start: i, end: i + 1, w: gs[i].w})
			i++
		default:
			j, w := i, 0.0
			for j < len(gs) && gs[j].r != '\n' && !isSpace(gs[j].r) && !isStandalone(gs[j].r) {
				w += gs[j].w
				j++
			}
			if w > maxW+eps && j-i > 1 {
				for k := i; k < j; k++ {
					atoms = append(atoms, atom{start: k, end: k + 1, w: gs[k].w, forced: k > i})
				}
			} else {
				atoms = append(atoms, atom{start: i, end: j, w: w})
			}
			i = j
		}
	}
	return atoms
}

func isRepeatMark(r rune) bool { return r == '—' || r == '…' || r == '─' }

// isRangeMark reports whether r joins the two ends of a range of numbers
// (2015—2017, 2016～2020).
func isRangeMark(r rune) bool {
	return r == '—' || r == '–' || r == '－' || r == '~' || r == '～'
}

// isDigitish reports whether r is an ASCII or a full-width digit.
func isDigitish(r rune) bool { return isDigit(r) || r >= '０' && r <= '９' }

// inNumberRange reports whether a and b are a digit and a range mark, in
// either order: no line breaks there, so 2015—2017 is set as one unit.
func inNumberRange(a, b rune) bool {
	return isDigitish(a) && isRangeMark(b) || isRangeMark(a) && isDigitish(b)
}

// canBreakBefore reports whether a line may break between atoms i-1 and i.
func canBreakBefore(gs []glyph, atoms []atom, i int) bool {
	a, b := atoms[i-1], atoms[i]
	if b.kind == atomSpace || b.kind == atomNewline || a.kind == atomNewline {
		return false
	}
	first := gs[b.start].r
	if noStart[first] {
		return false
	}
	if a.kind == atomSpace {
		return true
	}
	last := gs[a.end-1].r
	if noEnd[last] {
		return false
	}
	if last == first && isRepeatMark(first) || inNumberRange(last, first) {
		return false
	}
	if last == '注' && isDigitish(first) { // a note mark ［注1］ stays whole
		return false
	}
	if isDigitish(last) && (first == '年' || first == '月' || first == '日') { // 2018年, 6月
		return false
	}
	if isRangeMark(first) && b.end < len(gs) && isDigitish(gs[b.end].r) { // no line starts with the dash of 6月—2018年8月
		return false
	}
	return true
}

const eps = 1e-6

// looseFill is the shortest a line may be left, as a share of its width,
// for a number range after it to stay whole.
const looseFill = 0.9

// rangeBreakBefore reports whether the break before atom i falls after the
// dash of a number range (2016—|2020), where only the range rule forbids it.
func rangeBreakBefore(gs []glyph, atoms []atom, i int) bool {
	a, b := atoms[i-1], atoms[i]
	if a.kind != atomWord || b.kind != atomWord {
		return false
	}
	return AfterRangeDash(gs[a.end-1].r, gs[b.start].r)
}

// lineRange is one line: glyphs [start, end) without leading and trailing
// spaces; hard is set when the line ends at a forced break or at the end of
// the paragraph (such lines are not justified).
type lineRange struct {
	start, end int
	width      float64 // natural width of the glyphs
	hard       bool
}

// breakLines splits gs into lines; avail(n) is the width available to line n.
// Number ranges stay whole (ragged text: a short line is no harm).
func breakLines(gs []glyph, avail func(n int) float64) []lineRange {
	return breakText(gs, avail, false)
}

// breakJustified is breakLines for justified text, where a line left short
// is spread and shows loose: a number range breaks after its dash rather
// than leave a line shorter than looseFill.
func breakJustified(gs []glyph, avail func(n int) float64, align Align) []lineRange {
	return breakText(gs, avail, align == AlignJustify)
}

func breakText(gs []glyph, avail func(n int) float64, splitRanges bool) []lineRange {
	if len(gs) == 0 {
		return nil
	}
	atoms := atomize(gs, avail(1))
	var lines []lineRange
	start := 0
	for start < len(atoms) {
		for start < len(atoms) && atoms[start].kind == atomSpace {
			start++
		}
		if start >= len(atoms) {
			break
		}
		max := avail(len(lines))
		w := 0.0
		i := start
		lastBreak, rangeBreak := -1, -1
		wBreak := 0.0 // width of the line up to lastBreak
		end, next, hard := -1, -1, false
		for i < len(atoms) {
			a := atoms[i]
			if a.kind == atomNewline {
				end, next, hard = i, i+1, true
				break
			}
			if i > start && canBreakBefore(gs, atoms, i) {
				lastBreak, wBreak = i, w
			} else if i > start && rangeBreakBefore(gs, atoms, i) {
				rangeBreak = i
			}
			if a.kind == atomSpace || i == start || w+a.w <= max+eps {
				w += a.w
				i++
				continue
			}
			if lastBreak == i || lastBreak > start {
				end = lastBreak
				if splitRanges && rangeBreak > lastBreak && wBreak < looseFill*max {
					end = rangeBreak // rather than a loose line
				}
			} else {
				// No allowed break in the line: force one, but let closing
				// punctuation hang past the margin rather than start a line.
				end = i
				for end < len(atoms) && atoms[end].kind == atomWord && noStart[gs[atoms[end].start].r] {
					end++
				}
			}
			next = end
			break
		}
		if end < 0 {
			end, next, hard = len(atoms), len(atoms), true
		}
		if end == start { // only a newline
			lines = append(lines, lineRange{start: atoms[start].start, end: atoms[start].start, hard: true})
			start = next
			continue
		}
		// Trim trailing spaces.
		e := end
		for e > start && atoms[e-1].kind == atomSpace {
			e--
		}
		lr := lineRange{start: atoms[start].start, end: atoms[start].start, hard: hard}
		if e > start {
			lr.end = atoms[e-1].end
		}
		for k := lr.start; k < lr.end; k++ {
			lr.width += gs[k].w
		}
		lines = append(lines, lr)
		start = next
	}
	return lines
}
