package catalog_test

import (
	"strings"
	"testing"

	"ecoreport/app/catalog"
)

// baseCatalog is a small valid catalog; each case of TestParseErrors breaks
// it in one place.
const baseCatalog = `id: test
version: "1"
name: 测试指标体系
basis: 测试
plan:
  title: 测试方案
domains:
  - {id: institution, name: 生态制度}
task_groups:
  - {no: 1, name: 制度与保障机制完善, domain: institution}
organisations:
  - {id: env, name: 海陵环保局, aliases: [环保局], kind: department}
  - {id: gov-office, name: 区政府办, kind: department}
indicators:
  - code: "1"
    name: 生态文明建设规划
    target: {state: 制定实施, not_state: 未制定实施}
    attribute: 约束性
    task_group: 1
    lead: [env]
  - code: "2"
    name: 环境信息公开率
    measure_unit: "%"
    target: {op: "≥", value: 80}
    attribute: 参考性
    task_group: 1
    lead: [env]
disagreements:
  - id: 2.target
    indicator: "2"
    field: target
    kind: annexes
    summary: 测试
    options:
      - {key: annex1, where: 附件1 一、8., quote: 环境信息公开率100%, target: {op: "=", value: 100}}
      - {key: annex2, where: 附件2 序号8, quote: 环境信息公开率 % ≥80, target: {op: "≥", value: 80}}
    provisional: annex2
vetoes: ["1"]
`

func TestParseBase(t *testing.T) {
	c, err := catalog.Parse("base.yaml", []byte(baseCatalog))
	if err != nil {
		t.Fatalf("the base catalog must parse: %v", err)
	}
	if len(c.Check(nil)) != 1 {
		t.Errorf("Check = %+v, want only 2.target", c.Check(nil))
	}
	// Marshal and parse again: the catalog survives the round trip.
	b, err := c.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	c2, err := catalog.Parse("round-trip.yaml", b)
	if err != nil {
		t.Fatalf("round trip: %v\n%s", err, b)
	}
	if ind, _ := c2.Indicator("2"); ind.Target.Format(ind.MeasureUnit) != "≥80%" {
		t.Errorf("round trip lost the target: %+v", ind.Target)
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct {
		name     string
		old, new string   // replace old by new in the base catalog
		want     []string // substrings of the error
	}{
		{"malformed YAML", "plan:\n  title: 测试方案", "plan:\n  title: [测试方案", []string{"格式错误", "第 ", " 行", "base.yaml"}},
		{"unknown field", "basis: 测试\n", "basis: 测试\ncolour: red\n", []string{"第 5 行", "未知字段 colour"}},
		{"unknown indicator field", "    lead: [env]\n  - code: \"2\"", "    lead: [env]\n    unit: \"%\"\n  - code: \"2\"", []string{"未知字段 unit"}},
		{"wrong type", "task_group: 1\n    lead: [env]\n  - code: \"2\"", "task_group: 一\n    lead: [env]\n  - code: \"2\"", []string{"第 19 行", "类型不对"}},
		{"bad comparator", `target: {op: "≥", value: 80}
    attribute`, `target: {op: "≈", value: 80}
    attribute`, []string{"指标 2", "比较符", "≈"}},
		{"missing target", "    target: {state: 制定实施, not_state: 未制定实施}\n", "", []string{"指标 1", "缺少目标值 target"}},
		{"missing value", `target: {op: "≥", value: 80}
    attribute`, `target: {op: "≥"}
    attribute`, []string{"指标 2", "数值目标缺少 value"}},
		{"state without not_state", "{state: 制定实施, not_state: 未制定实施}", "{state: 制定实施}", []string{"指标 1", "制定实施", "not_state"}},
		{"duplicate code", `code: "2"`, `code: "1"`, []string{"指标 1", "序号重复"}},
		{"bad code", `code: "2"`, `code: "2a"`, []string{"序号", "2a", "无效"}},
		{"bad attribute", "attribute: 参考性", "attribute: 重要", []string{"指标 2", "指标属性", "重要", "约束性"}},
		{"provisional not matching", "provisional: annex2", "provisional: annex1", []string{"不一致项 2.target", "暂用选项 annex1", "不一致"}},
		{"provisional not an option", "provisional: annex2", "provisional: annex3", []string{"不一致项 2.target", "annex3", "不是它的选项之一"}},
		{"option without quote", "quote: 环境信息公开率100%, ", "", []string{"不一致项 2.target", "annex1", "quote"}},
		{"disagreement on unknown indicator", `indicator: "2"`, `indicator: "9"`, []string{"不一致项 2.target", "指标 9 不存在"}},
		{"unknown task group", "    task_group: 1\n    lead: [env]\n  - code: \"2\"", "    task_group: 3\n    lead: [env]\n  - code: \"2\"", []string{"指标 1", "任务组 3 不存在"}},
		{"task group of unknown domain", "domain: institution}", "domain: space}", []string{"任务组 1", "领域 \"space\" 不存在"}},
		{"bad organisation kind", "kind: department}\n  - {id: gov-office", "kind: bureau}\n  - {id: gov-office", []string{"单位 env", "bureau"}},
		{"organisation name used twice", "aliases: [环保局]", "aliases: [区政府办]", []string{"单位名称 \"区政府办\"", "env", "gov-office"}},
		{"unknown veto", `vetoes: ["1"]`, `vetoes: ["99"]`, []string{"否决项", "99"}},
		{"missing id", "id: test\n", "", []string{"缺少 id"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if !strings.Contains(baseCatalog, tc.old) {
				t.Fatalf("test case does not apply: %q not in the base catalog", tc.old)
			}
			src := strings.Replace(baseCatalog, tc.old, tc.new, 1)
			_, err := catalog.Parse("base.yaml", []byte(src))
			if err == nil {
				t.Fatalf("Parse accepted:\n%s", src)
			}
			msg := err.Error()
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q does not contain %q", msg, w)
				}
			}
			if !strings.ContainsAny(msg, "指标格式缺少单位任务否决") {
				t.Errorf("error %q is not in Chinese", msg)
			}
		})
	}
}

func TestParseTooLarge(t *testing.T) {
	big := make([]byte, catalog.MaxFileSize+1)
	if _, err := catalog.Parse("big.yaml", big); err == nil || !strings.Contains(err.Error(), "过大") {
		t.Errorf("err = %v", err)
	}
}

// TestParseDropsSelfSupport: a lead listed among its own supporters (the
// catalog file of older projects, indicator 1) is read without it.
func TestParseDropsSelfSupport(t *testing.T) {
	src := strings.Replace(baseCatalog, "    task_group: 1\n    lead: [env]\n  - code: \"2\"", "    task_group: 1\n    lead: [env]\n    support: [env, gov-office]\n  - code: \"2\"", 1)
	c, err := catalog.Parse("base.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	ind, _ := c.Indicator("1")
	if len(ind.Support) != 1 || ind.Support[0] != "gov-office" {
		t.Errorf("support %v, want [gov-office]", ind.Support)
	}
}
