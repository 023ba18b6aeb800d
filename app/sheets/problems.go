package sheets

import (
	"fmt"
	"strings"

	"ecoreport/app/catalog"
)

// Severity of a problem found in an imported file.
type Severity string

// The severities: an error keeps the value (or the whole file) out of the
// database; a warning is reported and the value is imported.
const (
	Error   Severity = "错误"
	Warning Severity = "警告"
)

// Problem is one precise finding about an imported file: where it is, what
// was found, what is wrong and what is expected.
type Problem struct {
	Severity  Severity `json:"severity"`
	File      string   `json:"file"`
	Sheet     string   `json:"sheet,omitempty"`
	Cell      string   `json:"cell,omitempty"`
	Indicator string   `json:"indicator,omitempty"`
	Year      int      `json:"year,omitempty"`
	Found     string   `json:"found,omitempty"`
	Message   string   `json:"message"` // what is wrong, and what is expected
}

// Where describes the place of the problem: "文件 a.xlsx，工作表「指标数据」，单元格 G5".
func (p Problem) Where() string {
	parts := []string{"文件 " + p.File}
	if p.Sheet != "" {
		parts = append(parts, "工作表「"+p.Sheet+"」")
	}
	if p.Cell != "" {
		parts = append(parts, "单元格 "+p.Cell)
	}
	return strings.Join(parts, "，")
}

// String prints the problem on one line in Chinese.
func (p Problem) String() string {
	s := fmt.Sprintf("[%s] %s", p.Severity, p.Where())
	if p.Indicator != "" {
		s += fmt.Sprintf("（指标 %s", p.Indicator)
		if p.Year != 0 {
			s += fmt.Sprintf(" %d年", p.Year)
		}
		s += "）"
	}
	if p.Found != "" {
		s += fmt.Sprintf("：填写「%s」", p.Found)
	}
	return s + "：" + p.Message
}

// problems collects the problems of one file.
type problems struct {
	file string
	list []Problem
}

func (ps *problems) add(sev Severity, sheet, cell, code string, year int, found, format string, a ...any) {
	// A cell may hold 32 767 characters: a message shows the beginning.
	ps.list = append(ps.list, Problem{Severity: sev, File: ps.file, Sheet: sheet, Cell: cell, Indicator: code,
		Year: year, Found: catalog.ClipText(found, 60), Message: catalog.ClipText(fmt.Sprintf(format, a...), 600)})
}

func (ps *problems) errorf(sheet, cell, code string, year int, found, format string, a ...any) {
	ps.add(Error, sheet, cell, code, year, found, format, a...)
}

func (ps *problems) warnf(sheet, cell, code string, year int, found, format string, a ...any) {
	ps.add(Warning, sheet, cell, code, year, found, format, a...)
}
