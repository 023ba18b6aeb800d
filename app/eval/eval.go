// Package eval judges readiness: for every indicator and year whether its
// target is met (达标), not met (未达标), lacks data (缺数据) or waits for a
// target the province sets (目标待定), with the reason in Chinese; and the
// overall verdict under the project's pass rule. It is pure: catalog and
// values in, results out.
package eval

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"ecoreport/app/catalog"
)

// Status is the result for one indicator and year.
type Status int

// The statuses, from best to worst for sorting.
const (
	Met Status = iota
	NotMet
	Missing
	TargetPending
)

// String returns the Chinese name of the status.
func (s Status) String() string {
	switch s {
	case Met:
		return "达标"
	case NotMet:
		return "未达标"
	case Missing:
		return "缺数据"
	case TargetPending:
		return "目标待定"
	}
	return "未知"
}

// Code is the status's stable English name, used in JSON.
func (s Status) Code() string {
	return [...]string{"met", "not_met", "missing", "target_pending"}[s]
}

// MarshalJSON writes the stable English name.
func (s Status) MarshalJSON() ([]byte, error) { return json.Marshal(s.Code()) }

// UnmarshalJSON reads the stable English name.
func (s *Status) UnmarshalJSON(b []byte) error {
	var code string
	if err := json.Unmarshal(b, &code); err != nil {
		return err
	}
	for _, st := range []Status{Met, NotMet, Missing, TargetPending} {
		if st.Code() == code {
			*s = st
			return nil
		}
	}
	return fmt.Errorf("未知状态 %q", code)
}

// Rule is the pass rule of the overall verdict.
type Rule struct {
	ReferenceShare float64  `json:"reference_share"` // e.g. 0.8
	Vetoes         []string `json:"vetoes"`          // indicator codes
}

// Result is the judgement of one indicator (or sub-indicator) for one year.
type Result struct {
	Code   string `json:"indicator"`
	Year   int    `json:"year"`
	Status Status `json:"status"`
	Value  string `json:"value,omitempty"` // as shown: "65.2%", "制定实施"
	Reason string `json:"reason"`
}

// Evaluation holds every result and the overall verdict.
type Evaluation struct {
	Years   []int               `json:"years"`
	Results map[string][]Result `json:"-"` // by code, one per year in Years order
	Verdict Verdict             `json:"verdict"`
	cat     *catalog.Catalog
}

// Result returns the result of an indicator for a year.
func (e *Evaluation) Result(code string, year int) Result {
	for _, r := range e.Results[code] {
		if r.Year == year {
			return r
		}
	}
	return Result{Code: code, Year: year, Status: Missing, Reason: fmt.Sprintf("%d年 不在评估年度内", year)}
}

// Evaluate judges every indicator of the catalog for every year and gives
// the overall verdict for verdictYear (the latest assessed year; 0 means the
// last of years).
func Evaluate(cat *catalog.Catalog, vals catalog.ValueSet, years []int, verdictYear int, rule Rule) *Evaluation {
	e := &Evaluation{Years: slices.Clone(years), Results: map[string][]Result{}, cat: cat}
	slices.Sort(e.Years)
	for _, ind := range cat.All() {
		if !ind.Measurable() {
			continue
		}
		for _, y := range e.Years {
			e.Results[ind.Code] = append(e.Results[ind.Code], judge(ind, vals, y, e.Years))
		}
	}
	for i := range cat.Indicators {
		ind := &cat.Indicators[i]
		if ind.Measurable() {
			continue
		}
		for _, y := range e.Years {
			e.Results[ind.Code] = append(e.Results[ind.Code], combine(ind, e, y))
		}
	}
	if verdictYear == 0 && len(e.Years) > 0 {
		verdictYear = e.Years[len(e.Years)-1]
	}
	if verdictYear != 0 {
		e.Verdict = verdict(cat, e, verdictYear, rule)
	}
	return e
}

