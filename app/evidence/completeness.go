package evidence

import (
	"ecoreport/app/catalog"
	"ecoreport/app/store"
)

// Cell is one indicator and assessed year of the evidence grid: how many items
// prove it and in which states. Indicators are the measurable ones (every
// indicator without sub-indicators and every sub-indicator); an item filed
// under a parent ("9") counts for each of its sub-indicators, and an item
// spanning the years (year 0) for each year.
type Cell struct {
	Indicator string   `json:"indicator"`
	Name      string   `json:"name"`
	Year      int      `json:"year"`
	Lead      []string `json:"lead"` // the indicator's lead organisations
	Items     int      `json:"items"`
	Accepted  int      `json:"accepted"`
	NeedsMore int      `json:"needs_more"`
	InReview  int      `json:"in_review"` // 待审 or 已整改
}

// Complete reports whether the cell has at least one accepted item (合格).
func (c Cell) Complete() bool { return c.Accepted > 0 }

// Status says in Chinese where the cell stands: 已完成, 待审核, 需补充 or 缺材料.
func (c Cell) Status() string {
	switch {
	case c.Accepted > 0:
		return "已完成"
	case c.InReview > 0:
		return "待审核"
	case c.NeedsMore > 0:
		return "需补充"
	}
	return "缺材料"
}

// Cells returns the evidence grid: every measurable indicator × year, in
// catalog order. Deleted items do not count.
func Cells(cat *catalog.Catalog, years []int, items []Item) []Cell {
	byCode := map[string][]Item{}
	for _, it := range items {
		if it.DeletedAt == "" {
			byCode[it.Indicator] = append(byCode[it.Indicator], it)
		}
	}
	var out []Cell
	for _, ind := range cat.Leaves() {
		proof := byCode[ind.Code]
		if ind.Parent != nil {
			proof = append(append([]Item(nil), proof...), byCode[ind.Parent.Code]...)
		}
		for _, y := range years {
			c := Cell{Indicator: ind.Code, Name: ind.FullName(), Year: y, Lead: ind.Leads()}
			for _, it := range proof {
				if !it.Covers(y) {
					continue
				}
				c.Items++
				switch it.State {
				case StateAccepted:
					c.Accepted++
				case StateNeedsMore:
					c.NeedsMore++
				default:
					c.InReview++
				}
			}
			out = append(out, c)
		}
	}
	return out
}

// OrgCompleteness is the evidence completeness of one lead organisation.
type OrgCompleteness struct {
	Org      string `json:"org"`
	Name     string `json:"name"`
	Total    int    `json:"total"`
	Complete int    `json:"complete"`
	Missing  []Cell `json:"missing"` // cells without an accepted item
}

// Summary is the completeness of a project's evidence: every indicator and
// assessed year needs at least one accepted item (合格).
type Summary struct {
	Years    []int   `json:"years"`
	Total    int     `json:"total"`    // indicator × year cells
	Complete int     `json:"complete"` // cells with an accepted item
	Share    float64 `json:"share"`    // Complete / Total, 0…1: feeds overall readiness
	// Counts of items by review state (deleted items left out).
	States  map[State]int     `json:"states"`
	Missing []Cell            `json:"missing"`
	ByOrg   []OrgCompleteness `json:"by_org"` // lead organisations in catalog order
}

// Completeness computes the evidence completeness of a project over its
// assessed years.
func Completeness(s *store.Store) (*Summary, error) {
	cat, st, err := project(s)
	if err != nil {
		return nil, err
	}
	items, err := List(s, Filter{})
	if err != nil {
		return nil, err
	}
	return Summarise(cat, st.AssessedYears, items), nil
}

// Summarise computes the completeness from a catalog, the years and the items
// (see Completeness).
func Summarise(cat *catalog.Catalog, years []int, items []Item) *Summary {
	sum := &Summary{Years: years, States: map[State]int{}, Missing: []Cell{}, ByOrg: []OrgCompleteness{}}
	for _, st := range States {
		sum.States[st] = 0
	}
	for _, it := range items {
		if it.DeletedAt == "" {
			sum.States[it.State]++
		}
	}
	byOrg := map[string]*OrgCompleteness{}
	for _, c := range Cells(cat, years, items) {
		sum.Total++
		if c.Complete() {
			sum.Complete++
		} else {
			sum.Missing = append(sum.Missing, c)
		}
		for _, org := range c.Lead {
			oc := byOrg[org]
			if oc == nil {
				oc = &OrgCompleteness{Org: org, Name: orgName(cat, org), Missing: []Cell{}}
				byOrg[org] = oc
			}
			oc.Total++
			if c.Complete() {
				oc.Complete++
			} else {
				oc.Missing = append(oc.Missing, c)
			}
		}
	}
	if sum.Total > 0 {
		sum.Share = float64(sum.Complete) / float64(sum.Total)
	}
	for _, id := range orgOrder(cat, byOrg) {
		sum.ByOrg = append(sum.ByOrg, *byOrg[id])
	}
	return sum
}
