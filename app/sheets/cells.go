package sheets

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"ecoreport/app/catalog"
)

// grid is the content of one sheet as read from an imported workbook: raw
// cell values (cached results for formulas), with merged ranges filled from
// their top-left cell.
type grid struct {
	f      *excelize.File
	sheet  string
	rows   [][]string
	merged map[[2]int][2]int // cell (col, row) → its merged range's top-left cell
	fmts   map[int]numFormat // style ID → kind of number format
	// truncated is set when the sheet has more rows than maxRows.
	truncated bool
}

// numFormat is the kind of a cell's number format that changes its meaning.
type numFormat int

const (
	fmtPlain numFormat = iota
	fmtPercent
	fmtDate
)

// readGrid reads a sheet, bounded to maxRows × maxCols.
func readGrid(f *excelize.File, sheet string) (*grid, error) {
	g := &grid{f: f, sheet: sheet, merged: map[[2]int][2]int{}, fmts: map[int]numFormat{}}
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		if len(g.rows) >= maxRows {
			g.truncated = true
			break
		}
		cols, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, err
		}
		if len(cols) > maxCols {
			cols = cols[:maxCols]
		}
		g.rows = append(g.rows, cols)
	}
	if err := rows.Error(); err != nil {
		return nil, err
	}
	return g, nil
}

// loadMerges reads the merged ranges of the sheet. It is done only for the
// sheets the importer reads cells from, as it parses the whole sheet.
func (g *grid) loadMerges() error {
	merges, err := g.f.GetMergeCells(g.sheet, true)
	if err != nil {
		return err
	}
	for _, m := range merges {
		c1, r1, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
		c2, r2, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
		if err1 != nil || err2 != nil || c2 < c1 || r2 < r1 {
			continue
		}
		r2, c2 = min(r2, maxRows), min(c2, maxCols)
		if (r2-r1+1)*(c2-c1+1) > 10000 {
			continue // a merge over a whole sheet carries no data of ours
		}
		for r := r1; r <= r2; r++ {
			for c := c1; c <= c2; c++ {
				if r != r1 || c != c1 {
					g.merged[[2]int{c, r}] = [2]int{c1, r1}
				}
			}
		}
	}
	return nil
}

// raw returns the raw text of a cell (1-based column and row), following a
// merged range to its top-left cell, and the name of the cell it came from.
func (g *grid) raw(col, row int) (string, string) {
	if tl, ok := g.merged[[2]int{col, row}]; ok {
		col, row = tl[0], tl[1]
	}
	ref := cellName(col, row)
	if row < 1 || row > len(g.rows) || col < 1 || col > len(g.rows[row-1]) {
		return "", ref
	}
	return g.rows[row-1][col-1], ref
}

// text returns a cell's text, trimmed, for labels and headers.
func (g *grid) text(col, row int) string {
	s, _ := g.raw(col, row)
	return strings.TrimSpace(s)
}

// cell is the value of one input cell as the importer understands it.
type cell struct {
	Text string // what the person typed, as far as it can be told: "95%", "９５", "0.52"
	Ref  string // the cell it came from (the top-left cell of a merged range)
	Note string // how it was read, when worth saying: "公式计算结果"
}

// value reads an input cell: a number keeps its meaning under a percent
// format (0.95 shown as 95% becomes "95%"), a formula without a cached
// result is computed, an error value is reported.
func (g *grid) value(col, row int) (c cell, err error) {
	text, ref := g.raw(col, row)
	c = cell{Text: text, Ref: ref}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("无法读取该单元格(%v)", r)
		}
	}()
	typ, _ := g.f.GetCellType(g.sheet, ref)
	if strings.TrimSpace(text) == "" {
		formula, _ := g.f.GetCellFormula(g.sheet, ref)
		if formula == "" {
			return c, nil
		}
		v, cerr := g.f.CalcCellValue(g.sheet, ref, excelize.Options{RawCellValue: true})
		if cerr != nil {
			return c, fmt.Errorf("公式 =%s 没有计算结果,也无法计算(%v),请填写数值", formula, cerr)
		}
		c.Text, c.Note = v, "公式计算结果"
		typ = excelize.CellTypeUnset
	}
	switch typ {
	case excelize.CellTypeError:
		return c, fmt.Errorf("单元格是错误值 %s(公式出错),请填写数值", text)
	case excelize.CellTypeSharedString, excelize.CellTypeInlineString, excelize.CellTypeFormula, excelize.CellTypeBool:
		return c, nil
	}
	n, perr := strconv.ParseFloat(strings.TrimSpace(c.Text), 64)
	if perr != nil {
		return c, nil
	}
	if g.format(ref) == fmtPercent {
		c.Text = strconv.FormatFloat(round(n*100), 'f', -1, 64) + "%"
	} else {
		c.Text = strconv.FormatFloat(n, 'f', -1, 64)
	}
	return c, nil
}

