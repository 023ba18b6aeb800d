package evidence

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strings"
	"time"

	"ecoreport/app/store"
	"ecoreport/seeds"
)

// DemoReviewer is the reviewer recorded with the demo's review decisions.
const DemoReviewer = "创建办（示例数据）"

// demoZone is the time zone of the demo's records (China Standard Time).
var demoZone = time.FixedZone("CST", 8*3600)

// demoReview is a review decision of the demo, found by indicator and a part
// of the item's title.
type demoReview struct {
	indicator, title string
	day              int // May 2018
	state            State
	text             string
}

// demoReviews are the demo's decisions that are not a plain 合格.
var demoReviews = []demoReview{
	{"3", "自然资源资产负债表", 14, StateNeedsMore, "仅有编制工作方案，缺少已编制完成的自然资源资产负债表（2015—2017年）及审核意见，请补充。"},
	{"7", "排污许可证", 14, StateNeedsMore, "统计表未加盖单位公章，且缺少2015年数据，请补充盖章件。"},
	{"20", "空间规划", 15, StateNeedsMore, "送审稿不能证明规划已编制完成，请补充区政府批复文件或专家审查意见。"},
	{"33", "节能节水器具", 15, StateNeedsMore, "调查报告缺少抽样方法说明和样本清单，请补充。"},
	{"18", "耕地保护", 14, StateNeedsMore, "通报为市级文件，请补充海陵区耕地保有量、基本农田保护面积核查表。"},
	{"18", "耕地保护", 18, StateRevised, "已补充区级耕地保有量核查表（国土分局 5月18日报送）。"},
	{"36", "知晓度", 0, StatePending, ""},
	{"37", "满意度", 0, StatePending, ""},
}

// demoMilestone is a milestone change of the demo.
type demoMilestone struct {
	milestone, org string
	month, day     int
	state          MilestoneState
	note           string
}

var demoMilestones = []demoMilestone{
	{"evidence-submit", "env", 4, 27, Submitted, "佐证台帐 13 项指标成册报送"},
	{"evidence-submit", "water", 4, 26, Submitted, ""},
	{"evidence-submit", "agriculture", 4, 28, Submitted, ""},
	{"evidence-submit", "finance", 4, 29, Submitted, ""},
	{"evidence-submit", "land", 4, 30, Submitted, ""},
	{"evidence-submit", "health", 4, 30, Submitted, ""},
	{"evidence-submit", "housing", 4, 27, Submitted, ""},
	{"evidence-submit", "statistics", 4, 25, Submitted, ""},
	{"evidence-submit", "performance", 5, 3, Submitted, "逾期3天报送"},
	{"evidence-submit", "agriculture", 5, 14, Returned, "秸秆综合利用台帐不全，退回补充"},
	{"evidence-submit", "finance", 5, 14, Returned, "自然资源资产负债表未附，退回补充"},
	{"evidence-submit", "water", 5, 15, Accepted, ""},
	{"evidence-submit", "env", 5, 16, Accepted, ""},
	{"evidence-submit", "statistics", 5, 16, Accepted, ""},
	{"evidence-resubmit", "agriculture", 5, 19, Submitted, "已补充秸秆综合利用台帐"},
}

// demoFiles are the sample attachments the demo makes itself: three small
// PDFs and two PNG drawings, all marked as sample data.
func demoFiles() []struct {
	indicator, title string
	file             File
} {
	return []struct {
		indicator, title string
		file             File
	}{
		{"1", "生态文明建设规划", File{"海陵区生态文明建设规划（2016—2020）.pdf", sample("plan.pdf")}},
		{"2", "2017年度镇街、部门综合考核办法", File{"泰海委发〔2017〕7号 综合考核办法.pdf", sample("assessment-rules.pdf")}},
		{"16", "情况说明", File{"未发生重特大突发环境事件情况说明.pdf", sample("no-emergency-statement.pdf")}},
		{"6", "河长公示牌", File{"河长公示牌照片.png", samplePNG(false)}},
		{"2", "计算表", File{"生态文明建设工作占党政实绩考核比例.png", samplePNG(true)}},
	}
}

