package layout

import "math"

// Table is a ruled table that flows across pages: rows are kept whole when
// they fit on a page, the header rows are repeated on every page (with the
// caption marked "（续）"), and cell text wraps with the Chinese line breaker.
type Table struct {
	Caption string // above the table, e.g. "表1　指标完成情况"
	// Numbered puts "表N　" before the caption (see CaptionNumbering).
	Numbered bool
	Columns  []Column
	// Header rows. Cells may span columns (ColSpan) and header rows
	// (RowSpan) to form header groups. Empty: one row of column titles.
	Header [][]Cell
	// Rows of the body; cells may span columns.
	Rows  [][]Cell
	Size  float64 // font size in points; 0: theme table size
	Zebra bool    // shade every other body row light grey
	// Width in mm; 0: the text width.
	Width float64
	// NoRepeatHeader prints the header rows on the first page only.
	NoRepeatHeader bool
	// KeepTogether lists runs of body rows, Rows[from:to] for each
	// {from, to}, that stay on one page, such as an indicator and its
	// sub-indicators: the table breaks before the run rather than inside
	// it, unless the run is taller than a page.
	KeepTogether [][2]int
}

// Column describes a table column. Without Width the column is fitted to
// its content between MinWidth and MaxWidth; Weight shares out spare width.
type Column struct {
	Title       string
	Width       float64 // fixed width in mm
	MinWidth    float64
	MaxWidth    float64
	Weight      float64
	Align       Align // body cells; default left
	HeaderAlign Align // default centred
	// OneLine keeps every cell of the column, and its header, on one line:
	// the column is at least as wide as its widest text, also when Width
	// is set. For short labels longer than the six characters kept whole
	// anyway (类别 "未裁定的附件分歧"); not for free text.
	OneLine bool
}

// Cell is a table cell.
type Cell struct {
	Text    string
	ColSpan int // default 1
	RowSpan int // header rows only; default 1
	Align   Align
	Bold    bool
	Fill    float64 // background grey level 0–1 (1 = white); 0: none
	// Code sets the text exactly as given (see Run.Code).
	Code bool
}

// Row makes a body row of plain cells.
func Row(texts ...string) []Cell {
	cs := make([]Cell, len(texts))
	for i, t := range texts {
		cs[i] = Cell{Text: t}
	}
	return cs
}

// Matrix builds an indicators × organisations style table: a label column
// and one narrow centred column per entry of cols, with marks[i][j] in the
// cells (e.g. "●" lead, "○" support). The entry columns share the width
// equally (at most 16 mm each) and are never narrower than one character
// plus padding; in narrow columns the titles wrap character by character.
// When even that does not fit, the table is set in a smaller size.
func Matrix(caption, corner string, rows, cols []string, marks [][]string) *Table {
	t := &Table{Caption: caption}
	t.Columns = append(t.Columns, Column{Title: corner, MinWidth: 30, Weight: 0})
	for _, c := range cols {
		t.Columns = append(t.Columns, Column{Title: c, Align: AlignCenter, Weight: 1, MaxWidth: 16})
	}
	for i, r := range rows {
		cells := []Cell{{Text: r}}
		for j := range cols {
			m := ""
			if i < len(marks) && j < len(marks[i]) {
				m = marks[i][j]
			}
			cells = append(cells, Cell{Text: m})
		}
		t.Rows = append(t.Rows, cells)
	}
	return t
}

const (
	cellPadX  = 1.2
	cellPadY  = 0.9
	ruleW     = 0.2
	headFill  = 0.86
	zebraFill = 0.94
)

// tcell is a laid-out cell.
type tcell struct {
	col, span  int
	row, rspan int
	gs         []glyph
	lines      []lineRange
	align      Align
	fill       float64
}

type trow struct {
	cells []*tcell
	h     float64
}