// judge evaluates a measurable indicator for one year.
func judge(ind *catalog.Indicator, vals catalog.ValueSet, year int, years []int) Result {
	r := Result{Code: ind.Code, Year: year}
	t := ind.Target
	v, has := vals.Get(ind.Code, year)
	if has {
		r.Value = v.Format(ind.MeasureUnit, ind.Decimals)
	}
	switch {
	case t == nil:
		r.Status, r.Reason = Missing, fmt.Sprintf("%d年指标没有目标值", year)
		return r
	case t.Kind() == catalog.Pending:
		r.Status = TargetPending
		r.Reason = fmt.Sprintf("%d年目标待定（%s）", year, t.Pending)
		if has {
			r.Reason = fmt.Sprintf("%d年 %s，目标待定（%s）", year, r.Value, t.Pending)
		}
		return r
	case !has:
		r.Status, r.Reason = Missing, fmt.Sprintf("%d年缺数据", year)
		return r
	}
	target := t.Format(ind.MeasureUnit)
	if t.Kind() == catalog.State {
		if v.State == t.State {
			r.Status, r.Reason = Met, fmt.Sprintf("%d年%s，达到目标“%s”", year, v.State, t.State)
		} else {
			r.Status, r.Reason = NotMet, fmt.Sprintf("%d年%s，未达到目标“%s”", year, v.State, t.State)
		}
		return r
	}
	if !v.IsNum {
		r.Status, r.Reason = Missing, fmt.Sprintf("%d年的值“%s”不是数字", year, v.State)
		return r
	}
	core := (&catalog.Target{Op: t.Op, Value: t.Value}).Format(ind.MeasureUnit)
	// The value in the reasons with its measure unit, as the target has it
	// ("68.4万元/亩 低于目标 ≥80万元/亩"; r.Value carries only "%").
	// A unit ending in Chinese is followed by a comma, never a space
	// ("0.72吨标煤/万元，高于目标 ≤0.70吨标煤/万元").
	shown := r.Value + " "
	if ind.MeasureUnit != "%" && ind.MeasureUnit != "" {
		shown = r.Value + ind.MeasureUnit + "，"
	}
	if !t.Meets(v.Num) {
		r.Status = NotMet
		r.Reason = fmt.Sprintf("%d年 %s%s目标 %s", year, shown, missWord(t.Op), core)
		return r
	}
	var notes []string
	if t.NoDecline {
		prevYear := year - 1
		if !slices.Contains(years, prevYear) {
			notes = append(notes, "首个评估年度，不与上年比较")
		} else if pv, ok := vals.Get(ind.Code, prevYear); !ok || !pv.IsNum {
			r.Status = Missing
			r.Reason = fmt.Sprintf("%d年 %s达到 %s，但缺少%d年数据，无法判断是否降低", year, shown, core, prevYear)
			return r
		} else if v.Num < pv.Num-1e-9 {
			r.Status = NotMet
			r.Reason = fmt.Sprintf("%d年 %s低于%d年 %s，不满足“且不降低”", year, shown, prevYear, pv.Format(ind.MeasureUnit, ind.Decimals))
			return r
		} else {
			notes = append(notes, fmt.Sprintf("不低于%d年 %s", prevYear, pv.Format(ind.MeasureUnit, ind.Decimals)))
		}
	}
	if t.Condition != "" {
		c, ok := vals.Condition(ind.Code, year)
		switch {
		case !ok:
			r.Status = Missing
			r.Reason = fmt.Sprintf("%d年 %s达到 %s，但缺少“%s”的情况", year, shown, core, t.Condition)
			return r
		case c.State != catalog.CondYes:
			r.Status = NotMet
			r.Reason = fmt.Sprintf("%d年 %s达到 %s，但未满足“%s”", year, shown, core, t.Condition)
			return r
		}
		notes = append(notes, t.Condition)
	}
	r.Status = Met
	r.Reason = fmt.Sprintf("%d年 %s达到目标 %s", year, shown, target)
	if len(notes) > 0 {
		r.Reason = fmt.Sprintf("%d年 %s达到 %s，%s", year, shown, core, strings.Join(notes, "，"))
	}
	return r
}

func missWord(op catalog.Comparator) string {
	switch op {
	case catalog.LE, catalog.LT:
		return "高于"
	}
	return "低于"
}

// combine judges a parent from its sub-indicators: met when all are met.
func combine(ind *catalog.Indicator, e *Evaluation, year int) Result {
	r := Result{Code: ind.Code, Year: year, Status: Met}
	var worst []string
	for _, sub := range ind.Subs {
		sr := e.Result(sub.Code, year)
		if rank(sr.Status) > rank(r.Status) {
			r.Status = sr.Status
			worst = worst[:0]
		}
		if sr.Status == r.Status && sr.Status != Met {
			worst = append(worst, sub.Name)
		}
	}
	if r.Status == Met {
		r.Reason = fmt.Sprintf("%d年 %d 项子指标全部达标", year, len(ind.Subs))
	} else {
		r.Reason = fmt.Sprintf("%d年子指标%s：%s", year, r.Status, strings.Join(worst, "、"))
	}
	return r
}

// rank orders statuses for combining: not met outweighs missing data, which
// outweighs a pending target.
func rank(s Status) int {
	return [...]int{0, 3, 2, 1}[s]
}

// Tally counts the top-level indicators of one attribute by status.
type Tally struct {
	Total   int `json:"total"`
	Met     int `json:"met"`
	NotMet  int `json:"not_met"`
	Missing int `json:"missing"`
	Pending int `json:"target_pending"`
}

func (t *Tally) add(s Status) {
	t.Total++
	switch s {
	case Met:
		t.Met++
	case NotMet:
		t.NotMet++
	case Missing:
		t.Missing++
	case TargetPending:
		t.Pending++
	}
}

// Outcome of the overall verdict.
type Outcome string

// The outcomes.
const (
	Pass         Outcome = "pass"         // 达到创建要求
	Fail         Outcome = "fail"         // 未达到创建要求
	Undetermined Outcome = "undetermined" // 暂无法判定
)

