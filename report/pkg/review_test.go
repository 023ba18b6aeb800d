package pkg

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"strings"
	"testing"
)

// This file holds checks found by reading the demo package as the
// provincial reviewer does: the same fact must read the same in every place
// of the package.

// tableCell returns the text of the body cell of the table with the given
// caption (on its first page) in the row whose 序号 is key and in the column
// between the header words after and before (the neighbouring columns'
// titles). Rows are told apart by the 序号 column, which is centred
// vertically in its row.
func tableCell(t *testing.T, pages []rpage, caption, key, after, before string) string {
	t.Helper()
	for _, p := range pages {
		var capY float64 = -1
		for _, l := range p.lines {
			if strings.HasSuffix(l.text, caption) {
				capY = l.y1
				break
			}
		}
		if capY < 0 {
			continue
		}
		var left, right, firstCol float64 = -1, -1, -1
		for _, l := range p.lines {
			if l.y0 < capY {
				continue
			}
			for _, w := range l.words {
				switch {
				case w.text == "序号" && firstCol < 0:
					firstCol = w.x1 + 2
				case w.text == after && left < 0:
					left = w.x1 + 2
				case w.text == before && right < 0 && left >= 0:
					right = w.x0 - 2
				}
			}
		}
		if left < 0 || right < 0 || firstCol < 0 {
			t.Fatalf("table %q: header %q/%q not found", caption, after, before)
		}
		// The 序号 words of the body, top to bottom.
		var keys []word
		for _, l := range p.lines {
			if l.y0 <= capY {
				continue
			}
			if w := l.words[0]; w.x1 <= firstCol+4 {
				keys = append(keys, w)
			}
		}
		for i, k := range keys {
			if k.text != key {
				continue
			}
			bottom := p.h
			if i+1 < len(keys) {
				bottom = (k.y1 + keys[i+1].y0) / 2
			}
			// The 序号 stands in the middle of its cell: the cell reaches as
			// far above it as below (and not into the row above, nor a
			// group row such as a domain's name).
			top := k.y0 - (bottom - k.y1)
			if i > 0 {
				top = math.Max(top, (keys[i-1].y1+k.y0)/2)
			}
			var b strings.Builder
			for _, l := range p.lines {
				mid := (l.y0 + l.y1) / 2
				if mid < top || mid > bottom {
					continue
				}
				for _, w := range l.words {
					if c := (w.x0 + w.x1) / 2; c > left && c < right {
						b.WriteString(w.text)
					}
				}
			}
			return b.String()
		}
	}
	t.Fatalf("no row %q in table %q", key, caption)
	return ""
}

// TestPendingLeadNamedAlike: while the office has not ruled which annex's
// lead organisation applies (indicator 1 of the demo: 附件1 区政府办,
// 附件2 海陵环保局), the 技术报告's summary table names the same candidates as
// the indicator's section and the matrix (◎), not silently 附件2's; and the
// appendix of findings says so instead of "正文暂列附件2…的口径".
func TestPendingLeadNamedAlike(t *testing.T) {
	r, a := demoPackage(t)
	ind, ok := a.Catalog.Indicator("1")
	if !ok || !ind.LeadPending() {
		t.Fatal("the demo's indicator 1 no longer has a pending lead; the test needs one")
	}
	want := a.Catalog.OrgNames(ind.Candidates) + "（待裁定）"
	if want != "区政府办、海陵环保局（待裁定）" {
		t.Fatalf("candidates of indicator 1: %s", want)
	}
	data := file(t, r, "01_技术报告.pdf").Data()
	if got := tableCell(t, bboxPages(t, data), "指标达标情况汇总", "1", "属性", "数值"); got != want {
		t.Errorf("summary table, indicator 1, 牵头单位: %q, want %q", got, want)
	}
	text := squash(withoutWatermark(pdfText(t, data, false)))
	if sec := section(t, text, "1", "生态文明建设规划", "指标2"); !strings.Contains(sec, want) {
		t.Errorf("section of indicator 1 lacks %q", want)
	}
	app := text[strings.LastIndex(text, "附录五"+rulingsTitle):]
	row := app[:strings.Index(app, "指标7")]
	if !strings.Contains(row, "未裁定（正文并列各附件所列牵头单位，注明待裁定）") || strings.Contains(row, "正文暂列") {
		t.Errorf("appendix row of indicator 1's lead does not say the body names both candidates:\n%s", row)
	}
}

