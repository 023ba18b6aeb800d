package main

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// dbDigest sums up every table of a project: row count and highest rowid.
// Equal digests before and after a command mean it wrote nothing.
func dbDigest(t *testing.T, path string) string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.ToSlash(path)+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, n)
	}
	rows.Close()
	var b strings.Builder
	for _, tb := range tables {
		var n, max int64
		if err := db.QueryRow(fmt.Sprintf(`SELECT count(*), coalesce(max(rowid), 0) FROM "%s"`, tb)).Scan(&n, &max); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s:%d/%d ", tb, n, max)
	}
	var settings string
	if err := db.QueryRow(`SELECT group_concat(key || '=' || value, ';') FROM settings`).Scan(&settings); err != nil {
		t.Fatal(err)
	}
	return b.String() + settings
}

// dirNames lists a folder ("" when it does not exist).
func dirNames(t *testing.T, dir string) string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return ""
	} else if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return strings.Join(names, ",")
}

// TestExitCodes runs every command of this file's owner with bad input and
// checks the exit code of the README table and that nothing was written:
// not the project, not the output folder, no stray file.
func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "项目.db")
	if code, _, errs := cli(t, "init", "--db", db, "--demo"); code != 0 {
		t.Fatal(errs)
	}
	junk := filepath.Join(dir, "junk.db")
	if err := os.WriteFile(junk, []byte("这不是数据库"), 0o644); err != nil {
		t.Fatal(err)
	}
	existing := filepath.Join(dir, "已有.db")
	if err := os.WriteFile(existing, []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "输出")
	missing := filepath.Join(dir, "没有.db")

	cases := []struct {
		name string
		args []string
		code int
		want string // in stderr
	}{
		{"unknown command", []string{"frobnicate"}, exitUsage, "未知命令"},
		{"unknown option", []string{"check", "--db", db, "--nope"}, exitUsage, "未知选项"},
		{"extra argument", []string{"check", "--db", db, "extra"}, exitUsage, "不接受参数"},
		{"init without db", []string{"init"}, exitUsage, "--db"},
		{"init existing", []string{"init", "--db", existing}, exitRefused, "已存在"},
		{"init bad catalog", []string{"init", "--db", filepath.Join(dir, "新.db"), "--catalog", junk}, exitRefused, ""},
		{"check missing db", []string{"check", "--db", missing}, exitRefused, "不存在"},
		{"catalog junk db", []string{"catalog", "--db", junk}, exitRefused, "不是 ecoreport 项目数据库"},
		{"history without indicator", []string{"history", "--db", db}, exitUsage, "--indicator"},
		{"history bad year", []string{"history", "--db", db, "--indicator", "2", "--year", "abc"}, exitUsage, "--year 的值 \"abc\" 无效"},
		{"history unknown indicator", []string{"history", "--db", db, "--indicator", "99"}, exitRefused, "不存在"},
		{"resolve without reason", []string{"resolve", "--db", db, "--id", "8.target", "--choice", "annex1"}, exitUsage, "--reason"},
		{"resolve unknown id", []string{"resolve", "--db", db, "--id", "nope", "--choice", "annex1", "--reason", "x"}, exitRefused, "不存在"},
		{"resolve unknown choice", []string{"resolve", "--db", db, "--id", "8.target", "--choice", "annex9", "--reason", "x"}, exitRefused, "annex9"},
		{"target without target", []string{"target", "--db", db, "--indicator", "10.1"}, exitUsage, "--target"},
		{"target bad text", []string{"target", "--db", db, "--indicator", "10.1", "--target", "很多", "--reason", "x"}, exitRefused, "10.1"},
		{"target on parent", []string{"target", "--db", db, "--indicator", "9", "--target", "≥2", "--reason", "x"}, exitRefused, "子指标"},
		{"backup without out", []string{"backup", "--db", db}, exitUsage, "--out"},
		{"backup onto existing", []string{"backup", "--db", db, "--out", existing}, exitRefused, ""},
		{"restore from junk", []string{"restore", "--from", junk, "--db", db}, exitRefused, ""},
		{"evidence-add without title", []string{"evidence-add", "--db", db, "--indicator", "2", "--year", "2017"}, exitUsage, "--title"},
		{"evidence-add bad year", []string{"evidence-add", "--db", db, "--indicator", "2", "--year", "二〇一七", "--title", "x"}, exitUsage, "--year"},
		{"evidence-add unknown indicator", []string{"evidence-add", "--db", db, "--indicator", "99", "--year", "2017", "--title", "x"}, exitRefused, "99"},
		{"evidence-add missing file", []string{"evidence-add", "--db", db, "--indicator", "2", "--year", "2017", "--title", "x", "--file", missing}, exitRefused, ""},
		{"evidence-edit unknown id", []string{"evidence-edit", "--db", db, "--id", "999", "--title", "x"}, exitRefused, "999"},
		{"evidence-delete without reason", []string{"evidence-delete", "--db", db, "--id", "1"}, exitUsage, "--reason"},
		{"evidence-review bad state", []string{"evidence-review", "--db", db, "--id", "1", "--state", "很好"}, exitRefused, "很好"},
		{"evidence-attach missing file", []string{"evidence-attach", "--db", db, "--id", "1", "--file", missing}, exitRefused, ""},
		{"evidence-export unknown id", []string{"evidence-export", "--db", db, "--id", "999", "--out", dir}, exitRefused, "999"},
		{"evidence-history unknown id", []string{"evidence-history", "--db", db, "--id", "999"}, exitRefused, "999"},
		{"milestone-set unknown milestone", []string{"milestone-set", "--db", db, "--milestone", "nope", "--org", "区农委", "--state", "已报送"}, exitRefused, "nope"},
		{"milestone-set bad state", []string{"milestone-set", "--db", db, "--milestone", "evidence-submit", "--org", "区农委", "--state", "好"}, exitRefused, "好"},
		{"milestones bad date", []string{"milestones", "--db", db, "--today", "2018-13-01"}, exitRefused, "2018-13-01"},
		{"build without out", []string{"build", "--db", db}, exitUsage, "--out"},
		{"build strict not ready", []string{"build", "--db", db, "--out", out, "--strict"}, exitRefused, ""},
		{"build unknown document", []string{"build", "--db", db, "--out", out, "--only", "没有这个文件"}, exitRefused, ""},
		{"binder without out", []string{"binder", "--db", db}, exitUsage, "--out"},
		{"demo without out", []string{"demo"}, exitUsage, "--out"},
		{"condition-set without id", []string{"condition-set", "--db", db, "--state", "满足"}, exitUsage, "--id"},
		{"evidence-figure without caption", []string{"evidence-figure", "--db", db, "--attachment", "1"}, exitUsage, "--caption"},
		{"group new town without id", []string{"group", "--db", db, "--group", "各镇街、园区", "--new-town", "新镇"}, exitUsage, "--id"},
		{"narrative-set without text", []string{"narrative-set", "--db", db, "--indicator", "2", "--field", "主要措施"}, exitUsage, "--text"},
		{"narrative-review without state", []string{"narrative-review", "--db", db, "--indicator", "2", "--field", "主要措施"}, exitUsage, "--state"},
		{"narrative-history without field", []string{"narrative-history", "--db", db, "--indicator", "2"}, exitUsage, "--field"},
	}
	before := dbDigest(t, db)
	files := dirNames(t, dir)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, _, errs := cli(t, c.args...)
			if code != c.code || !strings.Contains(errs, c.want) {
				t.Errorf("exit %d, want %d; stderr %q, want %q", code, c.code, errs, c.want)
			}
			if !strings.Contains(errs, "错误") {
				t.Errorf("no error message: %q", errs)
			}
			if got := dbDigest(t, db); got != before {
				t.Errorf("the project changed:\n%s\n%s", before, got)
			}
			if got := dirNames(t, dir); got != files {
				t.Errorf("files changed: %s, was %s", got, files)
			}
			if b, _ := os.ReadFile(existing); string(b) != "keep" {
				t.Errorf("existing file overwritten: %q", b)
			}
		})
	}
}

