package gui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
)

// TestCatalogDetail: the indicator's detail prints its target as the
// documents do ("，且") and its result per year as Chinese text, without
// half-width spaces between Chinese words.
func TestCatalogDetail(t *testing.T) {
	cases := []struct {
		code string
		want []string
	}{
		{"11", []string{"≥55%，且不降低", "2015年：63.12%，达标；2016年：62.87%，未达标；", "2020年：缺数据"}},
		{"1", []string{"制定实施", "2015年：未制定实施，未达标；2016年：制定实施，达标；"}},
	}
	u := newTestUI(t)
	u.ShowScreen("catalog")
	s := u.shell.built["catalog"].(*catalogScreen)
	for _, c := range cases {
		s.openIndicator(c.code)
		m := test.RenderObjectToMarkup(s.details)
		for _, w := range c.want {
			if !strings.Contains(m, w) {
				t.Errorf("indicator %s: the detail does not show %q", c.code, w)
			}
		}
		if strings.Contains(m, "实施 未达标") || strings.Contains(m, "% 达标") {
			t.Errorf("indicator %s: a half-width space between the value and its status", c.code)
		}
	}
}

// TestFindingsAndChaptersFullWidth: the 附件不一致 list and the 章节文字
// list print their names with full-width punctuation, as the other
// screens do (no "(EI)", "「」" or "前言(技术报告)").
func TestFindingsAndChaptersFullWidth(t *testing.T) {
	u := newTestUI(t)
	u.ShowScreen("catalog")
	tapText(t, u, "附件不一致*")
	tapText(t, u, "指标 11“生态环境状况指数（EI）” · 计量单位")
	u.ShowScreen("reports")
	tapText(t, u, "章节文字")
	tapText(t, u, "前言（技术报告）")
	tapText(t, u, "主要做法（创建工作报告）")
}
