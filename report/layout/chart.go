package layout

import (
	"math"
	"strconv"

	"codeberg.org/go-pdf/fpdf"
)

// ChartKind selects the chart type.
type ChartKind int

const (
	BarChart ChartKind = iota
	LineChart
)

// Value is a data point; OK false means the value is missing, which the
// chart prints as "缺数据" instead of a zero.
type Value struct {
	V  float64
	OK bool
}

// V returns a present value.
func V(x float64) Value { return Value{V: x, OK: true} }

// Missing is a missing value.
var Missing = Value{}

// Series is a named row of values, one per category.
type Series struct {
	Name   string
	Values []Value
}

// Chart is a vector bar or line chart of a few categories (years), drawn
// in black, white and greys so that it prints on any printer. A target is
// drawn as a dashed horizontal line.
type Chart struct {
	Kind    ChartKind
	Caption string // below the chart, e.g. "图1　森林覆盖率"
	// Numbered puts "图N　" before the caption (see CaptionNumbering).
	Numbered   bool
	Categories []string
	Series     []Series
	Target     Value  // OK: draw the target line
	TargetText string // default "目标值"
	// TargetLabel is printed over the plot for the target line, e.g.
	// "目标值 ≤0.70"; default TargetText："formatted value".
	TargetLabel string
	Unit        string // measure unit shown over the value axis, e.g. "%"
	// Format formats values; default: shortest decimal form.
	Format func(float64) string
	Width  float64 // mm; default 80% of the text width
	Height float64 // mm; default 70
}

var barFills = []struct {
	fill  float64
	hatch bool
	cross bool
}{{0.45, false, false}, {1, true, false}, {0.82, false, false}, {1, true, true}, {0.2, false, false}}

var lineDashes = [][]float64{nil, {2, 1}, {0.6, 0.9}, {3, 1, 0.6, 1}}

func (l *layouter) label(text string, x, y float64, align Align, size float64, face Face, gray float64) float64 {
	gs := l.glyphsFor(l.sec, []Run{{Text: text}}, TextStyle{Face: face, Size: size})
	w := width(gs)
	switch align {
	case AlignCenter:
		x -= w / 2
	case AlignRight:
		x -= w
	}
	l.emit(&textOp{x: x, y: y, gs: gs, gray: gray})
	return w
}

