package sheets

// A single-pass reader of the worksheets of an imported workbook. excelize
// parses a worksheet again for nearly every per-cell question (type, style,
// merged ranges), which made importing 30 returns spend most of its time
// re-parsing XML. This reader decodes each part once with a streaming
// encoding/xml decoder: the workbook's sheet list and relationships,
// sharedStrings.xml, the number formats of styles.xml, and each worksheet's
// cells (r, s, t, v, f, inline strings) and merged ranges. excelize is still
// used to write workbooks, and to compute a formula that has no cached
// result (rare, opened only then). The worksheets, shared strings and
// styles are read first by the byte scanner of xlsxscan.go; the
// encoding/xml readers here take over whenever it gives up.

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// xlsxBook is a workbook opened for reading.
type xlsxBook struct {
	parts  map[string]*zip.File // by name, as in the zip
	lower  map[string]*zip.File // by lower-case name, for producers that differ in case
	sheets []xlsxSheetRef
	shared []string
	// xfKinds is the kind of number format of each cell format (cellXfs
	// index, the s attribute of a cell).
	xfKinds []numFormat
}

// xlsxSheetRef is one sheet of the workbook: its name and its part.
type xlsxSheetRef struct {
	Name string
	Part string // "xl/worksheets/sheet1.xml"
}

// openXLSX reads the workbook's sheet list, shared strings and cell
// formats. data must have passed checkFormat (which bounds the sizes of the
// parts); every part is read through a limit all the same.
func openXLSX(data []byte) (*xlsxBook, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	b := &xlsxBook{parts: map[string]*zip.File{}, lower: map[string]*zip.File{}}
	for _, f := range zr.File {
		name := strings.TrimPrefix(f.Name, "/")
		b.parts[name] = f
		b.lower[strings.ToLower(name)] = f
	}
	rels, err := b.relationships("xl/_rels/workbook.xml.rels")
	if err != nil {
		return nil, err
	}
	if err := b.readWorkbook(rels); err != nil {
		return nil, err
	}
	sharedPart, stylesPart := "xl/sharedStrings.xml", "xl/styles.xml"
	for _, r := range rels {
		switch {
		case strings.HasSuffix(r.Type, "/sharedStrings"):
			sharedPart = r.Target
		case strings.HasSuffix(r.Type, "/styles"):
			stylesPart = r.Target
		}
	}
	if err := b.readSharedStrings(sharedPart); err != nil {
		return nil, err
	}
	if err := b.readStyles(stylesPart); err != nil {
		return nil, err
	}
	return b, nil
}

// part opens a part of the package; ok is false when there is none.
func (b *xlsxBook) part(name string) (io.ReadCloser, bool, error) {
	f := b.parts[name]
	if f == nil {
		f = b.lower[strings.ToLower(name)]
	}
	if f == nil {
		return nil, false, nil
	}
	if f.UncompressedSize64 > maxPartSize {
		return nil, true, fmt.Errorf("部件 %s 解压后过大", name)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, true, err
	}
	// The declared size may lie: never read more than the bound.
	return struct {
		io.Reader
		io.Closer
	}{io.LimitReader(rc, maxPartSize), rc}, true, nil
}

type xlsxRel struct {
	ID, Type, Target string
}

// relationships reads a relationships part; targets are resolved to part
// names ("xl/worksheets/sheet1.xml") from the folder of the part the
// relationships belong to ("xl" for xl/_rels/workbook.xml.rels).
func (b *xlsxBook) relationships(name string) (map[string]xlsxRel, error) {
	base := path.Dir(path.Dir(name))
	rc, ok, err := b.part(name)
	if err != nil || !ok {
		return nil, err
	}
	defer func() { _ = rc.Close() }() // read only
	out := map[string]xlsxRel{}
	dec := xml.NewDecoder(rc)
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "Relationship" {
			continue
		}
		r := xlsxRel{ID: attr(se, "Id"), Type: attr(se, "Type"), Target: attr(se, "Target")}
		if strings.HasPrefix(r.Target, "/") {
			r.Target = strings.TrimPrefix(r.Target, "/")
		} else {
			r.Target = path.Join(base, r.Target)
		}
		out[r.ID] = r
	}
}

