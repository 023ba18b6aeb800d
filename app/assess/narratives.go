package assess

import (
	"slices"
	"sort"

	"ecoreport/app/catalog"
	"ecoreport/app/store"
)

// RequiredNarratives are the texts every indicator needs before submission
// (存在问题 is optional).
var RequiredNarratives = []store.NarrativeField{store.Measures, store.Results}

// NarrativeGaps returns the required texts that are missing (indicator ×
// field, in catalog order) and the texts not accepted yet (待审, 需补充,
// 已整改), the one definition of narrative readiness that check, the
// reports and 材料清单 count.
func (a *Assessment) NarrativeGaps() (missing []store.NarrativeKey, pending []store.NarrativeStatus) {
	for _, ind := range a.Catalog.Indicators {
		for _, f := range RequiredNarratives {
			if _, ok := a.Narrative(ind.Code, f); !ok {
				missing = append(missing, store.NarrativeKey{Code: ind.Code, Field: f})
			}
		}
	}
	for _, n := range a.Narratives {
		if n.Text != "" && n.State != store.NarrativeAccepted {
			pending = append(pending, n)
		}
	}
	sort.Slice(pending, func(i, j int) bool {
		if c := catalog.CompareCodes(pending[i].Code, pending[j].Code); c != 0 {
			return c < 0
		}
		return slices.Index(store.NarrativeFields, pending[i].Field) < slices.Index(store.NarrativeFields, pending[j].Field)
	})
	return missing, pending
}
