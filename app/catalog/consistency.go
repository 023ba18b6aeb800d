package catalog

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Finding kinds of the consistency check.
const (
	FindingDisagreement  = "disagreement"  // a registered disagreement of the plan
	FindingInconsistency = "inconsistency" // found by checking the catalog itself
)

// Side is one side of a finding: where it stands and what it says.
type Side struct {
	Key   string `json:"key,omitempty"`
	Where string `json:"where"`
	Quote string `json:"quote"`
	Value string `json:"value,omitempty"`
}

// Finding is one item of the consistency check.
type Finding struct {
	ID       string `json:"id"`
	Kind     string `json:"kind"`
	Subject  string `json:"subject"`
	Field    string `json:"field"`
	Summary  string `json:"summary"`
	Sides    []Side `json:"sides"`
	Resolved bool   `json:"resolved"`
	Choice   string `json:"choice,omitempty"` // the chosen option key, when resolved
	InUse    string `json:"in_use,omitempty"` // the option key the catalog uses now
	Blocking bool   `json:"blocking"`         // must be settled before submission
	// Informational marks a difference of naming only: listed, never blocking.
	Informational bool   `json:"informational,omitempty"`
	Indicator     string `json:"indicator,omitempty"` // code, when it is about an indicator
}

// Check lists every registered disagreement (resolved or not, according to
// choices: disagreement ID → chosen option key) and every internal
// inconsistency of the catalog: a measure unit that does not fit the target,
// an organisation that is not registered, numbering gaps, an annex quote that
// no field or registered disagreement accounts for.
func (c *Catalog) Check(choices map[string]string) []Finding {
	var out []Finding
	covered := map[string]bool{} // indicator code + field
	for i := range c.Disagreements {
		d := &c.Disagreements[i]
		f := Finding{
			ID: d.ID, Kind: FindingDisagreement, Subject: c.Subject(d), Field: d.Field,
			Summary: d.Summary, Indicator: d.Indicator, Blocking: d.IsBlocking(), InUse: d.Provisional,
			Informational: !d.IsBlocking(),
		}
		for j := range d.Options {
			o := &d.Options[j]
			f.Sides = append(f.Sides, Side{Key: o.Key, Where: o.Where, Quote: o.Quote, Value: c.Describe(d, o)})
		}
		if k, ok := choices[d.ID]; ok {
			if _, valid := d.Option(k); valid {
				f.Resolved, f.Choice, f.InUse, f.Blocking = true, k, k, false
			}
		}
		covered[d.Indicator+"|"+d.Field] = true
		out = append(out, f)
	}

	add := func(id, code, field, summary string, sides ...Side) {
		if covered[code+"|"+field] {
			return
		}
		subject := "指标体系"
		if ind, ok := c.Indicator(code); ok {
			subject = fmt.Sprintf("指标 %s「%s」", ind.Code, ind.FullName())
		}
		out = append(out, Finding{ID: id, Kind: FindingInconsistency, Subject: subject, Field: field,
			Summary: summary, Sides: sides, Indicator: code, Blocking: true})
	}

	// Numbering gaps.
	for i, ind := range c.Indicators {
		if want := strconv.Itoa(i + 1); ind.Code != want {
			add("numbering."+want, "", "code", fmt.Sprintf("指标序号不连续：第 %d 项的序号是 %s，应为 %s", i+1, ind.Code, want),
				Side{Where: "指标体系文件", Quote: ind.Code + " " + ind.Name})
		}
		for j, sub := range ind.Subs {
			if want := fmt.Sprintf("%s.%d", ind.Code, j+1); sub.Code != want {
				add("numbering."+want, ind.Code, "code", fmt.Sprintf("子指标序号不连续：%s 应为 %s", sub.Code, want),
					Side{Where: "指标体系文件", Quote: sub.Code + " " + sub.Name})
			}
		}
	}

	for _, ind := range c.All() {
		code := ind.Code
		// Organisations that are not registered.
		for _, role := range []struct {
			field string
			ids   []string
		}{{FieldLead, ind.Lead}, {FieldSupport, ind.Support}} {
			for _, id := range role.ids {
				if _, ok := c.Org(id); !ok {
					add("org."+code+"."+id, code, role.field,
						fmt.Sprintf("%s「%s」不是已登记的单位", FieldLabel(role.field), id),
						Side{Where: "指标体系文件", Quote: id})
				}
			}
		}
		if ind.Parent == nil && len(ind.Lead) == 0 {
			add("lead."+code, code, FieldLead, "没有牵头单位", Side{Where: "指标体系文件", Quote: ind.Name})
		}
		// Measure unit against the target's shape.
		if t := ind.Target; t != nil {
			a2 := annex2Of(ind)
			switch {
			case t.Kind() == State && ind.MeasureUnit != "":
				add("unit."+code, code, FieldMeasureUnit,
					fmt.Sprintf("定性目标「%s」却有计量单位「%s」", t.State, ind.MeasureUnit),
					Side{Where: a2.Where, Quote: fmt.Sprintf("单位 %s；指标值 %s", a2.MeasureUnit, a2.Target)})
			case ind.MeasureUnit == "%" && t.Value != nil && *t.Value > 100:
				add("unit."+code, code, FieldMeasureUnit, "百分比目标大于 100",
					Side{Where: a2.Where, Quote: a2.Target})
			}
			// A name that a registered disagreement already questions ("覆盖率"
			// against "核发") is ruled on there, not reported twice.
			rate := strings.HasSuffix(ind.Name, "率") || strings.HasSuffix(ind.Name, "比例")
			if rate && !covered[code+"|"+FieldName] && ind.MeasureUnit != "%" && !strings.Contains(ind.Name, "幅度") {
				add("rate."+code, code, FieldMeasureUnit,
					fmt.Sprintf("名称「%s」是比率，但计量单位是「%s」、目标是「%s」", ind.Name, measureUnitName(ind.MeasureUnit), t.String()),
					Side{Where: a2.Where, Quote: fmt.Sprintf("%s；单位 %s；指标值 %s", a2.Name, a2.MeasureUnit, a2.Target)})
			}
		}
		// Annex quotes of organisations must match the fields.
		if ind.Annex2 != nil && ind.Annex2.Lead != "" && !c.sameOrgs(ind.Annex2.Lead, ind.Lead) {
			add("annex2lead."+code, code, FieldLead, "附件2 的牵头部门与指标体系中的牵头单位不同，且未登记为不一致项",
				Side{Where: ind.Annex2.Where, Quote: ind.Annex2.Lead}, Side{Where: "指标体系文件", Value: c.OrgNames(ind.Lead)})
		}
		if ind.Annex1 != nil && ind.Annex1.Lead != "" && !c.sameOrgs(ind.Annex1.Lead, ind.Lead) {
			add("annex1lead."+code, code, FieldLead, "附件1 的牵头单位与指标体系中的牵头单位不同，且未登记为不一致项",
				Side{Where: ind.Annex1.Where, Quote: ind.Annex1.Lead}, Side{Where: "指标体系文件", Value: c.OrgNames(ind.Lead)})
		}
	}
	return out
}

