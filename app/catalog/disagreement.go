package catalog

import (
	"fmt"
	"slices"
)

// Fields of the catalog a disagreement can be about.
const (
	FieldName        = "name"
	FieldTarget      = "target"
	FieldLead        = "lead"
	FieldSupport     = "support"
	FieldMeasureUnit = "measure_unit"
	FieldAttribute   = "attribute"
	FieldDomain      = "domain" // of a task group
)

// FieldLabel is the Chinese name of a field.
func FieldLabel(field string) string {
	switch field {
	case FieldName:
		return "名称"
	case FieldTarget:
		return "目标值"
	case FieldLead:
		return "牵头单位"
	case FieldSupport:
		return "配合单位"
	case FieldMeasureUnit:
		return "计量单位"
	case FieldAttribute:
		return "指标属性"
	case FieldDomain:
		return "所属领域"
	}
	return field
}

// Disagreement kinds.
const (
	BetweenAnnexes = "annexes"  // 附件1 and 附件2 say different things
	WithinAnnex    = "internal" // two places of one annex, or an annex and its own layout
)

// Disagreement is a place where the plan says two different things about one
// field. The catalog keeps both, each with where it stands; the office
// resolves it. Until then the catalog uses the Provisional option and every
// output says so.
type Disagreement struct {
	ID string `yaml:"id"` // stable, e.g. "8.target"
	// Indicator is the indicator code it is about; TaskGroup the group number
	// when it is about a task group.
	Indicator   string   `yaml:"indicator,omitempty"`
	TaskGroup   int      `yaml:"task_group,omitempty"`
	Field       string   `yaml:"field"`
	Kind        string   `yaml:"kind"`
	Summary     string   `yaml:"summary"`
	Options     []Option `yaml:"options"`
	Provisional string   `yaml:"provisional"` // Option.Key used until resolved
	// Blocking overrides the default classification (see IsBlocking): a
	// name disagreement that changes what is measured ("核发" against
	// "覆盖率") says blocking: true.
	Blocking *bool `yaml:"blocking,omitempty"`
}

// IsBlocking reports whether the disagreement must be ruled on before
// submission: it changes evaluation or responsibility (target, lead, support,
// measure unit, attribute). Differences of naming (name, domain) are
// informational, unless the disagreement says otherwise.
func (d *Disagreement) IsBlocking() bool {
	if d.Blocking != nil {
		return *d.Blocking
	}
	switch d.Field {
	case FieldName, FieldDomain:
		return false
	}
	return true
}

// Option is one side of a disagreement: what one place of the plan says, and
// the structured value the catalog takes when the office chooses it.
type Option struct {
	Key   string `yaml:"key"`   // "annex1", "annex2", "annex1-text" …
	Where string `yaml:"where"` // "附件1 一、8."
	Quote string `yaml:"quote"` // verbatim

	Name   string   `yaml:"name,omitempty"`
	Target *Target  `yaml:"target,omitempty"`
	Orgs   []string `yaml:"orgs,omitempty"`
	// Support is, for a lead disagreement, the supporting organisations that
	// go with this option (附件1 names a supporter where 附件2 has no column).
	Support     []string  `yaml:"support,omitempty"`
	MeasureUnit *string   `yaml:"measure_unit,omitempty"`
	Attribute   Attribute `yaml:"attribute,omitempty"`
	Domain      string    `yaml:"domain,omitempty"`
}

// Option returns the option with the given key.
func (d *Disagreement) Option(key string) (*Option, bool) {
	for i := range d.Options {
		if d.Options[i].Key == key {
			return &d.Options[i], true
		}
	}
	return nil, false
}

// Subject describes in Chinese what the disagreement is about: "指标 8「环境信息公开率」".
func (c *Catalog) Subject(d *Disagreement) string {
	if d.TaskGroup != 0 {
		if g, ok := c.TaskGroup(d.TaskGroup); ok {
			return fmt.Sprintf("任务%s%s", g.Numeral(), g.Name)
		}
		return fmt.Sprintf("任务（%s）", ChineseNumber(d.TaskGroup))
	}
	if ind, ok := c.Indicator(d.Indicator); ok {
		return fmt.Sprintf("指标 %s「%s」", ind.Code, ind.FullName())
	}
	return "指标 " + d.Indicator
}

// Disagreement returns the disagreement with the given ID.
func (c *Catalog) Disagreement(id string) (*Disagreement, bool) {
	for i := range c.Disagreements {
		if c.Disagreements[i].ID == id {
			return &c.Disagreements[i], true
		}
	}
	return nil, false
}

