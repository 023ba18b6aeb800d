package assess

import (
	"encoding/json"

	"ecoreport/app/catalog"
	"ecoreport/app/eval"
	"ecoreport/app/store"
)

// CheckSchema names the version of the JSON that `ecoreport-cli check --json`
// writes. Fields are only ever added under the same name.
const CheckSchema = "ecoreport.check/1"

// CheckJSON is the stable JSON form of an assessment (documented in README).
type CheckJSON struct {
	Schema       string          `json:"schema"`
	Project      ProjectJSON     `json:"project"`
	Indicators   []IndicatorJSON `json:"indicators"`
	Verdict      eval.Verdict    `json:"verdict"`
	Completeness []eval.OrgGaps  `json:"completeness"`
	Consistency  ConsistencyJSON `json:"consistency"`
	Readiness    ReadinessJSON   `json:"readiness"`
}

// ProjectJSON describes the project.
type ProjectJSON struct {
	Name            string `json:"name"`
	District        string `json:"district"`
	Sample          bool   `json:"sample"`
	CatalogID       string `json:"catalog_id"`
	CatalogVersion  string `json:"catalog_version"`
	CatalogSHA256   string `json:"catalog_sha256"`
	AssessedYears   []int  `json:"assessed_years"`
	MonitoringYears []int  `json:"monitoring_years"`
}

// IndicatorJSON is an indicator with its results, one per project year.
type IndicatorJSON struct {
	Code        string          `json:"code"`
	Name        string          `json:"name"`
	MeasureUnit string          `json:"measure_unit"`
	Target      string          `json:"target"`
	Attribute   string          `json:"attribute"`
	Domain      string          `json:"domain"`
	TaskGroup   int             `json:"task_group"`
	Lead        []string        `json:"lead"`
	Support     []string        `json:"support"`
	Veto        bool            `json:"veto"`
	Results     []eval.Result   `json:"results"`
	Subs        []IndicatorJSON `json:"subs,omitempty"`
}

// ConsistencyJSON is the consistency check.
type ConsistencyJSON struct {
	Unresolved int               `json:"unresolved"`
	Findings   []catalog.Finding `json:"findings"`
}

// ReadinessJSON says what still stands between the project and submission.
type ReadinessJSON struct {
	UnresolvedFindings int      `json:"unresolved_findings"`
	MissingValues      int      `json:"missing_values"`
	PendingTargets     []string `json:"pending_targets"`
	// EvidenceShare is the share of indicator × assessed year cells with an
	// accepted evidence item; EvidenceMissing counts the others.
	EvidenceShare   float64 `json:"evidence_share"`
	EvidenceMissing int     `json:"evidence_missing"`
	// NarrativesMissing counts the required indicator texts (主要措施,
	// 主要成效) not written; NarrativesPending the texts not accepted yet.
	NarrativesMissing int `json:"narratives_missing"`
	NarrativesPending int `json:"narratives_pending"`
	// ConditionsNotMet counts the prerequisites judged 不满足 (blocking);
	// ConditionsUnconfirmed those still 待确认 (listed, not blocking).
	ConditionsNotMet      int `json:"conditions_not_met"`
	ConditionsUnconfirmed int `json:"conditions_unconfirmed"`
}

// JSON returns the assessment in its stable JSON form.
func (a *Assessment) JSON() CheckJSON {
	out := CheckJSON{
		Schema: CheckSchema,
		Project: ProjectJSON{
			Name: a.Settings.Name, District: a.Settings.District, Sample: a.Settings.Sample,
			CatalogID: a.CatalogInfo.ID, CatalogVersion: a.CatalogInfo.Version, CatalogSHA256: a.CatalogInfo.SHA256,
			AssessedYears: a.Settings.AssessedYears, MonitoringYears: nonNilInts(a.Settings.MonitoringYears),
		},
		Verdict:      a.Eval.Verdict,
		Completeness: a.Completeness,
		Consistency:  ConsistencyJSON{Unresolved: catalog.Unresolved(a.Findings), Findings: a.Findings},
		Readiness: ReadinessJSON{
			UnresolvedFindings: catalog.Unresolved(a.Findings),
			MissingValues:      a.MissingCount(),
			PendingTargets:     []string{},
		},
	}
	if out.Completeness == nil {
		out.Completeness = []eval.OrgGaps{}
	}
	if out.Consistency.Findings == nil {
		out.Consistency.Findings = []catalog.Finding{}
	}
	if ec := a.EvidenceCompleteness; ec != nil {
		out.Readiness.EvidenceShare = ec.Share
		out.Readiness.EvidenceMissing = ec.Total - ec.Complete
	}
	for _, ind := range a.PendingTargets() {
		out.Readiness.PendingTargets = append(out.Readiness.PendingTargets, ind.Code)
	}
	missing, pending := a.NarrativeGaps()
	out.Readiness.NarrativesMissing, out.Readiness.NarrativesPending = len(missing), len(pending)
	for _, c := range a.Conditions {
		switch c.State {
		case store.ConditionNotMet:
			out.Readiness.ConditionsNotMet++
		case store.ConditionUnconfirmed:
			out.Readiness.ConditionsUnconfirmed++
		}
	}
	for i := range a.Catalog.Indicators {
		ind := &a.Catalog.Indicators[i]
		j := a.indicatorJSON(ind)
		for k := range ind.Subs {
			j.Subs = append(j.Subs, a.indicatorJSON(&ind.Subs[k]))
		}
		out.Indicators = append(out.Indicators, j)
	}
	return out
}

func (a *Assessment) indicatorJSON(ind *catalog.Indicator) IndicatorJSON {
	dom := ""
	if d, ok := a.Catalog.Domain(ind.Domain); ok {
		dom = d.Name
	}
	j := IndicatorJSON{
		Code: ind.Code, Name: ind.Name, MeasureUnit: ind.MeasureUnit, Attribute: string(ind.Attribute),
		Domain: dom, TaskGroup: ind.TaskGroup, Lead: a.names(ind.Lead), Support: a.names(ind.Support),
		Veto: a.Catalog.IsVeto(ind.Code) && !ind.IsSub(), Results: a.Eval.Results[ind.Code],
	}
	if ind.Target != nil {
		j.Target = ind.Target.Format(ind.MeasureUnit)
	}
	if j.Results == nil {
		j.Results = []eval.Result{}
	}
	return j
}

func (a *Assessment) names(ids []string) []string {
	out := []string{}
	for _, id := range ids {
		if o, ok := a.Catalog.Org(id); ok {
			out = append(out, o.Name)
		} else {
			out = append(out, id)
		}
	}
	return out
}

func nonNilInts(s []int) []int {
	if s == nil {
		return []int{}
	}
	return s
}

// MarshalIndent is a helper for commands that print JSON.
func MarshalIndent(v any) ([]byte, error) {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}