// SeedDemo gives the demo project (示例数据) realistic review states, sample
// attachments and milestone states, every record at a fixed time in May 2018:
// most items 合格, a few 需补充 with feedback, one 已整改, two still 待审;
// five small sample files; and the evidence milestones of a few lead
// organisations. Call it right after store.CreateDemo; it does nothing on a
// project it has already seeded and refuses a project that is not a demo.
func SeedDemo(s *store.Store) error {
	st, err := s.Settings()
	if err != nil {
		return err
	}
	if !st.Sample {
		return errors.New("只有示例项目才能载入示例审核数据")
	}
	var n int
	if err := s.DB().QueryRow(`SELECT count(*) FROM evidence_events WHERE actor = ?`, DemoReviewer).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	saved := s.Now
	defer func() { s.Now = saved }()
	at := func(month, day, hour int) { // the store's clock for the next record
		t := time.Date(2018, time.Month(month), day, hour, 0, 0, 0, demoZone)
		s.Now = func() time.Time { return t }
	}
	items, err := List(s, Filter{})
	if err != nil {
		return err
	}
	find := func(indicator, title string) (Item, error) {
		for _, it := range items {
			if it.Indicator == indicator && strings.Contains(it.Title, title) {
				return it, nil
			}
		}
		return Item{}, fmt.Errorf("示例数据中没有指标 %s“%s”的佐证材料", indicator, title)
	}

	for _, f := range demoFiles() {
		it, err := find(f.indicator, f.title)
		if err != nil {
			return err
		}
		at(4, 27, 10)
		if _, err := Attach(s, it.ID, f.file, store.DemoActor); err != nil {
			return fmt.Errorf("示例附件 %s：%w", f.file.Name, err)
		}
	}
	if err := demoFigures(s); err != nil {
		return err
	}

	special := map[int64]bool{}
	for _, r := range demoReviews {
		it, err := find(r.indicator, r.title)
		if err != nil {
			return err
		}
		special[it.ID] = true
		if r.state == StatePending {
			continue
		}
		at(5, r.day, 16)
		if err := Review(s, it.ID, r.state, r.text, DemoReviewer); err != nil {
			return fmt.Errorf("示例审核 %s：%w", it.Title, err)
		}
	}
	for i, it := range items {
		if special[it.ID] {
			continue
		}
		at(5, 8+i%9, 10+i%6)
		if err := Review(s, it.ID, StateAccepted, "", DemoReviewer); err != nil {
			return fmt.Errorf("示例审核 %s：%w", it.Title, err)
		}
	}

	for _, m := range demoMilestones {
		at(m.month, m.day, 17)
		actor := DemoReviewer
		if m.state == Submitted {
			actor = store.DemoActor
		}
		day := time.Date(2018, time.Month(m.month), m.day, 0, 0, 0, 0, time.UTC)
		if err := SetMilestoneOn(s, m.milestone, m.org, m.state, day, actor, m.note); err != nil {
			return fmt.Errorf("示例节点 %s %s：%w", m.milestone, m.org, err)
		}
	}
	return nil
}

// sample is an embedded sample attachment (seeds.Samples).
func sample(name string) []byte {
	data, err := seeds.Samples.ReadFile("samples/" + name)
	if err != nil {
		panic(err) // embedded at build time: a missing name is a bug here
	}
	return data
}

// SamplePDF writes a small valid one-page A4 PDF with a few lines of ASCII
// text (the standard Helvetica font needs no embedding), marked as sample
// data, for tests that attach many distinct files. The output is the same
// for the same text. (The demo project's attachments are seeds.Samples.)
func SamplePDF(title, subtitle string) []byte {
	esc := strings.NewReplacer(`\`, `\\`, `(`, `\(`, `)`, `\)`)
	var content bytes.Buffer
	fmt.Fprintf(&content, "BT /F1 20 Tf 72 760 Td (%s) Tj ET\n", esc.Replace(title))
	fmt.Fprintf(&content, "BT /F1 12 Tf 72 730 Td (%s) Tj ET\n", esc.Replace(subtitle))
	content.WriteString("BT /F1 12 Tf 72 700 Td (SAMPLE DATA - generated by ecoreport for the demo project) Tj ET\n")
	content.WriteString("1 0 0 RG 2 w 60 680 m 535 680 l S\n")
	objects := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", content.Len(), content.String()),
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objects))
	for i, o := range objects {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, xref)
	return b.Bytes()
}

// SamplePNG draws a small sample picture (a sign board by a river).
func SamplePNG() []byte { return samplePNG(false) }

// samplePNG draws a small picture: a river chief's sign board on two posts,
// or a bar chart of three years.
func samplePNG(chart bool) []byte {
	const w, h = 240, 160
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	fill := func(x0, y0, x1, y1 int, c color.Color) {
		for y := y0; y < y1; y++ {
			for x := x0; x < x1; x++ {
				img.Set(x, y, c)
			}
		}
	}
	fill(0, 0, w, h, color.RGBA{245, 248, 250, 255})
	if chart {
		fill(30, 140, 220, 142, color.Black) // axis
		fill(30, 20, 32, 142, color.Black)
		for i, v := range []int{62, 78, 96} { // three years
			fill(50+i*60, 140-v, 90+i*60, 140, color.RGBA{46, 139, 87, 255})
		}
	} else {
		fill(60, 80, 66, 150, color.RGBA{90, 90, 90, 255}) // posts
		fill(174, 80, 180, 150, color.RGBA{90, 90, 90, 255})
		fill(30, 20, 210, 90, color.RGBA{25, 80, 160, 255}) // the board
		fill(40, 30, 200, 40, color.White)                  // text lines
		for i := 0; i < 3; i++ {
			fill(40, 50+i*10, 160-i*20, 54+i*10, color.RGBA{220, 230, 245, 255})
		}
		fill(0, 150, w, h, color.RGBA{70, 130, 180, 255}) // the river
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		panic(err) // encoding an in-memory RGBA image cannot fail
	}
	return b.Bytes()
}
