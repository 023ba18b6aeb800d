package layout

import (
	"fmt"
	"strings"
	"testing"
)

// orgNames are organisation names of the kind a responsibility matrix has
// as column titles.
var orgNames = []string{"海陵环保局", "区绩效办", "区财政局", "区审计局", "区纪委", "水利分局", "区经信委", "区发改委",
	"区住建局", "公安分局", "城管分局", "区农委", "国土分局", "区卫计委", "区安监局", "区统计局", "区委组织部", "区人社局",
	"区委宣传部", "区教育局", "文体旅新局", "各镇街、园区"}

func testMatrix(nOrgs int) *Table {
	var cols []string
	for i := 0; i < nOrgs; i++ {
		cols = append(cols, orgNames[i%len(orgNames)])
	}
	rows := []string{"生态文明建设规划", "生态文明建设工作占党政实绩考核的比例", "河长制"}
	marks := make([][]string, len(rows))
	for i := range rows {
		marks[i] = make([]string, nOrgs)
		for j := range marks[i] {
			marks[i][j] = []string{"●", "○", ""}[(i+j)%3]
		}
	}
	return Matrix("表1 责任单位矩阵", "指标名称", rows, cols, marks)
}

// cellOverflows lays doc out and returns a description of every line of
// text that sticks out of the ruled cell it starts in.
func cellOverflows(t *testing.T, doc *Document) []string {
	t.Helper()
	l, err := doc.layout()
	if err != nil {
		t.Fatal(err)
	}
	var bad []string
	for pi, p := range l.pages {
		var boxes []*rectOp
		for _, o := range p.ops {
			if r, ok := o.(*rectOp); ok && r.stroke > 0 {
				boxes = append(boxes, r)
			}
		}
		for _, o := range p.ops {
			txt, ok := o.(*textOp)
			if !ok || len(txt.gs) == 0 {
				continue
			}
			// The innermost box holding the start of the line.
			var box *rectOp
			for _, r := range boxes {
				if txt.x >= r.x-eps && txt.x < r.x+r.w && txt.y > r.y && txt.y < r.y+r.h {
					if box == nil || r.w*r.h < box.w*box.h {
						box = r
					}
				}
			}
			if box == nil {
				continue // caption, page furniture
			}
			var s strings.Builder
			for _, g := range txt.gs {
				s.WriteRune(g.r)
			}
			right := txt.x + width(txt.gs) + txt.extra*float64(len(txt.gs)-1)
			if txt.x < box.x-eps || right > box.x+box.w+eps {
				bad = append(bad, fmt.Sprintf("page %d: %q spans %.2f–%.2f mm, cell %.2f–%.2f mm", pi+1, s.String(), txt.x, right, box.x, box.x+box.w))
			}
		}
	}
	return bad
}

// TestTableCellsHoldTheirText checks that no column is made narrower than
// one character plus padding, whatever the number of columns: text never
// spills over the rules of its cell. Before the fix, a matrix with many
// organisation columns had its columns shrunk in proportion below the
// width of one character.
func TestTableCellsHoldTheirText(t *testing.T) {
	manyWords := &Table{}
	for i := 0; i < 12; i++ {
		manyWords.Columns = append(manyWords.Columns, Column{Title: fmt.Sprintf("列%d", i+1)})
	}
	manyWords.Rows = append(manyWords.Rows, Row(strings.Split(strings.Repeat("GB3838-2002,", 12), ",")[:12]...))
	fixedAndFlex := &Table{Columns: []Column{{Title: "序号", Width: 12}, {Title: "名称", Width: 60}}}
	for i := 0; i < 20; i++ {
		fixedAndFlex.Columns = append(fixedAndFlex.Columns, Column{Title: orgNames[i], Align: AlignCenter})
	}
	fixedAndFlex.Rows = append(fixedAndFlex.Rows, Row(append([]string{"1", "生态文明建设规划"}, strings.Split(strings.Repeat("●", 20), "")...)...))
	for _, tc := range []struct {
		name   string
		orient Orientation
		table  *Table
	}{
		{"matrix 8 organisations, portrait", Portrait, testMatrix(8)},
		{"matrix 22 organisations, portrait", Portrait, testMatrix(22)},
		{"matrix 22 organisations, landscape", Landscape, testMatrix(22)},
		{"matrix 40 organisations, portrait (text must shrink)", Portrait, testMatrix(40)},
		{"matrix 80 organisations, landscape (text must shrink)", Landscape, testMatrix(80)},
		{"long Latin words in 12 columns", Portrait, manyWords},
		{"fixed columns and 20 flexible ones", Portrait, fixedAndFlex},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := NewDocument(Options{Page: PageSetup{Orientation: tc.orient}})
			doc.Add(tc.table)
			for _, b := range cellOverflows(t, doc) {
				t.Error(b)
			}
		})
	}
}

