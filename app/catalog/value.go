package catalog

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

// Value is one recorded value of an indicator for a year: a number for a
// numeric target, a state for a qualitative one.
type Value struct {
	Num    float64 `json:"num,omitempty"`
	IsNum  bool    `json:"is_num"`
	State  string  `json:"state,omitempty"`
	Source string  `json:"-"`
}

// String prints the value as it is shown in tables.
func (v Value) String() string {
	if v.IsNum {
		return formatAtLeast(v.Num, 0)
	}
	return v.State
}

// Format prints the value with at least the given decimals (more where the
// value has them: a value is never rounded for display) and, for "%", the sign.
func (v Value) Format(measureUnit string, decimals int) string {
	if !v.IsNum {
		return v.State
	}
	s := formatAtLeast(v.Num, decimals)
	if measureUnit == "%" {
		s += "%"
	}
	return s
}

// Field names of a value: the indicator's value itself, or the yes/no
// condition of a compound target.
const (
	FieldValue     = "value"
	FieldCondition = "condition"
)

// Condition states.
const (
	CondYes = "是"
	CondNo  = "否"
)

// NormalizeWidth turns full-width digits, letters, signs and spaces into their
// ASCII forms ("９５．５％" → "95.5%") and trims spaces.
func NormalizeWidth(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\u3000':
			r = ' '
		case r >= '\uFF01' && r <= '\uFF5E':
			r -= 0xFEE0
		}
		b.WriteRune(r)
	}
	return strings.TrimSpace(b.String())
}

// ParseValue reads a value as people type it into a spreadsheet or a form and
// checks it against the indicator: "95%", "９５", "95.0", "1,234", " 95 ".
// A comparator in front ("≥95") is dropped with a warning. The error says in
// Chinese what was found and what is expected.
func ParseValue(ind *Indicator, raw string) (v Value, warnings []string, err error) {
	s := NormalizeWidth(raw)
	shown := ClipText(raw, 40)
	if s == "" {
		return v, nil, fmt.Errorf("指标 %s「%s」的值为空", ind.Code, ind.Name)
	}
	t := ind.Target
	if t != nil && t.Kind() == State {
		for _, st := range t.States() {
			if s == st {
				return Value{State: st}, nil, nil
			}
		}
		return v, nil, fmt.Errorf("指标 %s「%s」的值%s无效，应为「%s」或「%s」", ind.Code, ind.Name, QuoteInput(shown), t.State, t.NotState)
	}
	// Numeric (or a pending target, which will be numeric).
	for _, p := range []string{">=", "<=", "≥", "≤", ">", "<", "="} {
		if strings.HasPrefix(s, p) {
			s = strings.TrimSpace(strings.TrimPrefix(s, p))
			warnings = append(warnings, fmt.Sprintf("值%s前的比较符 %s 已去掉，值应为实际数值", QuoteInput(shown), p))
			break
		}
	}
	if strings.HasSuffix(s, "%") || strings.HasSuffix(s, "％") {
		s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(s, "%"), "％"))
		if ind.MeasureUnit != "%" {
			warnings = append(warnings, fmt.Sprintf("值%s带有 %%，但该指标的计量单位是「%s」", QuoteInput(shown), measureUnitName(ind.MeasureUnit)))
		}
	} else if mu := ind.MeasureUnit; mu != "" && mu != "%" && strings.HasSuffix(s, mu) {
		s = strings.TrimSpace(strings.TrimSuffix(s, mu))
	}
	s = strings.ReplaceAll(s, " ", "")
	if strings.Contains(s, ",") {
		if !thousandsRE.MatchString(s) {
			return v, nil, commaError(ind, shown, s)
		}
		s = strings.ReplaceAll(s, ",", "")
	}
	if s == "" || strings.IndexFunc(s, func(r rune) bool {
		return !(unicode.IsDigit(r) || r == '.' || r == '-' || r == '+' || r == 'e' || r == 'E')
	}) >= 0 {
		return v, nil, fmt.Errorf("指标 %s「%s」的值%s不是数字，应填写%s", ind.Code, ind.Name, QuoteInput(shown), expectedText(ind))
	}
	n, perr := strconv.ParseFloat(s, 64)
	if perr != nil || math.IsNaN(n) || math.IsInf(n, 0) {
		return v, nil, fmt.Errorf("指标 %s「%s」的值%s不是数字，应填写%s", ind.Code, ind.Name, QuoteInput(shown), expectedText(ind))
	}
	lo, hi := ind.ValueRange()
	if n < lo || n > hi {
		return v, nil, fmt.Errorf("指标 %s「%s」的值 %s 超出有效范围，应填写%s", ind.Code, ind.Name, FormatNumber(n, -1), expectedText(ind))
	}
	return Value{Num: n, IsNum: true}, warnings, nil
}

