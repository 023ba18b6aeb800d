package sheets

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"ecoreport/app/assess"
	"ecoreport/app/catalog"
	"ecoreport/app/eval"
	"ecoreport/app/store"
)

// Kinds of feedback items.
const (
	KindMissingValue    = "缺数据"
	KindNotMet          = "未达标"
	KindMissingEvidence = "缺佐证材料"
	KindImportError     = "报送表格错误"
)

// FeedbackItem is one item of the itemised feedback (条目式反馈) to an
// organisation: what is missing or wrong and what to do about it.
type FeedbackItem struct {
	Seq       int    `json:"seq"`
	Kind      string `json:"kind"`
	Indicator string `json:"indicator,omitempty"`
	Name      string `json:"name,omitempty"`
	Year      int    `json:"year,omitempty"`
	Problem   string `json:"problem"`
	Request   string `json:"request"`       // 整改要求
	Ref       string `json:"ref,omitempty"` // where: file, sheet, cell
}

// Feedback is the feedback to one lead organisation.
type Feedback struct {
	Org      string         `json:"org"`
	OrgName  string         `json:"org_name"`
	Deadline string         `json:"deadline"` // as the plan says it, with the date
	Items    []FeedbackItem `json:"items"`
}

// LoadFeedback builds the feedback of every lead organisation from a project:
// its assessment and the errors of each organisation's latest import.
func LoadFeedback(s *store.Store) (*assess.Assessment, []Feedback, error) {
	a, err := assess.Load(s)
	if err != nil {
		return nil, nil, err
	}
	probs, err := LatestProblems(s)
	if err != nil {
		return nil, nil, err
	}
	return a, BuildFeedback(a, probs), nil
}

// BuildFeedback lists, per organisation that leads indicators, item by item:
// values missing for assessed years, values that do not meet the target (with
// the reason), indicator-years without evidence, and the errors of its latest
// imported file (importProblems, by organisation ID; may be nil). The result
// is plain data, for a workbook or a PDF.
func BuildFeedback(a *assess.Assessment, importProblems map[string][]Problem) []Feedback {
	cat := a.Catalog
	deadline := ""
	if ds := deadlines(cat); len(ds) > 0 {
		deadline = dueText(ds[len(ds)-1])
	}
	gaps := map[string][]eval.Gap{}
	for _, g := range a.Completeness {
		gaps[g.Org] = g.Missing
	}
	var out []Feedback
	for _, o := range TemplateOrgs(cat) {
		lead, _ := cat.Led(o.ID)
		if len(lead) == 0 {
			continue
		}
		fb := Feedback{Org: o.ID, OrgName: o.Name, Deadline: deadline, Items: []FeedbackItem{}}
		add := func(it FeedbackItem) {
			it.Seq = len(fb.Items) + 1
			fb.Items = append(fb.Items, it)
		}
		for _, g := range gaps[o.ID] {
			ind, _ := cat.Indicator(g.Code)
			it := FeedbackItem{Kind: KindMissingValue, Indicator: g.Code, Name: g.Name, Year: g.Year}
			if _, has := a.Values.Get(g.Code, g.Year); has {
				it.Problem = fmt.Sprintf("%d年缺少附加条件“%s”的填报（是/否）", g.Year, ind.Target.Condition)
				it.Request = "请在指标填报表该指标下方的“附加条件”行选择“是”或“否”"
			} else {
				it.Problem = fmt.Sprintf("%d年缺少指标值", g.Year)
				it.Request = fmt.Sprintf("请在指标填报表中填写%d年的值，并写明数据来源", g.Year)
			}
			add(it)
		}
		for _, top := range lead {
			for _, ind := range leaves(top) {
				for _, y := range a.Settings.AssessedYears {
					r := a.Eval.Result(ind.Code, y)
					if r.Status != eval.NotMet {
						continue
					}
					add(FeedbackItem{Kind: KindNotMet, Indicator: ind.Code, Name: ind.FullName(), Year: y, Problem: r.Reason,
						Request: "请核实数值；数值无误的，请书面说明未达标原因和整改措施"})
				}
			}
		}
		for _, c := range missingEvidence(a, lead) {
			add(c)
		}
		for _, it := range narrativeFeedback(a, lead) {
			add(it)
		}
		for _, p := range importProblems[o.ID] {
			msg := p.Message
			if p.Found != "" {
				msg = fmt.Sprintf("填写「%s」：%s", p.Found, p.Message)
			}
			name := ""
			if ind, ok := cat.Indicator(p.Indicator); ok {
				name = ind.FullName()
			}
			add(FeedbackItem{Kind: KindImportError, Indicator: p.Indicator, Name: name, Year: p.Year, Problem: msg,
				Request: "请改正后重新报送填报表", Ref: p.Where()})
		}
		out = append(out, fb)
	}
	return out
}

