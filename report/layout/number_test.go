package layout

import (
	"bytes"
	"image"
	"image/png"
	"strings"
	"testing"
)

// tinyPNG is a 4×3 grey PNG.
func tinyPNG(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 4, 3))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestCaptionNumbers(t *testing.T) {
	build := func(mode CaptionNumbering) []string {
		doc := NewDocument(Options{CaptionNumbers: mode})
		tab := func(c string, numbered bool) *Table {
			return &Table{Caption: c, Numbered: numbered, Columns: []Column{{Title: "甲"}}, Rows: [][]Cell{Row("一")}}
		}
		chart := func(c string) *Chart {
			return &Chart{Caption: c, Numbered: true, Categories: []string{"2016年"}, Series: []Series{{Values: []Value{V(1)}}}}
		}
		photo := func(c string, numbered bool) *Image {
			return &Image{Data: tinyPNG(t), Type: "PNG", Width: 20, Caption: c, Numbered: numbered}
		}
		doc.Add(H(1, "概况"), tab("统计", true), tab("说明（不编号）", false), chart("趋势"),
			H(1, "完成情况"), tab("指标1", true), chart("指标1"), photo("河长公示牌", true),
			photo("说明照片（不编号）", false), chart("指标2"), tab("指标2", true))
		var caps []string
		for _, lines := range pageLines(t, doc) {
			for _, ln := range lines {
				if strings.HasPrefix(ln, "表") || strings.HasPrefix(ln, "图") || strings.HasPrefix(ln, "说明") {
					caps = append(caps, ln)
				}
			}
		}
		return caps
	}
	got := strings.Join(build(CaptionsByDocument), "|")
	want := "表1　统计|说明（不编号）|图1　趋势|表2　指标1|图2　指标1|图3　河长公示牌|说明照片（不编号）|图4　指标2|表3　指标2"
	if got != want {
		t.Errorf("by document:\n got %s\nwant %s", got, want)
	}
	got = strings.Join(build(CaptionsByChapter), "|")
	want = "表1-1　统计|说明（不编号）|图1-1　趋势|表2-1　指标1|图2-1　指标1|图2-2　河长公示牌|说明照片（不编号）|图2-3　指标2|表2-2　指标2"
	if got != want {
		t.Errorf("by chapter:\n got %s\nwant %s", got, want)
	}
}
