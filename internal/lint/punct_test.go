package lint

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestChinesePunctuation finds string literals in the module's non-test Go
// files that put a half-width , : ; ( ) ? ! next to a Chinese character
// (spaces between them ignored): "第3行,列B:" where people read "第3行，列B：".
// Text for people uses full-width ，：；（）？！ in Chinese. ASCII stays where
// it is code: format verbs ("读取 %s：%w" keeps nothing ASCII, but
// "%s: %w" alone is not Chinese), numbers ("1,234"), flags, paths,
// identifiers and English-only text do not touch a Chinese character, and
// file names ("规划(2016).pdf") are recognised by their extension as in
// report/layout. The few literals that must keep an ASCII mark next to
// Chinese are listed in punctExceptions with their reason.
func TestChinesePunctuation(t *testing.T) {
	root := moduleRoot(t)
	fset := token.NewFileSet()
	var found []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") ||
				name == "testdata" || name == "vendor") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ImportSpec, *ast.Field:
				return false // import paths and struct tags are not text
			case *ast.BasicLit:
				if n.Kind != token.STRING {
					return true
				}
				s, err := strconv.Unquote(n.Value)
				if err != nil {
					return true
				}
				if marks := halfWidthMarks(s); marks != "" && !punctAllowed(rel, s) {
					found = append(found, fset.Position(n.Pos()).String()[len(root)+1:]+
						": "+marks+" in "+n.Value)
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(found)
	for _, f := range found {
		t.Error(f)
	}
	if len(found) > 0 {
		t.Logf("%d literals put ASCII punctuation next to Chinese; use ，：；（）？！ "+
			"(report/layout.Punctuate shows the rule), or add a reasoned entry to punctExceptions", len(found))
	}
}

// punctExceptions are literals that keep ASCII punctuation next to Chinese
// on purpose, by file (slash-separated, from the module root) and a part of
// the literal's value.
var punctExceptions = []struct{ file, part, why string }{
	// Regular expressions: ( ) ? are their syntax.
	{"app/evidence/items.go", `日?$`, "regexp of a written date"},
	{"app/sheets/cells.go", `(?:年|年度)?`, "regexp of a year column header"},
	{"app/sheets/cells.go", `日?)?`, "regexp of a date typed into a cell"},
	// Command synopses: ( | ) groups alternatives and the comma is typed
	// as it stands, as in the --help of any command.
	{"cmd/ecoreport-cli/cmd_conditions.go", "--evidence 材料编号,...", "comma-separated list on the command line"},
	{"cmd/ecoreport-cli/cmd_groups.go", "--set 成员,成员…", "comma-separated list on the command line"},
	{"cmd/ecoreport-cli/cmd_figures.go", "(--caption 图题 | --off)", "alternatives in a synopsis"},
	{"cmd/ecoreport-cli/cmd_narrative.go", "(--text 文字 | --file 文本文件)", "alternatives in a synopsis"},
	// A cell reference as Excel writes it: sheet!cell.
	{"app/sheets/narratives.go", "%s!%s", "sheet!cell reference"},
	// YAML written as it is typed in the catalog file.
	{"app/catalog/parse.go", "[最小值, 最大值]", "a YAML flow sequence"},
}

func punctAllowed(file, s string) bool {
	for _, e := range punctExceptions {
		if e.file == file && strings.Contains(s, e.part) {
			return true
		}
	}
	return false
}

// fileNameRE finds file names, which keep their characters: "规划(2016).pdf".
// It follows report/layout's rule for documents.
// verbRE finds the verbs of a format string: "%s", "%-3d", "%.1f%%".
var verbRE = regexp.MustCompile(`%[-+# 0]*[0-9]*(?:\.[0-9]+)?[a-zA-Z%]`)

var fileNameRE = regexp.MustCompile(`[^\s「」『』“”‘’《》〈〉，。；：！？、]+\.(?i:pdf|ofd|png|jpe?g|tiff?|bmp|gif|docx?|wps|xlsx?|et|csv|txt|json|zip|rar|7z)\b`)

// halfWidthMarks returns the ASCII marks , : ; ( ) ? ! of s that stand next
// to a Chinese character (spaces skipped), outside file names, and the
// ASCII parentheses of a literal that also has full-width ones, or "" if
// there are none.
func halfWidthMarks(s string) string {
	if !strings.ContainsAny(s, ",:;()?!") {
		return ""
	}
	s = fileNameRE.ReplaceAllStringFunc(s, func(m string) string {
		if dot := strings.LastIndexByte(m, '.'); dot > 0 && m[dot-1] == '(' {
			return m // a bare extension, "表格(.xlsx)", is not a file name
		}
		return strings.Repeat("x", len([]rune(m)))
	})
	// A format verb next to Chinese reads as Chinese: "读取 %s: %w".
	rs := []rune(s)
	verbs := verbRE.FindAllStringIndex(s, -1)
	if len(verbs) > 0 {
		orig := []rune(s)
		isCh := func(i, step int) bool {
			for j := i; j >= 0 && j < len(orig); j += step {
				if orig[j] != ' ' {
					return isChinese(orig[j])
				}
			}
			return false
		}
		for _, v := range verbs {
			from := utf8.RuneCountInString(s[:v[0]])
			to := from + utf8.RuneCountInString(s[v[0]:v[1]])
			if isCh(from-1, -1) || isCh(to, 1) {
				for i := from; i < to; i++ {
					rs[i] = '字'
				}
			}
		}
	}
	near := func(i, step int) bool {
		for j := i + step; j >= 0 && j < len(rs); j += step {
			if rs[j] != ' ' {
				return isChinese(rs[j])
			}
		}
		return false
	}
	// Parentheses of mixed widths, "（注)", are a pair half converted.
	mixed := strings.ContainsRune(s, '（') && strings.ContainsRune(s, ')') ||
		strings.ContainsRune(s, '）') && strings.ContainsRune(s, '(')
	var marks []rune
	for i, r := range rs {
		if strings.ContainsRune(",:;()?!", r) && (near(i, -1) || near(i, 1)) ||
			mixed && (r == '(' || r == ')') {
			marks = append(marks, r)
		}
	}
	return string(marks)
}

// isChinese reports whether r is a CJK ideograph, CJK symbol or punctuation,
// or a full-width form: the characters that make neighbouring punctuation
// Chinese (as in report/layout).
func isChinese(r rune) bool {
	switch {
	case r >= 0x3400 && r <= 0x9FFF, r >= 0xF900 && r <= 0xFAFF, r >= 0x20000,
		r >= 0x3000 && r <= 0x303F, r >= 0xFF01 && r <= 0xFF60:
		return true
	}
	return false
}

func TestHalfWidthMarks(t *testing.T) {
	for s, want := range map[string]string{
		"第3行,列B:找到":            ",:",
		"第3行，列B：找到":            "",
		"读取 %s: %w":            ":",
		"%s: %w":               "",
		"值 1,234 无效":           "",
		"2015-2020年":           "",
		"规划(2016—2020).pdf":    "",
		"没有表格文件(.xlsx)":        "(",
		"目标待定（省级确定)":           ")",
		"是否应为 95%? 请核实":        "?",
		"--db 文件 (可选)":         "()",
		"Excel 97-2003 (.xls)": "",
	} {
		if got := halfWidthMarks(s); got != want {
			t.Errorf("halfWidthMarks(%q) = %q, want %q", s, got, want)
		}
	}
}

// moduleRoot returns the folder of the module's go.mod.
func moduleRoot(t *testing.T) string {
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's folder")
		}
		dir = parent
	}
}
