package narrative

import (
	"fmt"
	"strconv"
	"strings"
	"text/template"
	"time"

	"ecoreport/app/assess"
	"ecoreport/app/catalog"
	"ecoreport/app/store"
)

// CheckText validates an indicator's text (主要措施, 主要成效, 存在问题) before it
// is stored, whoever writes it (the window, the command line, the spreadsheet
// import): a known indicator and field, at most store.MaxNarrativeChars
// characters, and every placeholder resolvable against the project's data
// ({{指标值 27 2017}} for a known indicator, not {{指标值 99 2017}}).
func CheckText(a *assess.Assessment, code string, f store.NarrativeField, text string) error {
	if err := store.CheckNarrative(a.Catalog, code, f, text); err != nil {
		return err
	}
	name := fmt.Sprintf("指标 %s %s", code, f.Label())
	if _, err := Expand(name, text, &Data{A: a, Snapshot: time.Now(), depth: 1}); err != nil {
		return err
	}
	return nil
}

// Preview expands an indicator's text with the project's data, for an editor
// that shows what the report will print.
func Preview(a *assess.Assessment, code string, f store.NarrativeField, text string) (string, error) {
	return Expand(fmt.Sprintf("指标 %s %s", code, f.Label()), text, &Data{A: a, Snapshot: time.Now()})
}

// mergeFuncs adds extra placeholders to m.
func mergeFuncs(extra, m template.FuncMap) template.FuncMap {
	for k, f := range extra {
		m[k] = f
	}
	return m
}

// textFuncs are the placeholders that draw on the project's settings and on
// the collected per-indicator texts:
//
//	评定规则        按本项目设定的评定规则（参考性指标达标比例不低于80%）, or the
//	               recorded source: 按《…》规定的评定规则（…）
//	指标体系依据 管理规程   the national documents the application follows
//	任务名称 N      the name of the plan's task group N: 制度与保障机制完善
//	任务措施 N      the 主要措施 of task group N's indicators, one paragraph each
//	指标措施 CODE  指标成效 CODE   one indicator's collected text ("" when none)
func textFuncs(d *Data) template.FuncMap {
	a := d.A
	cat := a.Catalog
	text := func(code string, f store.NarrativeField) (string, error) {
		n, ok := a.Narrative(code, f)
		if !ok {
			return "", nil
		}
		if d.depth > 0 { // a collected text does not pull in other texts
			return "", fmt.Errorf("指标文字中不能再引用「任务措施」「指标措施」「指标成效」")
		}
		inner := *d
		inner.depth++
		return Expand(fmt.Sprintf("指标 %s %s", code, f.Label()), n.Text, &inner)
	}
	group := func(v any) (*catalog.TaskGroup, error) {
		no, err := strconv.Atoi(codeOf(v))
		if err == nil {
			if g, ok := cat.TaskGroup(no); ok {
				return g, nil
			}
		}
		return nil, fmt.Errorf("任务 %v 不存在，应为 1 到 %d", v, len(cat.TaskGroups))
	}
	return template.FuncMap{
		"评定规则": func() string {
			share := catalog.FormatNumber(a.Settings.PassRule.ReferenceShare*100, -1) + "%"
			if src := strings.TrimSpace(a.Settings.PassRule.Source); src != "" {
				return fmt.Sprintf("按%s规定的评定规则（参考性指标达标比例不低于%s）", src, share)
			}
			return fmt.Sprintf("按本项目设定的评定规则（参考性指标达标比例不低于%s）", share)
		},
		"指标体系依据": func() string { return "《" + strings.NewReplacer("(", "（", ")", "）").Replace(cat.Basis) + "》" },
		"管理规程": func() string {
			if r := strings.TrimSpace(a.Settings.Regulation); r != "" {
				return "《" + strings.Trim(r, "《》") + "》"
			}
			return "《国家生态文明建设示范区管理规程（试行）》"
		},
		"任务名称": func(v any) (string, error) {
			g, err := group(v)
			if err != nil {
				return "", err
			}
			return g.Name, nil
		},
		"任务措施": func(v any) (string, error) {
			g, err := group(v)
			if err != nil {
				return "", err
			}
			var parts []string
			for i := range cat.Indicators {
				ind := &cat.Indicators[i]
				if ind.TaskGroup != g.No {
					continue
				}
				t, err := text(ind.Code, store.Measures)
				if err != nil {
					return "", err
				}
				if t != "" {
					parts = append(parts, strings.TrimSpace(t))
				}
			}
			if len(parts) == 0 {
				return "（待补充）", nil
			}
			return strings.Join(parts, "\n\n"), nil
		},
		"指标措施": func(c any) (string, error) { return text(codeOf(c), store.Measures) },
		"指标成效": func(c any) (string, error) { return text(codeOf(c), store.Results) },
	}
}
