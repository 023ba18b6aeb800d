package pkg

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"ecoreport/app/assess"
	"ecoreport/app/eval"
	"ecoreport/app/store"
	"ecoreport/report/layout"
	"ecoreport/report/narrative"
	"ecoreport/templates"
)

// This file holds checks found by a second reading of the demo 技术报告, page
// by page from the indicator sections to the appendices.

// TestReasonTextDropsYear: the 说明 of a completion table and the list of
// indicators not met stand next to the year already; the reason does not
// repeat it, whatever its kind (numbers, states, missing, sub-indicators).
func TestReasonTextDropsYear(t *testing.T) {
	for _, c := range []struct {
		year         int
		reason, want string
	}{
		{2015, "2015年 1.8% 低于目标 ≥2%", "1.8% 低于目标 ≥2%"},
		{2015, "2015年未制定实施，未达到目标“制定实施”", "未制定实施，未达到目标“制定实施”"},
		{2017, "2017年缺数据", "缺数据"},
		{2015, "2015年子指标未达标：优良天数比例提高幅度", "子指标未达标：优良天数比例提高幅度"},
		{2016, "2016年 2 项子指标全部达标", "2 项子指标全部达标"},
		{2016, "2016年 62.87% 低于2015年 63.12%，不满足“且不降低”", "62.87% 低于2015年 63.12%，不满足“且不降低”"},
		{2015, "2015年的值“好”不是数字", "2015年的值“好”不是数字"}, // the sentence needs its subject
		{2016, "2015年未编制", "2015年未编制"},             // another year's: kept
		{2015, "2015年", "2015年"},
		{2015, "", "—"},
	} {
		if got := reasonText(eval.Result{Year: c.year, Reason: c.reason}); got != c.want {
			t.Errorf("reasonText(%d, %q) = %q, want %q", c.year, c.reason, got, c.want)
		}
	}
}

// TestDemoReasonsWithoutYear reads the 技术报告: indicator 1's table and the
// list of indicators not met say "未制定实施，未达到目标“制定实施”" after the
// year, not "2015年未制定实施…" a second time.
func TestDemoReasonsWithoutYear(t *testing.T) {
	r, _ := demoPackage(t)
	text := squash(withoutWatermark(pdfText(t, file(t, r, "01_技术报告.pdf").Data(), false)))
	for _, want := range []string{
		"2015年未制定实施制定实施未达标未制定实施，未达到目标“制定实施”",
		"1生态文明建设规划（2015年）：未制定实施，未达到目标“制定实施”",
		"指标32“公众绿色出行率”2017年缺数据",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("技术报告 lacks %q", want)
		}
	}
	for _, bad := range []string{"（2015年）：2015年", "未达标2015年未制定实施", "缺数据2017年缺数据"} {
		if strings.Contains(text, bad) {
			t.Errorf("技术报告 repeats the year: %q", bad)
		}
	}
}

// TestSubIndicatorRequirements: the lines under an indicator's 指标要求 say
// nothing of a measure unit a sub-indicator does not have, quote a state
// target, and say 目标值待定 for a target the province has yet to set.
func TestSubIndicatorRequirements(t *testing.T) {
	r, _ := demoPackage(t)
	text := squash(withoutWatermark(pdfText(t, file(t, r, "01_技术报告.pdf").Data(), false)))
	for _, want := range []string{
		"子指标9.1优良天数比例提高幅度［注4］：计量单位为%，目标值为≥2%。",
		"子指标10.1达到或优于III类比例提高幅度：计量单位为%，目标值待定。",
		"子指标10.2劣Ⅴ类水体比例下降幅度：计量单位为%［注6］，目标值待定。",
		"子指标13.1重点保护物种受到严格保护：目标值为“执行”。",
		"子指标24.2畜禽养殖场粪便综合利用率：计量单位为%，目标值为≥95%。",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("技术报告 lacks %q", want)
		}
	}
	lines := regexp.MustCompile(`子指标[\d.]+[^。]*。`).FindAllString(text, -1)
	if len(lines) < 8 {
		t.Fatalf("技术报告 has %d lines of sub-indicators, want the demo's 8", len(lines))
	}
	for _, l := range lines {
		if strings.Contains(l, "计量单位—") || strings.Contains(l, "目标值目标待定") {
			t.Errorf("技术报告: %q", l)
		}
	}
}

