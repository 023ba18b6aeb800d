// Package feedback prints the itemised feedback (条目式反馈) of the creation
// office to each lead organisation as a PDF 问题反馈单: the items of
// sheets.BuildFeedback in a numbered table, with empty columns for the
// organisation's answer (整改情况) and the review (审核结果) to be written by
// hand, and lines for the signatures of the office and the organisation.
//
// The PDF is a pure function of the data: its date is the data's snapshot
// time (the latest recorded change), not the clock, so the same data gives
// the same bytes.
package feedback

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"ecoreport/app/assess"
	"ecoreport/app/catalog"
	"ecoreport/app/evidence"
	"ecoreport/app/sheets"
	"ecoreport/app/store"
	"ecoreport/report/layout"
	"ecoreport/report/narrative"
)

// Options control the PDF.
type Options struct {
	// Date is printed as 数据截至 and written as the PDF's dates; use
	// SnapshotDate. Zero: 2000-01-01.
	Date time.Time
	// Deadline overrides the feedback's own deadline (e.g. from the
	// project's milestones, see Deadlines); empty: Feedback.Deadline.
	Deadline string
	Fonts    layout.Fonts
	// Replace lets WriteAll replace PDFs that already exist; without it,
	// WriteAll writes nothing when any of them exists.
	Replace bool
}

// SnapshotDate is the time of the latest change of the data a feedback is
// built from: values, imports (and their undoing), evidence items and their
// history. A project without any change gives its catalog's time.
func SnapshotDate(s *store.Store) (time.Time, error) {
	latest, err := s.LatestChange()
	if err != nil {
		return time.Time{}, fmt.Errorf("读取数据快照时间：%w", err)
	}
	if latest.IsZero() {
		_, info, err := s.BaseCatalog()
		if err != nil {
			return time.Time{}, err
		}
		if t, err := time.Parse(time.RFC3339, info.AddedAt); err == nil {
			latest = t
		}
	}
	return latest, nil
}

// Deadlines returns, per organisation ID, the deadline to print from the
// project's milestones (table milestones, which the office may have
// adjusted): the latest due date among the milestones that fall on the
// organisation. Organisations without such a milestone are not in the map.
func Deadlines(s *store.Store, cat *catalog.Catalog) (map[string]string, error) {
	ms, err := evidence.Milestones(s)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	due := map[string]string{}
	for _, m := range ms {
		for _, org := range evidence.Responsible(cat, m) {
			if m.Due >= due[org] {
				due[org] = m.Due
				out[org] = dueText(m)
			}
		}
	}
	return out, nil
}

func dueText(m evidence.Milestone) string {
	if t, err := time.Parse("2006-01-02", m.Due); err == nil {
		if m.DueText == "" {
			return narrative.ChineseDate(t)
		}
		return fmt.Sprintf("%s（%s前）", m.DueText, narrative.ChineseDate(t))
	}
	return m.DueText
}

// FileName is the file name of an organisation's feedback PDF; it matches
// the workbook's (sheets.FeedbackFileName) but for the extension.
func FileName(orgName string, day time.Time) string {
	return strings.TrimSuffix(sheets.FeedbackFileName(orgName, day), ".xlsx") + ".pdf"
}

