package eval_test

import (
	"strings"
	"testing"

	"ecoreport/app/catalog"
	"ecoreport/app/eval"
	"ecoreport/seeds"
)

func f(v float64) *float64 { return &v }

// testCatalog has one indicator of every target shape the district's catalog uses.
func testCatalog(t *testing.T) *catalog.Catalog {
	t.Helper()
	c := &catalog.Catalog{
		ID: "test", Version: "1", Name: "测试指标体系",
		Domains:    []catalog.Domain{{ID: "d", Name: "生态环境"}},
		TaskGroups: []catalog.TaskGroup{{No: 1, Name: "任务", Domain: "d"}},
		Vetoes:     []string{"6"},
		Indicators: []catalog.Indicator{
			{Code: "1", Name: "比例", MeasureUnit: "%", Attribute: catalog.Binding, TaskGroup: 1, Target: &catalog.Target{Op: catalog.GE, Value: f(80)}},
			{Code: "2", Name: "能耗", MeasureUnit: "吨标煤/万元", Attribute: catalog.Binding, TaskGroup: 1,
				Target: &catalog.Target{Op: catalog.LE, Value: f(0.70), Condition: "能源消耗总量不超过控制目标值"}},
			{Code: "3", Name: "处置率", MeasureUnit: "%", Attribute: catalog.Reference, TaskGroup: 1, Target: &catalog.Target{Op: catalog.EQ, Value: f(100)}},
			{Code: "4", Name: "EI", Attribute: catalog.Binding, TaskGroup: 1, Target: &catalog.Target{Op: catalog.GE, Value: f(55), NoDecline: true}},
			{Code: "5", Name: "规划", Attribute: catalog.Reference, TaskGroup: 1, Target: &catalog.Target{State: "制定实施", NotState: "未制定实施"}},
			{Code: "6", Name: "事件", Attribute: catalog.Binding, TaskGroup: 1, Target: &catalog.Target{State: "未发生", NotState: "发生"}},
			{Code: "7", Name: "水质", Attribute: catalog.Binding, TaskGroup: 1, Subs: []catalog.Indicator{
				{Code: "7.1", Name: "提高幅度", MeasureUnit: "%", Target: &catalog.Target{Pending: "省级确定"}},
				{Code: "7.2", Name: "下降幅度", MeasureUnit: "%", Target: &catalog.Target{Op: catalog.GE, Value: f(2), Pending: "省级确定"}},
			}},
		},
	}
	y, err := c.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	c2, err := catalog.Parse("test", y)
	if err != nil {
		t.Fatal(err)
	}
	return c2
}

func num(v float64) catalog.Value  { return catalog.Value{Num: v, IsNum: true} }
func state(s string) catalog.Value { return catalog.Value{State: s} }

func key(code string, year int) catalog.ValueKey {
	return catalog.ValueKey{Code: code, Year: year, Field: catalog.FieldValue}
}
func cond(code string, year int) catalog.ValueKey {
	return catalog.ValueKey{Code: code, Year: year, Field: catalog.FieldCondition}
}