// TestConditionEvidenceFindable: the 基本条件 table of the 技术报告 cites
// each evidence item by the number under which the evidence catalog (06 and
// 附录四) lists it within its indicator, "（指标16 材料1）", so that a reader
// finds it there and in the binder; not by the database id, which no
// document prints.
func TestConditionEvidenceFindable(t *testing.T) {
	r, a := demoPackage(t)
	items := map[int64]int{}
	for i, e := range a.Evidence {
		items[e.ID] = i
	}
	type cite struct {
		code, title string
		year, no    int
	}
	var cites []cite
	for _, c := range a.Conditions {
		for _, id := range c.Evidence {
			i, ok := items[id]
			if !ok {
				continue
			}
			e := a.Evidence[i]
			code := topCode(e.Indicator)
			// Its number: the items of its indicator in an earlier year, or
			// of its year and earlier in the store's order, come first.
			no := 1
			for j, o := range a.Evidence {
				if topCode(o.Indicator) == code && (o.Year < e.Year || o.Year == e.Year && j < i) {
					no++
				}
			}
			cites = append(cites, cite{code, e.Title, e.Year, no})
		}
	}
	if len(cites) < 3 {
		t.Fatalf("the demo's conditions cite %d evidence items, want some", len(cites))
	}
	technical := squash(withoutWatermark(pdfText(t, file(t, r, "01_技术报告.pdf").Data(), false)))
	conds := technical[strings.Index(technical, "三、基本条件对照"):strings.Index(technical, "四、区域概况（一）")]
	if n := len(regexp.MustCompile(`（指标[\d.]+材料\d+）`).FindAllString(conds, -1)); n != len(cites) {
		t.Errorf("基本条件 cites %d items by indicator and number, want %d:\n%s", n, len(cites), conds)
	}
	if bare := regexp.MustCompile(`（材料\d+）`).FindAllString(conds, -1); len(bare) > 0 {
		t.Errorf("基本条件 cites items by a bare number no catalog prints: %v", bare)
	}
	catalog := strings.Split(withoutWatermark(pdfText(t, file(t, r, "06_佐证材料目录.pdf").Data(), true)), "\n")
	for _, c := range cites {
		if want := normal(fmt.Sprintf("%s（指标%s 材料%d）", c.title, c.code, c.no)); !strings.Contains(conds, want) {
			t.Errorf("基本条件 lacks %q", want)
		}
		// In 06: the group row of the indicator, then the row numbered
		// c.no with its year and title (which may wrap around the number).
		ind, _ := a.Catalog.Indicator(c.code)
		start := -1
		for i, l := range catalog {
			if strings.Contains(strings.ReplaceAll(normal(l), "　", ""), normal(c.code+ind.Name+"（")) {
				start = i
				break
			}
		}
		if start < 0 {
			t.Errorf("06_佐证材料目录 has no part for indicator %s", c.code)
			continue
		}
		rowRE := regexp.MustCompile(fmt.Sprintf(`^\s*%d\s+%d年`, c.no, c.year))
		found := false
		for i := start + 1; i < len(catalog) && !strings.Contains(catalog[i], "份，"); i++ {
			if rowRE.MatchString(catalog[i]) {
				around := squash(strings.Join(catalog[max(i-2, 0):min(i+3, len(catalog))], ""))
				found = strings.Contains(normal(around), normal(string([]rune(c.title)[:6])))
				break
			}
		}
		if !found {
			t.Errorf("06_佐证材料目录: indicator %s has no row %d of %d titled %q", c.code, c.no, c.year, c.title)
		}
	}
}

// hanSpaceRE finds a half-width space between two Chinese characters (or
// after a closing quote): Chinese text has no spaces between words.
var hanSpaceRE = regexp.MustCompile(`[\p{Han}”」] +[\p{Han}“「]`)

