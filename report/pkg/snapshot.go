package pkg

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"ecoreport/app/assess"
	"ecoreport/app/catalog"
	"ecoreport/app/eval"
	"ecoreport/app/store"
	"ecoreport/report/layout"
)

// Snapshot identifies the data a package was built from.
type Snapshot struct {
	Project        string    `json:"project"`
	District       string    `json:"district"`
	Sample         bool      `json:"sample"`
	CatalogID      string    `json:"catalog_id"`
	CatalogVersion string    `json:"catalog_version"`
	CatalogSHA256  string    `json:"catalog_sha256"`
	SchemaVersion  int       `json:"schema_version"`
	AssessedYears  []int     `json:"assessed_years"`
	Indicators     int       `json:"indicators"`
	SubIndicators  int       `json:"sub_indicators"`
	Values         int       `json:"values"`
	ValueEvents    int       `json:"value_events"`
	EvidenceItems  int       `json:"evidence_items"`
	Organisations  int       `json:"organisations"`
	Chapters       int       `json:"chapters"`
	LatestChange   time.Time `json:"latest_change"` // latest value_events.at (the catalog's added_at when none)
}

// Issue is one thing that stands between the package and submission.
type Issue struct {
	Kind      string `json:"kind"` // disagreement | missing_value | target_pending | evidence_gap | attachment
	Label     string `json:"label"`
	Indicator string `json:"indicator,omitempty"`
	Year      int    `json:"year,omitempty"`
	Detail    string `json:"detail"`
}

// Issue kinds and their Chinese names.
const (
	IssueDisagreement  = "disagreement"
	IssueMissingValue  = "missing_value"
	IssueTargetPending = "target_pending"
	IssueEvidenceGap   = "evidence_gap"
	// An indicator without its 主要措施 or 主要成效 text, and a text the
	// office has not accepted yet (待审, 需补充, 已整改).
	IssueNarrativeMissing = "narrative_missing"
	IssueNarrativePending = "narrative_pending"
	// IssueAttachment: an attached file the evidence binder could not
	// include (found when the package is built).
	IssueAttachment = "attachment"
	// IssueConditionNotMet: a prerequisite of the application (基本条件)
	// the office judged 不满足. One still 待确认 is a warning
	// (ConditionWarnings), not an issue.
	IssueConditionNotMet = "condition_not_met"
)

var issueLabels = map[string]string{
	IssueDisagreement:     "未裁定的附件分歧",
	IssueMissingValue:     "缺少考核年度数据",
	IssueTargetPending:    "目标值待定",
	IssueEvidenceGap:      "缺少合格佐证材料",
	IssueNarrativeMissing: "缺少指标说明文字",
	IssueNarrativePending: "指标说明文字待审",
	IssueAttachment:       "附件无法编入汇编",
	IssueConditionNotMet:  "基本条件不满足",
}

// conditionIssues lists the prerequisites judged 不满足.
func conditionIssues(a *assess.Assessment) []Issue {
	var out []Issue
	for _, c := range a.Conditions {
		if c.State == store.ConditionNotMet {
			out = append(out, Issue{Kind: IssueConditionNotMet, Label: issueLabels[IssueConditionNotMet],
				Detail: fmt.Sprintf("基本条件 %s“%s”不满足", c.Key, c.Title)})
		}
	}
	return out
}

// ConditionWarnings lists the prerequisites still 待确认: shown with what is
// not ready, but not blocking a strict build.
func ConditionWarnings(a *assess.Assessment) []string {
	var out []string
	for _, c := range a.Conditions {
		if c.State == store.ConditionUnconfirmed {
			out = append(out, fmt.Sprintf("基本条件 %s“%s”待确认", c.Key, c.Title))
		}
	}
	return out
}

// narrativeIssues lists, per indicator, the required texts that are missing
// ("指标 N 缺少主要措施说明") and every text not accepted yet (待审), by
// assess.NarrativeGaps.
func narrativeIssues(a *assess.Assessment) []Issue {
	var out []Issue
	missing, pending := a.NarrativeGaps()
	for _, k := range missing {
		name := k.Code
		if ind, ok := a.Catalog.Indicator(k.Code); ok {
			name = ind.Name
		}
		out = append(out, Issue{Kind: IssueNarrativeMissing, Label: issueLabels[IssueNarrativeMissing], Indicator: k.Code,
			Detail: fmt.Sprintf("指标 %s 缺少%s说明（%s）", k.Code, k.Field.Label(), name)})
	}
	for _, n := range pending {
		name := n.Code
		if ind, ok := a.Catalog.Indicator(n.Code); ok {
			name = ind.FullName()
		}
		out = append(out, Issue{Kind: IssueNarrativePending, Label: issueLabels[IssueNarrativePending], Indicator: n.Code,
			Detail: fmt.Sprintf("指标 %s 的%s尚未审核通过（%s，当前状态：%s）", n.Code, n.Field.Label(), name, n.State.Label())})
	}
	return out
}

