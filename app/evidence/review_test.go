package evidence_test

import (
	"strconv"
	"strings"
	"testing"

	"ecoreport/app/evidence"
)

func TestReviewTransitions(t *testing.T) {
	const (
		P = evidence.StatePending
		A = evidence.StateAccepted
		N = evidence.StateNeedsMore
		R = evidence.StateRevised
	)
	type step struct {
		to   evidence.State
		text string
		want string // part of the error; "" for success
	}
	tests := []struct {
		name  string
		steps []step
		final evidence.State
	}{
		{"accept directly", []step{{A, "", ""}}, A},
		{"full loop", []step{{N, "缺盖章件", ""}, {R, "已补盖章件", ""}, {A, "", ""}}, A},
		{"needs more twice", []step{{N, "缺盖章件", ""}, {R, "", ""}, {N, "仍缺2015年", ""}, {R, "", ""}}, R},
		{"reopen accepted", []step{{A, "", ""}, {N, "复核发现页码缺失", ""}}, N},
		{"feedback required", []step{{N, "  ", "必须写明反馈意见"}}, P},
		{"revised before feedback", []step{{R, "", "只有标为需补充的材料才能标为已整改"}}, P},
		{"accept while awaiting unit", []step{{N, "缺表", ""}, {A, "", "要等报送单位整改"}}, N},
		{"same state", []step{{A, "", ""}, {A, "", "已经是这个状态"}}, A},
		{"back to pending", []step{{A, "", ""}, {P, "", "不能退回待审"}}, A},
		{"unknown state", []step{{"approved", "", "审核状态"}}, P},
	}
	s := newProject(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id := mustAdd(t, s, draft("8", 2017, "政府信息公开工作年度报告"))
			okSteps := 0
			for i, st := range tt.steps {
				err := evidence.Review(s, id, st.to, st.text, "王审核")
				if st.want == "" && err != nil {
					t.Fatalf("step %d → %s: %v", i+1, st.to, err)
				}
				if st.want != "" && (err == nil || !strings.Contains(err.Error(), st.want)) {
					t.Fatalf("step %d → %s: error %v, want %q", i+1, st.to, err, st.want)
				}
				if err == nil {
					okSteps++
				}
			}
			it, err := evidence.Get(s, id)
			if err != nil {
				t.Fatal(err)
			}
			if it.State != tt.final {
				t.Fatalf("state %s, want %s", it.State, tt.final)
			}
			hs, _ := evidence.History(s, id)
			reviews := 0
			for _, h := range hs {
				if h.Kind == evidence.KindReview {
					reviews++
					if h.Actor != "王审核" || h.At == "" {
						t.Fatalf("review event without who/when: %+v", h)
					}
				}
			}
			if reviews != okSteps {
				t.Fatalf("%d review events, want %d", reviews, okSteps)
			}
		})
	}
}

func TestParseState(t *testing.T) {
	for in, want := range map[string]evidence.State{"合格": "accepted", "需补充": "needs_more", "已整改": "revised", "accepted": "accepted"} {
		if got, err := evidence.ParseState(in); err != nil || got != want {
			t.Errorf("ParseState(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := evidence.ParseState("通过"); err == nil {
		t.Error("ParseState accepted 通过")
	}
}

func TestFeedbackByOrg(t *testing.T) {
	s := newProject(t)
	// Indicator 7 (lead env) needs more; indicator 8 accepted; indicator 4
	// (lead audit) reviewed for 2016 only; the item names no organisation,
	// so its feedback goes to the lead.
	d := draft("7", 2017, "排污许可证核发统计表")
	d.Org = "env"
	a := mustAdd(t, s, d)
	b := mustAdd(t, s, draft("4", 2016, "离任审计实施办法"))
	c := mustAdd(t, s, draft("8", 0, "信息公开年度报告汇编"))
	must(t, evidence.Review(s, a, evidence.StateNeedsMore, "未加盖公章", "王审核"))
	must(t, evidence.Review(s, b, evidence.StateNeedsMore, "缺2015、2017年", "王审核"))
	must(t, evidence.Review(s, c, evidence.StateAccepted, "", "王审核"))

	fb, err := evidence.FeedbackByOrg(s)
	if err != nil {
		t.Fatal(err)
	}
	byOrg := map[string]evidence.OrgFeedback{}
	for _, o := range fb {
		byOrg[o.Org] = o
	}
	env := byOrg["env"]
	if env.Name != "海陵环保局" || len(env.Items) == 0 {
		t.Fatalf("env feedback: %+v", env)
	}
	var first evidence.FeedbackItem
	for _, it := range env.Items {
		if it.Kind == evidence.FeedbackNeedsMore {
			first = it
			break
		}
	}
	if first.Kind != evidence.FeedbackNeedsMore || first.Indicator != "7" || first.Feedback != "未加盖公章" || first.ItemID != a || first.ReviewedBy != "王审核" {
		t.Fatalf("env's first feedback item: %+v", first)
	}
	for _, it := range env.Items {
		if it.Indicator == "8" {
			t.Fatalf("indicator 8 is covered for every year by a spanning item: %+v", it)
		}
		if it.Indicator == "7" && it.Kind == evidence.FeedbackMissing && it.Year == 2017 {
			t.Fatalf("7/2017 has an item (needs more), it is not missing: %+v", it)
		}
	}
	audit := byOrg["audit"]
	var kinds []string
	for _, it := range audit.Items {
		kinds = append(kinds, it.Kind+":"+it.Indicator+":"+itoa(it.Year))
	}
	want := "missing:4:2015 needs_more:4:2016 missing:4:2017"
	if strings.Join(kinds, " ") != want {
		t.Fatalf("audit feedback %v, want %s", kinds, want)
	}
	// After the unit resubmits, the item leaves the feedback list but keeps its text.
	must(t, evidence.Review(s, b, evidence.StateRevised, "已补齐", "审计局"))
	it, _ := evidence.Get(s, b)
	if it.Feedback != "缺2015、2017年" || it.ReviewNote != "已补齐" {
		t.Fatalf("after revision: feedback %q note %q", it.Feedback, it.ReviewNote)
	}
	fb, _ = evidence.FeedbackByOrg(s)
	for _, o := range fb {
		for _, fi := range o.Items {
			if fi.ItemID == b {
				t.Fatalf("revised item still in feedback: %+v", fi)
			}
		}
	}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
