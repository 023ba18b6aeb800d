package evidence

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"ecoreport/app/catalog"
	"ecoreport/app/store"
)

// MilestoneState is where an organisation stands on a milestone.
type MilestoneState string

// The milestone states (the CHECK of table milestone_events).
const (
	NotStarted MilestoneState = "not_started" // 未报送
	Submitted  MilestoneState = "submitted"   // 已报送
	Returned   MilestoneState = "returned"    // 已退回
	Accepted   MilestoneState = "accepted"    // 已通过
)

// MilestoneStates lists the milestone states in order.
var MilestoneStates = []MilestoneState{NotStarted, Submitted, Returned, Accepted}

// Label returns the Chinese name of a milestone state.
func (m MilestoneState) Label() string {
	switch m {
	case NotStarted:
		return "未报送"
	case Submitted:
		return "已报送"
	case Returned:
		return "已退回"
	case Accepted:
		return "已通过"
	}
	return string(m)
}

// LabelFor returns the Chinese name of a state as it fits who acts: the
// creation office does its own work (核对反馈, 技术报告) rather than submit it
// to itself, so its states read 未完成 / 已完成 / 需返工 instead of 未报送 /
// 已报送 / 已退回.
func (m MilestoneState) LabelFor(o *catalog.Organisation) string {
	if o == nil || o.Kind != catalog.KindOffice {
		return m.Label()
	}
	switch m {
	case NotStarted:
		return "未完成"
	case Submitted, Accepted:
		return "已完成"
	case Returned:
		return "需返工"
	}
	return m.Label()
}

// ParseMilestoneState reads a milestone state in Chinese (已报送; also 未开始,
// 退回, 通过) or as its code (submitted).
func ParseMilestoneState(s string) (MilestoneState, error) {
	s = strings.TrimSpace(s)
	for _, m := range MilestoneStates {
		if s == string(m) || s == m.Label() {
			return m, nil
		}
	}
	switch s {
	case "未开始":
		return NotStarted, nil
	case "报送", "已提交":
		return Submitted, nil
	case "退回":
		return Returned, nil
	case "通过", "已完成", "完成":
		return Accepted, nil
	}
	return "", fmt.Errorf("节点状态 %q 无效，应为 未报送、已报送、已退回 或 已通过", s)
}

// LeadOrgs is the word in a milestone's Who meaning every lead organisation.
const LeadOrgs = "lead"

// Milestone is a dated obligation of the plan (table milestones).
type Milestone struct {
	ID      string   `json:"id"`
	Due     string   `json:"due"`      // YYYY-MM-DD, the last day the plan allows
	DueText string   `json:"due_text"` // as the plan says it: 4月底
	Who     []string `json:"who"`      // organisation IDs or LeadOrgs
	What    string   `json:"what"`
	Where   string   `json:"where"`
}

// OrgMilestone is where one responsible organisation stands on a milestone
// on a given day.
type OrgMilestone struct {
	Milestone  string         `json:"milestone"`
	Due        string         `json:"due"`
	DueText    string         `json:"due_text"`
	What       string         `json:"what"`
	Org        string         `json:"org"`
	OrgName    string         `json:"org_name"`
	State      MilestoneState `json:"state"`
	StateLabel string         `json:"state_label"`
	// At, Actor and Note come from the latest change of state (empty for
	// an organisation that has not started).
	At    string `json:"at,omitempty"`
	Actor string `json:"actor,omitempty"`
	Note  string `json:"note,omitempty"`
	// DaysLeft counts the days from today to the due date (negative once
	// past). Overdue: past the due date and not submitted (or returned).
	DaysLeft int  `json:"days_left"`
	Overdue  bool `json:"overdue"`
	// Late: the latest submission came after the due date.
	Late bool `json:"late"`
}

