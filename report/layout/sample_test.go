package layout

import (
	"fmt"
	"math/rand"
	"os"
	"strings"
	"testing"
	"time"
)

// chineseText returns deterministic random-ish Chinese prose of about n
// characters, mixing punctuation, numbers, percentages and Latin tokens.
func chineseText(seed int64, n int) string {
	rng := rand.New(rand.NewSource(seed))
	words := []string{"生态文明", "建设", "示范区", "海陵区", "环境质量", "持续改善", "全面推进", "各责任单位", "按照", "要求",
		"落实", "主体责任", "加强", "监督考核", "水环境", "空气质量", "优良天数比例", "森林覆盖率", "城镇污水处理率", "制度",
		"生活垃圾", "无害化处理", "绿色发展", "公众参与", "宣传教育", "的", "和", "在", "对", "了", "以及", "其中", "通过"}
	tokens := []string{"2017", "2015—2017年", "65.2%", "≥80%", "0.70", "III类", "PM2.5", "GDP", "≤0.70", "100%", "COD", "3.5万吨"}
	puncts := []string{"，", "，", "，", "。", "、", "；", "：", "！", "？"}
	var b strings.Builder
	count := 0
	for count < n {
		x := rng.Intn(20)
		if count == 0 {
			x = 0
		}
		switch {
		case x < 13:
			w := words[rng.Intn(len(words))]
			b.WriteString(w)
			count += len([]rune(w))
		case x < 15:
			t := tokens[rng.Intn(len(tokens))]
			b.WriteString(t)
			count += len([]rune(t))
		case x < 16:
			b.WriteString("（" + words[rng.Intn(len(words))] + "）")
			count += 6
		case x < 17:
			b.WriteString("《" + words[rng.Intn(len(words))] + "》")
			count += 6
		case x < 18:
			b.WriteString("“" + words[rng.Intn(len(words))] + "”")
			count += 6
		default:
			p := puncts[rng.Intn(len(puncts))]
			b.WriteString(p)
			count++
		}
	}
	b.WriteString("。")
	return b.String()
}

var years = []string{"2015年", "2016年", "2017年", "2018年"}

