package layout

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func TestSplitLines(t *testing.T) {
	tests := []struct {
		n, room, perPage int
		want             []int
	}{
		{5, 10, 40, []int{5}},
		{5, 5, 40, []int{5}},
		{5, 4, 40, []int{3, 2}}, // would leave one line: carry two
		{5, 1, 40, []int{0, 5}}, // one line at the foot: move whole
		{3, 2, 40, []int{0, 3}}, // 2+1 is not allowed, 1+2 neither
		{4, 3, 40, []int{2, 2}}, // 3+1 becomes 2+2
		{2, 1, 40, []int{0, 2}}, // a two-line paragraph never splits
		{1, 0, 40, []int{0, 1}}, // nothing fits
		{12, 3, 5, []int{3, 5, 4}},
		{11, 3, 5, []int{3, 5, 3}},
		{9, 3, 5, []int{3, 4, 2}}, // 3+5+1 becomes 3+4+2
		{9, 2, 5, []int{2, 5, 2}},
		{7, 0, 3, []int{0, 3, 3, 1}}, // pages too short for the rules: fill them
	}
	for _, tc := range tests {
		got := splitLines(tc.n, tc.room, tc.perPage)
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("splitLines(%d, %d, %d) = %v, want %v", tc.n, tc.room, tc.perPage, got, tc.want)
		}
		total := 0
		for _, c := range got {
			total += c
		}
		if total != tc.n {
			t.Errorf("splitLines(%d, %d, %d) places %d lines", tc.n, tc.room, tc.perPage, total)
		}
	}
}

func TestRowKeeps(t *testing.T) {
	tests := []struct {
		group string // one letter per row: g group row, r ordinary row
		want  string // k: keep with next, - may break after
	}{
		{"r", "-"},
		{"rr", "k-"},
		{"rrr", "kk-"},
		{"rrrrr", "k--k-"},
		{"grrrgrrrr", "kk--kk-k-"},
		{"rgrgrr", "kk-kk-"},
		{"rrrgr", "k--k-"},
		{"rrrr", "kkk-"}, // a short table stays whole
		{"grrr", "kkk-"},
	}
	for _, tc := range tests {
		g := make([]bool, len(tc.group))
		for i, c := range tc.group {
			g[i] = c == 'g'
		}
		var b strings.Builder
		for _, k := range rowKeeps(g) {
			if k {
				b.WriteByte('k')
			} else {
				b.WriteByte('-')
			}
		}
		if b.String() != tc.want {
			t.Errorf("rowKeeps(%s) = %s, want %s", tc.group, b.String(), tc.want)
		}
	}
}

// pageLines lays doc out and returns the text of every line, page by page.
func pageLines(t *testing.T, doc *Document) [][]string {
	t.Helper()
	l, err := doc.layout()
	if err != nil {
		t.Fatal(err)
	}
	out := make([][]string, len(l.pages))
	for i, p := range l.pages {
		for _, o := range p.ops {
			if txt, ok := o.(*textOp); ok {
				var b strings.Builder
				for _, g := range txt.gs {
					b.WriteRune(g.r)
				}
				out[i] = append(out[i], b.String())
			}
		}
	}
	return out
}

// fillers are the heights (mm) of a spacer pushed ahead of the block under
// test, so that it starts at every position near the foot of a page.
func fillers() []float64 {
	var hs []float64
	for h := 180.0; h <= 250; h += 1.5 {
		hs = append(hs, h)
	}
	return hs
}

var longText = strings.Repeat("生态文明建设示范区创建工作稳步推进，各项指标持续向好。", 6)

func TestHeadingKeepsWithNext(t *testing.T) {
	for _, grid := range []bool{false, true} {
		for _, h := range fillers() {
			ps := PageSetup{}
			var theme *Theme
			if grid {
				ps = PageSetup{Margins: GBT9704Margins, Grid: &GBT9704Grid}
				theme = OfficialTheme()
			}
			doc := NewDocument(Options{Page: ps, Theme: theme})
			doc.Add(&Spacer{Height: 1}, P("开头。"), &Spacer{Height: h - 20},
				H(1, "第一章"), H(2, "第一节"), P(longText), H(2, "第二节"), &Table{Caption: "表1　示例", Columns: []Column{{Title: "甲"}, {Title: "乙"}},
					Rows: [][]Cell{Row("一", "二"), Row("三", "四"), Row("五", "六")}})
			pages := pageLines(t, doc)
			for pi, lines := range pages {
				if len(lines) == 0 {
					continue
				}
				last := lines[len(lines)-1]
				if strings.Contains(last, "第一章") || strings.Contains(last, "第一节") || strings.Contains(last, "第二节") || strings.HasPrefix(last, "表1") {
					t.Errorf("grid %v, filler %.1f: page %d ends with %q", grid, h, pi+1, last)
				}
				// A heading is followed by at least two lines on its page.
				for i, ln := range lines {
					if strings.Contains(ln, "第一节") && len(lines)-i-1 < 2 {
						t.Errorf("grid %v, filler %.1f: heading %q has %d lines after it on page %d", grid, h, ln, len(lines)-i-1, pi+1)
					}
				}
			}
		}
	}
}

