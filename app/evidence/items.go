package evidence

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"ecoreport/app/catalog"
	"ecoreport/app/store"
)

// MaxTitleLength is the longest title an evidence item may have, in characters.
const MaxTitleLength = 200

// Item is an evidence item as the ledger shows it: the item, its review state
// and its attachments.
type Item struct {
	store.EvidenceItem
	// DeletedAt is set for a deleted item (only listed on request).
	DeletedAt string `json:"deleted_at,omitempty"`
	// State is the current review state; ReviewNote, ReviewedBy and
	// ReviewedAt come from the latest review decision.
	State      State  `json:"state"`
	StateLabel string `json:"state_label"`
	ReviewNote string `json:"review_note,omitempty"`
	ReviewedBy string `json:"reviewed_by,omitempty"`
	ReviewedAt string `json:"reviewed_at,omitempty"`
	// Feedback is the text of the latest 需补充 decision, kept after the
	// unit resubmitted (已整改) so that the feedback sheet can quote it.
	Feedback    string       `json:"feedback,omitempty"`
	Attachments []Attachment `json:"attachments"`
}

// Covers reports whether the item proves the given year: an item of that
// year, or one that spans the assessed years (year 0).
func (it Item) Covers(year int) bool { return it.Year == 0 || it.Year == year }

// YearLabel is the year as people read it: "2017年", or "2015—2017年" style
// "跨年度" for an item that spans the assessed years.
func (it Item) YearLabel() string {
	if it.Year == 0 {
		return "跨年度"
	}
	return fmt.Sprintf("%d年", it.Year)
}

// Draft is a new evidence item with the files to attach to it.
type Draft struct {
	store.EvidenceItem
	Files []File
}

// File is a file to attach: the name it had and its bytes.
type File struct {
	Name string
	Data []byte
}

// Add records a new evidence item (state 待审) with its files, all or nothing.
func Add(s *store.Store, d Draft, actor string) (int64, error) {
	ids, err := AddAll(s, []Draft{d}, actor)
	if err != nil {
		return 0, err
	}
	return ids[0], nil
}

