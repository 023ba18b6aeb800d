package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"ecoreport/app/catalog"
)

// NarrativeField is one text field an indicator's narrative has.
type NarrativeField string

// The narrative fields of an indicator.
const (
	Measures NarrativeField = "measures" // 主要措施
	Results  NarrativeField = "results"  // 主要成效
	Problems NarrativeField = "problems" // 存在问题 (optional)
)

// NarrativeFields lists the fields in the order the documents print them.
var NarrativeFields = []NarrativeField{Measures, Results, Problems}

// MaxNarrativeChars is the longest text accepted for one field: about two
// printed pages of the 技术报告.
const MaxNarrativeChars = 3000

// Label returns the field's Chinese name.
func (f NarrativeField) Label() string {
	switch f {
	case Measures:
		return "主要措施"
	case Results:
		return "主要成效"
	case Problems:
		return "存在问题"
	}
	return string(f)
}

// ParseNarrativeField reads a field by its code or Chinese name.
func ParseNarrativeField(s string) (NarrativeField, error) {
	s = strings.TrimSpace(s)
	for _, f := range NarrativeFields {
		if s == string(f) || s == f.Label() {
			return f, nil
		}
	}
	return "", fmt.Errorf("文字栏目 %q 无效，应为 主要措施、主要成效 或 存在问题", s)
}

// NarrativeKey identifies a text: an indicator (or sub-indicator) and a field.
type NarrativeKey struct {
	Code  string
	Field NarrativeField
}

// NarrativeState is where a text stands in the office's review, as for
// evidence: 待审 → 合格 / 需补充 → 已整改 → 合格.
type NarrativeState string

// The review states of a text.
const (
	NarrativePending   NarrativeState = "pending"    // 待审
	NarrativeAccepted  NarrativeState = "accepted"   // 合格
	NarrativeNeedsMore NarrativeState = "needs_more" // 需补充
	NarrativeRevised   NarrativeState = "revised"    // 已整改 (rewritten after 需补充)
)

// Label returns the state's Chinese name.
func (s NarrativeState) Label() string {
	switch s {
	case NarrativePending:
		return "待审"
	case NarrativeAccepted:
		return "合格"
	case NarrativeNeedsMore:
		return "需补充"
	case NarrativeRevised:
		return "已整改"
	}
	return string(s)
}

// Narrative is one version of a text with where it came from.
type Narrative struct {
	ID    int64          `json:"id"`
	Code  string         `json:"indicator"`
	Field NarrativeField `json:"field"`
	Text  string         `json:"text"` // empty: the text was cleared
	At    string         `json:"at"`
	Provenance
}

// NarrativeStatus is the current text of a field with its review.
type NarrativeStatus struct {
	Narrative
	State      NarrativeState `json:"state"`
	Feedback   string         `json:"feedback,omitempty"` // the reviewer's, for 需补充
	ReviewedBy string         `json:"reviewed_by,omitempty"`
	ReviewedAt string         `json:"reviewed_at,omitempty"`
}

// CheckNarrative validates a text for a field without writing anything: a
// known indicator, a known field, at most MaxNarrativeChars characters.
// Placeholders are checked by the caller that knows the data (report/narrative).
func CheckNarrative(cat *catalog.Catalog, code string, field NarrativeField, text string) error {
	ind, ok := cat.Indicator(code)
	if !ok {
		return fmt.Errorf("指标 %s 不存在", code)
	}
	if _, err := ParseNarrativeField(string(field)); err != nil {
		return err
	}
	if n := utf8.RuneCountInString(text); n > MaxNarrativeChars {
		return fmt.Errorf("指标 %s「%s」的%s有 %d 字，超过上限 %d 字，请精简", ind.Code, ind.FullName(), field.Label(), n, MaxNarrativeChars)
	}
	return nil
}

// SetNarrative records a new version of a text (an empty text clears it).
// Writing the text it already has changes nothing.
func (s *Store) SetNarrative(ctx context.Context, n Narrative) error {
	cat, err := s.Catalog()
	if err != nil {
		return err
	}
	if err := CheckNarrative(cat, n.Code, n.Field, n.Text); err != nil {
		return err
	}
	return s.Update(ctx, func(tx *sql.Tx) error {
		_, err := s.InsertNarrative(tx, n)
		return err
	})
}