func TestParagraphWidowsAndOrphans(t *testing.T) {
	for _, grid := range []bool{false, true} {
		for _, h := range fillers() {
			ps := PageSetup{}
			var theme *Theme
			if grid {
				ps = PageSetup{Margins: GBT9704Margins, Grid: &GBT9704Grid}
				theme = OfficialTheme()
			}
			doc := NewDocument(Options{Page: ps, Theme: theme})
			doc.Add(&Spacer{Height: 1}, P("开头。"), &Spacer{Height: h - 20}, P(longText))
			pages := pageLines(t, doc)
			want := 0
			for pi, lines := range pages {
				n := 0
				for _, ln := range lines {
					if strings.Contains(ln, "示范") || strings.Contains(ln, "向好") || strings.Contains(ln, "推进") || strings.Contains(ln, "指标") {
						n++
					}
				}
				if n == 1 {
					t.Errorf("grid %v, filler %.1f: page %d holds one line of the paragraph", grid, h, pi+1)
				}
				want += n
			}
			if want < 3 {
				t.Errorf("grid %v, filler %.1f: only %d lines found", grid, h, want)
			}
		}
	}
}

func TestTableKeeps(t *testing.T) {
	tab := func() *Table {
		tb := &Table{Caption: "表1　分组表", Columns: []Column{{Title: "名称"}, {Title: "数值"}}}
		for g := 1; g <= 3; g++ {
			tb.Rows = append(tb.Rows, []Cell{{Text: fmt.Sprintf("组%d", g), ColSpan: 2}})
			for r := 1; r <= 4; r++ {
				tb.Rows = append(tb.Rows, Row(fmt.Sprintf("行%d-%d", g, r), "1"))
			}
		}
		return tb
	}
	for _, h := range fillers() {
		doc := NewDocument(Options{})
		doc.Add(&Spacer{Height: 1}, P("开头。"), &Spacer{Height: h - 10}, tab())
		pages := pageLines(t, doc)
		for pi, lines := range pages {
			var rows []string
			for _, ln := range lines {
				if strings.HasPrefix(ln, "组") || strings.HasPrefix(ln, "行") {
					rows = append(rows, ln)
				}
			}
			if len(rows) == 0 {
				continue
			}
			if len(rows) < 2 {
				t.Errorf("filler %.1f: page %d holds one row: %v", h, pi+1, rows)
			}
			if last := rows[len(rows)-1]; strings.HasPrefix(last, "组") {
				t.Errorf("filler %.1f: page %d ends with group row %s", h, pi+1, last)
			}
			if pi > 0 && len(lines) > 0 && !strings.HasPrefix(lines[0], "表1") && !strings.HasPrefix(lines[0], "开头") {
				t.Errorf("filler %.1f: page %d does not repeat the caption: %q", h, pi+1, lines[0])
			}
		}
	}
}

// tableRowsByPage lays doc out and returns, page by page, the body rows of
// the table: the lines that start with one of prefixes.
func tableRowsByPage(t *testing.T, doc *Document, prefixes ...string) [][]string {
	t.Helper()
	var out [][]string
	for _, lines := range pageLines(t, doc) {
		var rows []string
		for _, ln := range lines {
			for _, p := range prefixes {
				if strings.HasPrefix(ln, p) {
					rows = append(rows, ln)
					break
				}
			}
		}
		out = append(out, rows)
	}
	return out
}

