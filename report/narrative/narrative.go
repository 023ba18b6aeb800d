// Package narrative turns the office's chapter texts into document blocks.
// A chapter is Markdown-like text (see package ecoreport/templates) with
// placeholders in double braces that take every number from the data, so
// that the narrative can never disagree with the tables:
//
//	区县 城市 省份 项目名称                   the project's settings
//	方案名称 方案文号 方案印发日期             the implementation plan
//	考核年度 (2015—2017年) 首个考核年度 最近考核年度 数据截至 (2018年5月31日)
//	指标总数 子指标数 约束性指标数 参考性指标数 领域数 任务数 责任单位数
//	约束性指标达标数 参考性指标达标数          in the latest assessed year
//	参考性指标达标比例 (89.5%) 参考性指标达标要求 (80%)
//	总体结论 (暂无法判定) 总体结论说明         the overall verdict and its reasons
//	未达标指标 缺数据指标 目标待定指标          names, joined with 、 ("无" when none)
//	未达标项数 缺数据项数 目标待定项数 未裁定分歧数 佐证材料数 佐证材料页数
//	指标值 CODE YEAR    e.g. {{指标值 21 2017}} → 0.46吨标煤/万元 (缺数据 when missing)
//	最近值 CODE  首年值 CODE  各年值 CODE (every assessed year, joined with 、)
//	指标名称 CODE  目标值 CODE  牵头单位 CODE  达标情况 CODE YEAR
//	领域达标情况 "生态制度"  (8项指标全部达标 / 8项指标中达标7项, latest year)
//
// CODE is an indicator number such as 21 or 9.1. A chapter with an unknown
// placeholder or a syntax error gives an *Error naming the chapter and the
// line, in Chinese.
package narrative

import (
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"text/template"
	"time"
	"unicode"

	"ecoreport/app/assess"
	"ecoreport/app/catalog"
	"ecoreport/app/eval"
	"ecoreport/report/layout"
)

// Data is what the placeholders are bound to.
type Data struct {
	A        *assess.Assessment
	Snapshot time.Time // the time of the data snapshot (数据截至)
	depth    int       // > 0 while expanding a collected text inside a chapter
}

// Error is a chapter that cannot be rendered: which chapter, which line, why.
type Error struct {
	Chapter string
	Line    int
	Msg     string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("章节模板“%s”第 %d 行：%s", e.Chapter, e.Line, e.Msg)
	}
	return fmt.Sprintf("章节模板“%s”：%s", e.Chapter, e.Msg)
}

// Names lists the placeholders, for editors and help texts.
var Names = []string{
	"区县", "城市", "省份", "项目名称", "方案名称", "方案文号", "方案印发日期",
	"考核年度", "首个考核年度", "最近考核年度", "数据截至",
	"指标总数", "子指标数", "约束性指标数", "参考性指标数", "领域数", "任务数", "责任单位数",
	"约束性指标达标数", "参考性指标达标数", "参考性指标达标比例", "参考性指标达标要求",
	"总体结论", "总体结论说明", "未达标指标", "缺数据指标", "目标待定指标",
	"未达标项数", "缺数据项数", "目标待定项数", "未裁定分歧数", "佐证材料数", "佐证材料页数",
	"指标值", "最近值", "首年值", "各年值", "指标名称", "目标值", "牵头单位", "达标情况", "领域达标情况",
	"评定规则", "指标体系依据", "管理规程", "任务名称", "任务措施", "指标措施", "指标成效",
}

