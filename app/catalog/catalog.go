// Package catalog holds the indicator system of a district: domains, task
// groups, indicators and their sub-indicators, targets, the organisations that
// lead or support them, the plan with its phases and milestones, and every
// place where the plan's two annexes disagree.
//
// The catalog is data, not code: it is read from a hand-editable YAML file
// (the district's own is embedded in package seeds) and versioned, so a
// revised national list is a new file, not a new program.
package catalog

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Attribute is an indicator's attribute: binding (约束性) or reference (参考性).
type Attribute string

// The two attributes of an indicator.
const (
	Binding   Attribute = "约束性"
	Reference Attribute = "参考性"
)

// Catalog is a complete indicator system together with the plan it comes from.
type Catalog struct {
	// ID names the catalog family (e.g. "hailing-2018"); Version counts its
	// revisions. Together they identify the catalog a project uses.
	ID      string `yaml:"id"`
	Version string `yaml:"version"`
	// Name is the title shown to people.
	Name string `yaml:"name"`
	// Basis names the national indicator list the catalog follows.
	Basis string `yaml:"basis"`

	Plan          Plan           `yaml:"plan"`
	Domains       []Domain       `yaml:"domains"`
	TaskGroups    []TaskGroup    `yaml:"task_groups"`
	Organisations []Organisation `yaml:"organisations"`
	Indicators    []Indicator    `yaml:"indicators"`
	Disagreements []Disagreement `yaml:"disagreements"`
	// Vetoes lists the codes of indicators that, when not met, fail the whole
	// assessment whatever else is met (一票否决).
	Vetoes []string `yaml:"vetoes"`
}

// Plan is the district's implementation plan the catalog is transcribed from.
type Plan struct {
	Title       string `yaml:"title"`
	DocNumber   string `yaml:"doc_number"`   // 文号
	IndexNumber string `yaml:"index_number"` // 索引号
	Issuer      string `yaml:"issuer"`
	Date        string `yaml:"date"` // YYYY-MM-DD
	Annex1      string `yaml:"annex1"`
	Annex2      string `yaml:"annex2"`
	// Annex1Intro is 附件1's opening sentence as issued ("对照《…》,结合我区实际,…").
	Annex1Intro string      `yaml:"annex1_intro,omitempty"`
	Phases      []Phase     `yaml:"phases"`
	Milestones  []Milestone `yaml:"milestones"`
}

// Phase is one of the plan's implementation phases (三、实施步骤).
type Phase struct {
	No   int    `yaml:"no"`
	Name string `yaml:"name"`
	From string `yaml:"from"` // YYYY-MM
	To   string `yaml:"to"`   // YYYY-MM
	Text string `yaml:"text"`
}

// Milestone is a dated obligation of the plan, e.g. "4月底 牵头单位报送佐证台帐资料".
type Milestone struct {
	ID      string   `yaml:"id"`
	Due     string   `yaml:"due"`      // YYYY-MM-DD, the last day the plan allows
	DueText string   `yaml:"due_text"` // as the plan says it: "4月底"
	Who     []string `yaml:"who"`      // organisation IDs; "lead" means every lead organisation
	What    string   `yaml:"what"`
	Where   string   `yaml:"where"` // e.g. "三(三)"
}

// dueRange finds the ASCII hyphen of a date range in the plan's text
// ("2018年6月-2018年8月", as the web copy of the plan prints it).
var dueRange = regexp.MustCompile(`([年月日底])\s*-\s*(\d)`)

// DueLabel is DueText as the documents and the window print it: a date
// range with a dash, "2018年6月—2018年8月".
func (m Milestone) DueLabel() string { return DueLabel(m.DueText) }

// DueLabel is a milestone's due text as printed (see Milestone.DueLabel).
func DueLabel(dueText string) string { return dueRange.ReplaceAllString(dueText, "$1—$2") }

// Domain is one of the six domains (领域) of the indicator system.
type Domain struct {
	ID   string `yaml:"id"`
	Name string `yaml:"name"`
}

// TaskGroup is one of the ten task groups ((一)…(十)).
type TaskGroup struct {
	No     int    `yaml:"no"`
	Name   string `yaml:"name"`
	Domain string `yaml:"domain"` // Domain.ID
	// Annex1 and Annex2 quote the group's heading as each annex prints it.
	Annex1 string `yaml:"annex1"`
	Annex2 string `yaml:"annex2"`
	// Annex2Domain is the domain cell 附件2 prints just before the group's
	// heading, empty where it prints none (the group then falls, literally,
	// under the previous domain cell).
	Annex2Domain string `yaml:"annex2_domain,omitempty"`
}