// readWorkbook reads the sheet list of xl/workbook.xml.
func (b *xlsxBook) readWorkbook(rels map[string]xlsxRel) error {
	rc, ok, err := b.part("xl/workbook.xml")
	if err != nil {
		return err
	}
	if !ok {
		return errors.New("缺少 xl/workbook.xml")
	}
	defer func() { _ = rc.Close() }() // read only
	dec := xml.NewDecoder(rc)
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("xl/workbook.xml: %w", err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "sheet" {
			continue
		}
		ref := xlsxSheetRef{Name: attr(se, "name")}
		for _, a := range se.Attr {
			if a.Name.Local == "id" {
				ref.Part = rels[a.Value].Target
			}
		}
		b.sheets = append(b.sheets, ref)
	}
}

// readSharedStrings reads the shared strings: the text of each si, the
// runs of rich text concatenated, phonetic runs (rPh) left out.
func (b *xlsxBook) readSharedStrings(name string) error {
	if shared, ok := b.scanSharedStrings(name); ok {
		b.shared = shared
		return nil
	}
	b.shared = nil
	return b.readSharedStringsXML(name)
}

// readSharedStringsXML is readSharedStrings with encoding/xml, for what the
// byte scanner leaves to it.
func (b *xlsxBook) readSharedStringsXML(name string) error {
	rc, ok, err := b.part(name)
	if err != nil || !ok {
		return err
	}
	defer func() { _ = rc.Close() }() // read only
	dec := xml.NewDecoder(rc)
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "si" {
			s, err := readText(dec, "si")
			if err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			b.shared = append(b.shared, s)
		}
	}
}

// readText reads the text of a string item (si, is) up to its end element:
// the t elements, directly or in runs (r), not those of phonetic runs
// (rPh), with the _xHHHH_ escapes of OOXML decoded.
func readText(dec *xml.Decoder, end string) (string, error) {
	var sb strings.Builder
	depthPh := 0
	inT := false
	for {
		tok, err := dec.Token()
		if err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "rPh":
				depthPh++
			case "t":
				inT = depthPh == 0
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "rPh":
				depthPh--
			case "t":
				inT = false
			case end:
				return unescapeOOXML(sb.String()), nil
			}
		case xml.CharData:
			if inT {
				sb.Write(t)
			}
		}
	}
}

var ooxmlEscapeRE = regexp.MustCompile(`_x[0-9A-Fa-f]{4}_`)

// unescapeOOXML decodes the _xHHHH_ escapes by which OOXML stores
// characters XML cannot hold (_x000D_ is a carriage return, _x005F_ an
// underscore), as excelize does.
func unescapeOOXML(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	return ooxmlEscapeRE.ReplaceAllStringFunc(s, func(m string) string {
		n, err := strconv.ParseUint(m[2:6], 16, 32)
		if err != nil {
			return m
		}
		return string(rune(n))
	})
}

// readStyles reads the number formats: the custom formats (numFmts) and the
// format of every cell format (cellXfs), as kinds of formatKind.
func (b *xlsxBook) readStyles(name string) error {
	if kinds, ok := b.scanStyles(name); ok {
		b.xfKinds = kinds
		return nil
	}
	return b.readStylesXML(name)
}

// readStylesXML is readStyles with encoding/xml, for what the byte scanner
// leaves to it.
func (b *xlsxBook) readStylesXML(name string) error {
	rc, ok, err := b.part(name)
	if err != nil || !ok {
		return err
	}
	defer func() { _ = rc.Close() }() // read only
	custom := map[int]string{}
	var xfIDs []int
	inXfs := false
	dec := xml.NewDecoder(rc)
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "numFmt":
				if id, err := strconv.Atoi(attr(t, "numFmtId")); err == nil {
					custom[id] = attr(t, "formatCode")
				}
			case "cellXfs":
				inXfs = true
			case "xf":
				if inXfs {
					id, _ := strconv.Atoi(attr(t, "numFmtId"))
					xfIDs = append(xfIDs, id)
					if err := dec.Skip(); err != nil {
						return fmt.Errorf("%s: %w", name, err)
					}
				}
			}
		case xml.EndElement:
			if t.Name.Local == "cellXfs" {
				inXfs = false
			}
		}
	}
	b.xfKinds = make([]numFormat, len(xfIDs))
	for i, id := range xfIDs {
		b.xfKinds[i] = numFormatOf(id, custom)
	}
	return nil
}

