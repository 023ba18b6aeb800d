package main

import (
	"flag"
	"fmt"
	"strings"

	"ecoreport/app/assess"
	"ecoreport/app/catalog"
	"ecoreport/app/eval"
	"ecoreport/report/layout"
	"ecoreport/seeds"
)

func writeJSON(e *env, v any) error {
	b, err := assess.MarshalIndent(v)
	if err != nil {
		return err
	}
	_, err = e.stdout.Write(b)
	return err
}

func init() {
	register(&command{
		name:    "catalog",
		summary: "显示指标体系（领域、任务、指标、目标值、牵头与配合单位）",
		usage:   "[--db 文件] [--json]",
		flags: func(fs *flag.FlagSet) func(*env) error {
			db := fs.String("db", "", "项目数据库文件；不指定时显示内置指标体系")
			asJSON := fs.Bool("json", false, "输出 JSON（指标体系的完整结构）")
			return func(e *env) error {
				var cat *catalog.Catalog
				var err error
				if *db == "" {
					cat, err = catalog.Parse(seeds.CatalogFile, seeds.Catalog)
				} else {
					s, oerr := e.project(*db)
					if oerr != nil {
						return oerr
					}
					cat, err = s.Catalog()
				}
				if err != nil {
					return err
				}
				if *asJSON {
					return writeJSON(e, assess.CatalogToJSON(cat))
				}
				printCatalog(e, cat)
				return nil
			}
		},
	})

	register(&command{
		name:    "check",
		summary: "评估每项指标各年度的达标情况、总体结论、缺报情况和一致性检查",
		usage:   "[--db 文件] [--json]",
		flags: func(fs *flag.FlagSet) func(*env) error {
			db := dbFlag(fs)
			asJSON := fs.Bool("json", false, "输出 JSON（格式见 README）")
			return func(e *env) error {
				s, err := e.project(*db)
				if err != nil {
					return err
				}
				a, err := assess.Load(s)
				if err != nil {
					return err
				}
				if *asJSON {
					return writeJSON(e, a.JSON())
				}
				printCheck(e, a)
				return nil
			}
		},
	})
}

func printCatalog(e *env, cat *catalog.Catalog) {
	w := e.stdout
	fmt.Fprintf(w, "%s（%s，版本 %s）\n依据：%s；%s %s\n", zh(cat.Name), cat.ID, cat.Version, zh(cat.Basis), zh(cat.Plan.Title), cat.Plan.DocNumber)
	for _, d := range cat.Domains {
		fmt.Fprintf(w, "\n【%s】\n", zh(d.Name))
		for _, g := range cat.TaskGroups {
			if g.Domain != d.ID {
				continue
			}
			fmt.Fprintf(w, "  %s\n", zh(g.Numeral()+g.Name))
			for i := range cat.Indicators {
				ind := &cat.Indicators[i]
				if ind.TaskGroup != g.No {
					continue
				}
				printIndicatorLine(w, cat, ind, "    ")
				for j := range ind.Subs {
					printIndicatorLine(w, cat, &ind.Subs[j], "      ")
				}
			}
		}
	}
}

func printIndicatorLine(w interface{ Write([]byte) (int, error) }, cat *catalog.Catalog, ind *catalog.Indicator, indent string) {
	target := ""
	if ind.Target != nil {
		target = "  目标 " + ind.Target.Format(ind.MeasureUnit)
	}
	extra := ""
	if ind.Band != "" {
		extra = "（" + zh(ind.Band) + "）"
	}
	orgs := ""
	if !ind.IsSub() {
		orgs = "  牵头：" + cat.LeadNames(ind)
		if len(ind.Support) > 0 {
			orgs += "；配合：" + cat.OrgNames(ind.Support)
		}
	}
	fmt.Fprintf(w, "%s%s %s%s%s  [%s]%s\n", indent, ind.Code, zh(ind.Name), extra, target, ind.Attribute, orgs)
}

