package catalog

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// MaxFileSize bounds a catalog file; the district's is about 60 KB.
const MaxFileSize = 4 << 20

var codeRE = regexp.MustCompile(`^[1-9][0-9]*(\.[1-9][0-9]*)?$`)

// Parse reads and checks a catalog file. name is used in messages. Every
// error is in Chinese and names the field and what is expected.
func Parse(name string, data []byte) (*Catalog, error) {
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("指标体系文件 %s 过大（%d 字节），上限 %d 字节", name, len(data), MaxFileSize)
	}
	var c Catalog
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("指标体系文件 %s 格式错误：%s", name, yamlMessage(err))
	}
	if err := c.prepare(); err != nil {
		return nil, fmt.Errorf("指标体系文件 %s：%w", name, err)
	}
	return &c, nil
}

// yamlMessage turns the YAML library's English message into a Chinese one
// that keeps the line number.
func yamlMessage(err error) string {
	msg := err.Error()
	msg = strings.TrimPrefix(msg, "yaml: ")
	msg = strings.ReplaceAll(msg, "unmarshal errors:\n  ", "")
	msg = regexp.MustCompile(`line (\d+)`).ReplaceAllString(msg, "第 $1 行")
	msg = regexp.MustCompile(`field (\S+) not found in type \S+`).ReplaceAllString(msg, "未知字段 $1")
	msg = regexp.MustCompile("cannot unmarshal !!(\\w+) `([^`]*)` into (\\S+)").ReplaceAllString(msg, "值 $2 的类型不对（应为 $3）")
	return msg
}

