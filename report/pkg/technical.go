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
		&layout.Paragraph{Runs: []layout.Run{{Text: narrative.YearMonth(b.date)}}, Align: layout.AlignCenter, Size: 16, Face: layout.FaceHei, NoIndent: true, SpaceBefore: 4},
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
	if err := b.loadFigures(); err != nil {
		return nil, err
	}
	// The cover is a numberless page but not "plain": the sample watermark
	// must be on every page.
	doc := b.newDoc(title, b.office(), "技术报告", layout.PageSetup{Numbers: layout.NumberNone})
	b.cover(doc, "技术报告")
	doc.NewSection(layout.PageSetup{Numbers: layout.NumberNone})
	doc.Add(&layout.TOC{MaxLevel: 3})
	header := layout.Header{Left: title, Right: "数据截至 " + chineseDate(b.date), Rule: true}
	body := layout.PageSetup{Header: header, Numbers: layout.NumberOfTotal, RestartNumbering: true, Theme: b.reportTheme()}
	doc.NewSection(body)

	chapters := func(keys ...string) error {
		for _, key := range keys {
			doc.Add(layout.H(1, key))
			blocks, err := b.chapter(key, 1)
			if err != nil {
				return err
			}
			doc.Add(blocks...)
		}
		return nil
	}
	if err := chapters("前言", "编制依据", "基本条件"); err != nil {
		return nil, err
	}
	doc.Add(b.conditionsTable())
	if err := chapters("区域概况", "创建工作概况"); err != nil {
		return nil, err
	}

	// 三、指标总体达标情况 on landscape pages.
	land := body
	land.Orientation = layout.Landscape
	land.RestartNumbering = false
	doc.NewSection(land)
	doc.Add(layout.H(1, "指标总体达标情况"))
	b.summary(doc)

	doc.NewSection(func() layout.PageSetup { p := body; p.RestartNumbering = false; return p }())
	doc.Add(layout.H(1, "指标完成情况"))
	doc.Add(layout.P(fmt.Sprintf("本章按领域逐项说明%d项指标的要求、%s完成情况、主要措施、主要成效和数据来源。表中“缺数据”表示该年度尚无报送数据，“目标待定”表示目标值尚待省级部门确定。",
		len(b.a.Catalog.Indicators), yearsText(st.AssessedYears))))
	for _, d := range b.byDomain() {
		doc.Add(layout.H(2, d.Domain.Name))
		for _, ind := range d.Indicators {
			if err := b.indicatorSection(doc, ind); err != nil {
				return nil, err
			}
		}
	}

	if err := chapters("特色与亮点", "存在问题与下一步工作"); err != nil {
		return nil, err
	}
	b.openItems(doc)
	if err := chapters("结论"); err != nil {
		return nil, err
	}

	// Appendices.
	appendix := func(no int, name string) *layout.Heading {
		return &layout.Heading{Level: 1, Text: fmt.Sprintf("附录%s %s", layout.ChineseNumber(no), name), NoNumber: true}
	}
	doc.Add(appendix(1, "任务分解书"), b.asIssuedNote(1))
	doc.Add(b.taskBook(2)...)
	doc.NewSection(land)
	doc.Add(appendix(2, "任务分解表"), b.asIssuedNote(2), b.taskTable(b.planAnnex2()))
	doc.Add(appendix(3, "责任单位矩阵"))
	doc.Add(layout.P(b.matrixLegend()))
	doc.Add(b.matrix("指标责任单位矩阵", landscapeWidth))
	doc.NewSection(func() layout.PageSetup { p := body; p.RestartNumbering = false; return p }())
	doc.Add(appendix(4, "佐证材料目录"))
	doc.Add(layout.P(fmt.Sprintf("佐证材料共 %d 份。分类：A 指标汇总，B 原始文件，C 统计资料。考核年度中没有任何佐证材料的，列为“缺佐证材料”。", len(b.a.Evidence))))
	doc.Add(b.evidenceCatalog("佐证材料目录"))
	doc.Add(appendix(5, rulingsTitle))
	doc.Add(b.rulingsAppendix()...)
	return doc, nil
}