// tableLayout is a table measured for the current section: column
// positions, cells broken into lines, row heights and keeps.
type tableLayout struct {
	caption string // as printed, with its number
	sec     *secCtx
	t       *Table
	lh      float64 // line pitch in the cells
	xs      []float64
	hcells  []*tcell
	hh      []float64 // header row heights
	headH   float64
	rows    []trow
	keep    []bool // keep row i with row i+1 (keep.go)
	capGs   []glyph
	capLns  []lineRange
	capLH   float64
	capH    float64
}

func (tl *tableLayout) heights() []float64 {
	h := make([]float64, len(tl.rows))
	for i, r := range tl.rows {
		h[i] = r.h
	}
	return h
}

// measureTable lays out the cells of t for the current section (once per
// table and section).
func (l *layouter) measureTable(t *Table) *tableLayout {
	if tl := l.tables[t]; tl != nil && tl.sec == l.sec {
		return tl
	}
	th := l.sec.theme
	size := t.Size
	if size == 0 {
		size = th.TableSize
	}
	ncol := len(t.Columns)
	if ncol == 0 {
		return nil
	}
	width := t.Width
	if width == 0 || width > l.sec.w {
		width = l.sec.w
	}
	header := t.Header
	if len(header) == 0 {
		row := make([]Cell, ncol)
		for i, c := range t.Columns {
			row[i] = Cell{Text: c.Title}
		}
		header = [][]Cell{row}
	}
	hcells, body := l.tableCells(t, header, size)
	widths, scale := fitColumns(t.Columns, width, hcells, body)
	if scale < 1 {
		// Not even one character per column fits: set the whole table in a
		// smaller size (not below minTableSize) rather than let characters
		// spill over the rules.
		size = math.Max(size*scale, math.Min(size, minTableSize))
		hcells, body = l.tableCells(t, header, size)
		widths, _ = fitColumns(t.Columns, width, hcells, body)
	}
	lh := size * ptmm * 1.42
	x0 := l.sec.left + (l.sec.w-sum(widths))/2
	xs := make([]float64, ncol+1)
	xs[0] = x0
	for i, w := range widths {
		xs[i+1] = xs[i] + w
	}
	layoutCell := func(c *tcell) float64 {
		w := xs[c.col+c.span] - xs[c.col] - 2*cellPadX
		c.lines = breakCell(c.gs, w)
		return float64(max(len(c.lines), 1))*lh + 2*cellPadY
	}
	// Header row heights.
	hh := make([]float64, len(header))
	for _, c := range hcells {
		if c.rspan == 1 {
			hh[c.row] = math.Max(hh[c.row], layoutCell(c))
		}
	}
	for _, c := range hcells {
		if c.rspan > 1 {
			need := layoutCell(c)
			have := sum(hh[c.row : c.row+c.rspan])
			if need > have {
				hh[c.row+c.rspan-1] += need - have
			}
		}
	}
	rows := make([]trow, len(body))
	group := make([]bool, len(body))
	for r, cells := range body {
		rows[r].cells = cells
		h := lh + 2*cellPadY
		for _, c := range cells {
			h = math.Max(h, layoutCell(c))
		}
		rows[r].h = h
		group[r] = isGroupRow(cells, ncol)
	}
	capSt := th.Caption
	keep := rowKeeps(group)
	for _, run := range t.KeepTogether {
		for i := max(run[0], 0); i < min(run[1], len(keep))-1; i++ {
			keep[i] = true
		}
	}
	tl := &tableLayout{sec: l.sec, t: t, lh: lh, xs: xs, hcells: hcells, hh: hh, headH: sum(hh), rows: rows, keep: keep}
	tl.caption = l.caption(t, t.Caption)
	if tl.caption != "" {
		tl.capGs = l.glyphs([]Run{{Text: tl.caption}}, capSt)
		tl.capLns = breakLines(tl.capGs, func(int) float64 { return l.sec.w })
	}
	tl.capLH = capSt.Leading * capSt.Size * ptmm
	tl.capH = float64(len(tl.capLns)) * tl.capLH
	if l.tables == nil {
		l.tables = map[*Table]*tableLayout{}
	}
	l.tables[t] = tl
	return tl
}

