package pkg

import (
	"fmt"

	"ecoreport/app/catalog"
	"ecoreport/app/evidence"
	"ecoreport/report/layout"
)

// figureWidth is the printed width of an evidence picture, in mm.
const figureWidth = 110

// loadFigures reads the evidence pictures marked "用于报告".
func (b *builder) loadFigures() error {
	if b.figures != nil {
		return nil
	}
	figs, err := evidence.Figures(b.st)
	if err != nil {
		return fmt.Errorf("读取报告插图：%w", err)
	}
	b.figures = map[string][]evidence.Figure{}
	for _, f := range figs {
		top := topCode(f.Indicator)
		b.figures[top] = append(b.figures[top], f)
	}
	return nil
}

// figureBlocks places an indicator's pictures, numbered by the engine in one
// sequence with the charts: "图3　海陵区河道河长公示牌".
func (b *builder) figureBlocks(ind *catalog.Indicator) ([]layout.Block, error) {
	var out []layout.Block
	for _, f := range b.figures[ind.Code] {
		data, err := evidence.Bytes(b.st, f.SHA256)
		if err != nil {
			return nil, fmt.Errorf("报告插图「%s」：%w", f.Name, err)
		}
		typ := "PNG"
		if f.Mime == evidence.MimeJPEG {
			typ = "JPG"
		}
		out = append(out, &layout.Image{Data: data, Type: typ, Width: figureWidth,
			Caption: f.Caption, Numbered: true})
	}
	return out, nil
}
