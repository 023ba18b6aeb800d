package binder

import (
	"fmt"
	"strings"

	"ecoreport/app/assess"
	"ecoreport/app/catalog"
	"ecoreport/app/eval"
	"ecoreport/report/layout"
	"ecoreport/report/narrative"
	"ecoreport/report/pdfimport"
)

type builder struct {
	a     *assess.Assessment
	o     Options
	secs  []*section
	uses  []pdfimport.Use // attached pages drawn, made by document
	byKey map[string]*att // attachments by Use.Key
	// flow: indicators whose catalog follows their cover sheet without a
	// page break (the sheet runs over one page).
	flow map[string]bool
}

// catKey is the heading ID of an indicator's catalog.
func catKey(code string) string { return "cat:" + code }

// document builds the binder with the given item start pages (nil: first
// pass, placeholders of the same width).
func (b *builder) document(refs map[string]int) *layout.Document {
	b.uses = nil
	st := b.a.Settings
	opts := layout.Options{
		// The same metadata as the package's other documents.
		Title:    st.District + "创建国家生态文明建设示范区佐证材料汇编",
		Subject:  "佐证材料汇编",
		Author:   b.issuer(),
		Creator:  "ecoreport",
		Keywords: st.District + " 国家生态文明建设示范区",
		Date:     b.o.Date,
		Fonts:    b.o.Fonts,
		Page:     layout.PageSetup{Plain: true},
		// Attachment captions quote file names as given: never fail on a
		// character no font has.
		AllowMissingGlyphs: true,
		// pdfimport.Merge compresses the streams.
		Uncompressed: true,
	}
	if st.Sample {
		opts.Watermark = "示例数据"
	}
	doc := layout.NewDocument(opts)
	// Cover: title, what it holds, issuer and date, like the other
	// documents of the package.
	doc.Add(&layout.Spacer{Height: 60})
	if st.District != "" {
		doc.Add(&layout.Title{Text: st.District + "创建国家生态文明建设示范区", Size: 26})
	} else if st.Name != "" {
		doc.Add(&layout.Title{Text: st.Name, Size: 22})
	}
	doc.Add(&layout.Title{Text: "佐证材料汇编", Size: 30, Bookmark: true})
	doc.Add(&layout.Spacer{Height: 12})
	n := 0
	for _, s := range b.secs {
		n += len(s.entries)
	}
	sum := fmt.Sprintf("共 %d 项指标，%d 份佐证材料", len(b.secs), n)
	doc.Add(&layout.Paragraph{Runs: []layout.Run{{Text: sum}}, Align: layout.AlignCenter, NoIndent: true, Size: 14})
	doc.Add(&layout.Spacer{Height: 60})
	for _, line := range []string{st.Province + st.City + st.District, b.issuer(), narrative.YearMonth(b.o.Date)} {
		if line == "" {
			continue
		}
		doc.Add(&layout.Paragraph{Runs: []layout.Run{{Text: line}}, Align: layout.AlignCenter, Size: 16, Face: layout.FaceHei, NoIndent: true, SpaceBefore: 2})
	}
	if st.Sample {
		doc.Add(&layout.Spacer{Height: 8}, &layout.Paragraph{Runs: []layout.Run{{Text: "本文件由示例数据生成，仅供演示，不得报送。"}},
			Align: layout.AlignCenter, Size: 10.5, NoIndent: true})
	}
	// Table of contents: domains and indicators with the printed page
	// where each starts (the engine fills in the numbers and links).
	doc.NewSection(layout.PageSetup{Numbers: layout.NumberNone})
	doc.Add(&layout.TOC{MaxLevel: 2})
	domain := ""
	nd := 0
	for i, s := range b.secs {
		heading := ""
		if s.domain != domain || i == 0 {
			domain = s.domain
			nd++
			heading = "第" + chineseOrdinal(nd) + "部分　" + orDash(s.domain)
		}
		b.indicator(doc, s, i == 0, heading, refs)
	}
	return doc
}

