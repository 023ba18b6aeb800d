package evidence_test

import (
	"testing"

	"ecoreport/app/evidence"
)

func TestCompleteness(t *testing.T) {
	s := newProject(t)
	sum, err := evidence.Completeness(s)
	if err != nil {
		t.Fatal(err)
	}
	cat, _ := s.Catalog()
	leaves := len(cat.Leaves())
	if sum.Total != leaves*3 || sum.Complete != 0 || sum.Share != 0 {
		t.Fatalf("empty project: %d/%d (%d leaves)", sum.Complete, sum.Total, leaves)
	}

	a := mustAdd(t, s, draft("1", 2015, "规划"))     // accepted: 1/2015
	b := mustAdd(t, s, draft("9", 0, "环境质量报告书汇编")) // parent, spanning: 9.x all years
	c := mustAdd(t, s, draft("2", 2016, "考核办法"))   // needs more: not complete
	d := mustAdd(t, s, draft("3", 2017, "负债表"))    // accepted then deleted
	mustAdd(t, s, draft("4", 2017, "离任审计"))        // pending
	must(t, evidence.Review(s, a, evidence.StateAccepted, "", "审"))
	must(t, evidence.Review(s, b, evidence.StateAccepted, "", "审"))
	must(t, evidence.Review(s, c, evidence.StateNeedsMore, "缺章", "审"))
	must(t, evidence.Review(s, d, evidence.StateAccepted, "", "审"))
	must(t, evidence.Delete(s, d, "张三", "放错指标"))

	sum, err = evidence.Completeness(s)
	if err != nil {
		t.Fatal(err)
	}
	ind9, _ := cat.Indicator("9")
	want := 1 + len(ind9.Subs)*3
	if sum.Complete != want {
		t.Fatalf("complete %d, want %d", sum.Complete, want)
	}
	if got := float64(want) / float64(leaves*3); sum.Share != got {
		t.Fatalf("share %v, want %v", sum.Share, got)
	}
	if sum.States[evidence.StateAccepted] != 2 || sum.States[evidence.StateNeedsMore] != 1 || sum.States[evidence.StatePending] != 1 {
		t.Fatalf("states %v", sum.States)
	}
	status := map[string]string{}
	for _, c := range sum.Missing {
		status[c.Indicator+"/"+itoa(c.Year)] = c.Status()
	}
	for k, v := range map[string]string{"2/2016": "需补充", "4/2017": "待审核", "3/2017": "缺材料", "1/2016": "缺材料"} {
		if status[k] != v {
			t.Errorf("%s: %q, want %q", k, status[k], v)
		}
	}
	if _, ok := status["1/2015"]; ok {
		t.Error("1/2015 is complete")
	}
	var env *evidence.OrgCompleteness
	for i := range sum.ByOrg {
		if sum.ByOrg[i].Org == "env" {
			env = &sum.ByOrg[i]
		}
	}
	if env == nil || env.Complete < want || env.Total <= env.Complete || len(env.Missing) != env.Total-env.Complete {
		t.Fatalf("env: %+v", env)
	}
}
