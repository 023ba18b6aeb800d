package pkg

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"ecoreport/app/catalog"
	"ecoreport/app/store"
	"ecoreport/report/layout"
)

// asIssued normalises the plan's text typographically, and only that: the
// web copy's half-width punctuation in Chinese text becomes full-width
// (，；：（）). Wording, names, organisations and targets stay as issued.
var asIssued = strings.NewReplacer(",", "，", ";", "；", ":", "：", "(", "（", ")", "）")

// taskBook is 附件1 任务分解书 as issued: its opening sentence, its group
// headings, every indicator's heading and task text with the lead and
// supporting organisations 附件1 names. No ruling of the office applies here
// (rulings go to the matrix, the body of the 技术报告 and 指标口径与附件差异说明).
// Group headings are at level lv.
func (b *builder) taskBook(lv int) []layout.Block {
	cat := b.a.Catalog
	intro := cat.Plan.Annex1Intro
	if intro == "" {
		intro = fmt.Sprintf("对照《%s》，结合我区实际，现将各项指标及主要任务分解如下：", cat.Basis)
	}
	out := []layout.Block{layout.P(asIssued.Replace(intro))}
	for _, g := range cat.TaskGroups {
		title := g.Annex1
		if title == "" {
			title = layout.ChineseNumber(g.No) + "、" + g.Name
		}
		out = append(out, &layout.Heading{Level: lv, Text: asIssued.Replace(title), NoNumber: true})
		for i := range cat.Indicators {
			ind := &cat.Indicators[i]
			if ind.TaskGroup != g.No {
				continue
			}
			heading, lead, support := ind.Code+". "+ind.Name+"。", cat.OrgNames(ind.Lead), cat.OrgNames(ind.Support)
			if a1 := ind.Annex1; a1 != nil {
				heading, lead, support = a1.Heading, a1.Lead, a1.Support
			}
			roles := "（牵头单位：" + lead
			if support != "" {
				roles += "；配合单位：" + support
			}
			roles += "）"
			out = append(out, &layout.Paragraph{Runs: []layout.Run{
				{Text: asIssued.Replace(heading), Face: layout.FaceHei},
				{Text: asIssued.Replace(ind.TaskText + roles)},
			}})
		}
	}
	return out
}

// taskTable is 附件2 任务分解表 as issued (for a landscape page): the domain
// and task cells as group rows where 附件2 prints them, then per indicator its
// name, 单位, 指标值, 指标属性 and 牵头部门 exactly as 附件2 prints them.
func (b *builder) taskTable(caption string) *layout.Table {
	cat := b.a.Catalog
	t := &layout.Table{Caption: caption, Numbered: caption != "", Size: 9.5, Columns: []layout.Column{
		{Title: "序号", Align: layout.AlignCenter, Width: 11},
		{Title: "指标名称", MinWidth: 60},
		{Title: "单位", Align: layout.AlignCenter, Width: 22},
		{Title: "指标值", Align: layout.AlignCenter, MinWidth: 50},
		{Title: "指标属性", Align: layout.AlignCenter, Width: 22},
		{Title: "牵头部门", Align: layout.AlignCenter, MinWidth: 26},
	}}
	n := len(t.Columns)
	quote := func(ind *catalog.Indicator) catalog.Annex2Text {
		if ind.Annex2 != nil {
			return *ind.Annex2
		}
		return catalog.Annex2Text{Name: ind.Name, MeasureUnit: measureUnit(ind), Target: b.target(ind), Attribute: attr(ind) + "指标"}
	}
	name := func(q catalog.Annex2Text) string {
		if q.Band != "" {
			return asIssued.Replace(q.Name) + "　" + q.Band
		}
		return asIssued.Replace(q.Name)
	}
	for _, g := range cat.TaskGroups {
		head := asIssued.Replace(g.Annex2)
		if head == "" {
			head = g.Numeral() + g.Name
		}
		if g.Annex2Domain != "" {
			head = g.Annex2Domain + "　" + head
		}
		t.Rows = append(t.Rows, groupRow(head, n))
		for i := range cat.Indicators {
			ind := &cat.Indicators[i]
			if ind.TaskGroup != g.No {
				continue
			}
			q := quote(ind)
			row := []layout.Cell{{Text: ind.Code}, {Text: name(q)}, {Text: q.MeasureUnit}, {Text: asIssued.Replace(q.Target)},
				{Text: q.Attribute}, {Text: q.Lead}}
			if len(ind.Subs) == 0 {
				t.Rows = append(t.Rows, row)
				continue
			}
			// 附件2 prints one 单位/指标值 for sub-indicators sharing them (9, 10),
			// and one per sub-indicator otherwise (13, 24).
			shared := true
			for j := range ind.Subs {
				if quote(&ind.Subs[j]).Target != q.Target {
					shared = false
				}
			}
			if !shared {
				row[2], row[3] = layout.Cell{}, layout.Cell{}
			}
			from := len(t.Rows)
			t.Rows = append(t.Rows, row)
			for j := range ind.Subs {
				sq := quote(&ind.Subs[j])
				sub := []layout.Cell{{}, {Text: "　" + name(sq)}, {}, {}, {}, {}}
				if !shared {
					sub[2], sub[3] = layout.Cell{Text: sq.MeasureUnit}, layout.Cell{Text: asIssued.Replace(sq.Target)}
				}
				t.Rows = append(t.Rows, sub)
			}
			// The sub-indicators print on the page of their indicator.
			t.KeepTogether = append(t.KeepTogether, [2]int{from, len(t.Rows)})
		}
	}
	return t
}

