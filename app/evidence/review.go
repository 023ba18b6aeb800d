package evidence

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"ecoreport/app/catalog"
	"ecoreport/app/store"
)

// transitions lists the review decisions allowed from each state:
//
//	待审   → 合格 | 需补充
//	需补充 → 已整改            (the unit resubmitted)
//	已整改 → 合格 | 需补充
//	合格   → 需补充            (a later check finds a problem; feedback required)
var transitions = map[State][]State{
	StatePending:   {StateAccepted, StateNeedsMore},
	StateNeedsMore: {StateRevised},
	StateRevised:   {StateAccepted, StateNeedsMore},
	StateAccepted:  {StateNeedsMore},
}

// CanMove reports whether a review may move an item from one state to another.
func CanMove(from, to State) bool { return slices.Contains(transitions[from], to) }

// Next returns the states a review may move an item to from its state, for a
// window to offer.
func Next(from State) []State { return slices.Clone(transitions[from]) }

// Review records a review decision on an item: 合格, 需补充 (text, the
// feedback to the unit, is required) or 已整改 (text may say what changed).
// A decision the workflow does not allow is refused with the reason.
func Review(s *store.Store, id int64, to State, text, actor string) error {
	text = strings.TrimSpace(text)
	if _, err := ParseState(string(to)); err != nil {
		return err
	}
	if to == StateNeedsMore && text == "" {
		return fmt.Errorf("标为需补充时必须写明反馈意见（缺什么、怎么补）")
	}
	return s.Update(context.Background(), func(tx *sql.Tx) error {
		_, deleted, err := readItem(tx, id)
		if err != nil {
			return err
		}
		if deleted {
			return fmt.Errorf("佐证材料 %d 已删除，不能审核", id)
		}
		from := StatePending
		var cur sql.NullString
		err = tx.QueryRow(`SELECT state FROM evidence_events WHERE item = ? AND kind = 'review' ORDER BY id DESC LIMIT 1`, id).Scan(&cur)
		if err != nil && err != sql.ErrNoRows {
			return err
		}
		if cur.Valid {
			from = State(cur.String)
		}
		if !CanMove(from, to) {
			return transitionError(id, from, to)
		}
		return addEvent(tx, Event{Item: id, Kind: KindReview, State: to, Feedback: text, Actor: actorOr(actor), At: stamp(s)})
	})
}

func transitionError(id int64, from, to State) error {
	why := ""
	switch {
	case from == to:
		why = "已经是这个状态"
	case to == StatePending:
		why = "审核过的材料不能退回待审"
	case to == StateRevised:
		why = "只有标为需补充的材料才能标为已整改"
	case from == StateNeedsMore:
		why = "需补充的材料要等报送单位整改（标为已整改）后再审核"
	}
	names := make([]string, 0, 2)
	for _, st := range transitions[from] {
		names = append(names, st.Label())
	}
	return fmt.Errorf("佐证材料 %d 当前为「%s」，不能改为「%s」：%s；可改为 %s", id, from.Label(), to.Label(), why, strings.Join(names, "、"))
}

// Feedback kinds.
const (
	FeedbackNeedsMore = "needs_more" // an item the office marked 需补充
	FeedbackMissing   = "missing"    // an indicator and year without any item
)

// FeedbackItem is one line of the itemised feedback (条目式反馈) to an
// organisation: an item to complete, with the reviewer's text, or an
// indicator and year for which nothing was submitted.
type FeedbackItem struct {
	Kind      string `json:"kind"` // FeedbackNeedsMore or FeedbackMissing
	Indicator string `json:"indicator"`
	Name      string `json:"name"` // the indicator's full name
	Year      int    `json:"year"`
	// For FeedbackNeedsMore: the item and the reviewer's decision.
	ItemID     int64  `json:"item_id,omitempty"`
	Title      string `json:"title,omitempty"`
	DocNumber  string `json:"doc_number,omitempty"`
	Feedback   string `json:"feedback"`
	ReviewedBy string `json:"reviewed_by,omitempty"`
	ReviewedAt string `json:"reviewed_at,omitempty"`
}