// Numeral returns the group's number as the plan writes it: "(一)".
func (g TaskGroup) Numeral() string { return "(" + ChineseNumber(g.No) + ")" }

// Organisation kinds.
const (
	KindDepartment = "department" // 区各委、办、局 and directly affiliated units
	KindTown       = "town"       // 镇、街道、园区
	KindOffice     = "office"     // the creation office itself
	KindGroup      = "group"      // a group of organisations, e.g. 各镇街、园区
)

// Organisation is a responsible organisation (单位) named in the plan, or a
// group of them. One record each, however the plan spells it: the other
// spellings are Aliases.
type Organisation struct {
	ID      string   `yaml:"id"`
	Name    string   `yaml:"name"`
	Aliases []string `yaml:"aliases,omitempty"`
	Kind    string   `yaml:"kind"`
	// Members lists the organisation IDs of a group.
	Members []string `yaml:"members,omitempty"`
}

// Indicator is an indicator or a sub-indicator. A sub-indicator's Code is
// "9.1"; it inherits what it leaves empty (attribute, organisations, task
// text) from its parent.
type Indicator struct {
	Code        string    `yaml:"code"`
	Name        string    `yaml:"name"`
	MeasureUnit string    `yaml:"measure_unit,omitempty"` // 计量单位; empty when the plan prints "/"
	Target      *Target   `yaml:"target,omitempty"`       // nil for a parent of sub-indicators
	Attribute   Attribute `yaml:"attribute,omitempty"`
	Band        string    `yaml:"band,omitempty"` // 平原地区 / 东部地区
	TaskGroup   int       `yaml:"task_group,omitempty"`
	Lead        []string  `yaml:"lead,omitempty"`    // organisation IDs
	Support     []string  `yaml:"support,omitempty"` // organisation IDs
	TaskText    string    `yaml:"task_text,omitempty"`
	// Range is the valid range of a numeric value [min, max]; empty means
	// [0, 100] for "%" and [0, +∞) otherwise.
	Range    []float64   `yaml:"range,omitempty"`
	Decimals int         `yaml:"decimals,omitempty"`
	Annex1   *Annex1Text `yaml:"annex1,omitempty"`
	Annex2   *Annex2Text `yaml:"annex2,omitempty"`
	Subs     []Indicator `yaml:"subs,omitempty"`
	// OwnNarrative marks a sub-indicator whose measures are its own work,
	// not its parent's: the 工作措施与成效 sheet gives it a row of its own.
	OwnNarrative bool `yaml:"own_narrative,omitempty"`

	// Filled in by Parse.
	Domain string     `yaml:"-"` // Domain.ID, from the task group
	Parent *Indicator `yaml:"-"`
	// Candidates lists, while the office has not ruled on a disagreement
	// about the lead, every organisation an annex names as lead (Effective
	// fills it in). Lead then holds the provisional choice only.
	Candidates []string `yaml:"-"`
}

// LeadPending reports whether the lead organisation is still to be ruled on.
func (ind *Indicator) LeadPending() bool { return len(ind.Candidates) > 0 }

