package sheets

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"ecoreport/app/demo"
)

// TestFeedbackMissingEvidenceAgreesWithCheck: the 问题反馈单 asks for
// evidence exactly where check --json counts it missing (evidence.Summarise:
// no accepted item), on the demo with its review states.
func TestFeedbackMissingEvidenceAgreesWithCheck(t *testing.T) {
	s, err := demo.Create(filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	a := load(t, s)
	want := map[string]bool{}
	for _, c := range a.EvidenceCompleteness.Missing {
		want[fmt.Sprint(c.Indicator, "/", c.Year)] = true
	}
	if n := a.JSON().Readiness.EvidenceMissing; n != len(want) || n == 0 {
		t.Fatalf("check --json evidence_missing %d, summary lists %d cells", n, len(want))
	}
	got := map[string]bool{}
	for _, fb := range BuildFeedback(a, nil) {
		for _, it := range fb.Items {
			if it.Kind != KindMissingEvidence {
				continue
			}
			k := fmt.Sprint(it.Indicator, "/", it.Year)
			if !want[k] {
				t.Errorf("%s asks for evidence of %s, which check counts complete", fb.OrgName, k)
			}
			got[k] = true
		}
	}
	for k := range want {
		if !got[k] {
			t.Errorf("check counts evidence of %s missing; no 问题反馈单 asks for it", k)
		}
	}
}

// TestFeedbackWording: the items of the 问题反馈单 read as Chinese text: no
// half-width space between two Chinese words, no 「」 in our own requests,
// and the deadline's date range with a dash.
func TestFeedbackWording(t *testing.T) {
	s, err := demo.Create(filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	a := load(t, s)
	gap := regexp.MustCompile(`\p{Han} +\p{Han}`)
	n := 0
	for _, fb := range BuildFeedback(a, nil) {
		if strings.Contains(fb.Deadline, "-") {
			t.Errorf("%s: deadline %q", fb.OrgName, fb.Deadline)
		}
		for _, it := range fb.Items {
			n++
			for _, text := range []string{it.Problem, it.Request} {
				if m := gap.FindString(text); m != "" || strings.ContainsAny(text, "「」") {
					t.Errorf("%s item %d: %q", fb.OrgName, it.Seq, text)
				}
			}
		}
	}
	if n == 0 {
		t.Fatal("no feedback items in the demo")
	}
}
