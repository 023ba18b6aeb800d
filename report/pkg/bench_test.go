package pkg

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"ecoreport/app/store"
)

// BenchmarkDemoPackage renders the whole demo package (seven PDFs and the
// manifest) in memory. Run with -cpu 2 for the target machine.
func BenchmarkDemoPackage(b *testing.B) {
	s := openDemo(b)
	if _, err := s.Chapters(); err != nil { // seed outside the loop
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Render(context.Background(), s, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLargePackage renders a synthetic project of 120 indicators
// (every tenth with two sub-indicators), 10 years and 3,000 evidence items.
func BenchmarkLargePackage(b *testing.B) {
	s := largeProject(b, 120, 10, 3000)
	if _, err := s.Chapters(); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	var pages int
	for b.Loop() {
		r, err := Render(context.Background(), s, Options{})
		if err != nil {
			b.Fatal(err)
		}
		pages = 0
		for _, f := range r.Files {
			pages += f.Pages
		}
	}
	b.ReportMetric(float64(pages), "pages")
}

// largeCatalog writes a synthetic catalog YAML.
func largeCatalog(n int) []byte {
	var y strings.Builder
	y.WriteString("id: synthetic\nversion: \"1\"\nname: 合成指标体系\nbasis: 合成\n")
	y.WriteString("plan:\n  title: 合成实施方案\n  doc_number: 合成〔2018〕1号\n  date: \"2018-04-09\"\n")
	domains := []string{"生态制度", "生态环境", "生态空间", "生态经济", "生态生活", "生态文化"}
	y.WriteString("domains:\n")
	for i, d := range domains {
		fmt.Fprintf(&y, "  - {id: d%d, name: %s}\n", i, d)
	}
	y.WriteString("task_groups:\n")
	for g := 1; g <= 12; g++ {
		fmt.Fprintf(&y, "  - {no: %d, name: 任务组%d, domain: d%d}\n", g, g, (g-1)/2)
	}
	y.WriteString("organisations:\n")
	for o := 0; o < 30; o++ {
		fmt.Fprintf(&y, "  - {id: o%d, name: 单位%d局, kind: department}\n", o, o)
	}
	y.WriteString("indicators:\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&y, "  - code: \"%d\"\n    name: 合成指标%d综合比例\n    attribute: %s\n    task_group: %d\n    lead: [o%d]\n    support: [o%d, o%d]\n",
			i, i, []string{"约束性", "参考性"}[i%2], (i-1)*12/n+1, i%30, (i+7)%30, (i+13)%30)
		fmt.Fprintf(&y, "    task_text: \"%s\"\n", strings.Repeat("加强监督管理,落实各项措施,确保指标稳定达标。", 3))
		if i%10 == 0 {
			y.WriteString("    subs:\n")
			for j := 1; j <= 2; j++ {
				fmt.Fprintf(&y, "      - {code: \"%d.%d\", name: 子指标%d, measure_unit: \"%%\", target: {op: \"≥\", value: 80}}\n", i, j, j)
			}
			continue
		}
		if i%7 == 0 {
			y.WriteString("    target: {state: 开展, not_state: 未开展}\n")
			continue
		}
		y.WriteString("    measure_unit: \"%\"\n    target: {op: \"≥\", value: 80}\n")
	}
	return []byte(y.String())
}

func largeProject(b *testing.B, n, years, evidence int) *store.Store {
	b.Helper()
	yaml := largeCatalog(n)
	var assessed, monitoring []int
	for y := 0; y < years; y++ {
		if y < 3 {
			assessed = append(assessed, 2015+y)
		} else {
			monitoring = append(monitoring, 2015+y)
		}
	}
	st := store.Settings{Name: "合成项目", District: "合成区", City: "合成市", Province: "合成省",
		AssessedYears: assessed, MonitoringYears: monitoring, PassRule: store.PassRule{ReferenceShare: 0.8}, Sample: true}
	s, err := store.Create(filepath.Join(b.TempDir(), "large.db"), yaml, &st)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	at := time.Date(2018, 5, 31, 17, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { return at }
	cat, err := s.Catalog()
	if err != nil {
		b.Fatal(err)
	}
	settings, _ := s.Settings()
	var checked []store.Checked
	for _, ind := range cat.Leaves() {
		for y := 0; y < years; y++ {
			raw := fmt.Sprintf("%.1f", 75+float64((len(ind.Code)*7+y*3)%20))
			if ind.Target != nil && ind.Target.State != "" {
				raw = "开展"
			}
			if (y+len(ind.Code))%17 == 0 {
				continue // some values missing
			}
			ch, err := store.CheckChange(cat, settings, store.Change{Code: ind.Code, Year: 2015 + y, Raw: raw,
				Provenance: store.Provenance{Actor: "基准测试", Origin: "cli", Org: ind.Lead[0], Source: "合成统计年报"}})
			if err != nil {
				b.Fatal(err)
			}
			checked = append(checked, ch)
		}
	}
	err = s.Update(context.Background(), func(tx *sql.Tx) error {
		for _, ch := range checked {
			if err := s.InsertValue(tx, ch); err != nil {
				return err
			}
		}
		for i := 0; i < evidence; i++ {
			ind := cat.Indicators[i%len(cat.Indicators)]
			e := store.EvidenceItem{Indicator: ind.Code, Year: 2015 + i%3, Title: fmt.Sprintf("合成佐证材料第%d份(工作方案、统计报表及现场照片)", i+1),
				DocNumber: fmt.Sprintf("合政发〔2017〕%d号", i+1), Issuer: "合成区人民政府", IssuedOn: "2017-06-30", Pages: 1 + i%40, Class: "B", Sort: i}
			if _, err := s.InsertEvidence(tx, e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	// The default chapters quote the district's own indicators; the
	// synthetic catalog has others.
	if _, err := s.SeedChapters(); err != nil {
		b.Fatal(err)
	}
	generic := "# 总体情况\n\n{{区县}}{{考核年度}}共有{{指标总数}}项指标，约束性指标达标{{约束性指标达标数}}项，参考性指标达标比例{{参考性指标达标比例}}，总体结论：{{总体结论}}。指标1的最近值为{{最近值 1}}。\n"
	for _, key := range []string{"主要做法", "主要成效", "区域概况"} {
		if err := s.SaveChapter(key, generic, "基准测试", ""); err != nil {
			b.Fatal(err)
		}
	}
	return s
}