// Leads returns the organisations responsible as lead: the lead, or while the
// lead is unresolved every candidate lead. Lists of who must deliver
// (workbooks, evidence, milestones) use it, so no candidate disappears.
func (ind *Indicator) Leads() []string {
	if len(ind.Candidates) == 0 {
		return ind.Lead
	}
	out := slices.Clone(ind.Lead)
	for _, id := range ind.Candidates {
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// Supporters returns the supporting organisations without any that leads or
// is a candidate lead: an organisation is never its own supporter.
func (ind *Indicator) Supporters() []string {
	leads := ind.Leads()
	var out []string
	for _, id := range ind.Support {
		if !slices.Contains(leads, id) {
			out = append(out, id)
		}
	}
	return out
}

// Annex1Text quotes what 附件1 (任务分解书) prints for an indicator.
type Annex1Text struct {
	Heading string `yaml:"heading"`           // "8. 环境信息公开率100%。"
	Lead    string `yaml:"lead"`              // "海陵环保局"
	Support string `yaml:"support,omitempty"` // "区经信委,各镇街、园区"
	Where   string `yaml:"where"`             // "附件1 一、8."
}

// Annex2Text quotes what 附件2 (任务分解表) prints in an indicator's row.
type Annex2Text struct {
	Name        string `yaml:"name"`
	MeasureUnit string `yaml:"measure_unit"`
	Target      string `yaml:"target"`
	Attribute   string `yaml:"attribute,omitempty"`
	Band        string `yaml:"band,omitempty"`
	Lead        string `yaml:"lead,omitempty"`
	Where       string `yaml:"where"` // "附件2 序号8"
}

// IsSub reports whether the indicator is a sub-indicator.
func (ind *Indicator) IsSub() bool { return ind.Parent != nil }

// Measurable reports whether values are recorded for the indicator itself
// (it has no sub-indicators).
func (ind *Indicator) Measurable() bool { return len(ind.Subs) == 0 }

// FullName is the name with the parent's name in front for a sub-indicator:
// "农业废弃物综合利用率·秸秆综合利用率".
func (ind *Indicator) FullName() string {
	if ind.Parent != nil {
		return ind.Parent.Name + "·" + ind.Name
	}
	return ind.Name
}

// ValueRange returns the valid range of a numeric value.
func (ind *Indicator) ValueRange() (lo, hi float64) {
	if len(ind.Range) == 2 {
		return ind.Range[0], ind.Range[1]
	}
	if ind.MeasureUnit == "%" {
		return 0, 100
	}
	return 0, 1e15
}

// Organisations returns the lead and supporting organisation IDs.
func (ind *Indicator) Organisations() (lead, support []string) { return ind.Lead, ind.Support }

// Indicator returns the indicator or sub-indicator with the given code.
func (c *Catalog) Indicator(code string) (*Indicator, bool) {
	for i := range c.Indicators {
		ind := &c.Indicators[i]
		if ind.Code == code {
			return ind, true
		}
		for j := range ind.Subs {
			if ind.Subs[j].Code == code {
				return &ind.Subs[j], true
			}
		}
	}
	return nil, false
}

// Leaves returns the indicators that hold values: every indicator without
// sub-indicators and every sub-indicator, in catalog order.
func (c *Catalog) Leaves() []*Indicator {
	var out []*Indicator
	for i := range c.Indicators {
		ind := &c.Indicators[i]
		if ind.Measurable() {
			out = append(out, ind)
			continue
		}
		for j := range ind.Subs {
			out = append(out, &ind.Subs[j])
		}
	}
	return out
}

// All returns every indicator and sub-indicator in catalog order, each parent
// before its sub-indicators.
func (c *Catalog) All() []*Indicator {
	var out []*Indicator
	for i := range c.Indicators {
		ind := &c.Indicators[i]
		out = append(out, ind)
		for j := range ind.Subs {
			out = append(out, &ind.Subs[j])
		}
	}
	return out
}

// Org returns the organisation with the given ID.
func (c *Catalog) Org(id string) (*Organisation, bool) {
	for i := range c.Organisations {
		if c.Organisations[i].ID == id {
			return &c.Organisations[i], true
		}
	}
	return nil, false
}

// FindOrg finds an organisation by its ID, its name or one of its aliases.
func (c *Catalog) FindOrg(s string) (*Organisation, bool) {
	s = strings.TrimSpace(s)
	for i := range c.Organisations {
		o := &c.Organisations[i]
		if o.ID == s || o.Name == s {
			return o, true
		}
		for _, a := range o.Aliases {
			if a == s {
				return o, true
			}
		}
	}
	return nil, false
}

// OrgNames returns the names of the given organisation IDs joined with "、".
func (c *Catalog) OrgNames(ids []string) string {
	names := make([]string, 0, len(ids))
	for _, id := range ids {
		if o, ok := c.Org(id); ok {
			names = append(names, o.Name)
		} else {
			names = append(names, id)
		}
	}
	return strings.Join(names, "、")
}

// LeadNames names an indicator's lead organisations as the documents print
// them: while the office has not ruled between the annexes' leads, every
// candidate, marked （待裁定） (the responsibility matrix marks them ◎).
func (c *Catalog) LeadNames(ind *Indicator) string {
	if ind.LeadPending() {
		return c.OrgNames(ind.Candidates) + "（待裁定）"
	}
	return c.OrgNames(ind.Lead)
}

// SubLabel is how a list of an indicator's items (evidence, say) marks
// those of a sub-indicator: "【10.1 劣Ⅴ类水体比例下降幅度】"; "" for an
// indicator that is no sub-indicator, or unknown.
func (c *Catalog) SubLabel(code string) string {
	if ind, ok := c.Indicator(code); ok && ind.IsSub() {
		return "【" + ind.Code + " " + ind.Name + "】"
	}
	return ""
}

// Domain returns the domain with the given ID.
func (c *Catalog) Domain(id string) (*Domain, bool) {
	for i := range c.Domains {
		if c.Domains[i].ID == id {
			return &c.Domains[i], true
		}
	}
	return nil, false
}

// TaskGroup returns the task group with the given number.
func (c *Catalog) TaskGroup(no int) (*TaskGroup, bool) {
	for i := range c.TaskGroups {
		if c.TaskGroups[i].No == no {
			return &c.TaskGroups[i], true
		}
	}
	return nil, false
}

// IsVeto reports whether the indicator (or its parent) is a veto indicator.
func (c *Catalog) IsVeto(code string) bool {
	top, _, _ := strings.Cut(code, ".")
	for _, v := range c.Vetoes {
		if v == code || v == top {
			return true
		}
	}
	return false
}

// Led returns the indicators (top level) an organisation leads (or is a
// candidate lead of) or supports, directly or through a group it belongs to.
func (c *Catalog) Led(orgID string) (lead, support []*Indicator) {
	in := func(ids []string) bool {
		for _, id := range ids {
			if id == orgID {
				return true
			}
			if g, ok := c.Org(id); ok && g.Kind == KindGroup {
				for _, m := range g.Members {
					if m == orgID {
						return true
					}
				}
			}
		}
		return false
	}
	for i := range c.Indicators {
		ind := &c.Indicators[i]
		switch {
		case in(ind.Leads()):
			lead = append(lead, ind)
		case in(ind.Supporters()):
			support = append(support, ind)
		}
	}
	return lead, support
}

// CompareCodes orders indicator codes numerically: "2" < "9.1" < "9.2" < "10".
func CompareCodes(a, b string) int {
	pa, pb := splitCode(a), splitCode(b)
	for i := 0; i < len(pa) && i < len(pb); i++ {
		if pa[i] != pb[i] {
			if pa[i] < pb[i] {
				return -1
			}
			return 1
		}
	}
	return len(pa) - len(pb)
}

func splitCode(s string) []int {
	var out []int
	for _, p := range strings.Split(s, ".") {
		n, err := strconv.Atoi(p)
		if err != nil {
			n = 0 // not a number (a task group "tg6"): sorts first
		}
		out = append(out, n)
	}
	return out
}

// SortCodes sorts indicator codes in catalog order.
func SortCodes(codes []string) {
	sort.Slice(codes, func(i, j int) bool { return CompareCodes(codes[i], codes[j]) < 0 })
}

var chineseDigits = []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}

// ChineseNumber writes 1…99 in Chinese numerals: 1→一, 10→十, 12→十二, 20→二十.
func ChineseNumber(n int) string {
	switch {
	case n >= 0 && n <= 10:
		return chineseDigits[n]
	case n < 20:
		return "十" + chineseDigits[n-10]
	case n < 100:
		s := chineseDigits[n/10] + "十"
		if n%10 != 0 {
			s += chineseDigits[n%10]
		}
		return s
	}
	return fmt.Sprint(n)
}

// ResponsibleOrgs returns the responsible organisations (责任单位): every
// organisation that leads, is a candidate lead of, or supports an indicator,
// in the catalog's order, a group (各镇街、园区) counting as one. It is the
// one definition behind the responsible-organisation matrix's columns and
// every count of 责任单位 in the documents.
func (c *Catalog) ResponsibleOrgs() []Organisation {
	used := map[string]bool{}
	for _, ind := range c.All() {
		for _, id := range ind.Leads() {
			used[id] = true
		}
		for _, id := range ind.Support {
			used[id] = true
		}
	}
	var out []Organisation
	for _, o := range c.Organisations {
		if used[o.ID] {
			out = append(out, o)
			delete(used, o.ID)
		}
	}
	var rest []string
	for id := range used {
		rest = append(rest, id)
	}
	sort.Strings(rest)
	for _, id := range rest {
		out = append(out, Organisation{ID: id, Name: id})
	}
	return out
}