// TestAnnexAppendicesSayAsIssued: 附录一 and 附录二 reproduce the annexes as
// issued, so 附录二 prints 环境信息公开率 "≥80" where indicator 8's section
// says 100%; each says so at its head and points to 附录五.
func TestAnnexAppendicesSayAsIssued(t *testing.T) {
	r, a := demoPackage(t)
	if len(a.Findings) == 0 {
		t.Fatal("the demo has no finding between the annexes")
	}
	text := squash(withoutWatermark(pdfText(t, file(t, r, "01_技术报告.pdf").Data(), false)))
	for _, c := range []struct{ head, want string }{
		{"附录一任务分解书", "说明：本附录照录实施方案附件1原文，不作改动；两附件表述不一致之处（13处）及正文采用的口径见附录五。对照"},
		{"附录二任务分解表", "说明：本表照录实施方案附件2原文，不作改动；两附件表述不一致之处（13处）及正文采用的口径见附录五。表41"},
	} {
		i := strings.LastIndex(text, c.head) // the last: the contents list the heading too
		if i < 0 || !strings.HasPrefix(text[i+len(c.head):], c.want) {
			t.Errorf("%s does not begin with %q:\n%.300s", c.head, c.want, text[max(i, 0):])
		}
	}
	// The standalone annexes are the annexes themselves: no note.
	for _, name := range []string{"03_任务分解书.pdf", "04_任务分解表.pdf"} {
		if s := squash(pdfText(t, file(t, r, name).Data(), false)); strings.Contains(s, "照录实施方案") {
			t.Errorf("%s carries the 技术报告's note", name)
		}
	}
}

// TestEvidenceCountOfIndicator: an indicator without evidence reads
// "（无佐证材料）" in the evidence catalog, not "（0 份，0 页）"; pages are
// summed only when every item's pages are known.
func TestEvidenceCountOfIndicator(t *testing.T) {
	for _, c := range []struct {
		pages []int
		want  string
	}{
		{nil, "（无佐证材料）"},
		{[]int{126, 2, 1}, "（3 份，129 页）"},
		{[]int{12, 0}, "（2 份）"},
	} {
		var items []store.EvidenceItem
		for _, p := range c.pages {
			items = append(items, store.EvidenceItem{Pages: p})
		}
		if got := itemsText(items); got != c.want {
			t.Errorf("itemsText(%v) = %q, want %q", c.pages, got, c.want)
		}
	}
	r, _ := demoPackage(t)
	for _, name := range []string{"01_技术报告.pdf", "06_佐证材料目录.pdf"} {
		text := squash(withoutWatermark(pdfText(t, file(t, r, name).Data(), true)))
		if !strings.Contains(strings.ReplaceAll(text, "　", ""), "30村庄环境综合整治率（无佐证材料）") {
			t.Errorf("%s: indicator 30 is not listed as without evidence", name)
		}
		if strings.Contains(text, "（0份，0页）") {
			t.Errorf("%s lists an indicator with （0 份，0 页）", name)
		}
	}
}

// TestConclusionNamesWhatIsOpen: the 结论 of the demo says why the verdict
// is 暂无法判定: which indicators are not met, lack data or wait for their
// target in the latest year.
func TestConclusionNamesWhatIsOpen(t *testing.T) {
	r, _ := demoPackage(t)
	text := squash(withoutWatermark(pdfText(t, file(t, r, "01_技术报告.pdf").Data(), false)))
	i := strings.LastIndex(text, "十、结论")
	if i < 0 {
		t.Fatal("no 结论")
	}
	want := "总体结论为：暂无法判定。2017年未达标的指标为节能、节水器具普及率。缺少2017年数据的指标为公众绿色出行率。目标值尚待省级部门确定的指标为地表水环境质量。对尚未达标、缺少数据和目标待定的指标，海陵区将"
	if !strings.Contains(text[i:], want) {
		t.Errorf("结论 lacks %q:\n%.400s", want, text[i:])
	}
}

