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

// readGrid reads a sheet, bounded to maxRows × maxCols, and its merged
// ranges.
func readGrid(f *excelize.File, sheet string) (g *grid, err error) {
	g = &grid{f: f, sheet: sheet, merged: map[[2]int][2]int{}, fmts: map[int]numFormat{}}
	var rows *excelize.Rows
	if perr := excel(func() { rows, err = f.Rows(sheet) }); perr != nil {
		return nil, perr
	}
	if err != nil {
		return nil, err
	}
	defer func() { _ = rows.Close() }() // read only: nothing to lose
	for {
		var more bool
		var cols []string
		if perr := excel(func() {
			if more = rows.Next(); more {
				cols, err = rows.Columns(excelize.Options{RawCellValue: true})
			}
		}); perr != nil {
			return nil, perr
		}
		if !more {
			break
		}
		if len(g.rows) >= maxRows {
			g.truncated = true
			break
		}
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

// loadMerges reads the merged ranges of the sheet, only for the sheets the
// importer reads cells from.
func (g *grid) loadMerges() error {
	var merges []excelize.MergeCell
	var err error
	if perr := excel(func() { merges, err = g.f.GetMergeCells(g.sheet, true) }); perr != nil {
		return perr
	}
	if err != nil {
		return err
	}
	var refs []string
	for _, m := range merges {
		if perr := excel(func() { refs = append(refs, m.GetStartAxis()+":"+m.GetEndAxis()) }); perr != nil {
			continue
		}
	}
	for _, ref := range refs {
		start, end, _ := strings.Cut(ref, ":")
		if end == "" {
			end = start
		}
		c1, r1, err1 := excelize.CellNameToCoordinates(start)
		c2, r2, err2 := excelize.CellNameToCoordinates(end)
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
	// Date is set when the cell is a date or time (by its type or its
	// number format): Text is then the date as shown ("2016-05-01"), never
	// its serial number.
	Date bool
}

// value reads an input cell: a number keeps its meaning under a percent
// format (0.95 shown as 95% becomes "95%"), a formula without a cached
// result is computed, an error value is reported.
func (g *grid) value(col, row int) (c cell, err error) {
	text, ref := g.raw(col, row)
	c = cell{Text: text, Ref: ref}
	var typ excelize.CellType
	var terr error
	if perr := excel(func() { typ, terr = g.f.GetCellType(g.sheet, ref) }); perr != nil {
		terr = perr
	}
	if terr != nil {
		return c, fmt.Errorf("无法读取该单元格（%v）", terr)
	}
	if strings.TrimSpace(text) == "" {
		var formula, v string
		var cerr error
		if perr := excel(func() { formula, _ = g.f.GetCellFormula(g.sheet, ref) }); perr != nil {
			return c, fmt.Errorf("无法读取该单元格的公式（%v）", perr)
		}
		if formula == "" {
			return c, nil
		}
		if perr := excel(func() { v, cerr = g.f.CalcCellValue(g.sheet, ref, excelize.Options{RawCellValue: true}) }); perr != nil {
			cerr = perr
		}
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
	if typ == excelize.CellTypeDate {
		c.Date = true
		if t, err := time.Parse(time.RFC3339, strings.TrimSpace(c.Text)); err == nil {
			c.Text = showDate(t)
		}
		return c, nil
	}
	n, perr := strconv.ParseFloat(strings.TrimSpace(c.Text), 64)
	if perr != nil {
		return c, nil
	}
	switch g.format(ref) {
	case fmtDate:
		c.Date = true
		if t, err := excelize.ExcelDateToTime(n, false); err == nil && n >= 0 {
			c.Text = showDate(t)
		}
		return c, nil
	case fmtPercent:
		c.Text = strconv.FormatFloat(round(n*100), 'f', -1, 64) + "%"
	default:
		c.Text = strconv.FormatFloat(n, 'f', -1, 64)
	}
	return c, nil
}

// showDate prints a date cell as a person sees it: the date, and the time
// when there is one.
func showDate(t time.Time) string {
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 {
		return t.Format("2006-01-02")
	}
	if t.Year() <= 1900 {
		return t.Format("15:04:05")
	}
	return t.Format("2006-01-02 15:04:05")
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
	var id int
	var err error
	if perr := excel(func() { id, err = g.f.GetCellStyle(g.sheet, ref) }); perr != nil || err != nil || id == 0 {
		return fmtPlain
	}
	if k, ok := g.fmts[id]; ok {
		return k
	}
	k := fmtPlain
	var st *excelize.Style
	if perr := excel(func() { st, err = g.f.GetStyle(id) }); perr == nil && err == nil && st != nil {
		code := ""
		if st.CustomNumFmt != nil {
			code = *st.CustomNumFmt
		}
		k = formatKind(st.NumFmt, code)
	}
	g.fmts[id] = k
	return k
}

// formatKind tells from a built-in number format ID or a custom format code
// whether a cell shows a percentage or a date/time. Built-in date and time
// formats are 14–22 and 45–47, and 27–36 and 50–58 in East Asian
// locales; a custom code is a date or time when it has y, m, d, h or s
// outside quoted text, escapes and [brackets] (but [h], [m], [s] are
// elapsed time).
func formatKind(id int, code string) numFormat {
	switch {
	case id >= 14 && id <= 22, id >= 45 && id <= 47, id >= 27 && id <= 36, id >= 50 && id <= 58:
		return fmtDate
	case id == 9 || id == 10:
		return fmtPercent
	}
	plain := strings.ToLower(unquote(code))
	if elapsedRE.MatchString(plain) {
		return fmtDate
	}
	plain = bracketRE.ReplaceAllString(plain, "")
	plain = strings.ReplaceAll(plain, "general", "")
	switch {
	case strings.ContainsAny(plain, "ymdhs"):
		return fmtDate
	case strings.Contains(plain, "%"):
		return fmtPercent
	}
	return fmtPlain
}

var (
	quotedRE  = regexp.MustCompile(`"[^"]*"|\\.|[_*].`)
	bracketRE = regexp.MustCompile(`\[[^\]]*\]`)
	elapsedRE = regexp.MustCompile(`\[(h+|m+|s+)\]`)
)

// unquote removes literal text (quoted, escaped, padding) from a number
// format code.
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