// matrixOrgs returns the matrix's columns: the responsible organisations
// (catalog.ResponsibleOrgs, the same list every count of 责任单位 uses).
func (b *builder) matrixOrgs() []catalog.Organisation { return b.a.Catalog.ResponsibleOrgs() }

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
				case ind.LeadPending() && contains(ind.Candidates, o.ID):
					m = "◎" // a candidate lead while the office has not ruled
				case contains(ind.Lead, o.ID):
					m = "●"
				case contains(ind.Supporters(), o.ID):
					m = "○"
				}
				row = append(row, layout.Cell{Text: m})
			}
			t.Rows = append(t.Rows, row)
		}
	}
	// Totals: how many indicators each organisation leads / supports.
	lead := []layout.Cell{{Text: "", ColSpan: 1}, {Text: "牵头指标数（●◎）", Bold: true}}
	sup := []layout.Cell{{Text: ""}, {Text: "配合指标数（○）", Bold: true}}
	for _, o := range orgs {
		nl, ns := 0, 0
		for _, ind := range b.a.Catalog.Indicators {
			if contains(ind.Leads(), o.ID) {
				nl++
			} else if contains(ind.Supporters(), o.ID) {
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
	byTop := b.evidenceByIndicator()
	years := b.a.Settings.AssessedYears
	for _, ind := range b.a.Catalog.Indicators {
		items := byTop[ind.Code]
		t.Rows = append(t.Rows, groupRow(ind.Code+"　"+ind.Name+itemsText(items), n))
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
				title := b.a.Catalog.SubLabel(e.Indicator) + e.Title
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

// evidenceByIndicator returns the evidence items of every indicator (its
// sub-indicators' with its own) in the order the evidence catalog lists and
// numbers them (材料 1, 2, …): by year, those spanning every year first, then
// as the store sorts them.
func (b *builder) evidenceByIndicator() map[string][]store.EvidenceItem {
	byTop := map[string][]store.EvidenceItem{}
	for _, e := range b.a.Evidence {
		byTop[topCode(e.Indicator)] = append(byTop[topCode(e.Indicator)], e)
	}
	for _, items := range byTop {
		slices.SortStableFunc(items, store.ComparePartEvidence)
	}
	return byTop
}

// evidenceRefs returns how the documents cite each evidence item: by its
// indicator and its number in that indicator's part of the evidence catalog,
// "指标16 材料1", where a reader finds it (the database id is nowhere printed).
func (b *builder) evidenceRefs() map[int64]string {
	refs := map[int64]string{}
	for code, items := range b.evidenceByIndicator() {
		for i, e := range items {
			refs[e.ID] = fmt.Sprintf("指标%s 材料%d", code, i+1)
		}
	}
	return refs
}

func dash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

// itemsText counts an indicator's evidence items for its group row:
// "（3 份，129 页）"; "（无佐证材料）" when there is none, and no page total
// when an item's pages are unknown (a partial sum would be a wrong number).
func itemsText(items []store.EvidenceItem) string {
	if len(items) == 0 {
		return "（无佐证材料）"
	}
	pages := 0
	for _, e := range items {
		if e.Pages <= 0 {
			return fmt.Sprintf("（%d 份）", len(items))
		}
		pages += e.Pages
	}
	return fmt.Sprintf("（%d 份，%d 页）", len(items), pages)
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

// rulingsTitle is the appendix that carries every finding of the consistency
// check: where the annexes (or two places of one annex) disagree, what each
// says, the office's ruling and its reason, or 未裁定.
const rulingsTitle = "指标口径与附件差异说明"

// matrixLegend explains the matrix's marks.
func (b *builder) matrixLegend() string {
	s := "表中 ● 表示牵头单位，○ 表示配合单位"
	for _, ind := range b.a.Catalog.Indicators {
		if ind.LeadPending() {
			s += "，◎ 表示两附件所列牵头单位不同、尚待裁定的候选牵头单位"
			break
		}
	}
	if g, ok := b.a.Catalog.Org("towns-parks"); ok && g.Kind == catalog.KindGroup && len(g.Members) > 0 {
		s += fmt.Sprintf("；“%s”为单位组，含%s", g.Name, b.a.Catalog.OrgNames(g.Members))
	}
	return s + fmt.Sprintf("。共 %d 个责任单位。", len(b.matrixOrgs()))
}

// summaryOf is a finding's summary without its "暂按…" sentence: what the
// catalog uses until a ruling is the appendix's ruling column, not a clause
// of the description.
func summaryOf(f catalog.Finding) string {
	s := f.Summary
	if i := strings.LastIndex(s, "暂按"); i > 0 {
		s = s[:i]
	}
	return asIssued.Replace(strings.TrimSpace(s))
}

// sideOf returns the side of a finding with the given option key.
func sideOf(f catalog.Finding, key string) (catalog.Side, bool) {
	for _, sd := range f.Sides {
		if sd.Key == key {
			return sd, true
		}
	}
	return catalog.Side{}, false
}

// rulingsAppendix is 指标口径与附件差异说明: one row per finding with both
// (or all) wordings, the ruling and its reason, or 未裁定.
func (b *builder) rulingsAppendix() []layout.Block {
	fs := b.a.Findings
	if len(fs) == 0 {
		return []layout.Block{layout.P("实施方案的附件1 与附件2 对各项指标的表述一致，没有需要说明的差异。")}
	}
	open := 0
	for _, f := range fs {
		if f.Blocking {
			open++
		}
	}
	intro := fmt.Sprintf("实施方案的附件1（任务分解书）与附件2（任务分解表）在以下 %d 处表述不一致。"+
		"正文各指标按裁定后的口径编写，并以“［注］”标明；附录一、附录二照录两附件原文，不作改动。", len(fs))
	if open > 0 {
		intro += fmt.Sprintf("其中 %d 处影响评定或责任、尚未裁定。", open)
	}
	t := &layout.Table{Size: 9, Columns: []layout.Column{
		{Title: "序号", Align: layout.AlignCenter, Width: 9},
		{Title: "事项", MinWidth: 40},
		{Title: "各处表述", MinWidth: 52},
		{Title: "裁定", MinWidth: 26},
		{Title: "理由", MinWidth: 28},
	}}
	for i, f := range fs {
		subject := f.Subject + catalog.FieldLabel(f.Field)
		if f.Informational {
			subject += "（名称差异，不影响评定）"
		}
		var said []string
		for _, sd := range f.Sides {
			w := sd.Where + "：“" + asIssued.Replace(sd.Quote) + "”"
			if sd.Value != "" && sd.Value != sd.Quote {
				w += "（即" + sd.Value + "）"
			}
			said = append(said, w)
		}
		ruling, reason := "未裁定", "—"
		if f.Resolved {
			if sd, ok := sideOf(f, f.Choice); ok {
				ruling = "采用" + sd.Where + "：" + sd.Value
			}
			if r, ok := b.a.Resolutions[f.ID]; ok {
				reason = asIssued.Replace(r.Reason)
				if r.Actor != "" {
					reason += fmt.Sprintf("（%s，%s）", r.Actor, shortTime(r.At))
				}
			}
		} else if f.Informational {
			ruling = "无须裁定"
			if sd, ok := sideOf(f, f.InUse); ok {
				ruling += "，正文用" + sd.Where + "的名称"
			}
		} else if f.Field == catalog.FieldLead && b.leadPending(f.Indicator) {
			// The body names every candidate lead (leadNames), not the one in use.
			ruling = "未裁定（正文并列各附件所列牵头单位，注明待裁定）"
		} else if sd, ok := sideOf(f, f.InUse); ok {
			ruling = "未裁定（正文暂列" + sd.Where + "的口径）"
		}
		t.Rows = append(t.Rows, []layout.Cell{{Text: fmt.Sprint(i + 1)}, {Text: subject + "\n" + summaryOf(f)},
			{Text: strings.Join(said, "\n")}, {Text: ruling}, {Text: reason}})
	}
	return []layout.Block{layout.P(intro), t}
}

// leadPending reports whether the lead of the indicator with the given code
// awaits the office's ruling.
func (b *builder) leadPending(code string) bool {
	ind, ok := b.a.Catalog.Indicator(code)
	return ok && ind.LeadPending()
}

// note is a footnote of an indicator's section: a finding that bears on it.
type note struct {
	no    int // the finding's number in the appendix
	code  string
	field string
	f     catalog.Finding
}

// notes are the footnotes of one indicator's section.
type notes []note

// notesOf returns the findings about an indicator and its sub-indicators.
func (b *builder) notesOf(code string) notes {
	var out notes
	for i, f := range b.a.Findings {
		if f.Indicator == "" || topCode(f.Indicator) != code {
			continue
		}
		out = append(out, note{no: i + 1, code: f.Indicator, field: f.Field, f: f})
	}
	return out
}

// mark is the footnote mark for a field of the indicator itself ("" when no
// finding bears on it).
func (ns notes) mark(field string) string {
	for _, n := range ns {
		if n.field == field && !strings.Contains(n.code, ".") {
			return fmt.Sprintf("［注%d］", n.no)
		}
	}
	return ""
}

// markOf is the footnote mark for a field of a sub-indicator.
func (ns notes) markOf(code, field string) string {
	for _, n := range ns {
		if n.field == field && n.code == code {
			return fmt.Sprintf("［注%d］", n.no)
		}
	}
	return ""
}

// text is the footnote printed below the requirement table.
func (n note) text() string {
	what := catalog.FieldLabel(n.field)
	switch {
	case n.f.Resolved:
		if sd, ok := sideOf(n.f, n.f.Choice); ok {
			return fmt.Sprintf("［注%d］%s在实施方案中有不同表述，已裁定采用%s的表述，详见附录五第 %d 项。", n.no, what, sd.Where, n.no)
		}
	case n.f.Informational:
		return fmt.Sprintf("［注%d］%s在实施方案中有不同表述，不影响评定，详见附录五第 %d 项。", n.no, what, n.no)
	}
	return fmt.Sprintf("［注%d］%s在实施方案中有不同表述，尚未裁定，详见附录五第 %d 项。", n.no, what, n.no)
}
