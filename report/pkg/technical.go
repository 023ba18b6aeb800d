package pkg

import (
	"fmt"
	"strings"
	"time"

	"ecoreport/app/catalog"
	"ecoreport/app/eval"
	"ecoreport/app/store"
	"ecoreport/report/layout"
	"ecoreport/report/narrative"
)

// landscapeWidth is the text width of a landscape page with the default
// 25 mm margins.
const landscapeWidth = 297 - 50

func (b *builder) reportTheme() *layout.Theme {
	th := layout.ReportTheme()
	th.Headings[0].NewPage = true
	return th
}

func (b *builder) cover(doc *layout.Document, title string) {
	st := b.a.Settings
	doc.Add(&layout.Spacer{Height: 60},
		&layout.Title{Text: st.District + "创建国家生态文明建设示范区", Size: 26},
		&layout.Title{Text: title, Size: 30},
		&layout.Spacer{Height: 95},
		&layout.Paragraph{Runs: []layout.Run{{Text: st.Province + st.City + st.District}}, Align: layout.AlignCenter, Size: 16, Face: layout.FaceHei, NoIndent: true},
		&layout.Paragraph{Runs: []layout.Run{{Text: b.office()}}, Align: layout.AlignCenter, Size: 16, Face: layout.FaceHei, NoIndent: true},
		&layout.Paragraph{Runs: []layout.Run{{Text: chineseYearMonth(b.date)}}, Align: layout.AlignCenter, Size: 16, Face: layout.FaceHei, NoIndent: true, SpaceBefore: 4},
	)
	if st.Sample {
		doc.Add(&layout.Spacer{Height: 12}, &layout.Paragraph{Runs: []layout.Run{{Text: "本文件由示例数据生成，仅供演示，不得报送。"}},
			Align: layout.AlignCenter, Size: 10.5, NoIndent: true})
	}
}

// technicalReport is 技术报告.
func (b *builder) technicalReport() (*layout.Document, error) {
	st := b.a.Settings
	title := st.District + "创建国家生态文明建设示范区技术报告"
	// The cover is a numberless page but not "plain": the sample watermark
	// must be on every page.
	doc := b.newDoc(title, b.office(), "技术报告", layout.PageSetup{Numbers: layout.NumberNone})
	b.cover(doc, "技术报告")
	doc.NewSection(layout.PageSetup{Numbers: layout.NumberNone})
	doc.Add(&layout.TOC{MaxLevel: 3})
	header := layout.Header{Left: title, Right: "数据截至 " + chineseDate(b.date), Rule: true}
	body := layout.PageSetup{Header: header, Numbers: layout.NumberOfTotal, RestartNumbering: true, Theme: b.reportTheme()}
	doc.NewSection(body)

	doc.Add(layout.H(1, "区域概况"))
	blocks, err := b.chapter("区域概况", 1)
	if err != nil {
		return nil, err
	}
	doc.Add(blocks...)
	doc.Add(layout.H(1, "创建工作概况"))
	if blocks, err = b.chapter("创建工作概况", 1); err != nil {
		return nil, err
	}
	doc.Add(blocks...)

	// 三、指标总体达标情况 on landscape pages.
	land := body
	land.Orientation = layout.Landscape
	land.RestartNumbering = false
	doc.NewSection(land)
	doc.Add(layout.H(1, "指标总体达标情况"))
	b.summary(doc)

	doc.NewSection(func() layout.PageSetup { p := body; p.RestartNumbering = false; return p }())
	doc.Add(layout.H(1, "指标完成情况"))
	doc.Add(layout.P(fmt.Sprintf("本章按领域逐项说明 %d 项指标的要求、%s完成情况、主要措施和数据来源。表中“缺数据”表示该年度尚无报送数据，“目标待定”表示目标值尚待省级部门确定。",
		len(b.a.Catalog.Indicators), yearsText(st.AssessedYears))))
	for _, d := range b.byDomain() {
		doc.Add(layout.H(2, d.Domain.Name))
		for _, ind := range d.Indicators {
			if err := b.indicatorSection(doc, ind); err != nil {
				return nil, err
			}
		}
	}

	doc.Add(layout.H(1, "存在问题与下一步工作"))
	if blocks, err = b.chapter("存在问题与下一步工作", 1); err != nil {
		return nil, err
	}
	doc.Add(blocks...)
	b.openItems(doc)

	// Appendices.
	appendix := func(no int, name string) *layout.Heading {
		return &layout.Heading{Level: 1, Text: fmt.Sprintf("附录%s %s", layout.ChineseNumber(no), name), NoNumber: true}
	}
	doc.Add(appendix(1, "任务分解书"))
	doc.Add(b.taskBook(2)...)
	doc.NewSection(land)
	doc.Add(appendix(2, "任务分解表"), b.taskTable(b.planAnnex2()))
	doc.Add(appendix(3, "责任单位矩阵"))
	doc.Add(layout.P("表中 ● 表示牵头单位，○ 表示配合单位；“各镇街、园区”为单位组，含各镇、街道和园区。"))
	doc.Add(b.matrix("指标责任单位矩阵", landscapeWidth))
	doc.NewSection(func() layout.PageSetup { p := body; p.RestartNumbering = false; return p }())
	doc.Add(appendix(4, "佐证材料目录"))
	doc.Add(layout.P(fmt.Sprintf("佐证材料共 %d 份。分类：A 指标汇总，B 原始文件，C 统计资料。考核年度中没有任何佐证材料的，列为“缺佐证材料”。", len(b.a.Evidence))))
	doc.Add(b.evidenceCatalog("佐证材料目录"))
	return doc, nil
}

