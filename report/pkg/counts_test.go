package pkg

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"ecoreport/app/eval"
)

// TestDemoNotMetAndConditionsAgree: the demo's indicators not met and its
// prerequisites not met agree between check --json (the assessment's JSON),
// 00_材料清单, 01_技术报告 and 02_创建工作报告, read from the PDFs.
func TestDemoNotMetAndConditionsAgree(t *testing.T) {
	r, a := demoPackage(t)
	j := a.JSON()
	manifest := squash(withoutWatermark(pdfText(t, file(t, r, ManifestPDF).Data(), false)))
	technical := squash(withoutWatermark(pdfText(t, file(t, r, "01_技术报告.pdf").Data(), false)))
	work := squash(withoutWatermark(pdfText(t, file(t, r, "02_创建工作报告.pdf").Data(), false)))

	// Measurable indicators (sub-indicators in place of their parent) not
	// met in an assessed year, from check --json, as the 技术报告 counts them.
	years := j.Project.AssessedYears
	latest := slices.Max(years)
	codes := map[string]bool{}
	indicatorYears := 0
	var latestNames []string
	for _, ind := range j.Indicators {
		leaves := ind.Subs // the measurable ones: a parent's own result sums its subs'
		if len(leaves) == 0 {
			leaves = append(leaves, ind)
		}
		for _, x := range leaves {
			for _, res := range x.Results {
				if res.Status == eval.NotMet && slices.Contains(years, res.Year) {
					codes[ind.Code] = true // sub-indicators count for their indicator
					indicatorYears++
				}
			}
		}
		for _, res := range ind.Results {
			if res.Year == latest && res.Status == eval.NotMet {
				latestNames = append(latestNames, ind.Name)
			}
		}
	}
	if len(codes) == 0 || len(latestNames) == 0 {
		t.Fatalf("the demo has no indicator not met: %d codes, %d in %d", len(codes), len(latestNames), latest)
	}
	if want := fmt.Sprintf("考核年度未达标的指标（%d项指标，共%d个指标年度）", len(codes), indicatorYears); !strings.Contains(technical, want) {
		t.Errorf("技术报告 lacks %q", want)
	}
	if want := fmt.Sprintf("%d年%s尚未达到要求", latest, strings.Join(latestNames, "、")); !strings.Contains(work, want) {
		t.Errorf("创建工作报告 lacks %q", want)
	}

	// Prerequisites: 不满足 blocks (listed as not ready), 待确认 is a hint.
	if n := j.Readiness.ConditionsNotMet; n == 0 {
		t.Fatal("the demo has no prerequisite judged 不满足")
	} else {
		if want := fmt.Sprintf("%s%d项", issueLabels[IssueConditionNotMet], n); !strings.Contains(manifest, want) {
			t.Errorf("材料清单 lacks %q", want)
		}
		if want := fmt.Sprintf("%s（%d项）", issueLabels[IssueConditionNotMet], n); !strings.Contains(technical, want) {
			t.Errorf("技术报告 lacks %q", want)
		}
	}
	hints := strings.Count(manifest, "待确认。")
	if hints != j.Readiness.ConditionsUnconfirmed || hints == 0 {
		t.Errorf("材料清单 shows %d prerequisites 待确认, check --json %d", hints, j.Readiness.ConditionsUnconfirmed)
	}
	for _, c := range a.Conditions {
		if !strings.Contains(technical, squash(c.Title)) {
			t.Errorf("技术报告's 基本条件 table lacks condition %s (%s)", c.Key, c.Title)
		}
	}
}
