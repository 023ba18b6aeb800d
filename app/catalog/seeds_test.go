package catalog_test

import (
	"bytes"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"ecoreport/app/catalog"
	"ecoreport/seeds"
)

// The fidelity tests below check the embedded catalog against the plan
// 泰海政办发〔2018〕26号. The expected values are written by hand from the plan
// (testdata/plan.txt is a copy of the customer's source document), not
// generated from the YAML.

func loadSeed(t *testing.T) *catalog.Catalog {
	t.Helper()
	c, err := catalog.Parse(seeds.CatalogFile, seeds.Catalog)
	if err != nil {
		t.Fatalf("Parse(%s): %v", seeds.CatalogFile, err)
	}
	return c
}

var spaceRE = regexp.MustCompile(`\s+`)

// squeeze removes all whitespace: the web copy of 附件2 puts every table cell
// on its own line, and the catalog separates cells by one space.
func squeeze(s string) string { return spaceRE.ReplaceAllString(s, "") }

func planText(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("testdata/plan.txt")
	if err != nil {
		t.Fatal(err)
	}
	return squeeze(string(b))
}

type wantIndicator struct {
	code, name, unit, target, attr, band string
	tg                                   int
	domain                               string
	lead, support                        string // names separated by "|"
}

const (
	towns = "各镇街、园区"
	pend  = "目标待定（省级环保部门根据实际情况自行确定本省改善幅度）"
)

// wantIndicators is every indicator and sub-indicator as the plan gives it,
// with the provisional option where the annexes disagree (附件2, except
// 10.2's unit and task group 8's domain).
var wantIndicators = []wantIndicator{
	{"1", "生态文明建设规划", "", "制定实施", "约束性", "", 1, "institution", "海陵环保局", ""},
	{"2", "生态文明建设工作占党政实绩考核的比例", "%", "≥20%", "约束性", "", 1, "institution", "区绩效办", "海陵环保局|" + towns},
	{"3", "自然资源资产负债表", "", "编制", "参考性", "", 1, "institution", "区财政局", ""},
	{"4", "自然资源资产离任审计", "", "开展", "参考性", "", 1, "institution", "区审计局", ""},
	{"5", "生态环境损害责任追究", "", "开展", "参考性", "", 1, "institution", "海陵环保局", "区纪委"},
	{"6", "河长制", "", "全面推行", "约束性", "", 1, "institution", "水利分局", ""},
	{"7", "固定源排污许可证覆盖率", "", "开展", "约束性", "", 1, "institution", "海陵环保局", "区经信委|" + towns},
	{"8", "环境信息公开率", "%", "≥80%", "参考性", "", 1, "institution", "海陵环保局", ""},
	{"9", "环境空气质量", "", "", "约束性", "", 2, "environment", "海陵环保局", "区发改委|区经信委|区住建局|公安分局|城管分局|" + towns},
	{"9.1", "优良天数比例提高幅度", "%", pend, "约束性", "", 2, "environment", "海陵环保局", "区发改委|区经信委|区住建局|公安分局|城管分局|" + towns},
	{"9.2", "重污染天数比例下降幅度", "%", pend, "约束性", "", 2, "environment", "海陵环保局", "区发改委|区经信委|区住建局|公安分局|城管分局|" + towns},
	{"10", "地表水环境质量", "", "", "约束性", "", 2, "environment", "海陵环保局|区住建局", "区农委|水利分局|" + towns},
	{"10.1", "达到或优于III类比例提高幅度", "%", pend, "约束性", "", 2, "environment", "海陵环保局|区住建局", "区农委|水利分局|" + towns},
	{"10.2", "劣Ⅴ类水体比例下降幅度", "%", pend, "约束性", "", 2, "environment", "海陵环保局|区住建局", "区农委|水利分局|" + towns},
	{"11", "生态环境状况指数(EI)", "%", "≥55%，且不降低", "约束性", "", 3, "environment", "海陵环保局", "区农委|国土分局|水利分局|" + towns},
	{"12", "森林覆盖率", "%", "≥18%", "参考性", "平原地区", 3, "environment", "区农委", towns},
	{"13", "生物物种资源保护", "", "", "参考性", "", 3, "environment", "区农委", ""},
	{"13.1", "重点保护物种受到严格保护", "", "执行", "参考性", "", 3, "environment", "区农委", ""},
	{"13.2", "外来物种入侵", "", "不明显", "参考性", "", 3, "environment", "区农委", ""},
	{"14", "危险废物安全处置率", "%", "100%", "约束性", "", 4, "environment", "海陵环保局", "区经信委|区卫计委"},
	{"15", "污染场地环境监管体系", "", "建立", "参考性", "", 4, "environment", "海陵环保局", towns},
	{"16", "重、特大突发环境事件", "", "未发生", "约束性", "", 4, "environment", "海陵环保局", "区安监局"},
	{"17", "生态保护红线", "", "划定并遵守", "约束性", "", 5, "space", "海陵环保局", ""},
	{"18", "耕地红线", "", "遵守", "约束性", "", 5, "space", "国土分局", "区农委|" + towns},
	{"19", "受保护地区占国土面积比例", "%", "≥16%", "约束性", "平原地区", 5, "space", "国土分局", towns},
	{"20", "空间规划", "%", "编制", "参考性", "", 5, "space", "区发改委", ""},
	{"21", "单位地区生产总值能耗", "吨标煤/万元", "≤0.70吨标煤/万元，且能源消耗总量不超过控制目标值", "约束性", "", 6, "economy", "区统计局", "区发改委|区经信委"},
	{"22", "单位地区生产总值用水量", "立方米/万元", "≤50立方米/万元，且用水总量不超过控制目标值", "约束性", "东部地区", 6, "economy", "水利分局", "区经信委|区农委"},
	{"23", "单位工业用地工业增加值", "万元/亩", "≥80万元/亩", "参考性", "东部地区", 6, "economy", "区经信委", "区发改委|国土分局"},
	{"24", "农业废弃物综合利用率", "", "", "参考性", "", 7, "economy", "区农委", "海陵环保局|" + towns},
	{"24.1", "秸秆综合利用率", "%", "≥95%", "参考性", "", 7, "economy", "区农委", "海陵环保局|" + towns},
	{"24.2", "畜禽养殖场粪便综合利用率", "%", "≥95%", "参考性", "", 7, "economy", "区农委", "海陵环保局|" + towns},
	{"25", "一般工业固体废物处置利用率", "%", "≥90%", "参考性", "", 7, "economy", "海陵环保局", "区经信委|" + towns},
	{"26", "村镇饮用水卫生合格率", "%", "100%", "约束性", "", 8, "living", "区卫计委", "区住建局"},
	{"27", "城镇污水处理率", "%", "100%", "约束性", "", 8, "living", "区住建局", "海陵环保局|" + towns},
	{"28", "城镇生活垃圾无害化处理率", "%", "100%", "约束性", "", 8, "living", "城管分局", "海陵环保局|" + towns},
	{"29", "农村卫生厕所普及率", "%", "≥95%", "参考性", "", 8, "living", "区卫计委", towns},
	{"30", "村庄环境综合整治率", "%", "100%", "约束性", "", 8, "living", "区住建局", towns},
	{"31", "城镇新建绿色建筑比例", "%", "≥50%", "参考性", "东部地区", 9, "living", "区住建局", "区发改委"},
	{"32", "公众绿色出行率", "%", "≥50%", "参考性", "", 9, "living", "城管分局", towns},
	{"33", "节能、节水器具普及率", "%", "≥80%", "参考性", "东部地区", 9, "living", "区经信委", "区发改委"},
	{"34", "政府绿色采购比例", "%", "≥80%", "参考性", "", 9, "living", "区财政局", ""},
	{"35", "党政领导干部参加生态文明培训的人数比例", "%", "100%", "参考性", "", 10, "culture", "区委组织部", "区人社局|海陵环保局"},
	{"36", "公众对生态文明知识知晓度", "%", "≥80%", "参考性", "", 10, "culture", "海陵环保局", "区委宣传部|区教育局|文体旅新局|水利分局|" + towns},
	{"37", "公众对生态文明建设的满意度", "%", "≥80%", "参考性", "", 10, "culture", "海陵环保局", "区发改委|区住建局|城管分局|水利分局|" + towns},
}