// issuer is who issues the binder: Options.Issuer, or the district's
// creation office.
func (b *builder) issuer() string {
	if b.o.Issuer != "" {
		return b.o.Issuer
	}
	if d := b.a.Settings.District; d != "" {
		return d + "创建生态文明建设示范区办公室"
	}
	return ""
}

// chineseOrdinal writes 1–99 as 一 … 九十九.
func chineseOrdinal(n int) string {
	digits := []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case n < 10:
		return digits[n]
	case n < 20:
		return "十" + digits[n%10]
	case n < 100:
		return digits[n/10] + "十" + digits[n%10]
	}
	return fmt.Sprint(n)
}

func indLabel(ind *catalog.Indicator) string { return "指标" + ind.Code + " " + ind.Name }

func subTitle(text string) *layout.Paragraph {
	return &layout.Paragraph{Runs: []layout.Run{{Text: text}}, Face: layout.FaceHei, Size: 12, NoIndent: true, Align: layout.AlignLeft, SpaceBefore: 2,
		KeepWithNext: true}
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

// indicator adds an indicator's part: a cover sheet, the catalog of its
// evidence and the attached documents. domain, when set, is the heading of
// the domain it opens.
func (b *builder) indicator(doc *layout.Document, s *section, first bool, domain string, refs map[string]int) {
	cat := b.a.Catalog
	ind := s.ind
	doc.NewSection(layout.PageSetup{
		Header:           layout.Header{Left: indLabel(ind), Right: s.domain + " · 佐证材料汇编", Rule: true},
		Numbers:          layout.NumberOfTotal,
		RestartNumbering: first,
	})
	if domain != "" {
		doc.Add(&layout.Heading{Level: 1, NoNumber: true, Text: domain, ID: "domain:" + s.domain})
	}
	doc.Add(&layout.Heading{Level: 2, NoNumber: true, Text: indLabel(ind), ID: "ind:" + ind.Code})
	leaves := []*catalog.Indicator{ind}
	if !ind.Measurable() {
		leaves = nil
		for i := range ind.Subs {
			leaves = append(leaves, &ind.Subs[i])
		}
	}
	// 指标要求.
	doc.Add(subTitle("一、指标要求"))
	req := &layout.Table{Columns: []layout.Column{{Title: "项目", Width: 28}, {Title: "内容", Weight: 1}}}
	for _, l := range leaves {
		name := ""
		if l != ind {
			name = l.Code + " " + l.Name + "："
		}
		target := "目标待定"
		if l.Target != nil {
			target = l.Target.Format(l.MeasureUnit)
		}
		req.Rows = append(req.Rows, layout.Row("目标值", name+target))
	}
	attr := string(ind.Attribute)
	if attr == "" && len(leaves) > 0 {
		attr = string(leaves[0].Attribute)
	}
	req.Rows = append(req.Rows,
		layout.Row("指标属性", orDash(attr)),
		layout.Row("牵头单位", orDash(cat.LeadNames(ind))),
		layout.Row("配合单位", orDash(cat.OrgNames(ind.Support))),
	)
	doc.Add(req)
	// 基本信息.
	doc.Add(subTitle("二、基本信息"))
	nAtt, nFiles := 0, 0
	for _, e := range s.entries {
		if len(e.atts) > 0 {
			nFiles++
		}
		nAtt += len(e.atts)
	}
	group := ""
	if tg, ok := cat.TaskGroup(ind.TaskGroup); ok {
		group = tg.Name
	}
	basic := &layout.Table{Columns: []layout.Column{{Title: "项目", Width: 28}, {Title: "内容", Weight: 1}}}
	basic.Rows = append(basic.Rows,
		layout.Row("所属领域", orDash(s.domain)),
		layout.Row("任务类别", orDash(group)),
		layout.Row("计量单位", orDash(ind.MeasureUnit)),
		layout.Row("佐证材料", fmt.Sprintf("%d 份（其中 %d 份附电子文件，共 %d 个文件）", len(s.entries), nFiles, nAtt)),
	)
	doc.Add(basic)
	// 三年完成情况.
	years := sortedYears(b.a.Settings.AssessedYears)
	if len(years) == 0 {
		years = sortedYears(b.a.Eval.Years)
	}
	doc.Add(subTitle(fmt.Sprintf("三、%s完成情况", yearsLabel(years))))
	done := &layout.Table{Columns: []layout.Column{{Title: "年度", Width: 16, Align: layout.AlignCenter}}}
	if len(leaves) > 1 {
		done.Columns = append(done.Columns, layout.Column{Title: "指标", MinWidth: 24, MaxWidth: 50})
	}
	done.Columns = append(done.Columns,
		layout.Column{Title: "完成值", MinWidth: 20, MaxWidth: 40, Align: layout.AlignCenter},
		layout.Column{Title: "状态", Width: 18, Align: layout.AlignCenter},
		layout.Column{Title: "说明", Weight: 1})
	for _, l := range leaves {
		for _, y := range years {
			r := b.a.Eval.Result(l.Code, y)
			row := []string{fmt.Sprintf("%d年", y)}
			if len(leaves) > 1 {
				row = append(row, l.Code+" "+l.Name)
			}
			row = append(row, orDash(r.Value), statusText(r.Status), orDash(r.Reason))
			done.Rows = append(done.Rows, layout.Row(row...))
		}
	}
	doc.Add(done)
	// The plan's task (the office's own 主要措施 are the technical report's).
	doc.Add(subTitle("四、工作任务（任务分解书）"))
	task := strings.TrimSpace(ind.TaskText)
	if task == "" {
		task = "（任务分解书未列出具体任务）"
	}
	doc.Add(layout.P(task))
	// 数据来源.
	doc.Add(subTitle("五、数据来源"))
	src := &layout.Table{Columns: []layout.Column{{Title: "年度", Width: 16, Align: layout.AlignCenter}}}
	if len(leaves) > 1 {
		src.Columns = append(src.Columns, layout.Column{Title: "指标", MinWidth: 24, MaxWidth: 50})
	}
	src.Columns = append(src.Columns,
		layout.Column{Title: "数据来源", Weight: 1},
		layout.Column{Title: "填报单位", MinWidth: 20, MaxWidth: 36},
		layout.Column{Title: "记录", MinWidth: 24, MaxWidth: 44})
	for _, l := range leaves {
		for _, y := range years {
			row := []string{fmt.Sprintf("%d年", y)}
			if len(leaves) > 1 {
				row = append(row, l.Code+" "+l.Name)
			}
			p, ok := b.a.Provenance[catalog.ValueKey{Code: l.Code, Year: y, Field: catalog.FieldValue}]
			if !ok {
				p, ok = b.a.Provenance[catalog.ValueKey{Code: l.Code, Year: y, Field: catalog.FieldCondition}]
			}
			if !ok {
				row = append(row, "未填报", "—", "—")
			} else {
				org := p.Org
				if o, ok := cat.Org(p.Org); ok {
					org = o.Name
				}
				rec := p.Actor
				if p.File != "" {
					rec = p.File
					if p.Sheet != "" {
						rec += " " + p.Sheet
					}
					if p.Cell != "" {
						rec += "!" + p.Cell
					}
				}
				if len(p.At) >= 10 {
					rec += " " + p.At[:10]
				}
				row = append(row, orDash(p.Source), orDash(org), orDash(strings.TrimSpace(rec)))
			}
			src.Rows = append(src.Rows, layout.Row(row...))
		}
	}
	doc.Add(src)
	// Catalog: on a page of its own, unless the cover sheet ran over onto
	// a second page (then it follows there, so that no page holds only the
	// last rows of a table) or there is no evidence to list.
	if !b.flow[ind.Code] && len(s.entries) > 0 {
		doc.Add(&layout.PageBreak{})
	}
	doc.Add(&layout.Heading{Level: 3, NoNumber: true, NoTOC: true, Text: "佐证材料目录", ID: catKey(ind.Code)})
	list := &layout.Table{
		Columns: []layout.Column{
			{Title: "序号", Width: 10, Align: layout.AlignCenter},
			{Title: "年度", Width: 14, Align: layout.AlignCenter},
			{Title: "材料名称", Weight: 3, MinWidth: 30},
			{Title: "文号", Weight: 1, MinWidth: 16, MaxWidth: 30},
			{Title: "发文单位", Weight: 1, MinWidth: 16, MaxWidth: 28},
			{Title: "日期", Width: 20, Align: layout.AlignCenter},
			{Title: "页数", Width: 9, Align: layout.AlignCenter},
			{Title: "审核状态", Width: 13, Align: layout.AlignCenter},
			{Title: "页码", Width: 23, Align: layout.AlignCenter},
		},
		Size: 9,
	}
	for i, e := range s.entries {
		page := "未附电子文件"
		if len(e.atts) > 0 {
			page = "第999页"
			if n, ok := refs[itemKey(e.it.ID)]; ok {
				page = fmt.Sprintf("第%d页", n)
			}
		}
		pages := "—"
		if e.it.Pages > 0 {
			pages = fmt.Sprint(e.it.Pages)
		}
		list.Rows = append(list.Rows, layout.Row(fmt.Sprint(i+1), e.it.YearLabel(), cat.SubLabel(e.it.Indicator)+e.it.Title,
			orDash(e.it.DocNumber), orDash(e.it.Issuer), orDash(e.it.IssuedOn), pages, orDash(e.it.StateLabel), page))
	}
	if len(s.entries) == 0 {
		list.Rows = append(list.Rows, []layout.Cell{{Text: "本指标尚无佐证材料", ColSpan: 9, Align: layout.AlignCenter}})
	}
	doc.Add(list)
	// The documents.
	for i, e := range s.entries {
		if len(e.atts) == 0 {
			continue
		}
		doc.Add(&layout.PageBreak{})
		doc.Add(&layout.Heading{Level: 3, NoNumber: true, NoTOC: true, ID: itemKey(e.it.ID),
			Text: fmt.Sprintf("材料%d %s", i+1, e.it.Title)})
		for _, at := range e.atts {
			b.attachment(doc, at)
		}
	}
}

func (b *builder) attachment(doc *layout.Document, at *att) {
	name := at.a.Name
	if at.err != nil {
		doc.Add(&layout.EmbeddedPage{Caption: fmt.Sprintf("附件“%s”", name),
			Problem: fmt.Sprintf("附件“%s”无法编入汇编：%v。", name, at.err)})
		return
	}
	key := at.a.SHA256
	b.byKey[key] = at
	n := min(len(at.sizes), b.o.MaxPages)
	for p := 1; p <= n; p++ {
		u := pdfimport.Use{Name: fmt.Sprintf("A%s-%d", key[:16], p), Key: key, Page: p}
		b.uses = append(b.uses, u)
		caption := fmt.Sprintf("附件“%s”", name)
		if len(at.sizes) > 1 {
			caption = fmt.Sprintf("附件“%s”第 %d 页 / 共 %d 页", name, p, len(at.sizes))
		}
		sz := at.sizes[p-1]
		doc.Add(&layout.EmbeddedPage{Name: u.Name, W: sz.W, H: sz.H, Caption: caption})
	}
	if len(at.sizes) > n {
		doc.Add(&layout.PageBreak{})
		doc.Add(&layout.Paragraph{Runs: []layout.Run{{Text: fmt.Sprintf("附件“%s”共 %d 页，汇编只收录前 %d 页，其余请查阅原件。", name, len(at.sizes), n)}}, NoIndent: true})
	}
}

func statusText(s eval.Status) string { return s.String() }

func yearsLabel(ys []int) string {
	switch len(ys) {
	case 0:
		return "评估年度"
	case 3:
		return "三年"
	}
	return fmt.Sprintf("%d年", len(ys))
}
