package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"ecoreport/app/catalog"
)

// Provenance says where a value came from: who or what, and for an imported
// one the file, its SHA-256, the sheet and the cell.
type Provenance struct {
	Actor    string `json:"actor"`  // a person, or "命令行", "示例数据"
	Origin   string `json:"origin"` // cli | gui | import | demo
	Org      string `json:"org,omitempty"`
	Source   string `json:"source,omitempty"` // 数据来源
	ImportID int64  `json:"import_id,omitempty"`
	File     string `json:"file,omitempty"`
	FileSHA  string `json:"file_sha256,omitempty"`
	Sheet    string `json:"sheet,omitempty"`
	Cell     string `json:"cell,omitempty"`
	Note     string `json:"note,omitempty"`
}

// Change is one value to record: Raw is what the person typed.
type Change struct {
	Code  string
	Year  int
	Field string // catalog.FieldValue (default) or catalog.FieldCondition
	Raw   string // empty clears the value
	Provenance
}

// ValueEvent is one entry of a value's history.
type ValueEvent struct {
	ID    int64  `json:"id"`
	Code  string `json:"indicator"`
	Year  int    `json:"year"`
	Field string `json:"field"`
	Raw   string `json:"raw"`
	Value string `json:"value"` // as shown; "" when cleared
	Old   string `json:"old"`   // the value before this change
	At    string `json:"at"`
	Provenance
}

// Checked is a change after validation: what will be stored.
type Checked struct {
	Change
	Ind      *catalog.Indicator
	Value    catalog.Value
	Cleared  bool
	Warnings []string
}

// CheckChange validates a change against the catalog and the project's years
// without writing anything.
func CheckChange(cat *catalog.Catalog, st Settings, c Change) (Checked, error) {
	out := Checked{Change: c}
	if out.Field == "" {
		out.Field = catalog.FieldValue
	}
	ind, ok := cat.Indicator(c.Code)
	if !ok {
		return out, fmt.Errorf("指标 %q 不存在,应为 1 到 %d 的序号,子指标如 9.1", c.Code, len(cat.Indicators))
	}
	if !ind.Measurable() {
		codes := make([]string, len(ind.Subs))
		for i, s := range ind.Subs {
			codes[i] = s.Code
		}
		return out, fmt.Errorf("指标 %s「%s」有子指标,请填写子指标 %s", ind.Code, ind.Name, strings.Join(codes, "、"))
	}
	out.Ind = ind
	if !st.HasYear(c.Year) {
		return out, fmt.Errorf("年度 %d 不在本项目中,应为 %s", c.Year, yearsText(st.Years()))
	}
	if strings.TrimSpace(c.Raw) == "" {
		out.Cleared = true
		return out, nil
	}
	switch out.Field {
	case catalog.FieldValue:
		v, warns, err := catalog.ParseValue(ind, c.Raw)
		if err != nil {
			return out, err
		}
		out.Value, out.Warnings = v, warns
	case catalog.FieldCondition:
		if ind.Target == nil || ind.Target.Condition == "" {
			return out, fmt.Errorf("指标 %s「%s」的目标没有附加条件", ind.Code, ind.Name)
		}
		v, err := catalog.ParseCondition(ind, c.Raw)
		if err != nil {
			return out, err
		}
		out.Value = v
	default:
		return out, fmt.Errorf("字段 %q 无效,应为 value 或 condition", out.Field)
	}
	return out, nil
}

func yearsText(ys []int) string {
	parts := make([]string, len(ys))
	for i, y := range ys {
		parts[i] = fmt.Sprint(y)
	}
	return strings.Join(parts, "、")
}

// SetValue validates and records one value. Nothing is written on error.
func (s *Store) SetValue(ctx context.Context, c Change) (Checked, error) {
	cat, err := s.Catalog()
	if err != nil {
		return Checked{}, err
	}
	st, err := s.Settings()
	if err != nil {
		return Checked{}, err
	}
	ch, err := CheckChange(cat, st, c)
	if err != nil {
		return ch, err
	}
	err = s.Update(ctx, func(tx *sql.Tx) error { return s.InsertValue(tx, ch) })
	return ch, err
}