// round drops the binary noise of a computed number: 0.95*100 = 95.00000000000001.
func round(x float64) float64 {
	if x == 0 || math.IsInf(x, 0) || math.IsNaN(x) {
		return x
	}
	v, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 12, 64), 64)
	return v
}

// format returns the kind of the number format of a cell.
func (g *grid) format(ref string) numFormat {
	id, err := g.f.GetCellStyle(g.sheet, ref)
	if err != nil || id == 0 {
		return fmtPlain
	}
	if k, ok := g.fmts[id]; ok {
		return k
	}
	k := fmtPlain
	if st, err := g.f.GetStyle(id); err == nil && st != nil {
		code := ""
		if st.CustomNumFmt != nil {
			code = *st.CustomNumFmt
		}
		switch {
		case st.NumFmt == 9 || st.NumFmt == 10 || strings.Contains(unquote(code), "%"):
			k = fmtPercent
		case st.NumFmt >= 14 && st.NumFmt <= 22, st.NumFmt >= 27 && st.NumFmt <= 36, st.NumFmt >= 50 && st.NumFmt <= 58,
			strings.ContainsAny(strings.ToLower(unquote(code)), "ymd") && !strings.Contains(strings.ToLower(code), "general"):
			k = fmtDate
		}
	}
	g.fmts[id] = k
	return k
}

var quotedRE = regexp.MustCompile(`"[^"]*"|\\.`)

// unquote removes literal text from a number format code.
func unquote(code string) string { return quotedRE.ReplaceAllString(code, "") }

// normLabel normalises a header or label for comparison: full-width to
// ASCII, no spaces or line breaks.
func normLabel(s string) string {
	s = catalog.NormalizeWidth(s)
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '\n', '\r', '\u00a0':
			return -1
		}
		return r
	}, s)
}

var yearHeaderRE = regexp.MustCompile(`^((?:19|20)\d\d)(?:年|年度)?(?:\(.*\))?(?:数据|指标值|数值)?$`)

// headerYear reads a year column header: "2015年", "2015", "２０１５年度".
func headerYear(s string) (int, bool) {
	m := yearHeaderRE.FindStringSubmatch(normLabel(s))
	if m == nil {
		return 0, false
	}
	y, _ := strconv.Atoi(m[1])
	return y, true
}

var dateRE = regexp.MustCompile(`^((?:19|20)\d\d)\s*[-/.年]\s*(\d{1,2})(?:\s*[-/.月]\s*(\d{1,2})\s*日?)?\s*月?$`)

// parseDate reads a document date: an Excel date number, "2017-03-15",
// "2017/3/15", "2017.3.15", "2017年3月15日", "2017年3月". ok is false when
// it cannot be read; the text is then kept as it is.
func parseDate(text string) (string, bool) {
	s := catalog.NormalizeWidth(text)
	if s == "" {
		return "", true
	}
	if n, err := strconv.ParseFloat(s, 64); err == nil {
		if n > 10000 && n < 80000 {
			if t, err := excelize.ExcelDateToTime(n, false); err == nil {
				return t.Format("2006-01-02"), true
			}
		}
		return s, false
	}
	if m := dateRE.FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		if mo < 1 || mo > 12 {
			return s, false
		}
		if m[3] == "" {
			return fmt.Sprintf("%04d-%02d", y, mo), true
		}
		d, _ := strconv.Atoi(m[3])
		t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
		if t.Day() != d {
			return s, false
		}
		return t.Format("2006-01-02"), true
	}
	return s, false
}
