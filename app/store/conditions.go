package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"ecoreport/app/catalog"
	"ecoreport/seeds"
	"ecoreport/templates"
)

// ConditionState is the office's judgement of a prerequisite (基本条件).
type ConditionState string

// The judgements of a prerequisite.
const (
	ConditionMet         ConditionState = "met"         // 满足
	ConditionNotMet      ConditionState = "not_met"     // 不满足
	ConditionUnconfirmed ConditionState = "unconfirmed" // 待确认
)

// Label returns the judgement's Chinese name.
func (s ConditionState) Label() string {
	switch s {
	case ConditionMet:
		return "满足"
	case ConditionNotMet:
		return "不满足"
	case ConditionUnconfirmed:
		return "待确认"
	}
	return string(s)
}

// ParseConditionState reads a judgement by its code or Chinese name.
func ParseConditionState(s string) (ConditionState, error) {
	s = strings.TrimSpace(s)
	for _, st := range []ConditionState{ConditionMet, ConditionNotMet, ConditionUnconfirmed} {
		if s == string(st) || s == st.Label() {
			return st, nil
		}
	}
	return "", fmt.Errorf("结论 %q 无效，应为 满足、不满足 或 待确认", s)
}

// Limits of a prerequisite's texts.
const (
	MaxConditionTitle = 200
	MaxConditionNote  = 1000
)

// Condition is one prerequisite of the application with the office's
// current judgement, explanation and evidence references.
type Condition struct {
	Key      string         `json:"key"` // "1", "2", …: the number printed in the table
	Title    string         `json:"title"`
	State    ConditionState `json:"state"`
	Note     string         `json:"note"`
	Evidence []int64        `json:"evidence"` // evidence item IDs
	Actor    string         `json:"actor,omitempty"`
	Origin   string         `json:"origin,omitempty"`
	At       string         `json:"at,omitempty"` // empty: never judged (the seed's default)
}

// seedConditions is the shape of seeds/conditions.yaml.
type seedConditions struct {
	Conditions []struct {
		Key   string `yaml:"key"`
		Title string `yaml:"title"`
	} `yaml:"conditions"`
	Demo []struct {
		Key       string `yaml:"key"`
		State     string `yaml:"state"`
		Note      string `yaml:"note"`
		Indicator string `yaml:"indicator"` // cite the demo evidence of this indicator
	} `yaml:"demo"`
}

func parseSeedConditions() (*seedConditions, error) {
	var d seedConditions
	dec := yaml.NewDecoder(bytes.NewReader(seeds.Conditions))
	dec.KnownFields(true)
	if err := dec.Decode(&d); err != nil {
		return nil, fmt.Errorf("基本条件 %s 格式错误：%v", seeds.ConditionsFile, err)
	}
	return &d, nil
}