func leaves(ind *catalog.Indicator) []*catalog.Indicator {
	if ind.Measurable() {
		return []*catalog.Indicator{ind}
	}
	out := make([]*catalog.Indicator, len(ind.Subs))
	for i := range ind.Subs {
		out[i] = &ind.Subs[i]
	}
	return out
}

// missingEvidence lists the evidence cells of the indicators an
// organisation leads that are not complete, by the one definition of
// evidence readiness (evidence.Summarise: a cell is complete with an
// accepted item), so the 问题反馈单 asks for what check and the report count.
func missingEvidence(a *assess.Assessment, lead []*catalog.Indicator) []FeedbackItem {
	if a.EvidenceCompleteness == nil {
		return nil
	}
	led := map[string]bool{}
	for _, top := range lead {
		led[top.Code] = true
	}
	var out []FeedbackItem
	for _, c := range a.EvidenceCompleteness.Missing {
		top, _, _ := strings.Cut(c.Indicator, ".")
		if !led[top] {
			continue
		}
		it := FeedbackItem{Kind: KindMissingEvidence, Indicator: c.Indicator, Name: c.Name, Year: c.Year}
		switch {
		case c.NeedsMore > 0:
			it.Problem = fmt.Sprintf("%d年佐证材料经审核需补充，尚无合格材料", c.Year)
			it.Request = "请按审核意见补充材料后重新报送"
		case c.InReview > 0:
			it.Problem = fmt.Sprintf("%d年佐证材料待审核，尚无合格材料", c.Year)
			it.Request = "材料已收到，待创建办审核；如有更完整的材料请一并报送"
		default:
			it.Problem = fmt.Sprintf("%d年没有登记佐证材料", c.Year)
			it.Request = "请在指标填报表的“佐证材料”表中逐条登记，并报送材料"
		}
		out = append(out, it)
	}
	return out
}

// FeedbackFileName is the file name of an organisation's feedback workbook.
func FeedbackFileName(orgName string, day time.Time) string {
	return safeFileName(orgName) + "-问题反馈单-" + day.Format("2006-01-02") + ".xlsx"
}

// FeedbackPaths returns the paths WriteFeedback writes into dir on day, in
// the order of fbs.
func FeedbackPaths(fbs []Feedback, dir string, day time.Time) []string {
	var out []string
	for _, fb := range fbs {
		out = append(out, filepath.Join(dir, FeedbackFileName(fb.OrgName, day)))
	}
	return out
}

// WriteFeedback writes one feedback workbook (问题反馈单) per organisation
// into dir and returns the paths written. It writes nothing when any of the
// files exists already (the error wraps fs.ErrExist and names them); see
// WriteFeedbackReplacing.
func WriteFeedback(a *assess.Assessment, fbs []Feedback, dir string, now time.Time) ([]string, error) {
	return writeFeedback(a, fbs, dir, now, false)
}

// WriteFeedbackReplacing is WriteFeedback that replaces existing files, for
// when the user asked to (e.g. to regenerate the feedback of the same day).
func WriteFeedbackReplacing(a *assess.Assessment, fbs []Feedback, dir string, now time.Time) ([]string, error) {
	return writeFeedback(a, fbs, dir, now, true)
}

