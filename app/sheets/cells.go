package sheets

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"ecoreport/app/catalog"
)

// grid is the content of one sheet as read from an imported workbook (see
// xlsxBook.readSheet): raw cell values (cached results for formulas), with
// merged ranges filled from their top-left cell, and what the importer needs
// to know of each cell besides.
type grid struct {
	sheet string
	rows  [][]string
	cells [][]xlsxCell // type, format and formula of each cell of rows
	// mergeRefs are the merged ranges as written ("B3:C4"); merged maps
	// each cell of them but the first to the first, once loadMerges ran.
	mergeRefs []string
	merged    map[[2]int][2]int // cell (col, row) → its merged range's top-left cell
	// truncated is set when the sheet has content in rows past maxRows.
	truncated bool
	// damaged is the error that stopped reading the sheet's XML part way;
	// rows holds what came before it.
	damaged error
	// library opens the workbook with excelize, for the rare formula
	// without a cached result; nil when not available.
	library func() (*excelize.File, error)
	// comments are the cell comments (批注) by cell name, read for the
	// data sheets only.
	comments map[string]string
}

// numFormat is the kind of a cell's number format that changes its meaning.
type numFormat int

const (
	fmtPlain numFormat = iota
	fmtPercent
	fmtDate
)

// loadMerges maps the cells of the merged ranges of the sheet, only for the
// sheets the importer reads cells from.
func (g *grid) loadMerges() error {
	for _, ref := range g.mergeRefs {
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

// info returns what is known of a cell besides its text (following a merged
// range to its top-left cell); the zero xlsxCell for an empty cell.
func (g *grid) info(col, row int) xlsxCell {
	if tl, ok := g.merged[[2]int{col, row}]; ok {
		col, row = tl[0], tl[1]
	}
	if row < 1 || row > len(g.cells) || col < 1 || col > len(g.cells[row-1]) {
		return xlsxCell{}
	}
	return g.cells[row-1][col-1]
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

// shown returns a free-text cell (数据来源, 备注, a narrative) as the person
// sees it: a date as the date, a percentage with its sign, TRUE as TRUE,
// never the serial number or fraction stored underneath ("2018-01-15", not
// 43115; "50%", not 0.5).
func (g *grid) shown(col, row int) string {
	raw, _ := g.raw(col, row)
	if strings.TrimSpace(raw) == "" {
		return raw // an uncached formula is not computed for a text
	}
	c, err := g.value(col, row)
	if err != nil {
		return raw
	}
	return c.Text
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
	// Bool is set when the cell is a logical value (TRUE typed in Excel or
	// LibreOffice): Text is then "TRUE" or "FALSE", never 1 or 0.
	Bool bool
}

// value reads an input cell: a number keeps its meaning under a percent
// format (0.95 shown as 95% becomes "95%"), a formula without a cached
// result is computed, an error value is reported.
func (g *grid) value(col, row int) (c cell, err error) {
	text, ref := g.raw(col, row)
	c = cell{Text: text, Ref: ref}
	info := g.info(col, row)
	typ := info.Type
	if strings.TrimSpace(text) == "" {
		if !info.Formula {
			return c, nil
		}
		if g.library == nil {
			return c, errors.New("公式没有计算结果，请填写数值")
		}
		f, err := g.library()
		if err != nil {
			return c, fmt.Errorf("无法读取该单元格的公式（%v）", err)
		}
		var formula, v string
		var cerr error
		if perr := excel(func() { formula, _ = f.GetCellFormula(g.sheet, ref) }); perr != nil {
			return c, fmt.Errorf("无法读取该单元格的公式（%v）", perr)
		}
		if formula == "" {
			return c, nil
		}
		if perr := excel(func() { v, cerr = f.CalcCellValue(g.sheet, ref, excelize.Options{RawCellValue: true}) }); perr != nil {
			cerr = perr
		}
		if cerr != nil {
			return c, fmt.Errorf("公式 =%s 没有计算结果，也无法计算（%v），请填写数值", formula, cerr)
		}
		c.Text, c.Note = v, "公式计算结果"
		typ = excelize.CellTypeUnset
	}
	switch typ {
	case excelize.CellTypeError:
		return c, fmt.Errorf("单元格是错误值 %s（公式出错），请填写数值", text)
	case excelize.CellTypeSharedString, excelize.CellTypeInlineString, excelize.CellTypeFormula:
		return c, nil
	case excelize.CellTypeBool:
		c.Bool = true
		c.Text = "FALSE"
		if n, err := strconv.ParseFloat(strings.TrimSpace(text), 64); err == nil && n != 0 {
			c.Text = "TRUE"
		}
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
	switch info.Format {
	case fmtDate:
		c.Date = true
		if t, err := excelize.ExcelDateToTime(n, false); err == nil && n >= 0 {
			c.Text = showDate(t)
		}
		return c, nil
	case fmtPercent:
		c.Text = strconv.FormatFloat(round(n*100), 'f', -1, 64) + "%"
	default:
		c.Text = strconv.FormatFloat(shownPrecision(n), 'f', -1, 64)
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

// shownPrecision rounds a stored number to the 15 significant digits Excel
// computes and shows with: Excel saves a formula's result with all 17
// (=95.1-0.1 as 94.999999999999986), which the person sees as 95 and which
// must not fail a target of ≥95. Typed numbers have no more digits.
func shownPrecision(x float64) float64 {
	if x == 0 || math.IsInf(x, 0) || math.IsNaN(x) {
		return x
	}
	v, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 15, 64), 64)
	return v
}

// round drops the binary noise of a computed number: 0.95*100 = 95.00000000000001.
func round(x float64) float64 {
	if x == 0 || math.IsInf(x, 0) || math.IsNaN(x) {
		return x
	}
	v, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 12, 64), 64)
	return v
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
