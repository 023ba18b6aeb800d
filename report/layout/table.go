package layout

import "math"

// Table is a ruled table that flows across pages: rows are kept whole when
// they fit on a page, the header rows are repeated on every page (with the
// caption marked "（续）"), and cell text wraps with the Chinese line breaker.
type Table struct {
	Caption string // above the table, e.g. "表1 指标完成情况"
	Columns []Column
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
}

// Cell is a table cell.
type Cell struct {
	Text    string
	ColSpan int // default 1
	RowSpan int // header rows only; default 1
	Align   Align
	Bold    bool
	Fill    float64 // background grey level 0–1 (1 = white); 0: none
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
// cells (e.g. "●" lead, "○" support). Column titles wrap character by
// character in narrow columns.
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

func (l *layouter) table(t *Table) {
	th := l.sec.theme
	size := t.Size
	if size == 0 {
		size = th.TableSize
	}
	lh := size * ptmm * 1.42
	bodySt := TextStyle{Face: th.TableFace, Size: size}
	headSt := TextStyle{Face: th.TableHeaderFace, Size: size}
	ncol := len(t.Columns)
	if ncol == 0 {
		return
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
	// Place header cells on a grid (handles RowSpan and ColSpan).
	var hcells []*tcell
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
			hcells = append(hcells, &tcell{col: c, span: span, row: r, rspan: rspan, gs: l.glyphs([]Run{{Text: cell.Text}}, st), align: al, fill: fill})
			c += span
		}
	}
	// Body cells.
	body := make([][]*tcell, len(t.Rows))
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
			body[r] = append(body[r], &tcell{col: c, span: span, row: r, rspan: 1, gs: l.glyphs([]Run{{Text: cell.Text}}, st), align: al, fill: fill})
			c += span
		}
	}
	widths := fitColumns(t.Columns, width, hcells, body)
	x0 := l.sec.left + (l.sec.w-sum(widths))/2
	xs := make([]float64, ncol+1)
	xs[0] = x0
	for i, w := range widths {
		xs[i+1] = xs[i] + w
	}
	layoutCell := func(c *tcell) float64 {
		w := xs[c.col+c.span] - xs[c.col] - 2*cellPadX
		c.lines = breakLines(c.gs, func(int) float64 { return w })
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
	headH := sum(hh)
	rows := make([]trow, len(body))
	for r, cells := range body {
		rows[r].cells = cells
		h := lh + 2*cellPadY
		for _, c := range cells {
			h = math.Max(h, layoutCell(c))
		}
		rows[r].h = h
	}

	capSt := th.Caption
	capGs := l.glyphs([]Run{{Text: t.Caption}}, capSt)
	capLines := breakLines(capGs, func(int) float64 { return l.sec.w })
	capLH := capSt.Leading * capSt.Size * ptmm
	capH := float64(len(capLines)) * capLH

	drawHeader := func(cont bool) {
		if t.Caption != "" {
			gs, lines := capGs, capLines
			if cont {
				gs = l.glyphs([]Run{{Text: t.Caption + "（续）"}}, capSt)
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
	first := 0.0
	if len(rows) > 0 {
		first = rows[0].h
	}
	l.ensure(capH + headH + math.Min(first, l.sec.h/3))
	drawHeader(false)
	for _, row := range rows {
		if row.h <= l.room()+eps {
			l.drawRow(row, xs, l.y, row.h, nil, lh)
			l.y += row.h
			continue
		}
		full := l.sec.h - capH - headH
		if row.h <= full+eps {
			l.newPage()
			drawHeader(true)
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
		}
	}
	// Back onto the grid, then the space after.
	if l.sec.pitch > 0 {
		k := math.Ceil((l.y-l.sec.top)/l.sec.pitch - eps)
		l.y = l.sec.top + k*l.sec.pitch
	}
	l.space(capSt.SpaceAfter + 2)
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

// fitColumns computes column widths: fixed widths are kept; the others get
// their preferred (unwrapped) width if everything fits, otherwise their
// minimum (widest word) plus a share of the rest in proportion to how much
// they would like to grow. Spare width goes by Weight (or preferred width).
func fitColumns(cols []Column, total float64, head []*tcell, body [][]*tcell) []float64 {
	n := len(cols)
	minW := make([]float64, n)
	pref := make([]float64, n)
	measure := func(c *tcell) {
		if c.span != 1 {
			return
		}
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
		// Short texts (up to about five characters) are not wrapped.
		if len(c.gs) > 0 && pf <= 5.2*c.gs[0].size*ptmm {
			mn = pf
		}
		minW[c.col] = math.Max(minW[c.col], mn+2*cellPadX)
		pref[c.col] = math.Max(pref[c.col], pf+2*cellPadX)
	}
	for _, c := range head {
		// Header text may wrap freely: count only its widest character.
		if c.span == 1 {
			line := 0.0
			for _, a := range atomize(c.gs, math.Inf(1)) {
				line += a.w
				if a.kind == atomWord {
					minW[c.col] = math.Max(minW[c.col], a.w+2*cellPadX)
				}
			}
			// Short headers such as "2015年" stay on one line.
			if len(c.gs) > 0 && line <= 5.2*c.gs[0].size*ptmm {
				minW[c.col] = math.Max(minW[c.col], line+2*cellPadX)
			}
		}
	}
	for _, row := range body {
		for _, c := range row {
			measure(c)
		}
	}
	w := make([]float64, n)
	fixed := 0.0
	var flex []int
	for i, c := range cols {
		if c.Width > 0 {
			w[i] = c.Width
			fixed += c.Width
			continue
		}
		if c.MinWidth > 0 {
			minW[i] = math.Max(minW[i], c.MinWidth)
		}
		pref[i] = math.Max(pref[i], minW[i])
		if c.MaxWidth > 0 {
			pref[i] = math.Min(pref[i], math.Max(c.MaxWidth, minW[i]))
		}
		flex = append(flex, i)
	}
	avail := total - fixed
	var sMin, sPref float64
	for _, i := range flex {
		sMin += minW[i]
		sPref += pref[i]
	}
	switch {
	case len(flex) == 0:
	case sPref <= avail:
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
	case sMin <= avail:
		grow := sPref - sMin
		for _, i := range flex {
			w[i] = minW[i]
			if grow > 0 {
				w[i] += (avail - sMin) * (pref[i] - minW[i]) / grow
			}
		}
	default:
		for _, i := range flex {
			w[i] = minW[i] * avail / sMin
		}
	}
	// Never wider than the page.
	if s := sum(w); s > total+eps {
		for i := range w {
			w[i] *= total / s
		}
	}
	return w
}
