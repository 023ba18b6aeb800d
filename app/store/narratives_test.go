package store_test

import (
	"context"
	"strings"
	"testing"

	"ecoreport/app/store"
)

// TestNarrativeReviewCycle: a text is 待审 when written, 需补充 after review,
// 已整改 when rewritten, 合格 when accepted; every version stays in the
// history with its author and origin; an over-long text is refused.
func TestNarrativeReviewCycle(t *testing.T) {
	s, _ := newProject(t)
	ctx := context.Background()
	key := store.NarrativeKey{Code: "27", Field: store.Measures}
	state := func() store.NarrativeState {
		t.Helper()
		ns, err := s.Narratives()
		if err != nil {
			t.Fatal(err)
		}
		return ns[key].State
	}
	write := func(text string) {
		t.Helper()
		if err := s.SetNarrative(ctx, store.Narrative{Code: "27", Field: store.Measures, Text: text,
			Provenance: store.Provenance{Actor: "住建局 王", Origin: "cli", Org: "housing"}}); err != nil {
			t.Fatal(err)
		}
	}
	write("完善污水收集管网。")
	if got := state(); got != store.NarrativePending {
		t.Fatalf("new text: %s, want 待审", got.Label())
	}
	if err := s.ReviewNarrative("27", store.Measures, store.NarrativeNeedsMore, "", "创建办"); err == nil {
		t.Error("需补充 without feedback accepted")
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(s.ReviewNarrative("27", store.Measures, store.NarrativeNeedsMore, "请补充污水处理厂提标改造情况", "创建办"))
	if got := state(); got != store.NarrativeNeedsMore {
		t.Fatalf("after review: %s", got.Label())
	}
	write("完善污水收集管网，完成城区污水处理厂提标改造。")
	if got := state(); got != store.NarrativeRevised {
		t.Fatalf("rewritten after 需补充: %s, want 已整改", got.Label())
	}
	must(s.ReviewNarrative("27", store.Measures, store.NarrativeAccepted, "", "创建办"))
	if got := state(); got != store.NarrativeAccepted {
		t.Fatalf("accepted: %s", got.Label())
	}
	write("完善污水收集管网，完成城区污水处理厂提标改造。") // the same text: no new version
	h, err := s.NarrativeHistory("27", store.Measures)
	if err != nil {
		t.Fatal(err)
	}
	if len(h) != 2 || h[0].Actor != "住建局 王" || h[1].Origin != "cli" || !strings.Contains(h[1].Text, "提标改造") {
		t.Errorf("history %+v", h)
	}
	if got := state(); got != store.NarrativeAccepted {
		t.Errorf("the same text again changed the state to %s", got.Label())
	}
	long := strings.Repeat("措", store.MaxNarrativeChars+1)
	err = s.SetNarrative(ctx, store.Narrative{Code: "27", Field: store.Results, Text: long, Provenance: store.Provenance{Actor: "x", Origin: "cli"}})
	if err == nil || !strings.Contains(err.Error(), "超过上限") {
		t.Errorf("over-long text: %v", err)
	}
	if err := s.SetNarrative(ctx, store.Narrative{Code: "99", Field: store.Results, Text: "x"}); err == nil {
		t.Error("unknown indicator accepted")
	}
}
