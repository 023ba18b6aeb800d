package sheets

import (
	"fmt"
	"path/filepath"
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
