package sheets

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// zipParts builds a zip package of the given parts, in the order given.
func zipParts(t *testing.T, parts ...[2]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		w, err := zw.Create(p[0])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(p[1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const (
	xContentTypes = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`
	xRootRels     = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`
	xWorkbook     = `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="数据" sheetId="1" r:id="rId1"/></sheets></workbook>`
	// The target is absolute, as some producers write it.
	xWorkbookRels = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`
	// Shared strings: plain, rich text in runs with a phonetic run left
	// out, an escaped carriage return, kept spaces.
	xShared = `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" uniqueCount="4"><si><t>指标名称</t></si><si><r><rPr><b/></rPr><t>森林</t></r><r><t xml:space="preserve">覆盖率 </t></r><rPh sb="0" eb="2"><t>シンリン</t></rPh></si><si><t>第一行_x000D_第二行</t></si><si><t xml:space="preserve">  留空  </t></si></sst>`
	// Cell formats: 0 general, 1 built-in date (14), 2 percent (10),
	// 3 custom date 年月日, 4 custom number, 5 elapsed time [h]:mm.
	xStyles = `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="3"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/><numFmt numFmtId="177" formatCode="0.00_ &quot;吨&quot;"/><numFmt numFmtId="178" formatCode="[h]:mm"/></numFmts><cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs><cellXfs count="6"><xf numFmtId="0" xfId="0"/><xf numFmtId="14" xfId="0" applyNumberFormat="1"/><xf numFmtId="10" xfId="0" applyNumberFormat="1"><alignment horizontal="center"/></xf><xf numFmtId="176" xfId="0" applyNumberFormat="1"/><xf numFmtId="177" xfId="0" applyNumberFormat="1"/><xf numFmtId="178" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`
	// Row 1 with references; row 2 and its cells without (as LibreOffice
	// writes them); row 4 after a gap; a column style for E; a merge.
	xSheet = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cols><col min="5" max="5" width="9" style="3"/></cols><sheetData>` +
		`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>行内</t></is></c><c r="D1" t="inlineStr"><is><r><t>富</t></r><r><rPr><i/></rPr><t>文本</t></r></is></c></row>` +
		`<row><c t="s"><v>2</v></c><c s="1"><v>42491</v></c><c s="2"><v>0.955</v></c><c s="3"><v>42491.5</v></c><c><v>7</v></c><c s="4"><v>12.5</v></c><c s="5"><v>1.25</v></c></row>` +
		`<row r="4"><c r="A4" t="b"><v>1</v></c><c r="B4" t="e"><v>#DIV/0!</v></c><c r="C4" t="str"><f>A4&amp;"x"</f><v>TRUEx</v></c><c r="D4"><f>1+1</f></c><c r="E4" t="d"><v>2016-05-01T00:00:00Z</v></c><c r="F4" t="s"><v>3</v></c><c r="G4" s="0"/></row>` +
		`</sheetData><mergeCells count="1"><mergeCell ref="B1:C2"/></mergeCells></worksheet>`
)

func handBuilt(t *testing.T, sheet string) []byte {
	return zipParts(t,
		[2]string{"[Content_Types].xml", xContentTypes},
		[2]string{"_rels/.rels", xRootRels},
		[2]string{"xl/workbook.xml", xWorkbook},
		[2]string{"xl/_rels/workbook.xml.rels", xWorkbookRels},
		[2]string{"xl/sharedStrings.xml", xShared},
		[2]string{"xl/styles.xml", xStyles},
		[2]string{"xl/worksheets/sheet1.xml", sheet},
	)
}

// TestXLSXReader reads a hand-built package: shared strings (rich text,
// phonetic runs, escapes, spaces), inline strings (plain and rich), cells
// and rows without references as LibreOffice writes them, a row gap, types,
// built-in and custom date formats, a percent format, a column's style, a
// formula with and without a cached result, and a merged range.
func TestXLSXReader(t *testing.T) {
	book, err := openXLSX(handBuilt(t, xSheet))
	if err != nil {
		t.Fatal(err)
	}
	if len(book.sheets) != 1 || book.sheets[0] != (xlsxSheetRef{Name: "数据", Part: "xl/worksheets/sheet1.xml"}) {
		t.Fatalf("sheets %+v", book.sheets)
	}
	g, err := book.readSheet(book.sheets[0])
	if err != nil {
		t.Fatal(err)
	}
	wantRows := [][]string{
		{"指标名称", "森林覆盖率 ", "行内", "富文本"},
		{"第一行\r第二行", "42491", "0.955", "42491.5", "7", "12.5", "1.25"},
		nil,
		{"1", "#DIV/0!", "TRUEx", "", "2016-05-01T00:00:00Z", "  留空  "},
	}
	if !reflect.DeepEqual(g.rows, wantRows) {
		t.Errorf("rows\n got %q\nwant %q", g.rows, wantRows)
	}
	cases := []struct {
		ref     string
		typ     excelize.CellType
		format  numFormat
		formula bool
	}{
		{"A1", excelize.CellTypeSharedString, fmtPlain, false},
		{"C1", excelize.CellTypeInlineString, fmtPlain, false},
		{"B2", excelize.CellTypeUnset, fmtDate, false},    // built-in 14
		{"C2", excelize.CellTypeUnset, fmtPercent, false}, // built-in 10
		{"D2", excelize.CellTypeUnset, fmtDate, false},    // yyyy"年"m"月"d"日"
		{"E2", excelize.CellTypeUnset, fmtDate, false},    // the column's style
		{"F2", excelize.CellTypeUnset, fmtPlain, false},   // 0.00_ "吨"
		{"G2", excelize.CellTypeUnset, fmtDate, false},    // [h]:mm
		{"A4", excelize.CellTypeBool, fmtPlain, false},
		{"B4", excelize.CellTypeError, fmtPlain, false},
		{"C4", excelize.CellTypeFormula, fmtPlain, true},
		{"D4", excelize.CellTypeUnset, fmtPlain, true},
		{"E4", excelize.CellTypeDate, fmtDate, false},
	}
	for _, c := range cases {
		col, row, _ := excelize.CellNameToCoordinates(c.ref)
		got := g.info(col, row)
		if got != (xlsxCell{Type: c.typ, Format: c.format, Formula: c.formula}) {
			t.Errorf("%s: %+v, want type %v format %v formula %v", c.ref, got, c.typ, c.format, c.formula)
		}
	}
	if err := g.loadMerges(); err != nil {
		t.Fatal(err)
	}
	for _, ref := range []string{"C1", "B2", "C2"} {
		col, row, _ := excelize.CellNameToCoordinates(ref)
		if text, from := g.raw(col, row); text != "森林覆盖率 " || from != "B1" {
			t.Errorf("%s in the merge B1:C2: %q from %s", ref, text, from)
		}
	}
	// The importer's reading of the cells.
	values := map[string]string{"B2": "森林覆盖率 ", "A2": "第一行\r第二行", "D2": "2016-05-01 12:00:00", "E2": "1900-01-07", "G2": "06:00:00", "E4": "2016-05-01"}
	for ref, want := range values {
		col, row, _ := excelize.CellNameToCoordinates(ref)
		c, err := g.value(col, row)
		if err != nil || c.Text != want {
			t.Errorf("value %s: %q, %v; want %q", ref, c.Text, err, want)
		}
	}
}

// TestXLSXReaderDamaged: XML broken part way keeps the rows before it and
// says the sheet is damaged; a reference to a shared string that does not
// exist, a missing worksheet part and a missing workbook are errors, never
// a panic.
func TestXLSXReaderDamaged(t *testing.T) {
	broken := strings.Replace(xSheet, `<row r="4">`, `<row r="4"><c r="A4"><v>1</x></c>`, 1)
	book, err := openXLSX(handBuilt(t, broken))
	if err != nil {
		t.Fatal(err)
	}
	g, err := book.readSheet(book.sheets[0])
	if err == nil || g == nil || g.damaged == nil || len(g.rows) != 2 {
		t.Errorf("broken XML: %v, %+v", err, g)
	}
	badIndex := strings.Replace(xSheet, `<v>3</v>`, `<v>99</v>`, 1)
	book, err = openXLSX(handBuilt(t, badIndex))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := book.readSheet(book.sheets[0]); err == nil || !strings.Contains(err.Error(), "共享字符串编号") {
		t.Errorf("shared string 99 of 4: %v", err)
	}
	book.sheets[0].Part = "xl/worksheets/none.xml"
	if _, err := book.readSheet(book.sheets[0]); err == nil {
		t.Error("a missing worksheet part was read")
	}
	if _, err := openXLSX(zipParts(t, [2]string{"[Content_Types].xml", xContentTypes})); err == nil {
		t.Error("a package without xl/workbook.xml was opened")
	}
}

// TestXLSXReaderMatchesExcelize reads every workbook of the corpus and the
// hand-built one both ways and compares, sheet by sheet: the raw text of the
// rows (excelize's Rows with RawCellValue), and for every cell with text the
// type (GetCellType), the kind of number format (GetCellStyle, GetStyle,
// formatKind) and whether it has a formula; and the merged ranges.
func TestXLSXReaderMatchesExcelize(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*.xlsx"))
	if len(files) < 30 {
		t.Fatalf("%d corpus files", len(files))
	}
	compared := 0
	files = append(files, "hand-built")
	for _, file := range files {
		data, err := os.ReadFile(file)
		if file == "hand-built" {
			data, err = handBuilt(t, xSheet), nil
		}
		if err != nil {
			t.Fatal(err)
		}
		if checkFormat(file, data, int64(len(data))) != nil {
			continue
		}
		f, err := openWorkbook(file, data, int64(len(data)))
		if err != nil {
			continue
		}
		book, err := openXLSX(data)
		if err != nil {
			t.Errorf("%s: excelize opens it, openXLSX: %v", file, err)
			f.Close()
			continue
		}
		if got, want := len(book.sheets), len(f.GetSheetList()); got != want {
			t.Errorf("%s: %d sheets, excelize %d", file, got, want)
		}
		for i, ref := range book.sheets {
			if ref.Name != f.GetSheetList()[i] {
				t.Errorf("%s: sheet %d %q, excelize %q", file, i, ref.Name, f.GetSheetList()[i])
			}
			g, err := book.readSheet(ref)
			if err != nil {
				t.Errorf("%s「%s」: %v", file, ref.Name, err)
				continue
			}
			// excelize answers for a cell of a merged range with its
			// top-left cell, as the importer asks.
			if err := g.loadMerges(); err != nil {
				t.Fatal(err)
			}
			want, err := f.GetRows(ref.Name, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			// excelize lists trailing empty rows; the reader stops at the last cell.
			for len(want) > 0 && len(want[len(want)-1]) == 0 {
				want = want[:len(want)-1]
			}
			for r := range max(len(want), len(g.rows)) {
				var w, got []string
				if r < len(want) {
					w = want[r]
				}
				if r < len(g.rows) {
					got = g.rows[r]
				}
				if !reflect.DeepEqual(w, got) && !(len(w) == 0 && len(got) == 0) {
					t.Errorf("%s「%s」row %d:\n got %q\nwant %q", file, ref.Name, r+1, got, w)
				}
				for c := range got {
					if got[c] == "" && !g.info(c+1, r+1).Formula {
						continue // empty: the importer asks nothing more
					}
					// The importer asks excelize about the cell the text
					// came from: the top-left cell of a merged range.
					_, cellRef := g.raw(c+1, r+1)
					info := g.info(c+1, r+1)
					typ, _ := f.GetCellType(ref.Name, cellRef)
					formula, _ := f.GetCellFormula(ref.Name, cellRef)
					kind := fmtPlain
					if id, err := f.GetCellStyle(ref.Name, cellRef); err == nil && id != 0 {
						if st, err := f.GetStyle(id); err == nil {
							code := ""
							if st.CustomNumFmt != nil {
								code = *st.CustomNumFmt
							}
							kind = formatKind(st.NumFmt, code)
						}
					}
					if info.Type != typ || info.Format != kind || (formula != "") != info.Formula {
						t.Errorf("%s「%s」%s: %+v; excelize type %v format %v formula %q", file, ref.Name, cellRef, info, typ, kind, formula)
					}
					compared++
				}
			}
			merges, _ := f.GetMergeCells(ref.Name)
			var wantMerges []string
			for _, m := range merges {
				wantMerges = append(wantMerges, m.GetStartAxis()+":"+m.GetEndAxis())
			}
			if !reflect.DeepEqual(wantMerges, g.mergeRefs) && len(wantMerges)+len(g.mergeRefs) > 0 {
				t.Errorf("%s「%s」merges %q, excelize %q", file, ref.Name, g.mergeRefs, wantMerges)
			}
		}
		f.Close()
	}
	if compared < 1000 {
		t.Errorf("only %d cells compared", compared)
	}
}
