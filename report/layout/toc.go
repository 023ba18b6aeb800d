package layout

import (
	"bytes"
	"fmt"
	"image"
	_ "image/jpeg" // image sizes
	_ "image/png"
	"math"
	"strings"
)

// toc lays out the table of contents: one entry per heading (up to
// MaxLevel), indented by level, with dot leaders, the printed page number
// (from the previous layout pass) and a link to the heading.
func (l *layouter) toc(t *TOC) {
	th := l.sec.theme
	title := t.Title
	if title == "" {
		title = "目  录"
	}
	maxLv := t.MaxLevel
	if maxLv == 0 {
		maxLv = 2
	}
	l.emit(&bookmarkOp{title: strings.ReplaceAll(title, " ", ""), level: 0, y: l.y, head: -1})
	ts := th.Headings[0].TextStyle
	ts.Align, ts.Indent, ts.SpaceBefore = AlignCenter, 0, 0
	ts.SpaceAfter = math.Max(ts.SpaceAfter, 4)
	l.paragraph([]Run{{Text: title}}, ts)

	st := th.TOCEntry
	st.Indent = 0
	em := st.Size * ptmm
	lh := l.snap(st.Leading * em)
	numW := 3 * em // room for the page number
	for i, h := range l.heads {
		if !h.toc || h.level > maxLv {
			continue
		}
		est := st
		if h.level == 1 {
			est.Face = th.Headings[0].Face
		}
		ind := float64(h.level-1) * 2 * em
		gs := l.glyphs([]Run{{Text: h.label}}, est)
		avail := l.sec.w - ind - numW - em
		lines := breakLines(gs, func(int) float64 { return avail })
		num := "0"
		if i < len(l.prev) {
			num = l.prev[i]
		}
		ngs := l.glyphs([]Run{{Text: num}}, st)
		l.ensure(float64(len(lines)) * lh)
		top := l.y
		for j, ln := range lines {
			x := l.sec.left + ind
			if j > 0 {
				x += em // hanging indent for continuation lines
			}
			l.emit(lineOp(gs, ln, AlignLeft, x, avail, l.y, lh, est.Size))
			if j == len(lines)-1 {
				base := baseline(l.y, lh, st.Size)
				nx := l.sec.left + l.sec.w - width(ngs)
				x1 := x + ln.width + em*0.4
				x2 := nx - em*0.4
				if x2 > x1 {
					// Dot leaders: a dotted line with round caps.
					l.emit(&lineSegOp{x1: x1, y1: base - 0.3, x2: x2, y2: base - 0.3, width: 0.35, dash: []float64{0, 1.4}, round: true})
				}
				l.emit(&textOp{x: nx, y: base, gs: ngs})
			}
			l.y += lh
		}
		l.emit(&linkOp{x: l.sec.left + ind, y: top, w: l.sec.w - ind, h: l.y - top, head: i})
	}
}

// imageSize returns the printed size of an image in mm.
func (l *layouter) imageSize(im *Image) (w, h float64, err error) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(im.Data))
	if err != nil {
		return 0, 0, fmt.Errorf("图片：%w", err)
	}
	if cfg.Width == 0 || cfg.Height == 0 {
		return 0, 0, fmt.Errorf("图片：尺寸为 0")
	}
	w = im.Width
	if w == 0 || w > l.sec.w {
		w = l.sec.w
	}
	h = w * float64(cfg.Height) / float64(cfg.Width)
	if h > l.sec.h {
		h = l.sec.h
		w = h * float64(cfg.Width) / float64(cfg.Height)
	}
	return w, h, nil
}

// imageHeight is the height of an image and its caption (0 when the image
// cannot be read).
func (l *layouter) imageHeight(im *Image) float64 {
	_, h, err := l.imageSize(im)
	if err != nil {
		return 0
	}
	if im.Caption != "" {
		st := l.sec.theme.Caption
		h += l.spaceHeight(st.SpaceBefore) + l.snap(st.Leading*st.Size*ptmm)
	}
	return h
}

func (l *layouter) image(im *Image) error {
	w, h, err := l.imageSize(im)
	if err != nil {
		return err
	}
	capH := 0.0
	if im.Caption != "" {
		// The caption stays with its image.
		st := l.sec.theme.Caption
		capH = l.spaceHeight(st.SpaceBefore) + l.snap(st.Leading*st.Size*ptmm)
	}
	l.ensure(h + capH)
	name := fmt.Sprintf("img%x", hash(im.Data))
	l.emit(&imageOp{name: name, x: l.sec.left + (l.sec.w-w)/2, y: l.y, w: w, h: h, data: im.Data, typ: im.Type})
	l.y += h
	if im.Caption != "" {
		st := l.sec.theme.Caption
		l.paragraph([]Run{{Text: l.caption(im, im.Caption)}}, st)
	} else {
		l.space(3)
	}
	return nil
}

func hash(b []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range b {
		h ^= uint64(c)
		h *= 1099511628211
	}
	return h
}
