package evidence_test

import (
	"bytes"
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"ecoreport/app/evidence"
	"ecoreport/app/store"
)

func TestSeedDemo(t *testing.T) {
	s, err := store.CreateDemo(filepath.Join(t.TempDir(), "示例.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	must(t, evidence.SeedDemo(s))
	must(t, evidence.SeedDemo(s)) // a second call does nothing

	sum, err := evidence.Completeness(s)
	if err != nil {
		t.Fatal(err)
	}
	st := sum.States
	total := st[evidence.StateAccepted] + st[evidence.StateNeedsMore] + st[evidence.StateRevised] + st[evidence.StatePending]
	if st[evidence.StateNeedsMore] != 4 || st[evidence.StateRevised] != 1 || st[evidence.StatePending] != 2 || st[evidence.StateAccepted] != total-7 {
		t.Fatalf("demo states %v", st)
	}
	t.Logf("demo: %d items %v, completeness %d/%d (%.0f%%)", total, st, sum.Complete, sum.Total, sum.Share*100)

	items, _ := evidence.List(s, evidence.Filter{})
	files := 0
	for _, it := range items {
		for _, a := range it.Attachments {
			files++
			data, err := evidence.Bytes(s, a.SHA256)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := evidence.Sniff(a.Name, data); err != nil {
				t.Fatal(err)
			}
		}
	}
	if files != 5 {
		t.Fatalf("%d sample files", files)
	}
	fb, _ := evidence.FeedbackByOrg(s)
	if len(fb) == 0 {
		t.Fatal("no feedback in the demo")
	}
	rows, err := evidence.MilestoneStatus(s, day("2018-05-20"))
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, r := range rows {
		if r.Milestone == "evidence-submit" {
			counts[string(r.State)]++
		}
		if r.Overdue {
			counts["overdue"]++
		}
		if r.Late {
			counts["late"]++
		}
	}
	if counts["accepted"] != 3 || counts["returned"] != 2 || counts["submitted"] != 4 || counts["late"] != 1 || counts["overdue"] == 0 {
		t.Fatalf("demo milestones %v", counts)
	}
}

// TestSamplePDF checks the hand-written PDF's cross-reference table: every
// offset points at its object.
func TestSamplePDF(t *testing.T) {
	b := evidence.SamplePDF("Title (with parentheses)", "sub")
	if !bytes.Equal(b, evidence.SamplePDF("Title (with parentheses)", "sub")) {
		t.Fatal("not reproducible")
	}
	m := regexp.MustCompile(`startxref\n(\d+)\n%%EOF\n$`).FindSubmatch(b)
	if m == nil {
		t.Fatal("no startxref")
	}
	xref, _ := strconv.Atoi(string(m[1]))
	if !bytes.HasPrefix(b[xref:], []byte("xref\n0 6\n")) {
		t.Fatalf("startxref %d does not point at the table", xref)
	}
	offs := regexp.MustCompile(`(\d{10}) 00000 n`).FindAllSubmatch(b[xref:], -1)
	if len(offs) != 5 {
		t.Fatalf("%d entries", len(offs))
	}
	for i, o := range offs {
		n, _ := strconv.Atoi(string(o[1]))
		if !bytes.HasPrefix(b[n:], []byte(fmt.Sprintf("%d 0 obj", i+1))) {
			t.Errorf("object %d not at %d", i+1, n)
		}
	}
}
