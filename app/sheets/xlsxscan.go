package sheets

// A byte scanner for worksheet parts, the hot path of importing: encoding/xml
// spent most of an import's CPU tokenizing the cells of the sheets. The
// scanner reads the whole (size-bounded) part and yields the same start,
// end and text tokens as encoding/xml would for the XML it accepts, and
// scanSheet applies to them exactly the logic of readSheetXML. It accepts
// only a plain subset of XML: ASCII names with at most one prefix,
// attributes separated by white space and quoted, the five predefined
// entities and character references, the XML declaration in UTF-8. On
// anything else (comments, CDATA, DOCTYPE, malformed or truncated XML, a
// bad cell reference) it gives up and readSheet reads the part again with
// encoding/xml, so that what is reported as damaged, and how, does not
// change.

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

type scanTok int

const (
	tokEOF scanTok = iota
	tokStart
	tokEnd
	tokText
)

type scanAttr struct {
	local []byte
	val   []byte // raw, between the quotes
}

// xmlScanner tokenizes a part. Its slices point into data.
type xmlScanner struct {
	data       []byte
	pos        int
	stack      [][]byte // qualified names of the open elements
	pendingEnd bool     // the end of a self-closing element comes next

	name, local []byte // of the current start or end element
	attrs       []scanAttr
	text        []byte // raw text of the current text token
}

// next moves to the next token. ok is false when the input is outside what
// the scanner handles, malformed XML included.
func (s *xmlScanner) next() (kind scanTok, ok bool) {
	if s.pendingEnd {
		s.pendingEnd = false
		s.stack = s.stack[:len(s.stack)-1]
		return tokEnd, true
	}
	d := s.data
	for {
		if s.pos >= len(d) {
			return tokEOF, len(s.stack) == 0
		}
		if d[s.pos] != '<' {
			end := len(d)
			if i := bytes.IndexByte(d[s.pos:], '<'); i >= 0 {
				end = s.pos + i
			}
			s.text = d[s.pos:end]
			s.pos = end
			if bytes.IndexByte(s.text, '&') >= 0 {
				if _, ok := decodeXMLText(s.text); !ok {
					return 0, false
				}
			}
			return tokText, true
		}
		p := s.pos + 1
		if p >= len(d) {
			return 0, false
		}
		switch d[p] {
		case '!':
			return 0, false
		case '?':
			i := bytes.Index(d[p+1:], []byte("?>"))
			if i < 0 {
				return 0, false
			}
			body := d[p+1 : p+1+i]
			n := scanName(body, 0)
			if n <= 0 {
				return 0, false
			}
			if string(body[:n]) == "xml" && !plainXMLDecl(body[n:]) {
				return 0, false
			}
			s.pos = p + 1 + i + 2
			continue
		case '/':
			n := scanName(d, p+1)
			if n <= p+1 {
				return 0, false
			}
			name := d[p+1 : n]
			q := skipSpace(d, n)
			if q >= len(d) || d[q] != '>' || len(s.stack) == 0 || !bytes.Equal(s.stack[len(s.stack)-1], name) {
				return 0, false
			}
			local, ok := localName(name)
			if !ok {
				return 0, false
			}
			s.stack = s.stack[:len(s.stack)-1]
			s.name, s.local, s.pos = name, local, q+1
			return tokEnd, true
		}
		n := scanName(d, p)
		if n <= p {
			return 0, false
		}
		name := d[p:n]
		local, ok := localName(name)
		if !ok {
			return 0, false
		}
		s.attrs = s.attrs[:0]
		q := n
		selfClose := false
		for {
			r := skipSpace(d, q)
			if r >= len(d) {
				return 0, false
			}
			if d[r] == '>' {
				q = r + 1
				break
			}
			if d[r] == '/' {
				if r+1 < len(d) && d[r+1] == '>' {
					q, selfClose = r+2, true
					break
				}
				return 0, false
			}
			if r == q { // no white space before the attribute
				return 0, false
			}
			an := scanName(d, r)
			if an <= r {
				return 0, false
			}
			alocal, ok := localName(d[r:an])
			if !ok {
				return 0, false
			}
			r = skipSpace(d, an)
			if r >= len(d) || d[r] != '=' {
				return 0, false
			}
			r = skipSpace(d, r+1)
			if r >= len(d) || (d[r] != '"' && d[r] != '\'') {
				return 0, false
			}
			e := bytes.IndexByte(d[r+1:], d[r])
			if e < 0 {
				return 0, false
			}
			val := d[r+1 : r+1+e]
			if bytes.IndexByte(val, '<') >= 0 {
				return 0, false
			}
			if bytes.IndexByte(val, '&') >= 0 {
				if _, ok := decodeXMLText(val); !ok {
					return 0, false
				}
			}
			s.attrs = append(s.attrs, scanAttr{local: alocal, val: val})
			q = r + 1 + e + 1
		}
		s.stack = append(s.stack, name)
		s.name, s.local, s.pos, s.pendingEnd = name, local, q, selfClose
		return tokStart, true
	}
}