func names(c *catalog.Catalog, ids []string) string {
	var out []string
	for _, id := range ids {
		o, ok := c.Org(id)
		if !ok {
			out = append(out, "?"+id)
			continue
		}
		out = append(out, o.Name)
	}
	return strings.Join(out, "|")
}

func TestSeedIndicators(t *testing.T) {
	c := loadSeed(t)
	if c.ID != "hailing-2018" || c.Version != "2018.1" || c.Name != "海陵区创建国家生态文明建设示范区指标体系" || c.Basis != "国家生态文明建设示范县、市指标(试行)" {
		t.Errorf("header = %q %q %q %q", c.ID, c.Version, c.Name, c.Basis)
	}
	if len(c.Indicators) != 37 {
		t.Fatalf("%d indicators, want 37", len(c.Indicators))
	}
	all := c.All()
	if len(all) != len(wantIndicators) {
		t.Fatalf("%d indicators and sub-indicators, want %d", len(all), len(wantIndicators))
	}
	for i, w := range wantIndicators {
		ind := all[i]
		t.Run(w.code, func(t *testing.T) {
			if ind.Code != w.code {
				t.Fatalf("code %q, want %q", ind.Code, w.code)
			}
			if ind.Name != w.name {
				t.Errorf("name %q, want %q", ind.Name, w.name)
			}
			if ind.MeasureUnit != w.unit {
				t.Errorf("measure unit %q, want %q", ind.MeasureUnit, w.unit)
			}
			if got := ind.Target.Format(ind.MeasureUnit); got != w.target {
				t.Errorf("target %q, want %q", got, w.target)
			}
			if string(ind.Attribute) != w.attr {
				t.Errorf("attribute %q, want %q", ind.Attribute, w.attr)
			}
			if ind.Band != w.band {
				t.Errorf("band %q, want %q", ind.Band, w.band)
			}
			if ind.TaskGroup != w.tg {
				t.Errorf("task group %d, want %d", ind.TaskGroup, w.tg)
			}
			if ind.Domain != w.domain {
				t.Errorf("domain %q, want %q", ind.Domain, w.domain)
			}
			if got := names(c, ind.Lead); got != w.lead {
				t.Errorf("lead %q, want %q", got, w.lead)
			}
			if got := names(c, ind.Support); got != w.support {
				t.Errorf("support %q, want %q", got, w.support)
			}
			if ind.TaskText == "" {
				t.Errorf("task text is empty")
			}
			if ind.IsSub() {
				return
			}
			if ind.Annex1 == nil || ind.Annex2 == nil {
				t.Fatalf("annex quotes missing")
			}
			if !strings.HasPrefix(squeeze(ind.Annex1.Heading), ind.Code+".") {
				t.Errorf("annex1 heading %q does not start with the code", ind.Annex1.Heading)
			}
			if want := "附件1 " + catalog.ChineseNumber(w.tg) + "、" + w.code + "."; ind.Annex1.Where != want {
				t.Errorf("annex1 where %q, want %q", ind.Annex1.Where, want)
			}
			if want := "附件2 序号" + w.code; ind.Annex2.Where != want {
				t.Errorf("annex2 where %q, want %q", ind.Annex2.Where, want)
			}
			if want := w.attr + "指标"; ind.Annex2.Attribute != want {
				t.Errorf("annex2 attribute %q, want %q", ind.Annex2.Attribute, want)
			}
			if ind.Annex2.Band != w.band {
				t.Errorf("annex2 band %q, want %q", ind.Annex2.Band, w.band)
			}
		})
	}
}

