package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// fillTemplate fills cells of an exported fill-in workbook by indicator code
// and year ("21/2017") or column ("21/数据来源", "21/备注") and saves it as
// name in dir.
func fillTemplate(t *testing.T, tmpl, dir, name string, values map[string]any) string {
	t.Helper()
	f, err := excelize.OpenFile(tmpl)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		hr, keyCol, years := 0, 0, map[string]int{}
		for i, r := range rows {
			for j, c := range r {
				if c == "指标名称" {
					hr = i + 1
				}
				if hr == i+1 && strings.HasPrefix(c, "系统标识") {
					keyCol = j + 1
				}
				if hr == i+1 && strings.HasSuffix(c, "年") {
					years[strings.TrimSuffix(c, "年")] = j + 1
				}
				if hr == i+1 && (c == "数据来源" || c == "备注") { // "21/数据来源"
					years[c] = j + 1
				}
			}
			if hr > 0 {
				break
			}
		}
		if keyCol == 0 {
			continue
		}
		for r := hr + 1; r <= len(rows); r++ {
			if keyCol > len(rows[r-1]) {
				continue
			}
			for want, v := range values {
				code, year, _ := strings.Cut(want, "/")
				if rows[r-1][keyCol-1] != code {
					continue
				}
				ref, _ := excelize.CoordinatesToCellName(years[year], r)
				if err := f.SetCellValue(sheet, ref, v); err != nil {
					t.Fatal(err)
				}
				delete(values, want)
			}
		}
	}
	if len(values) > 0 {
		t.Fatalf("no cells for %v", values)
	}
	out := filepath.Join(dir, name)
	if err := f.SaveAs(out); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestImportExitCodes: 0 everything written (or would be), 1 nothing