// attr is the decoded value of the current element's first attribute of
// that local name, as attr gives it for encoding/xml.
func (s *xmlScanner) attr(name string) string {
	for _, a := range s.attrs {
		if string(a.local) == name {
			if bytes.IndexByte(a.val, '&') < 0 && bytes.IndexByte(a.val, '\r') < 0 {
				return string(a.val)
			}
			v, _ := decodeXMLText(a.val) // checked by next
			return v
		}
	}
	return ""
}

// skip skips to the end of the current element, as xml.Decoder.Skip.
func (s *xmlScanner) skip() bool {
	for depth := 1; depth > 0; {
		k, ok := s.next()
		if !ok || k == tokEOF {
			return false
		}
		switch k {
		case tokStart:
			depth++
		case tokEnd:
			depth--
		}
	}
	return true
}

// chars is readChars: the text of the current element up to its end,
// nested elements' text left out.
func (s *xmlScanner) chars() (string, bool) {
	// The common case, <v>123</v>: one text token and the end.
	if k, ok := s.next(); !ok || k == tokEOF {
		return "", false
	} else if k == tokEnd {
		return "", true
	} else if k == tokText && s.pos < len(s.data)-1 && s.data[s.pos+1] == '/' {
		text := s.text
		if k, ok := s.next(); !ok || k != tokEnd {
			return "", false
		}
		return decodeXMLText(text)
	} else if k == tokStart {
		return s.charsSlow(2, nil)
	} else {
		v, _ := decodeXMLText(s.text)
		return s.charsSlow(1, []byte(v))
	}
}

func (s *xmlScanner) charsSlow(depth int, sb []byte) (string, bool) {
	for depth > 0 {
		k, ok := s.next()
		if !ok || k == tokEOF {
			return "", false
		}
		switch k {
		case tokStart:
			depth++
		case tokEnd:
			depth--
		case tokText:
			if depth == 1 {
				v, _ := decodeXMLText(s.text)
				sb = append(sb, v...)
			}
		}
	}
	return string(sb), true
}

// readText is readText: the text of a string item up to its end element.
func (s *xmlScanner) readText(end string) (string, bool) {
	var sb []byte
	depthPh := 0
	inT := false
	for {
		k, ok := s.next()
		if !ok || k == tokEOF {
			return "", false
		}
		switch k {
		case tokStart:
			switch string(s.local) {
			case "rPh":
				depthPh++
			case "t":
				inT = depthPh == 0
			}
		case tokEnd:
			switch string(s.local) {
			case "rPh":
				depthPh--
			case "t":
				inT = false
			case end:
				return unescapeOOXML(string(sb)), true
			}
		case tokText:
			if inT {
				v, _ := decodeXMLText(s.text)
				sb = append(sb, v...)
			}
		}
	}
}

// scanPart reads a part for the byte scanner; ok is false when there is
// no such part, it cannot be read or it has characters the scanner leaves
// to encoding/xml.
func (b *xlsxBook) scanPart(name string) (*xmlScanner, bool) {
	rc, ok, err := b.part(name)
	if err != nil || !ok {
		return nil, false
	}
	// The declared size, bounded by part, saves growing the buffer.
	f := b.parts[name]
	if f == nil {
		f = b.lower[strings.ToLower(name)]
	}
	buf := bytes.NewBuffer(make([]byte, 0, int(f.UncompressedSize64)+bytes.MinRead))
	_, err = buf.ReadFrom(rc)
	_ = rc.Close() // read only
	data := buf.Bytes()
	if err != nil || !plainXMLChars(data) || bytes.Contains(data, []byte("]]>")) {
		return nil, false
	}
	return &xmlScanner{data: data, stack: make([][]byte, 0, 8), attrs: make([]scanAttr, 0, 8)}, true
}

