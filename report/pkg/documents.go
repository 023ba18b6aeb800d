package pkg

import (
	"fmt"

	"ecoreport/report/layout"
	"ecoreport/report/narrative"
)

// workReport is 创建工作报告 in GB/T 9704-2012 layout.
func (b *builder) workReport() (*layout.Document, error) {
	st := b.a.Settings
	title := st.District + "创建国家生态文明建设示范区工作报告"
	doc := b.newDoc(title, st.District+"人民政府办公室", "创建工作报告", layout.PageSetup{
		Margins: layout.GBT9704Margins, Grid: &layout.GBT9704Grid, Theme: layout.OfficialTheme(),
		Numbers: layout.NumberDashOuter, RestartNumbering: true,
	})
	doc.Add(&layout.Title{Text: title, Bookmark: true})
	doc.Add(&layout.Spacer{Height: 1})
	// Chapter keys as the project database keeps them, headings as the
	// customary work report prints them.
	for _, ch := range [][2]string{{"基本概况", "基本情况"}, {"主要做法", "主要做法"}, {"主要成效", "主要成效"},
		{"主要体会", "经验体会"}, {"下一步打算", "存在问题与下一步打算"}} {
		key := ch[0]
		doc.Add(layout.H(1, ch[1]))
		blocks, err := b.chapter(key, 1)
		if err != nil {
			return nil, err
		}
		doc.Add(blocks...)
	}
	// Signature: issuing body and date (GB/T 9704-2012 §7.3.5, unsealed).
	doc.Add(&layout.Signature{Signer: st.District + "人民政府", Date: narrative.ChineseDate(b.date)})
	return doc, nil
}

// appendixDoc makes a standalone document with a title and page numbers.
func (b *builder) appendixDoc(title, subject string, landscape bool) *layout.Document {
	ps := layout.PageSetup{Numbers: layout.NumberOfTotal, RestartNumbering: true,
		Header: layout.Header{Left: b.a.Settings.District + "创建国家生态文明建设示范区", Right: subject, Rule: true}}
	if landscape {
		ps.Orientation = layout.Landscape
	}
	doc := b.newDoc(title, b.office(), subject, ps)
	doc.Add(&layout.Title{Text: title, Size: 18, Bookmark: true})
	return doc
}

func (b *builder) taskBookDoc() (*layout.Document, error) {
	doc := b.appendixDoc(b.plan(1), "任务分解书", false)
	doc.Add(b.taskBook(1)...)
	return doc, nil
}

func (b *builder) taskTableDoc() (*layout.Document, error) {
	doc := b.appendixDoc(b.plan(2), "任务分解表", true)
	doc.Add(b.taskTable(""))
	return doc, nil
}

func (b *builder) matrixDoc() (*layout.Document, error) {
	doc := b.appendixDoc(b.a.Settings.District+"创建国家生态文明建设示范区责任单位矩阵", "责任单位矩阵", true)
	doc.Add(&layout.Paragraph{Runs: []layout.Run{{Text: b.matrixLegend()}}, Align: layout.AlignCenter, NoIndent: true, Size: 10.5})
	doc.Add(b.matrix("", landscapeWidth))
	return doc, nil
}

func (b *builder) evidenceDoc() (*layout.Document, error) {
	doc := b.appendixDoc(b.a.Settings.District+"创建国家生态文明建设示范区佐证材料目录", "佐证材料目录", false)
	doc.Add(&layout.Paragraph{Runs: []layout.Run{{Text: fmt.Sprintf("佐证材料共 %d 份，数据截至%s。分类：A 指标汇总，B 原始文件，C 统计资料。",
		len(b.a.Evidence), narrative.ChineseDate(b.date))}}, Align: layout.AlignCenter, NoIndent: true, Size: 10.5})
	doc.Add(b.evidenceCatalog(""))
	return doc, nil
}

// plan returns the name of annex 1 or 2 of the plan.
func (b *builder) plan(n int) string {
	p := b.a.Catalog.Plan
	if n == 1 && p.Annex1 != "" {
		return p.Annex1
	}
	if n == 2 && p.Annex2 != "" {
		return p.Annex2
	}
	return b.a.Settings.District + []string{"", "工作任务分解书", "工作任务分解表"}[n]
}
