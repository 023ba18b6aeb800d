package gui

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"ecoreport/app/evidence"
	"ecoreport/report/pkg"
)

// squashSpace drops white space, as pdftotext breaks lines where the PDF
// wraps them.
func squashSpace(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// TestEvidenceCountsAgree: on the demo with its evidence, the 佐证材料
// screen, the overview, the 报告 screen, check --json (evidence_missing),
// manifest.json and 00_材料清单 all count the same evidence cells as
// missing: evidence.Summarise is the one definition.
func TestEvidenceCountsAgree(t *testing.T) {
	u := newTestUI(t)
	if err := evidence.SeedDemo(u.proj.Store); err != nil {
		t.Fatal(err)
	}
	if err := u.proj.Reload(); err != nil {
		t.Fatal(err)
	}
	u.changed()
	sum, err := evidence.Completeness(u.proj.Store)
	if err != nil {
		t.Fatal(err)
	}
	want := sum.Total - sum.Complete
	if want == 0 || want == sum.Total {
		t.Fatalf("demo evidence: %d of %d cells missing; the test needs some of each", want, sum.Total)
	}

	// check --json prints the assessment's JSON.
	b, err := json.Marshal(u.proj.Assessment().JSON())
	if err != nil {
		t.Fatal(err)
	}
	var check struct {
		Readiness struct {
			EvidenceMissing int `json:"evidence_missing"`
		} `json:"readiness"`
	}
	if err := json.Unmarshal(b, &check); err != nil {
		t.Fatal(err)
	}
	if check.Readiness.EvidenceMissing != want {
		t.Errorf("check --json evidence_missing = %d, want %d", check.Readiness.EvidenceMissing, want)
	}

	if ov := overviewText(t, u); !strings.Contains(ov, fmt.Sprintf("缺合格佐证材料的指标年度 %d 个", want)) {
		t.Errorf("the overview does not say %d evidence cells are missing", want)
	}
	u.ShowScreen("evidence")
	ev := u.shell.built["evidence"].(*evidenceScreen)
	if got := ev.summary.Text; !strings.Contains(got, fmt.Sprintf("%d/%d", sum.Complete, sum.Total)) {
		t.Errorf("佐证材料 screen: %q, want %d/%d", got, sum.Complete, sum.Total)
	}
	u.ShowScreen("reports")
	rs := u.shell.built["reports"].(*reportsScreen)
	label := fmt.Sprintf("缺少合格佐证材料 %d 项", want)
	if !strings.Contains(rs.notReady.Text, label) {
		t.Errorf("报告 screen: %q, want %q", rs.notReady.Text, label)
	}

	out := filepath.Join(t.TempDir(), "报送材料")
	rs.outDir.SetText(out)
	rs.build()
	if rs.result == nil {
		t.Fatalf("no result: %s", rs.status.Text)
	}
	raw, err := os.ReadFile(filepath.Join(out, pkg.ManifestJSON))
	if err != nil {
		t.Fatal(err)
	}
	var m pkg.Manifest
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, is := range m.NotReady {
		if is.Kind == pkg.IssueEvidenceGap {
			n++
		}
	}
	if n != want || !strings.Contains(m.Summary, label) {
		t.Errorf("manifest.json: %d evidence gaps, summary %q; want %d", n, m.Summary, want)
	}
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext (poppler-utils) not installed: 00_材料清单 not read")
	}
	text, err := exec.Command(bin, "-enc", "UTF-8", filepath.Join(out, pkg.ManifestPDF), "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	if !strings.Contains(squashSpace(string(text)), squashSpace(label)) {
		t.Errorf("%s does not say %q", pkg.ManifestPDF, label)
	}
}
