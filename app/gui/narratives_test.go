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

// TestNarrativeListRows: a line of the list names which text stands how,
// with full-width punctuation (no "[合格/合格]").
func TestNarrativeListRows(t *testing.T) {
	u := newTestUI(t)
	u.ShowScreen("narratives")
	s := u.shell.built["narratives"].(*narrativesScreen)
	cases := []struct{ code, want string }{
		{"1", "1 生态文明建设规划（措施合格，成效合格）"},
		{"7", "7 固定源排污许可证核发（措施待审，成效待审）"},
		{"11", "11 生态环境状况指数（EI）（措施合格，成效合格）"},
		{"20", "20 空间规划（措施未填，成效未填）"},
		{"36", "36 公众对生态文明知识知晓度（措施合格，成效未填）"},
	}
	for _, c := range cases {
		ind, _ := u.proj.Assessment().Catalog.Indicator(c.code)
		if got := s.rowText(ind); got != c.want {
			t.Errorf("the list's line for %s = %q, want %q", c.code, got, c.want)
		}
	}
}

// TestNarrativeHeadings: the title and the state line have no half-width
// space between Chinese words.
func TestNarrativeHeadings(t *testing.T) {
	u := newTestUI(t)
	u.ShowScreen("narratives")
	s := u.shell.built["narratives"].(*narrativesScreen)
	s.show("1")
	if want := "1 生态文明建设规划（牵头单位：海陵环保局、区政府办）"; s.title.Text != want {
		t.Errorf("title = %q, want %q", s.title.Text, want)
	}
	if want := "状态：合格；最近修改：示例数据，"; !strings.HasPrefix(s.state.Text, want) {
		t.Errorf("state = %q, want it to start with %q", s.state.Text, want)
	}
}