// prepare normalises, links and checks a freshly decoded catalog.
func (c *Catalog) prepare() error {
	var errs []error
	bad := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }

	if c.ID == "" {
		bad("缺少 id（指标体系标识）")
	}
	if c.Version == "" {
		bad("缺少 version（版本号）")
	}
	if c.Name == "" {
		bad("缺少 name（指标体系名称）")
	}
	seen := map[string]bool{}
	for _, d := range c.Domains {
		if d.ID == "" || d.Name == "" || seen[d.ID] {
			bad("领域 %q：标识为空或重复", d.ID)
		}
		seen[d.ID] = true
	}
	for i, g := range c.TaskGroups {
		if g.No != i+1 {
			bad("任务组第 %d 项的序号是 %d，应为 %d", i+1, g.No, i+1)
		}
		if _, ok := c.Domain(g.Domain); !ok {
			bad("任务组 %d「%s」：领域 %q 不存在", g.No, g.Name, g.Domain)
		}
	}
	names := map[string]string{}
	for _, o := range c.Organisations {
		if o.ID == "" || o.Name == "" {
			bad("单位 %q：标识和名称不能为空", o.ID)
		}
		switch o.Kind {
		case KindDepartment, KindTown, KindOffice, KindGroup:
		default:
			bad("单位 %s「%s」：类别 %q 无效，应为 department、town、office 或 group", o.ID, o.Name, o.Kind)
		}
		for _, n := range append([]string{o.ID, o.Name}, o.Aliases...) {
			if prev, dup := names[n]; dup && prev != o.ID {
				bad("单位名称 %q 同时属于 %s 和 %s", n, prev, o.ID)
			}
			names[n] = o.ID
		}
	}
	for _, o := range c.Organisations {
		for _, m := range o.Members {
			mo, ok := c.Org(m)
			if !ok {
				bad("单位组 %s「%s」：成员 %q 不是已登记的单位", o.ID, o.Name, m)
			} else if mo.Kind == KindGroup {
				bad("单位组 %s「%s」：成员 %s 本身是单位组", o.ID, o.Name, m)
			}
		}
	}

	codes := map[string]bool{}
	for i := range c.Indicators {
		ind := &c.Indicators[i]
		where := fmt.Sprintf("指标 %s", ind.Code)
		if !codeRE.MatchString(ind.Code) || strings.Contains(ind.Code, ".") {
			bad("指标第 %d 项：序号 %q 无效，应为正整数", i+1, ind.Code)
		}
		if codes[ind.Code] {
			bad("%s：序号重复", where)
		}
		codes[ind.Code] = true
		if _, ok := c.TaskGroup(ind.TaskGroup); !ok {
			bad("%s：任务组 %d 不存在", where, ind.TaskGroup)
		}
		errs = append(errs, checkIndicator(ind, where)...)
		// An organisation is never its own supporter: a file that lists a lead
		// among the supporters (as the catalog of version 2018.1 did for
		// indicator 1) is read without it, so older projects still open.
		ind.Support = slices.DeleteFunc(slices.Clone(ind.Support), func(id string) bool { return slices.Contains(ind.Lead, id) })
		for j := range ind.Subs {
			sub := &ind.Subs[j]
			sw := fmt.Sprintf("子指标 %s", sub.Code)
			if !strings.HasPrefix(sub.Code, ind.Code+".") || !codeRE.MatchString(sub.Code) {
				bad("%s 的子指标第 %d 项：序号 %q 无效，应为 %s.%d", where, j+1, sub.Code, ind.Code, j+1)
			}
			if codes[sub.Code] {
				bad("%s：序号重复", sw)
			}
			codes[sub.Code] = true
			if len(sub.Subs) > 0 {
				bad("%s：子指标不能再有子指标", sw)
			}
			inherit(sub, ind)
			errs = append(errs, checkIndicator(sub, sw)...)
		}
	}
	c.link()

	dis := map[string]bool{}
	for i := range c.Disagreements {
		d := &c.Disagreements[i]
		w := fmt.Sprintf("不一致项 %s", d.ID)
		if d.ID == "" || dis[d.ID] {
			bad("%s：标识为空或重复", w)
		}
		dis[d.ID] = true
		if d.Kind != BetweenAnnexes && d.Kind != WithinAnnex {
			bad("%s：kind %q 无效，应为 annexes 或 internal", w, d.Kind)
		}
		if len(d.Options) < 2 {
			bad("%s：至少要有两个选项", w)
		}
		if (d.Indicator == "") == (d.TaskGroup == 0) {
			bad("%s：应指明 indicator 或 task_group 之一", w)
			continue
		}
		if d.Indicator != "" {
			if _, ok := c.Indicator(d.Indicator); !ok {
				bad("%s：指标 %s 不存在", w, d.Indicator)
				continue
			}
		} else if _, ok := c.TaskGroup(d.TaskGroup); !ok {
			bad("%s：任务组 %d 不存在", w, d.TaskGroup)
			continue
		}
		keys := map[string]bool{}
		for j := range d.Options {
			o := &d.Options[j]
			if o.Key == "" || keys[o.Key] {
				bad("%s：选项标识为空或重复", w)
			}
			keys[o.Key] = true
			if o.Where == "" || o.Quote == "" {
				bad("%s 选项 %s：缺少出处（where）或原文（quote）", w, o.Key)
			}
			if err := checkOption(d.Field, o); err != nil {
				bad("%s 选项 %s：%v", w, o.Key, err)
			}
		}
		p, ok := d.Option(d.Provisional)
		if !ok {
			bad("%s：暂用选项 provisional %q 不是它的选项之一", w, d.Provisional)
		} else if !c.currentMatches(d, p) {
			bad("%s：文件中该字段的值与暂用选项 %s 不一致", w, d.Provisional)
		}
	}
	for _, v := range c.Vetoes {
		if _, ok := c.Indicator(v); !ok {
			bad("否决项 %q 不是指标序号", v)
		}
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	return nil
}

func inherit(sub, parent *Indicator) {
	if sub.Attribute == "" {
		sub.Attribute = parent.Attribute
	}
	if sub.Band == "" {
		sub.Band = parent.Band
	}
	if sub.TaskGroup == 0 {
		sub.TaskGroup = parent.TaskGroup
	}
	if len(sub.Lead) == 0 {
		sub.Lead = slices.Clone(parent.Lead)
	}
	if len(sub.Support) == 0 {
		sub.Support = slices.Clone(parent.Support)
	}
	if sub.TaskText == "" {
		sub.TaskText = parent.TaskText
	}
	if sub.MeasureUnit == "" && parent.MeasureUnit != "" && sub.Target != nil && sub.Target.Kind() != State {
		sub.MeasureUnit = parent.MeasureUnit
	}
}

