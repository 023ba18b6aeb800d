package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

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

	// Filled in by SetValue: Written says whether a value event was
	// written; SameValue that it kept the number or state the database
	// held and changed only the 数据来源 or the 备注; Before holds the
	// source and the note of the value that was current.
	Written   bool
	SameValue bool
	Before    Provenance
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
		return out, fmt.Errorf("指标 %q 不存在，应为 1 到 %d 的序号，子指标如 9.1", c.Code, len(cat.Indicators))
	}
	if !ind.Measurable() {
		codes := make([]string, len(ind.Subs))
		for i, s := range ind.Subs {
			codes[i] = s.Code
		}
		return out, fmt.Errorf("指标 %s「%s」有子指标，请填写子指标 %s", ind.Code, ind.Name, strings.Join(codes, "、"))
	}
	out.Ind = ind
	if !st.HasYear(c.Year) {
		return out, fmt.Errorf("年度 %d 不在本项目中，应为 %s", c.Year, yearsText(st.Years()))
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
		return out, fmt.Errorf("字段 %q 无效，应为 value 或 condition", out.Field)
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
// The result says whether an event was written (Checked.Written) and what
// was current before (Checked.Before, Checked.SameValue).
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
	err = s.Update(ctx, func(tx *sql.Tx) error { return s.insertValue(tx, &ch, false) })
	if err != nil {
		ch.Written = false
	}
	return ch, err
}

// InsertValue writes a checked value inside a caller's transaction (the
// spreadsheet import commits many in one). A change that keeps the current
// value (the same number or state) is written only when it brings a 数据来源
// or a 备注 other than the current one: an empty source or note means "not
// given" and keeps the current one, so typing the same value again, or
// importing the same file twice, writes nothing.
func (s *Store) InsertValue(tx *sql.Tx, ch Checked) error {
	return s.insertValue(tx, &ch, false)
}

// RestoreValue writes a change that sets a value back to an earlier event
// (undoing an import) inside a caller's transaction: its source and note are
// written as they are, empty ones too. It writes nothing when the value, the
// source and the note are the current ones.
func (s *Store) RestoreValue(tx *sql.Tx, ch Checked) error {
	return s.insertValue(tx, &ch, true)
}

