package sheets

import (
	"fmt"
	"time"

	"github.com/xuri/excelize/v2"

	"ecoreport/app/assess"
)

// SummaryFileName is the file name of the consolidated workbook.
func SummaryFileName(district string, day time.Time) string {
	return safeFileName(district) + "-指标任务分解汇总表-" + day.Format("2006-01-02") + ".xlsx"
}

// Summary builds the consolidated workbook of the whole task table for the
// creation office: every indicator with target, attribute, lead and
// supporting organisations, the value and status of every project year
// (status coloured), the overall verdict, and what each organisation still
// owes.
func Summary(a *assess.Assessment, now time.Time) (*excelize.File, error) {
	f := excelize.NewFile()
	st, err := newStyles(f)
	if err != nil {
		_ = f.Close() // already failing: the first error is reported
		return nil, err
	}
	fail := func(err error) (*excelize.File, error) {
		_ = f.Close() // already failing: the first error is reported
		return nil, fmt.Errorf("生成汇总表：%w", err)
	}
	const s = "任务分解汇总"
	if err := f.SetSheetName("Sheet1", s); err != nil {
		return fail(err)
	}
	years := a.Settings.Years()
	headers := []any{"序号", "领域", "指标名称", "计量单位", "目标值", "属性", "牵头单位", "配合单位"}
	fixed := len(headers)
	for _, y := range years {
		label := itoa(y) + "年"
		if !contains(a.Settings.AssessedYears, y) {
			label += "（监测）"
		}
		headers = append(headers, label+" 值", label+" 状态")
	}
	last := colLetter(len(headers))
	title := fmt.Sprintf("%s 指标任务分解汇总表", a.Settings.Name)
	if err := f.SetCellStr(s, "A1", title); err != nil {
		return fail(err)
	}
	if err := f.MergeCell(s, "A1", last+"1"); err != nil {
		return fail(err)
	}
	if err := f.SetCellStyle(s, "A1", "A1", st.title); err != nil {
		return fail(err)
	}
	if err := f.SetRowHeight(s, 1, 28); err != nil {
		return fail(err)
	}
	v := a.Eval.Verdict
	note := fmt.Sprintf("生成时间：%s    %d年总体判定：%s    约束性指标达标 %d/%d，参考性指标达标 %d/%d（%.1f%%，要求不低于 %.0f%%）",
		now.Format("2006年1月2日 15:04"), v.Year, v.Label, v.Binding.Met, v.Binding.Total, v.Reference.Met, v.Reference.Total,
		v.ReferenceShare*100, v.Threshold*100)
	if a.Settings.Sample {
		note += "    【示例数据】"
	}
	if err := f.SetCellStr(s, "A2", note); err != nil {
		return fail(err)
	}
	if err := f.MergeCell(s, "A2", last+"2"); err != nil {
		return fail(err)
	}
	if err := f.SetCellStyle(s, "A2", "A2", st.note); err != nil {
		return fail(err)
	}
	if err := f.SetSheetRow(s, "A3", &headers); err != nil {
		return fail(err)
	}
	if err := f.SetCellStyle(s, "A3", last+"3", st.header); err != nil {
		return fail(err)
	}
	if err := f.SetRowHeight(s, 3, 32); err != nil {
		return fail(err)
	}
	row := 4
	for _, ind := range a.Catalog.All() {
		domain := ""
		if d, ok := a.Catalog.Domain(ind.Domain); ok {
			domain = d.Name
		}
		target := "见子指标"
		if ind.Target != nil {
			target = ind.Target.String()
		}
		vals := []any{ind.Code, domain, ind.Name, measureText(ind.MeasureUnit), target, string(ind.Attribute),
			a.Catalog.OrgNames(ind.Lead), a.Catalog.OrgNames(ind.Support)}
		style := st.text
		if !ind.Measurable() {
			style = st.parent
		}
		for _, y := range years {
			r := a.Eval.Result(ind.Code, y)
			vals = append(vals, r.Value, r.Status.String())
		}
		if err := f.SetSheetRow(s, cellName(1, row), &vals); err != nil {
			return fail(err)
		}
		if err := f.SetCellStyle(s, cellName(1, row), cellName(fixed, row), style); err != nil {
			return fail(err)
		}
		for i, y := range years {
			r := a.Eval.Result(ind.Code, y)
			vc, sc := cellName(fixed+2*i+1, row), cellName(fixed+2*i+2, row)
			if err := f.SetCellStyle(s, vc, vc, st.textCenter); err != nil {
				return fail(err)
			}
			if id, ok := st.status[r.Status.String()]; ok {
				if err := f.SetCellStyle(s, sc, sc, id); err != nil {
					return fail(err)
				}
			}
			if r.Reason != "" {
				if err := f.AddComment(s, excelize.Comment{Cell: sc, Author: "ecoreport", Text: r.Reason}); err != nil {
					return fail(err)
				}
			}
		}
		if err := fitRowHeight(f, s, row, map[int]float64{3: 28, 5: 18, 7: 16, 8: 22}, map[int]string{3: ind.Name, 5: target,
			7: a.Catalog.OrgNames(ind.Lead), 8: a.Catalog.OrgNames(ind.Support)}); err != nil {
			return fail(err)
		}
		row++
	}
	for i, w := range []float64{6, 9, 28, 11, 18, 8, 16, 22} {
		if err := f.SetColWidth(s, colLetter(i+1), colLetter(i+1), w); err != nil {
			return fail(err)
		}
	}
	if err := f.SetColWidth(s, colLetter(fixed+1), last, 9); err != nil {
		return fail(err)
	}
	if err := f.SetPanes(s, &excelize.Panes{Freeze: true, XSplit: 3, YSplit: 3, TopLeftCell: "D4", ActivePane: "bottomRight"}); err != nil {
		return fail(err)
	}
	if err := pageSetup(f, s, "$3:$3"); err != nil {
		return fail(err)
	}
	if err := verdictSheet(f, st, a); err != nil {
		return fail(err)
	}
	if err := completenessSheet(f, st, a); err != nil {
		return fail(err)
	}
	// The metadata tells the importer what this workbook is, should it
	// be sent back as a return: it is refused by name, not read as one.
	m := &meta{Version: TemplateVersion, Kind: "summary", Project: a.Settings.Name, CatalogID: a.CatalogInfo.ID,
		CatalogVersion: a.CatalogInfo.Version, ExportedAt: now.Format(time.RFC3339), Years: a.Settings.AssessedYears}
	if err := writeMeta(f, m); err != nil {
		return fail(err)
	}
	f.SetActiveSheet(0)
	return f, nil
}