// written because of bad input, 2 usage, 3 written in part.
func TestImportExitCodes(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	if code, _, errs := cli(t, "init", "--db", db); code != 0 {
		t.Fatalf("init: %d %s", code, errs)
	}
	for _, v := range []string{"0.52", "0.49"} {
		year := map[string]string{"0.52": "2015", "0.49": "2016"}[v]
		if code, _, errs := cli(t, "set", "--db", db, "--indicator", "21", "--year", year, "--value", v); code != 0 {
			t.Fatalf("set: %d %s", code, errs)
		}
	}
	out := filepath.Join(dir, "tmpl")
	if code, _, errs := cli(t, "templates", "--db", db, "--out", out); code != 0 {
		t.Fatalf("templates: %d %s", code, errs)
	}
	tmpls, _ := filepath.Glob(filepath.Join(out, "区统计局-*.xlsx"))
	if len(tmpls) != 1 {
		t.Fatalf("templates: %v", tmpls)
	}
	files := t.TempDir()
	good := fillTemplate(t, tmpls[0], files, "good.xlsx", map[string]any{"21/2017": "0.46"})
	over := fillTemplate(t, tmpls[0], files, "over.xlsx", map[string]any{"21/2017": "-3"})
	comma := fillTemplate(t, tmpls[0], files, "comma.xlsx", map[string]any{"21/2017": "0,46"})
	held := fillTemplate(t, tmpls[0], files, "held.xlsx", map[string]any{"21/2017": "46"})
	mixed := fillTemplate(t, tmpls[0], files, "mixed.xlsx", map[string]any{"21/2017": "0.45", "21/2015": "abc"})
	junk := filepath.Join(files, "junk.xlsx")
	xls := filepath.Join(files, "old.xls")
	big := filepath.Join(files, "big.xlsx")
	if err := os.WriteFile(junk, []byte("not a workbook at all \x00\x01"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(xls, append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 600)...), 0o644); err != nil {
		t.Fatal(err)
	}
	bf, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bf.WriteString("PK\x03\x04"); err != nil {
		t.Fatal(err)
	}
	if err := bf.Truncate(52 << 20); err != nil {
		t.Fatal(err)
	}
	bf.Close()

	cases := []struct {
		name  string
		args  []string
		code  int
		wants []string // in stdout+stderr
		errs  []string // in stderr and not in stdout: refusals
	}{
		{"no files", []string{}, 2, []string{"请指定要导入的文件"}, nil},
		{"junk", []string{junk}, 1, []string{"未能导入"}, []string{"不是 Excel 工作簿", "[错误] 文件 "}},
		{"xls", []string{xls}, 1, []string{".xls"}, nil},
		{"52 MB", []string{big}, 1, []string{"52.0 MB", "上限 20 MB"}, nil},
		{"out of range", []string{over}, 1, nil, []string{"超出有效范围"}},
		{"decimal comma", []string{comma}, 1, nil, []string{"“0,46”含逗号", "可能是 0.46 也可能是 46", "单元格"}},
		{"dry run good", []string{"--dry-run", good}, 0, []string{"试导入"}, nil},
		{"dry run with junk", []string{"--dry-run", good, junk}, 3, []string{"部分数据可以写入"}, nil},
		{"strict", []string{"--strict", mixed}, 1, []string{"严格模式"}, nil},
		{"held", []string{held}, 1, []string{"--accept-warnings"}, []string{"相差约 94 倍", "待确认（未写入）"}},
		{"good and junk", []string{good, junk}, 3, []string{"部分写入"}, nil},
		{"good again", []string{good}, 0, nil, []string{"注意：文件 good.xlsx 与导入 #1 中的文件相同"}},
		{"mixed", []string{mixed}, 3, []string{"新增", "已导入"}, []string{"不是数字", "部分写入"}},
		{"held accepted", []string{"--accept-warnings", held}, 0, []string{"已导入"}, nil},
	}
	for _, c := range cases {
		code, stdout, stderr := cli(t, append([]string{"import", "--db", db}, c.args...)...)
		if code != c.code {
			t.Errorf("%s: exit %d, want %d\n%s%s", c.name, code, c.code, stdout, stderr)
		}
		for _, w := range c.wants {
			if !strings.Contains(stdout+stderr, w) {
				t.Errorf("%s: output lacks %q:\n%s%s", c.name, w, stdout, stderr)
			}
		}
		for _, w := range c.errs {
			if !strings.Contains(stderr, w) || strings.Contains(stdout, w) {
				t.Errorf("%s: %q not on stderr only:\nstdout %s\nstderr %s", c.name, w, stdout, stderr)
			}
		}
		if c.code != 2 && (!strings.Contains(stdout, "合计：") || strings.Contains(stdout, "[错误]") || strings.Contains(stdout, "[警告]")) {
			t.Errorf("%s: the report belongs on stdout, the problems on stderr:\nstdout %s\nstderr %s", c.name, stdout, stderr)
		}
	}
	code, stdout, _ := cli(t, "history", "--db", db, "--indicator", "21", "--year", "2017", "--json")
	if code != 0 || !strings.Contains(stdout, `"value": "46"`) {
		t.Errorf("history after the confirmed import: %d %s", code, stdout)
	}
}

