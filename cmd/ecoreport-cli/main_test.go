package main

import (
	"bytes"
	"encoding/json"
	"math"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"testing"

	"ecoreport/app/assess"
)

func cli(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestInitSetHistoryCheck(t *testing.T) {
	db := filepath.Join(t.TempDir(), "海陵区.db")
	if code, out, errs := cli(t, "init", "--db", db); code != 0 || !strings.Contains(out, "37 项指标") {
		t.Fatalf("init: %d %q %q", code, out, errs)
	}
	if code, _, errs := cli(t, "init", "--db", db); code == 0 || !strings.Contains(errs, "已存在") {
		t.Errorf("second init: %d %q", code, errs)
	}
	if code, out, errs := cli(t, "set", "--db", db, "--indicator", "36", "--year", "2017", "--value", "８５％", "--source", "问卷调查"); code != 0 || !strings.Contains(out, "85%") {
		t.Fatalf("set: %d %q %q", code, out, errs)
	}
	cli(t, "set", "--db", db, "--indicator", "36", "--year", "2017", "--value", "87", "--by", "张三")
	code, out, _ := cli(t, "history", "--db", db, "--indicator", "36", "--json")
	var hs []map[string]any
	if code != 0 || json.Unmarshal([]byte(out), &hs) != nil || len(hs) != 2 || hs[1]["old"] != "85" || hs[1]["value"] != "87" || hs[1]["actor"] != "张三" {
		t.Errorf("history: %d %s", code, out)
	}
	code, out, _ = cli(t, "check", "--db", db, "--json")
	var c assess.CheckJSON
	if code != 0 || json.Unmarshal([]byte(out), &c) != nil {
		t.Fatalf("check --json: %d %s", code, out)
	}
	if c.Schema != assess.CheckSchema || len(c.Indicators) != 37 || c.Project.Sample {
		t.Errorf("check json: schema %s, %d indicators, sample %v", c.Schema, len(c.Indicators), c.Project.Sample)
	}
	ind36 := c.Indicators[35]
	if ind36.Code != "36" || ind36.Results[2].Year != 2017 || ind36.Results[2].Status.String() != "达标" {
		t.Errorf("indicator 36: %+v", ind36)
	}
}

func TestBadInputExitsNonZeroAndWritesNothing(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	cli(t, "init", "--db", db)
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"--indicator", "38", "--year", "2017", "--value", "1"}, "指标 \"38\" 不存在"},
		{[]string{"--indicator", "2", "--year", "2014", "--value", "21"}, "年度 2014 不在本项目中"},
		{[]string{"--indicator", "2", "--year", "2017", "--value", "很高"}, "不是数字"},
		{[]string{"--indicator", "36", "--year", "2017", "--value", "130"}, "超出有效范围"},
		{[]string{"--indicator", "23", "--year", "2017", "--value", "-1"}, "超出有效范围"},
		{[]string{"--indicator", "2", "--year", "2017"}, "请用 --value 指定值"},
	}
	for _, c := range cases {
		code, _, errs := cli(t, append([]string{"set", "--db", db}, c.args...)...)
		if code == 0 || !strings.Contains(errs, c.want) {
			t.Errorf("set %v: exit %d, %q; want %q", c.args, code, errs, c.want)
		}
	}
	_, out, _ := cli(t, "check", "--db", db, "--json")
	var c assess.CheckJSON
	decodeStrict(t, out, &c)
	for _, ind := range c.Indicators {
		for _, r := range ind.Results {
			if r.Value != "" {
				t.Errorf("bad input wrote %s %d = %s", ind.Code, r.Year, r.Value)
			}
		}
	}
}

func TestBackupRestoreCommands(t *testing.T) {
	dir := t.TempDir()
	db, bak := filepath.Join(dir, "p.db"), filepath.Join(dir, "p-备份.db")
	cli(t, "init", "--db", db)
	cli(t, "set", "--db", db, "--indicator", "2", "--year", "2017", "--value", "21")
	if code, _, errs := cli(t, "backup", "--db", db, "--out", bak); code != 0 {
		t.Fatal(errs)
	}
	cli(t, "set", "--db", db, "--indicator", "2", "--year", "2017", "--value", "30")
	if code, out, errs := cli(t, "restore", "--from", bak, "--db", db); code != 0 || !strings.Contains(out, "另存为") {
		t.Fatalf("restore: %d %q %q", code, out, errs)
	}
	_, out, _ := cli(t, "history", "--db", db, "--indicator", "2", "--json")
	if !strings.Contains(out, `"value": "21"`) || strings.Contains(out, `"value": "30"`) {
		t.Errorf("after restore: %s", out)
	}
}