// scanSharedStrings is readSharedStrings over the byte scanner; ok is
// false when the scanner gave up.
func (b *xlsxBook) scanSharedStrings(name string) (shared []string, ok bool) {
	s, ok := b.scanPart(name)
	if !ok {
		return nil, false
	}
	for {
		k, ok := s.next()
		if !ok {
			return nil, false
		}
		if k == tokEOF {
			return shared, true
		}
		if k == tokStart && string(s.local) == "si" {
			text, ok := s.readText("si")
			if !ok {
				return nil, false
			}
			shared = append(shared, text)
		}
	}
}

// scanStyles is the reading of readStyles over the byte scanner: the kind
// of number format of every cell format; ok is false when the scanner gave
// up.
func (b *xlsxBook) scanStyles(name string) ([]numFormat, bool) {
	s, ok := b.scanPart(name)
	if !ok {
		return nil, false
	}
	custom := map[int]string{}
	var xfIDs []int
	inXfs := false
	for {
		k, ok := s.next()
		if !ok {
			return nil, false
		}
		if k == tokEOF {
			break
		}
		switch k {
		case tokStart:
			switch string(s.local) {
			case "numFmt":
				if id, err := strconv.Atoi(s.attr("numFmtId")); err == nil {
					custom[id] = s.attr("formatCode")
				}
			case "cellXfs":
				inXfs = true
			case "xf":
				if inXfs {
					id, _ := strconv.Atoi(s.attr("numFmtId"))
					xfIDs = append(xfIDs, id)
					if !s.skip() {
						return nil, false
					}
				}
			}
		case tokEnd:
			if string(s.local) == "cellXfs" {
				inXfs = false
			}
		}
	}
	kinds := make([]numFormat, len(xfIDs))
	for i, id := range xfIDs {
		kinds[i] = numFormatOf(id, custom)
	}
	return kinds, true
}