// insertValue writes ch unless it changes nothing, and records in ch what
// it found and did. exact writes an empty source or note as it is instead of
// keeping the current one.
func (s *Store) insertValue(tx *sql.Tx, ch *Checked, exact bool) error {
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
	var curSource, curNote string
	err := tx.QueryRow(`SELECT num, state, source, note FROM value_events WHERE indicator = ? AND year = ? AND field = ? ORDER BY id DESC LIMIT 1`,
		ch.Code, ch.Year, ch.Field).Scan(&curNum, &curState, &curSource, &curNote)
	switch {
	case err == sql.ErrNoRows:
		if ch.Cleared {
			return nil
		}
	case err != nil:
		return err
	default:
		ch.Before = Provenance{Source: curSource, Note: curNote}
		if curNum != num || curState != state {
			break
		}
		if ch.Cleared { // cleared already: no value to annotate
			return nil
		}
		if !exact {
			if ch.Source == "" {
				ch.Source = curSource
			}
			if ch.Note == "" {
				ch.Note = curNote
			}
		}
		if ch.Source == curSource && ch.Note == curNote {
			return nil
		}
		ch.SameValue = true
	}
	var imp any
	if ch.ImportID != 0 {
		imp = ch.ImportID
	}
	_, err = tx.Exec(`INSERT INTO value_events (indicator, year, field, raw, num, state, org, source, actor, origin,
		import_id, file, file_sha256, sheet, cell, note, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		ch.Code, ch.Year, ch.Field, ch.Raw, num, state, ch.Org, ch.Source, ch.Actor, ch.Origin,
		imp, ch.File, ch.FileSHA, ch.Sheet, ch.Cell, ch.Note, s.now())
	if err != nil {
		return err
	}
	ch.Written = true
	return nil
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
			return fmt.Errorf("不一致项 %s 没有选项 %q，应为 %s", id, choice, strings.Join(keys, "、"))
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
			if err := rows.Scan(&org, &role); err != nil {
				return err
			}
			if role == "lead" {
				curLead = append(curLead, org)
			} else {
				curSupport = append(curSupport, org)
			}
		}
		if err := rows.Err(); err != nil {
			return err
		}
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

// storedTarget is how target_events.target keeps a catalog.Target. The tag
// names are the Go field names that version 4 of the schema wrote without
// tags ({"Op":"≥","Value":2,…}); they must never change, whatever becomes
// of catalog.Target's fields.
type storedTarget struct {
	Op        string   `json:"Op"`
	Value     *float64 `json:"Value"`
	NoDecline bool     `json:"NoDecline"`
	Condition string   `json:"Condition"`
	State     string   `json:"State"`
	NotState  string   `json:"NotState"`
	Pending   string   `json:"Pending"`
}

func storedTargetOf(t catalog.Target) storedTarget {
	return storedTarget{Op: string(t.Op), Value: t.Value, NoDecline: t.NoDecline, Condition: t.Condition,
		State: t.State, NotState: t.NotState, Pending: t.Pending}
}

func (st storedTarget) target() catalog.Target {
	return catalog.Target{Op: catalog.Comparator(st.Op), Value: st.Value, NoDecline: st.NoDecline,
		Condition: st.Condition, State: st.State, NotState: st.NotState, Pending: st.Pending}
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
		return fmt.Errorf("指标 %q 不存在或有子指标，不能设定目标值", code)
	}
	var js []byte
	if text != "" {
		t, err := catalog.ParseTarget(text)
		if err != nil {
			return fmt.Errorf("指标 %s「%s」：%w", code, ind.Name, err)
		}
		base, _, err := s.BaseCatalog()
		if err != nil {
			return err
		}
		if bi, ok := base.Indicator(code); ok && bi.Target != nil {
			t.Pending = bi.Target.Pending
			t.Condition = bi.Target.Condition
			t.NoDecline = bi.Target.NoDecline
		}
		if js, err = json.Marshal(storedTargetOf(*t)); err != nil {
			return err
		}
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
		var st storedTarget
		if err := json.Unmarshal([]byte(js), &st); err != nil {
			return nil, fmt.Errorf("指标 %s 的目标值记录损坏：%w", code, err)
		}
		e.Target = st.target()
		out[code] = e
	}
	return out, rows.Err()
}

// ValueChanges returns how many value changes the project has recorded and
// the time of the latest; latest is zero when there is none.
func (s *Store) ValueChanges() (n int, latest time.Time, err error) {
	var at string
	if err := s.db.QueryRow(`SELECT count(*), coalesce(max(at), '') FROM value_events`).Scan(&n, &at); err != nil {
		return 0, time.Time{}, translate(err)
	}
	latest, err = parseAt(at)
	return n, latest, err
}

// LatestChange returns the time of the latest change of the project's data:
// values, imports and their undoing, evidence items, their deletion and their
// history. It is zero for a project nobody has changed yet.
func (s *Store) LatestChange() (time.Time, error) {
	var latest time.Time
	for _, q := range []string{
		`SELECT coalesce(max(at), '') FROM value_events`,
		`SELECT coalesce(max(at), '') FROM imports`,
		`SELECT coalesce(max(undone_at), '') FROM imports`,
		`SELECT coalesce(max(created_at), '') FROM evidence_items`,
		`SELECT coalesce(max(deleted_at), '') FROM evidence_items`,
		`SELECT coalesce(max(at), '') FROM evidence_events`,
	} {
		var at string
		if err := s.db.QueryRow(q).Scan(&at); err != nil {
			return time.Time{}, fmt.Errorf("读取最近修改时间：%w", translate(err))
		}
		t, err := parseAt(at)
		if err != nil {
			return time.Time{}, err
		}
		if t.After(latest) {
			latest = t
		}
	}
	return latest, nil
}

// parseAt reads a recorded time (RFC 3339); "" is the zero time.
func parseAt(at string) (time.Time, error) {
	if at == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, at)
	if err != nil {
		return time.Time{}, fmt.Errorf("项目数据库中的时间 %q 无效，应为 RFC 3339 格式（如 2018-05-10T17:00:00+08:00）", at)
	}
	return t, nil
}