func TestDemoWithoutDB(t *testing.T) {
	code, out, errs := cli(t, "check")
	if code != 0 || !strings.Contains(out, "示例数据") || !strings.Contains(out, "总体结论（2017年）") {
		t.Fatalf("check on the demo: %d %q", code, errs)
	}
	for _, want := range []string{"达标", "未达标", "缺数据", "目标待定", "8.target", "已裁定"} {
		if !strings.Contains(out, want) {
			t.Errorf("demo check lacks %q", want)
		}
	}
}

func TestResolveAndTarget(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	cli(t, "init", "--db", db)
	if code, _, errs := cli(t, "resolve", "--db", db, "--id", "8.target", "--choice", "annex1"); code == 0 || !strings.Contains(errs, "--reason") {
		t.Errorf("resolve without reason: %d %q", code, errs)
	}
	if code, _, errs := cli(t, "resolve", "--db", db, "--id", "8.target", "--choice", "annex1", "--reason", "以国家指标为准"); code != 0 {
		t.Fatal(errs)
	}
	if code, _, errs := cli(t, "target", "--db", db, "--indicator", "10.1", "--target", ">=3", "--reason", "省厅通知"); code != 0 {
		t.Fatal(errs)
	}
	_, out, _ := cli(t, "check", "--db", db, "--json")
	var c assess.CheckJSON
	decodeStrict(t, out, &c)
	if c.Indicators[7].Target != "100%" {
		t.Errorf("8 target after resolving: %s", c.Indicators[7].Target)
	}
	if c.Indicators[9].Subs[0].Target != "≥3%" {
		t.Errorf("10.1 target: %s", c.Indicators[9].Subs[0].Target)
	}
}

func TestHelpIsChinese(t *testing.T) {
	code, out, _ := cli(t, "--help")
	if code != 0 || !strings.Contains(out, "用法") {
		t.Fatalf("help: %d %q", code, out)
	}
	for name := range commands {
		code, out, _ := cli(t, name, "--help")
		if code != 0 || !strings.Contains(out, "用法：ecoreport-cli "+name) {
			t.Errorf("%s --help: %d %q", name, code, out)
		}
	}
	if code, _, errs := cli(t, "check", "--nope"); code != 2 || !strings.Contains(errs, "未知选项") {
		t.Errorf("unknown flag: %d %q", code, errs)
	}
	if code, _, errs := cli(t, "frobnicate"); code != 2 || !strings.Contains(errs, "未知命令") {
		t.Errorf("unknown command: %d %q", code, errs)
	}
}

// TestCatalogAndCheckPunctuation: catalog and check print the plan's texts
// with full-width punctuation next to Chinese, as the window and the
// documents do; only the quotes of the source (in 「」) keep its own.
func TestCatalogAndCheckPunctuation(t *testing.T) {
	halfWidth := regexp.MustCompile(`\p{Han}[,:;()]|[,:;()]\p{Han}`)
	quote := regexp.MustCompile(`「[^」]*」`)
	for _, cmd := range []string{"catalog", "check"} {
		code, out, errs := cli(t, cmd)
		if code != 0 {
			t.Fatalf("%s: %d %s", cmd, code, errs)
		}
		for i, line := range strings.Split(out, "\n") {
			if m := halfWidth.FindString(quote.ReplaceAllString(line, "「」")); m != "" {
				t.Errorf("%s line %d: %q in %q", cmd, i+1, m, line)
			}
		}
		for _, want := range []string{"生态环境状况指数（EI）"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s: no %q", cmd, want)
			}
		}
	}
}

// TestTuneGC: the command line's collector settings apply unless GOGC or
// GOMEMLIMIT are set.
func TestTuneGC(t *testing.T) {
	gc, limit := debug.SetGCPercent(100), debug.SetMemoryLimit(math.MaxInt64)
	t.Cleanup(func() { debug.SetGCPercent(gc); debug.SetMemoryLimit(limit) })
	for _, tc := range []struct {
		gogc, memlimit string
		wantGC         int
		wantLimit      int64
	}{
		{"", "", cliGCPercent, cliMemoryLimit},
		{"50", "", 100, cliMemoryLimit},
		{"", "1GiB", cliGCPercent, math.MaxInt64},
	} {
		t.Setenv("GOGC", tc.gogc)
		t.Setenv("GOMEMLIMIT", tc.memlimit)
		debug.SetGCPercent(100)
		debug.SetMemoryLimit(math.MaxInt64)
		tuneGC()
		if got := debug.SetGCPercent(100); got != tc.wantGC {
			t.Errorf("GOGC=%q: GC percent %d, want %d", tc.gogc, got, tc.wantGC)
		}
		if got := debug.SetMemoryLimit(math.MaxInt64); got != tc.wantLimit {
			t.Errorf("GOMEMLIMIT=%q: limit %d, want %d", tc.memlimit, got, tc.wantLimit)
		}
	}
}