// AddAll records many new evidence items in one transaction: all of them or,
// on the first error, none.
func AddAll(s *store.Store, drafts []Draft, actor string) ([]int64, error) {
	cat, st, err := project(s)
	if err != nil {
		return nil, err
	}
	actor = actorOr(actor)
	at := stamp(s)
	ids := make([]int64, 0, len(drafts))
	err = s.Update(context.Background(), func(tx *sql.Tx) error {
		for i, d := range drafts {
			e := d.EvidenceItem
			if err := check(cat, st, &e); err != nil {
				return numbered(len(drafts), i, err)
			}
			if e.Sort == 0 {
				if err := tx.QueryRow(`SELECT coalesce(max(sort), 0) + 1 FROM evidence_items WHERE indicator = ? AND year = ?`,
					e.Indicator, e.Year).Scan(&e.Sort); err != nil {
					return err
				}
			}
			if e.Origin == "" {
				e.Origin = "ledger"
			}
			id, err := s.InsertEvidence(tx, e)
			if err != nil {
				return numbered(len(drafts), i, err)
			}
			if err := addEvent(tx, Event{Item: id, Kind: KindCreate, Actor: actor, At: at}); err != nil {
				return err
			}
			for _, f := range d.Files {
				if _, err := attach(tx, id, f, actor, at); err != nil {
					return numbered(len(drafts), i, err)
				}
			}
			ids = append(ids, id)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ids, nil
}

func numbered(n, i int, err error) error {
	if n == 1 {
		return err
	}
	return fmt.Errorf("第 %d 条佐证材料：%w", i+1, err)
}

// project reads what validation needs: the catalog in use and the settings.
func project(s *store.Store) (*catalog.Catalog, store.Settings, error) {
	cat, err := s.Catalog()
	if err != nil {
		return nil, store.Settings{}, err
	}
	st, err := s.Settings()
	return cat, st, err
}

// check validates an item a person entered and normalises it: the
// organisation becomes its ID, the date YYYY-MM-DD, the class its letter.
func check(cat *catalog.Catalog, st store.Settings, e *store.EvidenceItem) error {
	e.Title = strings.TrimSpace(e.Title)
	if e.Title == "" {
		return errors.New("佐证材料名称不能为空")
	}
	if n := utf8.RuneCountInString(e.Title); n > MaxTitleLength {
		return fmt.Errorf("佐证材料名称过长（%d 字），上限 %d 字", n, MaxTitleLength)
	}
	e.Indicator = strings.TrimSpace(e.Indicator)
	if _, ok := cat.Indicator(e.Indicator); !ok {
		return fmt.Errorf("指标 %q 不存在", e.Indicator)
	}
	if e.Year != 0 && !st.HasYear(e.Year) {
		return fmt.Errorf("年度 %d 不属于本项目（考核年度 %s）；跨年度的材料年度填 0", e.Year, yearsText(st.Years()))
	}
	class, err := ParseClass(e.Class)
	if err != nil {
		return err
	}
	e.Class = class
	if e.Org != "" {
		o, ok := cat.FindOrg(e.Org)
		if !ok {
			return fmt.Errorf("单位 %q 不存在", e.Org)
		}
		e.Org = o.ID
	}
	if e.IssuedOn, err = normalDate(e.IssuedOn); err != nil {
		return err
	}
	if e.Pages < 0 || e.Pages > 100000 {
		return fmt.Errorf("页数 %d 无效", e.Pages)
	}
	e.DocNumber = strings.TrimSpace(e.DocNumber)
	e.Issuer = strings.TrimSpace(e.Issuer)
	return nil
}

func yearsText(ys []int) string {
	parts := make([]string, len(ys))
	for i, y := range ys {
		parts[i] = strconv.Itoa(y)
	}
	return strings.Join(parts, "、")
}

var dateRE = regexp.MustCompile(`^(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?$`)

// normalDate accepts 2017-02-24, 2017/2/24, 2017.2.24 and 2017年2月24日 and
// returns YYYY-MM-DD; empty stays empty.
func normalDate(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	m := dateRE.FindStringSubmatch(s)
	if m == nil {
		return "", fmt.Errorf("成文日期 %q 无效，应写成 2017-02-24", s)
	}
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	d, _ := strconv.Atoi(m[3])
	out := fmt.Sprintf("%04d-%02d-%02d", y, mo, d)
	if _, err := parseDay(out); err != nil {
		return "", fmt.Errorf("成文日期 %q 无效（没有这一天）", s)
	}
	return out, nil
}

// Edit changes an item: fn receives a copy of the item and changes what it
// wants; the fields that changed are checked, written and kept in history
// (who, when, old and new value). Nothing changed, nothing written.
func Edit(s *store.Store, id int64, actor string, fn func(e *store.EvidenceItem)) error {
	cat, st, err := project(s)
	if err != nil {
		return err
	}
	return s.Update(context.Background(), func(tx *sql.Tx) error {
		cur, deleted, err := readItem(tx, id)
		if err != nil {
			return err
		}
		if deleted {
			return fmt.Errorf("佐证材料 %d 已删除，不能修改", id)
		}
		next := cur
		fn(&next)
		next.ID, next.FileSHA256, next.FileName, next.Origin, next.CreatedAt = cur.ID, cur.FileSHA256, cur.FileName, cur.Origin, cur.CreatedAt
		if err := check(cat, st, &next); err != nil {
			return err
		}
		changes := diff(cur, next)
		if len(changes) == 0 {
			return nil
		}
		if _, err := tx.Exec(`UPDATE evidence_items SET indicator = ?, year = ?, title = ?, doc_number = ?, issuer = ?,
			issued_on = ?, pages = ?, class = ?, org = ?, sort = ? WHERE id = ?`,
			next.Indicator, next.Year, next.Title, next.DocNumber, next.Issuer, next.IssuedOn, next.Pages, next.Class,
			next.Org, next.Sort, id); err != nil {
			return err
		}
		return addEvent(tx, Event{Item: id, Kind: KindEdit, Changes: changes, Actor: actorOr(actor), At: stamp(s)})
	})
}

// diff lists the editable fields that differ between two versions of an item.
func diff(a, b store.EvidenceItem) []Change {
	var out []Change
	add := func(field, old, new string) {
		if old != new {
			out = append(out, Change{Field: field, Label: fieldLabels[field], Old: old, New: new})
		}
	}
	add("indicator", a.Indicator, b.Indicator)
	add("year", strconv.Itoa(a.Year), strconv.Itoa(b.Year))
	add("title", a.Title, b.Title)
	add("doc_number", a.DocNumber, b.DocNumber)
	add("issuer", a.Issuer, b.Issuer)
	add("date", a.IssuedOn, b.IssuedOn)
	add("pages", strconv.Itoa(a.Pages), strconv.Itoa(b.Pages))
	add("class", a.Class, b.Class)
	add("org", a.Org, b.Org)
	add("sort", strconv.Itoa(a.Sort), strconv.Itoa(b.Sort))
	return out
}

var fieldLabels = map[string]string{
	"indicator": "指标", "year": "年度", "title": "名称", "doc_number": "文号", "issuer": "发文机关",
	"date": "成文日期", "pages": "页数", "class": "分类", "org": "报送单位", "sort": "排序",
}

// Delete marks an item deleted (it stays in the database and its history);
// reason is kept with the deletion.
func Delete(s *store.Store, id int64, actor, reason string) error {
	return s.Update(context.Background(), func(tx *sql.Tx) error {
		_, deleted, err := readItem(tx, id)
		if err != nil {
			return err
		}
		if deleted {
			return fmt.Errorf("佐证材料 %d 已删除", id)
		}
		at := stamp(s)
		if _, err := tx.Exec(`UPDATE evidence_items SET deleted_at = ? WHERE id = ?`, at, id); err != nil {
			return err
		}
		return addEvent(tx, Event{Item: id, Kind: KindDelete, Feedback: strings.TrimSpace(reason), Actor: actorOr(actor), At: at})
	})
}

// readItem reads one item inside a transaction.
func readItem(tx *sql.Tx, id int64) (store.EvidenceItem, bool, error) {
	var e store.EvidenceItem
	var deleted sql.NullString
	err := tx.QueryRow(`SELECT id, indicator, year, title, doc_number, issuer, issued_on, pages, class, org, sort,
		file_sha256, file_name, origin, created_at, deleted_at FROM evidence_items WHERE id = ?`, id).
		Scan(&e.ID, &e.Indicator, &e.Year, &e.Title, &e.DocNumber, &e.Issuer, &e.IssuedOn, &e.Pages, &e.Class, &e.Org,
			&e.Sort, &e.FileSHA256, &e.FileName, &e.Origin, &e.CreatedAt, &deleted)
	if errors.Is(err, sql.ErrNoRows) {
		return e, false, fmt.Errorf("佐证材料 %d 不存在", id)
	}
	return e, deleted.Valid, err
}

// Filter selects items for List. Zero values select everything.
type Filter struct {
	// Indicator selects an indicator; a parent ("9") includes its
	// sub-indicators ("9.1", "9.2").
	Indicator string
	// Year selects the items of a year; spanning items (year 0) are included
	// when SpanningToo is set.
	Year        int
	SpanningToo bool
	// Org selects the items an organisation (ID) submitted.
	Org string
	// State selects a review state.
	State State
	// Deleted includes deleted items.
	Deleted bool

	id int64 // one item (Get)
}

// List returns the items the filter selects, with their review state and
// attachments, in ledger order (indicator, year, order).
func List(s *store.Store, f Filter) ([]Item, error) {
	q := `SELECT i.id, i.indicator, i.year, i.title, i.doc_number, i.issuer, i.issued_on, i.pages, i.class, i.org, i.sort,
		i.file_sha256, i.file_name, i.origin, i.created_at, coalesce(i.deleted_at, ''),
		coalesce(r.state, 'pending'), coalesce(r.feedback, ''), coalesce(r.actor, ''), coalesce(r.at, ''),
		coalesce((SELECT feedback FROM evidence_events n WHERE n.item = i.id AND n.kind = 'review' AND n.state = 'needs_more'
			ORDER BY n.id DESC LIMIT 1), '')
		FROM evidence_items i
		LEFT JOIN evidence_events r ON r.id = (SELECT max(id) FROM evidence_events m WHERE m.item = i.id AND m.kind = 'review')
		WHERE 1 = 1`
	var args []any
	if !f.Deleted {
		q += ` AND i.deleted_at IS NULL`
	}
	if f.Indicator != "" {
		q += ` AND (i.indicator = ? OR i.indicator LIKE ?)`
		args = append(args, f.Indicator, f.Indicator+".%")
	}
	if f.Year != 0 {
		if f.SpanningToo {
			q += ` AND (i.year = ? OR i.year = 0)`
		} else {
			q += ` AND i.year = ?`
		}
		args = append(args, f.Year)
	}
	if f.id != 0 {
		q += ` AND i.id = ?`
		args = append(args, f.id)
	}
	if f.Org != "" {
		q += ` AND i.org = ?`
		args = append(args, f.Org)
	}
	rows, err := s.DB().Query(q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Item
	for rows.Next() {
		var it Item
		e := &it.EvidenceItem
		var state string
		if err := rows.Scan(&e.ID, &e.Indicator, &e.Year, &e.Title, &e.DocNumber, &e.Issuer, &e.IssuedOn, &e.Pages,
			&e.Class, &e.Org, &e.Sort, &e.FileSHA256, &e.FileName, &e.Origin, &e.CreatedAt, &it.DeletedAt,
			&state, &it.ReviewNote, &it.ReviewedBy, &it.ReviewedAt, &it.Feedback); err != nil {
			return nil, err
		}
		it.State = State(state)
		it.StateLabel = it.State.Label()
		if f.State != "" && it.State != f.State {
			continue
		}
		it.Attachments = []Attachment{}
		out = append(out, it)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := fillAttachments(s, out); err != nil {
		return nil, err
	}
	slices.SortStableFunc(out, func(a, b Item) int { return store.CompareEvidence(a.EvidenceItem, b.EvidenceItem) })
	return out, nil
}

// Get returns one item (also a deleted one) with its state and attachments.
func Get(s *store.Store, id int64) (Item, error) {
	items, err := List(s, Filter{Deleted: true, id: id})
	if err != nil {
		return Item{}, err
	}
	if len(items) == 0 {
		return Item{}, fmt.Errorf("佐证材料 %d 不存在", id)
	}
	return items[0], nil
}

// Event kinds of an item's history.
const (
	KindCreate = "create"
	KindEdit   = "edit"
	KindDelete = "delete"
	KindAttach = "attach"
	KindDetach = "detach"
	KindReview = "review"
)

// Event is one entry of an item's history: who did what, when.
type Event struct {
	ID       int64    `json:"id"`
	Item     int64    `json:"item"`
	Kind     string   `json:"kind"`
	State    State    `json:"state,omitempty"`    // review events
	Feedback string   `json:"feedback,omitempty"` // the reviewer's text, or a note
	Changes  []Change `json:"changes,omitempty"`  // edit events
	Actor    string   `json:"actor"`
	At       string   `json:"at"`
}

// Change is one field of an edit: its old and new value.
type Change struct {
	Field string `json:"field"`
	Label string `json:"label"` // the field's Chinese name
	Old   string `json:"old"`
	New   string `json:"new"`
}

// Describe says what the event did, in Chinese.
func (ev Event) Describe() string {
	switch ev.Kind {
	case KindCreate:
		return "登记"
	case KindEdit:
		parts := make([]string, len(ev.Changes))
		for i, c := range ev.Changes {
			parts[i] = fmt.Sprintf("%s：%s → %s", c.Label, orDash(c.Old), orDash(c.New))
		}
		return "修改 " + strings.Join(parts, "；")
	case KindDelete:
		return withNote("删除", ev.Feedback, "理由")
	case KindAttach:
		return withNote("添加附件", ev.Feedback, "")
	case KindDetach:
		return withNote("移除附件", ev.Feedback, "")
	case KindReview:
		return withNote("审核："+ev.State.Label(), ev.Feedback, "意见")
	}
	return ev.Kind
}

func withNote(what, note, label string) string {
	switch {
	case note == "":
		return what
	case label == "":
		return what + " " + note
	}
	return what + "（" + label + "：" + note + "）"
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func addEvent(tx *sql.Tx, ev Event) error {
	var changes string
	if len(ev.Changes) > 0 {
		b, err := json.Marshal(ev.Changes)
		if err != nil {
			return err
		}
		changes = string(b)
	}
	var state any
	if ev.State != "" {
		state = string(ev.State)
	}
	_, err := tx.Exec(`INSERT INTO evidence_events (item, kind, state, feedback, changes, actor, at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		ev.Item, ev.Kind, state, ev.Feedback, changes, ev.Actor, ev.At)
	return err
}

// History returns an item's history, oldest first. An item recorded by
// another part of the program (the demo loader, an import) starts with a
// 登记 entry made from its creation time and origin.
func History(s *store.Store, id int64) ([]Event, error) {
	it, err := Get(s, id)
	if err != nil {
		return nil, err
	}
	rows, err := s.DB().Query(`SELECT id, item, kind, coalesce(state, ''), feedback, changes, actor, at
		FROM evidence_events WHERE item = ? ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		var ev Event
		var state, changes string
		if err := rows.Scan(&ev.ID, &ev.Item, &ev.Kind, &state, &ev.Feedback, &changes, &ev.Actor, &ev.At); err != nil {
			return nil, err
		}
		ev.State = State(state)
		if changes != "" {
			if err := json.Unmarshal([]byte(changes), &ev.Changes); err != nil {
				return nil, fmt.Errorf("佐证材料 %d 的历史记录 %d 损坏：%w", id, ev.ID, err)
			}
		}
		out = append(out, ev)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 || out[0].Kind != KindCreate {
		actor := it.Origin
		if actor == "demo" {
			actor = store.DemoActor
		}
		out = append([]Event{{Item: id, Kind: KindCreate, Actor: actorOr(actor), At: it.CreatedAt}}, out...)
	}
	return out, nil
}