func TestSeedSubIndicators(t *testing.T) {
	c := loadSeed(t)
	want := map[string][]string{
		"9":  {"9.1", "9.2"},
		"10": {"10.1", "10.2"},
		"13": {"13.1", "13.2"},
		"24": {"24.1", "24.2"},
	}
	for _, ind := range c.Indicators {
		var got []string
		for _, s := range ind.Subs {
			got = append(got, s.Code)
			if s.Parent == nil || s.Parent.Code != ind.Code {
				t.Errorf("%s: parent not linked", s.Code)
			}
		}
		if !slices.Equal(got, want[ind.Code]) {
			t.Errorf("indicator %s: subs %v, want %v", ind.Code, got, want[ind.Code])
		}
		if len(ind.Subs) > 0 && ind.Target != nil {
			t.Errorf("indicator %s: a parent has no target", ind.Code)
		}
	}
	if n := len(c.Leaves()); n != 41 {
		t.Errorf("%d leaves, want 41 (37 - 4 parents + 8 subs)", n)
	}
	// The improvement targets can be negative; the index is 0–100.
	for code, rng := range map[string][2]float64{"9.1": {-100, 100}, "9.2": {-100, 100}, "10.1": {-100, 100}, "10.2": {-100, 100}, "11": {0, 100}, "21": {0, 1e15}, "2": {0, 100}} {
		ind, _ := c.Indicator(code)
		if lo, hi := ind.ValueRange(); lo != rng[0] || hi != rng[1] {
			t.Errorf("%s: range [%v, %v], want %v", code, lo, hi, rng)
		}
	}
	for code, dec := range map[string]int{"2": 1, "11": 2, "21": 2, "22": 1, "9.1": 1, "24.2": 1, "16": 0} {
		ind, _ := c.Indicator(code)
		if ind.Decimals != dec {
			t.Errorf("%s: decimals %d, want %d", code, ind.Decimals, dec)
		}
	}
	if !c.IsVeto("16") || c.IsVeto("15") || len(c.Vetoes) != 1 {
		t.Errorf("vetoes = %v, want [16]", c.Vetoes)
	}
}

func TestSeedDomainsAndTaskGroups(t *testing.T) {
	c := loadSeed(t)
	wantDomains := []struct {
		id, name string
		n        int // top-level indicators
	}{
		{"institution", "生态制度", 8}, {"environment", "生态环境", 8}, {"space", "生态空间", 4},
		{"economy", "生态经济", 5}, {"living", "生态生活", 9}, {"culture", "生态文化", 3},
	}
	if len(c.Domains) != len(wantDomains) {
		t.Fatalf("%d domains, want 6", len(c.Domains))
	}
	count := map[string]int{}
	for _, ind := range c.Indicators {
		count[ind.Domain]++
	}
	for i, w := range wantDomains {
		if d := c.Domains[i]; d.ID != w.id || d.Name != w.name {
			t.Errorf("domain %d = %s %s, want %s %s", i+1, d.ID, d.Name, w.id, w.name)
		}
		if count[w.id] != w.n {
			t.Errorf("domain %s has %d indicators, want %d", w.name, count[w.id], w.n)
		}
	}
	wantGroups := []struct{ name, domain, annex1, annex2 string }{
		{"制度与保障机制完善", "institution", "一、制度与保障机制完善", "(一)制度与保障机制完善"},
		{"环境质量改善", "environment", "二、环境质量改善", "(二)环境质量改善"},
		{"生态系统保护", "environment", "三、生态系统保护", "(三)生态系统保护"},
		{"环境风险防范", "environment", "四、环境风险防范", "(四)环境风险防范"},
		{"空间格局优化", "space", "五、空间格局优化", "(五)空间格局优化"},
		{"资源节约利用", "economy", "六、资源节约与利用", "(六)资源节约利用"},
		{"产业循环发展", "economy", "七、产业循环发展", "(七)产业循环发展"},
		{"人居环境改善", "living", "八、人居环境改善", "(八)人居环境改善"},
		{"生活方式绿色化", "living", "九、生活方式绿色化", "(九)生活方式绿色化"},
		{"观念意识普及", "culture", "十、观念意识普及", "(十)观念意识普及"},
	}
	if len(c.TaskGroups) != 10 {
		t.Fatalf("%d task groups, want 10", len(c.TaskGroups))
	}
	text := planText(t)
	for i, w := range wantGroups {
		g := c.TaskGroups[i]
		if g.No != i+1 || g.Name != w.name || g.Domain != w.domain || g.Annex1 != w.annex1 || g.Annex2 != w.annex2 {
			t.Errorf("task group %d = %+v, want %+v", i+1, g, w)
		}
		for _, q := range []string{g.Annex1, g.Annex2} {
			if !strings.Contains(text, squeeze(q)) {
				t.Errorf("task group %d: %q is not in the plan", g.No, q)
			}
		}
	}
	if g, _ := c.TaskGroup(8); g.Numeral() != "(八)" {
		t.Errorf("Numeral = %q", g.Numeral())
	}
}

