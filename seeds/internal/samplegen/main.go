// Command samplegen writes the demo project's sample attachments
// (seeds/samples/*.pdf): one-page documents in Chinese, every page marked
// 示例数据, standing in for the scanned files an office attaches. Run from
// the repository root after changing the texts below:
//
//	go run ./seeds/internal/samplegen
//
// The files are embedded (seeds.Samples) so that creating the demo project
// costs no typesetting; the same run writes the same bytes.
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"ecoreport/report/layout"
)

type sample struct {
	file, title, issuer string
	body                []string
}

var samples = []sample{
	{
		file:   "plan.pdf",
		title:  "海陵区生态文明建设规划（2016—2020年）",
		issuer: "泰州市海陵区人民政府",
		body: []string{
			"为深入贯彻落实党中央、国务院关于加快推进生态文明建设的决策部署，根据国家生态文明建设示范县、市指标（试行）的要求，结合本区实际，编制本规划。",
			"规划期为2016—2020年，明确生态制度、生态环境、生态空间、生态经济、生态生活、生态文化六大领域的建设目标和重点任务，经区人民代表大会常务委员会审议通过后印发实施。",
		},
	},
	{
		file:   "assessment-rules.pdf",
		title:  "2017年度镇街、部门综合考核办法",
		issuer: "中共泰州市海陵区委员会办公室",
		body: []string{
			"为进一步发挥考核的导向作用，推动各镇街、部门全面完成年度目标任务，制定本办法。",
			"生态文明建设工作纳入党政实绩考核，单列考核内容，考核结果作为干部选拔任用和奖惩的重要依据。具体分值和评分标准见附表。",
		},
	},
	{
		file:   "no-emergency-statement.pdf",
		title:  "关于未发生重、特大突发环境事件的情况说明",
		issuer: "海陵区环境保护局",
		body: []string{
			"经核查，2015—2017年，本区未发生重大及以上突发环境事件，未发生因环境问题引发的群体性事件。",
			"特此说明。",
		},
	},
}

func main() {
	for _, s := range samples {
		if err := write(s, filepath.Join("seeds", "samples")); err != nil {
			fmt.Fprintln(os.Stderr, "samplegen:", err)
			os.Exit(1)
		}
	}
}

// write typesets sample s into dir.
func write(s sample, dir string) error {
	doc := layout.NewDocument(layout.Options{
		Title:     s.title + "（示例）",
		Author:    s.issuer,
		Creator:   "ecoreport 示例项目",
		Date:      time.Date(2018, 5, 31, 17, 0, 0, 0, time.FixedZone("CST", 8*3600)),
		Watermark: "示例数据",
	})
	doc.NewSection(layout.PageSetup{})
	doc.Add(&layout.Title{Text: s.title})
	doc.Add(&layout.Paragraph{Runs: []layout.Run{{Text: s.issuer}}, Align: layout.AlignCenter, NoIndent: true, SpaceAfter: 6})
	for _, p := range s.body {
		doc.Add(layout.P(p))
	}
	doc.Add(&layout.Paragraph{Runs: []layout.Run{{Text: "（本文件为示例项目的示例材料，并非真实公文。）"}},
		Align: layout.AlignCenter, NoIndent: true, SpaceBefore: 12, Size: 10.5})
	_, err := doc.WriteFile(filepath.Join(dir, s.file))
	return err
}