// TestImportSourceOnly: a return that only types a 数据来源 beside values
// the project holds is previewed and imported as 修改来源/备注 (old → new),
// shown in the history, not written again by the same file, and undone to
// the earlier (empty) source.
func TestImportSourceOnly(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	if code, _, errs := cli(t, "init", "--db", db); code != 0 {
		t.Fatalf("init: %d %s", code, errs)
	}
	for year, v := range map[string]string{"2015": "0.52", "2016": "0.49"} {
		if code, _, errs := cli(t, "set", "--db", db, "--indicator", "21", "--year", year, "--value", v); code != 0 {
			t.Fatalf("set: %d %s", code, errs)
		}
	}
	out := filepath.Join(dir, "tmpl")
	if code, _, errs := cli(t, "templates", "--db", db, "--out", out); code != 0 {
		t.Fatalf("templates: %d %s", code, errs)
	}
	tmpls, _ := filepath.Glob(filepath.Join(out, "区统计局-*.xlsx"))
	if len(tmpls) != 1 {
		t.Fatalf("templates: %v", tmpls)
	}
	file := fillTemplate(t, tmpls[0], t.TempDir(), "来源.xlsx", map[string]any{"21/数据来源": "区统计局能源统计报表"})
	lastSource := func(year string) (n int, source string) {
		t.Helper()
		code, stdout, stderr := cli(t, "history", "--db", db, "--indicator", "21", "--year", year, "--json")
		var hs []struct {
			Source string `json:"source"`
		}
		if code != 0 || json.Unmarshal([]byte(stdout), &hs) != nil || len(hs) == 0 {
			t.Fatalf("history: %d %s %s", code, stdout, stderr)
		}
		return len(hs), hs[len(hs)-1].Source
	}
	for _, dry := range []bool{true, false} {
		args := []string{"import", "--db", db, file}
		if dry {
			args = []string{"import", "--db", db, "--dry-run", file}
		}
		code, stdout, stderr := cli(t, args...)
		if code != 0 {
			t.Fatalf("import (dry run %v): %d %s %s", dry, code, stdout, stderr)
		}
		for _, w := range []string{"修改 2，", "修改来源/备注  指标 21「", "2015年：0.52",
			"数值未变，数据来源由空白改为「区统计局能源统计报表」", "合计：新增 0，修改 2，"} {
			if !strings.Contains(stdout, w) {
				t.Errorf("import (dry run %v) lacks %q:\n%s", dry, w, stdout)
			}
		}
		if n, src := lastSource("2015"); (dry && (n != 1 || src != "")) || (!dry && (n != 2 || src != "区统计局能源统计报表")) {
			t.Errorf("after the import (dry run %v): %d events, source %q", dry, n, src)
		}
	}
	if code, stdout, stderr := cli(t, "import", "--db", db, file); code != 0 || !strings.Contains(stdout, "没有需要写入的变化") {
		t.Errorf("the same file again: %d %s %s", code, stdout, stderr)
	}
	if code, stdout, stderr := cli(t, "undo-import", "--db", db, "1"); code != 0 || !strings.Contains(stdout, "恢复 2 个值") {
		t.Fatalf("undo-import: %d %s %s", code, stdout, stderr)
	}
	for _, year := range []string{"2015", "2016"} {
		if n, src := lastSource(year); n != 3 || src != "" {
			t.Errorf("21/%s after the undo: %d events, source %q, want 3 and empty", year, n, src)
		}
	}
	// The history says which entry undid an import.
	if code, stdout, stderr := cli(t, "history", "--db", db, "--indicator", "21", "--year", "2015"); code != 0 || !strings.Contains(stdout, "撤销导入") {
		t.Errorf("history after the undo: %d %s %s", code, stdout, stderr)
	}
}