func codeOf(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case int:
		return strconv.Itoa(x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return fmt.Sprint(v)
}

func yearOf(v any) (int, error) {
	switch x := v.(type) {
	case int:
		return x, nil
	case string:
		n, err := strconv.Atoi(strings.TrimSuffix(x, "年"))
		if err == nil {
			return n, nil
		}
	}
	return 0, fmt.Errorf("年度 %v 无效，应为如 2017 的年份", v)
}

// FormatValue prints an indicator's value for a year as the tables do, with
// its measure unit; "缺数据" when there is none.
func FormatValue(a *assess.Assessment, ind *catalog.Indicator, year int) string {
	v, ok := a.Values.Get(ind.Code, year)
	if !ok {
		return eval.Missing.String()
	}
	s := v.Format(ind.MeasureUnit, ind.Decimals)
	if v.IsNum && ind.MeasureUnit != "" && ind.MeasureUnit != "%" {
		s += ind.MeasureUnit
	}
	return s
}

// YearSpan writes a run of years as "2015—2017年" (one year: "2017年").
func YearSpan(ys []int) string {
	switch len(ys) {
	case 0:
		return ""
	case 1:
		return fmt.Sprintf("%d年", ys[0])
	}
	return fmt.Sprintf("%d—%d年", ys[0], ys[len(ys)-1])
}

// ChineseDate writes 2018年5月31日.
func ChineseDate(t time.Time) string {
	return fmt.Sprintf("%d年%d月%d日", t.Year(), int(t.Month()), t.Day())
}

// YearMonth writes 2018年5月, as covers date a document ("" for the zero
// time).
func YearMonth(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d年%d月", t.Year(), int(t.Month()))
}

// Funcs returns the placeholders bound to d.
func Funcs(d *Data) template.FuncMap {
	a := d.A
	st := a.Settings
	cat := a.Catalog
	v := a.Eval.Verdict
	latest := st.LatestAssessedYear()
	first := 0
	if len(st.AssessedYears) > 0 {
		first = st.AssessedYears[0]
		for _, y := range st.AssessedYears {
			first = min(first, y)
		}
	}
	ind := func(c any) (*catalog.Indicator, error) {
		code := codeOf(c)
		i, ok := cat.Indicator(code)
		if !ok {
			return nil, fmt.Errorf("指标 %s 不存在", code)
		}
		return i, nil
	}
	value := func(c any, y int) (string, error) {
		i, err := ind(c)
		if err != nil {
			return "", err
		}
		if !i.Measurable() {
			return "", fmt.Errorf("指标 %s“%s”有子指标，请写子指标的序号（如 %s）", i.Code, i.Name, i.Subs[0].Code)
		}
		return FormatValue(a, i, y), nil
	}
	names := func(s eval.Status) string {
		var out []string
		for k := range cat.Indicators {
			i := &cat.Indicators[k]
			if a.Eval.Result(i.Code, latest).Status == s {
				out = append(out, i.Name)
			}
		}
		if len(out) == 0 {
			return "无"
		}
		return strings.Join(out, "、")
	}
	count := func(s eval.Status) int {
		n := 0
		for k := range cat.Indicators {
			if a.Eval.Result(cat.Indicators[k].Code, latest).Status == s {
				n++
			}
		}
		return n
	}
	orgs := cat.ResponsibleOrgs() // the matrix's columns
	pages := 0
	for _, e := range a.Evidence {
		pages += e.Pages
	}
	subs := 0
	for _, i := range cat.Indicators {
		subs += len(i.Subs)
	}
	planDate := cat.Plan.Date
	if t, err := time.Parse("2006-01-02", cat.Plan.Date); err == nil {
		planDate = ChineseDate(t)
	}
	pct := func(x float64) string { return catalog.FormatNumber(x*100, 1) + "%" }
	extra := textFuncs(d)
	return mergeFuncs(extra, template.FuncMap{
		"区县": func() string { return st.District }, "城市": func() string { return st.City },
		"省份": func() string { return st.Province }, "项目名称": func() string { return st.Name },
		"方案名称": func() string { return strings.TrimSuffix(strings.TrimPrefix(cat.Plan.Title, "《"), "》") },
		"方案文号": func() string { return cat.Plan.DocNumber }, "方案印发日期": func() string { return planDate },
		"考核年度":   func() string { return YearSpan(st.AssessedYears) },
		"首个考核年度": func() int { return first }, "最近考核年度": func() int { return latest },
		"数据截至": func() string { return ChineseDate(d.Snapshot) },
		"指标总数": func() int { return len(cat.Indicators) }, "子指标数": func() int { return subs },
		"约束性指标数": func() int { return v.Binding.Total }, "参考性指标数": func() int { return v.Reference.Total },
		"领域数": func() int { return len(cat.Domains) }, "任务数": func() int { return len(cat.TaskGroups) },
		"责任单位数":    func() int { return len(orgs) },
		"约束性指标达标数": func() int { return v.Binding.Met }, "参考性指标达标数": func() int { return v.Reference.Met },
		"参考性指标达标比例": func() string { return pct(v.ReferenceShare) },
		"参考性指标达标要求": func() string { return catalog.FormatNumber(v.Threshold*100, -1) + "%" },
		"总体结论":      func() string { return v.Label },
		"总体结论说明":    func() string { return strings.Join(v.Reasons, "；") },
		"未达标指标":     func() string { return names(eval.NotMet) },
		"缺数据指标":     func() string { return names(eval.Missing) },
		"目标待定指标":    func() string { return names(eval.TargetPending) },
		"未达标项数":     func() int { return count(eval.NotMet) },
		"缺数据项数":     func() int { return a.MissingCount() },
		"目标待定项数":    func() int { return count(eval.TargetPending) },
		"未裁定分歧数":    func() int { return len(a.Unresolved()) },
		"佐证材料数":     func() int { return len(a.Evidence) },
		"佐证材料页数":    func() int { return pages },
		"指标值": func(c, y any) (string, error) {
			yr, err := yearOf(y)
			if err != nil {
				return "", err
			}
			return value(c, yr)
		},
		"最近值": func(c any) (string, error) { return value(c, latest) },
		"首年值": func(c any) (string, error) { return value(c, first) },
		"各年值": func(c any) (string, error) {
			var out []string
			for _, y := range st.AssessedYears {
				s, err := value(c, y)
				if err != nil {
					return "", err
				}
				out = append(out, s)
			}
			return strings.Join(out, "、"), nil
		},
		"指标名称": func(c any) (string, error) {
			i, err := ind(c)
			if err != nil {
				return "", err
			}
			return i.FullName(), nil
		},
		"目标值": func(c any) (string, error) {
			i, err := ind(c)
			if err != nil {
				return "", err
			}
			if i.Target == nil {
				return "", fmt.Errorf("指标 %s“%s”没有目标值（请写子指标）", i.Code, i.Name)
			}
			return i.Target.Format(i.MeasureUnit), nil
		},
		"牵头单位": func(c any) (string, error) {
			i, err := ind(c)
			if err != nil {
				return "", err
			}
			return cat.OrgNames(i.Lead), nil
		},
		"领域达标情况": func(name string) (string, error) {
			var id string
			for _, dm := range cat.Domains {
				if dm.Name == name || dm.ID == name {
					id = dm.ID
				}
			}
			if id == "" {
				return "", fmt.Errorf("领域“%s”不存在", name)
			}
			total, met := 0, 0
			for k := range cat.Indicators {
				if cat.Indicators[k].Domain != id {
					continue
				}
				total++
				if a.Eval.Result(cat.Indicators[k].Code, latest).Status == eval.Met {
					met++
				}
			}
			if total > 0 && met == total {
				return fmt.Sprintf("%d项指标全部达标", total), nil
			}
			return fmt.Sprintf("%d项指标中达标%d项", total, met), nil
		},
		"达标情况": func(c, y any) (string, error) {
			i, err := ind(c)
			if err != nil {
				return "", err
			}
			yr, err := yearOf(y)
			if err != nil {
				return "", err
			}
			return a.Eval.Result(i.Code, yr).Status.String(), nil
		},
	})
}

// stubFuncs has every placeholder with the right arity, for Check.
func stubFuncs() template.FuncMap {
	m := template.FuncMap{}
	for k, f := range Funcs(&Data{A: stubAssessment()}) {
		m[k] = f
	}
	return m
}

var commentRE = regexp.MustCompile(`(?s)<!--.*?-->`)

// stripComments removes "<!-- … -->" notes, keeping line numbers.
func stripComments(src string) string {
	return commentRE.ReplaceAllStringFunc(src, func(c string) string {
		return strings.Repeat("\n", strings.Count(c, "\n"))
	})
}

var tmplErrRE = regexp.MustCompile(`^template: (.*?):(\d+):(?:\d+:)? ?(.*)$`)
var notDefinedRE = regexp.MustCompile(`function "(.*?)" not defined`)
var callingRE = regexp.MustCompile(`error calling (\S+?): (.*)$`)
var argsRE = regexp.MustCompile(`wrong number of args for (\S+?): want (\d+) got (\d+)`)

// translate turns a text/template error into an *Error in Chinese.
func translate(chapter string, err error) error {
	msg := err.Error()
	e := &Error{Chapter: chapter, Msg: msg}
	if m := tmplErrRE.FindStringSubmatch(msg); m != nil {
		e.Line, _ = strconv.Atoi(m[2])
		msg = m[3]
	}
	switch {
	case notDefinedRE.MatchString(msg):
		name := notDefinedRE.FindStringSubmatch(msg)[1]
		e.Msg = fmt.Sprintf("未知的占位符“%s”，可用的占位符有：%s", name, strings.Join(Names, "、"))
	case argsRE.MatchString(msg):
		m := argsRE.FindStringSubmatch(msg)
		e.Msg = fmt.Sprintf("占位符“%s”需要 %s 个参数，这里写了 %s 个", m[1], m[2], m[3])
	case callingRE.MatchString(msg):
		m := callingRE.FindStringSubmatch(msg)
		e.Msg = fmt.Sprintf("占位符“%s”：%s", m[1], m[2])
	case strings.Contains(msg, "unclosed action"):
		e.Msg = "占位符缺少结尾的 }}"
	case strings.Contains(msg, "unexpected"), strings.Contains(msg, "bad character"), strings.Contains(msg, "unterminated"):
		e.Msg = "占位符的写法有误（应为 {{名称}} 或 {{名称 参数}}，如 {{指标值 21 2017}}）：" + msg
	case strings.Contains(msg, "can't give argument"), strings.Contains(msg, "wrong type"):
		e.Msg = "占位符的参数类型有误：" + msg
	default:
		e.Msg = "格式错误：" + msg
	}
	return e
}

func parse(chapter, src string, funcs template.FuncMap) (*template.Template, error) {
	t, err := template.New(chapter).Funcs(funcs).Option("missingkey=error").Parse(stripComments(src))
	if err != nil {
		return nil, translate(chapter, err)
	}
	return t, nil
}

// Check parses a chapter without data: unknown placeholders and syntax
// errors are reported with the chapter and the line.
func Check(chapter, src string) error {
	t, err := parse(chapter, src, stubFuncs())
	if err != nil {
		return err
	}
	// Executing against an empty project finds wrong argument counts and
	// types; errors that depend on the data (an unknown indicator) do not
	// count here.
	if err := t.Execute(io.Discard, nil); err != nil && !strings.Contains(err.Error(), "error calling") {
		return translate(chapter, err)
	}
	return nil
}

// Expand fills the placeholders of a chapter.
func Expand(chapter, src string, d *Data) (string, error) {
	t, err := parse(chapter, src, Funcs(d))
	if err != nil {
		return "", err
	}
	var b strings.Builder
	if err := t.Execute(&b, nil); err != nil {
		return "", translate(chapter, err)
	}
	return b.String(), nil
}

// Render expands a chapter and turns it into blocks. Headings "# " are
// level base+1, "## " base+2; paragraphs take the theme's body style.
func Render(chapter, src string, d *Data, base int) ([]layout.Block, error) {
	text, err := Expand(chapter, src, d)
	if err != nil {
		return nil, err
	}
	return Blocks(text, base), nil
}

// Paragraphs returns the plain text of the paragraphs Blocks would make,
// in order (for tests and previews).
func Paragraphs(text string) []string {
	var out []string
	for _, p := range split(text) {
		if p.level == 0 {
			out = append(out, strings.ReplaceAll(p.text, "**", ""))
		}
	}
	return out
}

type part struct {
	level int // 0 paragraph, 1.. heading depth
	text  string
}

// split cuts expanded text into headings and paragraphs.
func split(text string) []part {
	var out []part
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			out = append(out, part{text: joinLines(cur)})
			cur = nil
		}
	}
	for _, raw := range strings.Split(text, "\n") {
		line := strings.TrimSpace(raw)
		switch {
		case line == "":
			flush()
		case strings.HasPrefix(line, "#"):
			flush()
			n := len(line) - len(strings.TrimLeft(line, "#"))
			out = append(out, part{level: n, text: strings.TrimSpace(line[n:])})
		case strings.HasPrefix(line, "- ") || strings.HasPrefix(line, "* "):
			flush()
			cur = append(cur, strings.TrimSpace(line[2:]))
		default:
			cur = append(cur, line)
		}
	}
	flush()
	return out
}