// Document lays out the 问题反馈单 of one organisation.
func Document(a *assess.Assessment, fb sheets.Feedback, o Options) *layout.Document {
	title := fb.OrgName + "问题反馈单"
	office := officeName(a.Catalog)
	opts := layout.Options{
		Title: title, Author: office, Subject: "问题反馈单", Creator: "ecoreport",
		Date: o.Date, Fonts: o.Fonts,
		Margins: layout.Margins{Top: 20, Right: 18, Bottom: 20, Left: 18},
		Page: layout.PageSetup{Orientation: layout.Landscape, Numbers: layout.NumberOfTotal,
			Header: layout.Header{Left: a.Settings.Name, Right: "问题反馈单", Rule: true}},
	}
	if a.Settings.Sample {
		opts.Watermark = "示例数据"
	}
	doc := layout.NewDocument(opts)
	doc.Add(&layout.Title{Text: title, Size: 18, Bookmark: true})

	deadline := o.Deadline
	if deadline == "" {
		deadline = fb.Deadline
	}
	date := o.Date
	if date.IsZero() {
		date = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	place := a.Settings.District
	if a.Settings.City != "" {
		place = a.Settings.Province + a.Settings.City + a.Settings.District
	}
	info := func(text string) *layout.Paragraph {
		return &layout.Paragraph{Runs: []layout.Run{{Text: text}}, NoIndent: true, Align: layout.AlignLeft, Size: 10.5}
	}
	doc.Add(
		info(fmt.Sprintf("项目：%s　　　地区：%s", a.Settings.Name, place)),
		info(fmt.Sprintf("反馈单位：%s　　　责任单位：%s　　　数据截至：%s　　　共 %d 条", office, fb.OrgName, narrative.ChineseDate(date), len(fb.Items))),
	)
	if deadline != "" {
		doc.Add(info(fmt.Sprintf("整改期限：请于%s完成整改，在“整改情况”栏逐条填写，连同补充材料一并报送%s。", deadline, office)))
	}
	doc.Add(itemsTable(fb))
	doc.Add(
		&layout.Spacer{Height: 4},
		info(office+"（签字）：＿＿＿＿＿＿＿＿＿＿　　　日期：＿＿＿＿年＿＿月＿＿日"),
		&layout.Spacer{Height: 4},
		info(fb.OrgName+"（签字、盖章）：＿＿＿＿＿＿＿＿＿＿　　　日期：＿＿＿＿年＿＿月＿＿日"),
	)
	return doc
}

// itemsTable is the numbered table of items, with two empty columns to be
// filled in by hand.
func itemsTable(fb sheets.Feedback) *layout.Table {
	t := &layout.Table{Size: 10, Columns: []layout.Column{
		{Title: "序号", Width: 11, Align: layout.AlignCenter},
		{Title: "类别", Width: 25, Align: layout.AlignCenter},
		{Title: "指标", MinWidth: 30},
		{Title: "年度", Width: 14, Align: layout.AlignCenter},
		{Title: "问题", MinWidth: 45, Weight: 3},
		{Title: "要求", MinWidth: 40, Weight: 2},
		{Title: "整改情况", Width: 58},
		{Title: "审核结果", Width: 22, Align: layout.AlignCenter},
	}}
	if len(fb.Items) == 0 {
		t.Rows = append(t.Rows, []layout.Cell{{Text: "经核对，未发现问题。", ColSpan: len(t.Columns), Align: layout.AlignCenter}})
		return t
	}
	for _, it := range fb.Items {
		ind := it.Indicator
		if it.Name != "" {
			ind = strings.TrimSpace(ind + " " + it.Name)
		}
		year := ""
		if it.Year != 0 {
			year = fmt.Sprint(it.Year)
		}
		problem := it.Problem
		if it.Ref != "" {
			problem += "\n出处：" + it.Ref
		}
		// The two answer columns are empty, with room to write by hand.
		t.Rows = append(t.Rows, layout.Row(fmt.Sprint(it.Seq), it.Kind, ind, year, problem, it.Request, "\n\n", ""))
	}
	return t
}

// Write writes the PDF of one organisation's feedback.
func Write(w io.Writer, a *assess.Assessment, fb sheets.Feedback, o Options) (layout.Info, error) {
	info, err := Document(a, fb, o).Write(w)
	if err != nil {
		return info, fmt.Errorf("生成「%s」的问题反馈单 PDF：%w", fb.OrgName, err)
	}
	return info, nil
}

// Paths returns the paths WriteAll writes into dir on day, in the order of
// fbs.
func Paths(fbs []sheets.Feedback, dir string, day time.Time) []string {
	var out []string
	for _, fb := range fbs {
		out = append(out, filepath.Join(dir, FileName(fb.OrgName, day)))
	}
	return out
}

// WriteAll writes one PDF per organisation into dir (named by FileName with
// day) and returns the paths written. deadlines (by organisation ID, may be
// nil) override each feedback's deadline. Unless o.Replace is set, it
// writes nothing when any of the files exists (the error wraps
// fs.ErrExist and names them). Each file is written beside its place and
// renamed when complete, so a failure never leaves half a PDF.
func WriteAll(a *assess.Assessment, fbs []sheets.Feedback, dir string, day time.Time, deadlines map[string]string, o Options) ([]string, error) {
	if !o.Replace {
		if err := sheets.RefuseExisting(Paths(fbs, dir, day)); err != nil {
			return nil, err
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("创建输出文件夹 %s：%w", dir, err)
	}
	var paths []string
	for _, fb := range fbs {
		oo := o
		if d, ok := deadlines[fb.Org]; ok && oo.Deadline == "" {
			oo.Deadline = d
		}
		var buf bytes.Buffer
		if _, err := Write(&buf, a, fb, oo); err != nil {
			return paths, err
		}
		p := filepath.Join(dir, FileName(fb.OrgName, day))
		if err := writeFile(p, buf.Bytes(), o.Replace); err != nil {
			return paths, err
		}
		paths = append(paths, p)
	}
	return paths, nil
}

// writeFile writes data to path through a temporary file in the same
// folder, renamed once complete. An existing path is replaced only when
// replace is set.
func writeFile(path string, data []byte, replace bool) error {
	return sheets.SaveFile(path, "PDF 文件", replace, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

func officeName(cat *catalog.Catalog) string {
	for _, o := range cat.Organisations {
		if o.Kind == catalog.KindOffice {
			return o.Name
		}
	}
	return "创建办"
}