// thousandsRE is the only use of a comma a number may have: a thousands
// separator between groups of exactly three digits ("1,234", "12,345.6").
var thousandsRE = regexp.MustCompile(`^[-+]?[1-9][0-9]{0,2}(?:,[0-9]{3})+(?:\.[0-9]+)?$`)

// commaError refuses a number with a comma that is not a thousands separator
// ("9,5", "0,55", "1.234,5"): in many places the comma is the decimal point,
// so the number cannot be told. The message gives both readings.
func commaError(ind *Indicator, raw, s string) error {
	var readings []string
	add := func(t string) {
		if n, err := strconv.ParseFloat(t, 64); err == nil && !math.IsInf(n, 0) && !math.IsNaN(n) {
			r := formatAtLeast(n, 0)
			for _, have := range readings {
				if have == r {
					return
				}
			}
			readings = append(readings, r)
		}
	}
	if strings.Count(s, ",") == 1 {
		// The comma as the decimal point, dots as thousands separators.
		add(strings.Replace(strings.ReplaceAll(s, ".", ""), ",", ".", 1))
	}
	add(strings.ReplaceAll(s, ",", ""))
	what := fmt.Sprintf("指标 %s「%s」的值“%s”含逗号", ind.Code, ind.Name, strings.TrimSpace(raw))
	if len(readings) == 2 {
		return fmt.Errorf("%s，可能是 %s 也可能是 %s，请改用小数点（如 %s），千位不要加逗号", what, readings[0], readings[1], readings[0])
	}
	return fmt.Errorf("%s，无法确定是哪个数，请改用小数点，千位不要加逗号（如 1234.5）", what)
}

// ClipText shortens a text found in a file or a form for a message: at
// most max characters, "…" marking the cut.
func ClipText(s string, max int) string {
	r := []rune(s)
	if len(r) <= max {
		return s
	}
	return string(r[:max]) + "…（共 " + strconv.Itoa(len(r)) + " 字）"
}

// ParseCondition reads the yes/no answer to a compound target's condition.
func ParseCondition(ind *Indicator, raw string) (Value, error) {
	switch strings.ToLower(NormalizeWidth(raw)) {
	case "是", "符合", "满足", "达到", "未超过", "不超过", "yes", "y", "1", "true", "√":
		return Value{State: CondYes}, nil
	case "否", "不符合", "不满足", "未达到", "超过", "no", "n", "0", "false", "×":
		return Value{State: CondNo}, nil
	}
	cond := ""
	if ind.Target != nil {
		cond = ind.Target.Condition
	}
	return Value{}, fmt.Errorf("指标 %s「%s」的条件「%s」填写%s无效，应为「是」或「否」", ind.Code, ind.Name, cond, QuoteInput(ClipText(raw, 40)))
}

func measureUnitName(mu string) string {
	if mu == "" {
		return "无"
	}
	return mu
}

// expectedText describes in Chinese what a value of the indicator should be.
// QuoteInput quotes what a person typed for a message: “九十五”, with
// characters one cannot see escaped as Go does (“95\u00a0”), so that the
// message shows exactly what the cell holds.
func QuoteInput(s string) string {
	q := strconv.Quote(s)
	return "“" + q[1:len(q)-1] + "”"
}

