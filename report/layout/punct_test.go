package layout

import (
	"strings"
	"testing"
)

func TestPunctuate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"海陵区,泰州市", "海陵区，泰州市"},
		{"目标值:≥95%", "目标值：≥95%"},
		{"建立;执行", "建立；执行"},
		{"是否达标?是!", "是否达标？是！"},
		{"任务分解(附件1)", "任务分解（附件1）"},
		{"(一)生态制度", "（一）生态制度"},
		{"年度 (2016) 数据", "年度（2016）数据"},
		{"「生态文明」建设", "“生态文明”建设"},
		{"『示范』", "‘示范’"},
		{"他说\"好\"", "他说“好”"},
		{"海陵区, 泰州市", "海陵区，泰州市"},
		// ASCII stays where no Chinese is next to it.
		{"1,000 t", "1,000 t"},
		{"12:30", "12:30"},
		{"f(x) = 2", "f(x) = 2"},
		{"PM2.5 (μg/m3)", "PM2.5 (μg/m3)"},
		{"共1,000吨", "共1,000吨"},
		{"时间12:30开始", "时间12:30开始"},
		{"SHA-256: abc", "SHA-256: abc"},
		{"report(1).pdf", "report(1).pdf"},
		{"未就绪(3 项),请处理", "未就绪（3 项），请处理"},
		{"有误(见上): x", "有误（见上）：x"},
		{"附件「规划(2016—2020).pdf」第 1 页", "附件“规划(2016—2020).pdf”第 1 页"},
		{"见 报告(终稿).PDF,共3页", "见 报告(终稿).PDF，共3页"},
		{"", ""},
	}
	for _, tc := range tests {
		if got := Punctuate(tc.in); got != tc.want {
			t.Errorf("Punctuate(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestCodeRunsKeepTheirPunctuation(t *testing.T) {
	doc := NewDocument(Options{})
	doc.Add(&Paragraph{Runs: []Run{{Text: "文件:"}, {Text: "环评批复(2016).pdf", Code: true}}},
		&Table{Columns: []Column{{Title: "文号"}}, Rows: [][]Cell{{{Text: "泰环(2016)3号", Code: true}}, {{Text: "说明(见附件)"}}}})
	pages := pageLines(t, doc)
	all := ""
	for _, ls := range pages {
		for _, l := range ls {
			all += l + "\n"
		}
	}
	for _, want := range []string{"文件：", "环评批复(2016).pdf", "泰环(2016)3号", "说明（见附件）"} {
		if !strings.Contains(all, want) {
			t.Errorf("%q not set; got\n%s", want, all)
		}
	}
}