func contains(ys []int, y int) bool {
	for _, x := range ys {
		if x == y {
			return true
		}
	}
	return false
}

func verdictSheet(f *excelize.File, st *styles, a *assess.Assessment) error {
	const s = "总体判定"
	if _, err := f.NewSheet(s); err != nil {
		return err
	}
	v := a.Eval.Verdict
	rows := [][]any{
		{"项目", a.Settings.Name},
		{"判定年度", fmt.Sprintf("%d年", v.Year)},
		{"总体判定", v.Label},
		{"约束性指标", fmt.Sprintf("共 %d 项：达标 %d，未达标 %d，缺数据 %d，目标待定 %d", v.Binding.Total, v.Binding.Met, v.Binding.NotMet, v.Binding.Missing, v.Binding.Pending)},
		{"参考性指标", fmt.Sprintf("共 %d 项：达标 %d，未达标 %d，缺数据 %d，目标待定 %d", v.Reference.Total, v.Reference.Met, v.Reference.NotMet, v.Reference.Missing, v.Reference.Pending)},
	}
	for _, r := range v.Reasons {
		rows = append(rows, []any{"依据", r})
	}
	if err := f.SetColWidth(s, "A", "A", 14); err != nil {
		return err
	}
	if err := f.SetColWidth(s, "B", "B", 100); err != nil {
		return err
	}
	for i, r := range rows {
		if err := f.SetSheetRow(s, cellName(1, i+1), &r); err != nil {
			return err
		}
		if err := f.SetCellStyle(s, cellName(1, i+1), cellName(1, i+1), st.header); err != nil {
			return err
		}
		if err := f.SetCellStyle(s, cellName(2, i+1), cellName(2, i+1), st.text); err != nil {
			return err
		}
		if err := fitRowHeight(f, s, i+1, map[int]float64{2: 100}, map[int]string{2: fmt.Sprint(r[1])}); err != nil {
			return err
		}
	}
	return pageSetup(f, s, "")
}

func completenessSheet(f *excelize.File, st *styles, a *assess.Assessment) error {
	const s = "缺报情况"
	if _, err := f.NewSheet(s); err != nil {
		return err
	}
	headers := []any{"牵头单位", "缺数据项数", "缺数据明细"}
	if err := f.SetSheetRow(s, "A1", &headers); err != nil {
		return err
	}
	if err := f.SetCellStyle(s, "A1", "C1", st.header); err != nil {
		return err
	}
	if err := f.SetColWidth(s, "A", "A", 16); err != nil {
		return err
	}
	if err := f.SetColWidth(s, "B", "B", 10); err != nil {
		return err
	}
	if err := f.SetColWidth(s, "C", "C", 100); err != nil {
		return err
	}
	for i, g := range a.Completeness {
		detail := ""
		for j, m := range g.Missing {
			if j > 0 {
				detail += "；"
			}
			detail += fmt.Sprintf("%s %s %d年", m.Code, m.Name, m.Year)
		}
		vals := []any{g.Name, len(g.Missing), detail}
		if err := f.SetSheetRow(s, cellName(1, i+2), &vals); err != nil {
			return err
		}
		if err := f.SetCellStyle(s, cellName(1, i+2), cellName(3, i+2), st.text); err != nil {
			return err
		}
		if err := fitRowHeight(f, s, i+2, map[int]float64{3: 100}, map[int]string{3: detail}); err != nil {
			return err
		}
	}
	if err := f.SetPanes(s, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	return pageSetup(f, s, "$1:$1")
}