// TestSeedQuotesInPlan checks that everything the catalog quotes from the plan
// is in the plan, verbatim up to whitespace.
func TestSeedQuotesInPlan(t *testing.T) {
	c := loadSeed(t)
	text := planText(t)
	in := func(what, s string) {
		t.Helper()
		if s == "" {
			t.Errorf("%s: empty", what)
			return
		}
		if !strings.Contains(text, squeeze(s)) {
			t.Errorf("%s: %q is not in the plan", what, s)
		}
	}
	for _, ind := range c.Indicators {
		in(ind.Code+" annex1.heading", ind.Annex1.Heading)
		in(ind.Code+" task_text", ind.TaskText)
		// The heading, the task text and the organisations form one paragraph.
		tail := "(牵头单位:" + ind.Annex1.Lead
		if ind.Annex1.Support != "" {
			tail += ";配合单位:" + ind.Annex1.Support
		}
		in(ind.Code+" paragraph", ind.Annex1.Heading+ind.TaskText+tail+")")
		in(ind.Code+" annex2.name", ind.Annex2.Name)
		in(ind.Code+" annex2.target", ind.Annex2.Target)
		in(ind.Code+" annex2.lead", ind.Annex2.Lead)
		for _, s := range ind.Subs {
			in(s.Code+" annex2.name", s.Annex2.Name)
			in(s.Code+" annex2.target", s.Annex2.Target)
		}
	}
	for _, d := range c.Disagreements {
		for _, o := range d.Options {
			in(d.ID+" "+o.Key, o.Quote)
		}
	}
	for _, p := range c.Plan.Phases {
		in("phase "+p.Name, "("+catalog.ChineseNumber(p.No)+")"+p.Name+"(")
		in("phase "+p.Name+" text", p.Text)
	}
	for _, m := range c.Plan.Milestones {
		in("milestone "+m.ID, m.What)
	}
	for _, s := range []string{c.Plan.Title, c.Plan.DocNumber, c.Plan.IndexNumber, c.Plan.Date, c.Plan.Annex1, c.Plan.Annex2} {
		in("plan", s)
	}
	if bytes.Contains(seeds.Catalog, []byte("bet36365")) || bytes.Contains(seeds.Demo, []byte("bet36365")) {
		t.Errorf("the garbled signature token of the web copy must not reach the product")
	}
}

func TestSeedPlan(t *testing.T) {
	c := loadSeed(t)
	p := c.Plan
	if p.Issuer != "海陵区人民政府办公室" || p.DocNumber != "泰海政办发〔2018〕26号" || p.IndexNumber != "014419291/2018-00049" || p.Date != "2018-04-09" {
		t.Errorf("plan = %+v", p)
	}
	wantPhases := []struct{ name, from, to string }{
		{"准备发动阶段", "2018-01", "2018-03"},
		{"全面实施阶段", "2018-03", "2018-12"},
		{"自查与资料汇总阶段", "2018-03", "2018-05"},
		{"编制报告阶段", "2018-06", "2018-08"},
		{"迎检考核阶段", "2018-08", "2018-12"},
		{"巩固提升阶段", "2019-01", "2020-12"},
	}
	if len(p.Phases) != len(wantPhases) {
		t.Fatalf("%d phases, want 6", len(p.Phases))
	}
	for i, w := range wantPhases {
		ph := p.Phases[i]
		if ph.No != i+1 || ph.Name != w.name || ph.From != w.from || ph.To != w.to {
			t.Errorf("phase %d = %d %s %s–%s, want %s %s–%s", i+1, ph.No, ph.Name, ph.From, ph.To, w.name, w.from, w.to)
		}
	}
	wantMilestones := []struct{ due, who, where string }{
		{"2018-04-30", "lead", "三(三)"},
		{"2018-05-20", "creation-office", "三(三)"},
		{"2018-05-31", "lead", "三(三)"},
		{"2018-07-31", "jiulong suchen gangyang", "三(四)"},
		{"2018-08-31", "creation-office", "三(四)"},
		{"2018-08-31", "gov-office", "三(四)"},
		{"2018-08-31", "publicity", "三(四)"},
		{"2018-12-31", "creation-office", "三(五)"},
	}
	if len(p.Milestones) != len(wantMilestones) {
		t.Fatalf("%d milestones, want %d", len(p.Milestones), len(wantMilestones))
	}
	ids := map[string]bool{}
	for i, w := range wantMilestones {
		m := p.Milestones[i]
		if m.Due != w.due || strings.Join(m.Who, " ") != w.who || m.Where != w.where || m.DueText == "" {
			t.Errorf("milestone %d = %+v, want %+v", i+1, m, w)
		}
		if _, err := time.Parse("2006-01-02", m.Due); err != nil {
			t.Errorf("milestone %s: due %q: %v", m.ID, m.Due, err)
		}
		if m.ID == "" || ids[m.ID] {
			t.Errorf("milestone %d: ID %q empty or repeated", i+1, m.ID)
		}
		ids[m.ID] = true
		for _, who := range m.Who {
			if _, ok := c.Org(who); !ok && who != "lead" {
				t.Errorf("milestone %s: %q is not an organisation", m.ID, who)
			}
		}
	}
}

// wantDisagreements lists every registered disagreement with its provisional
// option and the value each option gives (as Describe prints it).
var wantDisagreements = []struct {
	id, kind, provisional string
	values                map[string]string
}{
	{"1.lead", "annexes", "annex2", map[string]string{"annex1": "区政府办", "annex2": "海陵环保局"}},
	{"7.name", "annexes", "annex2", map[string]string{"annex1": "固定源排污许可证核发", "annex2": "固定源排污许可证覆盖率"}},
	{"8.target", "annexes", "annex2", map[string]string{"annex1": "100%", "annex2": "≥80%"}},
	{"9.1.name", "annexes", "annex2", map[string]string{"annex1": "优良天数改善比例", "annex2": "优良天数比例提高幅度"}},
	{"9.2.name", "annexes", "annex2", map[string]string{"annex1": "重污染天数下降幅度", "annex2": "重污染天数比例下降幅度"}},
	{"10.2.measure_unit", "internal", "annex2-percent", map[string]string{"annex2-position": "无（/）", "annex2-percent": "%"}},
	{"11.measure_unit", "annexes", "annex2", map[string]string{"annex1": "无（/）", "annex2": "%"}},
	{"16.target", "internal", "annex2", map[string]string{"annex1": "未发生", "annex1-text": "未发生较大及以上突发环境事件", "annex2": "未发生"}},
	{"20.measure_unit", "annexes", "annex2", map[string]string{"annex1": "无（/）", "annex2": "%"}},
	{"25.name", "annexes", "annex2", map[string]string{"annex1": "一般工业固体废物综合利用率", "annex2": "一般工业固体废物处置利用率"}},
	{"33.target", "internal", "annex2", map[string]string{"annex1": "≥80%", "annex1-text": "≥60%", "annex2": "≥80%"}},
	{"tg6.name", "annexes", "annex2", map[string]string{"annex1": "资源节约与利用", "annex2": "资源节约利用"}},
	{"tg8.domain", "internal", "annex2-living", map[string]string{"annex2-economy": "生态经济", "annex2-living": "生态生活"}},
}