func (l *layouter) chart(c *Chart) {
	W := c.Width
	if W == 0 || W > l.sec.w {
		W = math.Min(l.sec.w, 150)
	}
	H, capH := chartSize(l, c)
	capSt := l.sec.theme.Caption
	l.space(3)
	l.ensure(H + capH)
	format := c.Format
	if format == nil {
		format = func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	}
	x0 := l.sec.left + (l.sec.w-W)/2
	y0 := l.y
	const fs = 8.0 // label size, points
	em := fs * ptmm
	plotL, plotR := x0+14, x0+W-4
	plotT, plotB := y0+9, y0+H-16
	// Value range.
	lo, hi := 0.0, 0.0
	any := false
	for _, s := range c.Series {
		for _, v := range s.Values {
			if v.OK {
				lo, hi = math.Min(lo, v.V), math.Max(hi, v.V)
				any = true
			}
		}
	}
	if c.Target.OK {
		lo, hi = math.Min(lo, c.Target.V), math.Max(hi, c.Target.V)
	}
	if !any && !c.Target.OK || hi == lo {
		hi = lo + 1
	}
	step := niceStep((hi - lo) / 5)
	lo = math.Floor(lo/step) * step
	top := hi
	hi = math.Ceil(hi*1.08/step) * step
	if c.Unit == "%" && top <= 100 && hi > 100 {
		hi = 100 // a share stops at 100%; the value labels keep clear of the unit line above
	}
	yOf := func(v float64) float64 { return plotB - (v-lo)/(hi-lo)*(plotB-plotT) }
	// Grid and value axis.
	for v := lo; v <= hi+step/2; v += step {
		y := yOf(v)
		if math.Abs(v-lo) > step/2 {
			l.emit(&lineSegOp{x1: plotL, y1: y, x2: plotR, y2: y, width: 0.15, gray: 0.75})
		}
		l.emit(&lineSegOp{x1: plotL - 1, y1: y, x2: plotL, y2: y, width: 0.25})
		// Ticks as precise as their step (80, not 80.00), whatever the
		// values' decimals.
		l.label(strconv.FormatFloat(roundTo(v, step), 'f', -1, 64), plotL-1.8, y+em*0.33, AlignRight, fs, FaceSong, 0)
	}
	l.emit(&lineSegOp{x1: plotL, y1: plotT - 2, x2: plotL, y2: plotB, width: 0.3})
	l.emit(&lineSegOp{x1: plotL, y1: plotB, x2: plotR, y2: plotB, width: 0.3})
	if c.Unit != "" {
		l.label("单位："+c.Unit, plotL-1.8, y0+4, AlignLeft, fs, FaceSong, 0)
	}
	n := len(c.Categories)
	if n == 0 {
		n = 1
	}
	gw := (plotR - plotL) / float64(n)
	for i, cat := range c.Categories {
		l.label(cat, plotL+gw*(float64(i)+0.5), plotB+em+1.5, AlignCenter, fs, FaceSong, 0)
	}
	// clearOfTarget moves a value label whose text the dashed target line
	// would cross (a value just below the target) to just above the line.
	clearOfTarget := func(baseline float64) float64 {
		if !c.Target.OK {
			return baseline
		}
		ty, h := yOf(c.Target.V), fs*0.9*ptmm*0.8 // the label's height above its baseline
		if ty > baseline-h-0.4 && ty < baseline+0.6 {
			return ty - 0.9
		}
		return baseline
	}
	missing := func(x float64) {
		l.label("缺数据", x, plotB-2, AlignCenter, 7, FaceSong, 0.35)
	}
	ns := len(c.Series)
	switch c.Kind {
	case BarChart:
		bw := gw * 0.7 / float64(max(ns, 1))
		if bw > 14 {
			bw = 14
		}
		for si, s := range c.Series {
			style := barFills[si%len(barFills)]
			for i := 0; i < len(c.Categories) && i < len(s.Values); i++ {
				v := s.Values[i]
				cx := plotL + gw*(float64(i)+0.5) + (float64(si)-float64(ns-1)/2)*bw
				if !v.OK {
					// Missing values get a caption, never a zero bar.
					if ns > 1 {
						l.labelVertical("缺数据", cx, plotB-1.5, 6.5)
					} else {
						missing(cx)
					}
					continue
				}
				y1, y2 := yOf(math.Max(v.V, 0)), yOf(math.Min(v.V, 0))
				bx := cx - bw/2 + 0.3
				w := bw - 0.6
				if style.fill < 1 {
					l.emit(&rectOp{x: bx, y: y1, w: w, h: y2 - y1, fill: style.fill})
				}
				if style.hatch {
					l.emit(&hatchOp{x: bx, y: y1, w: w, h: y2 - y1, step: 1.3, cross: style.cross})
				}
				l.emit(&rectOp{x: bx, y: y1, w: w, h: y2 - y1, stroke: 0.3})
				l.label(format(v.V), cx, clearOfTarget(y1-1.2), AlignCenter, fs*0.9, FaceSong, 0)
			}
		}
	case LineChart:
		for si, s := range c.Series {
			var pts []fpdf.PointType
			flush := func() {
				if len(pts) > 1 {
					l.emit(&polyOp{pts: pts, width: 0.5, dash: lineDashes[si%len(lineDashes)]})
				}
				pts = nil
			}
			var marks []op
			for i := 0; i < len(c.Categories) && i < len(s.Values); i++ {
				v := s.Values[i]
				cx := plotL + gw*(float64(i)+0.5)
				if !v.OK {
					flush()
					missing(cx + float64(si)*0) // one caption per category is enough
					continue
				}
				y := yOf(v.V)
				pts = append(pts, fpdf.PointType{X: cx, Y: y})
				marks = append(marks, &markerOp{x: cx, y: y, r: 0.9, kind: si})
				l.label(format(v.V), cx, clearOfTarget(y-2), AlignCenter, fs*0.9, FaceSong, 0)
			}
			flush()
			l.cur.ops = append(l.cur.ops, marks...)
		}
	}
	// Target line.
	legendItems := []func(x, y float64) float64{}
	for si, s := range c.Series {
		si, s := si, s
		legendItems = append(legendItems, func(x, y float64) float64 {
			if c.Kind == BarChart {
				st := barFills[si%len(barFills)]
				if st.fill < 1 {
					l.emit(&rectOp{x: x, y: y - 2.6, w: 5, h: 3, fill: st.fill})
				}
				if st.hatch {
					l.emit(&hatchOp{x: x, y: y - 2.6, w: 5, h: 3, step: 1.3, cross: st.cross})
				}
				l.emit(&rectOp{x: x, y: y - 2.6, w: 5, h: 3, stroke: 0.3})
			} else {
				l.emit(&lineSegOp{x1: x, y1: y - 1.1, x2: x + 7, y2: y - 1.1, width: 0.5, dash: lineDashes[si%len(lineDashes)]})
				l.emit(&markerOp{x: x + 3.5, y: y - 1.1, r: 0.9, kind: si})
			}
			return 8 + l.label(s.Name, x+8, y, AlignLeft, fs, FaceSong, 0)
		})
	}
	if c.Target.OK {
		ty := yOf(c.Target.V)
		tt := c.TargetText
		if tt == "" {
			tt = "目标值"
		}
		l.emit(&lineSegOp{x1: plotL, y1: ty, x2: plotR, y2: ty, width: 0.45, dash: []float64{2.2, 1.2}})
		// The value goes over the plot, at the right, level with the unit: on
		// the line itself it would collide with a bar's value label whenever a
		// value is close to the target.
		lbl := c.TargetLabel
		if lbl == "" {
			lbl = tt + "：" + format(c.Target.V)
		}
		l.label(lbl, plotR, y0+4, AlignRight, fs, FaceHei, 0)
		legendItems = append(legendItems, func(x, y float64) float64 {
			l.emit(&lineSegOp{x1: x, y1: y - 1.1, x2: x + 7, y2: y - 1.1, width: 0.45, dash: []float64{2.2, 1.2}})
			return 8 + l.label(tt, x+8, y, AlignLeft, fs, FaceSong, 0)
		})
	}
	// Legend, centred under the plot (measured first, then drawn).
	if len(legendItems) > 0 && (ns > 1 || c.Target.OK || c.Series[0].Name != "") {
		ly := plotB + em + 9
		save := len(l.cur.ops)
		total := 0.0
		for _, it := range legendItems {
			total += it(0, ly) + 5
		}
		l.cur.ops = l.cur.ops[:save]
		x := x0 + (W-total+5)/2
		for _, it := range legendItems {
			x += it(x, ly) + 5
		}
	}
	l.y = y0 + H
	if caption := l.caption(c, c.Caption); caption != "" {
		gs := l.glyphs([]Run{{Text: caption}}, capSt)
		for _, ln := range breakLines(gs, func(int) float64 { return l.sec.w }) {
			l.emit(lineOp(gs, ln, AlignCenter, l.sec.left, l.sec.w, l.y, capH, capSt.Size))
			l.y += capH
		}
	}
	if l.sec.pitch > 0 {
		k := math.Ceil((l.y-l.sec.top)/l.sec.pitch - eps)
		l.y = l.sec.top + k*l.sec.pitch
	}
	l.space(3)
}

// chartSize returns the height of the plot and of the caption line of c.
func chartSize(l *layouter, c *Chart) (h, capH float64) {
	h = c.Height
	if h == 0 {
		h = 70
	}
	if c.Caption != "" {
		st := l.sec.theme.Caption
		capH = st.Leading * st.Size * ptmm
	}
	return h, capH
}

// labelVertical writes text top to bottom, ending at baseline y (for
// "缺数据" in narrow bar slots).
func (l *layouter) labelVertical(text string, x, y, size float64) {
	rs := []rune(text)
	em := size * ptmm
	for i := len(rs) - 1; i >= 0; i-- {
		l.label(string(rs[i]), x, y, AlignCenter, size, FaceSong, 0.35)
		y -= em * 1.05
	}
}

func niceStep(raw float64) float64 {
	if raw <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if raw <= m*p {
			return m * p
		}
	}
	return 10 * p
}

func roundTo(v, step float64) float64 {
	d := math.Max(0, -math.Floor(math.Log10(step))+1)
	p := math.Pow(10, d)
	return math.Round(v*p) / p
}