func (l *layouter) table(t *Table) {
	tl := l.measureTable(t)
	if tl == nil {
		return
	}
	delete(l.tables, t) // laid out once: let the cells go with the page ops
	capSt := l.sec.theme.Caption
	xs, hh, hcells, rows, lh := tl.xs, tl.hh, tl.hcells, tl.rows, tl.lh
	capGs, capLines, capLH, capH, headH := tl.capGs, tl.capLns, tl.capLH, tl.capH, tl.headH

	drawHeader := func(cont bool) {
		if tl.caption != "" {
			gs, lines := capGs, capLines
			if cont {
				gs = l.glyphs([]Run{{Text: tl.caption + "（续）"}}, capSt)
				lines = breakLines(gs, func(int) float64 { return l.sec.w })
			}
			for _, ln := range lines {
				l.emit(lineOp(gs, ln, AlignCenter, l.sec.left, l.sec.w, l.y, capLH, capSt.Size))
				l.y += capLH
			}
		}
		if cont && t.NoRepeatHeader {
			return
		}
		ys := make([]float64, len(hh)+1)
		ys[0] = l.y
		for i, h := range hh {
			ys[i+1] = ys[i] + h
		}
		for _, c := range hcells {
			l.drawCell(c, xs, ys[c.row], ys[c.row+c.rspan]-ys[c.row], 0, len(c.lines), lh)
		}
		l.y = ys[len(hh)]
	}

	l.space(capSt.SpaceBefore)
	heights := tl.heights()
	first := 0.0
	if len(rows) > 0 {
		_, first = keepChunk(heights, tl.keep, 0)
	}
	full := l.sec.h - capH - headH
	l.ensure(capH + headH + math.Min(first, full))
	drawHeader(false)
	pageTop := l.y // where the rows of this page start
	chunkEnd := 0
	for i, row := range rows {
		if i >= chunkEnd {
			// A run of rows that must stay together starts here: begin a
			// new page unless it fits (or the page holds none of our rows).
			var h float64
			chunkEnd, h = keepChunk(heights, tl.keep, i)
			if h > l.room()+eps && l.y > pageTop+eps {
				l.newPage()
				drawHeader(true)
				pageTop = l.y
			}
		}
		if row.h <= l.room()+eps {
			l.drawRow(row, xs, l.y, row.h, nil, lh)
			l.y += row.h
			continue
		}
		if row.h <= full+eps {
			l.newPage()
			drawHeader(true)
			pageTop = l.y
			l.drawRow(row, xs, l.y, row.h, nil, lh)
			l.y += row.h
			continue
		}
		// A row taller than a page: split it by lines.
		done := make([]int, len(row.cells))
		for {
			n := int((l.room() - 2*cellPadY + eps) / lh)
			if n < 1 {
				l.newPage()
				drawHeader(true)
				pageTop = l.y
				continue
			}
			more := false
			h := 0.0
			upto := make([]int, len(row.cells))
			for i, c := range row.cells {
				upto[i] = min(done[i]+n, len(c.lines))
				h = math.Max(h, float64(upto[i]-done[i])*lh+2*cellPadY)
				if upto[i] < len(c.lines) {
					more = true
				}
			}
			rng := make([][2]int, len(row.cells))
			for i := range row.cells {
				rng[i] = [2]int{done[i], upto[i]}
			}
			l.drawRow(row, xs, l.y, h, rng, lh)
			l.y += h
			copy(done, upto)
			if !more {
				break
			}
			l.newPage()
			drawHeader(true)
			pageTop = l.y
		}
	}
	// Back onto the grid, then the space after.
	if l.sec.pitch > 0 {
		k := math.Ceil((l.y-l.sec.top)/l.sec.pitch - eps)
		l.y = l.sec.top + k*l.sec.pitch
	}
	l.space(capSt.SpaceAfter + 2)
}

