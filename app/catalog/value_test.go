package catalog_test

import (
	"math"
	"regexp"
	"strings"
	"testing"

	"ecoreport/app/catalog"
	"ecoreport/seeds"
)

func seedIndicator(t *testing.T, code string) *catalog.Indicator {
	t.Helper()
	ind, ok := loadSeed(t).Indicator(code)
	if !ok {
		t.Fatalf("no indicator %s", code)
	}
	return ind
}

func TestParseValue(t *testing.T) {
	cases := []struct {
		code, raw string
		num       float64 // for a numeric value
		state     string  // for a qualitative value
		warn      string  // substring of a warning, "" for none
		err       []string
	}{
		{code: "29", raw: "95%", num: 95},
		{code: "29", raw: "９５", num: 95},
		{code: "29", raw: "９５．５％", num: 95.5},
		{code: "29", raw: " 95 ", num: 95},
		{code: "29", raw: "95 %", num: 95},
		{code: "29", raw: "\u300095\u3000", num: 95},
		{code: "29", raw: "≥95", num: 95, warn: "比较符"},
		{code: "29", raw: ">=95", num: 95, warn: "比较符"},
		{code: "29", raw: "abc", err: []string{"指标 29", "农村卫生厕所普及率", "abc", "不是数字", "0 到 100 之间的百分数"}},
		{code: "29", raw: "130", err: []string{"指标 29", "130", "超出有效范围", "0 到 100"}},
		{code: "29", raw: "-1", err: []string{"指标 29", "超出有效范围"}},
		{code: "29", raw: "", err: []string{"指标 29", "值为空"}},
		{code: "29", raw: "95..5", err: []string{"不是数字"}},
		{code: "22", raw: "1,234", num: 1234},
		{code: "22", raw: "1，234.5", num: 1234.5},
		{code: "22", raw: "１，２３４", num: 1234},
		{code: "22", raw: "12,345,678.25", num: 12345678.25},
		// Decimal commas: refused with both readings, never guessed.
		{code: "29", raw: "9,5", err: []string{"指标 29", "“9,5”含逗号", "可能是 9.5 也可能是 95", "请改用小数点"}},
		{code: "29", raw: "９５，５", err: []string{"含逗号", "可能是 95.5 也可能是 955"}},
		{code: "21", raw: "0,55", err: []string{"指标 21", "“0,55”含逗号", "可能是 0.55 也可能是 55"}},
		{code: "22", raw: "1.234,5", err: []string{"“1.234,5”含逗号", "可能是 1234.5 也可能是 1.2345"}},
		{code: "22", raw: "0,550", err: []string{"可能是 0.55 也可能是 550"}},
		{code: "22", raw: "1,23", err: []string{"可能是 1.23 也可能是 123"}},
		{code: "22", raw: "1,2345", err: []string{"含逗号"}},
		{code: "22", raw: "12,34,567", err: []string{"含逗号", "无法确定"}},
		{code: "22", raw: ",5", err: []string{"含逗号"}},
		{code: "22", raw: "1,234,5", err: []string{"含逗号"}},
		{code: "22", raw: "32.9立方米/万元", num: 32.9},
		{code: "22", raw: "-5", err: []string{"指标 22", "单位地区生产总值用水量", "不小于 0 的数字", "立方米/万元"}},
		{code: "23", raw: "95%", num: 95, warn: "万元/亩"},
		{code: "21", raw: "0.46", num: 0.46},
		{code: "21", raw: "-0.1", err: []string{"指标 21", "超出有效范围"}},
		{code: "9.1", raw: "-3.5", num: -3.5},
		{code: "9.2", raw: "-100", num: -100},
		{code: "9.2", raw: "-120", err: []string{"指标 9.2", "-100 到 100"}},
		{code: "11", raw: "63.45", num: 63.45},
		{code: "11", raw: "101", err: []string{"指标 11", "超出有效范围"}},
		{code: "1", raw: "制定实施", state: "制定实施"},
		{code: "1", raw: " 未制定实施 ", state: "未制定实施"},
		{code: "1", raw: "已制定", err: []string{"指标 1", "已制定", "「制定实施」或「未制定实施」"}},
		{code: "16", raw: "未发生", state: "未发生"},
		{code: "16", raw: "发生", state: "发生"},
		{code: "16", raw: "0", err: []string{"「未发生」或「发生」"}},
		{code: "13.2", raw: "不明显", state: "不明显"},
		{code: "13.2", raw: "明显", state: "明显"},
		{code: "17", raw: "未划定或未遵守", state: "未划定或未遵守"},
		{code: "20", raw: "编制", state: "编制"},
		{code: "20", raw: "100%", err: []string{"「编制」或「未编制」"}},
	}
	c := loadSeed(t)
	for _, tc := range cases {
		t.Run(tc.code+" "+tc.raw, func(t *testing.T) {
			ind, ok := c.Indicator(tc.code)
			if !ok {
				t.Fatalf("no indicator %s", tc.code)
			}
			v, warns, err := catalog.ParseValue(ind, tc.raw)
			if tc.err != nil {
				if err == nil {
					t.Fatalf("ParseValue(%q) = %+v, want an error", tc.raw, v)
				}
				for _, w := range tc.err {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("error %q does not contain %q", err, w)
					}
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseValue(%q): %v", tc.raw, err)
			}
			if tc.state != "" {
				if v.IsNum || v.State != tc.state {
					t.Errorf("ParseValue(%q) = %+v, want state %q", tc.raw, v, tc.state)
				}
			} else if !v.IsNum || v.Num != tc.num {
				t.Errorf("ParseValue(%q) = %+v, want %v", tc.raw, v, tc.num)
			}
			switch {
			case tc.warn == "" && len(warns) > 0:
				t.Errorf("unexpected warnings %q", warns)
			case tc.warn != "" && (len(warns) == 0 || !strings.Contains(strings.Join(warns, ";"), tc.warn)):
				t.Errorf("warnings %q, want one containing %q", warns, tc.warn)
			}
		})
	}
}