// numFormatOf is the kind of a number format ID as excelize's GetStyle and
// formatKind tell it: a built-in ID (or an East Asian language format) by
// its number, otherwise the custom code.
func numFormatOf(id int, custom map[int]string) numFormat {
	builtin := (id >= 0 && id <= 4) || (id >= 9 && id <= 22) || (id >= 37 && id <= 49) ||
		(id >= 27 && id <= 36) || (id >= 50 && id <= 62) || (id >= 67 && id <= 81)
	if builtin {
		return formatKind(id, "")
	}
	if code, ok := custom[id]; ok {
		return formatKind(0, code)
	}
	return fmtPlain
}

// xlsxCell is what the importer needs to know of a cell besides its text.
type xlsxCell struct {
	Type    excelize.CellType
	Format  numFormat
	Formula bool // has a formula (f element)
}

// readSheet reads one worksheet into a grid, bounded to maxRows × maxCols:
// the raw text of every cell (shared and inline strings resolved, the
// cached result of formulas), its type, the kind of its number format
// (from its style, else its row's, else its column's), whether it has a
// formula, and the merged ranges. When the XML is damaged part way, the
// rows read so far are returned with damaged set and the error.
func (b *xlsxBook) readSheet(ref xlsxSheetRef) (*grid, error) {
	g, ok, err := b.scanSheet(ref)
	if ok {
		return g, err
	}
	return b.readSheetXML(ref)
}

// readSheetXML is readSheet with encoding/xml: the reference, used when
// the byte scanner of scanSheet meets anything it does not handle,
// malformed XML included, so that errors read as they always have.
func (b *xlsxBook) readSheetXML(ref xlsxSheetRef) (g *grid, err error) {
	g = &grid{sheet: ref.Name, merged: map[[2]int][2]int{}}
	rc, ok, err := b.part(ref.Part)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("缺少工作表部件 %s", ref.Part)
	}
	defer func() { _ = rc.Close() }() // read only
	dec := xml.NewDecoder(rc)
	var colStyles [][3]int // min, max, style
	row, col, rowStyle := 0, 0, 0
	var mergeRefs []string
	fail := func(err error) (*grid, error) {
		g.damaged = err
		return g, err
	}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fail(err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "col":
			lo, _ := strconv.Atoi(attr(se, "min"))
			hi, _ := strconv.Atoi(attr(se, "max"))
			if s, _ := strconv.Atoi(attr(se, "style")); s != 0 {
				colStyles = append(colStyles, [3]int{lo, hi, s})
			}
		case "row":
			if r, err := strconv.Atoi(attr(se, "r")); err == nil && r > 0 {
				row = r
			} else {
				row++
			}
			col = 0
			rowStyle, _ = strconv.Atoi(attr(se, "s"))
		case "c":
			col++
			if r := attr(se, "r"); r != "" {
				c, rr, err := excelize.CellNameToCoordinates(r)
				if err != nil {
					return fail(err)
				}
				col = c
				if rr != row && rr > 0 {
					// A cell outside its row element: trust its reference.
					row = rr
				}
			}
			text, cell, err := b.readCell(dec, se)
			if err != nil {
				return fail(err)
			}
			if row > maxRows {
				// Rows past the bound are not read; only a cell with
				// content there makes the sheet truncated (LibreOffice
				// writes an empty row 1048576 after a row was deleted).
				g.truncated = g.truncated || text != "" || cell.Formula
				continue
			}
			if row < 1 || col > maxCols || (text == "" && !cell.Formula) {
				continue
			}
			cell.Format = b.cellFormat(cell.styleIndex, rowStyle, colStyles, col)
			g.set(col, row, text, cell.xlsxCell)
		case "mergeCell":
			mergeRefs = append(mergeRefs, attr(se, "ref"))
		}
	}
	g.mergeRefs = mergeRefs
	return g, nil
}

// cellFormat is the kind of number format of a cell in column col: its own
// cell format, else its row's, else its column's, as Excel resolves them
// (colStyles holds min, max and style of each <col>).
func (b *xlsxBook) cellFormat(cellStyle, rowStyle int, colStyles [][3]int, col int) numFormat {
	style := cellStyle
	if style == 0 {
		style = rowStyle
	}
	if style == 0 {
		for _, cs := range colStyles {
			if cs[0] <= col && col <= cs[1] {
				style = cs[2]
				break
			}
		}
	}
	if style > 0 && style < len(b.xfKinds) {
		return b.xfKinds[style]
	}
	return fmtPlain
}

