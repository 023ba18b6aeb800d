package pkg

import (
	"strings"
	"time"

	"ecoreport/app/assess"
	"ecoreport/app/catalog"
	"ecoreport/app/eval"
	"ecoreport/app/evidence"
	"ecoreport/app/store"
	"ecoreport/report/layout"
	"ecoreport/report/narrative"
)

// builder holds what every document of a package is made from.
type builder struct {
	st       *store.Store
	a        *assess.Assessment
	sn       Snapshot
	chapters map[string]store.Chapter
	nd       *narrative.Data
	fonts    layout.Fonts
	date     time.Time                    // the data snapshot: written into every document
	figures  map[string][]evidence.Figure // pictures "用于报告" by top-level indicator (figures.go)
	out      sink                         // where documents are written (build.go); nil: memory
	// binderProblems: attachments the binder could not include (build.go).
	binderProblems []string
}

const watermarkText = "示例数据"

// newDoc starts a document with the package's common options.
func (b *builder) newDoc(title, author, subject string, page layout.PageSetup) *layout.Document {
	o := layout.Options{
		Title: title, Author: author, Subject: subject, Creator: "ecoreport",
		Keywords: b.a.Settings.District + " 国家生态文明建设示范区",
		Date:     b.date, Fonts: b.fonts, Page: page,
	}
	if b.a.Settings.Sample {
		o.Watermark = watermarkText
	}
	return layout.NewDocument(o)
}

// office is the creation office's full name.
func (b *builder) office() string {
	return b.a.Settings.District + "创建生态文明建设示范区办公室"
}

// value prints a value for tables: with unit for non-% measures, 缺数据
// when missing.
func (b *builder) value(ind *catalog.Indicator, year int) string {
	if !ind.Measurable() {
		return "见子指标"
	}
	return narrative.FormatValue(b.a, ind, year)
}

func (b *builder) target(ind *catalog.Indicator) string {
	if ind.Target == nil {
		if !ind.Measurable() {
			return "见子指标"
		}
		return "未设定"
	}
	if ind.Target.Kind() == catalog.Pending {
		return "目标待定"
	}
	return ind.Target.Format(ind.MeasureUnit)
}

// noUnit is the one mark for "no measure unit" in every table.
const noUnit = "—"

func measureUnit(ind *catalog.Indicator) string {
	if ind.MeasureUnit == "" {
		return noUnit
	}
	return ind.MeasureUnit
}

// bareValue prints a value for tables whose 单位 column carries the
// measure unit: the number with the measure's decimals and no unit.
func (b *builder) bareValue(ind *catalog.Indicator, year int) string {
	if !ind.Measurable() {
		return "见子指标"
	}
	v, ok := b.a.Values.Get(ind.Code, year)
	if !ok {
		return eval.Missing.String()
	}
	return v.Format("", ind.Decimals)
}

// bareTarget prints a target for tables whose 单位 column carries the
// measure unit, as the plan writes it: "≤0.70", "≥95 且不降低".
func (b *builder) bareTarget(ind *catalog.Indicator) string {
	if ind.Target == nil || ind.Target.Kind() == catalog.Pending {
		return b.target(ind)
	}
	return ind.Target.Format("")
}

// chartNumber formats a chart's values with the measure's decimals.
func chartNumber(ind *catalog.Indicator) func(float64) string {
	return func(v float64) string { return catalog.Value{IsNum: true, Num: v}.Format("", ind.Decimals) }
}

func attr(ind *catalog.Indicator) string {
	if ind.Attribute == "" && ind.Parent != nil {
		return string(ind.Parent.Attribute)
	}
	return string(ind.Attribute)
}

// statusCell is a table cell for a status: 未达标 and 缺数据 in bold.
func statusCell(s eval.Status) layout.Cell {
	c := layout.Cell{Text: s.String(), Align: layout.AlignCenter}
	if s == eval.NotMet || s == eval.Missing {
		c.Bold = true
	}
	return c
}

func groupRow(text string, ncol int) []layout.Cell {
	return []layout.Cell{{Text: text, ColSpan: ncol, Bold: true, Fill: 0.9}}
}

// domainName returns the domain name of an indicator.
func (b *builder) domainName(id string) string {
	if d, ok := b.a.Catalog.Domain(id); ok {
		return d.Name
	}
	return id
}

// byDomain returns the top-level indicators grouped by domain, in catalog
// order of the domains.
func (b *builder) byDomain() []struct {
	Domain     catalog.Domain
	Indicators []*catalog.Indicator
} {
	var out []struct {
		Domain     catalog.Domain
		Indicators []*catalog.Indicator
	}
	cat := b.a.Catalog
	for _, d := range cat.Domains {
		var inds []*catalog.Indicator
		for i := range cat.Indicators {
			if cat.Indicators[i].Domain == d.ID {
				inds = append(inds, &cat.Indicators[i])
			}
		}
		if len(inds) > 0 {
			out = append(out, struct {
				Domain     catalog.Domain
				Indicators []*catalog.Indicator
			}{d, inds})
		}
	}
	return out
}

// chapter renders an office chapter at heading level base (its "# " is
// base+1). A chapter that is empty gives a visible note, never a blank.
func (b *builder) chapter(key string, base int) ([]layout.Block, error) {
	c, ok := b.chapters[key]
	if !ok || strings.TrimSpace(c.Text) == "" {
		return []layout.Block{layout.P("（本章尚未撰写。）")}, nil
	}
	return narrative.Render(key, c.Text, b.nd, base)
}

func keyValueTable(title string, pairs [][2]string) *layout.Table {
	t := &layout.Table{Columns: []layout.Column{
		{Title: "项目", Width: 24, Align: layout.AlignCenter}, {Title: "内容"},
		{Title: "项目", Width: 24, Align: layout.AlignCenter}, {Title: "内容"},
	}, Header: [][]layout.Cell{{{Text: title, ColSpan: 4}}}}
	for i := 0; i < len(pairs); i += 2 {
		row := []layout.Cell{{Text: pairs[i][0], Fill: 0.94, Align: layout.AlignCenter}, {Text: pairs[i][1]}}
		if i+1 < len(pairs) {
			row = append(row, layout.Cell{Text: pairs[i+1][0], Fill: 0.94, Align: layout.AlignCenter}, layout.Cell{Text: pairs[i+1][1]})
		} else {
			row[1].ColSpan = 3
		}
		t.Rows = append(t.Rows, row)
	}
	// A few rows that describe one thing: a page break inside them would
	// leave a stub of the requirements (牵头单位 and 否决项 alone on the next
	// page), so the table moves whole.
	t.KeepTogether = [][2]int{{0, len(t.Rows)}}
	return t
}
