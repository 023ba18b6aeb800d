package narrative

import (
	"errors"
	"strings"
	"testing"

	"ecoreport/templates"
)

func TestDefaultTemplatesParse(t *testing.T) {
	for _, tp := range templates.List {
		if err := Check(tp.Key, tp.Text()); err != nil {
			t.Errorf("%s: %v", tp.File, err)
		}
	}
}

func TestErrors(t *testing.T) {
	cases := []struct {
		name, src string
		line      int
		want      string
	}{
		{"未知占位符", "第一段。\n\n全区{{不存在}}项。", 3, "未知的占位符“不存在”"},
		{"未结束", "第一段。\n{{区县", 2, "}}"},
		{"参数个数", "{{指标值 21}}", 1, "需要 2 个参数"},
		{"多余的右括号", "a\nb\n{{区县}}}}", 0, ""}, // "}}" outside an action is plain text
	}
	for _, c := range cases {
		err := Check(c.name, c.src)
		if c.line == 0 {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
			continue
		}
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("%s: err = %v, want *Error", c.name, err)
			continue
		}
		if e.Chapter != c.name || e.Line != c.line || !strings.Contains(e.Error(), c.want) {
			t.Errorf("%s: got %q (line %d)", c.name, e.Error(), e.Line)
		}
		if !strings.Contains(e.Error(), "章节模板“"+c.name+"”") {
			t.Errorf("%s: message does not name the chapter: %s", c.name, e)
		}
	}
}

func TestBlocks(t *testing.T) {
	text := "# 标题\n\n第一行\n第二行 ABC\nDEF。\n\n- 一项\n- 二项\n"
	ps := Paragraphs(text)
	want := []string{"第一行第二行 ABC DEF。", "一项", "二项"}
	if strings.Join(ps, "|") != strings.Join(want, "|") {
		t.Errorf("paragraphs = %q, want %q", ps, want)
	}
	if got := len(Blocks(text, 1)); got != 4 {
		t.Errorf("blocks = %d, want 4", got)
	}
}

func TestComments(t *testing.T) {
	src := "<!-- 说明\n两行 -->\n{{不存在}}"
	var e *Error
	if err := Check("注释", src); !errors.As(err, &e) || e.Line != 3 {
		t.Errorf("line numbers after a comment: %v", err)
	}
}

func TestExecError(t *testing.T) {
	_, err := Expand("区域概况", "第一行\n森林覆盖率{{指标值 99 2017}}。", &Data{A: stubAssessment()})
	var e *Error
	if !errors.As(err, &e) || e.Line != 2 || !strings.Contains(e.Error(), "指标 99 不存在") {
		t.Errorf("err = %v", err)
	}
}