// TestMatrixColumnsEqual checks that the organisation columns of a
// crowded matrix get the same width (names of different length do not
// make columns of different width) and at least one character.
func TestMatrixColumnsEqual(t *testing.T) {
	for _, n := range []int{22, 30} {
		doc := NewDocument(Options{Page: PageSetup{Orientation: Landscape}})
		doc.Add(testMatrix(n))
		l, err := doc.layout()
		if err != nil {
			t.Fatal(err)
		}
		l.sec = l.resolveSection(PageSetup{Orientation: Landscape})
		tb := testMatrix(n)
		header := [][]Cell{{}}
		for _, c := range tb.Columns {
			header[0] = append(header[0], Cell{Text: c.Title})
		}
		hc, body := l.tableCells(tb, header, l.sec.theme.TableSize)
		w, scale := fitColumns(tb.Columns, l.sec.w, hc, body)
		if scale != 1 {
			t.Errorf("%d organisations: scale %v, want 1", n, scale)
		}
		for i := 2; i < len(w); i++ {
			if strings.Contains(tb.Columns[i].Title, "、") {
				continue // "街、" is wider than one character
			}
			if d := w[i] - w[1]; d > 0.01 || d < -0.01 {
				t.Errorf("%d organisations: column %d is %.2f mm, column 1 %.2f mm", n, i, w[i], w[1])
			}
		}
		if oneChar := l.sec.theme.TableSize*ptmm + 2*cellPadX; w[1] < oneChar-eps {
			t.Errorf("%d organisations: columns %.2f mm, narrower than one character (%.2f mm)", n, w[1], oneChar)
		}
	}
}

// TestFitColumnsUnchangedWhenRoomy checks that a table that fits keeps
// its preferred widths (the fix changes only crowded tables).
func TestFitColumnsUnchangedWhenRoomy(t *testing.T) {
	doc := NewDocument(Options{})
	doc.Add(longTable(3))
	for _, b := range cellOverflows(t, doc) {
		t.Error(b)
	}
}

// TestShortWordsNotBroken sets a crowded table like the binder's evidence
// catalog: short headers and cells (up to six characters) stay whole, and
// no cell ends with a line of one character.
func TestShortWordsNotBroken(t *testing.T) {
	doc := NewDocument(Options{})
	tb := &Table{Size: 9, Columns: []Column{
		{Title: "序号", Width: 10}, {Title: "年度"}, {Title: "材料名称"}, {Title: "文号"}, {Title: "发文单位"},
		{Title: "日期"}, {Title: "页数"}, {Title: "审核状态", Width: 13}, {Title: "类别"}, {Title: "页码"},
	}}
	for i := 0; i < 6; i++ {
		tb.Rows = append(tb.Rows, Row("1", "2016年", "海陵区自然资源资产负债表编制工作方案（试行）", "泰海政办发〔2017〕17号", "海陵区人民政府办公室",
			"2017-09-05", "126", "需补充", "未裁定的附件分歧", "第3页"))
	}
	doc.Add(tb)
	var all []string
	for _, ls := range pageLines(t, doc) {
		all = append(all, ls...)
	}
	joined := "|" + strings.Join(all, "|") + "|"
	for _, want := range []string{"|审核状态|", "|需补充|", "|发文单位|", "|2016年|"} {
		if !strings.Contains(joined, want) {
			t.Errorf("%s not on one line: %s", want, joined)
		}
	}
	for _, ln := range all {
		if n := len([]rune(ln)); n == 1 && ln != "1" {
			t.Errorf("a cell line of one character: %q in %s", ln, joined)
		}
	}
}

// TestOneLineColumn: a column marked OneLine keeps labels longer than six
// characters whole, even with a fixed width too narrow for them (the
// 类别 column of the package's 材料清单), and its text stays inside the cell.
func TestOneLineColumn(t *testing.T) {
	labels := []string{"未裁定的附件分歧", "缺少考核年度数据", "目标值待定", "缺少佐证材料"}
	for _, fixed := range []float64{0, 26} {
		doc := NewDocument(Options{})
		tb := &Table{Size: 9, Columns: []Column{
			{Title: "序号", Align: AlignCenter, Width: 10},
			{Title: "类别", Align: AlignCenter, Width: fixed, OneLine: true},
			{Title: "内容", MinWidth: 80},
		}}
		for i, l := range labels {
			tb.Rows = append(tb.Rows, Row(fmt.Sprint(i+1), l, strings.Repeat("附件1 与附件2 对指标8 的目标值表述不一致，尚未裁定。", 3)))
		}
		doc.Add(tb)
		var all []string
		for _, ls := range pageLines(t, doc) {
			all = append(all, ls...)
		}
		joined := "|" + strings.Join(all, "|") + "|"
		for _, l := range labels {
			if !strings.Contains(joined, "|"+l+"|") {
				t.Errorf("width %g: %s not on one line: %s", fixed, l, joined)
			}
		}
		for _, b := range cellOverflows(t, doc) {
			t.Errorf("width %g: %s", fixed, b)
		}
	}
}

// TestPlaced: the placed text of a document is its text, page by page, in
// the fonts it is set in.
func TestPlaced(t *testing.T) {
	doc := NewDocument(Options{})
	doc.Add(H(1, "第一章"), &Paragraph{Runs: []Run{{Text: "正文，", Face: FaceSong}, {Text: "黑体", Face: FaceHei}}})
	doc.Add(&PageBreak{})
	doc.Add(P("第二页"))
	pages, fonts, err := doc.Placed()
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != 2 {
		t.Fatalf("%d pages, want 2", len(pages))
	}
	var texts []string
	for _, pt := range pages[0].Texts {
		texts = append(texts, pt.Text)
		if len(fonts[pt.Font]) == 0 || pt.Size <= 0 || pt.Y <= 0 {
			t.Errorf("%+v: no font file, size or place", pt)
		}
	}
	if got := strings.Join(texts, "|"); !strings.Contains(got, "第一章") || !strings.Contains(got, "正文，|黑体") {
		t.Errorf("page 1 texts %q", got)
	}
	if len(pages[1].Texts) != 1 || pages[1].Texts[0].Text != "第二页" {
		t.Errorf("page 2 texts %+v", pages[1].Texts)
	}
}