// set stores a cell of the grid.
func (g *grid) set(col, row int, text string, c xlsxCell) {
	for len(g.rows) < row {
		g.rows = append(g.rows, nil)
		g.cells = append(g.cells, nil)
	}
	r := g.rows[row-1]
	for len(r) < col {
		r = append(r, "")
	}
	r[col-1] = text
	g.rows[row-1] = r
	cs := g.cells[row-1]
	for len(cs) < col {
		cs = append(cs, xlsxCell{})
	}
	cs[col-1] = c
	g.cells[row-1] = cs
}

type parsedCell struct {
	xlsxCell
	styleIndex int
}

// readCell reads a c element up to its end: its raw text as excelize's
// Rows.Columns with RawCellValue gives it, and what else the importer
// needs.
func (b *xlsxBook) readCell(dec *xml.Decoder, se xml.StartElement) (string, parsedCell, error) {
	var pc parsedCell
	t := attr(se, "t")
	if s := attr(se, "s"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			return "", pc, fmt.Errorf("单元格样式 %q 无效", s)
		}
		pc.styleIndex = n
	}
	var v, inline string
	hasInline := false
	for {
		tok, err := dec.Token()
		if err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return "", pc, err
		}
		switch el := tok.(type) {
		case xml.StartElement:
			switch el.Name.Local {
			case "v":
				var sb strings.Builder
				if err := readChars(dec, &sb); err != nil {
					return "", pc, err
				}
				v = sb.String()
			case "f":
				pc.Formula = true
				if err := dec.Skip(); err != nil {
					return "", pc, err
				}
			case "is":
				s, err := readText(dec, "is")
				if err != nil {
					return "", pc, err
				}
				inline, hasInline = s, true
			default:
				if err := dec.Skip(); err != nil {
					return "", pc, err
				}
			}
		case xml.EndElement:
			if el.Name.Local != se.Name.Local {
				continue
			}
			pc.Type = cellTypeOf(t)
			switch t {
			case "s":
				if v == "" {
					return "", pc, nil
				}
				i, err := strconv.Atoi(strings.TrimSpace(v))
				if err != nil || i < 0 || i >= len(b.shared) {
					return "", pc, fmt.Errorf("共享字符串编号 %q 无效", v)
				}
				return b.shared[i], pc, nil
			case "inlineStr":
				if hasInline {
					return inline, pc, nil
				}
			}
			return v, pc, nil
		}
	}
}

// readChars reads the character data of the current element up to its end.
func readChars(dec *xml.Decoder, sb *strings.Builder) error {
	depth := 1
	for depth > 0 {
		tok, err := dec.Token()
		if err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
		case xml.CharData:
			if depth == 1 {
				sb.Write(t)
			}
		}
	}
	return nil
}

// cellTypeOf is the type of a cell by its t attribute, as excelize's
// GetCellType tells it.
func cellTypeOf(t string) excelize.CellType {
	switch t {
	case "b":
		return excelize.CellTypeBool
	case "d":
		return excelize.CellTypeDate
	case "n":
		return excelize.CellTypeNumber
	case "e":
		return excelize.CellTypeError
	case "s":
		return excelize.CellTypeSharedString
	case "str":
		return excelize.CellTypeFormula
	case "inlineStr":
		return excelize.CellTypeInlineString
	}
	return excelize.CellTypeUnset
}

// comments reads the cell comments (批注) of a worksheet: text by cell name
// ("I28"). A sheet without comments has none; a damaged comments part is an
// error.
func (b *xlsxBook) comments(ref xlsxSheetRef) (map[string]string, error) {
	dir, file := path.Split(ref.Part)
	rels, err := b.relationships(dir + "_rels/" + file + ".rels")
	if err != nil {
		return nil, err
	}
	target := ""
	for _, r := range rels {
		if strings.HasSuffix(r.Type, "/comments") && (target == "" || r.Target < target) {
			target = r.Target
		}
	}
	if target == "" {
		return nil, nil
	}
	rc, ok, err := b.part(target)
	if err != nil || !ok {
		return nil, err
	}
	defer func() { _ = rc.Close() }() // read only
	out := map[string]string{}
	dec := xml.NewDecoder(rc)
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "comment" {
			text, err := readText(dec, "comment")
			if err != nil {
				return nil, err
			}
			out[strings.ToUpper(attr(se, "ref"))] = text
		}
	}
}

// attr returns the value of an attribute by its local name.
func attr(se xml.StartElement, name string) string {
	for _, a := range se.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}