func TestEvaluateTargetShapes(t *testing.T) {
	cat := testCatalog(t)
	years := []int{2015, 2016, 2017}
	cases := []struct {
		name   string
		code   string
		year   int
		vals   catalog.ValueSet
		status eval.Status
		reason string
	}{
		{"≥ met", "1", 2017, catalog.ValueSet{key("1", 2017): num(92.5)}, eval.Met, "2017年 92.5% 达到目标 ≥80%"},
		{"≥ boundary", "1", 2017, catalog.ValueSet{key("1", 2017): num(80)}, eval.Met, "达到目标 ≥80%"},
		{"≥ not met", "1", 2017, catalog.ValueSet{key("1", 2017): num(65.2)}, eval.NotMet, "2017年 65.2% 低于目标 ≥80%"},
		{"missing", "1", 2016, catalog.ValueSet{}, eval.Missing, "2016年缺数据"},
		{"≤ with condition met", "2", 2017, catalog.ValueSet{key("2", 2017): num(0.46), cond("2", 2017): state("是")}, eval.Met, "能源消耗总量不超过控制目标值"},
		{"≤ not met", "2", 2017, catalog.ValueSet{key("2", 2017): num(0.72), cond("2", 2017): state("是")}, eval.NotMet, "0.72吨标煤/万元，高于目标 ≤0.70"},
		{"≤ condition no", "2", 2017, catalog.ValueSet{key("2", 2017): num(0.46), cond("2", 2017): state("否")}, eval.NotMet, "未满足“能源消耗总量不超过控制目标值”"},
		{"≤ condition missing", "2", 2017, catalog.ValueSet{key("2", 2017): num(0.46)}, eval.Missing, "缺少“能源消耗总量不超过控制目标值”的情况"},
		{"100 met", "3", 2017, catalog.ValueSet{key("3", 2017): num(100)}, eval.Met, "达到目标 100%"},
		{"100 not met", "3", 2017, catalog.ValueSet{key("3", 2017): num(99.6)}, eval.NotMet, "99.6% 低于目标 100%"},
		{"no decline, first year", "4", 2015, catalog.ValueSet{key("4", 2015): num(60)}, eval.Met, "首个评估年度"},
		{"no decline, rising", "4", 2017, catalog.ValueSet{key("4", 2016): num(60), key("4", 2017): num(61)}, eval.Met, "不低于2016年"},
		{"no decline, falling", "4", 2017, catalog.ValueSet{key("4", 2016): num(62), key("4", 2017): num(61)}, eval.NotMet, "低于2016年 62，不满足“且不降低”"},
		{"no decline, below threshold", "4", 2017, catalog.ValueSet{key("4", 2016): num(50), key("4", 2017): num(54)}, eval.NotMet, "低于目标 ≥55"},
		{"no decline, previous missing", "4", 2017, catalog.ValueSet{key("4", 2017): num(61)}, eval.Missing, "缺少2016年数据"},
		{"state met", "5", 2017, catalog.ValueSet{key("5", 2017): state("制定实施")}, eval.Met, "达到目标“制定实施”"},
		{"state not met", "5", 2017, catalog.ValueSet{key("5", 2017): state("未制定实施")}, eval.NotMet, "未达到目标“制定实施”"},
		{"未发生 met", "6", 2017, catalog.ValueSet{key("6", 2017): state("未发生")}, eval.Met, ""},
		{"未发生 not met", "6", 2017, catalog.ValueSet{key("6", 2017): state("发生")}, eval.NotMet, ""},
		{"pending without value", "7.1", 2017, catalog.ValueSet{}, eval.TargetPending, "目标待定（省级确定）"},
		{"pending with value", "7.1", 2017, catalog.ValueSet{key("7.1", 2017): num(3)}, eval.TargetPending, "3%，目标待定"},
		{"province target entered", "7.2", 2017, catalog.ValueSet{key("7.2", 2017): num(3)}, eval.Met, "达到目标 ≥2%"},
		{"parent: pending sub", "7", 2017, catalog.ValueSet{key("7.2", 2017): num(3)}, eval.TargetPending, "提高幅度"},
		{"parent: not met outweighs", "7", 2017, catalog.ValueSet{key("7.2", 2017): num(1)}, eval.NotMet, "子指标未达标：下降幅度"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := eval.Evaluate(cat, c.vals, years, 0, eval.Rule{ReferenceShare: 0.8})
			r := e.Result(c.code, c.year)
			if r.Status != c.status || !strings.Contains(r.Reason, c.reason) {
				t.Errorf("%s %d: %s %q, want %s containing %q", c.code, c.year, r.Status, r.Reason, c.status, c.reason)
			}
		})
	}
}

func TestSubIndicatorsAllMet(t *testing.T) {
	cat := testCatalog(t)
	ind, _ := cat.Indicator("7.1")
	ind.Target = &catalog.Target{Op: catalog.GE, Value: f(1)}
	vals := catalog.ValueSet{key("7.1", 2017): num(3), key("7.2", 2017): num(3)}
	r := eval.Evaluate(cat, vals, []int{2017}, 0, eval.Rule{}).Result("7", 2017)
	if r.Status != eval.Met || r.Reason != "2017年 2 项子指标全部达标" {
		t.Errorf("%s %q", r.Status, r.Reason)
	}
}