// tableCells turns the header and body rows of t into cells set in size
// points: header cells are placed on a grid (RowSpan and ColSpan).
func (l *layouter) tableCells(t *Table, header [][]Cell, size float64) (hcells []*tcell, body [][]*tcell) {
	th := l.sec.theme
	bodySt := TextStyle{Face: th.TableFace, Size: size}
	headSt := TextStyle{Face: th.TableHeaderFace, Size: size}
	ncol := len(t.Columns)
	// Place header cells on a grid (handles RowSpan and ColSpan).
	occ := make([][]bool, len(header))
	for i := range occ {
		occ[i] = make([]bool, ncol)
	}
	for r, row := range header {
		c := 0
		for _, cell := range row {
			for c < ncol && occ[r][c] {
				c++
			}
			if c >= ncol {
				break
			}
			span := max(cell.ColSpan, 1)
			span = min(span, ncol-c)
			rspan := min(max(cell.RowSpan, 1), len(header)-r)
			for rr := r; rr < r+rspan; rr++ {
				for cc := c; cc < c+span; cc++ {
					occ[rr][cc] = true
				}
			}
			al := cell.Align
			if al == AlignDefault {
				al = t.Columns[c].HeaderAlign
				if al == AlignDefault || span > 1 {
					al = AlignCenter
				}
			}
			st := headSt
			st.Bold = cell.Bold
			fill := cell.Fill
			if fill == 0 {
				fill = headFill
			}
			hcells = append(hcells, &tcell{col: c, span: span, row: r, rspan: rspan, gs: l.glyphs([]Run{{Text: cell.Text, Code: cell.Code}}, st), align: al, fill: fill})
			c += span
		}
	}
	// Body cells.
	body = make([][]*tcell, len(t.Rows))
	for r, row := range t.Rows {
		c := 0
		for _, cell := range row {
			if c >= ncol {
				break
			}
			span := min(max(cell.ColSpan, 1), ncol-c)
			al := cell.Align
			if al == AlignDefault {
				al = t.Columns[c].Align
			}
			st := bodySt
			st.Bold = cell.Bold
			fill := cell.Fill
			if fill == 0 && t.Zebra && r%2 == 1 {
				fill = zebraFill
			}
			body[r] = append(body[r], &tcell{col: c, span: span, row: r, rspan: 1, gs: l.glyphs([]Run{{Text: cell.Text, Code: cell.Code}}, st), align: al, fill: fill})
			c += span
		}
	}
	return hcells, body
}

// breakCell breaks the text of a cell into lines of width w. A last line of
// a single character ("审核状/态", "…〔2017〕7/号") is avoided by breaking
// the lines before it a little shorter, as long as that takes no more lines.
func breakCell(gs []glyph, w float64) []lineRange {
	lines := breakLines(gs, func(int) float64 { return w })
	for try, narrow := 0, w; try < 4; try++ {
		n := len(lines)
		if n < 2 || lines[n-1].end-lines[n-1].start != 1 || lines[n-1].hard && lines[n-2].hard {
			return lines
		}
		narrow -= gs[lines[n-1].start].w
		alt := breakLines(gs, func(int) float64 { return narrow })
		if len(alt) > n {
			return lines
		}
		lines = alt
	}
	return lines
}

func (l *layouter) drawRow(row trow, xs []float64, y, h float64, rng [][2]int, lh float64) {
	for i, c := range row.cells {
		from, to := 0, len(c.lines)
		if rng != nil {
			from, to = rng[i][0], rng[i][1]
		}
		l.drawCell(c, xs, y, h, from, to, lh)
	}
}