// Milestones returns the plan's milestones by due date.
func Milestones(s *store.Store) ([]Milestone, error) {
	rows, err := s.DB().Query(`SELECT id, due, due_text, who, what, place FROM milestones ORDER BY due, rowid`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Milestone
	for rows.Next() {
		var m Milestone
		var who string
		if err := rows.Scan(&m.ID, &m.Due, &m.DueText, &who, &m.What, &m.Where); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(who), &m.Who); err != nil {
			return nil, fmt.Errorf("节点 %s 的责任单位格式错误：%w", m.ID, err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// Responsible returns the organisations a milestone falls on, in catalog
// order: LeadOrgs becomes every organisation leading an indicator, and a group
// its members.
func Responsible(cat *catalog.Catalog, m Milestone) []string {
	set := map[string]bool{}
	var add func(id string)
	add = func(id string) {
		if o, ok := cat.Org(id); ok && o.Kind == catalog.KindGroup {
			for _, mem := range o.Members {
				add(mem)
			}
			return
		}
		set[id] = true
	}
	for _, w := range m.Who {
		if w == LeadOrgs {
			for _, ind := range cat.Indicators {
				for _, id := range ind.Leads() {
					add(id)
				}
			}
			continue
		}
		add(w)
	}
	return orgOrder(cat, set)
}

// Today returns the day milestones are judged on: the project's chosen date
// (Settings.Today) or else the store's clock.
func Today(s *store.Store) (time.Time, error) {
	st, err := s.Settings()
	if err != nil {
		return time.Time{}, err
	}
	if st.Today != "" {
		t, err := parseDay(st.Today)
		if err != nil {
			return time.Time{}, fmt.Errorf("项目设置中的当前日期 %q 无效", st.Today)
		}
		return t, nil
	}
	now := s.Now()
	return time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC), nil
}

// parseDay reads YYYY-MM-DD as a day (UTC midnight, so that days subtract
// exactly).
func parseDay(s string) (time.Time, error) { return time.Parse("2006-01-02", s) }

// MilestoneStatus returns, for every milestone and every organisation it
// falls on, the organisation's state and whether it is overdue on today. A
// zero today means Today(s).
func MilestoneStatus(s *store.Store, today time.Time) ([]OrgMilestone, error) {
	if today.IsZero() {
		var err error
		if today, err = Today(s); err != nil {
			return nil, err
		}
	}
	cat, err := s.Catalog()
	if err != nil {
		return nil, err
	}
	ms, err := Milestones(s)
	if err != nil {
		return nil, err
	}
	type key struct{ m, org string }
	latest := map[key]OrgMilestone{}
	lastSubmit := map[key]string{}
	rows, err := s.DB().Query(`SELECT milestone, org, state, actor, note, at FROM milestone_events ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var r OrgMilestone
		var state string
		if err := rows.Scan(&r.Milestone, &r.Org, &state, &r.Actor, &r.Note, &r.At); err != nil {
			return nil, err
		}
		r.State = MilestoneState(state)
		k := key{r.Milestone, r.Org}
		latest[k] = r
		if r.State == Submitted {
			lastSubmit[k] = r.At
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out []OrgMilestone
	for _, m := range ms {
		due, err := parseDay(m.Due)
		if err != nil {
			return nil, fmt.Errorf("节点 %s 的期限 %q 无效", m.ID, m.Due)
		}
		for _, org := range Responsible(cat, m) {
			k := key{m.ID, org}
			r, ok := latest[k]
			if !ok {
				r = OrgMilestone{State: NotStarted}
			}
			r.Milestone, r.Due, r.DueText, r.What = m.ID, m.Due, m.DueText, m.What
			o, _ := cat.Org(org)
			r.Org, r.OrgName, r.StateLabel = org, orgName(cat, org), r.State.LabelFor(o)
			r.DaysLeft = int(due.Sub(today).Hours() / 24)
			r.Overdue = r.DaysLeft < 0 && (r.State == NotStarted || r.State == Returned)
			if at := lastSubmit[k]; len(at) >= 10 && at[:10] > m.Due {
				r.Late = true
			}
			out = append(out, r)
		}
	}
	return out, nil
}

// Overdue returns the rows past their due date and not submitted.
func Overdue(rows []OrgMilestone) []OrgMilestone {
	var out []OrgMilestone
	for _, r := range rows {
		if r.Overdue {
			out = append(out, r)
		}
	}
	return out
}

// Upcoming returns the rows of the next milestone due on or after today
// (the earliest due date; several milestones may share it) that are not
// accepted yet.
func Upcoming(rows []OrgMilestone) []OrgMilestone {
	next := ""
	for _, r := range rows {
		if r.DaysLeft >= 0 && r.State != Accepted && (next == "" || r.Due < next) {
			next = r.Due
		}
	}
	var out []OrgMilestone
	for _, r := range rows {
		if r.Due == next && r.State != Accepted {
			out = append(out, r)
		}
	}
	return out
}

// SetMilestone records an organisation's new state on a milestone as of the
// project's today (Today), with who and an optional note (e.g. why it was
// returned). org may be an ID, a name or an alias; it must be one the
// milestone falls on.
func SetMilestone(s *store.Store, milestone, org string, state MilestoneState, actor, note string) error {
	return SetMilestoneOn(s, milestone, org, state, time.Time{}, actor, note)
}

// SetMilestoneOn is SetMilestone with the day the state was reached (a
// submission received on 2018-04-28 is recorded on that day, whenever it is
// entered); a zero day means the project's today (Today). A day after today
// is refused.
func SetMilestoneOn(s *store.Store, milestone, org string, state MilestoneState, day time.Time, actor, note string) error {
	today, err := Today(s)
	if err != nil {
		return err
	}
	if day.IsZero() {
		day = today
	}
	if day.After(today) {
		return fmt.Errorf("日期 %s 晚于项目的今天 %s，不能登记尚未发生的状态", day.Format("2006-01-02"), today.Format("2006-01-02"))
	}
	if !slices.Contains(MilestoneStates, state) {
		return fmt.Errorf("节点状态 %q 无效", state)
	}
	cat, err := s.Catalog()
	if err != nil {
		return err
	}
	ms, err := Milestones(s)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(ms, func(m Milestone) bool { return m.ID == milestone })
	if i < 0 {
		ids := make([]string, len(ms))
		for j, m := range ms {
			ids[j] = m.ID
		}
		return fmt.Errorf("节点 %q 不存在，可选：%s", milestone, strings.Join(ids, "、"))
	}
	o, ok := cat.FindOrg(org)
	if !ok {
		return fmt.Errorf("单位 %q 不存在", org)
	}
	if !slices.Contains(Responsible(cat, ms[i]), o.ID) {
		return fmt.Errorf("节点「%s」（%s）不由%s承担", ms[i].What, ms[i].DueText, o.Name)
	}
	return s.Update(context.Background(), func(tx *sql.Tx) error {
		cur := NotStarted
		var st string
		err := tx.QueryRow(`SELECT state FROM milestone_events WHERE milestone = ? AND org = ? ORDER BY id DESC LIMIT 1`, milestone, o.ID).Scan(&st)
		if err == nil {
			cur = MilestoneState(st)
		} else if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if cur == state {
			return fmt.Errorf("%s在节点 %s 上已经是「%s」", o.Name, milestone, state.Label())
		}
		_, err = tx.Exec(`INSERT INTO milestone_events (milestone, org, state, actor, note, at) VALUES (?, ?, ?, ?, ?, ?)`,
			milestone, o.ID, string(state), actorOr(actor), strings.TrimSpace(note), day.Format("2006-01-02"))
		return err
	})
}