func annex2Of(ind *Indicator) Annex2Text {
	for i := ind; i != nil; i = i.Parent {
		if i.Annex2 != nil {
			return *i.Annex2
		}
	}
	return Annex2Text{Where: "指标体系文件"}
}

// sameOrgs reports whether a quoted list of organisation names ("海陵环保局、区住建局",
// "海陵环保局 住建局") names exactly the given organisation IDs.
func (c *Catalog) sameOrgs(quote string, ids []string) bool {
	var got []string
	for _, n := range SplitOrgList(quote) {
		o, ok := c.FindOrg(n)
		if !ok {
			return false
		}
		got = append(got, o.ID)
	}
	want := slices.Clone(ids)
	slices.Sort(got)
	slices.Sort(want)
	return slices.Equal(got, want)
}

// SplitOrgList splits a list of organisation names as the plan writes them:
// "区发改委、经信委、住建局,各镇街、园区". The group name "各镇街、园区" stays whole.
func SplitOrgList(s string) []string {
	const group = "各镇街、园区"
	s = strings.ReplaceAll(s, group, "\x00")
	f := strings.FieldsFunc(s, func(r rune) bool {
		return r == '、' || r == ',' || r == '，' || r == ';' || r == '；' || r == ' ' || r == '\u3000'
	})
	for i := range f {
		f[i] = strings.ReplaceAll(f[i], "\x00", group)
	}
	return f
}

// Every finding is either resolvable (a registered disagreement the office
// rules on) or informational; an inconsistency found by the check blocks
// submission until the catalog file itself is corrected.

// Unresolved counts the findings that still block submission.
func Unresolved(fs []Finding) int {
	n := 0
	for _, f := range fs {
		if f.Blocking {
			n++
		}
	}
	return n
}
