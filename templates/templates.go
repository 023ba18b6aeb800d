// Package templates holds the default narrative chapters of the reports
// (前言, 编制依据, 基本条件, 区域概况, 创建工作概况, 特色与亮点, 存在问题与下一步工作,
// 结论 of the technical report; 基本概况 … 下一步打算 of the work report). The office edits its own copy,
// which the project database keeps with its history; these files seed it.
//
// The text is Markdown-like: blank lines separate paragraphs, "# " starts a
// heading one level below the chapter ("## " two levels), "- " starts an
// item of its own, "**…**" is bold, and a line "<!-- … -->" is a note to the
// writer that is not printed. Numbers are never typed in: placeholders such
// as {{约束性指标达标数}} or {{指标值 21 2017}} take them from the data, so that
// the text cannot disagree with the tables. The placeholders are listed in
// package ecoreport/report/narrative.
package templates

import "embed"

//go:embed *.md
var files embed.FS

// Template is one chapter's default text.
type Template struct {
	Key      string // chapter key in the project database, e.g. "区域概况"
	File     string // file in this folder
	Document string // "技术报告" or "创建工作报告"
}

// Text returns the template's text.
func (t Template) Text() string {
	b, err := files.ReadFile(t.File)
	if err != nil {
		panic("templates: " + err.Error()) // embedded: cannot happen
	}
	return string(b)
}

// The documents the chapters belong to.
const (
	TechnicalReport = "技术报告"
	WorkReport      = "创建工作报告"
)

// List is every chapter with a default text, in document order.
var List = []Template{
	{Key: "前言", File: "preface.md", Document: TechnicalReport},
	{Key: "编制依据", File: "basis.md", Document: TechnicalReport},
	{Key: "基本条件", File: "conditions.md", Document: TechnicalReport},
	{Key: "区域概况", File: "region.md", Document: TechnicalReport},
	{Key: "创建工作概况", File: "work.md", Document: TechnicalReport},
	{Key: "特色与亮点", File: "features.md", Document: TechnicalReport},
	{Key: "存在问题与下一步工作", File: "problems.md", Document: TechnicalReport},
	{Key: "结论", File: "conclusion.md", Document: TechnicalReport},
	{Key: "基本概况", File: "wr_basic.md", Document: WorkReport},
	{Key: "主要做法", File: "wr_practice.md", Document: WorkReport},
	{Key: "主要成效", File: "wr_results.md", Document: WorkReport},
	{Key: "主要体会", File: "wr_lessons.md", Document: WorkReport},
	{Key: "下一步打算", File: "wr_next.md", Document: WorkReport},
}

// Default returns the default text of a chapter.
func Default(key string) (string, bool) {
	for _, t := range List {
		if t.Key == key {
			return t.Text(), true
		}
	}
	return "", false
}