func printCheck(e *env, a *assess.Assessment) {
	w := e.stdout
	st := a.Settings
	title := st.Name
	if st.Sample {
		title += " 【示例数据】"
	}
	fmt.Fprintf(w, "%s\n指标体系 %s 版本 %s\n", title, a.CatalogInfo.ID, a.CatalogInfo.Version)
	// The assessed years, and the monitoring years that already have values.
	years := append([]int(nil), st.AssessedYears...)
	for _, y := range st.MonitoringYears {
		for k := range a.Values {
			if k.Year == y {
				years = append(years, y)
				break
			}
		}
	}
	for _, d := range a.Catalog.Domains {
		fmt.Fprintf(w, "\n【%s】\n", zh(d.Name))
		for _, ind := range a.Catalog.All() {
			if ind.Domain != d.ID {
				continue
			}
			indent := ""
			if ind.IsSub() {
				indent = "  "
			}
			target := ""
			if ind.Target != nil {
				target = " 目标 " + ind.Target.Format(ind.MeasureUnit)
			}
			fmt.Fprintf(w, "%s%s %s%s [%s]\n", indent, ind.Code, zh(ind.Name), target, ind.Attribute)
			var cells []string
			for _, y := range years {
				r := a.Eval.Result(ind.Code, y)
				v := r.Value
				if v != "" {
					v = " " + v
				}
				cells = append(cells, fmt.Sprintf("%d%s %s", y, v, r.Status))
			}
			fmt.Fprintf(w, "%s    %s\n", indent, strings.Join(cells, " | "))
			if r := a.Eval.Result(ind.Code, st.LatestAssessedYear()); r.Status != eval.Met {
				fmt.Fprintf(w, "%s    原因：%s\n", indent, zh(r.Reason))
			}
		}
	}
	v := a.Eval.Verdict
	fmt.Fprintf(w, "\n总体结论（%d年）：%s\n", v.Year, v.Label)
	fmt.Fprintf(w, "  约束性指标 %d 项：达标 %d、未达标 %d、缺数据 %d、目标待定 %d\n", v.Binding.Total, v.Binding.Met, v.Binding.NotMet, v.Binding.Missing, v.Binding.Pending)
	fmt.Fprintf(w, "  参考性指标 %d 项：达标 %d、未达标 %d、缺数据 %d、目标待定 %d\n", v.Reference.Total, v.Reference.Met, v.Reference.NotMet, v.Reference.Missing, v.Reference.Pending)
	for _, r := range v.Reasons {
		fmt.Fprintf(w, "  · %s\n", zh(r))
	}

	fmt.Fprintf(w, "\n缺报情况（考核年度 %s）：\n", joinInts(st.AssessedYears))
	if len(a.Completeness) == 0 {
		fmt.Fprintln(w, "  全部已报送")
	}
	for _, g := range a.Completeness {
		var items []string
		for _, m := range g.Missing {
			items = append(items, fmt.Sprintf("%s %s %d年", m.Code, zh(m.Name), m.Year))
		}
		fmt.Fprintf(w, "  %s（%d 项）：%s\n", g.Name, len(g.Missing), strings.Join(items, "；"))
	}

	if ec := a.EvidenceCompleteness; ec != nil {
		fmt.Fprintf(w, "\n佐证材料：%d/%d 个「指标×考核年度」已有合格材料（%.0f%%），其余待审核、需补充或缺材料（详见 evidence-completeness）\n",
			ec.Complete, ec.Total, ec.Share*100)
	}
	if missing, pending := a.NarrativeGaps(); len(missing)+len(pending) > 0 {
		fmt.Fprintf(w, "指标说明文字：缺 %d 项，待审 %d 项（详见 narratives）\n", len(missing), len(pending))
	}
	if j := a.JSON().Readiness; j.ConditionsNotMet+j.ConditionsUnconfirmed > 0 {
		fmt.Fprintf(w, "基本条件：不满足 %d 项，待确认 %d 项（详见 conditions）\n", j.ConditionsNotMet, j.ConditionsUnconfirmed)
	}

	fmt.Fprintf(w, "\n一致性检查：%d 项，未解决 %d 项\n", len(a.Findings), catalog.Unresolved(a.Findings))
	for _, f := range a.Findings {
		state := "未裁定"
		switch {
		case f.Resolved:
			state = "已裁定：采用 " + f.Choice
		case f.Kind == catalog.FindingInconsistency:
			state = "待处理"
		}
		fmt.Fprintf(w, "  [%s] %s %s — %s（%s）\n", f.ID, zh(f.Subject), catalog.FieldLabel(f.Field), zh(f.Summary), state)
		for _, sd := range f.Sides {
			val := ""
			if sd.Value != "" && sd.Value != sd.Quote {
				val = " → " + sd.Value
			}
			key := ""
			if sd.Key != "" {
				key = sd.Key + "："
			}
			// The quote is the source's text as printed, punctuation and all.
			fmt.Fprintf(w, "      %s%s「%s」%s\n", key, zh(sd.Where), sd.Quote, zh(val))
		}
		if !f.Resolved && f.Kind == catalog.FindingDisagreement {
			fmt.Fprintf(w, "      暂按 %s；裁定：ecoreport-cli resolve --id %s --choice <选项> --reason <理由>\n", f.InUse, f.ID)
		}
	}
}

// zh is a text of the catalog or of the assessment with the punctuation of
// its Chinese made full-width, as the window and the documents print it
// (the plan's texts are kept as printed, with ASCII parentheses and commas).
func zh(s string) string { return layout.Punctuate(s) }

func joinInts(ys []int) string {
	parts := make([]string, len(ys))
	for i, y := range ys {
		parts[i] = fmt.Sprint(y)
	}
	return strings.Join(parts, "、")
}