func writeFeedback(a *assess.Assessment, fbs []Feedback, dir string, now time.Time, replace bool) ([]string, error) {
	if !replace {
		if err := RefuseExisting(FeedbackPaths(fbs, dir, now)); err != nil {
			return nil, err
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("创建输出文件夹 %s：%w", dir, err)
	}
	var paths []string
	for _, fb := range fbs {
		f, err := FeedbackWorkbook(a, fb, now)
		if err != nil {
			return paths, err
		}
		p := filepath.Join(dir, FeedbackFileName(fb.OrgName, now))
		err = SaveWorkbook(f, p, replace)
		_ = f.Close()
		if err != nil {
			return paths, err
		}
		paths = append(paths, p)
	}
	return paths, nil
}

// FeedbackWorkbook builds the feedback workbook of one organisation: the
// items, with two columns for the organisation's answer and the review.
func FeedbackWorkbook(a *assess.Assessment, fb Feedback, now time.Time) (*excelize.File, error) {
	f := excelize.NewFile()
	st, err := newStyles(f)
	if err != nil {
		_ = f.Close() // already failing: the first error is reported
		return nil, err
	}
	const s = "问题反馈单"
	fail := func(err error) (*excelize.File, error) {
		_ = f.Close() // already failing: the first error is reported
		return nil, fmt.Errorf("生成「%s」的问题反馈单：%w", fb.OrgName, err)
	}
	if err := f.SetSheetName("Sheet1", s); err != nil {
		return fail(err)
	}
	headers := []any{"序号", "类别", "指标序号", "指标名称", "年度", "问题", "整改要求", "出处", "整改情况（由填报单位填写）", "审核结果"}
	widths := []float64{6, 12, 8, 28, 8, 40, 30, 24, 28, 10}
	last := colLetter(len(headers))
	if err := f.SetCellStr(s, "A1", fmt.Sprintf("%s 佐证台帐资料问题反馈单——%s", a.Settings.District, fb.OrgName)); err != nil {
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
	note := fmt.Sprintf("反馈单位：%s    生成时间：%s    共 %d 条", officeName(a.Catalog), now.Format("2006年1月2日"), len(fb.Items))
	if fb.Deadline != "" {
		note += "    请于" + fb.Deadline + "完成整改并重新报送"
	}
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
	for i, w := range widths {
		if err := f.SetColWidth(s, colLetter(i+1), colLetter(i+1), w); err != nil {
			return fail(err)
		}
	}
	row := 4
	if len(fb.Items) == 0 {
		if err := f.SetCellStr(s, "A4", "经核对，未发现问题。"); err != nil {
			return fail(err)
		}
		if err := f.MergeCell(s, "A4", last+"4"); err != nil {
			return fail(err)
		}
		if err := f.SetCellStyle(s, "A4", last+"4", st.text); err != nil {
			return fail(err)
		}
		row++
	}
	for _, it := range fb.Items {
		var year any = ""
		if it.Year != 0 {
			year = it.Year
		}
		vals := []any{it.Seq, it.Kind, it.Indicator, it.Name, year, it.Problem, it.Request, it.Ref, "", ""}
		if err := f.SetSheetRow(s, cellName(1, row), &vals); err != nil {
			return fail(err)
		}
		if err := f.SetCellStyle(s, cellName(1, row), cellName(8, row), st.text); err != nil {
			return fail(err)
		}
		if err := f.SetCellStyle(s, cellName(1, row), cellName(1, row), st.textCenter); err != nil {
			return fail(err)
		}
		if err := f.SetCellStyle(s, cellName(5, row), cellName(5, row), st.textCenter); err != nil {
			return fail(err)
		}
		if err := f.SetCellStyle(s, cellName(9, row), cellName(10, row), st.inputText); err != nil {
			return fail(err)
		}
		if err := fitRowHeight(f, s, row, map[int]float64{4: 28, 6: 40, 7: 30, 8: 24}, map[int]string{4: it.Name, 6: it.Problem, 7: it.Request, 8: it.Ref}); err != nil {
			return fail(err)
		}
		row++
	}
	if len(fb.Items) > 0 {
		dv := excelize.NewDataValidation(true)
		dv.Sqref = cellName(10, 4) + ":" + cellName(10, row-1)
		if err := dv.SetDropList([]string{"合格", "需补充", "已整改"}); err != nil {
			return fail(err)
		}
		dv.SetError(excelize.DataValidationErrorStyleStop, "填写有误", "请选择 合格、需补充 或 已整改。")
		if err := f.AddDataValidation(s, dv); err != nil {
			return fail(err)
		}
	}
	if err := f.SetPanes(s, &excelize.Panes{Freeze: true, YSplit: 3, TopLeftCell: "A4", ActivePane: "bottomLeft"}); err != nil {
		return fail(err)
	}
	if err := pageSetup(f, s, "$3:$3"); err != nil {
		return fail(err)
	}
	if err := f.ProtectSheet(s, &excelize.SheetProtectionOptions{SelectLockedCells: true, SelectUnlockedCells: true, FormatColumns: true, FormatRows: true}); err != nil {
		return fail(err)
	}
	m := &meta{Version: TemplateVersion, Kind: "feedback", Project: a.Settings.Name, CatalogID: a.CatalogInfo.ID,
		CatalogVersion: a.CatalogInfo.Version, OrgID: fb.Org, OrgName: fb.OrgName, ExportedAt: now.Format(time.RFC3339),
		Years: a.Settings.AssessedYears}
	if err := writeMeta(f, m); err != nil {
		return fail(err)
	}
	f.SetActiveSheet(0)
	return f, nil
}

// itoa is strconv.Itoa, short for tables.
func itoa(n int) string { return strconv.Itoa(n) }
