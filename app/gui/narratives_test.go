package gui

import (
	"strings"
	"testing"

	"ecoreport/app/store"
)

// TestNarrativeEditAndReview: the screen shows an indicator's text with its
// state, refuses an unresolvable placeholder, previews a right one with the
// data, saves a new version (待审) and records the office's review.
func TestNarrativeEditAndReview(t *testing.T) {
	u := newTestUI(t)
	u.ShowScreen("narratives")
	s := u.shell.built["narratives"].(*narrativesScreen)
	s.show("27")
	if !strings.Contains(s.state.Text, "待审") || !strings.Contains(s.editor.Text, "污水") {
		t.Fatalf("indicator 27: state %q, text %q", s.state.Text, s.editor.Text)
	}
	s.editor.SetText("城镇污水处理率达到{{指标值 99 2017}}。")
	if !s.saveBtn.Disabled() || !strings.Contains(s.check.Text, "指标 99 不存在") {
		t.Errorf("a wrong placeholder: check %q, save disabled %v", s.check.Text, s.saveBtn.Disabled())
	}
	s.editor.SetText("城镇污水处理率达到{{指标值 27 2017}}。")
	if s.saveBtn.Disabled() || !strings.Contains(s.preview.Text, "100.0%") {
		t.Fatalf("a right text: check %q, preview %q", s.check.Text, s.preview.Text)
	}
	s.save()
	ns, _ := u.proj.Store.Narratives()
	n := ns[store.NarrativeKey{Code: "27", Field: store.Measures}]
	if n.Text != "城镇污水处理率达到{{指标值 27 2017}}。" || n.Origin != "gui" || n.State != store.NarrativePending {
		t.Fatalf("saved %+v", n)
	}
	s.review(store.NarrativeNeedsMore) // without feedback: refused
	if ns, _ = u.proj.Store.Narratives(); ns[store.NarrativeKey{Code: "27", Field: store.Measures}].State != store.NarrativePending {
		t.Error("需补充 without feedback was recorded")
	}
	s.feedback.SetText("请写明新建管网长度")
	s.review(store.NarrativeNeedsMore)
	if !strings.Contains(s.state.Text, "需补充") || !strings.Contains(s.state.Text, "新建管网长度") {
		t.Errorf("after review: %q", s.state.Text)
	}
	shot(t, u, "narratives")
}