func TestParseCondition(t *testing.T) {
	ind := seedIndicator(t, "21")
	for raw, want := range map[string]string{
		"是": catalog.CondYes, " 是 ": catalog.CondYes, "符合": catalog.CondYes, "未超过": catalog.CondYes, "YES": catalog.CondYes, "√": catalog.CondYes, "１": catalog.CondYes,
		"否": catalog.CondNo, "不符合": catalog.CondNo, "超过": catalog.CondNo, "no": catalog.CondNo, "×": catalog.CondNo,
	} {
		v, err := catalog.ParseCondition(ind, raw)
		if err != nil || v.State != want {
			t.Errorf("ParseCondition(%q) = %+v, %v; want %s", raw, v, err, want)
		}
	}
	_, err := catalog.ParseCondition(ind, "也许")
	if err == nil || !strings.Contains(err.Error(), "能源消耗总量不超过控制目标值") || !strings.Contains(err.Error(), "「是」或「否」") {
		t.Errorf("ParseCondition(也许) error = %v", err)
	}
}

func TestFormatNumber(t *testing.T) {
	cases := []struct {
		v    float64
		dec  int
		want string
	}{
		{95, 1, "95.0"},
		{95.46, 1, "95.5"},
		{63.456, 2, "63.46"},
		{0.7, 2, "0.70"},
		{0.7, -1, "0.70"},
		{0.05, -1, "0.05"},
		{100, -1, "100"},
		{100, 0, "100"},
		{2, -1, "2"},
		{1234.5, -1, "1234.5"},
		{0, -1, "0"},
		{-3.5, 1, "-3.5"},
		{-0.04, 1, "0.0"},
		{-0.00001, -1, "0"},
		{1.23456, -1, "1.2346"},
	}
	for _, tc := range cases {
		if got := catalog.FormatNumber(tc.v, tc.dec); got != tc.want {
			t.Errorf("FormatNumber(%v, %d) = %q, want %q", tc.v, tc.dec, got, tc.want)
		}
	}
	v := catalog.Value{Num: 95, IsNum: true}
	if got := v.Format("%", 1); got != "95.0%" {
		t.Errorf("Value.Format = %q", got)
	}
	if got := (catalog.Value{State: "未发生"}).Format("", 1); got != "未发生" {
		t.Errorf("Value.Format(state) = %q", got)
	}
}