// drawCell draws lines [from, to) of c in the box at y of height h,
// vertically centred.
func (l *layouter) drawCell(c *tcell, xs []float64, y, h float64, from, to int, lh float64) {
	x, w := xs[c.col], xs[c.col+c.span]-xs[c.col]
	if c.fill > 0 && c.fill < 1 {
		l.emit(&rectOp{x: x, y: y, w: w, h: h, fill: c.fill})
	}
	l.emit(&rectOp{x: x, y: y, w: w, h: h, stroke: ruleW})
	ty := y + (h-float64(to-from)*lh)/2
	for _, ln := range c.lines[from:to] {
		al := c.align
		if al == AlignDefault || al == AlignJustify {
			al = AlignLeft
		}
		size := 10.5
		if ln.end > ln.start {
			size = c.gs[ln.start].size
		}
		l.emit(lineOp(c.gs, ln, al, x+cellPadX, w-2*cellPadX, ty, lh, size))
		ty += lh
	}
}

func sum(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s
}

// shortWords returns the width of the widest short word of a cell: the
// text between spaces and punctuation (an opening bracket starts a word, a
// closing mark ends one), if at most shortText characters wide.
func shortWords(gs []glyph) float64 {
	best, w := 0.0, 0.0
	flush := func(size float64) {
		if w <= shortText*size*ptmm+eps {
			best = math.Max(best, w)
		}
		w = 0
	}
	for i, g := range gs {
		switch {
		case g.r == '\n' || isSpace(g.r):
			flush(g.size)
		case noEnd[g.r]:
			flush(g.size)
			w = g.w
		case noStart[g.r] && g.r != '〕' && g.r != '）' && g.r != ')':
			w += g.w
			flush(g.size)
		default:
			w += g.w
		}
		if i == len(gs)-1 {
			flush(g.size)
		}
	}
	return best
}

// shortText is the length, in characters, up to which a header or cell
// text is kept on one line (when the columns can be fitted at all).
const shortText = 6.2

// minKeepScale is how far a table's type may shrink to keep short texts
// whole before they are broken after all.
const minKeepScale = 0.85

// minTableSize is the smallest size in points a table is shrunk to when
// its columns do not fit the width even at one character each.
const minTableSize = 5.0