// Conditions returns the prerequisites in their order: the seed's list with
// the office's latest judgement of each (待确认 when never judged), then the
// conditions the office added.
func (s *Store) Conditions() ([]Condition, error) {
	seed, err := parseSeedConditions()
	if err != nil {
		return nil, err
	}
	var out []Condition
	for _, c := range seed.Conditions {
		out = append(out, Condition{Key: c.Key, Title: c.Title, State: ConditionUnconfirmed, Evidence: []int64{}})
	}
	rows, err := s.db.Query(`SELECT key, title, state, note, evidence, actor, origin, at FROM condition_events e
		WHERE id = (SELECT max(id) FROM condition_events m WHERE m.key = e.key)`)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	for rows.Next() {
		var c Condition
		var state, ev string
		if err := rows.Scan(&c.Key, &c.Title, &state, &c.Note, &ev, &c.Actor, &c.Origin, &c.At); err != nil {
			return nil, err
		}
		c.State = ConditionState(state)
		if c.Evidence, err = parseIDs(ev); err != nil {
			return nil, fmt.Errorf("基本条件 %s 的佐证材料编号 %q 无法读取：%w", c.Key, ev, err)
		}
		if i := slices.IndexFunc(out, func(o Condition) bool { return o.Key == c.Key }); i >= 0 {
			out[i] = c
		} else {
			out = append(out, c)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	slices.SortStableFunc(out, func(a, b Condition) int { return catalog.CompareCodes(a.Key, b.Key) })
	return out, nil
}

// ConditionHistory returns every judgement of a prerequisite, the oldest first.
func (s *Store) ConditionHistory(key string) ([]Condition, error) {
	rows, err := s.db.Query(`SELECT key, title, state, note, evidence, actor, origin, at FROM condition_events WHERE key = ? ORDER BY id`, key)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	var out []Condition
	for rows.Next() {
		var c Condition
		var state, ev string
		if err := rows.Scan(&c.Key, &c.Title, &state, &c.Note, &ev, &c.Actor, &c.Origin, &c.At); err != nil {
			return nil, err
		}
		c.State = ConditionState(state)
		c.Evidence, _ = parseIDs(ev)
		out = append(out, c)
	}
	return out, rows.Err()
}

func parseIDs(s string) ([]int64, error) {
	out := []int64{}
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		id, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, nil
}

func joinIDs(ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(parts, ",")
}

// SetCondition records a new judgement of a prerequisite. A new key adds a
// condition (its title is required); the title, state, note and evidence
// are checked (evidence IDs must exist) and nothing is written when one is
// wrong. Writing the judgement a condition already has changes nothing.
func (s *Store) SetCondition(ctx context.Context, c Condition) error {
	c.Key, c.Title, c.Note = strings.TrimSpace(c.Key), strings.TrimSpace(c.Title), strings.TrimSpace(c.Note)
	if c.Key == "" {
		return fmt.Errorf("请指定基本条件的编号")
	}
	if _, err := ParseConditionState(string(c.State)); err != nil {
		return err
	}
	if n := utf8.RuneCountInString(c.Title); n > MaxConditionTitle {
		return fmt.Errorf("基本条件 %s 的名称有 %d 字，超过上限 %d 字", c.Key, n, MaxConditionTitle)
	}
	if n := utf8.RuneCountInString(c.Note); n > MaxConditionNote {
		return fmt.Errorf("基本条件 %s 的情况说明有 %d 字，超过上限 %d 字，请精简", c.Key, n, MaxConditionNote)
	}
	cur, err := s.Conditions()
	if err != nil {
		return err
	}
	i := slices.IndexFunc(cur, func(o Condition) bool { return o.Key == c.Key })
	if c.Title == "" {
		if i < 0 {
			var keys []string
			for _, o := range cur {
				keys = append(keys, o.Key)
			}
			return fmt.Errorf("基本条件 %s 不存在（现有：%s）；新增条件须写明条件名称", c.Key, strings.Join(keys, "、"))
		}
		c.Title = cur[i].Title
	}
	if c.Evidence == nil {
		c.Evidence = []int64{}
	}
	slices.Sort(c.Evidence)
	c.Evidence = slices.Compact(c.Evidence)
	if i >= 0 && cur[i].At != "" && cur[i].Title == c.Title && cur[i].State == c.State && cur[i].Note == c.Note &&
		slices.Equal(cur[i].Evidence, c.Evidence) {
		return nil
	}
	actor := c.Actor
	if strings.TrimSpace(actor) == "" {
		actor = "未署名"
	}
	origin := c.Origin
	if origin == "" {
		origin = "cli"
	}
	return s.Update(ctx, func(tx *sql.Tx) error {
		for _, id := range c.Evidence {
			var n int
			if err := tx.QueryRow(`SELECT count(*) FROM evidence_items WHERE id = ?`, id).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return fmt.Errorf("佐证材料 %d 不存在（基本条件 %s）", id, c.Key)
			}
		}
		_, err := tx.Exec(`INSERT INTO condition_events (key, title, state, note, evidence, actor, origin, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			c.Key, c.Title, string(c.State), c.Note, joinIDs(c.Evidence), actor, origin, s.now())
		return err
	})
}

// LoadDemoConditions writes the demo's judgement of the prerequisites
// (示例数据), citing the demo evidence of the indicator each one names.
func (s *Store) LoadDemoConditions() error {
	seed, err := parseSeedConditions()
	if err != nil {
		return err
	}
	items, err := s.EvidenceItems()
	if err != nil {
		return err
	}
	saved := s.Now
	defer func() { s.Now = saved }()
	s.Now = func() time.Time { return demoEvidenceTime }
	for _, d := range seed.Demo {
		st, err := ParseConditionState(d.State)
		if err != nil {
			return fmt.Errorf("%s 中基本条件 %s：%w", seeds.ConditionsFile, d.Key, err)
		}
		ev := []int64{}
		for _, it := range items {
			if d.Indicator != "" && it.Indicator == d.Indicator && len(ev) < 2 {
				ev = append(ev, it.ID)
			}
		}
		if err := s.SetCondition(context.Background(), Condition{Key: d.Key, State: st, Note: d.Note, Evidence: ev,
			Actor: "示例数据", Origin: "demo"}); err != nil {
			return fmt.Errorf("%s 中基本条件 %s：%w", seeds.ConditionsFile, d.Key, err)
		}
	}
	return nil
}

// conditionsChapter is the chapter whose default text changed with the
// checklist: the list moved from the text into the table.
const conditionsChapter = "基本条件"

// refreshConditionsChapter, run once when a project is upgraded to the
// checklist (migration 007), replaces the chapter 基本条件 by the new default
// template when the office never edited it (its latest version is the old
// default), so the old hand-written list does not stand above the table. The
// old text stays in the chapter's history.
func (s *Store) refreshConditionsChapter() error {
	var actor string
	err := s.db.QueryRow(`SELECT actor FROM chapters WHERE key = ? ORDER BY id DESC LIMIT 1`, conditionsChapter).Scan(&actor)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && actor != TemplateActor) {
		return nil
	}
	if err != nil {
		return translate(err)
	}
	for _, t := range templates.List {
		if t.Key == conditionsChapter {
			return s.SaveChapter(conditionsChapter, t.Text(), TemplateActor, "基本条件改为逐项核实的清单（由默认模板 "+t.File+" 更新）")
		}
	}
	return nil
}