// InsertValue writes a checked value inside a caller's transaction (the
// spreadsheet import commits many in one). It writes nothing when the value
// is the same as the current one.
func (s *Store) InsertValue(tx *sql.Tx, ch Checked) error {
	var num sql.NullFloat64
	var state sql.NullString
	if !ch.Cleared {
		if ch.Value.IsNum {
			num = sql.NullFloat64{Float64: ch.Value.Num, Valid: true}
		} else {
			state = sql.NullString{String: ch.Value.State, Valid: true}
		}
	}
	var curNum sql.NullFloat64
	var curState sql.NullString
	err := tx.QueryRow(`SELECT num, state FROM value_events WHERE indicator = ? AND year = ? AND field = ? ORDER BY id DESC LIMIT 1`,
		ch.Code, ch.Year, ch.Field).Scan(&curNum, &curState)
	if err == nil && curNum == num && curState == state {
		return nil
	}
	if err == sql.ErrNoRows && ch.Cleared {
		return nil
	}
	var imp any
	if ch.ImportID != 0 {
		imp = ch.ImportID
	}
	_, err = tx.Exec(`INSERT INTO value_events (indicator, year, field, raw, num, state, org, source, actor, origin,
		import_id, file, file_sha256, sheet, cell, note, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		ch.Code, ch.Year, ch.Field, ch.Raw, num, state, ch.Org, ch.Source, ch.Actor, ch.Origin,
		imp, ch.File, ch.FileSHA, ch.Sheet, ch.Cell, ch.Note, s.now())
	return err
}

// Values returns the current value of every indicator, year and field.
func (s *Store) Values() (catalog.ValueSet, error) {
	rows, err := s.db.Query(`SELECT indicator, year, field, num, state, source FROM current_values`)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	out := catalog.ValueSet{}
	for rows.Next() {
		var k catalog.ValueKey
		var num sql.NullFloat64
		var state sql.NullString
		var source string
		if err := rows.Scan(&k.Code, &k.Year, &k.Field, &num, &state, &source); err != nil {
			return nil, err
		}
		v := catalog.Value{Source: source}
		if num.Valid {
			v.Num, v.IsNum = num.Float64, true
		} else {
			v.State = state.String
		}
		out[k] = v
	}
	return out, rows.Err()
}

// CurrentProvenance returns the provenance of the current values.
func (s *Store) CurrentProvenance() (map[catalog.ValueKey]ValueEvent, error) {
	return s.events(`SELECT id, indicator, year, field, raw, num, state, org, source, actor, origin,
		coalesce(import_id, 0), file, file_sha256, sheet, cell, note, at FROM current_values`)
}

// History returns every change of an indicator's values, oldest first, each
// with the value it replaced. year 0 means every year.
func (s *Store) History(code string, year int) ([]ValueEvent, error) {
	q := `SELECT id, indicator, year, field, raw, num, state, org, source, actor, origin,
		coalesce(import_id, 0), file, file_sha256, sheet, cell, note, at FROM value_events WHERE indicator = ?`
	args := []any{code}
	if year != 0 {
		q += ` AND year = ?`
		args = append(args, year)
	}
	q += ` ORDER BY year, field, id`
	m, err := s.eventsList(q, args...)
	if err != nil {
		return nil, err
	}
	prev := map[catalog.ValueKey]string{}
	for i := range m {
		k := catalog.ValueKey{Code: m[i].Code, Year: m[i].Year, Field: m[i].Field}
		m[i].Old = prev[k]
		prev[k] = m[i].Value
	}
	return m, nil
}

func (s *Store) events(q string, args ...any) (map[catalog.ValueKey]ValueEvent, error) {
	list, err := s.eventsList(q, args...)
	if err != nil {
		return nil, err
	}
	out := make(map[catalog.ValueKey]ValueEvent, len(list))
	for _, e := range list {
		out[catalog.ValueKey{Code: e.Code, Year: e.Year, Field: e.Field}] = e
	}
	return out, nil
}

func (s *Store) eventsList(q string, args ...any) ([]ValueEvent, error) {
	rows, err := s.db.Query(q, args...)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	var out []ValueEvent
	for rows.Next() {
		var e ValueEvent
		var num sql.NullFloat64
		var state sql.NullString
		if err := rows.Scan(&e.ID, &e.Code, &e.Year, &e.Field, &e.Raw, &num, &state, &e.Org, &e.Source, &e.Actor,
			&e.Origin, &e.ImportID, &e.File, &e.FileSHA, &e.Sheet, &e.Cell, &e.Note, &e.At); err != nil {
			return nil, err
		}
		switch {
		case num.Valid:
			e.Value = catalog.Value{Num: num.Float64, IsNum: true}.String()
		case state.Valid:
			e.Value = state.String
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// Resolution is the office's decision on a disagreement of the plan.
type Resolution struct {
	ID           int64  `json:"id"`
	Disagreement string `json:"disagreement"`
	Choice       string `json:"choice"`
	Actor        string `json:"actor"`
	Reason       string `json:"reason"`
	At           string `json:"at"`
}

// Resolutions returns the current resolution of every resolved disagreement.
func (s *Store) Resolutions() (map[string]Resolution, error) {
	rows, err := s.db.Query(`SELECT id, disagreement, choice, actor, reason, at FROM resolutions ORDER BY id`)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	out := map[string]Resolution{}
	for rows.Next() {
		var r Resolution
		if err := rows.Scan(&r.ID, &r.Disagreement, &r.Choice, &r.Actor, &r.Reason, &r.At); err != nil {
			return nil, err
		}
		if r.Choice == "" {
			delete(out, r.Disagreement)
		} else {
			out[r.Disagreement] = r
		}
	}
	return out, rows.Err()
}

// Resolve records the office's choice on a disagreement; an empty choice
// reopens it. A choice about lead or supporting organisations also changes
// the indicator's assignments.
func (s *Store) Resolve(id, choice, actor, reason string) error {
	base, _, err := s.BaseCatalog()
	if err != nil {
		return err
	}
	d, ok := base.Disagreement(id)
	if !ok {
		return fmt.Errorf("不一致项 %q 不存在", id)
	}
	if actor == "" {
		return fmt.Errorf("请填写裁定人")
	}
	var opt *catalog.Option
	if choice != "" {
		if opt, ok = d.Option(choice); !ok {
			keys := make([]string, len(d.Options))
			for i, o := range d.Options {
				keys[i] = o.Key
			}
			return fmt.Errorf("不一致项 %s 没有选项 %q,应为 %s", id, choice, strings.Join(keys, "、"))
		}
	} else if opt, ok = d.Option(d.Provisional); !ok {
		return fmt.Errorf("不一致项 %s 没有暂用选项", id)
	}
	return s.Update(context.Background(), func(tx *sql.Tx) error {
		if _, err := tx.Exec(`INSERT INTO resolutions (disagreement, choice, actor, reason, at) VALUES (?, ?, ?, ?, ?)`,
			id, choice, actor, reason, s.now()); err != nil {
			return err
		}
		if d.Field != catalog.FieldLead && d.Field != catalog.FieldSupport {
			return nil
		}
		ind, _ := base.Indicator(d.Indicator)
		rows, err := tx.Query(`SELECT org_id, role FROM assignments WHERE indicator = ? ORDER BY role, sort`, ind.Code)
		if err != nil {
			return err
		}
		var curLead, curSupport []string
		for rows.Next() {
			var org, role string
			rows.Scan(&org, &role)
			if role == "lead" {
				curLead = append(curLead, org)
			} else {
				curSupport = append(curSupport, org)
			}
		}
		rows.Close()
		lead, support := curLead, curSupport
		if d.Field == catalog.FieldLead {
			lead = opt.Orgs
			if opt.Support != nil { // the option's own supporters (附件1 names them)
				support = opt.Support
			}
		} else {
			support = opt.Orgs
		}
		return putAssignments(tx, ind.Code, lead, support)
	})
}

// TargetEntry is a target the office entered for an indicator.
type TargetEntry struct {
	Target catalog.Target `json:"target"`
	Actor  string         `json:"actor"`
	Reason string         `json:"reason"`
	At     string         `json:"at"`
}

// SetTarget records a target the office entered, typically one the province
// sets later ("目标待定"). An empty text reverts to the catalog's target.
func (s *Store) SetTarget(code, text, actor, reason string) error {
	cat, err := s.Catalog()
	if err != nil {
		return err
	}
	ind, ok := cat.Indicator(code)
	if !ok || !ind.Measurable() {
		return fmt.Errorf("指标 %q 不存在或有子指标,不能设定目标值", code)
	}
	var js []byte
	if text != "" {
		t, err := catalog.ParseTarget(text)
		if err != nil {
			return fmt.Errorf("指标 %s「%s」: %w", code, ind.Name, err)
		}
		base, _, _ := s.BaseCatalog()
		if bi, ok := base.Indicator(code); ok && bi.Target != nil {
			t.Pending = bi.Target.Pending
			t.Condition = bi.Target.Condition
			t.NoDecline = bi.Target.NoDecline
		}
		js, _ = json.Marshal(t)
	}
	return s.Update(context.Background(), func(tx *sql.Tx) error {
		_, err := tx.Exec(`INSERT INTO target_events (indicator, target, actor, reason, at) VALUES (?, ?, ?, ?, ?)`,
			code, string(js), actor, reason, s.now())
		return err
	})
}

// Targets returns the targets the office entered, by indicator code.
func (s *Store) Targets() (map[string]TargetEntry, error) {
	rows, err := s.db.Query(`SELECT indicator, target, actor, reason, at FROM target_events ORDER BY id`)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	out := map[string]TargetEntry{}
	for rows.Next() {
		var code, js string
		var e TargetEntry
		if err := rows.Scan(&code, &js, &e.Actor, &e.Reason, &e.At); err != nil {
			return nil, err
		}
		if js == "" {
			delete(out, code)
			continue
		}
		if err := json.Unmarshal([]byte(js), &e.Target); err != nil {
			return nil, err
		}
		out[code] = e
	}
	return out, rows.Err()
}
