// Package assess gathers everything the office needs to judge readiness from
// a project: the catalog in use, the current values, the evaluation with its
// overall verdict, completeness per organisation, and the consistency check.
// The command line, the reports and the window all start from Load.
package assess

import (
	"context"

	"ecoreport/app/catalog"
	"ecoreport/app/eval"
	"ecoreport/app/evidence"
	"ecoreport/app/store"
)

// Assessment is a snapshot of a project's readiness.
type Assessment struct {
	Settings     store.Settings
	Catalog      *catalog.Catalog
	CatalogInfo  store.CatalogInfo
	Values       catalog.ValueSet
	Provenance   map[catalog.ValueKey]store.ValueEvent
	Eval         *eval.Evaluation
	Completeness []eval.OrgGaps
	Findings     []catalog.Finding
	Resolutions  map[string]store.Resolution
	Targets      map[string]store.TargetEntry
	Evidence     []store.EvidenceItem
	// EvidenceCompleteness says which indicator × assessed year has an
	// accepted evidence item (合格).
	EvidenceCompleteness *evidence.Summary
	// Narratives holds the current per-indicator texts (主要措施, 主要成效,
	// 存在问题) with their review state.
	Narratives map[store.NarrativeKey]store.NarrativeStatus
	// Conditions are the prerequisites of the application (基本条件) with
	// the office's judgement of each.
	Conditions []store.Condition
}

// Load reads a project and evaluates it. Everything is read from one
// snapshot of the project (store.Snapshot): a change written meanwhile, in
// the window or by another program, is in the assessment entirely or not at
// all.
func Load(s *store.Store) (*Assessment, error) {
	a := &Assessment{}
	err := s.Snapshot(context.Background(), func(r *store.Store) error { return a.read(r) })
	if err != nil {
		return nil, err
	}
	if a.Narratives, err = s.Narratives(); err != nil {
		return nil, err
	}
	if a.Conditions, err = s.Conditions(); err != nil {
		return nil, err
	}
	a.evaluate()
	return a, nil
}

// betweenReads, when set by a test, runs after the first read of Load.
var betweenReads func()

func (a *Assessment) read(s *store.Store) error {
	var err error
	if a.Settings, err = s.Settings(); err != nil {
		return err
	}
	if a.Values, err = s.Values(); err != nil {
		return err
	}
	if betweenReads != nil {
		betweenReads()
	}
	if a.Catalog, err = s.Catalog(); err != nil {
		return err
	}
	if _, a.CatalogInfo, err = s.BaseCatalog(); err != nil {
		return err
	}
	if a.Provenance, err = s.CurrentProvenance(); err != nil {
		return err
	}
	if a.Resolutions, err = s.Resolutions(); err != nil {
		return err
	}
	if a.Targets, err = s.Targets(); err != nil {
		return err
	}
	if a.Evidence, err = s.EvidenceItems(); err != nil {
		return err
	}
	a.EvidenceCompleteness, err = evidence.Completeness(s)
	return err
}

// Rule returns the project's pass rule for the evaluation.
func (a *Assessment) Rule() eval.Rule {
	r := eval.Rule{ReferenceShare: a.Settings.PassRule.ReferenceShare, Vetoes: a.Settings.PassRule.Vetoes}
	if r.Vetoes == nil {
		r.Vetoes = a.Catalog.Vetoes
	}
	return r
}

func (a *Assessment) evaluate() {
	a.Eval = eval.Evaluate(a.Catalog, a.Values, a.Settings.Years(), a.Settings.LatestAssessedYear(), a.Rule())
	a.Completeness = eval.Completeness(a.Catalog, a.Values, a.Settings.AssessedYears)
	choices := map[string]string{}
	for id, r := range a.Resolutions {
		choices[id] = r.Choice
	}
	a.Findings = a.Catalog.Check(choices)
}

// Unresolved returns the findings that still block submission.
func (a *Assessment) Unresolved() []catalog.Finding {
	var out []catalog.Finding
	for _, f := range a.Findings {
		if f.Blocking {
			out = append(out, f)
		}
	}
	return out
}

// MissingCount is the number of values still missing for assessed years.
func (a *Assessment) MissingCount() int {
	n := 0
	seen := map[catalog.ValueKey]bool{}
	for _, g := range a.Completeness {
		for _, m := range g.Missing {
			k := catalog.ValueKey{Code: m.Code, Year: m.Year}
			if !seen[k] {
				seen[k] = true
				n++
			}
		}
	}
	return n
}

// PendingTargets lists the measurable indicators whose target is still pending.
func (a *Assessment) PendingTargets() []*catalog.Indicator {
	var out []*catalog.Indicator
	for _, ind := range a.Catalog.Leaves() {
		if ind.Target != nil && ind.Target.Kind() == catalog.Pending {
			out = append(out, ind)
		}
	}
	return out
}

// Narrative returns the current text of an indicator's field ("" when none)
// and its review state.
func (a *Assessment) Narrative(code string, f store.NarrativeField) (store.NarrativeStatus, bool) {
	n, ok := a.Narratives[store.NarrativeKey{Code: code, Field: f}]
	return n, ok && n.Text != ""
}