func checkIndicator(ind *Indicator, where string) []error {
	var errs []error
	bad := func(format string, a ...any) {
		errs = append(errs, fmt.Errorf(where+": "+format, a...))
	}
	if strings.TrimSpace(ind.Name) == "" {
		bad("名称为空")
	}
	if ind.Attribute != Binding && ind.Attribute != Reference {
		bad("指标属性 %q 无效，应为「约束性」或「参考性」", ind.Attribute)
	}
	if len(ind.Range) != 0 && (len(ind.Range) != 2 || ind.Range[0] >= ind.Range[1]) {
		bad("有效范围 range 应为 [最小值, 最大值]")
	}
	if len(ind.Subs) > 0 {
		if ind.Target != nil {
			bad("有子指标的指标不设目标值，目标值写在子指标上")
		}
		return errs
	}
	t := ind.Target
	if t == nil {
		bad("缺少目标值 target")
		return errs
	}
	op, ok := normalizeComparator(string(t.Op))
	if !ok {
		bad("目标值的比较符 %q 无效，应为 ≥、≤、>、<、= 之一", t.Op)
	}
	t.Op = op
	switch t.Kind() {
	case State:
		if t.NotState == "" {
			bad("定性目标「%s」缺少 not_state（未达到时的状态）", t.State)
		}
		if t.Value != nil {
			bad("定性目标「%s」不应有数值 value", t.State)
		}
	case Numeric:
		if t.Value == nil {
			bad("数值目标缺少 value")
		}
	}
	return errs
}

func checkOption(field string, o *Option) error {
	switch field {
	case FieldName:
		if o.Name == "" {
			return errors.New("缺少 name")
		}
	case FieldTarget:
		if o.Target == nil {
			return errors.New("缺少 target")
		}
		op, ok := normalizeComparator(string(o.Target.Op))
		if !ok {
			return fmt.Errorf("比较符 %q 无效", o.Target.Op)
		}
		o.Target.Op = op
	case FieldLead, FieldSupport:
		if len(o.Orgs) == 0 {
			return errors.New("缺少 orgs")
		}
	case FieldMeasureUnit:
		if o.MeasureUnit == nil {
			return errors.New("缺少 measure_unit")
		}
	case FieldAttribute:
		if o.Attribute != Binding && o.Attribute != Reference {
			return errors.New("attribute 应为「约束性」或「参考性」")
		}
	case FieldDomain:
		if o.Domain == "" {
			return errors.New("缺少 domain")
		}
	default:
		return fmt.Errorf("字段 %q 无效", field)
	}
	return nil
}

// link sets the derived fields: each indicator's domain and parent.
func (c *Catalog) link() {
	for i := range c.Indicators {
		ind := &c.Indicators[i]
		ind.Parent = nil
		if g, ok := c.TaskGroup(ind.TaskGroup); ok {
			ind.Domain = g.Domain
		}
		for j := range ind.Subs {
			ind.Subs[j].Parent = ind
			ind.Subs[j].Domain = ind.Domain
		}
	}
}

// Clone returns a copy whose slices of domains, groups, organisations,
// indicators and sub-indicators can be changed without touching c. Targets,
// organisation lists and quotes are shared: replace them, never modify them
// in place (as Effective and the store do).
func (c *Catalog) Clone() *Catalog {
	out := *c
	out.Domains = slices.Clone(c.Domains)
	out.TaskGroups = slices.Clone(c.TaskGroups)
	out.Organisations = slices.Clone(c.Organisations)
	out.Disagreements = slices.Clone(c.Disagreements)
	out.Vetoes = slices.Clone(c.Vetoes)
	out.Indicators = slices.Clone(c.Indicators)
	for i := range out.Indicators {
		out.Indicators[i].Subs = slices.Clone(out.Indicators[i].Subs)
	}
	out.link()
	return &out
}

// Marshal writes the catalog back as YAML, e.g. to store it in a project.
func (c *Catalog) Marshal() ([]byte, error) {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(c); err != nil {
		return nil, err
	}
	return b.Bytes(), enc.Close()
}