func expectedText(ind *Indicator) string {
	lo, hi := ind.ValueRange()
	mu := ind.MeasureUnit
	switch {
	case hi >= 1e15 && lo == 0:
		if mu == "" {
			return "不小于 0 的数字"
		}
		return fmt.Sprintf("不小于 0 的数字（单位：%s）", mu)
	case mu == "%":
		return fmt.Sprintf("%s 到 %s 之间的百分数（如 95 或 95%%）", FormatNumber(lo, -1), FormatNumber(hi, -1))
	case mu == "":
		return fmt.Sprintf("%s 到 %s 之间的数字", FormatNumber(lo, -1), FormatNumber(hi, -1))
	}
	return fmt.Sprintf("%s 到 %s 之间的数字（单位：%s）", FormatNumber(lo, -1), FormatNumber(hi, -1), mu)
}

// ValueKey identifies a recorded value: indicator code, year and field.
type ValueKey struct {
	Code  string
	Year  int
	Field string
}

// ValueSet holds the current values of a project.
type ValueSet map[ValueKey]Value

// Get returns the value of an indicator's own field for a year.
func (vs ValueSet) Get(code string, year int) (Value, bool) {
	v, ok := vs[ValueKey{code, year, FieldValue}]
	return v, ok
}

// Condition returns the yes/no answer to a compound target's condition.
func (vs ValueSet) Condition(code string, year int) (Value, bool) {
	v, ok := vs[ValueKey{code, year, FieldCondition}]
	return v, ok
}

// formatAtLeast prints v with as many decimals as it has, padded with zeros
// to at least min decimals: (100, 1) → "100.0", (92.55, 1) → "92.55".
func formatAtLeast(v float64, min int) string {
	if v == 0 {
		v = 0 // no "-0"
	}
	s := strconv.FormatFloat(v, 'f', -1, 64)
	have := 0
	if i := strings.IndexByte(s, '.'); i >= 0 {
		have = len(s) - i - 1
	}
	if have >= min {
		return s
	}
	if have == 0 {
		s += "."
	}
	return s + strings.Repeat("0", min-have)
}

// PlausibleFactor is how many times larger or smaller than the value it
// replaces, or than the same indicator's value of a neighbouring year, a
// new value may be before it is held for confirmation: 0.55 one year and 55
// the next is more likely a slipped decimal point or measure unit than a
// real change.
const PlausibleFactor = 10

// Implausible says in Chinese why a new number looks mistyped, or returns
// "". It compares v, the new value of ind for year, with the value it
// replaces and the values of the years before and after, as refs holds them.
// Zeros and values of opposite signs are not compared.
func Implausible(ind *Indicator, year int, v Value, refs ValueSet) string {
	if !v.IsNum || v.Num == 0 {
		return ""
	}
	type ref struct {
		key  ValueKey
		what string
	}
	for _, r := range []ref{
		{ValueKey{ind.Code, year, FieldValue}, "原有的值"},
		{ValueKey{ind.Code, year - 1, FieldValue}, fmt.Sprintf("%d年的值", year-1)},
		{ValueKey{ind.Code, year + 1, FieldValue}, fmt.Sprintf("%d年的值", year+1)},
	} {
		old, ok := refs[r.key]
		if !ok || !old.IsNum || old.Num == 0 || (old.Num < 0) != (v.Num < 0) {
			continue
		}
		a, b := math.Abs(v.Num), math.Abs(old.Num)
		ratio := max(a, b) / min(a, b)
		if ratio < PlausibleFactor*(1-1e-9) { // 4.6/0.46 is 9.999…
			continue
		}
		return fmt.Sprintf("指标 %s「%s」%d年的值 %s 与%s %s 相差约 %s 倍（超过 %d 倍），可能是小数点、逗号或计量单位填错",
			ind.Code, ind.Name, year, v.Format(ind.MeasureUnit, 0), r.what, old.Format(ind.MeasureUnit, 0),
			FormatNumber(math.Round(ratio), 0), PlausibleFactor)
	}
	return ""
}
