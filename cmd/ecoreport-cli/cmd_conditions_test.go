package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"ecoreport/app/assess"
	"ecoreport/app/store"
)

// TestConditionsRoundTrip sets the prerequisites by command line and reads
// them back from conditions --json, check --json, the 技术报告's table
// (pdftotext) and the strict build's refusal.
func TestConditionsRoundTrip(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "示例.db")
	if code, _, errs := cli(t, "init", "--db", db, "--demo"); code != 0 {
		t.Fatalf("init --demo: %d %s", code, errs)
	}
	conds := func() []store.Condition {
		t.Helper()
		code, out, errs := cli(t, "conditions", "--db", db, "--json")
		var cs []store.Condition
		if code != 0 || json.Unmarshal([]byte(out), &cs) != nil {
			t.Fatalf("conditions --json: %d %s %s", code, out, errs)
		}
		return cs
	}
	before := conds()
	if len(before) != 8 {
		t.Fatalf("demo has %d conditions, want the 8 of seeds/conditions.yaml", len(before))
	}

	// Refusals: exit 1 (or 2 for a usage error), nothing written.
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"--id", "5", "--state", "基本满足"}, exitRefused, "满足、不满足 或 待确认"},
		{[]string{"--id", "5", "--evidence", "99999"}, exitRefused, "佐证材料 99999 不存在"},
		{[]string{"--id", "5", "--evidence", "三"}, exitRefused, "佐证材料编号"},
		{[]string{"--id", "42", "--state", "满足"}, exitRefused, "新增条件须写明条件名称"},
		{[]string{"--state", "满足"}, exitUsage, "--id"},
		{[]string{"--id", "5", "--nope"}, exitUsage, ""},
	} {
		code, _, errs := cli(t, append([]string{"condition-set", "--db", db}, tc.args...)...)
		if code != tc.code || !strings.Contains(errs, tc.msg) {
			t.Errorf("condition-set %v: %d %q, want %d with %q", tc.args, code, errs, tc.code, tc.msg)
		}
	}
	if after := conds(); len(after) != len(before) || after[4].At != before[4].At {
		t.Fatalf("a refused condition-set wrote something: %+v", after[4])
	}

	if code, _, errs := cli(t, "condition-set", "--db", db, "--id", "5", "--state", "满足",
		"--note", "经核查，近三年未被通报批评或挂牌督办。", "--evidence", "27，26", "--by", "李四"); code != 0 {
		t.Fatalf("condition-set 5: %d %s", code, errs)
	}
	if code, _, errs := cli(t, "condition-set", "--db", db, "--id", "9", "--title", "已建立生态文明建设目标评价考核制度",
		"--state", "不满足", "--note", "考核制度尚待区委常委会审定。"); code != 0 {
		t.Fatalf("condition-set 9: %d %s", code, errs)
	}
	after := conds()
	if len(after) != 9 {
		t.Fatalf("%d conditions after adding one, want 9", len(after))
	}
	c5 := after[4]
	if c5.State != store.ConditionMet || c5.Actor != "李四" || len(c5.Evidence) != 2 || c5.Evidence[0] != 26 || c5.Evidence[1] != 27 {
		t.Errorf("condition 5: %+v", c5)
	}

	code, out, _ := cli(t, "check", "--db", db, "--json")
	var chk assess.CheckJSON
	if code != 0 || json.Unmarshal([]byte(out), &chk) != nil {
		t.Fatalf("check --json: %d", code)
	}
	if r := chk.Readiness; r.ConditionsNotMet != 2 || r.ConditionsUnconfirmed != 2 {
		t.Errorf("readiness: %d not met, %d unconfirmed; want 2 and 2 (8 and 9; 6 and 7)", r.ConditionsNotMet, r.ConditionsUnconfirmed)
	}

	if code, out, _ := cli(t, "check", "--db", db); code != 0 || !strings.Contains(out, "基本条件：不满足 2 项，待确认 2 项") {
		t.Errorf("check lacks the prerequisites' line: %d", code)
	}

	outDir := filepath.Join(dir, "out")
	code, out, errs := cli(t, "build", "--db", db, "--out", outDir, "--only", "技术报告", "--fonts", "bundled")
	if code != 0 {
		t.Fatalf("build: %d %s %s", code, out, errs)
	}
	for _, want := range []string{"基本条件 9“已建立生态文明建设目标评价考核制度”不满足", "基本条件 6“中央和省级生态环境保护督察反馈问题已按期完成整改”待确认"} {
		if !strings.Contains(out+errs, want) {
			t.Errorf("build output lacks %q:\n%s\n%s", want, out, errs)
		}
	}
	pdfs, _ := filepath.Glob(filepath.Join(outDir, "*技术报告*.pdf"))
	if len(pdfs) != 1 {
		t.Fatalf("technical report: %v", pdfs)
	}
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext 不可用(poppler-utils),跳过 PDF 文字检查")
	}
	txtFile := filepath.Join(dir, "tr.txt")
	if err := exec.Command(bin, "-enc", "UTF-8", pdfs[0], txtFile).Run(); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(txtFile)
	// Table cells wrap and pdftotext interleaves the columns' lines:
	// compare without white space, fragments of one line each.
	text := regexp.MustCompile(`\s+`).ReplaceAllString(string(raw), "")
	chapter := text[strings.LastIndex(text, "基本条件对照"):]
	if strings.Contains(chapter, "（材料27）") {
		t.Error("基本条件 chapter cites evidence by its database id (材料27)")
	}
	for _, want := range []string{"申报基本条件自查情况", "条件", "情况说明", "佐证材料", "结论",
		"经核查，近三年未被通报批评", "（指标16材料", // items 26 and 27, numbered as the evidence catalog numbers them
		"已建立生态文明建设目标评价考核制度", "考核制度尚待区委常委会审定。", "不满足", "待确认"} {
		if !strings.Contains(chapter, want) {
			t.Errorf("基本条件 chapter lacks %q", want)
		}
	}

	code, _, errs = cli(t, "build", "--db", db, "--out", filepath.Join(dir, "strict"), "--strict", "--fonts", "bundled")
	if code != exitRefused || !strings.Contains(errs, "基本条件不满足") {
		t.Errorf("strict build: %d, want %d listing 基本条件不满足: %s", code, exitRefused, errs)
	}
}
