package pkg_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ecoreport/app/demo"
	"ecoreport/app/evidence"
	"ecoreport/app/store"
	"ecoreport/report/pdfimport/fixture"
	"ecoreport/report/pkg"
)

// attachUnchecked stores a file as a database from before the checks at
// attach time might hold it (raw SQL: evidence.Attach refuses such files).
func attachUnchecked(t *testing.T, s *store.Store, item int64, name, mime string, data []byte) {
	t.Helper()
	sum := sha256.Sum256(data)
	hash := hex.EncodeToString(sum[:])
	if _, err := s.DB().Exec(`INSERT INTO evidence_blobs (sha256, size, mime, data, added_at) VALUES (?, ?, ?, ?, '2018-01-01')
		ON CONFLICT (sha256) DO NOTHING`, hash, len(data), mime, data); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DB().Exec(`INSERT INTO evidence_attachments (item, sha256, name, sort, added_at, actor)
		VALUES (?, ?, ?, (SELECT coalesce(max(sort), 0) + 1 FROM evidence_attachments WHERE item = ?), '2018-01-01', '测试')`, item, hash, name, item); err != nil {
		t.Fatal(err)
	}
}

// TestPlaceholdersInManifest: every attachment the binder replaces by a
// note is in manifest.json's warnings and not_ready, and in 00_材料清单.
func TestPlaceholdersInManifest(t *testing.T) {
	s, err := demo.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	items, err := evidence.List(s, evidence.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	locked, err := fixture.Encrypt(fixture.TextPDF(1, fixture.Label("x")), "user", "owner")
	if err != nil {
		t.Fatal(err)
	}
	bad := map[string][]byte{"加密的通知.pdf": locked, "损坏的扫描件.pdf": []byte("%PDF-1.4\nbroken"), "炸弹.png": fixture.PNGBomb(40000, 40000)}
	for name, data := range bad {
		mime := evidence.MimePDF
		if strings.HasSuffix(name, ".png") {
			mime = evidence.MimePNG
		}
		attachUnchecked(t, s, items[2].ID, name, mime, data)
	}
	dir := filepath.Join(t.TempDir(), "out")
	res, err := pkg.Build(context.Background(), s, dir, pkg.Options{Only: "binder"})
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, pkg.ManifestJSON))
	if err != nil {
		t.Fatal(err)
	}
	var m pkg.Manifest
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	count := func(ws []string) int {
		n := 0
		for _, w := range ws {
			if strings.Contains(w, "无法编入佐证材料汇编") {
				n++
			}
		}
		return n
	}
	if count(m.Warnings) != len(bad) || count(res.Warnings) != len(bad) {
		t.Fatalf("warnings %v, want one per bad file (%d)", m.Warnings, len(bad))
	}
	for name := range bad {
		found := false
		for _, w := range m.Warnings {
			found = found || strings.Contains(w, "“"+name+"”")
		}
		if !found {
			t.Errorf("%s not in warnings %v", name, m.Warnings)
		}
		found = false
		for _, is := range m.NotReady {
			found = found || (is.Kind == pkg.IssueAttachment && strings.Contains(is.Detail, name))
		}
		if !found {
			t.Errorf("%s not in not_ready", name)
		}
	}
	if m.Ready {
		t.Error("manifest says ready")
	}
}