// fitColumns computes column widths. Fixed widths are kept. Every other
// column has three widths:
//   - hard: its widest single character (or MinWidth) plus padding; a column
//     is never narrower, or characters would spill over the rules;
//   - min: its widest unbreakable word, and short texts (up to about five
//     characters) unwrapped;
//   - pref: its widest line unwrapped (at most MaxWidth).
//
// If the preferred widths fit, spare width goes by Weight (or preferred
// width); else if the minimum widths fit, each column gets its minimum plus
// a share of the rest in proportion to how much it would like to grow; else
// each column gets its hard width plus a share of the rest up to its
// minimum, by Weight (so that, e.g., the columns of a matrix stay equal) or
// by how far it is below its minimum.
//
// If even the hard widths do not fit, MinWidth is dropped; if that is still
// not enough, scale (< 1) is the factor the text must shrink by for one
// character per column to fit, and the widths are those of the shrunk text
// (the caller sets the table in a smaller size and fits again). Otherwise
// scale is 1.
func fitColumns(cols []Column, total float64, head []*tcell, body [][]*tcell) (w []float64, scale float64) {
	n := len(cols)
	glyphW := make([]float64, n) // widest character
	minW := make([]float64, n)
	pref := make([]float64, n)
	keep := make([]float64, n) // short header and cell texts, kept whole
	// The narrowest a line can get: one character and the closing
	// punctuation that may not start the next line (e.g. "街、").
	widestGlyph := func(c *tcell) {
		for i := 0; i < len(c.gs); i++ {
			g := c.gs[i]
			if g.r == '\n' || isSpace(g.r) {
				continue
			}
			w := g.w
			for i+1 < len(c.gs) && noStart[c.gs[i+1].r] {
				i++
				w += c.gs[i].w
			}
			glyphW[c.col] = math.Max(glyphW[c.col], w)
		}
	}
	measure := func(c *tcell) {
		if c.span != 1 {
			return
		}
		widestGlyph(c)
		mn, pf, line := 0.0, 0.0, 0.0
		for _, a := range atomize(c.gs, math.Inf(1)) {
			switch a.kind {
			case atomNewline:
				line = 0
				continue
			case atomWord:
				mn = math.Max(mn, a.w)
			}
			line += a.w
			pf = math.Max(pf, line)
		}
		// Short texts (up to six characters) are not wrapped, nor are
		// short words between punctuation ("泰海政办发", "〔2017〕17号").
		if len(c.gs) > 0 && pf <= shortText*c.gs[0].size*ptmm {
			mn = pf
			keep[c.col] = math.Max(keep[c.col], pf+2*cellPadX)
		}
		if sw := shortWords(c.gs); sw > 0 {
			mn = math.Max(mn, sw)
			keep[c.col] = math.Max(keep[c.col], sw+2*cellPadX)
		}
		if cols[c.col].OneLine {
			mn = pf
			keep[c.col] = math.Max(keep[c.col], pf+2*cellPadX)
		}
		minW[c.col] = math.Max(minW[c.col], mn+2*cellPadX)
		pref[c.col] = math.Max(pref[c.col], pf+2*cellPadX)
	}
	for _, c := range head {
		// Header text may wrap freely: count only its widest word.
		if c.span == 1 {
			widestGlyph(c)
			line := 0.0
			for _, a := range atomize(c.gs, math.Inf(1)) {
				line += a.w
				if a.kind == atomWord {
					minW[c.col] = math.Max(minW[c.col], a.w+2*cellPadX)
				}
			}
			// Short headers such as "2015年" or "审核状态" stay on one line.
			if len(c.gs) > 0 && (line <= shortText*c.gs[0].size*ptmm || cols[c.col].OneLine) {
				minW[c.col] = math.Max(minW[c.col], line+2*cellPadX)
				keep[c.col] = math.Max(keep[c.col], line+2*cellPadX)
			}
		}
	}
	for _, row := range body {
		for _, c := range row {
			measure(c)
		}
	}
	w = make([]float64, n)
	hard := make([]float64, n)
	fixed := 0.0
	var flex []int
	for i, c := range cols {
		if c.Width > 0 {
			// A fixed width still fits the column's short header and words
			// ("审核状态" in a 13 mm column at 9 pt).
			w[i] = math.Max(c.Width, keep[i])
			fixed += w[i]
			continue
		}
		hard[i] = glyphW[i] + 2*cellPadX
		if c.MinWidth > 0 {
			hard[i] = math.Max(hard[i], c.MinWidth)
			minW[i] = math.Max(minW[i], c.MinWidth)
		}
		minW[i] = math.Max(minW[i], hard[i])
		pref[i] = math.Max(pref[i], minW[i])
		if c.MaxWidth > 0 {
			pref[i] = math.Min(pref[i], math.Max(c.MaxWidth, minW[i]))
		}
		flex = append(flex, i)
	}
	avail := total - fixed
	var sHard, sMin, sPref float64
	for _, i := range flex {
		sHard += hard[i]
		sMin += minW[i]
		sPref += pref[i]
	}
	scale = 1
	switch {
	case len(flex) == 0:
	case sPref <= avail+eps:
		// Everything fits unwrapped: share the rest.
		extra := avail - sPref
		ws, anyWeight := 0.0, false
		for _, i := range flex {
			if cols[i].Weight > 0 {
				anyWeight = true
			}
		}
		share := func(i int) float64 {
			if anyWeight {
				return cols[i].Weight
			}
			return pref[i]
		}
		for _, i := range flex {
			if cols[i].MaxWidth == 0 || pref[i] < cols[i].MaxWidth {
				ws += share(i)
			}
		}
		for _, i := range flex {
			w[i] = pref[i]
			if ws > 0 && (cols[i].MaxWidth == 0 || pref[i] < cols[i].MaxWidth) {
				w[i] += extra * share(i) / ws
				if cols[i].MaxWidth > 0 {
					w[i] = math.Min(w[i], cols[i].MaxWidth)
				}
			}
		}
	case sMin <= avail+eps:
		grow := sPref - sMin
		for _, i := range flex {
			w[i] = minW[i]
			if grow > 0 {
				w[i] += (avail - sMin) * (pref[i] - minW[i]) / grow
			}
		}
	default:
		// Keep short texts whole: narrow the columns of long text first,
		// then set the table a little smaller.
		var sKeep float64
		base := make([]float64, n)
		for _, i := range flex {
			base[i] = math.Max(hard[i], math.Min(keep[i], minW[i]))
			sKeep += base[i]
		}
		if sKeep <= avail+eps {
			fillUp(w, flex, base, minW, avail-sKeep, func(i int) float64 { return cols[i].Weight })
			break
		}
		if pads := 2 * cellPadX * float64(len(flex)); avail > pads {
			if f := (avail - pads) / (sKeep - pads); f >= minKeepScale {
				scale = f
			}
		}
		if sHard > avail+eps {
			// MinWidth is a wish: give it up before the text has to shrink.
			sHard = 0
			for _, i := range flex {
				hard[i] = glyphW[i] + 2*cellPadX
				sHard += hard[i]
			}
		}
		if sHard <= avail+eps {
			fillUp(w, flex, hard, minW, avail-sHard, func(i int) float64 { return cols[i].Weight })
			break
		}
		// Hard widths do not fit: shrink the text.
		scale = 1
		sGlyph := 0.0
		for _, i := range flex {
			sGlyph += glyphW[i]
		}
		room := avail - 2*cellPadX*float64(len(flex))
		if room > 0 && sGlyph > 0 {
			scale = room / sGlyph
			for _, i := range flex {
				w[i] = glyphW[i]*scale + 2*cellPadX
			}
		} else {
			// Not even the padding fits: last resort, proportional.
			scale = 0
			for _, i := range flex {
				w[i] = hard[i] * math.Max(avail, 0) / sHard
			}
		}
	}
	// Never wider than the page (only fixed widths can get here).
	if s := sum(w); s > total+eps {
		for i := range w {
			w[i] *= total / s
		}
	}
	return w, scale
}

