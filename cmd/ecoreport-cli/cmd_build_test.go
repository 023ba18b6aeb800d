package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ecoreport/report/layout"
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

// TestBuildFontFolder: --fonts with a folder of font files under their
// official names sets the package in them; manifest.json says the body
// face (仿宋) is not a substitute.
func TestBuildFontFolder(t *testing.T) {
	t.Setenv(layout.FontDirEnv, "")
	fonts := t.TempDir()
	kai, err := os.ReadFile(filepath.Join("..", "..", "assets", "fonts", "gkai00mp.ttf"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(fonts, "simfang.ttf"), kai, 0o644); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "out")
	var out, errb bytes.Buffer
	if code := run([]string{"demo", "--out", dir, "--only", "matrix", "--fonts", fonts}, &out, &errb); code != 0 {
		t.Fatalf("exit %d\nstdout %s\nstderr %s", code, out.String(), errb.String())
	}
	data, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Fonts []struct {
			Role, Face, File string
			Substitute       bool
		} `json:"fonts"`
		Warnings []string `json:"warnings"`
	}
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	var body bool
	for _, f := range m.Fonts {
		if f.Role == "body" {
			body = true
			if f.Face != "仿宋" || f.File != "simfang.ttf" || f.Substitute {
				t.Errorf("body face %+v, want 仿宋 from simfang.ttf, not a substitute", f)
			}
		}
	}
	if !body {
		t.Errorf("manifest lists no body face: %s", data)
	}
	for _, w := range m.Warnings {
		if strings.Contains(w, "正文未使用仿宋字体") {
			t.Errorf("warning %q although simfang.ttf was given", w)
		}
	}
}

// TestBuildFontFolderMissing: a --fonts value that is neither a keyword
// nor a folder is refused before anything is written.
func TestBuildFontFolderMissing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	file := filepath.Join(t.TempDir(), "simfang.ttf")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{filepath.Join(t.TempDir(), "没有这个文件夹"), file} {
		var out, errb bytes.Buffer
		code := run([]string{"demo", "--out", dir, "--fonts", v}, &out, &errb)
		if code != 1 || !strings.Contains(errb.String(), "--fonts") || !strings.Contains(errb.String(), v) {
			t.Errorf("--fonts %s: exit %d, stderr %q", v, code, errb.String())
		}
		if _, err := os.Stat(dir); !os.IsNotExist(err) {
			t.Errorf("--fonts %s: something was written", v)
		}
	}
}
