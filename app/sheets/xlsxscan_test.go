package sheets

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// sameAsDecoder reads the sheets of a workbook with the byte scanner and
// with encoding/xml and fails unless, wherever the scanner does not give
// up, both give the same grid. It reports whether the scanner read every
// sheet.
func sameAsDecoder(t *testing.T, name string, book *xlsxBook) bool {
	t.Helper()
	all := true
	for _, part := range []string{"xl/sharedStrings.xml", "xl/styles.xml"} {
		if _, found, _ := book.part(part); !found {
			continue
		}
		slow := &xlsxBook{parts: book.parts, lower: book.lower}
		var ok bool
		var err error
		if part == "xl/styles.xml" {
			var fast []numFormat
			fast, ok = book.scanStyles(part)
			err = slow.readStylesXML(part)
			if ok && err == nil && !reflect.DeepEqual(fast, slow.xfKinds) && len(fast)+len(slow.xfKinds) > 0 {
				t.Errorf("%s %s: scanner %v, encoding/xml %v", name, part, fast, slow.xfKinds)
			}
		} else {
			var fast []string
			fast, ok = book.scanSharedStrings(part)
			err = slow.readSharedStringsXML(part)
			if ok && err == nil && !reflect.DeepEqual(fast, slow.shared) && len(fast)+len(slow.shared) > 0 {
				t.Errorf("%s %s: scanner %q, encoding/xml %q", name, part, fast, slow.shared)
			}
		}
		if ok && err != nil {
			t.Errorf("%s %s: read by the scanner, encoding/xml: %v", name, part, err)
		}
		all = all && ok
	}
	for _, ref := range book.sheets {
		fast, ok, ferr := book.scanSheet(ref)
		slow, serr := book.readSheetXML(ref)
		if !ok {
			all = false
			continue
		}
		if ferr != nil || serr != nil {
			t.Errorf("%s「%s」: scanner %v, encoding/xml %v", name, ref.Name, ferr, serr)
			continue
		}
		if !reflect.DeepEqual(fast, slow) {
			t.Errorf("%s「%s」:\nscanner      %+v\nencoding/xml %+v", name, ref.Name, fast, slow)
		}
	}
	return all
}

// TestScannerMatchesDecoder: on every workbook of the corpus (Excel, WPS,
// LibreOffice and excelize output, dates, formulas, merges) the byte
// scanner reads every sheet itself, without handing over to encoding/xml,
// and gets exactly what encoding/xml gets.
func TestScannerMatchesDecoder(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*.xlsx"))
	if len(files) < 30 {
		t.Fatalf("%d corpus files", len(files))
	}
	read := 0
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if checkFormat(file, data, int64(len(data))) != nil {
			continue
		}
		book, err := openXLSX(data)
		if err != nil {
			continue
		}
		if !sameAsDecoder(t, file, book) {
			t.Errorf("%s: the scanner handed a sheet over to encoding/xml", file)
		}
		read++
	}
	if read < 30 {
		t.Errorf("only %d workbooks read", read)
	}
}