func TestVerdict(t *testing.T) {
	cat := testCatalog(t)
	ind, _ := cat.Indicator("7.1")
	ind.Target = &catalog.Target{Op: catalog.GE, Value: f(1)}
	all := func() catalog.ValueSet {
		return catalog.ValueSet{
			key("1", 2017): num(90), key("2", 2017): num(0.5), cond("2", 2017): state("是"), key("3", 2017): num(100),
			key("4", 2016): num(60), key("4", 2017): num(61), key("5", 2017): state("制定实施"), key("6", 2017): state("未发生"),
			key("7.1", 2017): num(3), key("7.2", 2017): num(3),
		}
	}
	rule := eval.Rule{ReferenceShare: 0.8, Vetoes: []string{"6"}}
	cases := []struct {
		name   string
		change func(catalog.ValueSet)
		rule   eval.Rule
		want   eval.Outcome
		reason string
	}{
		{"all met", func(catalog.ValueSet) {}, rule, eval.Pass, "约束性指标 5 项全部达标"},
		{"binding not met", func(v catalog.ValueSet) { v[key("1", 2017)] = num(70) }, rule, eval.Fail, "约束性指标未达标：1 比例（未达标）"},
		{"veto", func(v catalog.ValueSet) { v[key("6", 2017)] = state("发生") }, rule, eval.Fail, "否决项 6“事件”未达标"},
		{"binding missing", func(v catalog.ValueSet) { delete(v, key("1", 2017)) }, rule, eval.Undetermined, "约束性指标尚不能判定"},
		{"reference share below", func(v catalog.ValueSet) { v[key("3", 2017)] = num(90) }, rule, eval.Fail, "参考性指标达标 1/2 项（50.0%）"},
		{"reference share lowered", func(v catalog.ValueSet) { v[key("3", 2017)] = num(90) }, eval.Rule{ReferenceShare: 0.5}, eval.Pass, ""},
		{"reference missing could still pass", func(v catalog.ValueSet) { delete(v, key("3", 2017)) }, rule, eval.Undetermined, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			vals := all()
			c.change(vals)
			v := eval.Evaluate(cat, vals, []int{2015, 2016, 2017}, 0, c.rule).Verdict
			if v.Outcome != c.want || !strings.Contains(strings.Join(v.Reasons, "\n"), c.reason) {
				t.Errorf("outcome %s, reasons %q; want %s with %q", v.Outcome, v.Reasons, c.want, c.reason)
			}
		})
	}
}

func TestCompleteness(t *testing.T) {
	cat, err := catalog.Parse("seeds", seeds.Catalog)
	if err != nil {
		t.Fatal(err)
	}
	vals := catalog.ValueSet{}
	for _, ind := range cat.Leaves() {
		for _, y := range []int{2015, 2016, 2017} {
			vals[key(ind.Code, y)] = num(1)
			vals[cond(ind.Code, y)] = state("是")
		}
	}
	if gaps := eval.Completeness(cat, vals, []int{2015, 2016, 2017}); len(gaps) != 0 {
		t.Fatalf("complete data has gaps: %+v", gaps)
	}
	delete(vals, key("12", 2016))  // 区农委
	delete(vals, cond("21", 2017)) // 区统计局: the condition counts too
	gaps := eval.Completeness(cat, vals, []int{2015, 2016, 2017})
	got := map[string]string{}
	for _, g := range gaps {
		for _, m := range g.Missing {
			got[g.Name] += m.Code + "/" + string(rune('0'+m.Year%10)) + " "
		}
	}
	if got["区农委"] != "12/6 " || got["区统计局"] != "21/7 " || len(got) != 2 {
		t.Errorf("gaps %v", got)
	}
}

func TestEveryCatalogTargetEvaluates(t *testing.T) {
	cat, err := catalog.Parse("seeds", seeds.Catalog)
	if err != nil {
		t.Fatal(err)
	}
	e := eval.Evaluate(cat, catalog.ValueSet{}, []int{2015, 2016, 2017}, 0, eval.Rule{ReferenceShare: 0.8})
	for _, ind := range cat.All() {
		for _, y := range []int{2015, 2016, 2017} {
			r := e.Result(ind.Code, y)
			if r.Status != eval.Missing && r.Status != eval.TargetPending {
				t.Errorf("%s %d without data: %s", ind.Code, y, r.Status)
			}
			if r.Reason == "" {
				t.Errorf("%s %d: no reason", ind.Code, y)
			}
		}
	}
	if e.Verdict.Outcome != eval.Undetermined || e.Verdict.Binding.Total+e.Verdict.Reference.Total != 37 {
		t.Errorf("verdict without data: %+v", e.Verdict)
	}
}
