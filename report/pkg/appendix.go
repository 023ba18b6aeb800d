package pkg

import (
	"fmt"
	"sort"
	"strings"

	"ecoreport/app/catalog"
	"ecoreport/app/store"
	"ecoreport/report/layout"
)

// taskHeading is an indicator's heading in 附件1: "8. 环境信息公开率100%。".
func taskHeading(ind *catalog.Indicator) string {
	if ind.Annex1 != nil && ind.Annex1.Heading != "" {
		return ind.Annex1.Heading
	}
	return ind.Code + ". " + ind.Name + "。"
}

// roles writes "(牵头单位:区农委;配合单位:各镇街、园区)".
func (b *builder) roles(ind *catalog.Indicator) string {
	s := "（牵头单位：" + b.a.Catalog.OrgNames(ind.Lead)
	if len(ind.Support) > 0 {
		s += "；配合单位：" + b.a.Catalog.OrgNames(ind.Support)
	}
	return s + "）"
}

// taskBook is 附件1 任务分解书: every task text with lead and support,
// grouped by task group. Group headings are at level lv.
func (b *builder) taskBook(lv int) []layout.Block {
	cat := b.a.Catalog
	basis := cat.Basis
	if basis == "" {
		basis = "国家生态文明建设示范县、市指标（试行）"
	}
	out := []layout.Block{layout.P(fmt.Sprintf("对照《%s》，结合%s实际，现将各项指标及主要任务分解如下：", basis, b.a.Settings.District))}
	for _, g := range cat.TaskGroups {
		title := g.Annex1
		if title == "" {
			title = layout.ChineseNumber(g.No) + "、" + g.Name
		}
		out = append(out, &layout.Heading{Level: lv, Text: title, NoNumber: true})
		for i := range cat.Indicators {
			ind := &cat.Indicators[i]
			if ind.TaskGroup != g.No {
				continue
			}
			text := ind.TaskText
			if text == "" {
				text = "（任务分解书未列明具体任务。）"
			}
			out = append(out, &layout.Paragraph{Runs: []layout.Run{
				{Text: taskHeading(ind), Face: layout.FaceHei},
				{Text: text + b.roles(ind)},
			}})
		}
	}
	return out
}

// taskTable is 附件2 任务分解表 (for a landscape page).
func (b *builder) taskTable(caption string) *layout.Table {
	cat := b.a.Catalog
	t := &layout.Table{Caption: caption, Numbered: caption != "", Size: 9.5, Columns: []layout.Column{
		{Title: "序号", Align: layout.AlignCenter, Width: 11},
		{Title: "指标名称", MinWidth: 50},
		{Title: "单位", Align: layout.AlignCenter, Width: 16},
		{Title: "指标值", Align: layout.AlignCenter, MinWidth: 28},
		{Title: "指标属性", Align: layout.AlignCenter, Width: 21},
		{Title: "适用地区", Align: layout.AlignCenter, Width: 16},
		{Title: "牵头单位", Align: layout.AlignCenter, MinWidth: 22},
		{Title: "配合单位", MinWidth: 40},
	}}
	n := len(t.Columns)
	for _, g := range cat.TaskGroups {
		t.Rows = append(t.Rows, groupRow(fmt.Sprintf("%s　%s%s", b.domainName(g.Domain), g.Numeral(), g.Name), n))
		for i := range cat.Indicators {
			ind := &cat.Indicators[i]
			if ind.TaskGroup != g.No {
				continue
			}
			rows := []*catalog.Indicator{ind}
			for j := range ind.Subs {
				rows = append(rows, &ind.Subs[j])
			}
			for _, r := range rows {
				name := r.Name
				if r.IsSub() {
					name = "　" + r.Code + " " + r.Name
				}
				band := r.Band
				if band == "" && r.Parent != nil {
					band = r.Parent.Band
				}
				if band == "" {
					band = "—"
				}
				lead, support := "", ""
				if !r.IsSub() {
					lead, support = cat.OrgNames(r.Lead), cat.OrgNames(r.Support)
					if support == "" {
						support = "—"
					}
				} else {
					lead, support = "同上", "同上"
				}
				code := r.Code
				t.Rows = append(t.Rows, []layout.Cell{
					{Text: code}, {Text: name}, {Text: measureUnit(r)}, {Text: b.bareTarget(r)},
					{Text: attr(r) + "指标"}, {Text: band}, {Text: lead}, {Text: support},
				})
			}
		}
	}
	return t
}

// matrixOrgs returns the organisations that lead or support any indicator,
// in the project's order (groups as their own column).
func (b *builder) matrixOrgs() []catalog.Organisation {
	used := map[string]bool{}
	for _, ind := range b.a.Catalog.Indicators {
		for _, id := range ind.Lead {
			used[id] = true
		}
		for _, id := range ind.Support {
			used[id] = true
		}
	}
	var out []catalog.Organisation
	for _, o := range b.a.Catalog.Organisations {
		if used[o.ID] {
			out = append(out, o)
			delete(used, o.ID)
		}
	}
	var rest []string
	for id := range used {
		rest = append(rest, id)
	}
	sort.Strings(rest)
	for _, id := range rest {
		out = append(out, catalog.Organisation{ID: id, Name: id})
	}
	return out
}