// TestSetRules: decimal commas are refused with both readings; a tenfold
// jump needs --confirm; usage errors exit 2.
func TestSetRules(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	if code, _, errs := cli(t, "init", "--db", db); code != 0 {
		t.Fatalf("init: %d %s", code, errs)
	}
	set := func(args ...string) (int, string) {
		code, stdout, stderr := cli(t, append([]string{"set", "--db", db}, args...)...)
		return code, stdout + stderr
	}
	cases := []struct {
		args  []string
		code  int
		wants []string
	}{
		{[]string{"--indicator", "29", "--year", "2016", "--value", "9,5"}, 1, []string{"“9,5”含逗号", "可能是 9.5 也可能是 95"}},
		{[]string{"--indicator", "21", "--year", "2016", "--value", "0,55"}, 1, []string{"可能是 0.55 也可能是 55"}},
		{[]string{"--indicator", "22", "--year", "2016", "--value", "1.234,5"}, 1, []string{"可能是 1234.5 也可能是 1.2345"}},
		{[]string{"--indicator", "22", "--year", "2016", "--value", "1,234.5"}, 0, []string{"1234.5"}},
		{[]string{"--indicator", "21", "--year", "2015", "--value", "0.55"}, 0, nil},
		{[]string{"--indicator", "21", "--year", "2016", "--value", "55"}, 1, []string{"2015年的值 0.55", "相差约 100 倍", "--confirm"}},
		{[]string{"--indicator", "21", "--year", "2016", "--value", "0.56"}, 0, nil},
		{[]string{"--indicator", "21", "--year", "2016", "--value", "5.6"}, 1, []string{"原有的值 0.56"}},
		{[]string{"--indicator", "21", "--year", "2016", "--value", "5.6", "--confirm"}, 0, []string{"5.6"}},
		// The same value: a new source is recorded (no --confirm: the
		// number is the project's already), the same one writes nothing.
		{[]string{"--indicator", "21", "--year", "2016", "--value", "5.6"}, 0, []string{"2016年已是 5.6", "数据来源相同，没有变化，未写入任何内容"}},
		{[]string{"--indicator", "21", "--year", "2016", "--value", "5.60", "--source", "2016年统计年鉴"}, 0,
			[]string{"已记录 指标 21「", "2016年的数据来源：「2016年统计年鉴」（原为空白；数值 5.6 未变）"}},
		{[]string{"--indicator", "21", "--year", "2016", "--value", "5.6", "--source", "2016年统计年鉴"}, 0, []string{"没有变化，未写入任何内容"}},
		{[]string{"--indicator", "21", "--year", "2016", "--value", "5.6", "--source", "2016年能源统计报表"}, 0,
			[]string{"数据来源：「2016年能源统计报表」（原为「2016年统计年鉴」；数值 5.6 未变）"}},
		{[]string{"--indicator", "21", "--year", "2015", "--value", ""}, 0, []string{"已清除 指标 21「"}},
		{[]string{"--indicator", "21", "--year", "2015", "--value", ""}, 0, []string{"2015年没有值，无需清除，未写入任何内容"}},
		{[]string{"--indicator", "21", "--value", "1"}, 2, []string{"--year"}},
	}
	for _, c := range cases {
		code, out := set(c.args...)
		if code != c.code {
			t.Errorf("set %v: exit %d, want %d: %s", c.args, code, c.code, out)
		}
		for _, w := range c.wants {
			if !strings.Contains(out, w) {
				t.Errorf("set %v: output lacks %q: %s", c.args, w, out)
			}
		}
	}
	// The history has each source once, in order.
	code, stdout, stderr := cli(t, "history", "--db", db, "--indicator", "21", "--year", "2016", "--json")
	var hs []struct {
		Value  string `json:"value"`
		Old    string `json:"old"`
		Source string `json:"source"`
	}
	if code != 0 || json.Unmarshal([]byte(stdout), &hs) != nil {
		t.Fatalf("history: %d %s %s", code, stdout, stderr)
	}
	got := fmt.Sprint(hs)
	if want := "[{0.56  } {5.6 0.56 } {5.6 5.6 2016年统计年鉴} {5.6 5.6 2016年能源统计报表}]"; got != want {
		t.Errorf("history of 21/2016: %s, want %s", got, want)
	}
}

// TestExportSummaryNoOverwrite: an existing workbook is kept unless --force;
// the written workbook is not executable.
func TestExportSummaryNoOverwrite(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "汇总表.xlsx")
	if err := os.WriteFile(out, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs := cli(t, "export-summary", "--out", out)
	if code != 1 || !strings.Contains(errs, "已存在") || !strings.Contains(errs, "--force") {
		t.Errorf("export-summary onto an existing file: %d %q", code, errs)
	}
	if b, _ := os.ReadFile(out); string(b) != "mine" {
		t.Fatal("the existing file was overwritten")
	}
	if code, _, errs := cli(t, "export-summary", "--out", out, "--force"); code != 0 {
		t.Fatalf("export-summary --force: %d %q", code, errs)
	}
	fi, err := os.Stat(out)
	if err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, %v; want 0644", fi.Mode().Perm(), err)
	}
	if f, err := excelize.OpenFile(out); err != nil {
		t.Errorf("not a workbook: %v", err)
	} else {
		f.Close()
	}
	if code, _, _ := cli(t, "export-summary"); code != 2 {
		t.Errorf("export-summary without --out: exit %d, want 2", code)
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".*tmp"))
	if len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// TestTemplatesFeedbackNoOverwrite: templates and feedback write all their
