package pkg

import (
	"regexp"
	"testing"
)

// TestSummaryTableCodes: in the technical report's summary table (指标达标
// 情况汇总) a sub-indicator's code stands once, in the 序号 column, left of
// its name ("13.2  外来物种入侵", not "13.2 13.2 外来物种入侵").
func TestSummaryTableCodes(t *testing.T) {
	r, a := demoPackage(t)
	pages := bboxPages(t, file(t, r, "01_技术报告.pdf").Data())
	// The table's pages: the one with its caption and those after it that
	// repeat its header (a continued table).
	var words []word
	nameX := -1.0
	for _, p := range pages {
		var caption, header bool
		var ws []word
		for _, l := range p.lines {
			for _, w := range l.words {
				if w.text == "指标达标情况汇总" { // the caption, after 表N
					caption = true
				}
				if w.text == "指标名称" {
					header = true
					nameX = w.x0
				}
			}
			ws = append(ws, l.words...)
		}
		switch {
		case caption && header:
			words = ws
		case len(words) > 0 && header:
			words = append(words, ws...)
		}
		if len(words) > 0 && !header {
			break
		}
	}
	if len(words) == 0 {
		t.Fatal("no page with the summary table (指标达标情况汇总 and its header 指标名称)")
	}
	subs := 0
	for _, ind := range a.Catalog.All() {
		if !ind.IsSub() {
			continue
		}
		subs++
		var at []word
		for _, w := range words {
			if w.text == ind.Code {
				at = append(at, w)
			}
		}
		if len(at) != 1 {
			t.Errorf("sub-indicator %s printed %d times in the summary table, want once", ind.Code, len(at))
			continue
		}
		if at[0].x1 > nameX {
			t.Errorf("sub-indicator %s stands at x %.0f–%.0f, not in the 序号 column (names start at %.0f)", ind.Code, at[0].x0, at[0].x1, nameX)
		}
	}
	if subs == 0 {
		t.Fatal("the demo catalog has no sub-indicators")
	}
}

// TestManifestCategoriesOneLine: the 类别 column of 00_材料清单's list of
// what is not ready holds every category label on one line.
func TestManifestCategoriesOneLine(t *testing.T) {
	r, _ := demoPackage(t)
	text := withoutWatermark(pdfText(t, file(t, r, ManifestPDF).Data(), true))
	seen := map[string]bool{}
	for _, is := range r.NotReady {
		if seen[is.Label] {
			continue
		}
		seen[is.Label] = true
		if !regexp.MustCompile(`(?m)^\s*\d+\s+` + regexp.QuoteMeta(is.Label) + `\s`).MatchString(text) {
			t.Errorf("category %q is not whole on one line after its number:\n%s", is.Label, text)
		}
	}
	if !seen[issueLabels[IssueDisagreement]] {
		t.Errorf("the demo has no %s issue to check", issueLabels[IssueDisagreement])
	}
}