// TestTargetFormat covers every target shape of the seed catalog.
func TestTargetFormat(t *testing.T) {
	c := loadSeed(t)
	cases := []struct {
		code, format, str string
		kind              catalog.TargetKind
	}{
		{"2", "≥20%", "≥20", catalog.Numeric},            // comparator and percent
		{"14", "100%", "100", catalog.Numeric},           // a bare number (=)
		{"11", "≥55%，且不降低", "≥55，且不降低", catalog.Numeric}, // no decline
		{"21", "≤0.70吨标煤/万元，且能源消耗总量不超过控制目标值", "≤0.70，且能源消耗总量不超过控制目标值", catalog.Numeric}, // condition, two decimals
		{"22", "≤50立方米/万元，且用水总量不超过控制目标值", "≤50，且用水总量不超过控制目标值", catalog.Numeric},
		{"23", "≥80万元/亩", "≥80", catalog.Numeric},
		{"1", "制定实施", "制定实施", catalog.State},
		{"16", "未发生", "未发生", catalog.State},
		{"20", "编制", "编制", catalog.State}, // a state ignores the (disputed) unit
		{"9.1", pend, pend, catalog.Pending},
	}
	seen := map[catalog.TargetKind]bool{}
	for _, tc := range cases {
		ind, _ := c.Indicator(tc.code)
		tg := ind.Target
		if got := tg.Format(ind.MeasureUnit); got != tc.format {
			t.Errorf("%s: Format = %q, want %q", tc.code, got, tc.format)
		}
		if got := tg.String(); got != tc.str {
			t.Errorf("%s: String = %q, want %q", tc.code, got, tc.str)
		}
		if tg.Kind() != tc.kind {
			t.Errorf("%s: Kind = %v, want %v", tc.code, tg.Kind(), tc.kind)
		}
		seen[tc.kind] = true
	}
	// Every target in the catalog formats to something and has one of the kinds.
	for _, ind := range c.Leaves() {
		if ind.Target.Format(ind.MeasureUnit) == "" {
			t.Errorf("%s: empty target", ind.Code)
		}
		if ind.Target.Kind() == catalog.State && len(ind.Target.States()) != 2 {
			t.Errorf("%s: States = %v", ind.Code, ind.Target.States())
		}
	}
	var nilTarget *catalog.Target
	if nilTarget.Format("%") != "" {
		t.Errorf("nil target formats to %q", nilTarget.Format("%"))
	}
	// Meets: the comparator and threshold alone.
	ge80 := seedIndicator(t, "37").Target
	le70 := seedIndicator(t, "21").Target
	eq100 := seedIndicator(t, "14").Target
	for _, m := range []struct {
		t    *catalog.Target
		v    float64
		want bool
	}{{ge80, 80, true}, {ge80, 79.99, false}, {le70, 0.70, true}, {le70, 0.71, false}, {eq100, 100, true}, {eq100, 99.9, false}} {
		if got := m.t.Meets(m.v); got != m.want {
			t.Errorf("%s Meets(%v) = %v", m.t, m.v, got)
		}
	}
}

func TestParseTarget(t *testing.T) {
	ok := []struct {
		s   string
		op  catalog.Comparator
		v   float64
		str string
	}{
		{"≥80", catalog.GE, 80, "≥80"},
		{">=80", catalog.GE, 80, "≥80"},
		{"＞＝８０", catalog.GE, 80, "≥80"},
		{"≥ 2.0%", catalog.GE, 2, "≥2"},
		{"≤0.70", catalog.LE, 0.7, "≤0.70"},
		{"<=50", catalog.LE, 50, "≤50"},
		{"100", catalog.EQ, 100, "100"},
		{"=100", catalog.EQ, 100, "100"},
		{">0", catalog.GT, 0, ">0"},
		{"≥-1.5", catalog.GE, -1.5, "≥-1.5"},
	}
	for _, tc := range ok {
		tg, err := catalog.ParseTarget(tc.s)
		if err != nil {
			t.Errorf("ParseTarget(%q): %v", tc.s, err)
			continue
		}
		if tg.Op != tc.op || tg.Value == nil || *tg.Value != tc.v || tg.String() != tc.str || tg.Kind() != catalog.Numeric {
			t.Errorf("ParseTarget(%q) = %+v (%s)", tc.s, tg, tg)
		}
	}
	for _, s := range []string{"", "  ", "制定实施", "≥abc", "≥"} {
		if _, err := catalog.ParseTarget(s); err == nil || !strings.Contains(err.Error(), "目标值") {
			t.Errorf("ParseTarget(%q) error = %v", s, err)
		}
	}
}