// TestChapterTemplatesReadForEveryStatus: the default 存在问题 and 结论 read
// right when the latest year has no indicator not met, no value missing and
// no pending target (not "2017年，无尚未达到考核要求", "仍有0项…未报送",
// "涉及无").
func TestChapterTemplatesReadForEveryStatus(t *testing.T) {
	s := openDemo(t)
	ctx := context.Background()
	src := store.Provenance{Actor: "创建办", Origin: "cli", Source: "复核"}
	for _, c := range []store.Change{
		{Code: "32", Year: 2017, Raw: "56"}, {Code: "33", Year: 2017, Raw: "82"}, {Code: "36", Year: 2015, Raw: "80.5"},
	} {
		c.Provenance = src
		if _, err := s.SetValue(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	for _, code := range []string{"10.1", "10.2"} {
		if err := s.SetTarget(code, ">=0", "创建办", "省厅确定（测试）"); err != nil {
			t.Fatal(err)
		}
	}
	a, err := assess.Load(s)
	if err != nil {
		t.Fatal(err)
	}
	if v := a.Eval.Verdict; v.Binding.NotMet+v.Binding.Missing+v.Binding.Pending+v.Reference.NotMet+v.Reference.Missing+v.Reference.Pending != 0 || a.MissingCount() != 0 {
		t.Fatalf("the changed demo still has open indicators: %+v, %d missing", v, a.MissingCount())
	}
	d := &narrative.Data{A: a}
	expand := func(key string) string {
		src, ok := templates.Default(key)
		if !ok {
			t.Fatalf("no template %s", key)
		}
		text, err := narrative.Expand(key, src, d)
		if err != nil {
			t.Fatal(err)
		}
		return strings.Join(narrative.Paragraphs(text), "\n")
	}
	problems := expand("存在问题与下一步工作")
	for _, want := range []string{"一是达标成果有待巩固。2017年没有未达标的指标", "二是佐证材料有待完善。考核年度数据已全部报送", "三是各项指标目标值均已明确"} {
		if !strings.Contains(problems, want) {
			t.Errorf("存在问题 lacks %q:\n%s", want, problems)
		}
	}
	conclusion := expand("结论")
	if !strings.Contains(conclusion, "总体结论为：达到创建要求。\n") && !strings.HasSuffix(strings.Split(conclusion, "\n")[0], "总体结论为：达到创建要求。") {
		t.Errorf("结论 does not end its first paragraph with the verdict:\n%s", conclusion)
	}
	if !strings.Contains(conclusion, "海陵区将巩固创建成果") || strings.Contains(conclusion, "对尚未达标") {
		t.Errorf("结论 of a project with every indicator met still speaks of indicators not met:\n%s", conclusion)
	}
	for _, text := range []string{problems, conclusion} {
		for _, bad := range []string{"为无", "涉及无", "，无尚未", "仍有0项"} {
			if strings.Contains(text, bad) {
				t.Errorf("template reads %q:\n%s", bad, text)
			}
		}
	}
}

// TestRequirementTableNotSplit: an indicator's 指标要求 table (five rows for
// a veto indicator) never breaks across pages: the original demo left
// 牵头单位 and 否决项 of indicator 16 alone under a repeated header on the
// next page. The tables here land at every height of the page.
func TestRequirementTableNotSplit(t *testing.T) {
	bd, err := newBuilder(openDemo(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	doc := bd.newDoc("测试", "测试", "测试", layout.PageSetup{Numbers: layout.NumberOfTotal})
	const n = 40
	for i := 0; i < n; i++ {
		doc.Add(layout.P(strings.Repeat("文字", 5+(i*17)%60)))
		doc.Add(keyValueTable(fmt.Sprintf("指标 测%d", i), [][2]string{
			{"所属领域", fmt.Sprintf("首行%d", i)}, {"所属任务", "任务"}, {"计量单位", "—"}, {"目标值", "未发生"},
			{"指标属性", "约束性指标"}, {"适用地区", "—"}, {"牵头单位", "海陵环保局"}, {"配合单位", "区安监局"},
			{"否决项", fmt.Sprintf("末行%d", i)},
		}))
	}
	var buf bytes.Buffer
	if _, err := doc.Write(&buf); err != nil {
		t.Fatal(err)
	}
	pageOf := map[string]int{}
	pages := bboxPages(t, buf.Bytes())
	for pi, p := range pages {
		for _, l := range p.lines {
			for _, w := range l.words {
				pageOf[w.text] = pi + 1
			}
		}
	}
	if len(pages) < 5 {
		t.Fatalf("%d pages: the tables do not reach the foot of a page", len(pages))
	}
	for i := 0; i < n; i++ {
		first, last := pageOf[fmt.Sprintf("首行%d", i)], pageOf[fmt.Sprintf("末行%d", i)]
		if first == 0 || first != last {
			t.Errorf("table %d: first row on page %d, last row on page %d", i, first, last)
		}
	}
}

// TestPendingTextWording: a text the office sent back (需补充) is listed as
// not yet accepted, not as "待审" next to "当前状态：需补充".
func TestPendingTextWording(t *testing.T) {
	r, _ := demoPackage(t)
	text := squash(withoutWatermark(pdfText(t, file(t, r, "01_技术报告.pdf").Data(), false)))
	for _, want := range []string{"指标10的主要成效尚未审核通过（地表水环境质量，当前状态：需补充）", "指标27的主要措施尚未审核通过（城镇污水处理率，当前状态：待审）"} {
		if !strings.Contains(text, want) {
			t.Errorf("技术报告 lacks %q", want)
		}
	}
	if strings.Contains(text, "待审（地表水环境质量，当前状态：需补充）") {
		t.Error("技术报告 calls a text sent back for more 待审")
	}
}

// TestSubIndicatorTableByYear: the completion table of an indicator with
// sub-indicators runs year by year, each year's 综合 row after its
// sub-indicators' rows and before the next year's (not the three 综合 rows
// after 2017).
func TestSubIndicatorTableByYear(t *testing.T) {
	r, _ := demoPackage(t)
	lines := strings.Split(withoutWatermark(pdfText(t, file(t, r, "01_技术报告.pdf").Data(), true)), "\n")
	from, to := -1, -1
	for i, l := range lines {
		if from < 0 && strings.Contains(l, "指标9 环境空气质量完成情况") {
			from = i
		}
		if from >= 0 && strings.Contains(l, "指标9.1 环境空气质量·") {
			to = i
			break
		}
	}
	if from < 0 || to < 0 {
		t.Fatal("no table of indicator 9")
	}
	first := func(re string) int {
		rx := regexp.MustCompile(re)
		for i := from; i < to; i++ {
			if rx.MatchString(lines[i]) {
				return i
			}
		}
		t.Fatalf("table of indicator 9 has no line %s", re)
		return -1
	}
	for _, c := range []struct{ year, next string }{{"2015", "2016"}, {"2016", "2017"}} {
		if total, next := first(`^\s*`+c.year+`年\s+综合`), first(`^\s*`+c.next+`年`); total > next {
			t.Errorf("the 综合 row of %s comes after the rows of %s", c.year, c.next)
		}
	}
	if total, last := first(`^\s*2017年\s+综合`), first(`^\s*2017年`); total < last {
		t.Error("the 综合 row of 2017 comes before its sub-indicators")
	}
}
