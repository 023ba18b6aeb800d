package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFileErrorsAreChinese: what goes wrong with a path is said in Chinese
// and names the path; no English from the operating system or SQLite.
func TestFileErrorsAreChinese(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	if code, _, errs := cli(t, "init", "--db", db); code != 0 {
		t.Fatal(errs)
	}
	under := filepath.Join(db, "子目录") // a path through a file
	missing := filepath.Join(dir, "没有", "x.db")
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"init", "--db", missing}, missing},
		{[]string{"init", "--db", filepath.Join(under, "x.db")}, filepath.Join(under, "x.db")},
		{[]string{"init", "--db", filepath.Join(dir, "n.db"), "--catalog", filepath.Join(dir, "没有.yaml")}, "没有.yaml"},
		{[]string{"check", "--db", dir}, dir},
		{[]string{"build", "--db", db, "--out", under}, under},
		{[]string{"binder", "--db", db, "--out", under}, db},
		{[]string{"backup", "--db", db, "--out", missing}, missing},
		{[]string{"restore", "--from", db, "--db", missing}, missing},
		{[]string{"history", "--db", db, "--indicator", "2", "--year", "abc"}, "--year"},
	}
	english := []string{"no such file", "not a directory", "unable to open", "stat ", "mkdir ", "parse error", "permission denied", "invalid value"}
	for _, c := range cases {
		code, _, errs := cli(t, c.args...)
		if code == 0 || !strings.Contains(errs, c.want) {
			t.Errorf("%v: exit %d, %q; want it to name %q", c.args, code, errs, c.want)
		}
		for _, e := range english {
			if strings.Contains(errs, e) {
				t.Errorf("%v: English in %q", c.args, errs)
			}
		}
	}
}

// TestBinderIsReadableByOthers: the binder is a document like the others
// (mode 0644), not a private temporary file (0600).
func TestBinderIsReadableByOthers(t *testing.T) {
	out := t.TempDir()
	if code, _, errs := cli(t, "binder", "--out", out, "--max-pages", "1"); code != 0 {
		t.Fatalf("binder: %d %s", code, errs)
	}
	pdfs, _ := filepath.Glob(filepath.Join(out, "*.pdf"))
	if len(pdfs) != 1 {
		t.Fatalf("binder wrote %v", pdfs)
	}
	fi, err := os.Stat(pdfs[0])
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o644 {
		t.Errorf("binder mode %v, want 0644", fi.Mode().Perm())
	}
}