// TestNotReadyWording: the items not ready for submission, as 00_材料清单 and
// the 技术报告 (尚待完善的事项) list them, and the appendix of findings put no
// space between Chinese words ("2017年 缺数据，牵头单位 城管分局" read as
// typing slips).
func TestNotReadyWording(t *testing.T) {
	r, a := demoPackage(t)
	kinds := map[string]bool{}
	for _, is := range NotReady(a) {
		kinds[is.Kind] = true
		if m := hanSpaceRE.FindString(is.Detail); m != "" {
			t.Errorf("%s: %q has a space between Chinese words (%q)", is.Label, is.Detail, m)
		}
	}
	for _, k := range []string{IssueDisagreement, IssueMissingValue, IssueEvidenceGap} {
		if !kinds[k] {
			t.Errorf("the demo has no item of kind %s; the test needs one", k)
		}
	}
	text := withoutWatermark(pdfText(t, file(t, r, "01_技术报告.pdf").Data(), false))
	start := strings.LastIndex(text, "尚待完善的事项")
	end := strings.LastIndex(text, "十、结论")
	if start < 0 || end < start {
		t.Fatal("技术报告 has no section 尚待完善的事项 before 十、结论")
	}
	// The appendix of findings (事项 and 各处表述 columns) too: one cell
	// per line, so a space inside a line is inside a cell.
	app := strings.ReplaceAll(text[strings.LastIndex(text, rulingsTitle):], "\n", "")
	for _, want := range []string{"”牵头单位", "（即海陵环保局）"} {
		if !strings.Contains(app, want) {
			t.Errorf("附录五 lacks %q", want)
		}
	}
	for _, line := range strings.Split(text[start:end], "\n") {
		if furnitureRE.MatchString(squash(line)) {
			continue // 第 1 页 共 6 页: spaced on purpose
		}
		if m := hanSpaceRE.FindString(line); m != "" {
			t.Errorf("技术报告, 尚待完善的事项: %q has a space between Chinese words", line)
		}
	}
}

// TestWorkReportResultsSayOnce: 三、主要成效 of the 创建工作报告 states each
// fact once: the template's own sentence and the indicator's collected text
// ({{指标成效 N}}) do not both say that the red line is drawn and kept, nor
// give the satisfaction twice; the satisfaction of every assessed year comes
// from the data.
func TestWorkReportResultsSayOnce(t *testing.T) {
	r, a := demoPackage(t)
	work := squash(withoutWatermark(pdfText(t, file(t, r, "02_创建工作报告.pdf").Data(), false)))
	start, end := strings.Index(work, "三、主要成效"), strings.Index(work, "四、经验体会")
	if start < 0 || end < start {
		t.Fatal("创建工作报告 lacks 三、主要成效 before 四、经验体会")
	}
	results := work[start:end]
	for _, phrase := range []string{"生态保护红线划定并严格遵守", "公众对生态文明建设的满意度", "耕地红线"} {
		if n := strings.Count(results, phrase); n != 1 {
			t.Errorf("三、主要成效 says %q %d times, want once:\n%s", phrase, n, results)
		}
	}
	ind, _ := a.Catalog.Indicator("37")
	var vals []string
	for _, y := range a.Settings.AssessedYears {
		v, ok := a.Values.Get("37", y)
		if !ok {
			t.Fatalf("the demo has no value of indicator 37 in %d", y)
		}
		vals = append(vals, v.Format(ind.MeasureUnit, ind.Decimals))
	}
	if want := "公众对生态文明建设的满意度分别为" + strings.Join(vals, "、"); !strings.Contains(results, want) {
		t.Errorf("三、主要成效 lacks %q", want)
	}
}

// coverDateRE finds a cover's date: 2018年5月 or 二〇一八年五月.
var coverDateRE = regexp.MustCompile(`(?m)^\s*([0-9〇一二三四五六七八九]{4}年[0-9一二三四五六七八九十]{1,2}月)\s*$`)

