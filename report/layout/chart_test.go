package layout

import (
	"strconv"
	"testing"
)

// TestChartLabelsClearOfTarget: a value label is never crossed by the
// dashed target line, however close the value is to the target, in bar and
// line charts.
func TestChartLabelsClearOfTarget(t *testing.T) {
	years := []string{"2015年", "2016年", "2017年"}
	crossed := 0
	for _, kind := range []ChartKind{BarChart, LineChart} {
		for _, target := range []float64{90, 92, 95, 96, 100} {
			doc := NewDocument(Options{})
			doc.Add(&Chart{Kind: kind, Categories: years, Unit: "%", Target: V(target),
				Series: []Series{{Name: "值", Values: []Value{V(89.5), V(93.5), V(97.9)}}}})
			laid, err := doc.Lay()
			if err != nil {
				t.Fatal(err)
			}
			var ty []float64
			var labels []*textOp
			for _, o := range laid.l.pages[0].ops {
				switch o := o.(type) {
				case *lineSegOp:
					if o.dash != nil && o.y1 == o.y2 && o.width > 0.4 && o.x2-o.x1 > 50 { // not the legend's sample
						ty = append(ty, o.y1)
					}
				case *textOp:
					s := ""
					for _, g := range o.gs {
						s += string(g.r)
					}
					if _, err := strconv.ParseFloat(s, 64); err == nil && len(o.gs) > 0 && o.gs[0].size < 8 {
						labels = append(labels, o)
					}
				}
			}
			if len(ty) != 1 || len(labels) < 3 {
				t.Fatalf("kind %v target %v: %d target lines, %d value labels", kind, target, len(ty), len(labels))
			}
			for _, lb := range labels {
				h := lb.gs[0].size * ptmm * 0.7
				if ty[0] > lb.y-h && ty[0] < lb.y+0.2 {
					crossed++
					t.Errorf("kind %v target %v: the target line (y %.2f) crosses a value label (baseline %.2f)", kind, target, ty[0], lb.y)
				}
			}
		}
	}
}

// TestChartTicksAsPreciseAsStep: the value axis labels its ticks with the
// digits their step needs (80, 85, 90), not the values' decimals (80.00).
func TestChartTicksAsPreciseAsStep(t *testing.T) {
	doc := NewDocument(Options{})
	doc.Add(&Chart{Kind: BarChart, Categories: []string{"2015年", "2016年", "2017年"},
		Format: func(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) },
		Series: []Series{{Name: "EI", Values: []Value{V(63.12), V(62.87), V(63.45)}}}})
	laid, err := doc.Lay()
	if err != nil {
		t.Fatal(err)
	}
	ticks := 0
	for _, o := range laid.l.pages[0].ops {
		if o, ok := o.(*textOp); ok {
			s := ""
			for _, g := range o.gs {
				s += string(g.r)
			}
			if v, err := strconv.ParseFloat(s, 64); err == nil && v == float64(int(v)) {
				ticks++
				if s != strconv.Itoa(int(v)) {
					t.Errorf("tick label %q", s)
				}
			}
		}
	}
	if ticks < 3 {
		t.Errorf("%d whole-number tick labels", ticks)
	}
}

// TestPercentAxisStopsAt100: a chart of shares no larger than 100% has its
// value axis end at 100, not 120.
func TestPercentAxisStopsAt100(t *testing.T) {
	for _, unit := range []string{"%", "万元/亩"} {
		doc := NewDocument(Options{})
		doc.Add(&Chart{Kind: BarChart, Categories: []string{"2015年", "2016年", "2017年"}, Unit: unit, Target: V(90),
			Series: []Series{{Name: "值", Values: []Value{V(89.5), V(93.5), V(97.9)}}}})
		laid, err := doc.Lay()
		if err != nil {
			t.Fatal(err)
		}
		top := 0.0
		for _, o := range laid.l.pages[0].ops {
			if o, ok := o.(*textOp); ok {
				s := ""
				for _, g := range o.gs {
					s += string(g.r)
				}
				if v, err := strconv.ParseFloat(s, 64); err == nil && v == float64(int(v)) && v > top {
					top = v
				}
			}
		}
		if want := map[string]float64{"%": 100, "万元/亩": 120}[unit]; top != want {
			t.Errorf("unit %s: axis ends at %v, want %v", unit, top, want)
		}
	}
}