// joinLines joins the lines of a paragraph: no space between Chinese
// characters, one space between Latin words.
func joinLines(lines []string) string {
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			prev := []rune(b.String())
			first := []rune(l)
			if len(prev) > 0 && len(first) > 0 && prev[len(prev)-1] < 0x2E80 && first[0] < 0x2E80 &&
				!unicode.IsSpace(prev[len(prev)-1]) {
				b.WriteByte(' ')
			}
		}
		b.WriteString(l)
	}
	return b.String()
}

// runs splits "**bold**" spans.
func runs(text string) []layout.Run {
	var out []layout.Run
	bold := false
	for _, piece := range strings.Split(text, "**") {
		if piece != "" {
			out = append(out, layout.Run{Text: piece, Bold: bold})
		}
		bold = !bold
	}
	if len(out) == 0 {
		out = []layout.Run{{Text: ""}}
	}
	return out
}

// Blocks turns expanded text into headings (NoNumber off: the engine
// numbers them) and paragraphs.
func Blocks(text string, base int) []layout.Block {
	var out []layout.Block
	for _, p := range split(text) {
		if p.level > 0 {
			out = append(out, layout.H(min(base+p.level, 4), p.text))
			continue
		}
		out = append(out, &layout.Paragraph{Runs: runs(p.text)})
	}
	return out
}

func stubAssessment() *assess.Assessment {
	cat := &catalog.Catalog{}
	return &assess.Assessment{Catalog: cat, Eval: eval.Evaluate(cat, catalog.ValueSet{}, nil, 0, eval.Rule{})}
}
