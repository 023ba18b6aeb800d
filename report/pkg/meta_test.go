package pkg

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestEveryDocumentHasMetadata: every PDF of the demo package, the binder
// included, carries a title naming the district, the issuing office as
// author, a subject, the keywords and the creator, as a reader's document
// properties show them.
func TestEveryDocumentHasMetadata(t *testing.T) {
	bin, err := exec.LookPath("pdfinfo")
	if err != nil {
		t.Skip("pdfinfo (poppler-utils) not installed")
	}
	r, a := demoPackage(t)
	district := a.Settings.District
	n := 0
	for _, f := range r.Files {
		if !strings.HasSuffix(f.Name, ".pdf") {
			continue
		}
		n++
		p := filepath.Join(t.TempDir(), "doc.pdf")
		if err := os.WriteFile(p, f.Data(), 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(bin, "-enc", "UTF-8", p).Output()
		if err != nil {
			t.Fatalf("pdfinfo %s: %v", f.Name, err)
		}
		info := map[string]string{}
		for _, line := range strings.Split(string(out), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok {
				info[k] = strings.TrimSpace(v)
			}
		}
		if !strings.HasPrefix(info["Title"], district) {
			t.Errorf("%s: title %q does not name %s", f.Name, info["Title"], district)
		}
		if !strings.HasPrefix(info["Author"], district) || !strings.HasSuffix(info["Author"], "办公室") {
			t.Errorf("%s: author %q is not an office of %s", f.Name, info["Author"], district)
		}
		if info["Subject"] == "" || !strings.Contains(info["Keywords"], "国家生态文明建设示范区") || info["Creator"] != "ecoreport" {
			t.Errorf("%s: subject %q, keywords %q, creator %q", f.Name, info["Subject"], info["Keywords"], info["Creator"])
		}
	}
	if n < 8 {
		t.Errorf("%d PDF files in the demo package, want 8", n)
	}
}