// FuzzParseValue feeds arbitrary text to the value parser: it must never
// panic; an accepted number is finite and in the indicator's range, and a
// comma survives only as a thousands separator. Run:
// go test ./app/catalog -run '^$' -fuzz FuzzParseValue -fuzztime 60s
func FuzzParseValue(f *testing.F) {
	c, err := catalog.Parse(seeds.CatalogFile, seeds.Catalog)
	if err != nil {
		f.Fatal(err)
	}
	codes := []string{"29", "21", "22", "9.1", "1", "13.2"}
	for _, raw := range []string{"95", "95%", "９５", "9,5", "0,55", "1.234,5", "1,234", "1,234.5", "≥95", "1e3", "-0", "32.9立方米/万元", "制定实施"} {
		for i := range codes {
			f.Add(i, raw)
		}
	}
	f.Fuzz(func(t *testing.T, which int, raw string) {
		if which < 0 {
			which = -which
		}
		ind, ok := c.Indicator(codes[which%len(codes)])
		if !ok {
			t.Fatal("seed indicator missing")
		}
		v, _, err := catalog.ParseValue(ind, raw)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("an error without a message")
			}
			return
		}
		if !v.IsNum {
			if v.State == "" {
				t.Fatalf("ParseValue(%q) accepted an empty state", raw)
			}
			return
		}
		lo, hi := ind.ValueRange()
		if math.IsNaN(v.Num) || math.IsInf(v.Num, 0) || v.Num < lo || v.Num > hi {
			t.Fatalf("ParseValue(%q) = %v, outside %v..%v", raw, v.Num, lo, hi)
		}
		if s := catalog.NormalizeWidth(raw); strings.Contains(s, ",") && !thousands.MatchString(strings.TrimSpace(numberPart(s))) {
			t.Fatalf("ParseValue(%q) = %v: a comma that is not a thousands separator was accepted", raw, v.Num)
		}
	})
}

var thousands = regexp.MustCompile(`[1-9][0-9]{0,2}(?:,[0-9]{3})+(?:\.[0-9]+)?`)

// numberPart keeps the digits, signs, dots and commas of a text.
func numberPart(s string) string {
	return strings.Map(func(r rune) rune {
		if (r >= '0' && r <= '9') || r == ',' || r == '.' {
			return r
		}
		return -1
	}, s)
}

func TestImplausible(t *testing.T) {
	ind := seedIndicator(t, "21") // 吨标煤/万元
	num := func(n float64) catalog.Value { return catalog.Value{Num: n, IsNum: true} }
	key := func(y int) catalog.ValueKey { return catalog.ValueKey{Code: "21", Year: y, Field: catalog.FieldValue} }
	cases := []struct {
		name string
		v    float64
		refs catalog.ValueSet
		want []string // fragments; nil: plausible
	}{
		{"previous year 0.55, now 55", 55, catalog.ValueSet{key(2015): num(0.55)}, []string{"指标 21", "2016年的值 55", "2015年的值 0.55", "相差约 100 倍"}},
		{"next year", 0.05, catalog.ValueSet{key(2017): num(0.5)}, []string{"2017年的值 0.5", "相差约 10 倍"}},
		{"replaced value", 4.6, catalog.ValueSet{key(2016): num(0.46)}, []string{"原有的值 0.46"}},
		{"a real change", 0.5, catalog.ValueSet{key(2015): num(0.55), key(2017): num(0.2)}, nil},
		{"just under ten times", 0.549, catalog.ValueSet{key(2015): num(0.0550)}, nil},
		{"zero before", 5, catalog.ValueSet{key(2015): num(0)}, nil},
		{"no neighbours", 55, catalog.ValueSet{catalog.ValueKey{Code: "21", Year: 2014, Field: catalog.FieldValue}: num(0.55)}, nil},
		{"condition field ignored", 55, catalog.ValueSet{catalog.ValueKey{Code: "21", Year: 2015, Field: catalog.FieldCondition}: num(0.55)}, nil},
	}
	for _, c := range cases {
		got := catalog.Implausible(ind, 2016, num(c.v), c.refs)
		if c.want == nil {
			if got != "" {
				t.Errorf("%s: %q, want plausible", c.name, got)
			}
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: %q does not contain %q", c.name, got, w)
			}
		}
	}
}

// TestValueMessagesQuoteInput: messages quote what was typed with Chinese
// quotes, invisible characters escaped.
func TestValueMessagesQuoteInput(t *testing.T) {
	for in, want := range map[string]string{"九十五": "“九十五”", "95\u00a0": `“95\u00a0”`, `a"b`: `“a\"b”`} {
		if got := catalog.QuoteInput(in); got != want {
			t.Errorf("QuoteInput(%q) = %s, want %s", in, got, want)
		}
	}
	c := loadSeed(t)
	ind, _ := c.Indicator("2")
	if _, _, err := catalog.ParseValue(ind, "九十五"); err == nil || !strings.Contains(err.Error(), "的值“九十五”不是数字") {
		t.Errorf("ParseValue(九十五): %v", err)
	}
}