// TestPartialWriteExitsThree: the binder is written, but an attachment that
// cannot be read is left out and listed: exit code 3.
func TestPartialWriteExitsThree(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "项目.db")
	if code, _, errs := cli(t, "init", "--db", db, "--demo"); code != 0 {
		t.Fatal(errs)
	}
	raw, err := sql.Open("sqlite", "file:"+filepath.ToSlash(db))
	if err != nil {
		t.Fatal(err)
	}
	res, err := raw.Exec(`UPDATE evidence_blobs SET data = X'2550444620627574206e6f7420612050444620' WHERE rowid = (SELECT min(rowid) FROM evidence_blobs WHERE mime = 'application/pdf')`)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		t.Fatalf("%d blobs damaged", n)
	}
	if err := raw.Close(); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "汇编")
	code, stdout, errs := cli(t, "binder", "--db", db, "--out", out, "--max-pages", "1")
	if code != exitPartial || !strings.Contains(errs, "附件无法编入") || !strings.Contains(errs, "部分完成") || !strings.Contains(stdout, "已生成") {
		t.Errorf("binder with a damaged attachment: exit %d, stdout %q, stderr %q", code, stdout, errs)
	}
	if names := dirNames(t, out); !strings.HasSuffix(names, ".pdf") {
		t.Errorf("binder folder: %q", names)
	}
}