func loadSnapshot(s *store.Store, a *assess.Assessment, chapters int) (Snapshot, error) {
	sn := Snapshot{
		Project: a.Settings.Name, District: a.Settings.District, Sample: a.Settings.Sample,
		CatalogID: a.CatalogInfo.ID, CatalogVersion: a.CatalogInfo.Version, CatalogSHA256: a.CatalogInfo.SHA256,
		AssessedYears: a.Settings.AssessedYears, Indicators: len(a.Catalog.Indicators),
		Values: len(a.Values), EvidenceItems: len(a.Evidence), Chapters: chapters,
	}
	for _, ind := range a.Catalog.Indicators {
		sn.SubIndicators += len(ind.Subs)
	}
	for _, o := range a.Catalog.Organisations {
		if o.Kind != catalog.KindGroup {
			sn.Organisations++
		}
	}
	var err error
	if sn.SchemaVersion, err = s.SchemaVersion(); err != nil {
		return sn, err
	}
	var latest time.Time
	if sn.ValueEvents, latest, err = s.ValueChanges(); err != nil {
		return sn, fmt.Errorf("读取数据快照：%w", err)
	}
	if latest.IsZero() {
		if latest, err = time.Parse(time.RFC3339, a.CatalogInfo.AddedAt); err != nil {
			latest = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
		}
	}
	sn.LatestChange = latest
	return sn, nil
}

// topCode is the top-level indicator of a code: "9.1" → "9".
func topCode(code string) string {
	top, _, _ := strings.Cut(code, ".")
	return top
}

// evidenceGaps lists the evidence cells that are not complete, by the one
// definition of evidence readiness (evidence.Summarise, carried by the
// assessment): every measurable indicator × assessed year needs an accepted
// (合格) item. check, the overview, the 佐证材料 screen, the report and
// 材料清单 all count these cells.
func evidenceGaps(a *assess.Assessment) []Issue {
	if a.EvidenceCompleteness == nil {
		return nil
	}
	var out []Issue
	for _, c := range a.EvidenceCompleteness.Missing {
		state := "缺材料"
		switch c.Status() {
		case "待审核":
			state = "材料待审核"
		case "需补充":
			state = "材料需补充"
		}
		out = append(out, Issue{Kind: IssueEvidenceGap, Label: issueLabels[IssueEvidenceGap], Indicator: c.Indicator, Year: c.Year,
			Detail: fmt.Sprintf("指标 %s“%s”%d年没有合格的佐证材料（%s）", c.Indicator, c.Name, c.Year, state)})
	}
	return out
}

// NotReady lists what is not ready for submission: unresolved
// disagreements, missing values, pending targets and evidence gaps.
func NotReady(a *assess.Assessment) []Issue {
	var out []Issue
	for _, f := range a.Unresolved() {
		out = append(out, Issue{Kind: IssueDisagreement, Label: issueLabels[IssueDisagreement], Indicator: f.Indicator,
			Detail: fmt.Sprintf("%s%s：%s（未裁定，见附录五）", f.Subject, catalog.FieldLabel(f.Field), summaryOf(f))})
	}
	seen := map[string]bool{}
	var gaps []eval.Gap
	for _, g := range a.Completeness {
		for _, m := range g.Missing {
			k := fmt.Sprint(m.Code, "|", m.Year)
			if !seen[k] {
				seen[k] = true
				gaps = append(gaps, m)
			}
		}
	}
	sort.SliceStable(gaps, func(i, j int) bool {
		if c := catalog.CompareCodes(gaps[i].Code, gaps[j].Code); c != 0 {
			return c < 0
		}
		return gaps[i].Year < gaps[j].Year
	})
	for _, m := range gaps {
		ind, _ := a.Catalog.Indicator(m.Code)
		who := ""
		if ind != nil {
			who = "，牵头单位：" + a.Catalog.OrgNames(ind.Leads())
		}
		out = append(out, Issue{Kind: IssueMissingValue, Label: issueLabels[IssueMissingValue], Indicator: m.Code, Year: m.Year,
			Detail: fmt.Sprintf("指标 %s“%s”%d年缺数据%s", m.Code, m.Name, m.Year, who)})
	}
	for _, ind := range a.PendingTargets() {
		out = append(out, Issue{Kind: IssueTargetPending, Label: issueLabels[IssueTargetPending], Indicator: ind.Code,
			Detail: fmt.Sprintf("指标 %s“%s”目标待定（%s）", ind.Code, ind.FullName(), ind.Target.Pending)})
	}
	out = append(out, evidenceGaps(a)...)
	out = append(out, narrativeIssues(a)...)
	out = append(out, conditionIssues(a)...)
	// The plan's names and quotes keep its ASCII marks ("(EI)", 「」): the
	// details read alike on the console, in manifest.json, in the window
	// and in the documents.
	for i := range out {
		out[i].Detail = layout.Punctuate(out[i].Detail)
	}
	return out
}

// IssueSummary counts issues by kind in Chinese: "未裁定的附件分歧 6 项；缺少佐证材料 40 项".
func IssueSummary(issues []Issue) string {
	counts := map[string]int{}
	for _, is := range issues {
		counts[is.Kind]++
	}
	var parts []string
	for _, k := range []string{IssueDisagreement, IssueMissingValue, IssueTargetPending, IssueEvidenceGap, IssueNarrativeMissing, IssueNarrativePending, IssueConditionNotMet, IssueAttachment} {
		if counts[k] > 0 {
			parts = append(parts, fmt.Sprintf("%s %d 项", issueLabels[k], counts[k]))
		}
	}
	return strings.Join(parts, "；")
}