// sampleDocument exercises every feature of the engine.
func sampleDocument(watermark string) *Document {
	doc := NewDocument(Options{
		Title: "生态文明建设示范区技术报告（样例）", Author: "创建办", Subject: "版式引擎样例",
		Date: time.Date(2018, 5, 31, 0, 0, 0, 0, time.UTC), Watermark: watermark,
		Page: PageSetup{Plain: true},
	})
	// Cover.
	doc.Add(&Spacer{Height: 55},
		&Title{Text: "海陵区国家生态文明建设示范区", Size: 26},
		&Title{Text: "创建技术报告", Size: 26},
		&Spacer{Height: 90},
		&Paragraph{Runs: []Run{{Text: "泰州市海陵区人民政府"}}, Align: AlignCenter, Size: 16, Face: FaceHei},
		&Paragraph{Runs: []Run{{Text: "二〇一八年五月"}}, Align: AlignCenter, Size: 16, Face: FaceHei})
	// Contents.
	doc.NewSection(PageSetup{Numbers: NumberPlain, RestartNumbering: true})
	doc.Add(&TOC{MaxLevel: 2})
	// Body.
	doc.NewSection(PageSetup{Header: Header{Left: "海陵区国家生态文明建设示范区创建技术报告", Right: "示例", Rule: true},
		Numbers: NumberOfTotal, RestartNumbering: true})
	doc.Add(H(1, "区域概况"), H(2, "自然地理"))
	for i := 0; i < 4; i++ {
		doc.Add(P(chineseText(int64(i), 260)))
	}
	doc.Add(&Paragraph{Runs: []Run{{Text: "加粗强调："}, {Text: "约束性指标全部达标", Bold: true}, {Text: "，参考性指标达标率"}, {Text: "≥80%", Face: FaceHei}, {Text: "。"}}})
	doc.Add(H(2, "社会经济"), P(chineseText(10, 400)))
	doc.Add(H(1, "指标完成情况"), H(2, "汇总表"))
	t := &Table{Caption: "表1 指标完成情况汇总", Zebra: true,
		Columns: []Column{{Title: "序号", Align: AlignCenter}, {Title: "指标名称", MinWidth: 40}, {Title: "单位", Align: AlignCenter},
			{Title: "目标值", Align: AlignCenter}, {Title: "2015年", Align: AlignCenter}, {Title: "2016年", Align: AlignCenter},
			{Title: "2017年", Align: AlignCenter}, {Title: "状态", Align: AlignCenter}},
		Header: [][]Cell{
			{{Text: "序号", RowSpan: 2}, {Text: "指标名称", RowSpan: 2}, {Text: "单位", RowSpan: 2}, {Text: "目标值", RowSpan: 2}, {Text: "完成情况", ColSpan: 3}, {Text: "状态", RowSpan: 2}},
			{{Text: "2015年"}, {Text: "2016年"}, {Text: "2017年"}},
		}}
	for i := 1; i <= 75; i++ {
		name := fmt.Sprintf("指标名称示例%d：%s", i, []string{"森林覆盖率", "集中式饮用水水源地水质优良比例", "生态环境状况指数", "单位地区生产总值能耗"}[i%4])
		status := []string{"达标", "未达标", "缺数据", "目标待定"}[i%4]
		v2017 := fmt.Sprintf("%.1f", 60+float64(i%9)*3.7)
		if status == "缺数据" {
			v2017 = "缺数据"
		}
		t.Rows = append(t.Rows, Row(fmt.Sprint(i), name, "%", "≥80", "65.2", fmt.Sprintf("%.2f", 0.7+float64(i)/100), v2017, status))
	}
	doc.Add(t)
	doc.Add(H(2, "变化趋势"))
	doc.Add(&Chart{Kind: BarChart, Caption: "图1 森林覆盖率（柱状图）", Categories: years[:3], Unit: "%",
		Series: []Series{{Name: "海陵区", Values: []Value{V(21.5), V(22.8), Missing}}}, Target: V(20), TargetText: "目标值"})
	doc.Add(&Chart{Kind: LineChart, Caption: "图2 空气质量优良天数比例（折线图）", Categories: years, Unit: "%",
		Series: []Series{{Name: "海陵区", Values: []Value{V(65.2), Missing, V(71.3), V(74.0)}}, {Name: "泰州市", Values: []Value{V(63.0), V(66.1), V(68.9), V(70.2)}}},
		Target: V(70)})
	doc.Add(&Chart{Kind: BarChart, Caption: "图3 两个系列", Categories: years[:3], Unit: "万吨",
		Series: []Series{{Name: "计划", Values: []Value{V(3.1), V(3.4), V(3.8)}}, {Name: "实际", Values: []Value{V(2.9), Missing, V(4.0)}}}, Target: V(3.5)})
	doc.Add(H(1, "存在问题与下一步"), H(2, "存在问题"), P(chineseText(20, 300)), H(2, "下一步打算"), P(chineseText(21, 300)))
	// Landscape matrix.
	doc.NewSection(PageSetup{Orientation: Landscape, Header: Header{Left: "附录", Rule: true}, Numbers: NumberOfTotal})
	doc.Add(&Heading{Level: 1, Text: "附录 责任单位矩阵", NoNumber: true})
	units := []string{"区政府办", "海陵环保局", "区财政局", "水利分局", "区农委", "区住建局", "区城管局", "区发改委", "区经信委", "区统计局",
		"区国土分局", "区规划分局", "区卫计委", "区教育局", "区文广新局", "九龙镇", "苏陈镇", "罡杨镇", "城东街道", "城西街道", "城中街道", "城南街道", "京泰路街道", "高新区", "泰州农业开发区"}
	var rows []string
	var marks [][]string
	for i := 1; i <= 30; i++ {
		rows = append(rows, fmt.Sprintf("%d. %s", i, []string{"生态环境保护制度", "空气环境质量", "水环境质量", "森林覆盖率", "公众满意度"}[i%5]))
		m := make([]string, len(units))
		for j := range m {
			switch (i*7 + j*3) % 11 {
			case 0:
				m[j] = "●"
			case 1, 2:
				m[j] = "○"
			}
		}
		marks = append(marks, m)
	}
	mt := Matrix("表2 指标责任单位矩阵（● 牵头 ○ 配合）", "指标", rows, units, marks)
	doc.Add(mt)
	// Official work report pages: GB/T 9704-2012.
	doc.NewSection(PageSetup{Margins: GBT9704Margins, Grid: &GBT9704Grid, Theme: OfficialTheme(), Numbers: NumberDashOuter, RestartNumbering: true, RestartHeadingNumbers: true})
	doc.Add(&Title{Text: "海陵区国家生态文明建设示范区创建工作报告", Bookmark: true})
	doc.Add(&Spacer{Height: 1})
	doc.Add(H(1, "基本概况"), P(chineseText(30, 300)), H(2, "主要做法"), P(chineseText(31, 200)), H(3, "强化组织领导"), P(chineseText(32, 260)),
		&Heading{Level: 4, Text: "建立工作机制"}, P(chineseText(33, 500)), H(1, "主要成效"), P(chineseText(34, 400)))
	return doc
}

// TestWriteSample writes /tmp/layout-sample.pdf for visual inspection
// (go test -run TestWriteSample ./report/layout; then look at its pages).
func TestWriteSample(t *testing.T) {
	f, err := os.Create(os.TempDir() + "/layout-sample.pdf")
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	info, err := sampleDocument("示例数据").Write(f)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("pages %d, fonts %v, headings %d", info.Pages, info.FontFiles, len(info.Headings))
}