// files or none. A file of the same name is kept (exit 1, named in the
// message with the hint --force, nothing else written); --force replaces
// it; a file that cannot be replaced after others were written is exit 3.
func TestTemplatesFeedbackNoOverwrite(t *testing.T) {
	// Both runs must name the same files: fix the day they are dated with.
	old := clock
	clock = func() time.Time { return time.Date(2018, 5, 20, 23, 59, 0, 0, time.Local) }
	defer func() { clock = old }()
	for _, c := range []struct {
		cmd     string
		args    []string
		pattern string // the file made to exist already
	}{
		{"templates", nil, "-指标填报表-"},
		{"feedback", nil, "-问题反馈单-*.pdf"},
		{"feedback", []string{"--format", "xlsx"}, "-问题反馈单-*.xlsx"},
	} {
		t.Run(c.cmd+strings.Join(c.args, ""), func(t *testing.T) {
			first := t.TempDir()
			if code, _, errs := cli(t, append([]string{c.cmd, "--out", first}, c.args...)...); code != 0 {
				t.Fatalf("%s: %d %s", c.cmd, code, errs)
			}
			written, _ := filepath.Glob(filepath.Join(first, "*"+c.pattern+"*"))
			if len(written) < 2 {
				t.Fatalf("%s wrote %v", c.cmd, written)
			}
			// A folder with only one of the files, made by the user.
			out := t.TempDir()
			mine := filepath.Join(out, filepath.Base(written[1]))
			if err := os.WriteFile(mine, []byte("mine"), 0o644); err != nil {
				t.Fatal(err)
			}
			code, stdout, errs := cli(t, append([]string{c.cmd, "--out", out}, c.args...)...)
			if code != 1 || !strings.Contains(errs, mine) || !strings.Contains(errs, "已存在，未覆盖") || !strings.Contains(errs, "--force") {
				t.Errorf("onto an existing file: exit %d, stdout %q, stderr %q", code, stdout, errs)
			}
			if b, _ := os.ReadFile(mine); string(b) != "mine" {
				t.Fatal("the existing file was overwritten")
			}
			if names := dirNames(t, out); names != filepath.Base(mine) {
				t.Errorf("files written although refused: %s", names)
			}
			// --force replaces it, through a temporary file that is gone.
			if code, _, errs := cli(t, append([]string{c.cmd, "--out", out, "--force"}, c.args...)...); code != 0 {
				t.Fatalf("--force: %d %s", code, errs)
			}
			if b, _ := os.ReadFile(mine); string(b) == "mine" || len(b) < 100 {
				t.Errorf("--force did not replace the file: %q", b)
			}
			if left, _ := filepath.Glob(filepath.Join(out, ".*")); len(left) > 0 {
				t.Errorf("temporary files left: %v", left)
			}
			// A folder in the place of the second file: the first is
			// written, the second cannot be: exit 3.
			part := t.TempDir()
			if err := os.Mkdir(filepath.Join(part, filepath.Base(written[1])), 0o755); err != nil {
				t.Fatal(err)
			}
			code, _, errs = cli(t, append([]string{c.cmd, "--out", part, "--force"}, c.args...)...)
			if code != exitPartial || !strings.Contains(errs, "文件夹") {
				t.Errorf("with a folder in the way: exit %d, want %d; %s", code, exitPartial, errs)
			}
		})
	}
}