func TestSeedDisagreements(t *testing.T) {
	c := loadSeed(t)
	if len(c.Disagreements) != len(wantDisagreements) {
		var got []string
		for _, d := range c.Disagreements {
			got = append(got, d.ID)
		}
		t.Fatalf("disagreements %v, want %d", got, len(wantDisagreements))
	}
	for i, w := range wantDisagreements {
		d := &c.Disagreements[i]
		if d.ID != w.id || d.Kind != w.kind || d.Provisional != w.provisional {
			t.Errorf("disagreement %d = %s %s %s, want %s %s %s", i+1, d.ID, d.Kind, d.Provisional, w.id, w.kind, w.provisional)
			continue
		}
		if !strings.HasSuffix(d.ID, "."+d.Field) {
			t.Errorf("%s: field %q does not match the ID", d.ID, d.Field)
		}
		if d.Summary == "" {
			t.Errorf("%s: no summary", d.ID)
		}
		if len(d.Options) != len(w.values) {
			t.Errorf("%s: %d options, want %d", d.ID, len(d.Options), len(w.values))
		}
		for _, o := range d.Options {
			if got := c.Describe(d, &o); got != w.values[o.Key] {
				t.Errorf("%s option %s = %q, want %q", d.ID, o.Key, got, w.values[o.Key])
			}
			if !strings.HasPrefix(o.Where, "附件1") && !strings.HasPrefix(o.Where, "附件2") {
				t.Errorf("%s option %s: where %q names no annex", d.ID, o.Key, o.Where)
			}
		}
	}
}

// wantFindings is the exact result of Check(nil): the registered
// disagreements only. The mechanical check finds nothing the disagreements do
// not already account for (rate.7 is folded into 7.name).
var wantFindings = []string{
	"1.lead", "7.name", "8.target", "9.1.name", "9.2.name", "10.2.measure_unit", "11.measure_unit",
	"16.target", "20.measure_unit", "25.name", "33.target", "tg6.name", "tg8.domain",
}

// informational are the findings that differ in naming only.
var informational = []string{"9.1.name", "9.2.name", "tg6.name", "tg8.domain"}

func TestSeedCheck(t *testing.T) {
	c := loadSeed(t)
	fs := c.Check(nil)
	var got []string
	for _, f := range fs {
		got = append(got, f.ID)
		wantBlocking := !slices.Contains(informational, f.ID)
		if f.Resolved || f.Blocking != wantBlocking || f.Informational == wantBlocking {
			t.Errorf("%s: blocking %v informational %v, want blocking %v", f.ID, f.Blocking, f.Informational, wantBlocking)
		}
		if f.Subject == "" || f.Summary == "" || len(f.Sides) == 0 {
			t.Errorf("%s: incomplete finding %+v", f.ID, f)
		}
	}
	if !slices.Equal(got, wantFindings) {
		t.Fatalf("Check(nil) = %v\nwant %v", got, wantFindings)
	}
	if n := catalog.Unresolved(fs); n != len(wantFindings)-len(informational) {
		t.Errorf("Unresolved = %d", n)
	}

	// Resolving every disagreement leaves nothing blocking: the package can
	// become ready.
	choices := map[string]string{}
	for _, d := range c.Disagreements {
		choices[d.ID] = d.Options[0].Key
	}
	fs = c.Check(choices)
	for _, f := range fs {
		if !f.Resolved || f.Blocking || f.Choice != choices[f.ID] || f.InUse != choices[f.ID] {
			t.Errorf("%s: not resolved by the choice: %+v", f.ID, f)
		}
	}
	if n := catalog.Unresolved(fs); n != 0 {
		t.Errorf("Unresolved after resolving every disagreement = %d, want 0", n)
	}
	// An unknown option key does not resolve anything.
	if fs := c.Check(map[string]string{"8.target": "annex9"}); fs[2].Resolved {
		t.Errorf("an unknown choice resolved 8.target")
	}
}

// TestFindingsResolvableOrInformational: over the catalog, with no ruling and
// with every ruling, no finding is both blocking and beyond the office's
// reach (resolve accepts only registered disagreements).
func TestFindingsResolvableOrInformational(t *testing.T) {
	c := loadSeed(t)
	all := map[string]string{}
	for _, d := range c.Disagreements {
		all[d.ID] = d.Options[len(d.Options)-1].Key
	}
	for _, choices := range []map[string]string{nil, all} {
		e, err := c.Effective(choices)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range e.Check(choices) {
			_, resolvable := c.Disagreement(f.ID)
			if f.Blocking && !resolvable {
				t.Errorf("%s is blocking but cannot be resolved: %s", f.ID, f.Summary)
			}
			if !f.Blocking && !f.Resolved && !f.Informational {
				t.Errorf("%s is neither blocking, resolved nor informational", f.ID)
			}
		}
	}
}

