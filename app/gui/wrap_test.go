package gui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// cjkWidth measures CJK characters 1 wide and the others 0.5.
func cjkWidth(s string) float32 {
	var w float32
	for _, r := range s {
		if r < 0x2E80 {
			w += 0.5
		} else {
			w++
		}
	}
	return w
}

func TestBreakLines(t *testing.T) {
	for _, tc := range []struct {
		text string
		max  float32
		want []string
	}{
		// 。 would start the second line: 率 goes down with it.
		{"生态文明建设。本区达标", 6, []string{"生态文明建", "设。本区达标"}},
		{"一二三四，五六", 4, []string{"一二三", "四，五六"}},
		// （ may not end a line.
		{"一二三（四）五六", 4, []string{"一二三", "（四）五", "六"}},
		// 2017 and 65.2% stay whole; the space at the break goes.
		{"达到 65.2% 以上", 4, []string{"达到", "65.2% 以", "上"}},
		{"年度2017年", 3, []string{"年度", "2017年"}},
		// Forced cut in a long word, not before closing punctuation.
		{"abcdefgh。", 2, []string{"abcd", "efg", "h。"}},
		{"第一行\n第二行", 10, []string{"第一行", "第二行"}},
		// The dash of a date range does not start a line.
		{"完成2015年—2017年的", 5, []string{"完成", "2015年—", "2017年的"}},
		{"2018年6月—2018年8月", 5, []string{"2018年", "6月—2018年", "8月"}},
	} {
		got := breakLines(tc.text, tc.max, cjkWidth)
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("breakLines(%q, %v) = %q, want %q", tc.text, tc.max, got, tc.want)
		}
	}
}

// newThemedApp is a test app with the window's own theme, so text is
// measured with the bundled Chinese font whatever fonts the machine has.
func newThemedApp(t testing.TB) {
	test.NewTempApp(t).Settings().SetTheme(NewTheme())
}

// rows are the lines a label shows, as drawn.
func rows(o fyne.CanvasObject) []string {
	var out []string
	walkPositions(o, fyne.NewPos(0, 0), func(o fyne.CanvasObject, _ fyne.Position) {
		if t, ok := o.(*canvas.Text); ok && t.Text != "" {
			out = append(out, t.Text)
		}
	})
	return out
}

// kinsokuFaults lists the drawn lines that start with closing or end with
// opening punctuation.
func kinsokuFaults(lines []string) []string {
	var bad []string
	for _, l := range lines {
		rs := []rune(strings.TrimSpace(l))
		if len(rs) == 0 {
			continue
		}
		if strings.ContainsRune("。，、；：！？）》」』", rs[0]) || strings.ContainsRune("（《「『", rs[len(rs)-1]) {
			bad = append(bad, l)
		}
	}
	return bad
}

// TestWrapLabelKinsoku: at every width, no line of a wrapLabel starts with
// closing punctuation or ends with opening punctuation, none is wider than
// the label, and no character is lost; Fyne's own label does break there.
func TestWrapLabelKinsoku(t *testing.T) {
	newThemedApp(t)
	text := "本区生态文明建设规划（2016—2020年）已由区人大常委会审议通过，并于2017年3月印发实施。各镇街、园区按照《规划》要求，分解落实年度任务；区创建办每季度调度一次，对未达标的指标逐项提出整改意见：限期整改、跟踪督办！"
	w := test.NewWindow(nil)
	defer w.Close()
	plainFaults := 0
	for width := float32(120); width <= 700; width += 9 {
		ours := newWrapLabel(text)
		plain := widget.NewLabel(text)
		plain.Wrapping = fyne.TextWrapWord
		w.SetContent(container.NewVBox(ours, plain))
		w.Resize(fyne.NewSize(width, 900))
		got := rows(ours)
		if bad := kinsokuFaults(got); len(bad) > 0 {
			t.Errorf("width %v: lines %q", width, bad)
		}
		if strings.Join(got, "") != text {
			t.Errorf("width %v: the lines do not add up to the text: %q", width, got)
		}
		if ours.Text != text {
			t.Errorf("Text = %q, want the text as set", ours.Text)
		}
		for _, l := range got {
			if fyne.MeasureText(l, ours.Theme().Size("text"), ours.TextStyle).Width > ours.Size().Width {
				t.Errorf("width %v: line %q is wider than the label", width, l)
			}
		}
		plainFaults += len(kinsokuFaults(rows(plain)))
	}
	if plainFaults == 0 {
		t.Error("Fyne's label never broke badly: the test text does not test anything")
	}
}

// TestWrapLabelFollowsWidth: the lines change when the window is resized
// and when the text is set again.
func TestWrapLabelFollowsWidth(t *testing.T) {
	newThemedApp(t)
	l := newWrapLabel("生态文明建设工作占党政实绩考核的比例达到百分之二十以上，已连续三年达标。")
	w := test.NewWindow(container.NewVBox(l))
	defer w.Close()
	w.Resize(fyne.NewSize(800, 300))
	wide := len(rows(l))
	w.Resize(fyne.NewSize(200, 300))
	narrow := len(rows(l))
	if wide != 1 || narrow < 3 {
		t.Errorf("lines at 800 and 200 px: %d and %d", wide, narrow)
	}
	if l.MinSize().Height <= widget.NewLabel("一").MinSize().Height*2 {
		t.Errorf("the height (%v) does not follow the lines", l.MinSize().Height)
	}
	l.SetText("短句。")
	if r := rows(l); len(r) != 1 || r[0] != "短句。" {
		t.Errorf("after SetText: %q", r)
	}
}

// BenchmarkWrapLabelResize: breaking a 600-character paragraph for a new
// width, as on every resize of the window (Fyne's own wrapping included).
func BenchmarkWrapLabelResize(b *testing.B) {
	newThemedApp(b)
	text := strings.Repeat("本区生态文明建设规划（2016—2020年）已由区人大常委会审议通过，并于2017年3月印发实施。", 12)
	l := newWrapLabel(text)
	w := test.NewWindow(container.NewVBox(l))
	defer w.Close()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		w.Resize(fyne.NewSize(float32(400+i%2*40), 2000))
	}
}

// BenchmarkPlainLabelResize is the same with Fyne's label, for comparison.
func BenchmarkPlainLabelResize(b *testing.B) {
	newThemedApp(b)
	text := strings.Repeat("本区生态文明建设规划（2016—2020年）已由区人大常委会审议通过，并于2017年3月印发实施。", 12)
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	w := test.NewWindow(container.NewVBox(l))
	defer w.Close()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		w.Resize(fyne.NewSize(float32(400+i%2*40), 2000))
	}
}
