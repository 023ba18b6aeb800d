package sheets

import (
	"archive/zip"
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"ecoreport/app/catalog"
)

// The corpus: workbooks as organisations return them, each with what
// importing it must do to the database. The files in testdata/corpus are
// generated from the demo project by the build functions below and
// committed; regenerate them (LibreOffice needed for one of them) with
//
//	go test ./app/sheets -run TestCorpus -update-corpus
//
// TestCorpus imports every file into a fresh demo project and checks the
// values written, that nothing else changed, and the problems reported.
var updateCorpus = flag.Bool("update-corpus", false, "regenerate testdata/corpus from the demo project")

const corpusDir = "testdata/corpus"

// corpusCase is one returned workbook and the outcome expected from it.
type corpusCase struct {
	file string
	what string // what the person did, in a few words
	// build makes the file from the demo project's exported workbooks.
	build func(t *testing.T, g *corpusGen) []byte
	// written holds the values the import must write ("25/2017" → 98.5, or
	// a state); every other value of the project must stay as it was.
	written map[string]any
	// refused, warned and held are fragments of an error, a warning, and a
	// held value's warning each expected in the report. An error not
	// listed fails the test.
	refused, warned, held []string
	rejected              bool // the whole file is refused
}

// corpusGen builds corpus files; exports are made once.
type corpusGen struct {
	t       *testing.T
	exports map[string][]byte
}

func (g *corpusGen) export(org string) []byte {
	if b, ok := g.exports[org]; ok {
		return b
	}
	s := newDemo(g.t)
	s.Now = func() time.Time { return testTime }
	b := exportBytes(g.t, s, org)
	g.exports[org] = b
	return b
}

// env fills the 环保局 workbook: values and an optional edit.
func (g *corpusGen) env(values fill, edit func(f *excelize.File, sheet string)) []byte {
	return fillWorkbook(g.t, g.export("env"), values, edit)
}

func styled(t *testing.T, f *excelize.File, sheet, ref string, v any, style *excelize.Style) {
	t.Helper()
	id, err := f.NewStyle(style)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellValue(sheet, ref, v); err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellStyle(sheet, ref, ref, id); err != nil {
		t.Fatal(err)
	}
}

func ref(t *testing.T, f *excelize.File, sheet, code string, year int) string {
	t.Helper()
	r, ok := dataCells(t, f, sheet)[cellKey{code, year}]
	if !ok {
		t.Fatalf("no cell for %s/%d", code, year)
	}
	return r
}

// cacheFormulas gives every formula of a workbook the cached result a
// spreadsheet program would store with it.
func cacheFormulas(t *testing.T, data []byte, results map[string]string) []byte {
	t.Helper()
	return rewriteZip(t, data, func(name string, b []byte) []byte {
		if !strings.HasPrefix(name, "xl/worksheets/") {
			return b
		}
		for formula, v := range results {
			b = bytes.ReplaceAll(b, []byte("<f>"+formula+"</f></c>"), []byte("<f>"+formula+"</f><v>"+v+"</v></c>"))
			b = bytes.ReplaceAll(b, []byte("<f>"+formula+"</f><v></v>"), []byte("<f>"+formula+"</f><v>"+v+"</v>"))
		}
		return b
	})
}

