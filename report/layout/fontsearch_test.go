package layout

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"ecoreport/assets"
)

// officialFolder puts bundled TrueType files under the file names of the
// official Windows faces into a temporary folder.
func officialFolder(t *testing.T, names map[string][]byte) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range names {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestResolveFontsFindsOfficialFaces(t *testing.T) {
	dir := officialFolder(t, map[string][]byte{"simfang.ttf": assets.Kai(), "simhei.ttf": assets.Hei(), "FZXBSJW.TTF": assets.Song()})
	got, err := ResolveFonts(Fonts{UseSystem: true, Dirs: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}
	want := map[Face]struct {
		file     string
		official bool
	}{
		FaceSong: {assets.SongFile, false}, FaceFangSong: {"simfang.ttf", true}, FaceHei: {"simhei.ttf", true},
		FaceKai: {assets.KaiFile, false}, FaceXiaoBiaoSong: {"FZXBSJW.TTF", true},
	}
	for _, c := range got {
		w := want[c.Face]
		if c.File != w.file || c.Official != w.official {
			t.Errorf("%s: %s (official %v), want %s (official %v)", c.Face, c.File, c.Official, w.file, w.official)
		}
		if c.Family == "" || c.PostScript == "" {
			t.Errorf("%s: no family or PostScript name read from %s", c.Face, c.File)
		}
	}
	// Without the folder only the bundled faces serve.
	got, err = ResolveFonts(Fonts{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range got {
		if c.Official {
			t.Errorf("%s: official face %s without UseSystem", c.Face, c.File)
		}
	}
}

// TestTTCFaceExtracted places a collection under the name simsun.ttc.
func TestTTCFaceExtracted(t *testing.T) {
	dir := officialFolder(t, map[string][]byte{"simsun.ttc": makeTTC(t, assets.Song(), assets.Hei())})
	got, err := ResolveFonts(Fonts{UseSystem: true, Dirs: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}
	if got[0].Face != FaceSong || got[0].File != "simsun.ttc" || !got[0].Official {
		t.Fatalf("宋体 from %+v, want simsun.ttc", got[0])
	}
	doc := NewDocument(Options{Fonts: Fonts{UseSystem: true, Dirs: []string{dir}}})
	doc.Add(P("生态文明建设示范区"))
	var buf writeCounter
	if _, err := doc.Write(&buf); err != nil {
		t.Fatal(err)
	}
}

// TestBrokenOfficialFaceNotUsed: a file under an official name that is no
// usable TrueType face leaves the role to the bundled face.
func TestBrokenOfficialFaceNotUsed(t *testing.T) {
	dir := officialFolder(t, map[string][]byte{"simfang.ttf": []byte("not a font")})
	got, err := ResolveFonts(Fonts{UseSystem: true, Dirs: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}
	if got[1].Face != FaceFangSong || got[1].Official {
		t.Errorf("仿宋 served by %+v, want the bundled face", got[1])
	}
}

type writeCounter int

func (w *writeCounter) Write(p []byte) (int, error) { *w += writeCounter(len(p)); return len(p), nil }

// makeTTC builds a TrueType collection of the given faces.
func makeTTC(t *testing.T, faces ...[]byte) []byte {
	t.Helper()
	be := func(b []byte, v uint32) { b[0], b[1], b[2], b[3] = byte(v>>24), byte(v>>16), byte(v>>8), byte(v) }
	hdr := 12 + 4*len(faces)
	out := make([]byte, hdr)
	copy(out, "ttcf")
	be(out[4:], 0x00010000)
	be(out[8:], uint32(len(faces)))
	for i, f := range faces {
		base := uint32(len(out))
		be(out[12+4*i:], base)
		// Copy the face, moving its table offsets by base.
		face := append([]byte(nil), f...)
		n := int(face[4])<<8 | int(face[5])
		for k := 0; k < n; k++ {
			p := 12 + 16*k + 8
			off := uint32(face[p])<<24 | uint32(face[p+1])<<16 | uint32(face[p+2])<<8 | uint32(face[p+3])
			be(face[p:], off+base)
		}
		out = append(out, face...)
	}
	return out
}

// TestFontFolderFromEnvironment: ECOREPORT_FONTS names a folder searched
// before the system's font folders.
func TestFontFolderFromEnvironment(t *testing.T) {
	dir := officialFolder(t, map[string][]byte{"仿宋_GB2312.ttf": assets.Kai()})
	t.Setenv(FontDirEnv, dir)
	got, err := ResolveFonts(Fonts{UseSystem: true})
	if err != nil {
		t.Fatal(err)
	}
	if got[1].Face != FaceFangSong || got[1].File != "仿宋_GB2312.ttf" || !got[1].Official {
		t.Errorf("仿宋 served by %+v, want 仿宋_GB2312.ttf from %s", got[1], FontDirEnv)
	}
}

// TestPinFonts: a pinned configuration names the official faces the search
// finds (an unreadable one is left out, as the search leaves it), resolves
// to the same files, and sets a document byte for byte as the search does.
func TestPinFonts(t *testing.T) {
	dir := officialFolder(t, map[string][]byte{"simfang.ttf": assets.Kai(), "simhei.ttf": []byte("不是字体")})
	cfg := Fonts{UseSystem: true, Dirs: []string{dir}}
	pinned, err := cfg.Pin()
	if err != nil {
		t.Fatal(err)
	}
	want := map[Face]string{FaceFangSong: filepath.Join(dir, "simfang.ttf")}
	if pinned.UseSystem || len(pinned.Paths) != len(want) || pinned.Paths[FaceFangSong] != want[FaceFangSong] {
		t.Errorf("pinned %+v, want only Paths %v", pinned, want)
	}
	a, err := ResolveFonts(cfg)
	if err != nil {
		t.Fatal(err)
	}
	b, err := ResolveFonts(pinned)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(a) != fmt.Sprint(b) {
		t.Errorf("pinned fonts resolve to\n%v\nthe search to\n%v", b, a)
	}
	write := func(f Fonts) []byte {
		doc := NewDocument(Options{Title: "字体", Fonts: f})
		doc.Add(H(1, "标题"), &Paragraph{Runs: []Run{{Text: "正文用仿宋，", Face: FaceFangSong}, {Text: "标题用黑体。", Face: FaceHei}}})
		var buf bytes.Buffer
		if _, err := doc.Write(&buf); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	if !bytes.Equal(write(cfg), write(pinned)) {
		t.Error("a document set with the pinned fonts differs from one set with the search")
	}
	// Bundled fonts only: nothing to pin.
	if p, err := (Fonts{}).Pin(); err != nil || p.UseSystem || len(p.Paths) != 0 {
		t.Errorf("Fonts{}.Pin() = %+v, %v", p, err)
	}
}