func (b *builder) planAnnex2() string {
	if s := b.a.Catalog.Plan.Annex2; s != "" {
		return s
	}
	return "任务分解表"
}

func yearsText(ys []int) string {
	parts := make([]string, len(ys))
	for i, y := range ys {
		parts[i] = fmt.Sprint(y)
	}
	return strings.Join(parts, "、") + "年"
}

func chineseDate(t time.Time) string { return narrative.ChineseDate(t) }

// summary is the overall verdict and the table of every indicator × year.
func (b *builder) summary(doc *layout.Document) {
	v := b.a.Eval.Verdict
	doc.Add(layout.H(2, "总体结论"))
	doc.Add(&layout.Paragraph{Runs: []layout.Run{
		{Text: fmt.Sprintf("按照%s年数据评估，总体结论为：", fmt.Sprint(v.Year))},
		{Text: v.Label, Bold: true, Face: layout.FaceHei},
		{Text: "。"},
	}})
	for _, r := range v.Reasons {
		doc.Add(&layout.Paragraph{Runs: []layout.Run{{Text: "· " + r}}})
	}
	counts := &layout.Table{Caption: fmt.Sprintf("%d年指标达标情况统计", v.Year), Numbered: true, Columns: []layout.Column{
		{Title: "指标属性", Align: layout.AlignCenter}, {Title: "指标数", Align: layout.AlignCenter}, {Title: "达标", Align: layout.AlignCenter},
		{Title: "未达标", Align: layout.AlignCenter}, {Title: "缺数据", Align: layout.AlignCenter}, {Title: "目标待定", Align: layout.AlignCenter},
		{Title: "达标比例", Align: layout.AlignCenter},
	}, Width: 170}
	row := func(name string, t eval.Tally) []layout.Cell {
		share := "—"
		if t.Total > 0 {
			share = catalog.FormatNumber(float64(t.Met)*100/float64(t.Total), 1) + "%"
		}
		return layout.Row(name, fmt.Sprint(t.Total), fmt.Sprint(t.Met), fmt.Sprint(t.NotMet), fmt.Sprint(t.Missing), fmt.Sprint(t.Pending), share)
	}
	all := eval.Tally{Total: v.Binding.Total + v.Reference.Total, Met: v.Binding.Met + v.Reference.Met, NotMet: v.Binding.NotMet + v.Reference.NotMet,
		Missing: v.Binding.Missing + v.Reference.Missing, Pending: v.Binding.Pending + v.Reference.Pending}
	counts.Rows = append(counts.Rows, row("约束性指标", v.Binding), row("参考性指标", v.Reference), row("合计", all))
	doc.Add(counts)

	doc.Add(layout.H(2, "指标达标情况汇总"))
	years := b.a.Settings.AssessedYears
	cols := []layout.Column{
		{Title: "序号", Align: layout.AlignCenter, Width: 10},
		{Title: "指标名称", MinWidth: 48},
		{Title: "单位", Align: layout.AlignCenter, MaxWidth: 18},
		{Title: "目标值", Align: layout.AlignCenter, MinWidth: 24},
		{Title: "属性", Align: layout.AlignCenter, Width: 13},
		{Title: "牵头单位", Align: layout.AlignCenter, MinWidth: 18},
	}
	h1 := []layout.Cell{{Text: "序号", RowSpan: 2}, {Text: "指标名称", RowSpan: 2}, {Text: "单位", RowSpan: 2}, {Text: "目标值", RowSpan: 2},
		{Text: "属性", RowSpan: 2}, {Text: "牵头单位", RowSpan: 2}}
	var h2 []layout.Cell
	for _, y := range years {
		cols = append(cols, layout.Column{Title: "数值", Align: layout.AlignCenter, MinWidth: 16}, layout.Column{Title: "状态", Align: layout.AlignCenter, Width: 16})
		h1 = append(h1, layout.Cell{Text: fmt.Sprintf("%d年", y), ColSpan: 2})
		h2 = append(h2, layout.Cell{Text: "数值"}, layout.Cell{Text: "状态"})
	}
	t := &layout.Table{Caption: "指标达标情况汇总", Numbered: true, Columns: cols, Header: [][]layout.Cell{h1, h2}, Size: 9.5, Zebra: false}
	n := len(cols)
	for _, d := range b.byDomain() {
		t.Rows = append(t.Rows, groupRow(d.Domain.Name, n))
		for _, ind := range d.Indicators {
			rows := []*catalog.Indicator{ind}
			for j := range ind.Subs {
				rows = append(rows, &ind.Subs[j])
			}
			for _, r := range rows {
				name := r.Name
				if r.IsSub() {
					name = "　" + r.Code + " " + r.Name
				}
				code := r.Code
				if r.IsSub() {
					code = ""
				}
				lead := b.a.Catalog.OrgNames(r.Lead)
				if r.IsSub() {
					lead = "同上"
				}
				cells := []layout.Cell{{Text: dashIfEmpty(code, r.Code)}, {Text: name}, {Text: measureUnit(r)}, {Text: b.bareTarget(r)},
					{Text: attr(r)}, {Text: lead}}
				for _, y := range years {
					res := b.a.Eval.Result(r.Code, y)
					cells = append(cells, layout.Cell{Text: b.bareValue(r, y)}, statusCell(res.Status))
				}
				t.Rows = append(t.Rows, cells)
			}
		}
	}
	doc.Add(t)
}