// Effective returns a copy of the catalog with the chosen options applied:
// choices maps a disagreement ID to an option key. A disagreement without a
// choice keeps its provisional option (which the catalog file holds already).
func (c *Catalog) Effective(choices map[string]string) (*Catalog, error) {
	out := c.Clone()
	for _, d := range out.Disagreements {
		key, ok := choices[d.ID]
		if !ok && d.Field == FieldLead && d.Indicator != "" {
			out.markCandidates(&d)
		}
		if !ok || key == d.Provisional {
			continue
		}
		opt, ok := d.Option(key)
		if !ok {
			return nil, fmt.Errorf("不一致项 %s 没有选项 %q", d.ID, key)
		}
		if err := out.apply(&d, opt); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (c *Catalog) apply(d *Disagreement, o *Option) error {
	if d.TaskGroup != 0 {
		g, ok := c.TaskGroup(d.TaskGroup)
		if !ok {
			return fmt.Errorf("不一致项 %s：没有任务组 %d", d.ID, d.TaskGroup)
		}
		switch d.Field {
		case FieldName:
			g.Name = o.Name
		case FieldDomain:
			g.Domain = o.Domain
			c.link()
		default:
			return fmt.Errorf("不一致项 %s：任务组没有字段 %s", d.ID, d.Field)
		}
		return nil
	}
	ind, ok := c.Indicator(d.Indicator)
	if !ok {
		return fmt.Errorf("不一致项 %s：没有指标 %s", d.ID, d.Indicator)
	}
	switch d.Field {
	case FieldName:
		ind.Name = o.Name
	case FieldTarget:
		t := *o.Target
		ind.Target = &t
	case FieldLead:
		ind.Lead = slices.Clone(o.Orgs)
		if o.Support != nil {
			ind.Support = slices.Clone(o.Support)
		}
	case FieldSupport:
		ind.Support = slices.Clone(o.Orgs)
	case FieldMeasureUnit:
		ind.MeasureUnit = *o.MeasureUnit
	case FieldAttribute:
		ind.Attribute = o.Attribute
	default:
		return fmt.Errorf("不一致项 %s：指标没有字段 %s", d.ID, d.Field)
	}
	return nil
}

// currentMatches reports whether the catalog's field holds the option's value;
// Parse uses it to check that the file holds the provisional option.
func (c *Catalog) currentMatches(d *Disagreement, o *Option) bool {
	if d.TaskGroup != 0 {
		g, ok := c.TaskGroup(d.TaskGroup)
		if !ok {
			return false
		}
		switch d.Field {
		case FieldName:
			return g.Name == o.Name
		case FieldDomain:
			return g.Domain == o.Domain
		}
		return false
	}
	ind, ok := c.Indicator(d.Indicator)
	if !ok {
		return false
	}
	switch d.Field {
	case FieldName:
		return ind.Name == o.Name
	case FieldTarget:
		return o.Target != nil && ind.Target != nil && ind.Target.String() == o.Target.String()
	case FieldLead:
		return slices.Equal(ind.Lead, o.Orgs)
	case FieldSupport:
		return slices.Equal(ind.Support, o.Orgs)
	case FieldMeasureUnit:
		return o.MeasureUnit != nil && ind.MeasureUnit == *o.MeasureUnit
	case FieldAttribute:
		return ind.Attribute == o.Attribute
	}
	return false
}

// Describe prints an option's value in Chinese, for lists and reports.
func (c *Catalog) Describe(d *Disagreement, o *Option) string {
	switch d.Field {
	case FieldName:
		return o.Name
	case FieldTarget:
		mu := ""
		if ind, ok := c.Indicator(d.Indicator); ok {
			mu = ind.MeasureUnit
		}
		return o.Target.Format(mu)
	case FieldLead, FieldSupport:
		return c.OrgNames(o.Orgs)
	case FieldMeasureUnit:
		if *o.MeasureUnit == "" {
			return "无（/）"
		}
		return *o.MeasureUnit
	case FieldAttribute:
		return string(o.Attribute)
	case FieldDomain:
		if dm, ok := c.Domain(o.Domain); ok {
			return dm.Name
		}
		return o.Domain
	}
	return o.Quote
}

// markCandidates records, for an unresolved lead disagreement, every
// organisation one of its options names as lead: until the office rules,
// each of them is a candidate lead (shown as such, never as a supporter).
func (c *Catalog) markCandidates(d *Disagreement) {
	ind, ok := c.Indicator(d.Indicator)
	if !ok {
		return
	}
	var cand []string
	for _, o := range d.Options {
		for _, id := range o.Orgs {
			if !slices.Contains(cand, id) {
				cand = append(cand, id)
			}
		}
	}
	ind.Candidates = cand
	for j := range ind.Subs {
		ind.Subs[j].Candidates = cand
	}
}