// TestLeadCandidates: while 1.lead is unresolved both candidate leads are
// leads (neither supports itself); a ruling keeps the chosen side's lead and
// supporters.
func TestLeadCandidates(t *testing.T) {
	c := loadSeed(t)
	e, err := c.Effective(nil)
	if err != nil {
		t.Fatal(err)
	}
	ind, _ := e.Indicator("1")
	if got := ind.Leads(); !slices.Equal(got, []string{"env", "gov-office"}) {
		t.Errorf("unresolved 1.lead: leads %v, want env and gov-office", got)
	}
	if got := ind.Supporters(); len(got) != 0 {
		t.Errorf("unresolved 1.lead: supporters %v, want none", got)
	}
	if got, want := e.LeadNames(ind), "区政府办、海陵环保局（待裁定）"; got != want {
		t.Errorf("unresolved 1.lead printed %q, want %q", got, want)
	}
	lead, _ := e.Led("gov-office")
	if len(lead) == 0 || lead[0].Code != "1" {
		t.Errorf("区政府办 disappears while 1.lead is unresolved: leads %v", lead)
	}
	for _, tc := range []struct{ choice, lead, support string }{
		{"annex1", "gov-office", "env"}, {"annex2", "env", ""},
	} {
		e, err := c.Effective(map[string]string{"1.lead": tc.choice})
		if err != nil {
			t.Fatal(err)
		}
		ind, _ := e.Indicator("1")
		if ind.LeadPending() || strings.Join(ind.Leads(), ",") != tc.lead || strings.Join(ind.Supporters(), ",") != tc.support {
			t.Errorf("1.lead → %s: leads %v supporters %v, want %s / %s", tc.choice, ind.Leads(), ind.Supporters(), tc.lead, tc.support)
		}
		if got := e.LeadNames(ind); strings.Contains(got, "待裁定") {
			t.Errorf("1.lead → %s: printed %q", tc.choice, got)
		}
	}
}

func TestSeedEffective(t *testing.T) {
	c := loadSeed(t)
	e, err := c.Effective(map[string]string{
		"8.target":          "annex1",
		"1.lead":            "annex1",
		"tg8.domain":        "annex2-economy",
		"tg6.name":          "annex1",
		"9.1.name":          "annex1",
		"11.measure_unit":   "annex1",
		"33.target":         "annex1-text",
		"10.2.measure_unit": "annex2-percent", // the provisional one: no change
	})
	if err != nil {
		t.Fatal(err)
	}
	check := func(cat *catalog.Catalog, code, want string) {
		t.Helper()
		ind, _ := cat.Indicator(code)
		if got := ind.Target.Format(ind.MeasureUnit); got != want {
			t.Errorf("%s target %q, want %q", code, got, want)
		}
	}
	check(e, "8", "100%")
	check(c, "8", "≥80%")
	check(e, "11", "≥55，且不降低")
	check(c, "11", "≥55%，且不降低")
	check(e, "33", "≥60%")
	if ind, _ := e.Indicator("1"); !slices.Equal(ind.Lead, []string{"gov-office"}) {
		t.Errorf("1 lead = %v, want [gov-office]", ind.Lead)
	}
	if ind, _ := c.Indicator("1"); !slices.Equal(ind.Lead, []string{"env"}) {
		t.Errorf("the original catalog changed: 1 lead = %v", ind.Lead)
	}
	if ind, _ := e.Indicator("26"); ind.Domain != "economy" {
		t.Errorf("26 domain = %q, want economy", ind.Domain)
	}
	if ind, _ := c.Indicator("26"); ind.Domain != "living" {
		t.Errorf("the original catalog changed: 26 domain = %q", ind.Domain)
	}
	if g, _ := e.TaskGroup(6); g.Name != "资源节约与利用" {
		t.Errorf("tg6 name = %q", g.Name)
	}
	if ind, _ := e.Indicator("9.1"); ind.Name != "优良天数改善比例" || ind.FullName() != "环境空气质量·优良天数改善比例" {
		t.Errorf("9.1 name = %q / %q", ind.Name, ind.FullName())
	}
	if _, err := c.Effective(map[string]string{"8.target": "annex3"}); err == nil {
		t.Errorf("Effective accepted an unknown option")
	}
}