// OrgFeedback is the itemised feedback to one organisation.
type OrgFeedback struct {
	Org   string         `json:"org"`
	Name  string         `json:"name"`
	Items []FeedbackItem `json:"items"`
}

// FeedbackByOrg returns the itemised feedback per organisation, in the
// catalog's order of organisations: the items marked 需补充 (to the
// organisation that submitted the item, or the indicator's lead
// organisations when it names none) and, for the assessed years, every
// indicator and year without any item (to the lead organisations). An
// organisation with nothing to do is left out.
func FeedbackByOrg(s *store.Store) ([]OrgFeedback, error) {
	cat, st, err := project(s)
	if err != nil {
		return nil, err
	}
	items, err := List(s, Filter{})
	if err != nil {
		return nil, err
	}
	return Feedback(cat, st.AssessedYears, items), nil
}

// Feedback computes the itemised feedback from a catalog, the assessed years
// and the items (see FeedbackByOrg).
func Feedback(cat *catalog.Catalog, years []int, items []Item) []OrgFeedback {
	byOrg := map[string][]FeedbackItem{}
	for _, it := range items {
		if it.State != StateNeedsMore || it.DeletedAt != "" {
			continue
		}
		name := it.Indicator
		if ind, ok := cat.Indicator(it.Indicator); ok {
			name = ind.FullName()
		}
		fi := FeedbackItem{Kind: FeedbackNeedsMore, Indicator: it.Indicator, Name: name, Year: it.Year, ItemID: it.ID,
			Title: it.Title, DocNumber: it.DocNumber, Feedback: it.Feedback, ReviewedBy: it.ReviewedBy, ReviewedAt: it.ReviewedAt}
		for _, org := range responsible(cat, it) {
			byOrg[org] = append(byOrg[org], fi)
		}
	}
	for _, c := range Cells(cat, years, items) {
		if c.Items > 0 {
			continue
		}
		fi := FeedbackItem{Kind: FeedbackMissing, Indicator: c.Indicator, Name: c.Name, Year: c.Year,
			Feedback: fmt.Sprintf("%d年没有任何佐证材料，请补报", c.Year)}
		for _, org := range c.Lead {
			byOrg[org] = append(byOrg[org], fi)
		}
	}
	var out []OrgFeedback
	for _, id := range orgOrder(cat, byOrg) {
		fis := byOrg[id]
		slices.SortStableFunc(fis, func(a, b FeedbackItem) int {
			if c := catalog.CompareCodes(a.Indicator, b.Indicator); c != 0 {
				return c
			}
			return a.Year - b.Year
		})
		out = append(out, OrgFeedback{Org: id, Name: orgName(cat, id), Items: fis})
	}
	return out
}

// responsible returns who answers for an item: the organisation that
// submitted it, or else the indicator's lead organisations.
func responsible(cat *catalog.Catalog, it Item) []string {
	if it.Org != "" {
		return []string{it.Org}
	}
	if ind, ok := cat.Indicator(it.Indicator); ok {
		return ind.Leads()
	}
	return nil
}

// orgOrder returns the keys of m in the catalog's order of organisations,
// unknown IDs last.
func orgOrder[T any](cat *catalog.Catalog, m map[string]T) []string {
	var out []string
	for _, o := range cat.Organisations {
		if _, ok := m[o.ID]; ok {
			out = append(out, o.ID)
		}
	}
	var rest []string
	for id := range m {
		if _, ok := cat.Org(id); !ok {
			rest = append(rest, id)
		}
	}
	slices.Sort(rest)
	return append(out, rest...)
}

func orgName(cat *catalog.Catalog, id string) string {
	if o, ok := cat.Org(id); ok {
		return o.Name
	}
	return id
}