// rewriteZip rewrites the parts of a zip file.
func rewriteZip(t *testing.T, data []byte, fn func(name string, b []byte) []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: zf.Name, Method: zip.Deflate, Modified: testTime})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(fn(zf.Name, b)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// libreOfficeResave opens a workbook in LibreOffice and saves it again as
// .xlsx, as a person using LibreOffice sends it back.
func libreOfficeResave(t *testing.T, data []byte) []byte {
	t.Helper()
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Fatal("regenerating the corpus needs LibreOffice (apt-get install libreoffice-calc)")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "in", "区环保局-指标填报表.xlsx")
	if err := os.MkdirAll(filepath.Dir(in), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(in, data, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(soffice, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", filepath.Join(dir, "out"), in)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	b, err := os.ReadFile(filepath.Join(dir, "out", filepath.Base(in)))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// The demo project's values the corpus relies on (环保局 leads 8, 9.1, 11,
// 25, 37; supports 2): 25 = 96.2/97.5/98.1, 37 = 81.2/83.5/85.9,
// 11 = 63.12/62.87/63.45 for 2015–2017.
var corpusCases = []corpusCase{
	{file: "01-untouched.xlsx", what: "returned as exported",
		build: func(t *testing.T, g *corpusGen) []byte { return g.env(nil, nil) }},
	{file: "02-numbers.xlsx", what: "numbers typed as numbers",
		build: func(t *testing.T, g *corpusGen) []byte {
			return g.env(fill{{"25", 2017}: 98.5, {"37", 2017}: float64(86)}, nil)
		},
		written: map[string]any{"25/2017": 98.5, "37/2017": 86.0}},
	{file: "03-percent-text.xlsx", what: "\"98.5%\" typed as text",
		build:   func(t *testing.T, g *corpusGen) []byte { return g.env(fill{{"25", 2017}: "98.5%"}, nil) },
		written: map[string]any{"25/2017": 98.5}},
	{file: "04-percent-format.xlsx", what: "0.985 in a cell formatted as a percentage",
		build:   func(t *testing.T, g *corpusGen) []byte { return g.env(fill{{"25", 2017}: percentFloat(0.985)}, nil) },
		written: map[string]any{"25/2017": 98.5}},
	{file: "05-fullwidth.xlsx", what: "full-width digits ９８．５ and ８６％",
		build: func(t *testing.T, g *corpusGen) []byte {
			return g.env(fill{{"25", 2017}: "９８．５", {"37", 2017}: "８６％"}, nil)
		},
		written: map[string]any{"25/2017": 98.5, "37/2017": 86.0}},
	{file: "06-comparator.xlsx", what: "\"≥95\": the target's comparator typed in",
		build:   func(t *testing.T, g *corpusGen) []byte { return g.env(fill{{"25", 2017}: "≥95"}, nil) },
		written: map[string]any{"25/2017": 95.0}, warned: []string{"比较符"}},
	{file: "07-decimal-comma.xlsx", what: "decimal comma 98,5",
		build:   func(t *testing.T, g *corpusGen) []byte { return g.env(fill{{"25", 2017}: "98,5"}, nil) },
		refused: []string{"“98,5”含逗号，可能是 98.5 也可能是 985"}},
	{file: "08-fullwidth-comma.xlsx", what: "full-width decimal comma ６３，４５",
		build:   func(t *testing.T, g *corpusGen) []byte { return g.env(fill{{"11", 2017}: "６３，４５"}, nil) },
		refused: []string{"含逗号，可能是 63.45 也可能是 6345"}},
	{file: "09-european.xlsx", what: "European 1.234,5 where a comma is the decimal point",
		build: func(t *testing.T, g *corpusGen) []byte {
			return fillWorkbook(t, g.export("econ-info"), fill{{"23", 2017}: "1.234,5"}, nil)
		},
		refused: []string{"可能是 1234.5 也可能是 1.2345"}},
	{file: "10-thousands.xlsx", what: "thousands separator 1,234.5, ten times last year's 82.3",
		build: func(t *testing.T, g *corpusGen) []byte {
			return fillWorkbook(t, g.export("econ-info"), fill{{"23", 2017}: "1,234.5"}, nil)
		},
		held: []string{"指标 23「单位工业用地工业增加值」2017年的值 1234.5"}},
	{file: "11-cleared.xlsx", what: "a prefilled value deleted",
		build:  func(t *testing.T, g *corpusGen) []byte { return g.env(fill{{"8", 2016}: ""}, nil) },
		warned: []string{"原有的值 100 被清空"}},
	{file: "12-date.xlsx", what: "a date typed into a number cell (Excel turns it into a date)",
		build: func(t *testing.T, g *corpusGen) []byte {
			return g.env(nil, func(f *excelize.File, sheet string) {
				styled(t, f, sheet, ref(t, f, sheet, "25", 2017), 42491, &excelize.Style{NumFmt: 14})
			})
		},
		refused: []string{"日期或时间格式（显示为 2016-05-01）"}},
	{file: "13-date-custom.xlsx", what: "a number in a cell with a custom Chinese date format",
		build: func(t *testing.T, g *corpusGen) []byte {
			code := `yyyy"年"m"月"d"日"`
			return g.env(nil, func(f *excelize.File, sheet string) {
				styled(t, f, sheet, ref(t, f, sheet, "37", 2017), 42491, &excelize.Style{CustomNumFmt: &code})
			})
		},
		refused: []string{"日期或时间格式（显示为 2016-05-01）"}},
	{file: "14-text.xlsx", what: "words instead of a number",
		build:   func(t *testing.T, g *corpusGen) []byte { return g.env(fill{{"37", 2017}: "良好"}, nil) },
		refused: []string{"良好", "不是数字"}},
	{file: "15-formula-cached.xlsx", what: "a formula with its cached result",
		build: func(t *testing.T, g *corpusGen) []byte {
			return cacheFormulas(t, g.env(fill{{"25", 2017}: "=97+1.5"}, nil), map[string]string{"97+1.5": "98.5"})
		},
		written: map[string]any{"25/2017": 98.5}},
	{file: "16-formula-uncached.xlsx", what: "a formula without a cached result",
		build:   func(t *testing.T, g *corpusGen) []byte { return g.env(fill{{"37", 2017}: "=80+6.5"}, nil) },
		written: map[string]any{"37/2017": 86.5}},
	{file: "17-formula-error.xlsx", what: "a formula dividing by zero",
		build:   func(t *testing.T, g *corpusGen) []byte { return g.env(fill{{"37", 2017}: "=86/0"}, nil) },
		refused: []string{"#DIV/0!"}},
	{file: "18-merged.xlsx", what: "one value typed across merged 2016 and 2017 cells",
		build: func(t *testing.T, g *corpusGen) []byte {
			return g.env(fill{{"37", 2016}: "86", {"37", 2017}: ""}, func(f *excelize.File, sheet string) {
				if err := f.MergeCell(sheet, ref(t, f, sheet, "37", 2016), ref(t, f, sheet, "37", 2017)); err != nil {
					t.Fatal(err)
				}
			})
		},
		written: map[string]any{"37/2016": 86.0, "37/2017": 86.0}},
	{file: "19-moved-row.xlsx", what: "the row of indicator 25 cut and inserted lower down",
		build: func(t *testing.T, g *corpusGen) []byte {
			return g.env(fill{{"25", 2017}: "98.6"}, func(f *excelize.File, sheet string) {
				r25 := rowOf(t, ref(t, f, sheet, "25", 2017))
				moveRow(t, f, sheet, r25, rowOf(t, ref(t, f, sheet, "37", 2017))+1)
			})
		},
		written: map[string]any{"25/2017": 98.6}},
	{file: "20-added-rows.xlsx", what: "blank rows, a note row and an extra column inserted",
		build: func(t *testing.T, g *corpusGen) []byte {
			return g.env(fill{{"37", 2017}: "86.4"}, func(f *excelize.File, sheet string) {
				r := rowOf(t, ref(t, f, sheet, "37", 2017))
				if err := f.InsertRows(sheet, r, 2); err != nil {
					t.Fatal(err)
				}
				if err := f.SetCellStr(sheet, "B"+fmt.Sprint(r), "以下为补充说明"); err != nil {
					t.Fatal(err)
				}
				if err := f.InsertCols(sheet, "C", 1); err != nil {
					t.Fatal(err)
				}
			})
		},
		written: map[string]any{"37/2017": 86.4}},
	{file: "21-renamed-sheet.xlsx", what: "the data sheet renamed",
		build: func(t *testing.T, g *corpusGen) []byte {
			return g.env(fill{{"37", 2017}: "86.1"}, func(f *excelize.File, sheet string) {
				if err := f.SetSheetName(sheet, "环保局2017年数据"); err != nil {
					t.Fatal(err)
				}
			})
		},
		written: map[string]any{"37/2017": 86.1}},
	{file: "22-libreoffice.xlsx", what: "filled, then re-saved by LibreOffice Calc (with a formula)",
		build: func(t *testing.T, g *corpusGen) []byte {
			return libreOfficeResave(t, g.env(fill{{"25", 2017}: "98.4", {"37", 2017}: "=80+6.3", {"11", 2017}: percentFloat(0.6351)}, nil))
		},
		written: map[string]any{"25/2017": 98.4, "37/2017": 86.3, "11/2017": 63.51}},
	{file: "23-supported-indicator.xlsx", what: "a value typed for an indicator the organisation only supports",
		build:   func(t *testing.T, g *corpusGen) []byte { return g.env(fill{{"2", 2017}: "30"}, nil) },
		refused: []string{"配合单位"}},
	{file: "24-unknown-org.xlsx", what: "copied into a new workbook, no organisation anywhere",
		build: func(t *testing.T, g *corpusGen) []byte {
			f := excelize.NewFile()
			defer f.Close()
			if err := f.SetSheetRow("Sheet1", "A1", &[]any{"序号", "指标名称", "2017年"}); err != nil {
				t.Fatal(err)
			}
			if err := f.SetSheetRow("Sheet1", "A2", &[]any{"37", "公众对生态文明建设的满意度", 86}); err != nil {
				t.Fatal(err)
			}
			b, err := f.WriteToBuffer()
			if err != nil {
				t.Fatal(err)
			}
			return b.Bytes()
		},
		rejected: true, refused: []string{"无法识别填报单位"}},
	{file: "25-truncated.xlsx", what: "a file cut off in transfer",
		build:    func(t *testing.T, g *corpusGen) []byte { return g.env(fill{{"37", 2017}: "86"}, nil)[:4000] },
		rejected: true, refused: []string{"损坏"}},
	{file: "26-zip-bomb.xlsx", what: "a zip bomb: a worksheet of 40 MB of zeros",
		build: func(t *testing.T, g *corpusGen) []byte {
			var b bytes.Buffer
			zw := zip.NewWriter(&b)
			w, _ := zw.Create("xl/workbook.xml")
			if _, err := w.Write([]byte(`<workbook/>`)); err != nil {
				t.Fatal(err)
			}
			w, _ = zw.Create("xl/worksheets/sheet1.xml")
			if _, err := w.Write(bytes.Repeat([]byte("<c>0</c>"), 5<<20)); err != nil {
				t.Fatal(err)
			}
			if err := zw.Close(); err != nil {
				t.Fatal(err)
			}
			return b.Bytes()
		},
		rejected: true, refused: []string{"解压后过大"}},
	{file: "27-xls-renamed.xlsx", what: "an old .xls renamed to .xlsx",
		build: func(t *testing.T, g *corpusGen) []byte {
			return append(append([]byte{}, oleMagic...), make([]byte, 1536)...)
		},
		rejected: true, refused: []string{"Excel 97-2003（.xls）"}},
	{file: "28-empty.xlsx", what: "an empty file",
		build:    func(t *testing.T, g *corpusGen) []byte { return []byte{} },
		rejected: true, refused: []string{"文件是空的"}},
	{file: "29-huge-cell.xlsx", what: "32 000 characters pasted into a number cell",
		build: func(t *testing.T, g *corpusGen) []byte {
			return g.env(fill{{"37", 2017}: strings.Repeat("数据见附件", 6400)}, nil)
		},
		refused: []string{"不是数字"}},
	{file: "30-out-of-range.xlsx", what: "130 for a percentage",
		build:   func(t *testing.T, g *corpusGen) []byte { return g.env(fill{{"25", 2017}: "130"}, nil) },
		refused: []string{"130 超出有效范围"}},
	{file: "31-tenfold.xlsx", what: "8.59 where the years around are 83.5 and 85.9 (a slipped decimal point)",
		build: func(t *testing.T, g *corpusGen) []byte { return g.env(fill{{"37", 2017}: "8.59"}, nil) },
		held:  []string{"指标 37「公众对生态文明建设的满意度」2017年的值 8.59%", "相差约 10 倍"}},
	{file: "32-data.csv", what: "saved as CSV",
		build: func(t *testing.T, g *corpusGen) []byte {
			return []byte("序号,指标名称,2017年\n37,公众对生态文明建设的满意度,86\n")
		},
		rejected: true, refused: []string{"CSV"}},
	{file: "33-区环保局-复制.xlsx", what: "copied into a new workbook without the hidden template data; the file name names the organisation",
		build: func(t *testing.T, g *corpusGen) []byte {
			src, err := excelize.OpenReader(bytes.NewReader(g.env(fill{{"37", 2017}: "86.7"}, nil)))
			if err != nil {
				t.Fatal(err)
			}
			defer src.Close()
			rows, err := src.GetRows(SheetData)
			if err != nil {
				t.Fatal(err)
			}
			dst := excelize.NewFile()
			defer dst.Close()
			for i, r := range rows {
				vals := make([]any, 0, len(r))
				for _, c := range r {
					vals = append(vals, c)
				}
				if err := dst.SetSheetRow("Sheet1", cellName(1, i+1), &vals); err != nil {
					t.Fatal(err)
				}
			}
			b, err := dst.WriteToBuffer()
			if err != nil {
				t.Fatal(err)
			}
			return b.Bytes()
		},
		written: map[string]any{"37/2017": 86.7}, warned: []string{"没有模板信息"}},
	{file: "34-duplicate-row.xlsx", what: "a row copied below with a different value",
		build: func(t *testing.T, g *corpusGen) []byte {
			return g.env(fill{{"37", 2017}: "86.2"}, func(f *excelize.File, sheet string) {
				cell := ref(t, f, sheet, "37", 2017)
				r := rowOf(t, cell)
				col, _, err := excelize.SplitCellName(cell)
				if err != nil {
					t.Fatal(err)
				}
				rows, err := f.GetRows(sheet)
				if err != nil {
					t.Fatal(err)
				}
				vals := make([]any, len(rows[r-1]))
				for i, v := range rows[r-1] {
					vals[i] = v
				}
				if err := f.SetSheetRow(sheet, cellName(1, r+3), &vals); err != nil {
					t.Fatal(err)
				}
				if err := f.SetCellStr(sheet, fmt.Sprintf("%s%d", col, r+3), "86.9"); err != nil {
					t.Fatal(err)
				}
			})
		},
		refused: []string{"两处不一致"}},
	{file: "35-unit.xlsx", what: "a number with another measure unit (0.5吨)",
		build: func(t *testing.T, g *corpusGen) []byte {
			return fillWorkbook(t, g.export("statistics"), fill{{"21", 2017}: "0.45吨"}, nil)
		},
		refused: []string{"计量单位「吨」"}},
	{file: "36-year-column.xlsx", what: "a column for 2014 added",
		build: func(t *testing.T, g *corpusGen) []byte {
			return g.env(fill{{"37", 2017}: "86"}, func(f *excelize.File, sheet string) {
				if err := f.SetCellStr(sheet, "Q3", "2014年"); err != nil {
					t.Fatal(err)
				}
				r := rowOf(t, ref(t, f, sheet, "37", 2017))
				if err := f.SetCellStr(sheet, fmt.Sprintf("Q%d", r), "80"); err != nil {
					t.Fatal(err)
				}
			})
		},
		written: map[string]any{"37/2017": 86.0}, refused: []string{"2014年不在本项目的年度"}},
	{file: "37-spaces-and-signs.xlsx", what: "spaces, a plus sign and a state from the drop-down",
		build: func(t *testing.T, g *corpusGen) []byte {
			return fillWorkbook(t, g.export("statistics"), fill{
				{"21", 2017}: "  +0.45 ", {"21:condition", 2017}: "是",
			}, nil)
		},
		written: map[string]any{"21/2017": 0.45, "21/2017/condition": catalog.CondYes}},
}

func rowOf(t *testing.T, cell string) int {
	t.Helper()
	_, r, err := excelize.CellNameToCoordinates(cell)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// corpusKey reads "25/2017" or "21/2017/condition".
func corpusKey(s string) catalog.ValueKey {
	parts := strings.Split(s, "/")
	k := catalog.ValueKey{Code: parts[0], Field: catalog.FieldValue}
	fmt.Sscan(parts[1], &k.Year)
	if len(parts) > 2 {
		k.Field = parts[2]
	}
	return k
}

func TestCorpus(t *testing.T) {
	if *updateCorpus {
		writeCorpus(t)
	}
	if len(corpusCases) < 30 {
		t.Errorf("the corpus has %d files, want at least 30", len(corpusCases))
	}
	for _, c := range corpusCases {
		t.Run(c.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(corpusDir, c.file))
			if err != nil {
				t.Fatalf("%v (regenerate with -update-corpus)", err)
			}
			s := newDemo(t)
			before, err := s.Values()
			if err != nil {
				t.Fatal(err)
			}
			rep := mustImport(t, s, ImportOptions{Actor: "corpus"}, Input{Name: c.file, Data: data})
			after, err := s.Values()
			if err != nil {
				t.Fatal(err)
			}
			want := catalog.ValueSet{}
			for k, v := range before {
				want[k] = v
			}
			for ks, v := range c.written {
				switch v := v.(type) {
				case float64:
					want[corpusKey(ks)] = catalog.Value{Num: v, IsNum: true}
				case string:
					want[corpusKey(ks)] = catalog.Value{State: v}
				}
			}
			for k, w := range want {
				if got, ok := after[k]; !ok || !sameValue(got, w) {
					t.Errorf("%v = %v (present %v), want %v", k, got, ok, w)
				}
			}
			for k, got := range after {
				if _, ok := want[k]; !ok {
					t.Errorf("%v = %v written, not expected", k, got)
				}
			}
			text := problemsText(rep)
			if rep.Files[0].Rejected != c.rejected {
				t.Errorf("rejected = %v, want %v:\n%s", rep.Files[0].Rejected, c.rejected, text)
			}
			for _, frag := range c.refused {
				if _, ok := findProblem(rep, Error, frag); !ok {
					t.Errorf("no error %q in:\n%s", frag, text)
				}
			}
			for _, frag := range c.warned {
				if _, ok := findProblem(rep, Warning, frag); !ok {
					t.Errorf("no warning %q in:\n%s", frag, text)
				}
			}
			for _, p := range rep.Problems() {
				if len(p.String()) > 2000 {
					t.Errorf("a problem of %d bytes", len(p.String()))
				}
				if p.Severity != Error {
					continue
				}
				expected := false
				for _, frag := range c.refused {
					expected = expected || strings.Contains(p.String(), frag)
				}
				if !expected {
					t.Errorf("unexpected error: %s", p)
				}
			}
			held := rep.Held()
			if (len(c.held) > 0) != (len(held) == 1) || len(held) > 1 {
				t.Errorf("held %d values: %+v", len(held), held)
			}
			for _, frag := range c.held {
				found := false
				for _, it := range held {
					found = found || strings.Contains(it.Warning, frag)
				}
				if !found {
					t.Errorf("no held value with %q: %+v", frag, held)
				}
			}
			// The outcome that decides the command line's exit code.
			complete := len(c.refused) == 0 && len(c.held) == 0 && !c.rejected
			if rep.Complete() != complete {
				t.Errorf("complete = %v, want %v", rep.Complete(), complete)
			}
			if rep.Committed != (len(c.written) > 0) {
				t.Errorf("committed = %v with %d values expected", rep.Committed, len(c.written))
			}
		})
	}
}

// writeCorpus regenerates the files and testdata/corpus/README.md, the
// table of what each file is and what importing it does.
func writeCorpus(t *testing.T) {
	g := &corpusGen{t: t, exports: map[string][]byte{}}
	if err := os.MkdirAll(corpusDir, 0o755); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("# Returned-workbook corpus\n\nGenerated by `go test ./app/sheets -run TestCorpus -update-corpus` " +
		"from the demo project (see corpus_test.go); TestCorpus imports each file into a fresh demo project.\n\n" +
		"| file | what the person did | expected |\n|---|---|---|\n")
	for _, c := range corpusCases {
		data := c.build(t, g)
		if err := os.WriteFile(filepath.Join(corpusDir, c.file), data, 0o644); err != nil {
			t.Fatal(err)
		}
		var exp []string
		if c.rejected {
			exp = append(exp, "file refused")
		}
		var keys []string
		for k := range c.written {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			exp = append(exp, fmt.Sprintf("writes %s = %v", k, c.written[k]))
		}
		for _, f := range c.refused {
			exp = append(exp, "error “"+f+"”")
		}
		for _, f := range c.warned {
			exp = append(exp, "warning “"+f+"”")
		}
		for _, f := range c.held {
			exp = append(exp, "held for confirmation “"+f+"”")
		}
		if len(exp) == 0 {
			exp = append(exp, "nothing to write")
		}
		fmt.Fprintf(&b, "| %s | %s | %s |\n", c.file, strings.ReplaceAll(c.what, "|", "\\|"), pipeRE.ReplaceAllString(strings.Join(exp, "; "), "\\|"))
	}
	if err := os.WriteFile(filepath.Join(corpusDir, "README.md"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

var pipeRE = regexp.MustCompile(`\|`)