func TestSeedOrganisations(t *testing.T) {
	c := loadSeed(t)
	for _, ind := range c.All() {
		for _, id := range append(slices.Clone(ind.Lead), ind.Support...) {
			if _, ok := c.Org(id); !ok {
				t.Errorf("%s: organisation %q is not registered", ind.Code, id)
			}
		}
	}
	for _, d := range c.Disagreements {
		for _, o := range d.Options {
			for _, id := range o.Orgs {
				if _, ok := c.Org(id); !ok {
					t.Errorf("%s %s: organisation %q is not registered", d.ID, o.Key, id)
				}
			}
		}
	}
	for alias, id := range map[string]string{
		"住建局": "housing", "区住建局": "housing", "环保局": "env", "海陵环保局": "env", "经信委": "econ-info",
		"农委": "agriculture", "卫计委": "health", "发改委": "dev-reform", "区政府办公室": "gov-office",
		"海陵区创建生态文明建设示范区办公室": "creation-office", "各镇街、园区": "towns-parks", "水利分局": "water",
		" 城管分局 ": "urban-mgmt", "culture-tourism": "culture-tourism",
	} {
		if o, ok := c.FindOrg(alias); !ok || o.ID != id {
			t.Errorf("FindOrg(%q) = %v, want %s", alias, o, id)
		}
	}
	if _, ok := c.FindOrg("区环保厅"); ok {
		t.Errorf("FindOrg found an unknown name")
	}
	g, _ := c.Org("towns-parks")
	if g.Kind != catalog.KindGroup || !slices.Equal(g.Members, []string{"jiulong", "suchen", "gangyang"}) {
		t.Errorf("towns-parks = %+v", g)
	}
	if o, _ := c.Org("creation-office"); o.Kind != catalog.KindOffice {
		t.Errorf("creation-office kind = %q", o.Kind)
	}
	// A town leads nothing directly but supports through the group.
	lead, support := c.Led("jiulong")
	if len(lead) != 0 || len(support) == 0 {
		t.Errorf("Led(jiulong) = %d, %d", len(lead), len(support))
	}
	if lead, _ := c.Led("env"); len(lead) != 14 {
		t.Errorf("env leads %d indicators, want 14", len(lead))
	}

	// The plan's own lists of organisations split and resolve to the catalog's IDs.
	split := []struct {
		s    string
		want []string
	}{
		{"区发改委、经信委、住建局、公安分局、城管分局,各镇街、园区", []string{"区发改委", "经信委", "住建局", "公安分局", "城管分局", "各镇街、园区"}},
		{"区委宣传部,区教育局、文体旅新局、水利分局,各镇街、园区", []string{"区委宣传部", "区教育局", "文体旅新局", "水利分局", "各镇街、园区"}},
		{"海陵环保局 住建局", []string{"海陵环保局", "住建局"}},
		{"海陵环保局、区住建局", []string{"海陵环保局", "区住建局"}},
		{"各镇街、园区", []string{"各镇街、园区"}},
		{"区经信委，卫计委", []string{"区经信委", "卫计委"}},
		{"", nil},
	}
	for _, s := range split {
		if got := catalog.SplitOrgList(s.s); !slices.Equal(got, s.want) {
			t.Errorf("SplitOrgList(%q) = %q, want %q", s.s, got, s.want)
		}
	}
	for _, ind := range c.Indicators {
		resolve := func(what, s string, want []string) {
			var got []string
			for _, n := range catalog.SplitOrgList(s) {
				o, ok := c.FindOrg(n)
				if !ok {
					t.Errorf("%s %s: %q is not registered", ind.Code, what, n)
					continue
				}
				got = append(got, o.ID)
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s %s: %q resolves to %v, want %v", ind.Code, what, s, got, want)
			}
		}
		lead := ind.Lead
		if ind.Code == "1" { // 1.lead: the catalog holds 附件2's lead
			lead = []string{"gov-office"}
		}
		resolve("附件1 牵头单位", ind.Annex1.Lead, lead)
		support := ind.Support
		if ind.Code == "1" { // 附件1's supporter goes with 附件1's lead (option support)
			support = []string{"env"}
		}
		resolve("附件1 配合单位", ind.Annex1.Support, support)
		resolve("附件2 牵头部门", ind.Annex2.Lead, ind.Lead)
	}
}

// demoFile mirrors the schema of seeds/demo.yaml.
type demoFile struct {
	Sample      bool   `yaml:"sample"`
	District    string `yaml:"district"`
	City        string `yaml:"city"`
	Province    string `yaml:"province"`
	Resolutions []struct {
		Disagreement string `yaml:"disagreement"`
		Choice       string `yaml:"choice"`
		By           string `yaml:"by"`
		Reason       string `yaml:"reason"`
		At           string `yaml:"at"`
	} `yaml:"resolutions"`
	Targets []struct {
		Indicator string `yaml:"indicator"`
		Target    string `yaml:"target"`
		By        string `yaml:"by"`
		Reason    string `yaml:"reason"`
		At        string `yaml:"at"`
	} `yaml:"targets"`
	Values []struct {
		Indicator string         `yaml:"indicator"`
		Org       string         `yaml:"org"`
		Source    string         `yaml:"source"`
		Values    map[int]string `yaml:"values"`
		Condition map[int]string `yaml:"condition"`
	} `yaml:"values"`
	Evidence []struct {
		Indicator string `yaml:"indicator"`
		Year      int    `yaml:"year"`
		Title     string `yaml:"title"`
		DocNumber string `yaml:"doc_number"`
		Issuer    string `yaml:"issuer"`
		Date      string `yaml:"date"`
		Pages     int    `yaml:"pages"`
		Class     string `yaml:"class"`
		Org       string `yaml:"org"`
	} `yaml:"evidence"`
}