// TestKeepTogether checks that runs of rows marked KeepTogether (an
// indicator and its sub-indicators) are never split by a page break, and
// that a run taller than a page is broken anyway without losing rows.
func TestKeepTogether(t *testing.T) {
	tab := func() *Table {
		tb := &Table{Caption: "表1　指标表", Columns: []Column{{Title: "序号"}, {Title: "名称"}}}
		for i := 1; i <= 12; i++ {
			from := len(tb.Rows)
			tb.Rows = append(tb.Rows, Row(fmt.Sprintf("指%d", i), "生态环境状况指数"))
			for j := 1; j <= 3; j++ {
				tb.Rows = append(tb.Rows, Row(fmt.Sprintf("子%d.%d", i, j), "地表水达到或好于III类水体比例"))
			}
			tb.KeepTogether = append(tb.KeepTogether, [2]int{from, len(tb.Rows)})
		}
		return tb
	}
	for _, h := range fillers() {
		doc := NewDocument(Options{})
		doc.Add(&Spacer{Height: 1}, P("开头。"), &Spacer{Height: h - 10}, tab())
		n := 0
		for pi, rows := range tableRowsByPage(t, doc, "指", "子") {
			n += len(rows)
			if len(rows) > 0 && strings.HasPrefix(rows[0], "子") {
				t.Errorf("filler %.1f: page %d starts with sub-indicator row %s", h, pi+1, rows[0])
			}
		}
		if n != 48 {
			t.Errorf("filler %.1f: %d rows printed, want 48", h, n)
		}
	}

	// One run longer than a page: it breaks, and every row is printed.
	tb := &Table{Columns: []Column{{Title: "序号"}, {Title: "名称"}}}
	for i := 1; i <= 120; i++ {
		tb.Rows = append(tb.Rows, Row(fmt.Sprintf("行%03d", i), "生态环境状况指数"))
	}
	tb.KeepTogether = [][2]int{{0, 120}}
	doc := NewDocument(Options{})
	doc.Add(P("开头。"), tb)
	pages, n := 0, 0
	for _, rows := range tableRowsByPage(t, doc, "行") {
		if len(rows) > 0 {
			pages++
		}
		n += len(rows)
	}
	if pages < 2 || n != 120 {
		t.Errorf("run taller than a page: %d rows on %d pages, want 120 rows on 2 or more", n, pages)
	}
}

// TestShortTableNotSplit checks the orphan and widow rule of tables: a
// table of up to four body rows moves whole to the next page, and a longer
// one leaves at least two rows on each side of a break.
func TestShortTableNotSplit(t *testing.T) {
	for _, nrows := range []int{3, 4, 5, 7} {
		for _, h := range fillers() {
			tb := &Table{Caption: "表1　指标要求", Columns: []Column{{Title: "项目"}, {Title: "内容"}}}
			for i := 1; i <= nrows; i++ {
				tb.Rows = append(tb.Rows, Row(fmt.Sprintf("行%d", i), "地表水达到或好于III类水体比例"))
			}
			doc := NewDocument(Options{})
			doc.Add(&Spacer{Height: 1}, P("开头。"), &Spacer{Height: h - 10}, tb)
			var split []int
			for _, rows := range tableRowsByPage(t, doc, "行") {
				if len(rows) > 0 {
					split = append(split, len(rows))
				}
			}
			if nrows <= shortTable && len(split) != 1 {
				t.Errorf("%d rows, filler %.1f: split %v, want all on one page", nrows, h, split)
			}
			for _, k := range split {
				if k < minLines {
					t.Errorf("%d rows, filler %.1f: split %v leaves fewer than %d rows on a page", nrows, h, split, minLines)
				}
			}
		}
	}
}

// TestParagraphKeepWithNext: a run-in title marked KeepWithNext never ends a
// page; it goes with the start of the table or paragraph after it, and
// gets no bookmark.
func TestParagraphKeepWithNext(t *testing.T) {
	title := func(s string) *Paragraph {
		return &Paragraph{Runs: []Run{{Text: s}}, Face: FaceHei, NoIndent: true, KeepWithNext: true}
	}
	for _, h := range fillers() {
		doc := NewDocument(Options{})
		doc.Add(&Spacer{Height: 1}, P("开头。"), &Spacer{Height: h - 20},
			title("一、指标要求"), &Table{Columns: []Column{{Title: "项目"}, {Title: "内容"}},
				Rows: [][]Cell{Row("目标值", "≥80%"), Row("指标属性", "约束性"), Row("牵头单位", "区政府办"), Row("配合单位", "—"), Row("计量单位", "%")}},
			title("二、数据来源"), P(longText))
		pages := pageLines(t, doc)
		for pi, lines := range pages {
			if len(lines) == 0 {
				continue
			}
			if last := lines[len(lines)-1]; strings.Contains(last, "指标要求") || strings.Contains(last, "数据来源") {
				t.Errorf("filler %.1f: page %d ends with %q", h, pi+1, last)
			}
		}
	}
	doc := NewDocument(Options{})
	doc.Add(title("一、指标要求"), P("正文。"))
	if pdf, _ := build(t, doc); strings.Contains(strings.Join(outlineTitles(pdf), ""), "指标要求") {
		t.Error("a KeepWithNext paragraph is bookmarked")
	}
}
