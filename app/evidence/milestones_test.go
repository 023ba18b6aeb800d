package evidence_test

import (
	"strings"
	"testing"
	"time"

	"ecoreport/app/evidence"
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func row(t *testing.T, rows []evidence.OrgMilestone, milestone, org string) evidence.OrgMilestone {
	t.Helper()
	for _, r := range rows {
		if r.Milestone == milestone && r.Org == org {
			return r
		}
	}
	t.Fatalf("no row for %s / %s", milestone, org)
	return evidence.OrgMilestone{}
}

func TestMilestoneResponsible(t *testing.T) {
	s := newProject(t)
	rows, err := evidence.MilestoneStatus(s, day("2018-04-01"))
	if err != nil {
		t.Fatal(err)
	}
	orgs := map[string][]string{}
	for _, r := range rows {
		orgs[r.Milestone] = append(orgs[r.Milestone], r.Org)
	}
	// "lead": every organisation leading an indicator, once each.
	lead := orgs["evidence-submit"]
	if len(lead) < 10 || lead[0] != "env" && lead[0] != "gov-office" {
		t.Fatalf("lead organisations: %v", lead)
	}
	seen := map[string]bool{}
	for _, o := range lead {
		if seen[o] {
			t.Fatalf("%s listed twice", o)
		}
		seen[o] = true
	}
	if !seen["audit"] || seen["creation-office"] || seen["police"] {
		t.Fatalf("lead organisations: %v", lead)
	}
	if got := strings.Join(orgs["evidence-review"], ","); got != "creation-office" {
		t.Fatalf("evidence-review falls on %s", got)
	}
	if got := strings.Join(orgs["model-towns"], ","); got != "jiulong,suchen,gangyang" {
		t.Fatalf("model-towns falls on %s", got)
	}
}

func TestMilestoneOverdue(t *testing.T) {
	s := newProject(t)
	// Submitted on time, submitted late, returned, accepted, nothing.
	must(t, evidence.SetMilestone(s, "evidence-submit", "env", evidence.Submitted, "环保局", "")) // clock: 2018-04-20
	must(t, evidence.SetMilestone(s, "evidence-submit", "水利分局", evidence.Submitted, "水利", ""))
	must(t, evidence.SetMilestone(s, "evidence-submit", "water", evidence.Returned, "创建办", "缺河长巡河记录"))
	must(t, evidence.SetMilestone(s, "evidence-submit", "finance", evidence.Accepted, "创建办", ""))
	s.Now = func() time.Time { return time.Date(2018, 5, 3, 10, 0, 0, 0, time.Local) }
	must(t, evidence.SetMilestone(s, "evidence-submit", "audit", evidence.Submitted, "审计局", ""))

	if err := evidence.SetMilestone(s, "evidence-submit", "env", evidence.Submitted, "x", ""); err == nil {
		t.Fatal("same state twice accepted")
	}
	if err := evidence.SetMilestone(s, "evidence-review", "env", evidence.Submitted, "x", ""); err == nil || !strings.Contains(err.Error(), "不由海陵环保局承担") {
		t.Fatalf("wrong organisation: %v", err)
	}
	if err := evidence.SetMilestone(s, "no-such", "env", evidence.Submitted, "x", ""); err == nil || !strings.Contains(err.Error(), "不存在") {
		t.Fatalf("unknown milestone: %v", err)
	}

	tests := []struct {
		today, org string
		state      evidence.MilestoneState
		overdue    bool
		late       bool
		daysLeft   int
	}{
		{"2018-04-30", "health", evidence.NotStarted, false, false, 0}, // due today
		{"2018-05-01", "health", evidence.NotStarted, true, false, -1},
		{"2018-05-20", "env", evidence.Submitted, false, false, -20},
		{"2018-05-20", "water", evidence.Returned, true, false, -20},
		{"2018-05-20", "finance", evidence.Accepted, false, false, -20},
		{"2018-05-20", "audit", evidence.Submitted, false, true, -20},
	}
	for _, tt := range tests {
		rows, err := evidence.MilestoneStatus(s, day(tt.today))
		if err != nil {
			t.Fatal(err)
		}
		r := row(t, rows, "evidence-submit", tt.org)
		if r.State != tt.state || r.Overdue != tt.overdue || r.Late != tt.late || r.DaysLeft != tt.daysLeft {
			t.Errorf("%s %s: state %s overdue %v late %v days %d; want %s %v %v %d",
				tt.today, tt.org, r.State, r.Overdue, r.Late, r.DaysLeft, tt.state, tt.overdue, tt.late, tt.daysLeft)
		}
	}
	rows, _ := evidence.MilestoneStatus(s, day("2018-05-20"))
	if r := row(t, rows, "evidence-submit", "water"); r.Note != "缺河长巡河记录" || r.Actor != "创建办" {
		t.Errorf("returned row: %+v", r)
	}
	for _, r := range evidence.Overdue(rows) {
		if r.Milestone != "evidence-submit" || r.State == evidence.Submitted || r.State == evidence.Accepted {
			t.Errorf("not overdue on 2018-05-20: %+v", r)
		}
	}
	next := evidence.Upcoming(rows)
	if len(next) != 1 || next[0].Milestone != "evidence-review" || next[0].DaysLeft != 0 {
		t.Errorf("upcoming on 2018-05-20: %+v", next)
	}
	// The project's chosen date decides when no day is given.
	st, _ := s.Settings()
	st.Today = "2018-06-01"
	must(t, s.SetSettings(st))
	rows, _ = evidence.MilestoneStatus(s, time.Time{})
	if r := row(t, rows, "evidence-review", "creation-office"); !r.Overdue || r.DaysLeft != -12 {
		t.Errorf("with Settings.Today: %+v", r)
	}
}
