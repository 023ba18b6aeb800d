package pkg

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// planFile is the customer's source document (a copy kept with the catalog's
// fidelity tests).
const planFile = "../../app/catalog/testdata/plan.txt"

// widthless normalises what the appendices may change: whitespace and the
// width of punctuation.
var widthless = strings.NewReplacer(",", "，", ";", "；", ":", "：", "(", "（", ")", "）")

func normal(s string) string { return squash(widthless.Replace(s)) }

// annexes returns the lines of 附件1 and of 附件2 as the plan issues them.
func annexes(t *testing.T) (annex1, annex2 []string) {
	t.Helper()
	raw, err := os.ReadFile(planFile)
	if err != nil {
		t.Fatal(err)
	}
	var cur *[]string
	for _, line := range strings.Split(string(raw), "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "附件1":
			cur = &annex1
			continue
		case line == "附件2":
			cur = &annex2
			continue
		case strings.HasPrefix(line, "【关闭本页】"):
			cur = nil
		}
		if cur != nil && line != "" {
			*cur = append(*cur, line)
		}
	}
	if len(annex1) < 40 || len(annex2) < 200 {
		t.Fatalf("annexes not found in %s: %d and %d lines", planFile, len(annex1), len(annex2))
	}
	return annex1, annex2
}

var pageFurnitureRE = regexp.MustCompile(`(?m)^\s*(海陵区创建国家生态文明建设示范区\s*(任务分解书|任务分解表)?|任务分解书|任务分解表|第 \d+ 页 共 \d+ 页)\s*$`)

// appendixText is a standalone appendix's text without page headers,
// footers and the sample watermark, whitespace removed.
func appendixText(t *testing.T, r *Result, name string) string {
	t.Helper()
	text := withoutWatermark(pdfText(t, file(t, r, name).Data(), false))
	return squash(pageFurnitureRE.ReplaceAllString(text, ""))
}

// TestAppendicesAsIssued: 03 任务分解书 reproduces 附件1 paragraph by
// paragraph in order, and 04 任务分解表 prints every cell of 附件2, as the
// plan issued them (punctuation width and whitespace aside), with none of the
// office's rulings applied.
func TestAppendicesAsIssued(t *testing.T) {
	r, _ := demoPackage(t)
	a1, a2 := annexes(t)

	book := appendixText(t, r, "03_任务分解书.pdf")
	pos := 0
	for _, para := range a1 {
		want := normal(para)
		i := strings.Index(book[pos:], want)
		if i < 0 {
			t.Errorf("03_任务分解书 does not continue with 附件1's paragraph:\n%s", para)
			continue
		}
		pos += i + len(want)
	}
	for _, want := range []string{"（牵头单位：区政府办；配合单位：海陵环保局）", "对照《国家生态文明建设示范市、县指标（试行）》，结合我区实际"} {
		if !strings.Contains(book, want) {
			t.Errorf("03_任务分解书 lacks %q", want)
		}
	}

	table := appendixText(t, r, "04_任务分解表.pdf")
	for _, cell := range a2 {
		switch cell {
		case "领域", "任务", "海陵区创建国家生态文明建设示范区工作任务分解表":
			continue
		}
		if !strings.Contains(table, normal(cell)) {
			t.Errorf("04_任务分解表 lacks 附件2's cell %q", cell)
		}
	}
	for _, ruled := range []string{"核发", "目标待定", "≥2%", "≥10%"} {
		if strings.Contains(table, ruled) {
			t.Errorf("04_任务分解表 shows %q, which 附件2 does not print", ruled)
		}
	}
}

// TestTaskTableKeepsSubIndicators: in 任务分解表 every indicator with
// sub-indicators asks the engine to keep its row and its sub-indicators'
// rows on one page.
func TestTaskTableKeepsSubIndicators(t *testing.T) {
	b, err := newBuilder(openDemo(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	tb := b.taskTable("")
	runs := map[string]int{} // first row's 序号 → rows kept together
	for _, run := range tb.KeepTogether {
		runs[tb.Rows[run[0]][0].Text] = run[1] - run[0]
	}
	n := 0
	for i := range b.a.Catalog.Indicators {
		ind := &b.a.Catalog.Indicators[i]
		if len(ind.Subs) == 0 {
			continue
		}
		n++
		if got, want := runs[ind.Code], 1+len(ind.Subs); got != want {
			t.Errorf("indicator %s: %d rows kept together, want %d (itself and its sub-indicators)", ind.Code, got, want)
		}
	}
	if n == 0 || len(runs) != n {
		t.Errorf("%d runs kept together for %d indicators with sub-indicators", len(runs), n)
	}
}
