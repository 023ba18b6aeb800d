package pkg

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"ecoreport/report/layout"
	"ecoreport/report/narrative"
)

// ManifestSchema names the version of manifest.json.
const ManifestSchema = "ecoreport.package/1"

// Manifest is the content of manifest.json.
type Manifest struct {
	Schema   string    `json:"schema"`
	Project  string    `json:"project"`
	Sample   bool      `json:"sample"`
	BuiltAt  time.Time `json:"built_at"` // the snapshot time, so that builds are reproducible
	Snapshot Snapshot  `json:"snapshot"`
	Ready    bool      `json:"ready"`
	Summary  string    `json:"not_ready_summary"`
	Files    []File    `json:"files"` // every file but manifest.json itself
	NotReady []Issue   `json:"not_ready"`
	Warnings []string  `json:"warnings"`
	Fonts    []FontUse `json:"fonts"` // faces the documents are set in, by role
}

func (b *builder) manifestJSON(files []File, res *Result) (File, error) {
	m := Manifest{
		Schema: ManifestSchema, Project: b.a.Settings.Name, Sample: b.a.Settings.Sample,
		BuiltAt: b.sn.LatestChange, Snapshot: b.sn, Ready: len(res.NotReady) == 0,
		Summary: IssueSummary(res.NotReady), Files: files, NotReady: res.NotReady, Warnings: res.Warnings, Fonts: res.Fonts,
	}
	if m.NotReady == nil {
		m.NotReady = []Issue{}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(m); err != nil {
		return File{}, err
	}
	return newFile(ManifestJSON, "材料清单（JSON）", 0, buf.Bytes()), nil
}

// manifestPDF is 材料清单: the files with pages and SHA-256, the data
// snapshot, and what is not ready for submission.
func (b *builder) manifestPDF(files []File, issues []Issue, warnings []string) (File, error) {
	st := b.a.Settings
	title := st.District + "创建国家生态文明建设示范区申报材料清单"
	doc := b.newDoc(title, b.office(), "材料清单", layout.PageSetup{Numbers: layout.NumberOfTotal, RestartNumbering: true})
	doc.Add(&layout.Title{Text: title, Size: 18, Bookmark: true})
	doc.Add(&layout.Paragraph{Runs: []layout.Run{{Text: "数据截至 " + narrative.ChineseDate(b.date) + "　　编制单位：" + b.office()}},
		Align: layout.AlignCenter, NoIndent: true, Size: 10.5})
	doc.Add(&layout.Heading{Level: 1, Text: "文件", NoNumber: true})
	ft := &layout.Table{Size: 9.5, Columns: []layout.Column{
		{Title: "序号", Align: layout.AlignCenter, Width: 10},
		{Title: "文件", MinWidth: 42},
		{Title: "页数", Align: layout.AlignCenter, Width: 12},
		{Title: "SHA-256 校验值", Width: 74},
	}}
	totalPages := 0
	for i, f := range files {
		name := f.Name
		if f.Kept {
			name += "（沿用上次生成）"
		}
		ft.Rows = append(ft.Rows, []layout.Cell{{Text: fmt.Sprint(i + 1)}, {Text: f.Title + "\n" + name}, {Text: fmt.Sprint(f.Pages)},
			{Text: f.SHA256[:32] + "\n" + f.SHA256[32:], Code: true}})
		totalPages += f.Pages
	}
	ft.Rows = append(ft.Rows, []layout.Cell{{Text: "合计", ColSpan: 2, Bold: true}, {Text: fmt.Sprint(totalPages), Bold: true}, {Text: "本清单与 manifest.json 一并提供"}})
	doc.Add(ft)

	sn := b.sn
	doc.Add(&layout.Heading{Level: 1, Text: "数据快照", NoNumber: true})
	doc.Add(keyValueTable("生成本材料所依据的项目数据", [][2]string{
		{"项目", sn.Project}, {"指标体系", fmt.Sprintf("%s 版本 %s", sn.CatalogID, sn.CatalogVersion)},
		{"指标数", fmt.Sprintf("%d 项（子指标 %d 项）", sn.Indicators, sn.SubIndicators)}, {"考核年度", narrative.YearSpan(sn.AssessedYears)},
		{"当前数据", fmt.Sprintf("%d 个（历史记录 %d 条）", sn.Values, sn.ValueEvents)}, {"佐证材料", fmt.Sprintf("%d 份", sn.EvidenceItems)},
		{"最近数据变更", sn.LatestChange.Format("2006-01-02 15:04")}, {"数据库结构版本", fmt.Sprint(sn.SchemaVersion)},
		{"指标体系校验值", sn.CatalogSHA256},
	}))

	doc.Add(&layout.Heading{Level: 1, Text: "报送前须处理的事项", NoNumber: true})
	if len(issues) == 0 {
		doc.Add(layout.P("无。全部数据、目标值、附件分歧和佐证材料均已就绪，可以报送。"))
	} else {
		doc.Add(&layout.Paragraph{Runs: []layout.Run{{Text: "本材料尚不能报送：", Face: layout.FaceHei}, {Text: IssueSummary(issues) + "。"}}})
		it := &layout.Table{Size: 9, Columns: []layout.Column{
			{Title: "序号", Align: layout.AlignCenter, Width: 10},
			{Title: "类别", Align: layout.AlignCenter, OneLine: true}, // as wide as its longest label
			{Title: "内容", MinWidth: 80, Weight: 1},
		}}
		for i, is := range issues {
			it.Rows = append(it.Rows, layout.Row(fmt.Sprint(i+1), is.Label, is.Detail))
		}
		doc.Add(it)
	}
	// Hints for the office (a substitute font, a condition to confirm) are
	// printed while the package is not ready; a package ready to submit
	// carries none of them (they stay on the console, in manifest.json and
	// in the window).
	if len(issues) > 0 {
		for _, w := range warnings {
			doc.Add(&layout.Paragraph{Runs: []layout.Run{{Text: "提示：", Face: layout.FaceHei}, {Text: w + "。"}}})
		}
	}
	if st.Sample {
		doc.Add(layout.P("本材料由示例数据生成，每页均有“示例数据”水印，仅供演示，不得报送。"))
	}
	var buf bytes.Buffer
	info, err := doc.Write(&buf)
	if err != nil {
		return File{}, err
	}
	return newFile(ManifestPDF, "材料清单", info.Pages, buf.Bytes()), nil
}