// TestCoverDatesAgree: the covers of the 技术报告 and the 佐证材料汇编 date
// the package alike, in Arabic numerals as every other date of the package
// (the work report's 2018年5月31日, GB/T 9704-2012 7.3.5.1).
func TestCoverDatesAgree(t *testing.T) {
	r, _ := demoPackage(t)
	want := fmt.Sprintf("%d年%d月", r.Snapshot.LatestChange.Year(), int(r.Snapshot.LatestChange.Month()))
	for _, name := range []string{"01_技术报告.pdf", "07_佐证材料汇编.pdf"} {
		cover := strings.Split(withoutWatermark(pdfText(t, file(t, r, name).Data(), false)), "\f")[0]
		m := coverDateRE.FindStringSubmatch(cover)
		if m == nil {
			t.Errorf("%s: no date on the cover:\n%s", name, cover)
			continue
		}
		if m[1] != want {
			t.Errorf("%s: cover dated %q, want %q", name, m[1], want)
		}
	}
}

// TestIndicatorChapterIntro: the introduction of 七、指标完成情况 names every
// part an indicator's section has (主要成效 too) and writes its count as the
// other chapters do ("37项", no spaces in Chinese text).
func TestIndicatorChapterIntro(t *testing.T) {
	r, a := demoPackage(t)
	text := withoutWatermark(pdfText(t, file(t, r, "01_技术报告.pdf").Data(), false))
	want := fmt.Sprintf("本章按领域逐项说明%d项指标的要求、", len(a.Catalog.Indicators))
	flat := strings.ReplaceAll(text, "\n", "")
	if !strings.Contains(flat, want) {
		t.Errorf("技术报告 lacks %q", want)
	}
	if !strings.Contains(flat, "完成情况、主要措施、主要成效和数据来源。") {
		t.Error("the introduction of 指标完成情况 does not name 主要成效")
	}
}

// TestManifestDetailsPunctuated: the not-ready details in manifest.json
// read as in the documents: no ASCII , : ; ( ) next to Chinese and no 「」
// (the plan's own marks in names such as "生态环境状况指数(EI)").
func TestManifestDetailsPunctuated(t *testing.T) {
	r, _ := demoPackage(t)
	var m Manifest
	if err := json.Unmarshal(file(t, r, ManifestJSON).Data(), &m); err != nil {
		t.Fatal(err)
	}
	halfWidth := regexp.MustCompile(`\p{Han}[,:;()]|[,:;()]\p{Han}|[「」]`)
	if len(m.NotReady) == 0 {
		t.Fatal("the demo package is ready: the test tests nothing")
	}
	for _, is := range m.NotReady {
		if bad := halfWidth.FindString(is.Detail); bad != "" {
			t.Errorf("not-ready detail with %q: %s", bad, is.Detail)
		}
	}
}

// TestUndecidedVerdictExplained: where the work report and the technical
// report's overview say 总体结论为：暂无法判定, the next sentences say why
// (the target still pending, the data still missing).
func TestUndecidedVerdictExplained(t *testing.T) {
	r, _ := demoPackage(t)
	for _, name := range []string{"02_创建工作报告.pdf", "01_技术报告.pdf"} {
		text := strings.Join(strings.Fields(pdfText(t, file(t, r, name).Data(), false)), "")
		if !strings.Contains(text, "总体结论为：暂无法判定。地表水环境质量的目标值尚待省级部门确定。") {
			t.Errorf("%s does not say why the verdict is undecided", name)
		}
	}
}

// TestReadyChecklistWithoutHints: the checklist (00) of a package ready to
// submit carries no hints meant for the office, such as a substitute font;
// one not ready lists them with what is to be done.
func TestReadyChecklistWithoutHints(t *testing.T) {
	s := openDemo(t)
	b, err := newBuilder(s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	hint := "正文未使用仿宋字体（以 gbsn00lp.ttf 代替）"
	for _, tc := range []struct {
		issues []Issue
		want   bool
	}{
		{nil, false},
		{[]Issue{{Kind: IssueMissingValue, Label: "缺少考核年度数据", Detail: "指标 32 2017年缺数据"}}, true},
	} {
		f, err := b.manifestPDF(nil, tc.issues, []string{hint})
		if err != nil {
			t.Fatal(err)
		}
		text := strings.Join(strings.Fields(pdfText(t, f.Data(), false)), "")
		if got := strings.Contains(text, "正文未使用仿宋字体"); got != tc.want {
			t.Errorf("%d issues: hint printed %v, want %v", len(tc.issues), got, tc.want)
		}
	}
}
