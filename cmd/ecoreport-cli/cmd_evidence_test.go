package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ecoreport/app/evidence"
)

func TestEvidenceRoundTrip(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	if code, _, errs := cli(t, "init", "--db", db); code != 0 {
		t.Fatalf("init: %s", errs)
	}
	pdfPath := filepath.Join(dir, "规划.pdf")
	os.WriteFile(pdfPath, evidence.SamplePDF("plan", "2016"), 0o644)
	docPath := filepath.Join(dir, "规划.doc")
	os.WriteFile(docPath, []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 word"), 0o644)

	code, out, errs := cli(t, "evidence-add", "--db", db, "--indicator", "1", "--year", "2016", "--title", "海陵区生态文明建设规划",
		"--issuer", "海陵区人民政府", "--date", "2016年11月18日", "--pages", "126", "--class", "B", "--org", "环保局", "--file", pdfPath, "--by", "张三")
	if code != 0 || !strings.Contains(out, "已登记佐证材料 1") || !strings.Contains(out, "附件 1 个") {
		t.Fatalf("evidence-add: %d %q %q", code, out, errs)
	}
	if code, _, errs := cli(t, "evidence-add", "--db", db, "--indicator", "1", "--year", "2016", "--title", "x", "--file", docPath); code == 0 || !strings.Contains(errs, "请另存为 PDF") {
		t.Fatalf("Word file: %d %q", code, errs)
	}
	if code, _, errs := cli(t, "evidence-review", "--db", db, "--id", "1", "--state", "已整改"); code == 0 || !strings.Contains(errs, "不能改为「已整改」") {
		t.Fatalf("invalid transition: %d %q", code, errs)
	}
	if code, _, errs := cli(t, "evidence-review", "--db", db, "--id", "1", "--state", "需补充"); code == 0 || !strings.Contains(errs, "反馈意见") {
		t.Fatalf("needs more without feedback: %d %q", code, errs)
	}
	if code, _, errs := cli(t, "evidence-review", "--db", db, "--id", "1", "--state", "需补充", "--feedback", "缺人大批准文件", "--by", "王审核"); code != 0 {
		t.Fatalf("review: %s", errs)
	}
	if code, _, errs := cli(t, "evidence-edit", "--db", db, "--id", "1", "--pages", "128"); code != 0 {
		t.Fatalf("edit: %s", errs)
	}

	code, out, _ = cli(t, "evidence-list", "--db", db, "--indicator", "1", "--json")
	var items []evidence.Item
	if code != 0 || json.Unmarshal([]byte(out), &items) != nil || len(items) != 1 {
		t.Fatalf("list: %d %s", code, out)
	}
	it := items[0]
	if it.State != evidence.StateNeedsMore || it.Feedback != "缺人大批准文件" || it.Org != "env" || it.IssuedOn != "2016-11-18" ||
		it.Pages != 128 || len(it.Attachments) != 1 || it.Attachments[0].Name != "规划.pdf" {
		t.Fatalf("listed item: %+v", it)
	}
	code, out, _ = cli(t, "evidence-feedback", "--db", db, "--org", "海陵环保局")
	if code != 0 || !strings.Contains(out, "缺人大批准文件") || !strings.Contains(out, "没有任何佐证材料") {
		t.Fatalf("feedback: %d %s", code, out)
	}
	code, out, _ = cli(t, "evidence-history", "--db", db, "--id", "1")
	for _, want := range []string{"张三  登记", "添加附件 规划.pdf", "王审核  审核：需补充（意见：缺人大批准文件）", "修改 页数：126 → 128"} {
		if !strings.Contains(out, want) {
			t.Errorf("history lacks %q:\n%s", want, out)
		}
	}
	outDir := filepath.Join(dir, "out")
	os.Mkdir(outDir, 0o755)
	code, out, errs = cli(t, "evidence-export", "--db", db, "--id", "1", "--out", outDir)
	got, _ := os.ReadFile(filepath.Join(outDir, "规划.pdf"))
	if code != 0 || string(got) != string(evidence.SamplePDF("plan", "2016")) {
		t.Fatalf("export: %d %q %q", code, out, errs)
	}
	code, out, _ = cli(t, "evidence-completeness", "--db", db)
	if code != 0 || !strings.Contains(out, "0/") || !strings.Contains(out, "需补充 1") {
		t.Fatalf("completeness: %d %s", code, out)
	}

	if code, _, errs := cli(t, "milestone-set", "--db", db, "--milestone", "evidence-submit", "--org", "区审计局", "--state", "已报送"); code != 0 {
		t.Fatalf("milestone-set: %s", errs)
	}
	code, out, _ = cli(t, "milestones", "--db", db, "--today", "2018-05-20", "--json")
	var rows []evidence.OrgMilestone
	if code != 0 || json.Unmarshal([]byte(out), &rows) != nil {
		t.Fatalf("milestones: %d %s", code, out)
	}
	for _, r := range rows {
		if r.Milestone == "evidence-submit" && (r.Org == "audit") != (r.State == evidence.Submitted) {
			t.Errorf("row %+v", r)
		}
		if r.Milestone == "evidence-submit" && r.Org != "audit" && !r.Overdue {
			t.Errorf("not overdue: %+v", r)
		}
	}
	if code, out, _ := cli(t, "evidence-review", "--help"); code != 0 || !strings.Contains(out, "审核一条佐证材料") {
		t.Errorf("help: %s", out)
	}
}

func TestEvidenceDemo(t *testing.T) {
	code, out, errs := cli(t, "evidence-list", "--state", "需补充")
	if code != 0 || !strings.Contains(out, "共 4 条") || !strings.Contains(out, "反馈：") {
		t.Fatalf("demo list: %d %s %s", code, out, errs)
	}
	code, out, _ = cli(t, "milestones")
	if code != 0 || !strings.Contains(out, "按 2018-05-20 判断") || !strings.Contains(out, "逾期 20 天") {
		t.Fatalf("demo milestones: %d %s", code, out)
	}
}