// asIssuedNote heads 附录一 and 附录二, which reproduce the plan's annexes
// as issued: a reviewer who finds 附件2's "≥80" where the indicator's
// section says "100%" learns at once why, and where the ruling is.
func (b *builder) asIssuedNote(annex int) *layout.Paragraph {
	what := "本附录"
	if annex == 2 {
		what = "本表"
	}
	text := fmt.Sprintf("说明：%s照录实施方案附件%d原文，不作改动", what, annex)
	if len(b.a.Findings) > 0 {
		text += fmt.Sprintf("；两附件表述不一致之处（%d处）及正文采用的口径见附录五", len(b.a.Findings))
	}
	return &layout.Paragraph{Runs: []layout.Run{{Text: text + "。"}}, Size: 9, NoIndent: true}
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
		{Text: fmt.Sprintf("%s，按照%d年数据评估，总体结论为：", b.ruleText(), v.Year)},
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
			// An indicator and its sub-indicators print on one page.
			if len(rows) > 1 {
				t.KeepTogether = append(t.KeepTogether, [2]int{len(t.Rows), len(t.Rows) + len(rows)})
			}
			for _, r := range rows {
				// A sub-indicator's code (9.1) stands in the 序号 column
				// like its parent's; its name is indented under the parent.
				name := r.Name
				lead := b.a.Catalog.LeadNames(r)
				if r.IsSub() {
					name = "　" + r.Name
					lead = "同上"
				}
				cells := []layout.Cell{{Text: r.Code}, {Text: name}, {Text: measureUnit(r)}, {Text: b.bareTarget(r)},
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
	support := cat.OrgNames(ind.Supporters())
	if support == "" {
		support = "—"
	}
	notes := b.notesOf(ind.Code)
	lead := b.a.Catalog.LeadNames(ind)
	pairs := [][2]string{
		{"所属领域", b.domainName(ind.Domain) + notes.mark(catalog.FieldDomain)}, {"所属任务", dash(tg)},
		{"计量单位", measureUnit(ind) + notes.mark(catalog.FieldMeasureUnit)}, {"目标值", b.target(ind) + notes.mark(catalog.FieldTarget)},
		{"指标属性", attr(ind) + "指标" + notes.mark(catalog.FieldAttribute)}, {"适用地区", band},
		{"牵头单位", lead + notes.mark(catalog.FieldLead)}, {"配合单位", support + notes.mark(catalog.FieldSupport)},
	}
	if cat.IsVeto(ind.Code) {
		pairs = append(pairs, [2]string{"否决项", "是（未达标即不能通过考核）"})
	}
	doc.Add(keyValueTable("指标 "+ind.Code+"　"+ind.Name+notes.mark(catalog.FieldName), pairs))
	for j := range ind.Subs {
		doc.Add(&layout.Paragraph{Runs: []layout.Run{{Text: b.subRequirement(&ind.Subs[j], notes)}}})
	}
	for _, n := range notes {
		doc.Add(&layout.Paragraph{Runs: []layout.Run{{Text: n.text()}}, Size: 9, NoIndent: true})
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
	// Year by year: an indicator with sub-indicators gives each year its
	// sub-indicators' rows, then the year's 综合 row (the indicator's own
	// result), kept on one page; not every year's 综合 after the last year.
	for _, y := range years {
		from := len(t.Rows)
		for _, l := range leaves {
			res := b.a.Eval.Result(l.Code, y)
			cells := []layout.Cell{{Text: fmt.Sprintf("%d年", y)}}
			if len(t.Columns) == 6 {
				cells = append(cells, layout.Cell{Text: l.Code + " " + l.Name})
			}
			cells = append(cells, layout.Cell{Text: b.value(l, y)}, layout.Cell{Text: b.target(l)}, statusCell(res.Status), layout.Cell{Text: reasonText(res)})
			t.Rows = append(t.Rows, cells)
		}
		if !ind.Measurable() {
			res := b.a.Eval.Result(ind.Code, y)
			t.Rows = append(t.Rows, []layout.Cell{{Text: fmt.Sprintf("%d年", y)}, {Text: "综合", Bold: true}, {Text: "—"}, {Text: "子指标全部达标"},
				statusCell(res.Status), {Text: reasonText(res)}})
			t.KeepTogether = append(t.KeepTogether, [2]int{from, len(t.Rows)})
		}
	}
	doc.Add(t)
	for _, l := range leaves {
		if c := b.chart(l, years); c != nil {
			doc.Add(c)
		}
	}

	// 主要措施, 主要成效, 存在问题: the texts collected from the lead
	// organisation (or written by the office), placeholders bound to the data.
	if err := b.narrativeSections(doc, ind); err != nil {
		return err
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

// subRequirement is a sub-indicator's line under its indicator's 指标要求:
// "子指标 9.1 优良天数比例提高幅度：计量单位为%，目标值为≥2%。" A
// sub-indicator without a measure unit says nothing about one ("计量单位 —"
// reads as a gap), a state target is quoted (目标值为“执行”), and a target the
// province has yet to set reads "目标值待定", not "目标值 目标待定".
func (b *builder) subRequirement(s *catalog.Indicator, notes notes) string {
	var parts []string
	if unitMark := notes.markOf(s.Code, catalog.FieldMeasureUnit); s.MeasureUnit != "" || unitMark != "" {
		parts = append(parts, "计量单位为"+measureUnit(s)+unitMark)
	}
	target := "目标值为" + b.target(s)
	switch {
	case s.Target != nil && s.Target.Kind() == catalog.Pending:
		target = "目标值待定"
	case s.Target != nil && s.Target.Kind() == catalog.State:
		target = "目标值为“" + b.target(s) + "”"
	}
	parts = append(parts, target+notes.markOf(s.Code, catalog.FieldTarget))
	return fmt.Sprintf("子指标 %s %s%s：%s。", s.Code, s.Name, notes.markOf(s.Code, catalog.FieldName), strings.Join(parts, "，"))
}

func shortTime(at string) string {
	if len(at) >= 10 {
		return at[:10]
	}
	return dash(at)
}

func reasonText(r eval.Result) string {
	s := strings.TrimSpace(r.Reason)
	// The reason starts with the year, which the table and the list show
	// already: "2015年 1.8% 低于目标 ≥2%", "2015年未制定实施，…", "2015年缺数据".
	// "2015年的值……" keeps it (the sentence needs its subject).
	if y := fmt.Sprintf("%d年", r.Year); strings.HasPrefix(s, y) {
		if rest := strings.TrimSpace(s[len(y):]); rest != "" && !strings.HasPrefix(rest, "的") {
			s = rest
		}
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

// openItems lists what is still open, from the data: indicators not met,
// missing values, pending targets, unresolved findings, evidence without an
// accepted item, missing or unaccepted indicator texts.
func (b *builder) openItems(doc *layout.Document) {
	doc.Add(layout.H(2, "尚待完善的事项"))
	var notMet []string
	inds := map[string]bool{}
	for _, ind := range b.a.Catalog.All() {
		if !ind.Measurable() {
			continue
		}
		for _, y := range b.a.Settings.AssessedYears {
			r := b.a.Eval.Result(ind.Code, y)
			if r.Status == eval.NotMet {
				notMet = append(notMet, fmt.Sprintf("%s %s（%d年）：%s", ind.Code, ind.FullName(), y, reasonText(r)))
				top := ind
				if ind.Parent != nil { // a sub-indicator counts for its indicator
					top = ind.Parent
				}
				inds[top.Code] = true
			}
		}
	}
	list := func(title string, items []string) {
		doc.Add(&layout.Paragraph{Runs: []layout.Run{{Text: title, Face: layout.FaceHei}}, NoIndent: true})
		if len(items) == 0 {
			doc.Add(layout.P("无。"))
		}
		for _, it := range items {
			doc.Add(layout.P("· " + it))
		}
	}
	// Indicator-years are not indicators: say both.
	list(fmt.Sprintf("考核年度未达标的指标（%d 项指标，共 %d 个指标年度）", len(inds), len(notMet)), notMet)
	issues := NotReady(b.a)
	for _, k := range []string{IssueMissingValue, IssueTargetPending, IssueDisagreement, IssueEvidenceGap, IssueNarrativeMissing, IssueNarrativePending, IssueConditionNotMet} {
		var items []string
		for _, is := range issues {
			if is.Kind == k {
				items = append(items, is.Detail)
			}
		}
		list(fmt.Sprintf("%s（%d 项）", issueLabels[k], len(items)), items)
	}
}

// ruleText says which rule the verdict follows: the project's own, unless
// the office recorded the rule's source in the settings.
func (b *builder) ruleText() string {
	share := catalog.FormatNumber(b.a.Settings.PassRule.ReferenceShare*100, -1) + "%"
	if src := strings.TrimSpace(b.a.Settings.PassRule.Source); src != "" {
		return fmt.Sprintf("按%s规定的评定规则（参考性指标达标比例不低于%s）", src, share)
	}
	return fmt.Sprintf("按本项目设定的评定规则（参考性指标达标比例不低于%s）", share)
}

// missingText stands where a required text has not been written: nothing is
// invented in its place (readiness lists it).
const missingText = "（待补充）"

// narrativeSections prints an indicator's 主要措施 and 主要成效 (and 存在问题
// when written): the latest text of each field, then a sub-indicator's own
// texts under its name. A missing 主要措施 falls back to the office's chapter
// "主要措施/N" of earlier versions, else prints （待补充）.
func (b *builder) narrativeSections(doc *layout.Document, ind *catalog.Indicator) error {
	for _, f := range store.NarrativeFields {
		blocks, err := b.narrativeBlocks(ind, f)
		if err != nil {
			return err
		}
		var subs []layout.Block
		for j := range ind.Subs {
			sub := &ind.Subs[j]
			n, ok := b.a.Narrative(sub.Code, f)
			if !ok {
				continue
			}
			sb, err := narrative.Render(fmt.Sprintf("指标 %s %s", sub.Code, f.Label()), n.Text, b.nd, 5)
			if err != nil {
				return err
			}
			subs = append(subs, &layout.Paragraph{Runs: []layout.Run{{Text: sub.Code + "　" + sub.Name, Face: layout.FaceHei}}, NoIndent: true})
			subs = append(subs, sb...)
		}
		if f == store.Problems && blocks == nil && subs == nil {
			continue // optional
		}
		doc.Add(&layout.Heading{Level: 4, Text: f.Label(), NoTOC: true})
		if blocks == nil && subs == nil {
			blocks = []layout.Block{layout.P(missingText)}
		}
		doc.Add(blocks...)
		doc.Add(subs...)
		if f == store.Results {
			figs, err := b.figureBlocks(ind)
			if err != nil {
				return err
			}
			doc.Add(figs...)
		}
	}
	return nil
}

// narrativeBlocks renders an indicator's own text of a field, nil when none.
func (b *builder) narrativeBlocks(ind *catalog.Indicator, f store.NarrativeField) ([]layout.Block, error) {
	if n, ok := b.a.Narrative(ind.Code, f); ok {
		return narrative.Render(fmt.Sprintf("指标 %s %s", ind.Code, f.Label()), n.Text, b.nd, 5)
	}
	if f == store.Measures {
		if c, ok := b.chapters[store.MeasuresKey(ind.Code)]; ok && strings.TrimSpace(c.Text) != "" {
			return b.chapter(store.MeasuresKey(ind.Code), 4)
		}
	}
	return nil, nil
}

// conditionsTable is the office's checklist of the prerequisites (基本条件):
// each condition, its explanation, the evidence items it cites (by title
// and by their number in the evidence catalog) and the office's judgement.
func (b *builder) conditionsTable() *layout.Table {
	t := &layout.Table{Caption: "申报基本条件自查情况", Numbered: true, Columns: []layout.Column{
		{Title: "序号", Align: layout.AlignCenter, Width: 10},
		{Title: "条件", MinWidth: 40},
		{Title: "情况说明", MinWidth: 40},
		{Title: "佐证材料", MinWidth: 32},
		{Title: "结论", Align: layout.AlignCenter, Width: 14},
	}, Size: 9.5}
	titles := map[int64]string{}
	for _, e := range b.a.Evidence {
		titles[e.ID] = e.Title
	}
	numbers := b.evidenceRefs()
	for _, c := range b.a.Conditions {
		var refs []string
		for _, id := range c.Evidence {
			if title, ok := titles[id]; ok {
				refs = append(refs, fmt.Sprintf("%s（%s）", title, numbers[id]))
			}
		}
		ev, note := strings.Join(refs, "；"), c.Note
		if ev == "" {
			ev = "—"
		}
		if note == "" {
			note = "—"
		}
		t.Rows = append(t.Rows, layout.Row(c.Key, c.Title, note, ev, c.State.Label()))
	}
	return t
}
