package evidence_test

import (
	"fmt"
	"testing"

	"ecoreport/app/evidence"
)

// BenchmarkAdd2000 adds 2,000 items, each with a small PDF of its own (so
// 2,000 stored files), in batches of 100, then computes the completeness.
func BenchmarkAdd2000(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		s := newProject(b)
		cat, _ := s.Catalog()
		leaves := cat.Leaves()
		b.StartTimer()
		for batch := 0; batch < 20; batch++ {
			drafts := make([]evidence.Draft, 100)
			for i := range drafts {
				n := batch*100 + i
				d := draft(leaves[n%len(leaves)].Code, 2015+n%3, fmt.Sprintf("佐证材料 %d", n))
				d.Files = []evidence.File{{Name: fmt.Sprintf("材料%d.pdf", n), Data: evidence.SamplePDF(fmt.Sprintf("item %d", n), "bench")}}
				drafts[i] = d
			}
			if _, err := evidence.AddAll(s, drafts, "bench"); err != nil {
				b.Fatal(err)
			}
		}
		sum, err := evidence.Completeness(s)
		if err != nil {
			b.Fatal(err)
		}
		if sum.States[evidence.StatePending] != 2000 {
			b.Fatalf("states %v", sum.States)
		}
	}
}

// BenchmarkCompleteness2000 computes the completeness of a ledger of 2,000
// items with attachments.
func BenchmarkCompleteness2000(b *testing.B) {
	s := newProject(b)
	cat, _ := s.Catalog()
	leaves := cat.Leaves()
	drafts := make([]evidence.Draft, 2000)
	for n := range drafts {
		d := draft(leaves[n%len(leaves)].Code, 2015+n%3, fmt.Sprintf("佐证材料 %d", n))
		d.Files = []evidence.File{{Name: "a.pdf", Data: evidence.SamplePDF(fmt.Sprint(n), "")}}
		drafts[n] = d
	}
	ids, err := evidence.AddAll(s, drafts, "bench")
	if err != nil {
		b.Fatal(err)
	}
	for _, id := range ids[:1500] {
		if err := evidence.Review(s, id, evidence.StateAccepted, "", "审"); err != nil {
			b.Fatal(err)
		}
	}
	for b.Loop() {
		if _, err := evidence.Completeness(s); err != nil {
			b.Fatal(err)
		}
	}
}
