package layout

import "math"

// Keeps, widows and orphans: where a page break may fall.
//
//   - A paragraph leaves at least minLines lines at the foot of a page and
//     carries at least minLines to the next (a shorter paragraph moves whole).
//   - A heading, and a paragraph marked KeepWithNext, keeps with the start
//     of what follows it: minLines lines of a paragraph (the whole paragraph
//     when it has three lines or fewer, since two on this page would leave
//     one on the next), the caption, header and first rows of a table, a
//     whole chart or image, or the next heading and what that one keeps
//     with.
//   - A table keeps its caption and header with its first two rows, a group
//     row (one cell across the whole table) with the two rows after it, its
//     last row with the one before, and the runs of rows the document asks
//     to keep together (Table.KeepTogether). A table of up to four body rows
//     is not split at all. A run of rows taller than a page is broken where
//     the page ends.
//
// Breaks move whole lines, so grid pages keep their line grid.

// minLines is the fewest lines of a paragraph on either side of a page break.
const minLines = 2

// shortTable is the most body rows of a table that is kept whole on one
// page: a break in so short a table would leave a stub on either side.
const shortTable = 2 * minLines

// splitLines shares the n lines of a paragraph out over pages when room
// lines fit on the current page and perPage on each page after it. It
// returns the number of lines on each page; a first entry of 0 means the
// paragraph starts on the next page. No page gets fewer than minLines of
// the paragraph unless the paragraph is that short.
func splitLines(n, room, perPage int) []int {
	if n <= room {
		return []int{n}
	}
	if room < 0 {
		room = 0
	}
	if perPage < 2*minLines {
		// Pages too short for the rules: fill them.
		perPage = max(perPage, 1)
		chunks := []int{room}
		for rest := n - room; rest > 0; rest -= min(rest, perPage) {
			chunks = append(chunks, min(rest, perPage))
		}
		return chunks
	}
	first := room
	if first < minLines {
		first = 0
	}
	if n-first < minLines {
		first = n - minLines
		if first < minLines {
			first = 0
		}
	}
	chunks := []int{first}
	rest := n - first
	for rest > perPage {
		take := perPage
		if rest-take < minLines {
			take = rest - minLines
		}
		chunks = append(chunks, take)
		rest -= take
	}
	return append(chunks, rest)
}

// leadLines is how many lines of an n-line paragraph must share a page with
// what comes before it (a heading): minLines, or all of them when a split
// after minLines would leave fewer than minLines for the next page.
func leadLines(n int) int {
	if n < 2*minLines {
		return n
	}
	return minLines
}

// isGroupRow reports whether a body row is a group row: a single cell
// spanning every column (e.g. a domain name over its indicators).
func isGroupRow(cells []*tcell, ncol int) bool {
	return len(cells) == 1 && cells[0].span >= ncol && ncol > 1
}

// rowKeeps returns, for each body row, whether it must stay on the same
// page as the next row: the first row with the second, a group row with the
// two rows after it, the last row but one with the last; every row of a
// table of up to shortTable rows.
func rowKeeps(group []bool) []bool {
	n := len(group)
	keep := make([]bool, n)
	if n < 2 {
		return keep
	}
	if n <= shortTable {
		for i := range n - 1 {
			keep[i] = true
		}
		return keep
	}
	keep[0] = true
	for i, g := range group {
		if !g || i+1 >= n {
			continue
		}
		keep[i] = true
		if i+2 < n && !group[i+1] && !group[i+2] {
			keep[i+1] = true
		}
	}
	if n >= 3 {
		keep[n-2] = true
	}
	keep[n-1] = false
	return keep
}

// keepChunk returns the end (exclusive) of the run of rows starting at i
// that must stay together, and their total height.
func keepChunk(h []float64, keep []bool, i int) (end int, height float64) {
	j := i
	for {
		height += h[j]
		if !keep[j] || j+1 >= len(h) {
			return j + 1, height
		}
		j++
	}
}

// lead returns the height that must fit on the current page, after
// whatever precedes the blocks, for the first of blocks to start there: what
// a heading before it keeps with. depth bounds chains of headings.
// hi is the index in l.heads of the first heading among blocks.
func (l *layouter) lead(blocks []Block, hi, depth int) float64 {
	if len(blocks) == 0 || depth > 4 {
		return 0
	}
	th := l.sec.theme
	switch b := blocks[0].(type) {
	case *Paragraph:
		st := l.paraStyle(b)
		if b.KeepWithNext {
			return l.wholeHeight(b.Runs, st) + l.lead(blocks[1:], hi, depth+1)
		}
		gs := l.glyphs(b.Runs, st)
		lines := breakJustified(gs, l.availFn(st, l.sec.w), st.Align)
		lh := l.snap(st.Leading * st.Size * ptmm)
		return l.spaceHeight(st.SpaceBefore) + float64(leadLines(len(lines)))*lh
	case *Heading:
		if hi >= len(l.heads) {
			return 0
		}
		hs := th.Headings[clampLevel(b.Level)-1]
		return l.headingHeight(hs, l.heads[hi].label) + l.lead(blocks[1:], hi+1, depth+1)
	case *Table:
		tl := l.measureTable(b)
		if tl == nil {
			return 0
		}
		h := l.spaceHeight(th.Caption.SpaceBefore) + tl.capH + tl.headH
		if len(tl.rows) > 0 {
			_, ch := keepChunk(tl.heights(), tl.keep, 0)
			h += ch
		}
		return h
	case *Chart:
		h, capH := chartSize(l, b)
		return 3 + h + capH
	case *Image:
		return l.imageHeight(b)
	case *Spacer:
		return b.Height + l.lead(blocks[1:], hi, depth+1)
	}
	return 0
}

// spaceHeight is the height space(h) adds away from the top of a page.
func (l *layouter) spaceHeight(h float64) float64 {
	if h <= 0 {
		return 0
	}
	if l.sec.pitch > 0 {
		return math.Round(h/l.sec.pitch) * l.sec.pitch
	}
	return h
}

// headingHeight is the height of a heading's lines with its space before and after.
func (l *layouter) headingHeight(hs HeadingStyle, label string) float64 {
	gs := l.glyphs([]Run{{Text: label}}, hs.TextStyle)
	lines := breakJustified(gs, l.availFn(hs.TextStyle, l.sec.w), hs.Align)
	lh := l.snap(hs.Leading * hs.Size * ptmm)
	return l.spaceHeight(hs.SpaceBefore) + float64(len(lines))*lh + l.spaceHeight(hs.SpaceAfter)
}
