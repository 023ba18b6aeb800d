package pkg

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"ecoreport/app/assess"
	"ecoreport/app/sheets"
	"ecoreport/app/store"
)

// fillNarrative exports an organisation's workbook and writes texts into
// its 工作措施与成效 sheet: code → column letter → text.
func fillNarrative(t *testing.T, s *store.Store, org string, texts map[string]map[string]string) []byte {
	t.Helper()
	a, err := assess.Load(s)
	if err != nil {
		t.Fatal(err)
	}
	f, err := sheets.Template(a, org, sheets.ExportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheets.SheetNarrative)
	if err != nil {
		t.Fatalf("the workbook has no sheet %s: %v", sheets.SheetNarrative, err)
	}
	for r, row := range rows {
		if len(row) == 0 {
			continue
		}
		for col, text := range texts[row[0]] {
			if err := f.SetCellStr(sheets.SheetNarrative, col+itoa(r+1), text); err != nil {
				t.Fatal(err)
			}
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func itoa(n int) string {
	c, _ := excelize.CoordinatesToCellName(1, n)
	return strings.TrimPrefix(c, "A")
}

// section returns the squashed text of an indicator's section of the
// 技术报告: from its requirement table to the next indicator's.
func section(t *testing.T, text, code, name, next string) string {
	t.Helper()
	start := strings.Index(text, "指标"+code+name)
	if start < 0 {
		t.Fatalf("no section of indicator %s in the 技术报告", code)
	}
	end := strings.Index(text[start:], next)
	if end < 0 {
		return text[start:]
	}
	return text[start : start+end]
}

// TestNarrativeSheetRoundTrip: texts written into the 工作措施与成效 sheet of
// 区住建局's workbook reach the 技术报告 under indicator 27, placeholders
// bound to the data; a text over the limit and one with an unresolvable
// placeholder are refused naming their cells; a missing text prints
// （待补充） and is listed in readiness.
func TestNarrativeSheetRoundTrip(t *testing.T) {
	s, err := store.CreateDemo(filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	data := fillNarrative(t, s, "housing", map[string]map[string]string{
		"27": {"D": "新建污水主管网12.6公里，完成城东污水处理厂提标改造。", "E": "2017年城镇污水处理率达到{{指标值 27 2017}}。"},
		"30": {"D": strings.Repeat("整", store.MaxNarrativeChars+1)},
		"31": {"E": "绿色建筑比例为{{指标值 99 2017}}。"},
	})
	ctx := context.Background()
	in := []sheets.Input{{Name: "区住建局_指标填报表.xlsx", Data: data}}
	dry, err := sheets.Import(ctx, s, in, sheets.ImportOptions{DryRun: true, Actor: "测试"})
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := s.NarrativeHistory("27", store.Measures); len(n) != 1 {
		t.Fatalf("the dry run wrote texts: %d versions", len(n))
	}
	var cells []string
	for _, p := range dry.Problems() {
		if p.Severity == sheets.Error {
			cells = append(cells, p.Indicator+"@"+p.Cell)
		}
	}
	if strings.Join(cells, ",") != "30@D6,31@E7" {
		t.Errorf("refused cells %v, want 30@D6 (too long) and 31@E7 (unknown indicator in a placeholder)", cells)
	}
	rep, err := sheets.Import(ctx, s, in, sheets.ImportOptions{Actor: "测试"})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Committed {
		t.Fatalf("not committed: %s", rep.Note)
	}
	outcomes := map[string]sheets.Outcome{}
	for _, it := range rep.Narratives {
		outcomes[it.Indicator+it.Field] = it.Outcome
	}
	if outcomes["27主要措施"] != sheets.Changed || outcomes["27主要成效"] != sheets.Changed {
		t.Errorf("outcomes %v", outcomes)
	}
	h, _ := s.NarrativeHistory("27", store.Measures)
	if last := h[len(h)-1]; last.Origin != "import" || last.Sheet != sheets.SheetNarrative || last.Cell != "D5" || last.ImportID != rep.ImportID {
		t.Errorf("provenance %+v", last)
	}

	res, err := Render(ctx, s, Options{Only: "technical"})
	if err != nil {
		t.Fatal(err)
	}
	text := squash(withoutWatermark(pdfText(t, file(t, res, "01_技术报告.pdf").Data(), false)))
	sec := section(t, text, "27", "城镇污水处理率", "指标28")
	// In order: the heading, the collected text (a chart's labels may come
	// between them in pdftotext's reading order).
	pos := 0
	for _, want := range []string{"主要措施", "新建污水主管网12.6公里，完成城东污水处理厂提标改造。", "主要成效", "2017年城镇污水处理率达到100.0%。"} {
		i := strings.Index(sec[pos:], want)
		if i < 0 {
			t.Errorf("section 27 lacks %q after position %d:\n%s", want, pos, sec)
			break
		}
		pos += i + len(want)
	}
	if sec20 := section(t, text, "20", "空间规划", "指标21"); !strings.Contains(sec20, "主要措施（待补充）") {
		t.Errorf("section 20 (no text) lacks （待补充）:\n%s", sec20)
	}
	var ready []string
	for _, is := range res.NotReady {
		ready = append(ready, is.Detail)
	}
	all := strings.Join(ready, "\n")
	for _, want := range []string{"指标 20 缺少主要措施说明", "指标 27 的主要措施尚未审核通过"} {
		if !strings.Contains(all, want) {
			t.Errorf("readiness lacks %q", want)
		}
	}

	// Undo puts the texts back as they were.
	if _, err := sheets.Undo(ctx, s, rep.ImportID, "测试"); err != nil {
		t.Fatal(err)
	}
	ns, _ := s.Narratives()
	if got := ns[store.NarrativeKey{Code: "27", Field: store.Measures}].Text; strings.Contains(got, "12.6公里") {
		t.Errorf("undo kept the imported text: %s", got)
	}
}

// TestDemoCountsAgree: the demo's counts of what is not ready agree between
// check --json (the assessment's JSON), 材料清单 and the 技术报告: one
// definition of evidence readiness, one list of issues.
func TestDemoCountsAgree(t *testing.T) {
	r, a := demoPackage(t)
	j := a.JSON()
	issues := NotReady(a)
	count := func(kind string) int {
		n := 0
		for _, is := range issues {
			if is.Kind == kind {
				n++
			}
		}
		return n
	}
	if got := count(IssueEvidenceGap); got != j.Readiness.EvidenceMissing || got == 0 {
		t.Fatalf("evidence gaps: NotReady %d, check --json %d", got, j.Readiness.EvidenceMissing)
	}
	if got := count(IssueMissingValue); got != j.Readiness.MissingValues {
		t.Errorf("missing values: NotReady %d, check --json %d", got, j.Readiness.MissingValues)
	}
	if got := count(IssueNarrativeMissing); got != j.Readiness.NarrativesMissing || got == 0 {
		t.Errorf("missing texts: NotReady %d, check --json %d", got, j.Readiness.NarrativesMissing)
	}
	if got := count(IssueNarrativePending); got != j.Readiness.NarrativesPending || got == 0 {
		t.Errorf("texts awaiting review: NotReady %d, check --json %d", got, j.Readiness.NarrativesPending)
	}
	if got := count(IssueDisagreement); got != j.Readiness.UnresolvedFindings {
		t.Errorf("unresolved findings: NotReady %d, check --json %d", got, j.Readiness.UnresolvedFindings)
	}
	manifest := squash(withoutWatermark(pdfText(t, file(t, r, ManifestPDF).Data(), false)))
	technical := squash(withoutWatermark(pdfText(t, file(t, r, "01_技术报告.pdf").Data(), false)))
	for _, k := range []string{IssueEvidenceGap, IssueMissingValue, IssueDisagreement, IssueNarrativeMissing, IssueNarrativePending} {
		n := count(k)
		if n == 0 {
			continue
		}
		if want := fmt.Sprintf("%s%d项", issueLabels[k], n); !strings.Contains(manifest, want) {
			t.Errorf("材料清单 lacks %q", want)
		}
		if want := fmt.Sprintf("%s（%d项）", issueLabels[k], n); !strings.Contains(technical, want) {
			t.Errorf("技术报告 lacks %q", want)
		}
	}
}

// TestSubmittedWording: the 技术报告 and the work report carry no internal
// notes ("暂按…", "自动列出"), state the pass rule as the project's own, count
// the responsible organisations as the matrix's columns, and list every
// finding in the appendix 指标口径与附件差异说明.
func TestSubmittedWording(t *testing.T) {
	r, a := demoPackage(t)
	technical := squash(withoutWatermark(pdfText(t, file(t, r, "01_技术报告.pdf").Data(), false)))
	work := squash(withoutWatermark(pdfText(t, file(t, r, "02_创建工作报告.pdf").Data(), false)))
	for name, text := range map[string]string{"技术报告": technical, "创建工作报告": work} {
		for _, bad := range []string{"暂按", "自动列出", "已裁定，采用", "按照国家考核要求"} {
			if strings.Contains(text, bad) {
				t.Errorf("%s contains %q", name, bad)
			}
		}
	}
	if !strings.Contains(technical, "按本项目设定的评定规则（参考性指标达标比例不低于80%）") {
		t.Error("技术报告 does not state the pass rule as the project's own")
	}
	cols := len(a.Catalog.ResponsibleOrgs())
	if want := fmt.Sprintf("分解到%d个责任单位", cols); !strings.Contains(work, want) {
		t.Errorf("创建工作报告 lacks %q (the matrix has %d columns)", want, cols)
	}
	if want := fmt.Sprintf("共%d个责任单位", cols); !strings.Contains(technical, want) {
		t.Errorf("技术报告's matrix legend lacks %q", want)
	}
	app := technical[strings.LastIndex(technical, "附录五"+rulingsTitle):]
	typo := strings.NewReplacer("「", "“", "」", "”", "(", "（", ")", "）", ",", "，", ":", "：", ";", "；")
	for _, f := range a.Findings {
		if !strings.Contains(app, squash(typo.Replace(f.Subject))) {
			t.Errorf("appendix lacks finding %s (%s)", f.ID, f.Subject)
		}
	}
	for _, want := range []string{"未裁定", "无须裁定", "采用附件1一、8.：100%"} {
		if !strings.Contains(app, want) {
			t.Errorf("appendix lacks %q", want)
		}
	}
	for _, want := range []string{"一、基本情况", "二、主要做法", "三、主要成效", "四、经验体会", "五、存在问题与下一步打算", "制度与保障机制完善", "观念意识普及"} {
		if !strings.Contains(work, want) {
			t.Errorf("创建工作报告 lacks %q", want)
		}
	}
	if pages := r.Pages("02_创建工作报告.pdf"); pages < 9 {
		t.Errorf("创建工作报告 has %d pages, want about 10", pages)
	}
}

// TestEvidenceFigure: the demo's picture marked "用于报告" is placed in
// indicator 6's section, as an image, with a caption numbered in one
// sequence with the charts (图1 a chart, 图2 the picture, 图3 a chart).
func TestEvidenceFigure(t *testing.T) {
	r, _ := demoPackage(t)
	data := file(t, r, "01_技术报告.pdf").Data()
	text := squash(withoutWatermark(pdfText(t, data, false)))
	sec := section(t, text, "6", "河长制", "指标7")
	photo := "海陵区河道河长公示牌（示例）"
	m := regexp.MustCompile(`图(\d+)` + photo).FindStringSubmatch(sec)
	if m == nil {
		t.Fatalf("section 6 lacks the figure's caption 图N%s:\n%s", photo, sec)
	}
	// The numbers of every figure caption of the report (a line 图N …), in order.
	var nums []string
	captions := regexp.MustCompile(`(?m)^\s*图(\d+)\s+\S`)
	for _, c := range captions.FindAllStringSubmatch(withoutWatermark(pdfText(t, data, true)), -1) {
		nums = append(nums, c[1])
	}
	for i, n := range nums {
		if n != strconv.Itoa(i+1) {
			t.Errorf("figure numbers %v: number %d is 图%s, want 图%d (charts and pictures in one sequence)", nums, i+1, n, i+1)
			break
		}
	}
	if m[1] == "1" || len(nums) < 3 {
		t.Errorf("the picture is 图%s among %d figures; the demo puts a chart before it", m[1], len(nums))
	}
	bin, err := exec.LookPath("pdfimages")
	if err != nil {
		t.Skip("pdfimages 不可用")
	}
	cmd := exec.Command(bin, "-list", "-", "-")
	cmd.Stdin = bytes.NewReader(data)
	out, err := cmd.Output()
	if err != nil {
		// some poppler versions do not read stdin
		f := filepath.Join(t.TempDir(), "t.pdf")
		if err := os.WriteFile(f, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if out, err = exec.Command(bin, "-list", f).Output(); err != nil {
			t.Fatal(err)
		}
	}
	n := 0
	for _, line := range strings.Split(string(out), "\n") {
		if f := strings.Fields(line); len(f) > 2 && f[2] == "image" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("技术报告 has %d images, want 1:\n%s", n, out)
	}
}
