package layout

import (
	"strings"
	"testing"
)

// fakeGlyphs gives CJK characters width 1 and others width 0.5.
func fakeGlyphs(s string) []glyph {
	var gs []glyph
	for _, r := range s {
		w := 0.5
		if isStandalone(r) {
			w = 1
		}
		if r == '\n' {
			w = 0
		}
		gs = append(gs, glyph{r: r, w: w})
	}
	return gs
}

func breakString(s string, width float64) []string {
	gs := fakeGlyphs(s)
	var out []string
	for _, ln := range breakLines(gs, func(int) float64 { return width }) {
		var b strings.Builder
		for _, g := range gs[ln.start:ln.end] {
			b.WriteRune(g.r)
		}
		out = append(out, b.String())
	}
	return out
}

func TestBreakLines(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		width float64
		want  []string
	}{
		{"empty", "", 5, nil},
		{"fits", "生态文明", 5, []string{"生态文明"}},
		{"plain CJK", "一二三四五六七八", 3, []string{"一二三", "四五六", "七八"}},
		{"no comma at line start", "一二三，四五", 3, []string{"一二", "三，四", "五"}},
		{"no full stop at line start", "一二三。", 3, []string{"一二", "三。"}},
		{"closing quote and stop together", "一二三”。四", 3, []string{"一二", "三”。", "四"}},
		{"no opening bracket at line end", "一二（三）", 3, []string{"一二", "（三）"}},
		{"opening quote", "一二“三”", 3, []string{"一二", "“三”"}},
		{"book title mark", "一二《三》四", 3, []string{"一二", "《三》", "四"}},
		{"number stays whole", "达到2017年", 3, []string{"达到", "2017年"}},
		{"percent stays with number", "比例65.2%以上", 4, []string{"比例", "65.2%以", "上"}},
		{"greater-equal with number", "目标≥80%达标", 3, []string{"目标", "≥80%达", "标"}},
		{"decimal", "不超过0.70吨", 2.5, []string{"不超", "过", "0.70", "吨"}},
		{"roman numeral word", "达到III类水", 3, []string{"达到", "III类", "水"}},
		{"ascii comma not at start", "一二三,四", 3, []string{"一二", "三,四"}},
		{"latin words break at spaces", "ab cd ef", 2, []string{"ab", "cd", "ef"}},
		{"long latin word is split", "abcdefghij", 2, []string{"abcd", "efgh", "ij"}},
		{"ellipsis pair not split", "一二……", 3, []string{"一", "二……"}},
		{"unbreakable word then punctuation hangs", "abcdef，。x", 3, []string{"abcdef，。", "x"}},
		{"hard line break", "一二\n三", 5, []string{"一二", "三"}},
		{"percent fullwidth", "一二三％", 3, []string{"一二", "三％"}},
		{"range whole when the line stays full", "一二三四五六七八九2015—2017年", 10, []string{"一二三四五六七八九", "2015—2017年"}},
		{"range not split after the dash in ragged text", "达到2015—2017年", 6, []string{"达到", "2015—2017年"}},
		{"range never split before the dash", "一二三四2015—2017年", 6, []string{"一二三四", "2015—2017年"}},
		{"range in brackets", "一二三四五六七（2016—2020）", 7, []string{"一二三四五六七", "（2016—2020）"}},
		{"range in brackets after a short line", "一二（2016—2020）", 7, []string{"一二", "（2016—2020）"}},
		{"range with en dash", "一二三四五六2015–2017年", 6, []string{"一二三四五六", "2015–2017年"}},
		{"range with fullwidth tilde", "一二三四五六2016～2020年", 6, []string{"一二三四五六", "2016～2020年"}},
		{"dash after text still breaks", "一二三——四", 4, []string{"一二三", "——四"}},
		{"note mark stays whole", "区政府办［注1］", 6.2, []string{"区政府办", "［注1］"}},
		{"month stays with its number", "一二三四6月", 4.6, []string{"一二三四", "6月"}},
		{"no line starts with a range dash", "二〇一八年6月—8月", 7.2, []string{"二〇一八年", "6月—8月"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := breakString(tc.in, tc.width)
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("breakLines(%q, %v) = %q, want %q", tc.in, tc.width, got, tc.want)
			}
		})
	}
}

// TestBreakJustifiedRanges: in justified text a number range breaks after
// its dash rather than leave a line loose (shorter than looseFill), never
// before it; when the line stays full enough it stays whole.
func TestBreakJustifiedRanges(t *testing.T) {
	for _, tc := range []struct {
		in    string
		width float64
		want  []string
	}{
		{"达到2015—2017年", 6, []string{"达到2015—", "2017年"}},
		{"一二（2016—2020）", 7, []string{"一二（2016—", "2020）"}},
		{"一二三四五六七八九2015—2017年", 10, []string{"一二三四五六七八九", "2015—2017年"}},
		{"一二三四2015—2017年", 6, []string{"一二三四", "2015—2017年"}},
	} {
		gs := fakeGlyphs(tc.in)
		var got []string
		for _, ln := range breakJustified(gs, func(int) float64 { return tc.width }, AlignJustify) {
			var b strings.Builder
			for _, g := range gs[ln.start:ln.end] {
				b.WriteRune(g.r)
			}
			got = append(got, b.String())
		}
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("breakJustified(%q, %v) = %q, want %q", tc.in, tc.width, got, tc.want)
		}
	}
}

// TestBreakKeepsEveryCharacter checks on long text that lines concatenate
// back to the input (minus spaces at breaks) and obey kinsoku.
func TestBreakKeepsEveryCharacter(t *testing.T) {
	for seed := int64(0); seed < 20; seed++ {
		in := chineseText(seed, 800)
		for _, w := range []float64{7, 13, 28} {
			lines := breakString(in, w)
			if got := strings.Join(lines, ""); got != strings.ReplaceAll(in, " ", "") && got != in {
				t.Fatalf("seed %d width %v: characters lost or reordered", seed, w)
			}
			for i, ln := range lines {
				rs := []rune(ln)
				if i > 0 && noStart[rs[0]] {
					t.Errorf("seed %d width %v: line %d starts with %q: %q", seed, w, i, rs[0], ln)
				}
				if i < len(lines)-1 && noEnd[rs[len(rs)-1]] {
					t.Errorf("seed %d width %v: line %d ends with %q: %q", seed, w, i, rs[len(rs)-1], ln)
				}
			}
		}
	}
}

func TestChineseNumber(t *testing.T) {
	for n, want := range map[int]string{1: "一", 10: "十", 12: "十二", 20: "二十", 37: "三十七", 100: "一百", 105: "一百零五", 110: "一百一十"} {
		if got := ChineseNumber(n); got != want {
			t.Errorf("ChineseNumber(%d) = %q, want %q", n, got, want)
		}
	}
}
