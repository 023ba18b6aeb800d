package pkg

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"ecoreport/assets"
)

func fontOf(fonts []FontUse, role string) FontUse {
	for _, f := range fonts {
		if f.Role == role {
			return f
		}
	}
	return FontUse{}
}

func hasWarning(ws []string, prefix string) bool {
	for _, w := range ws {
		if strings.HasPrefix(w, prefix) {
			return true
		}
	}
	return false
}

// TestOfficialFontsFromFolder places TrueType files under the official
// Windows names (the bundled Kai as simfang.ttf, so that it can be told
// from the Song stand-in) in a folder: the work report's body is set in
// that face and the manifest says so; without them the bundled faces serve
// and the manifest marks the substitute.
func TestOfficialFontsFromFolder(t *testing.T) {
	s := openDemo(t)
	dir := t.TempDir()
	for name, data := range map[string][]byte{"simfang.ttf": assets.Kai(), "simhei.ttf": assets.Hei(), "FZXBSJW.TTF": assets.Song()} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r, err := Render(context.Background(), s, Options{Only: "work", FontDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	body := fontOf(r.Fonts, "body")
	if body.File != "simfang.ttf" || body.Substitute || body.Face != "仿宋" || body.Family == "" {
		t.Errorf("body font %+v, want simfang.ttf, not a substitute", body)
	}
	if f := fontOf(r.Fonts, "title"); f.File != "FZXBSJW.TTF" || f.Substitute {
		t.Errorf("title font %+v", f)
	}
	if hasWarning(r.Warnings, WarnBodyFace) {
		t.Errorf("warning %q with 仿宋 present", WarnBodyFace)
	}
	var m Manifest
	if err := json.Unmarshal(file(t, r, ManifestJSON).Data(), &m); err != nil {
		t.Fatal(err)
	}
	if fontOf(m.Fonts, "body").File != "simfang.ttf" || len(m.Fonts) != 5 {
		t.Errorf("manifest.json fonts = %+v", m.Fonts)
	}
	// The body face is embedded in the work report.
	if bin, err := exec.LookPath("pdffonts"); err == nil {
		cmd := exec.Command(bin, "-")
		cmd.Stdin = bytes.NewReader(file(t, r, "02_创建工作报告.pdf").Data())
		out, _ := cmd.Output()
		if body.PostScript == "" || !strings.Contains(string(out), "+"+body.PostScript) {
			t.Errorf("work report fonts do not include %s:\n%s", body.Family, out)
		}
	}

	// Bundled faces only.
	r, err = Render(context.Background(), s, Options{Only: "work", Fonts: "bundled"})
	if err != nil {
		t.Fatal(err)
	}
	body = fontOf(r.Fonts, "body")
	if body.File != assets.SongFile || !body.Substitute {
		t.Errorf("bundled body font %+v, want %s as a substitute", body, assets.SongFile)
	}
	if !hasWarning(r.Warnings, WarnBodyFace) {
		t.Errorf("no warning %q: %v", WarnBodyFace, r.Warnings)
	}
	if f := fontOf(r.Fonts, "heading1"); f.Substitute {
		t.Errorf("bundled 黑体 marked as a substitute: %+v", f)
	}
	if !strings.Contains(squash(pdfText(t, file(t, r, ManifestPDF).Data(), false)), WarnBodyFace) {
		t.Errorf("材料清单 does not say %q", WarnBodyFace)
	}
}