// Label returns the outcome in Chinese.
func (o Outcome) Label() string {
	switch o {
	case Pass:
		return "达到创建要求"
	case Fail:
		return "未达到创建要求"
	}
	return "暂无法判定"
}

// Verdict is the overall judgement for the latest assessed year.
type Verdict struct {
	Year           int      `json:"year"`
	Outcome        Outcome  `json:"outcome"`
	Label          string   `json:"label"`
	Binding        Tally    `json:"binding"`
	Reference      Tally    `json:"reference"`
	ReferenceShare float64  `json:"reference_share"` // met / total
	Threshold      float64  `json:"threshold"`
	VetoFailed     []string `json:"veto_failed"`
	Reasons        []string `json:"reasons"`
}

func verdict(cat *catalog.Catalog, e *Evaluation, year int, rule Rule) Verdict {
	v := Verdict{Year: year, Threshold: rule.ReferenceShare, VetoFailed: []string{}, Reasons: []string{}}
	var bindingBad, bindingOpen []string
	for i := range cat.Indicators {
		ind := &cat.Indicators[i]
		r := e.Result(ind.Code, year)
		label := fmt.Sprintf("%s %s（%s）", ind.Code, ind.Name, r.Status)
		if ind.Attribute == catalog.Binding {
			v.Binding.add(r.Status)
			switch r.Status {
			case NotMet:
				bindingBad = append(bindingBad, label)
			case Missing, TargetPending:
				bindingOpen = append(bindingOpen, label)
			}
		} else {
			v.Reference.add(r.Status)
		}
		if slices.Contains(rule.Vetoes, ind.Code) && r.Status == NotMet {
			v.VetoFailed = append(v.VetoFailed, ind.Code)
		}
	}
	if v.Reference.Total > 0 {
		v.ReferenceShare = float64(v.Reference.Met) / float64(v.Reference.Total)
	}
	need := rule.ReferenceShare
	best := 1.0
	if v.Reference.Total > 0 {
		best = float64(v.Reference.Met+v.Reference.Missing+v.Reference.Pending) / float64(v.Reference.Total)
	}
	switch {
	case len(v.VetoFailed) > 0 || len(bindingBad) > 0 || best+1e-9 < need:
		v.Outcome = Fail
	case len(bindingOpen) > 0 || v.ReferenceShare+1e-9 < need:
		v.Outcome = Undetermined
	default:
		v.Outcome = Pass
	}
	v.Label = v.Outcome.Label()
	for _, code := range v.VetoFailed {
		ind, _ := cat.Indicator(code)
		v.Reasons = append(v.Reasons, fmt.Sprintf("否决项 %s“%s”未达标", code, ind.Name))
	}
	if len(bindingBad) > 0 {
		v.Reasons = append(v.Reasons, "约束性指标未达标："+strings.Join(bindingBad, "；"))
	}
	if len(bindingOpen) > 0 {
		v.Reasons = append(v.Reasons, "约束性指标尚不能判定："+strings.Join(bindingOpen, "；"))
	}
	v.Reasons = append(v.Reasons, fmt.Sprintf("参考性指标达标 %d/%d 项（%.1f%%），要求不低于 %.0f%%",
		v.Reference.Met, v.Reference.Total, v.ReferenceShare*100, need*100))
	if v.Outcome == Pass {
		v.Reasons = append(v.Reasons, fmt.Sprintf("约束性指标 %d 项全部达标", v.Binding.Total))
	}
	return v
}

// Gap is a value still missing for an assessed year.
type Gap struct {
	Code string `json:"indicator"`
	Name string `json:"name"`
	Year int    `json:"year"`
}

// OrgGaps lists, per lead organisation, the values still missing.
type OrgGaps struct {
	Org     string `json:"org"`
	Name    string `json:"name"`
	Missing []Gap  `json:"missing"`
}

// Completeness lists per lead organisation the measurable indicators and
// years that have no value (and, for compound targets, no condition answer).
// Organisations with nothing missing are left out.
func Completeness(cat *catalog.Catalog, vals catalog.ValueSet, years []int) []OrgGaps {
	byOrg := map[string][]Gap{}
	for _, ind := range cat.Leaves() {
		for _, y := range years {
			_, has := vals.Get(ind.Code, y)
			if has && ind.Target != nil && ind.Target.Condition != "" {
				_, has = vals.Condition(ind.Code, y)
			}
			if has {
				continue
			}
			for _, org := range ind.Leads() {
				byOrg[org] = append(byOrg[org], Gap{Code: ind.Code, Name: ind.FullName(), Year: y})
			}
		}
	}
	var out []OrgGaps
	for _, o := range cat.Organisations {
		if gaps, ok := byOrg[o.ID]; ok {
			out = append(out, OrgGaps{Org: o.ID, Name: o.Name, Missing: gaps})
			delete(byOrg, o.ID)
		}
	}
	rest := make([]string, 0, len(byOrg))
	for id := range byOrg {
		rest = append(rest, id)
	}
	slices.Sort(rest)
	for _, id := range rest {
		out = append(out, OrgGaps{Org: id, Name: id, Missing: byOrg[id]})
	}
	return out
}
