package store_test

import (
	"context"
	"strings"
	"testing"

	"ecoreport/app/store"
)

// TestConditionHistory: a new project lists the seeded prerequisites as
// 待确认; each judgement is kept in the history, writing the same judgement
// again adds nothing, and a wrong one (unknown evidence, unknown state, a
// new condition without a name, an over-long note) is refused without
// writing.
func TestConditionHistory(t *testing.T) {
	s, _ := newProject(t)
	ctx := context.Background()
	cs, err := s.Conditions()
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 8 {
		t.Fatalf("%d seeded conditions, want 8", len(cs))
	}
	for _, c := range cs {
		if c.State != store.ConditionUnconfirmed || c.At != "" || c.Title == "" {
			t.Errorf("seeded condition %+v, want 待确认 and never judged", c)
		}
	}
	set := func(c store.Condition) error { return s.SetCondition(ctx, c) }
	if err := set(store.Condition{Key: "3", State: store.ConditionMet, Note: "未发生。", Actor: "甲"}); err != nil {
		t.Fatal(err)
	}
	if err := set(store.Condition{Key: "3", State: store.ConditionMet, Note: "未发生。", Actor: "乙"}); err != nil {
		t.Fatal(err)
	}
	if err := set(store.Condition{Key: "3", State: store.ConditionNotMet, Note: "2016年发生一起较大事件。", Actor: "乙"}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		c   store.Condition
		msg string
	}{
		{store.Condition{Key: "3", State: store.ConditionMet, Evidence: []int64{424242}}, "佐证材料 424242 不存在"},
		{store.Condition{Key: "3", State: "ok"}, "满足、不满足 或 待确认"},
		{store.Condition{Key: "12", State: store.ConditionMet}, "新增条件须写明条件名称"},
		{store.Condition{Key: "3", State: store.ConditionMet, Note: strings.Repeat("说", store.MaxConditionNote+1)}, "超过上限"},
	} {
		if err := set(tc.c); err == nil || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("SetCondition(%+v): %v, want an error with %q", tc.c.Key, err, tc.msg)
		}
	}
	h, err := s.ConditionHistory("3")
	if err != nil {
		t.Fatal(err)
	}
	if len(h) != 2 || h[0].State != store.ConditionMet || h[0].Actor != "甲" || h[1].State != store.ConditionNotMet {
		t.Fatalf("history %+v, want 满足 by 甲 then 不满足", h)
	}
	cs, _ = s.Conditions()
	if c := cs[2]; c.Key != "3" || c.State != store.ConditionNotMet || c.Note != "2016年发生一起较大事件。" || !strings.Contains(c.Title, "突发环境事件") {
		t.Errorf("current condition 3: %+v", c)
	}
	if err := set(store.Condition{Key: "10", Title: "新增条件", State: store.ConditionMet}); err != nil {
		t.Fatal(err)
	}
	cs, _ = s.Conditions()
	if last := cs[len(cs)-1]; len(cs) != 9 || last.Key != "10" || last.Title != "新增条件" {
		t.Errorf("added condition: %d conditions, last %+v", len(cs), last)
	}
}

// TestUpgradeRefreshesConditionsChapter: a project of schema 6 whose
// 基本条件 chapter is still the old default (a hand-written list) gets the new
// default (the text above the table) on upgrade, the old text kept in the
// history; a chapter the office edited is left alone.
func TestUpgradeRefreshesConditionsChapter(t *testing.T) {
	const old = "- 【已具备】生态文明建设规划已编制。"
	for _, tc := range []struct {
		actor    string
		replaced bool
	}{{store.TemplateActor, true}, {"创建办 张", false}} {
		s, path := newProject(t)
		if err := s.SaveChapter("基本条件", old, tc.actor, "旧版本"); err != nil {
			t.Fatal(err)
		}
		// Back to schema 6: no checklist table yet.
		for _, q := range []string{`DROP TABLE condition_events`, `PRAGMA user_version = 6`} {
			if _, err := s.DB().Exec(q); err != nil {
				t.Fatal(err)
			}
		}
		s.Close()
		s, err := store.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		cs, err := s.Conditions()
		if err != nil || len(cs) != 8 {
			t.Fatalf("conditions after upgrade: %d, %v", len(cs), err)
		}
		h, err := s.ChapterHistory("基本条件")
		if err != nil {
			t.Fatal(err)
		}
		cur := h[len(h)-1]
		if got := cur.Text != old; got != tc.replaced {
			t.Errorf("chapter by %s replaced %v, want %v: %q", tc.actor, got, tc.replaced, cur.Text)
		}
		if tc.replaced && (!strings.Contains(cur.Text, "见下表") || h[len(h)-2].Text != old) {
			t.Errorf("history %+v", h)
		}
	}
}