func TestDemoSeed(t *testing.T) {
	c := loadSeed(t)
	var d demoFile
	dec := yaml.NewDecoder(bytes.NewReader(seeds.Demo))
	dec.KnownFields(true)
	if err := dec.Decode(&d); err != nil {
		t.Fatalf("%s: %v", seeds.DemoFile, err)
	}
	if !d.Sample || d.District != "海陵区" || d.City != "泰州市" || d.Province != "江苏省" {
		t.Errorf("header = %v %q %q %q", d.Sample, d.District, d.City, d.Province)
	}
	date := func(what, s string) {
		t.Helper()
		if _, err := time.Parse("2006-01-02", s); err != nil {
			t.Errorf("%s: date %q: %v", what, s, err)
		}
	}
	org := func(what, id string) {
		t.Helper()
		if _, ok := c.Org(id); !ok {
			t.Errorf("%s: organisation %q is not registered", what, id)
		}
	}

	choices := map[string]string{}
	for _, r := range d.Resolutions {
		dis, ok := c.Disagreement(r.Disagreement)
		if !ok {
			t.Errorf("resolution of unknown disagreement %q", r.Disagreement)
			continue
		}
		if _, ok := dis.Option(r.Choice); !ok {
			t.Errorf("resolution of %s: unknown option %q", r.Disagreement, r.Choice)
		}
		if r.By == "" || r.Reason == "" {
			t.Errorf("resolution of %s: who and why are required", r.Disagreement)
		}
		date("resolution "+r.Disagreement, r.At)
		choices[r.Disagreement] = r.Choice
	}
	if _, ok := choices["tg8.domain"]; !ok || len(choices) < 2 || len(choices) >= len(c.Disagreements) {
		t.Errorf("the demo should resolve tg8.domain and some, not all, disagreements: %v", choices)
	}
	eff, err := c.Effective(choices)
	if err != nil {
		t.Fatal(err)
	}

	entered := map[string]bool{}
	for _, tg := range d.Targets {
		ind, ok := eff.Indicator(tg.Indicator)
		if !ok || ind.Target == nil || ind.Target.Kind() != catalog.Pending {
			t.Errorf("target for %q: not an indicator with a province-set target", tg.Indicator)
			continue
		}
		if _, err := catalog.ParseTarget(tg.Target); err != nil {
			t.Errorf("target for %s: %v", tg.Indicator, err)
		}
		date("target "+tg.Indicator, tg.At)
		entered[tg.Indicator] = true
	}
	pending := 0
	for _, ind := range eff.Leaves() {
		if ind.Target.Kind() == catalog.Pending && !entered[ind.Code] {
			pending++
		}
	}
	if len(entered) == 0 || pending == 0 {
		t.Errorf("the demo should enter some province-set targets and leave some pending (entered %v, %d pending)", entered, pending)
	}

	seen := map[string]bool{}
	for _, v := range d.Values {
		ind, ok := eff.Indicator(v.Indicator)
		if !ok {
			t.Errorf("values for unknown indicator %q", v.Indicator)
			continue
		}
		if !ind.Measurable() {
			t.Errorf("values for %s, which has sub-indicators", v.Indicator)
		}
		if seen[v.Indicator] {
			t.Errorf("values for %s given twice", v.Indicator)
		}
		seen[v.Indicator] = true
		org("values "+v.Indicator, v.Org)
		if v.Source == "" {
			t.Errorf("values %s: no source", v.Indicator)
		}
		for y, raw := range v.Values {
			if y < 2015 || y > 2017 {
				t.Errorf("values %s: year %d outside 2015–2017", v.Indicator, y)
			}
			if _, _, err := catalog.ParseValue(ind, raw); err != nil {
				t.Errorf("values %s %d: %v", v.Indicator, y, err)
			}
		}
		if (ind.Target.Condition != "") != (len(v.Condition) > 0) {
			t.Errorf("values %s: a condition is given exactly for compound targets", v.Indicator)
		}
		for y, raw := range v.Condition {
			if _, ok := v.Values[y]; !ok {
				t.Errorf("values %s: condition for %d without a value", v.Indicator, y)
			}
			if _, err := catalog.ParseCondition(ind, raw); err != nil {
				t.Errorf("values %s %d: %v", v.Indicator, y, err)
			}
		}
	}
	for _, ind := range eff.Leaves() {
		if !seen[ind.Code] {
			t.Errorf("no values for %s", ind.Code)
		}
	}

	if n := len(d.Evidence); n < 30 || n > 50 {
		t.Errorf("%d evidence items, want 30–50", n)
	}
	classes := map[string]int{}
	for i, e := range d.Evidence {
		what := "evidence " + e.Indicator + " " + e.Title
		if _, ok := eff.Indicator(e.Indicator); !ok {
			t.Errorf("evidence %d: unknown indicator %q", i+1, e.Indicator)
		}
		if e.Year < 2015 || e.Year > 2017 || e.Title == "" || e.Issuer == "" || e.Pages <= 0 {
			t.Errorf("%s: incomplete: %+v", what, e)
		}
		switch e.Class {
		case "A", "B", "C":
			classes[e.Class]++
		default:
			t.Errorf("%s: class %q, want A, B or C", what, e.Class)
		}
		date(what, e.Date)
		org(what, e.Org)
	}
	if classes["A"] == 0 || classes["B"] == 0 || classes["C"] == 0 {
		t.Errorf("evidence classes %v: every class should occur", classes)
	}
}

// TestSeedRoundTrip checks that a project can store the catalog (Marshal) and
// read it back unchanged.
func TestSeedRoundTrip(t *testing.T) {
	c := loadSeed(t)
	b, err := c.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	c2, err := catalog.Parse("project.yaml", b)
	if err != nil {
		t.Fatalf("re-parse: %v", err)
	}
	var ids1, ids2 []string
	for _, f := range c.Check(nil) {
		ids1 = append(ids1, f.ID)
	}
	for _, f := range c2.Check(nil) {
		ids2 = append(ids2, f.ID)
	}
	if !slices.Equal(ids1, ids2) {
		t.Errorf("findings after the round trip %v, want %v", ids2, ids1)
	}
	for _, ind := range c.All() {
		ind2, ok := c2.Indicator(ind.Code)
		if !ok || ind2.Name != ind.Name || ind2.Target.Format(ind2.MeasureUnit) != ind.Target.Format(ind.MeasureUnit) || ind2.Domain != ind.Domain {
			t.Errorf("%s changed in the round trip", ind.Code)
		}
	}
}

// TestDueLabel: the plan's date ranges print with a dash, other due texts
// as the plan says them.
func TestDueLabel(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"2018年6月-2018年8月", "2018年6月—2018年8月"},
		{"4月底 - 5月底", "4月底—5月底"},
		{"4月底", "4月底"},
		{"完成2015年-2017年的三年全部", "完成2015年—2017年的三年全部"},
		{"2018-06-30", "2018-06-30"},
	} {
		if got := catalog.DueLabel(tc.in); got != tc.want {
			t.Errorf("DueLabel(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	c := loadSeed(t)
	n := 0
	for _, m := range c.Plan.Milestones {
		if strings.Contains(m.DueLabel(), "-") {
			t.Errorf("milestone %s prints %q", m.ID, m.DueLabel())
		}
		if m.DueLabel() != m.DueText {
			n++
		}
	}
	if n == 0 {
		t.Error("no milestone of the plan has a date range: the test tests nothing")
	}
}
