package layout

import "testing"

func TestLineBreakAllowed(t *testing.T) {
	for _, tc := range []struct {
		a, b rune
		want bool
	}{
		{'率', '达', true},
		{'率', '。', false},
		{'率', '，', false},
		{'（', '2', false},
		{'《', '规', false},
		{'划', '》', false},
		{'2', '0', false}, // inside 2017
		{'%', '，', false}, // 65.2%，
		{'7', '年', false}, // 2017年 stays whole
		{'注', '1', false}, // ［注1］
		{'年', '2', true},
		{'—', '—', false},
		{'…', '…', false},
		{'5', '—', false}, // 2015—2017
		{'—', '2', false},
		{'6', '～', false},
		{'～', '2', false},
		{'年', '—', true},
		{' ', 'a', true},
		{'a', ' ', false},
		{'。', '本', true},
	} {
		if got := LineBreakAllowed(tc.a, tc.b); got != tc.want {
			t.Errorf("LineBreakAllowed(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}