// fillUp sets w[i] = base[i] for the columns idx and shares extra out among
// them, never past limit[i]. Columns with a Weight are levelled first: each
// gets max(base, level×weight) for the highest level that fits, so that
// columns of equal weight end up equally wide. What they cannot take goes to
// the others in proportion to limit[i]-base[i].
func fillUp(w []float64, idx []int, base, limit []float64, extra float64, weight func(int) float64) {
	var weighted, rest []int
	for _, i := range idx {
		w[i] = base[i]
		if weight(i) > 0 {
			weighted = append(weighted, i)
		} else {
			rest = append(rest, i)
		}
	}
	if len(weighted) > 0 && extra > eps {
		at := func(level float64) float64 {
			s := 0.0
			for _, i := range weighted {
				s += math.Min(limit[i], math.Max(base[i], level*weight(i))) - base[i]
			}
			return s
		}
		lo, hi := 0.0, 0.0
		for _, i := range weighted {
			hi = math.Max(hi, limit[i]/weight(i))
		}
		if at(hi) <= extra {
			lo = hi
		} else {
			for k := 0; k < 60; k++ {
				mid := (lo + hi) / 2
				if at(mid) <= extra {
					lo = mid
				} else {
					hi = mid
				}
			}
		}
		for _, i := range weighted {
			w[i] = math.Min(limit[i], math.Max(base[i], lo*weight(i)))
		}
		extra -= at(lo)
	}
	deficit := 0.0
	for _, i := range rest {
		deficit += limit[i] - base[i]
	}
	if extra > eps && deficit > eps {
		f := math.Min(extra/deficit, 1)
		for _, i := range rest {
			w[i] = base[i] + f*(limit[i]-base[i])
		}
	}
}