// TestScannerEdgeCases: sheet XML the scanner must read as encoding/xml
// does (entities, character references, _xHHHH_ escapes, attributes in any
// order and with either quote, namespace prefixes, self-closing cells,
// cells without r, CR LF line ends), and XML it hands over to encoding/xml:
// malformed (then reported as damaged, as before) or merely unusual.
func TestScannerEdgeCases(t *testing.T) {
	const head = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\r\n" +
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`
	const tail = `</sheetData></worksheet>`
	tests := []struct {
		name    string
		sheet   string // between head and tail
		handled bool   // read by the scanner itself
		damaged bool   // encoding/xml reports the sheet damaged
		cell    string // A1's text, when handled
	}{
		{"entities", `<row r="1"><c r="A1" t="inlineStr"><is><t>a&amp;b&lt;c&gt;d&apos;e&quot;f</t></is></c></row>`, true, false, `a&b<c>d'e"f`},
		{"character references", `<row r="1"><c r="A1" t="inlineStr"><is><t>&#x5409;&#21513;&#X41;</t></is></c></row>`, false, true, ""},
		{"character references decimal and hex", `<row r="1"><c r="A1" t="inlineStr"><is><t>&#x5409;&#21513;&#xe9;</t></is></c></row>`, true, false, "吉吉é"},
		{"ooxml escapes", `<row r="1"><c r="A1" t="inlineStr"><is><t>x_x000D_y_x005F_z</t></is></c></row>`, true, false, "x\ry_z"},
		{"escape of an entity", `<row r="1"><c r="A1" t="str"><v>_x0041_&amp;</v></c></row>`, true, false, "_x0041_&"},
		{"CR LF in text", "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>a\r\nb\rc</t></is></c></row>", true, false, "a\nb\nc"},
		{"attributes in any order, single quotes, spaces", `<row r='1'><c t = 'inlineStr'  r='A1'
			><is><t>x</t></is></c></row>`, true, false, "x"},
		{"namespace prefix", `<x:row xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" r="1"><x:c r="A1"><x:v>5</x:v></x:c></x:row>`, true, false, "5"},
		{"self-closing cells, cells without r", `<row r="1"><c s="0"/><c/><c><v>3</v></c></row>`, true, false, ""},
		{"no row r", `<row><c><v>7</v></c></row>`, true, false, "7"},
		{"value with nested element", `<row r="1"><c r="A1"><v>1<x>9</x>2</v></c></row>`, true, false, "12"},
		{"phonetic run left out", `<row r="1"><c r="A1" t="inlineStr"><is><r><t>森</t></r><rPh><t>シ</t></rPh></is></c></row>`, true, false, "森"},
		{"merge", `<row r="1"><c r="A1"><v>1</v></c></row></sheetData><mergeCells><mergeCell ref='A1:B2'/></mergeCells><sheetData>`, true, false, "1"},
		{"comment", `<!-- x --><row r="1"><c r="A1"><v>1</v></c></row>`, false, false, ""},
		{"CDATA", `<row r="1"><c r="A1" t="str"><v><![CDATA[<b>]]></v></c></row>`, false, false, ""},
		{"mismatched end tag", `<row r="1"><c r="A1"><v>1</x></c></row>`, false, true, ""},
		{"unknown entity", `<row r="1"><c r="A1"><v>&nbsp;</v></c></row>`, false, true, ""},
		{"bare ampersand", `<row r="1"><c r="A1"><v>a & b</v></c></row>`, false, true, ""},
		{"NUL reference", `<row r="1"><c r="A1"><v>&#0;</v></c></row>`, false, true, ""},
		{"control character", "<row r=\"1\"><c r=\"A1\"><v>\x01</v></c></row>", false, true, ""},
		{"invalid UTF-8", "<row r=\"1\"><c r=\"A1\"><v>\xff</v></c></row>", false, true, ""},
		{"< in an attribute", `<row r="1"><c r="A<1"><v>1</v></c></row>`, false, true, ""},
		{"unquoted attribute", `<row r=1><c r="A1"><v>1</v></c></row>`, false, true, ""},
		{"attribute without value", `<row r><c r="A1"><v>1</v></c></row>`, false, true, ""},
		{"two colons", `<a:b:c/><row r="1"><c r="A1"><v>1</v></c></row>`, false, true, ""},
		{"bad cell reference", `<row r="1"><c r="1A"><v>1</v></c></row>`, false, true, ""},
		{"bad style", `<row r="1"><c r="A1" s="x"><v>1</v></c></row>`, false, true, ""},
		{"]]> in text", `<row r="1"><c r="A1" t="str"><v>a]]>b</v></c></row>`, false, true, ""},
		{"truncated", `<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>2`, false, true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sheet := head + tt.sheet + tail
			if tt.name == "truncated" {
				sheet = head + tt.sheet
			}
			book, err := openXLSX(handBuilt(t, sheet))
			if err != nil {
				t.Fatal(err)
			}
			ref := book.sheets[0]
			_, handled, _ := book.scanSheet(ref)
			if handled != tt.handled {
				t.Errorf("handled by the scanner: %v, want %v", handled, tt.handled)
			}
			sameAsDecoder(t, tt.name, book)
			g, err := book.readSheet(ref)
			if (err != nil) != tt.damaged || (g != nil && (g.damaged != nil) != tt.damaged) {
				t.Fatalf("damaged: %v, want %v", err, tt.damaged)
			}
			if tt.handled && tt.cell != "" {
				if got, _ := g.raw(1, 1); got != tt.cell {
					t.Errorf("A1 = %q, want %q", got, tt.cell)
				}
			}
		})
	}
}

// FuzzSheetScanner: for any worksheet XML, the byte scanner either hands
// over to encoding/xml or reads exactly what encoding/xml reads. Run:
// nice go test ./app/sheets -run '^$' -fuzz FuzzSheetScanner -fuzztime 1m
func FuzzSheetScanner(f *testing.F) {
	f.Add(xSheet)
	f.Add(strings.Replace(xSheet, "<row", "<x:row", 1))
	f.Add(`<?xml version="1.0"?><worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&#x41;&amp;_x000D_</t></is></c></row></sheetData></worksheet>`)
	f.Fuzz(func(t *testing.T, sheet string) {
		book, err := openXLSX(handBuilt(t, sheet))
		if err != nil {
			t.Fatal(err)
		}
		sameAsDecoder(t, "fuzz", book)
	})
}