func dashIfEmpty(s, code string) string {
	if s == "" {
		return code
	}
	return s
}

// findingsOf returns the consistency findings about an indicator (or its subs).
func (b *builder) findingsOf(code string) []string {
	var out []string
	for _, f := range b.a.Findings {
		if f.Indicator == "" || topCode(f.Indicator) != code {
			continue
		}
		state := "尚未裁定"
		if f.Resolved {
			state = "已裁定，采用 " + f.Choice
			for _, s := range f.Sides {
				if s.Key == f.Choice {
					state = "已裁定，采用" + s.Where + "（" + s.Value + "）"
				}
			}
		} else if f.InUse != "" {
			for _, s := range f.Sides {
				if s.Key == f.InUse {
					state = "尚未裁定，暂按" + s.Where + "（" + s.Value + "）"
				}
			}
		}
		out = append(out, fmt.Sprintf("%s：%s（%s）", catalog.FieldLabel(f.Field), f.Summary, state))
	}
	return out
}

func (b *builder) indicatorSection(doc *layout.Document, ind *catalog.Indicator) error {
	cat := b.a.Catalog
	doc.Add(&layout.Heading{Level: 3, Text: ind.Code + "　" + ind.Name, NoNumber: true, ID: "ind-" + ind.Code})

	// 指标要求
	doc.Add(&layout.Heading{Level: 4, Text: "指标要求", NoTOC: true})
	tg := ""
	if g, ok := cat.TaskGroup(ind.TaskGroup); ok {
		tg = g.Numeral() + g.Name
	}
	band := ind.Band
	if band == "" {
		band = "—"
	}
	support := cat.OrgNames(ind.Support)
	if support == "" {
		support = "—"
	}
	pairs := [][2]string{
		{"所属领域", b.domainName(ind.Domain)}, {"所属任务", dash(tg)},
		{"计量单位", measureUnit(ind)}, {"目标值", b.target(ind)},
		{"指标属性", attr(ind) + "指标"}, {"适用地区", band},
		{"牵头单位", cat.OrgNames(ind.Lead)}, {"配合单位", support},
	}
	if cat.IsVeto(ind.Code) {
		pairs = append(pairs, [2]string{"否决项", "是（未达标即不能通过考核）"})
	}
	doc.Add(keyValueTable("指标 "+ind.Code+"　"+ind.Name, pairs))
	for j := range ind.Subs {
		s := &ind.Subs[j]
		doc.Add(&layout.Paragraph{Runs: []layout.Run{{Text: fmt.Sprintf("子指标 %s %s：计量单位 %s，目标值 %s。", s.Code, s.Name, measureUnit(s), b.target(s))}}})
	}
	if fs := b.findingsOf(ind.Code); len(fs) > 0 {
		doc.Add(&layout.Paragraph{Runs: []layout.Run{{Text: "附件差异：", Face: layout.FaceHei}, {Text: "实施方案的附件1 与附件2 对本指标的表述不一致，具体如下。"}}})
		for _, f := range fs {
			doc.Add(layout.P("· " + f))
		}
	}

	// 完成情况
	doc.Add(&layout.Heading{Level: 4, Text: "完成情况", NoTOC: true})
	leaves := []*catalog.Indicator{ind}
	if !ind.Measurable() {
		leaves = nil
		for j := range ind.Subs {
			leaves = append(leaves, &ind.Subs[j])
		}
	}
	years := b.yearsWithData(leaves)
	t := &layout.Table{Caption: fmt.Sprintf("指标%s %s完成情况", ind.Code, ind.Name), Numbered: true, Columns: []layout.Column{
		{Title: "年度", Align: layout.AlignCenter, Width: 16},
	}, Size: 10}
	if len(leaves) > 1 || leaves[0] != ind {
		t.Columns = append(t.Columns, layout.Column{Title: "子指标", MinWidth: 30})
	}
	t.Columns = append(t.Columns,
		layout.Column{Title: "指标值", Align: layout.AlignCenter, MinWidth: 22},
		layout.Column{Title: "目标值", Align: layout.AlignCenter, MinWidth: 20},
		layout.Column{Title: "达标情况", Align: layout.AlignCenter, Width: 18},
		layout.Column{Title: "说明", MinWidth: 50})
	for _, y := range years {
		for _, l := range leaves {
			res := b.a.Eval.Result(l.Code, y)
			cells := []layout.Cell{{Text: fmt.Sprintf("%d年", y)}}
			if len(t.Columns) == 6 {
				cells = append(cells, layout.Cell{Text: l.Code + " " + l.Name})
			}
			cells = append(cells, layout.Cell{Text: b.value(l, y)}, layout.Cell{Text: b.target(l)}, statusCell(res.Status), layout.Cell{Text: reasonText(res)})
			t.Rows = append(t.Rows, cells)
		}
	}
	if !ind.Measurable() {
		for _, y := range years {
			res := b.a.Eval.Result(ind.Code, y)
			t.Rows = append(t.Rows, []layout.Cell{{Text: fmt.Sprintf("%d年", y)}, {Text: "综合", Bold: true}, {Text: "—"}, {Text: "子指标全部达标"},
				statusCell(res.Status), {Text: reasonText(res)}})
		}
	}
	doc.Add(t)
	for _, l := range leaves {
		if c := b.chart(l, years); c != nil {
			doc.Add(c)
		}
	}

	// 主要措施
	doc.Add(&layout.Heading{Level: 4, Text: "主要措施", NoTOC: true})
	if c, ok := b.chapters[store.MeasuresKey(ind.Code)]; ok && strings.TrimSpace(c.Text) != "" {
		blocks, err := b.chapter(store.MeasuresKey(ind.Code), 4)
		if err != nil {
			return err
		}
		doc.Add(blocks...)
	} else if ind.TaskText != "" {
		doc.Add(layout.P("按照任务分解书，本指标的主要任务是：" + ind.TaskText))
	} else {
		doc.Add(layout.P("（本指标的主要措施尚未撰写。）"))
	}

	// 数据来源
	doc.Add(&layout.Heading{Level: 4, Text: "数据来源", NoTOC: true})
	src := &layout.Table{Caption: "", Size: 9.5, Columns: []layout.Column{
		{Title: "年度", Align: layout.AlignCenter, Width: 14},
		{Title: "指标", MinWidth: 16},
		{Title: "报送单位", Align: layout.AlignCenter, MinWidth: 18},
		{Title: "数据来源", MinWidth: 40},
		{Title: "记录方式", MinWidth: 30},
		{Title: "记录时间", Align: layout.AlignCenter, Width: 22},
	}}
	for _, y := range years {
		for _, l := range leaves {
			k := catalog.ValueKey{Code: l.Code, Year: y, Field: catalog.FieldValue}
			ev, ok := b.a.Provenance[k]
			if !ok {
				src.Rows = append(src.Rows, []layout.Cell{{Text: fmt.Sprintf("%d年", y)}, {Text: l.Code}, {Text: "—"}, {Text: "缺数据", Bold: true}, {Text: "—"}, {Text: "—"}})
				continue
			}
			org := ev.Org
			if o, ok := cat.Org(ev.Org); ok {
				org = o.Name
			}
			how := ev.Actor
			switch ev.Origin {
			case "import":
				how = fmt.Sprintf("导入 %s %s!%s", ev.File, ev.Sheet, ev.Cell)
			case "demo":
				how = "示例数据"
			case "cli":
				how = "命令行录入（" + ev.Actor + "）"
			case "gui":
				how = "界面录入（" + ev.Actor + "）"
			}
			if ev.Note != "" {
				how += "；" + ev.Note
			}
			src.Rows = append(src.Rows, []layout.Cell{{Text: fmt.Sprintf("%d年", y)}, {Text: l.Code}, {Text: dash(org)}, {Text: dash(ev.Source)}, {Text: how}, {Text: shortTime(ev.At)}})
		}
	}
	doc.Add(src)
	return nil
}