// scanSheet is readSheetXML over the byte scanner. ok is false when the
// scanner gave up: the caller then reads the part with encoding/xml.
func (b *xlsxBook) scanSheet(ref xlsxSheetRef) (*grid, bool, error) {
	s, ok := b.scanPart(ref.Part)
	if !ok {
		return nil, false, nil
	}
	g := &grid{sheet: ref.Name, merged: map[[2]int][2]int{}}
	var colStyles [][3]int // min, max, style
	row, col, rowStyle := 0, 0, 0
	var mergeRefs []string
	for {
		k, ok := s.next()
		if !ok {
			return nil, false, nil
		}
		if k == tokEOF {
			break
		}
		if k != tokStart {
			continue
		}
		switch string(s.local) {
		case "col":
			lo, _ := strconv.Atoi(s.attr("min"))
			hi, _ := strconv.Atoi(s.attr("max"))
			if st, _ := strconv.Atoi(s.attr("style")); st != 0 {
				colStyles = append(colStyles, [3]int{lo, hi, st})
			}
		case "row":
			if r, err := strconv.Atoi(s.attr("r")); err == nil && r > 0 {
				row = r
			} else {
				row++
			}
			col = 0
			rowStyle, _ = strconv.Atoi(s.attr("s"))
		case "c":
			col++
			if r := s.attr("r"); r != "" {
				c, rr, err := excelize.CellNameToCoordinates(r)
				if err != nil {
					return nil, false, nil
				}
				col = c
				if rr != row && rr > 0 {
					row = rr
				}
			}
			text, cell, ok := b.scanCell(s)
			if !ok {
				return nil, false, nil
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
			mergeRefs = append(mergeRefs, s.attr("ref"))
		}
	}
	g.mergeRefs = mergeRefs
	return g, true, nil
}

// scanCell is readCell over the byte scanner, the scanner on the start of
// a c element.
func (b *xlsxBook) scanCell(s *xmlScanner) (string, parsedCell, bool) {
	var pc parsedCell
	local := s.local
	t := s.attr("t")
	if sv := s.attr("s"); sv != "" {
		n, err := strconv.Atoi(sv)
		if err != nil {
			return "", pc, false
		}
		pc.styleIndex = n
	}
	var v, inline string
	hasInline := false
	for {
		k, ok := s.next()
		if !ok || k == tokEOF {
			return "", pc, false
		}
		switch k {
		case tokStart:
			switch string(s.local) {
			case "v":
				v, ok = s.chars()
			case "f":
				pc.Formula = true
				ok = s.skip()
			case "is":
				inline, ok = s.readText("is")
				hasInline = true
			default:
				ok = s.skip()
			}
			if !ok {
				return "", pc, false
			}
		case tokEnd:
			if !bytes.Equal(s.local, local) {
				continue
			}
			pc.Type = cellTypeOf(t)
			switch t {
			case "s":
				if v == "" {
					return "", pc, true
				}
				i, err := strconv.Atoi(strings.TrimSpace(v))
				if err != nil || i < 0 || i >= len(b.shared) {
					return "", pc, false
				}
				return b.shared[i], pc, true
			case "inlineStr":
				if hasInline {
					return inline, pc, true
				}
			}
			return v, pc, true
		}
	}
}

// scanName is the end of the ASCII XML name at d[p:] (p when there is
// none, -1 when it has other characters: outside what the scanner handles).
func scanName(d []byte, p int) int {
	if p >= len(d) {
		return p
	}
	c := d[p]
	if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':') {
		if c >= 0x80 {
			return -1
		}
		return p
	}
	i := p + 1
	for ; i < len(d); i++ {
		c := d[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			c == '_' || c == ':' || c == '.' || c == '-' {
			continue
		}
		if c >= 0x80 {
			return -1
		}
		break
	}
	return i
}

// localName is the local part of a name as encoding/xml splits it; ok is
// false for names with more than one colon (an error there) or an empty
// prefix or local part (left whole there; unusual enough to hand over).
func localName(name []byte) ([]byte, bool) {
	i := bytes.IndexByte(name, ':')
	if i < 0 {
		return name, true
	}
	if i == 0 || i == len(name)-1 || bytes.IndexByte(name[i+1:], ':') >= 0 {
		return nil, false
	}
	return name[i+1:], true
}

func skipSpace(d []byte, p int) int {
	for p < len(d) && (d[p] == ' ' || d[p] == '\n' || d[p] == '\t' || d[p] == '\r') {
		p++
	}
	return p
}

// plainXMLDecl reports whether the rest of an XML declaration declares
// version 1.0 (or none) and UTF-8 (or no encoding), plainly.
func plainXMLDecl(rest []byte) bool {
	if len(rest) > 0 && rest[0] != ' ' && rest[0] != '\t' && rest[0] != '\n' && rest[0] != '\r' {
		return false
	}
	l := bytes.ToLower(rest)
	if bytes.Contains(l, []byte("version")) &&
		!bytes.Contains(rest, []byte(`version="1.0"`)) && !bytes.Contains(rest, []byte(`version='1.0'`)) {
		return false
	}
	if bytes.Contains(l, []byte("encoding")) &&
		!bytes.Contains(l, []byte(`encoding="utf-8"`)) && !bytes.Contains(l, []byte(`encoding='utf-8'`)) {
		return false
	}
	return true
}

// plainXMLChars reports whether data is valid UTF-8 of characters XML
// allows (what encoding/xml checks of text and attribute values, here
// checked of the whole part).
func plainXMLChars(data []byte) bool {
	for i := 0; i < len(data); {
		c := data[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 || !isXMLChar(r) {
			return false
		}
		i += size
	}
	return true
}

func isXMLChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

// decodeXMLText decodes the entities and character references of raw text
// and turns line ends into \n, as encoding/xml does; ok is false for
// anything encoding/xml would refuse (or that the scanner does not handle).
func decodeXMLText(raw []byte) (string, bool) {
	if bytes.IndexByte(raw, '&') < 0 && bytes.IndexByte(raw, '\r') < 0 {
		return string(raw), true
	}
	out := make([]byte, 0, len(raw))
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch c {
		case '\r':
			out = append(out, '\n')
			if i+1 < len(raw) && raw[i+1] == '\n' {
				i++
			}
		case '&':
			e := bytes.IndexByte(raw[i:], ';')
			if e < 0 {
				return "", false
			}
			ent := raw[i+1 : i+e]
			switch string(ent) {
			case "amp":
				out = append(out, '&')
			case "lt":
				out = append(out, '<')
			case "gt":
				out = append(out, '>')
			case "apos":
				out = append(out, '\'')
			case "quot":
				out = append(out, '"')
			default:
				if len(ent) < 2 || ent[0] != '#' {
					return "", false
				}
				digits, base := ent[1:], 10
				if digits[0] == 'x' {
					digits, base = digits[1:], 16
				}
				if len(digits) == 0 || len(digits) > 8 {
					return "", false
				}
				for _, d := range digits {
					if !(d >= '0' && d <= '9' || base == 16 && (d >= 'a' && d <= 'f' || d >= 'A' && d <= 'F')) {
						return "", false
					}
				}
				n, err := strconv.ParseUint(string(digits), base, 32)
				if err != nil || !isXMLChar(rune(n)) {
					return "", false
				}
				out = utf8.AppendRune(out, rune(n))
			}
			i += e
		default:
			out = append(out, c)
		}
	}
	return string(out), true
}