// InsertNarrative writes a version of a text inside a transaction (the
// spreadsheet import uses it) and returns its ID, or 0 when the text is the
// current one already. The caller has checked the text (CheckNarrative).
func (s *Store) InsertNarrative(tx *sql.Tx, n Narrative) (int64, error) {
	text := strings.TrimSpace(n.Text)
	var cur string
	err := tx.QueryRow(`SELECT text FROM narrative_events WHERE indicator = ? AND field = ? ORDER BY id DESC LIMIT 1`,
		n.Code, string(n.Field)).Scan(&cur)
	switch {
	case err == nil && cur == text:
		return 0, nil
	case errors.Is(err, sql.ErrNoRows) && text == "":
		return 0, nil
	case err != nil && !errors.Is(err, sql.ErrNoRows):
		return 0, err
	}
	var imp any
	if n.ImportID != 0 {
		imp = n.ImportID
	}
	actor := n.Actor
	if strings.TrimSpace(actor) == "" {
		actor = "未署名"
	}
	res, err := tx.Exec(`INSERT INTO narrative_events (indicator, field, text, org, actor, origin, import_id, file, file_sha256, sheet, cell, note, at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		n.Code, string(n.Field), text, n.Org, actor, n.Origin, imp, n.File, n.FileSHA, n.Sheet, n.Cell, n.Note, s.now())
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

const narrativeCols = `id, indicator, field, text, org, actor, origin, coalesce(import_id, 0), file, file_sha256, sheet, cell, note, at`

func scanNarrative(rows *sql.Rows) (Narrative, error) {
	var n Narrative
	var field string
	err := rows.Scan(&n.ID, &n.Code, &field, &n.Text, &n.Org, &n.Actor, &n.Origin, &n.ImportID, &n.File, &n.FileSHA,
		&n.Sheet, &n.Cell, &n.Note, &n.At)
	n.Field = NarrativeField(field)
	return n, err
}

// Narratives returns the current text of every field that has one (cleared
// texts left out), with its review state.
func (s *Store) Narratives() (map[NarrativeKey]NarrativeStatus, error) {
	rows, err := s.db.Query(`SELECT ` + narrativeCols + ` FROM narrative_events e
		WHERE id = (SELECT max(id) FROM narrative_events m WHERE m.indicator = e.indicator AND m.field = e.field)`)
	if err != nil {
		return nil, translate(err)
	}
	out := map[NarrativeKey]NarrativeStatus{}
	for rows.Next() {
		n, err := scanNarrative(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		if n.Text != "" {
			out[NarrativeKey{n.Code, n.Field}] = NarrativeStatus{Narrative: n, State: NarrativePending}
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rrows, err := s.db.Query(`SELECT indicator, field, event_id, state, feedback, actor, at FROM narrative_reviews ORDER BY id`)
	if err != nil {
		return nil, translate(err)
	}
	defer rrows.Close()
	for rrows.Next() {
		var code, field, state, feedback, actor, at string
		var event int64
		if err := rrows.Scan(&code, &field, &event, &state, &feedback, &actor, &at); err != nil {
			return nil, err
		}
		k := NarrativeKey{code, NarrativeField(field)}
		st, ok := out[k]
		if !ok {
			continue
		}
		st.Feedback, st.ReviewedBy, st.ReviewedAt = feedback, actor, at
		switch {
		case event == st.ID:
			st.State = NarrativeState(state)
		case NarrativeState(state) == NarrativeNeedsMore:
			st.State = NarrativeRevised // rewritten since the reviewer asked for more
		default:
			st.State = NarrativePending // rewritten since it was accepted
		}
		out[k] = st
	}
	return out, rrows.Err()
}

// NarrativeHistory returns every version of a text, the oldest first.
func (s *Store) NarrativeHistory(code string, field NarrativeField) ([]Narrative, error) {
	rows, err := s.db.Query(`SELECT `+narrativeCols+` FROM narrative_events WHERE indicator = ? AND field = ? ORDER BY id`, code, string(field))
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	var out []Narrative
	for rows.Next() {
		n, err := scanNarrative(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// ReviewNarrative records the office's review of a field's current text:
// accepted (合格) or needs_more (需补充, with feedback saying what is missing).
func (s *Store) ReviewNarrative(code string, field NarrativeField, state NarrativeState, feedback, actor string) error {
	feedback = strings.TrimSpace(feedback)
	if err := checkReview(state, feedback, actor); err != nil {
		return err
	}
	cur, err := s.Narratives()
	if err != nil {
		return err
	}
	st, ok := cur[NarrativeKey{code, field}]
	if !ok {
		return fmt.Errorf("指标 %s 还没有%s，无从审核", code, field.Label())
	}
	if st.State == state {
		return fmt.Errorf("指标 %s 的%s已经是「%s」", code, field.Label(), state.Label())
	}
	return s.Update(context.Background(), func(tx *sql.Tx) error {
		return s.insertReview(tx, code, field, st.ID, state, feedback, actor)
	})
}

// checkReview refuses a review without a valid state, a needs-more review
// without feedback, and a review without reviewer.
func checkReview(state NarrativeState, feedback, actor string) error {
	if state != NarrativeAccepted && state != NarrativeNeedsMore {
		return fmt.Errorf("审核结论应为「合格」或「需补充」，不能是「%s」", state.Label())
	}
	if state == NarrativeNeedsMore && feedback == "" {
		return fmt.Errorf("「需补充」时请写明需要补充什么（将写入问题反馈单）")
	}
	if strings.TrimSpace(actor) == "" {
		return fmt.Errorf("请填写审核人")
	}
	return nil
}

// insertReview records a review of the text version eventID, at s.Now.
func (s *Store) insertReview(tx *sql.Tx, code string, field NarrativeField, eventID int64, state NarrativeState, feedback, actor string) error {
	_, err := tx.Exec(`INSERT INTO narrative_reviews (indicator, field, event_id, state, feedback, actor, at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		code, string(field), eventID, string(state), feedback, actor, s.now())
	return err
}

// UndoNarratives sets every text an import wrote back to the text it
// replaced, by new versions (origin "undo"), inside the undo's transaction.
// A text changed again after the import is left alone and listed in kept.
func (s *Store) UndoNarratives(tx *sql.Tx, importID int64, actor string) (restored int, kept []string, err error) {
	rows, err := tx.Query(`SELECT id, indicator, field FROM narrative_events WHERE import_id = ? ORDER BY id`, importID)
	if err != nil {
		return 0, nil, err
	}
	type ev struct {
		id          int64
		code, field string
	}
	var evs []ev
	for rows.Next() {
		var e ev
		if err := rows.Scan(&e.id, &e.code, &e.field); err != nil {
			rows.Close()
			return 0, nil, err
		}
		evs = append(evs, e)
	}
	rows.Close()
	for _, e := range evs {
		var latest int64
		if err := tx.QueryRow(`SELECT max(id) FROM narrative_events WHERE indicator = ? AND field = ?`, e.code, e.field).Scan(&latest); err != nil {
			return 0, nil, err
		}
		if latest != e.id {
			kept = append(kept, fmt.Sprintf("指标 %s 的%s（导入后又被修改，保留现有文字）", e.code, NarrativeField(e.field).Label()))
			continue
		}
		var before string
		err := tx.QueryRow(`SELECT text FROM narrative_events WHERE indicator = ? AND field = ? AND id < ? ORDER BY id DESC LIMIT 1`,
			e.code, e.field, e.id).Scan(&before)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return 0, nil, err
		}
		if _, err := s.InsertNarrative(tx, Narrative{Code: e.code, Field: NarrativeField(e.field), Text: before,
			Provenance: Provenance{Actor: actor, Origin: "undo", Note: fmt.Sprintf("撤销导入 #%d", importID)}}); err != nil {
			return 0, nil, err
		}
		restored++
	}
	return restored, kept, nil
}
