package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestBuildStrictRefuses(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	var out, errb bytes.Buffer
	code := run([]string{"demo", "--out", dir, "--strict"}, &out, &errb)
	if code == 0 {
		t.Fatal("strict build of the demo succeeded")
	}
	if !strings.Contains(out.String(), "未生成任何文件") || !strings.Contains(errb.String(), "未就绪") {
		t.Errorf("stdout %q\nstderr %q", out.String(), errb.String())
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Error("something was written")
	}
}

func TestBuildNeedsOut(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"build"}, &out, &errb); code != 2 || !strings.Contains(errb.String(), "--out") {
		t.Errorf("code %d, stderr %q", code, errb.String())
	}
}
