package evidence_test

import (
	"strings"
	"testing"

	"ecoreport/app/evidence"
)

// TestMilestoneStatesFitWhoActs: the creation office's own step (核对反馈)
// reads 未完成/已完成, not 未报送; a state is recorded on the day given, by
// default the project's today, and never on a day after it; 区政府办, a
// candidate lead while 1.lead is unresolved, owes the evidence too.
func TestMilestoneStatesFitWhoActs(t *testing.T) {
	s := newProject(t)
	st, err := s.Settings()
	if err != nil {
		t.Fatal(err)
	}
	st.Today = "2018-05-18"
	if err := s.SetSettings(st); err != nil {
		t.Fatal(err)
	}
	rows, err := evidence.MilestoneStatus(s, day("2018-05-18"))
	if err != nil {
		t.Fatal(err)
	}
	if r := row(t, rows, "evidence-review", "creation-office"); r.StateLabel != "未完成" {
		t.Errorf("创建办's own review reads %q, want 未完成", r.StateLabel)
	}
	if r := row(t, rows, "evidence-submit", "gov-office"); r.StateLabel != "未报送" {
		t.Errorf("区政府办 on evidence-submit: %q", r.StateLabel)
	}
	if err := evidence.SetMilestoneOn(s, "evidence-submit", "env", evidence.Submitted, day("2018-04-28"), "环保局", ""); err != nil {
		t.Fatal(err)
	}
	if err := evidence.SetMilestone(s, "evidence-review", "创建办", evidence.Accepted, "创建办", ""); err != nil {
		t.Fatal(err)
	}
	err = evidence.SetMilestoneOn(s, "evidence-resubmit", "env", evidence.Submitted, day("2018-05-25"), "环保局", "")
	if err == nil || !strings.Contains(err.Error(), "晚于项目的今天") {
		t.Errorf("a state after today: %v", err)
	}
	rows, _ = evidence.MilestoneStatus(s, day("2018-05-18"))
	if r := row(t, rows, "evidence-submit", "env"); r.At != "2018-04-28" || r.Late {
		t.Errorf("submitted on 2018-04-28: %+v", r)
	}
	if r := row(t, rows, "evidence-review", "creation-office"); r.StateLabel != "已完成" || r.At != "2018-05-18" {
		t.Errorf("创建办's review: %+v", r)
	}
}