func shortTime(at string) string {
	if len(at) >= 10 {
		return at[:10]
	}
	return dash(at)
}

func reasonText(r eval.Result) string {
	s := strings.TrimSpace(r.Reason)
	// The reason starts with the year, which the table shows already.
	if i := strings.Index(s, "年 "); i > 0 && i <= 5 {
		s = s[i+len("年 "):]
	}
	if s == "" {
		return "—"
	}
	return s
}

// yearsWithData returns the assessed years plus the monitoring years that
// have a value for one of the indicators.
func (b *builder) yearsWithData(leaves []*catalog.Indicator) []int {
	var out []int
	for _, y := range b.a.Settings.Years() {
		keep := false
		for _, ay := range b.a.Settings.AssessedYears {
			if ay == y {
				keep = true
			}
		}
		for _, l := range leaves {
			if _, ok := b.a.Values.Get(l.Code, y); ok {
				keep = true
			}
		}
		if keep {
			out = append(out, y)
		}
	}
	return out
}

// chart draws a numeric indicator's values with its target line.
func (b *builder) chart(ind *catalog.Indicator, years []int) *layout.Chart {
	if ind.Target != nil && ind.Target.Kind() == catalog.State {
		return nil
	}
	var cats []string
	var vals []layout.Value
	for _, y := range years {
		cats = append(cats, fmt.Sprintf("%d年", y))
		if v, ok := b.a.Values.Get(ind.Code, y); ok && v.IsNum {
			vals = append(vals, layout.V(v.Num))
		} else {
			vals = append(vals, layout.Missing)
		}
	}
	c := &layout.Chart{Kind: layout.BarChart, Categories: cats, Unit: ind.MeasureUnit, Height: 60, Width: 120, Format: chartNumber(ind),
		Caption: fmt.Sprintf("指标%s %s", ind.Code, ind.FullName()), Numbered: true,
		Series: []layout.Series{{Name: b.a.Settings.District, Values: vals}}}
	if t := ind.Target; t != nil && t.Kind() == catalog.Numeric && t.Value != nil {
		c.Target = layout.V(*t.Value)
		c.TargetText = "目标值"
		c.TargetLabel = "目标值 " + b.bareTarget(ind)
	}
	return c
}