// matrix is the responsible-organisation matrix: indicators × organisations,
// ● lead, ○ support. The engine's Matrix fits the organisation columns
// (equal, at least one character wide, names wrapping down the column);
// width is the text width it is laid out in (kept for the callers).
func (b *builder) matrix(caption string, width float64) *layout.Table {
	orgs := b.matrixOrgs()
	names := make([]string, len(orgs))
	for i, o := range orgs {
		names[i] = o.Name
	}
	t := layout.Matrix(caption, "指标名称", nil, names, nil)
	t.Numbered = caption != ""
	t.Size = 9
	t.Columns[0].MinWidth = min(58, width/4)
	t.Columns = append([]layout.Column{{Title: "序号", Width: 9, Align: layout.AlignCenter}}, t.Columns...)
	n := len(t.Columns)
	for _, d := range b.byDomain() {
		t.Rows = append(t.Rows, groupRow(d.Domain.Name, n))
		for _, ind := range d.Indicators {
			row := []layout.Cell{{Text: ind.Code}, {Text: ind.Name}}
			for _, o := range orgs {
				m := ""
				switch {
				case contains(ind.Lead, o.ID):
					m = "●"
				case contains(ind.Support, o.ID):
					m = "○"
				}
				row = append(row, layout.Cell{Text: m})
			}
			t.Rows = append(t.Rows, row)
		}
	}
	// Totals: how many indicators each organisation leads / supports.
	lead := []layout.Cell{{Text: "", ColSpan: 1}, {Text: "牵头指标数（●）", Bold: true}}
	sup := []layout.Cell{{Text: ""}, {Text: "配合指标数（○）", Bold: true}}
	for _, o := range orgs {
		nl, ns := 0, 0
		for _, ind := range b.a.Catalog.Indicators {
			if contains(ind.Lead, o.ID) {
				nl++
			} else if contains(ind.Support, o.ID) {
				ns++
			}
		}
		lead = append(lead, layout.Cell{Text: fmt.Sprint(nl), Fill: 0.94})
		sup = append(sup, layout.Cell{Text: fmt.Sprint(ns), Fill: 0.94})
	}
	lead[0] = layout.Cell{Text: "合计", Fill: 0.94}
	sup[0] = layout.Cell{Text: "合计", Fill: 0.94}
	lead[1].Fill, sup[1].Fill = 0.94, 0.94
	t.Rows = append(t.Rows, lead, sup)
	return t
}

func contains(ids []string, id string) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// evidenceCatalog is 佐证材料目录: per indicator, its items by year; an
// assessed year without any item is listed as such.
func (b *builder) evidenceCatalog(caption string) *layout.Table {
	t := &layout.Table{Caption: caption, Numbered: caption != "", Size: 9, Columns: []layout.Column{
		{Title: "序号", Align: layout.AlignCenter, Width: 10},
		{Title: "年度", Align: layout.AlignCenter, Width: 14},
		{Title: "材料名称", MinWidth: 50},
		{Title: "文号", MinWidth: 25},
		{Title: "印发单位", MinWidth: 24},
		{Title: "日期", Align: layout.AlignCenter, Width: 20},
		{Title: "页数", Align: layout.AlignCenter, Width: 10},
		{Title: "分类", Align: layout.AlignCenter, Width: 19},
	}}
	n := len(t.Columns)
	byTop := map[string][]store.EvidenceItem{}
	for _, e := range b.a.Evidence {
		byTop[topCode(e.Indicator)] = append(byTop[topCode(e.Indicator)], e)
	}
	years := b.a.Settings.AssessedYears
	for _, ind := range b.a.Catalog.Indicators {
		items := byTop[ind.Code]
		pages := 0
		for _, e := range items {
			pages += e.Pages
		}
		t.Rows = append(t.Rows, groupRow(fmt.Sprintf("%s　%s（%d 份，%d 页）", ind.Code, ind.Name, len(items), pages), n))
		seq := 0
		yearSet := map[int]bool{}
		for _, y := range years {
			yearSet[y] = true
		}
		for _, e := range items {
			yearSet[e.Year] = true
		}
		var ys []int
		for y := range yearSet {
			ys = append(ys, y)
		}
		sort.Ints(ys)
		for _, y := range ys {
			found := false
			for _, e := range items {
				if e.Year != y {
					continue
				}
				found = true
				seq++
				yr := "各年度"
				if e.Year != 0 {
					yr = fmt.Sprintf("%d年", e.Year)
				}
				title := e.Title
				if strings.Contains(e.Indicator, ".") {
					if sub, ok := b.a.Catalog.Indicator(e.Indicator); ok {
						title = fmt.Sprintf("【%s %s】%s", sub.Code, sub.Name, e.Title)
					}
				}
				t.Rows = append(t.Rows, []layout.Cell{
					{Text: fmt.Sprint(seq)}, {Text: yr}, {Text: title}, {Text: dash(e.DocNumber), Code: true}, {Text: dash(e.Issuer)},
					{Text: dash(e.IssuedOn)}, {Text: pagesText(e.Pages)}, {Text: e.Class + " " + store.ClassLabel(e.Class)},
				})
			}
			if !found && y != 0 && !yearSet0(items) {
				t.Rows = append(t.Rows, []layout.Cell{{Text: "—"}, {Text: fmt.Sprintf("%d年", y)},
					{Text: "（缺佐证材料）", Bold: true, ColSpan: 6}})
			}
		}
	}
	return t
}

func dash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

func pagesText(n int) string {
	if n <= 0 {
		return "—"
	}
	return fmt.Sprint(n)
}

// yearSet0 reports whether some item spans every assessed year (year 0).
func yearSet0(items []store.EvidenceItem) bool {
	for _, e := range items {
		if e.Year == 0 {
			return true
		}
	}
	return false
}
