package catalog

import (
	"fmt"
	"strconv"
	"strings"
)

// Comparator compares a value with a target threshold.
type Comparator string

// The comparators a numeric target can use.
const (
	GE Comparator = "≥"
	LE Comparator = "≤"
	GT Comparator = ">"
	LT Comparator = "<"
	EQ Comparator = "=" // printed as the bare number: "100"
)

// normalizeComparator accepts the ASCII spellings a person may type.
func normalizeComparator(s string) (Comparator, bool) {
	switch strings.TrimSpace(s) {
	case "≥", ">=", "≧", "＞＝":
		return GE, true
	case "≤", "<=", "≦", "＜＝":
		return LE, true
	case ">", "＞":
		return GT, true
	case "<", "＜":
		return LT, true
	case "=", "==", "＝", "":
		return EQ, true
	}
	return "", false
}

// TargetKind says how a target is evaluated.
type TargetKind int

// The kinds of target.
const (
	Numeric TargetKind = iota // a comparator and a threshold
	State                     // a qualitative state: 制定实施, 未发生 …
	Pending                   // set later by the province; unset until the office enters it
)

// Target is a structured, machine-evaluable target (指标值).
type Target struct {
	Op    Comparator `yaml:"op,omitempty" json:"op,omitempty"`
	Value *float64   `yaml:"value,omitempty" json:"value,omitempty"`
	// NoDecline adds "且不降低": the value must not fall below the previous year's.
	NoDecline bool `yaml:"no_decline,omitempty" json:"no_decline,omitempty"`
	// Condition adds a yes/no condition, e.g. "能源消耗总量不超过控制目标值".
	Condition string `yaml:"condition,omitempty" json:"condition,omitempty"`
	// State is the qualitative state that meets the target; NotState the one
	// that does not ("未发生" / "发生").
	State    string `yaml:"state,omitempty" json:"state,omitempty"`
	NotState string `yaml:"not_state,omitempty" json:"not_state,omitempty"`
	// Pending says who sets the target later and how, quoting the plan.
	Pending string `yaml:"pending,omitempty" json:"pending,omitempty"`
}

// Kind returns how the target is evaluated.
func (t *Target) Kind() TargetKind {
	switch {
	case t.Pending != "" && t.Value == nil:
		return Pending
	case t.State != "":
		return State
	}
	return Numeric
}

// String prints the target as the plan does, without measure unit:
// "≥55，且不降低", "≤0.70，且能源消耗总量不超过控制目标值", "100", "制定实施" (the
// comma as 附件1 prints it).
func (t *Target) String() string { return t.Format("") }

// Format prints the target with its measure unit after the number: "≥80%".
// A measure unit that is not "%" is separated by nothing either: "≤0.70吨标煤/万元".
func (t *Target) Format(measureUnit string) string {
	if t == nil {
		return ""
	}
	var b strings.Builder
	switch t.Kind() {
	case Pending:
		return "目标待定（" + t.Pending + "）"
	case State:
		b.WriteString(t.State)
	default:
		if t.Op != EQ {
			b.WriteString(string(t.Op))
		}
		if t.Value != nil {
			b.WriteString(FormatNumber(*t.Value, -1))
		}
		b.WriteString(measureUnit)
	}
	if t.NoDecline {
		b.WriteString("，且不降低")
	}
	if t.Condition != "" {
		b.WriteString("，且" + t.Condition)
	}
	return b.String()
}

// Meets reports whether a number meets the comparator and threshold alone.
func (t *Target) Meets(v float64) bool {
	if t.Value == nil {
		return false
	}
	x := *t.Value
	const eps = 1e-9
	switch t.Op {
	case GE:
		return v >= x-eps
	case LE:
		return v <= x+eps
	case GT:
		return v > x+eps
	case LT:
		return v < x-eps
	default: // EQ: a target of "100" is met by 100 (and by more where that is possible)
		return v >= x-eps
	}
}

// States returns the values a qualitative target accepts: the state that meets
// it first, then the one that does not.
func (t *Target) States() []string {
	if t.Kind() != State {
		return nil
	}
	return []string{t.State, t.NotState}
}

// ParseTarget reads a target as a person types it: "≥80", ">=80", "100",
// "≤0.70", "≥ 2.0%". Only numeric targets are accepted: it is used for the
// targets the office enters itself (the province-set ones), which are numeric.
func ParseTarget(s string) (*Target, error) {
	s = strings.TrimSpace(NormalizeWidth(s))
	if s == "" {
		return nil, fmt.Errorf("目标值为空，应为如 ≥80、≤0.70、100 的数值目标")
	}
	op := EQ
	for _, p := range []string{">=", "<=", "≥", "≤", ">", "<", "="} {
		if strings.HasPrefix(s, p) {
			op, _ = normalizeComparator(p)
			s = strings.TrimSpace(strings.TrimPrefix(s, p))
			break
		}
	}
	s = strings.TrimSuffix(s, "%")
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return nil, fmt.Errorf("目标值 %q 无法识别，应为比较符加数字，如 ≥80、≤0.70、100", s)
	}
	return &Target{Op: op, Value: &v}, nil
}

// FormatNumber prints a number with the given decimals, or with as few as
// needed (up to 4) when decimals < 0. It never prints "-0".
func FormatNumber(v float64, decimals int) string {
	var s string
	if decimals >= 0 {
		s = strconv.FormatFloat(v, 'f', decimals, 64)
	} else {
		s = strconv.FormatFloat(v, 'f', 4, 64)
		if strings.Contains(s, ".") {
			s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
		}
		// Keep two decimals for thresholds such as 0.70 as the plan prints them.
		if v != 0 && v < 1 && v > -1 && len(s) == 3 {
			s += "0"
		}
	}
	if s == "-0" || strings.HasPrefix(s, "-0.") && strings.Trim(s[3:], "0") == "" {
		s = s[1:]
	}
	return s
}