// openItems lists automatically what is still open: indicators not met,
// missing values, pending targets, unresolved disagreements, evidence gaps.
func (b *builder) openItems(doc *layout.Document) {
	doc.Add(layout.H(2, "待解决事项（按数据自动列出）"))
	var notMet []string
	for _, ind := range b.a.Catalog.All() {
		if !ind.Measurable() {
			continue
		}
		for _, y := range b.a.Settings.AssessedYears {
			r := b.a.Eval.Result(ind.Code, y)
			if r.Status == eval.NotMet {
				notMet = append(notMet, fmt.Sprintf("%s %s（%d年）：%s", ind.Code, ind.FullName(), y, reasonText(r)))
			}
		}
	}
	list := func(title string, items []string) {
		doc.Add(&layout.Paragraph{Runs: []layout.Run{{Text: fmt.Sprintf("%s（%d 项）", title, len(items)), Face: layout.FaceHei}}, NoIndent: true})
		if len(items) == 0 {
			doc.Add(layout.P("无。"))
		}
		for _, it := range items {
			doc.Add(layout.P("· " + it))
		}
	}
	list("考核年度未达标的指标", notMet)
	issues := NotReady(b.a)
	for _, k := range []string{IssueMissingValue, IssueTargetPending, IssueDisagreement, IssueEvidenceGap} {
		var items []string
		for _, is := range issues {
			if is.Kind == k {
				items = append(items, is.Detail)
			}
		}
		list(issueLabels[k], items)
	}
}
