package pdfimport_test

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"ecoreport/report/pdfimport"
	"ecoreport/report/pdfimport/fixture"
)

func TestOpenChecks(t *testing.T) {
	text := fixture.TextPDF(3, fixture.Label("plain"))
	owner, err := fixture.Encrypt(text, "", "owner-secret")
	if err != nil {
		t.Fatal(err)
	}
	user, err := fixture.Encrypt(text, "user-secret", "owner-secret")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		kind  pdfimport.Kind
		data  []byte
		pages int    // when accepted
		want  string // part of the refusal
	}{
		{"plain PDF", pdfimport.PDF, text, 3, ""},
		{"owner password only", pdfimport.PDF, owner, 3, ""},
		{"user password", pdfimport.PDF, user, 0, "打开密码"},
		{"5,000 pages", pdfimport.PDF, fixture.TextPDF(5000, fixture.Label("x")), 5000, ""},
		{"5,001 pages", pdfimport.PDF, fixture.TextPDF(5001, fixture.Label("x")), 0, "超过 5000 页"},
		{"not a PDF", pdfimport.PDF, []byte("%PDF-1.4\ngarbage"), 0, "已损坏"},
		{"PNG bomb", pdfimport.PNG, fixture.PNGBomb(20000, 20000), 0, "像素过多"},
		{"truncated PNG", pdfimport.PNG, fixture.PNGBomb(100, 100)[:40], 0, "已损坏"},
		{"JPEG", pdfimport.JPEG, fixture.OrientedJPEG(40, 20, 6), 1, ""},
	}
	for _, tt := range tests {
		d, err := pdfimport.Open(tt.kind, tt.data)
		if err == nil {
			err = d.Verify()
		}
		if tt.want == "" {
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
			} else if d.Pages() != tt.pages {
				t.Errorf("%s: %d pages, want %d", tt.name, d.Pages(), tt.pages)
			}
			continue
		}
		var p *pdfimport.Problem
		if err == nil || !errors.As(err, &p) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want a Problem with %q", tt.name, err, tt.want)
		}
		if err != nil && hasLatinWord(err.Error()) {
			t.Errorf("%s: message has English: %s", tt.name, err)
		}
	}
}

// hasLatinWord reports a run of four or more ASCII letters (parser text).
func hasLatinWord(s string) bool {
	n := 0
	for _, r := range s {
		if r < 128 && (r|0x20) >= 'a' && (r|0x20) <= 'z' {
			if n++; n >= 4 {
				return true
			}
		} else {
			n = 0
		}
	}
	return false
}

// shell is what the layout engine makes: a page per use drawing the form
// by name on the whole A4 page, scaled to fit.
func shell(t *testing.T, uses []pdfimport.Use, sizes []pdfimport.Size) []byte {
	f := fpdf.New("P", "pt", "A4", "")
	f.SetCatalogSort(true)
	f.SetCompression(false)
	// A fixed date, as the layout engine sets it: two shells made a second
	// apart must not differ.
	at := time.Date(2018, 5, 31, 17, 0, 0, 0, time.UTC)
	f.SetCreationDate(at)
	f.SetModificationDate(at)
	for i, u := range uses {
		f.AddPage()
		s := min(595/sizes[i].W, 842/sizes[i].H)
		f.UseImportedTemplate("/"+u.Name, s, s, 0, -sizes[i].H*s)
	}
	var buf bytes.Buffer
	if err := f.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func merge(t *testing.T, files map[string][]byte, kinds map[string]pdfimport.Kind, uses []pdfimport.Use) []byte {
	t.Helper()
	var sizes []pdfimport.Size
	for _, u := range uses {
		d, err := pdfimport.Open(kinds[u.Key], files[u.Key])
		if err != nil {
			t.Fatal(err)
		}
		sizes = append(sizes, d.Size(u.Page))
	}
	sh := shell(t, uses, sizes)
	var out bytes.Buffer
	opened := map[string]int{}
	err := pdfimport.Merge(&out, sh, uses, func(key string, write func(*pdfimport.Doc) error) error {
		opened[key]++
		d, err := pdfimport.Open(kinds[key], files[key])
		if err != nil {
			return err
		}
		return write(d)
	})
	if err != nil {
		t.Fatal(err)
	}
	for k, n := range opened {
		if n != 1 {
			t.Errorf("%s opened %d times", k, n)
		}
	}
	return out.Bytes()
}

func pdftotext(t *testing.T, pdf []byte) []string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed")
	}
	p := filepath.Join(t.TempDir(), "m.pdf")
	os.WriteFile(p, pdf, 0o644)
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", p, "-").CombinedOutput()
	if err != nil || bytes.Contains(out, []byte("Syntax Error")) {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	pages := strings.Split(string(out), "\f")
	return pages[:len(pages)-1]
}

func TestMerge(t *testing.T) {
	plain := fixture.TextPDF(4, fixture.Label("plain"))
	owner, err := fixture.Encrypt(fixture.TextPDF(2, fixture.Label("locked")), "", "owner-secret")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{"a": plain, "b": owner}
	kinds := map[string]pdfimport.Kind{"a": pdfimport.PDF, "b": pdfimport.PDF}
	uses := []pdfimport.Use{{"Aa-1", "a", 1}, {"Ab-2", "b", 2}, {"Aa-4", "a", 4}, {"Ab-1", "b", 1}}
	pdf := merge(t, files, kinds, uses)
	pages := pdftotext(t, pdf)
	want := []string{"plain page 1", "locked page 2", "plain page 4", "locked page 1"}
	if len(pages) != len(want) {
		t.Fatalf("%d pages, want %d", len(pages), len(want))
	}
	for i, w := range want {
		if strings.TrimSpace(pages[i]) != w {
			t.Errorf("page %d reads %q, want %q", i+1, pages[i], w)
		}
	}
	if bytes.Contains(pdf, []byte("/Encrypt")) {
		t.Error("merged file is encrypted")
	}
	// Only the pages used are written: two of plain's four content streams.
	if n := bytes.Count(pdf, []byte("(plain page")); n != 2 {
		t.Errorf("%d content streams of plain, want 2", n)
	}
	if again := merge(t, files, kinds, uses); !bytes.Equal(pdf, again) {
		t.Error("two merges differ")
	}
}

// TestExifOrientation: a JPEG stored 200×100 (left half black) with
// orientation 6 (turn 90° clockwise to view) shows 100×200 with the black
// half on top.
func TestExifOrientation(t *testing.T) {
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		t.Skip("pdftoppm not installed")
	}
	for o, want := range map[int]string{1: "left", 3: "right", 6: "top", 8: "bottom"} {
		files := map[string][]byte{"j": fixture.OrientedJPEG(200, 100, o)}
		kinds := map[string]pdfimport.Kind{"j": pdfimport.JPEG}
		pdf := merge(t, files, kinds, []pdfimport.Use{{"Aj-1", "j", 1}})
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "m.pdf"), pdf, 0o644)
		if out, err := exec.Command("pdftoppm", "-png", "-r", "20", "-singlefile", filepath.Join(dir, "m.pdf"), filepath.Join(dir, "p")).CombinedOutput(); err != nil {
			t.Fatalf("pdftoppm: %v %s", err, out)
		}
		f, _ := os.Open(filepath.Join(dir, "p.png"))
		img, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		// The shell scales the image to fit the A4 page, at its top left.
		d, _ := pdfimport.Open(pdfimport.JPEG, files["j"])
		sz := d.Size(1)
		if (o >= 5) != (sz.H > sz.W) {
			t.Errorf("orientation %d: size %v", o, sz)
		}
		b := img.Bounds()
		s := min(float64(b.Dx())/sz.W, float64(b.Dy())/sz.H)
		w, h := int(sz.W*s), int(sz.H*s)
		y0 := 0 // drawn at the top of the page
		at := func(fx, fy float64) uint32 {
			r, _, _, _ := img.At(int(fx*float64(w)), y0+int(fy*float64(h))).RGBA()
			return r >> 8
		}
		dark := map[string][2]float64{"left": {0.25, 0.5}, "right": {0.75, 0.5}, "top": {0.5, 0.25}, "bottom": {0.5, 0.75}}[want]
		light := [2]float64{1 - dark[0], 1 - dark[1]}
		if at(dark[0], dark[1]) > 80 || at(light[0], light[1]) < 180 {
			t.Errorf("orientation %d: the black half is not at the %s (dark %d, light %d)", o, want, at(dark[0], dark[1]), at(light[0], light[1]))
		}
	}
}

// TestPNGKinds: 16-bit, palette and half-transparent PNGs are decoded and
// placed (fpdf could not read 16-bit or interlaced ones).
func TestPNGKinds(t *testing.T) {
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		t.Skip("pdftoppm not installed")
	}
	mk := func(img image.Image) []byte {
		var buf bytes.Buffer
		if err := png.Encode(&buf, img); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	r := image.Rect(0, 0, 40, 20)
	deep := image.NewNRGBA64(r)
	pal := image.NewPaletted(r, color.Palette{color.RGBA{0, 0, 255, 255}})
	half := image.NewNRGBA(r)
	for y := 0; y < 20; y++ {
		for x := 0; x < 40; x++ {
			deep.SetNRGBA64(x, y, color.NRGBA64{0xFFFF, 0, 0, 0xFFFF})
			half.SetNRGBA(x, y, color.NRGBA{0, 160, 0, 128})
		}
	}
	for name, tc := range map[string]struct {
		data    []byte
		r, g, b uint32 // expected colour, 8-bit
	}{
		"16-bit":     {mk(deep), 255, 0, 0},
		"palette":    {mk(pal), 0, 0, 255},
		"alpha":      {mk(half), 127, 207, 127}, // green at half opacity on white
		"interlaced": {fixture.InterlacedPNG(41, 19, 64), 64, 64, 64},
	} {
		files := map[string][]byte{"p": tc.data}
		pdf := merge(t, files, map[string]pdfimport.Kind{"p": pdfimport.PNG}, []pdfimport.Use{{"Ap-1", "p", 1}})
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "m.pdf"), pdf, 0o644)
		if out, err := exec.Command("pdftoppm", "-png", "-r", "20", "-singlefile", filepath.Join(dir, "m.pdf"), filepath.Join(dir, "p")).CombinedOutput(); err != nil {
			t.Fatalf("pdftoppm: %v %s", err, out)
		}
		f, _ := os.Open(filepath.Join(dir, "p.png"))
		img, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		cr, cg, cb, _ := img.At(img.Bounds().Dx()/2, 10).RGBA()
		cr, cg, cb = cr>>8, cg>>8, cb>>8
		near := func(a, b uint32) bool { return a+12 >= b && b+12 >= a }
		if !near(cr, tc.r) || !near(cg, tc.g) || !near(cb, tc.b) {
			t.Errorf("%s: colour %d,%d,%d, want about %d,%d,%d", name, cr, cg, cb, tc.r, tc.g, tc.b)
		}
	}
}

// TestJPEGKinds: JPEGs that Go's encoder cannot make (CMYK with an Adobe
// APP14 marker, progressive, CMYK progressive, and a phone photo stored
// sideways with EXIF orientation 6), generated once with ImageMagick (see
// testdata/README.md), are accepted, placed upright and not inverted. Each
// shows red, green, blue and white quadrants.
func TestJPEGKinds(t *testing.T) {
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		t.Skip("pdftoppm not installed")
	}
	type rgb struct{ r, g, b uint32 }
	quadrants := []struct {
		name   string
		fx, fy float64
		want   rgb
	}{
		{"top left", 0.25, 0.25, rgb{255, 0, 0}},
		{"top right", 0.75, 0.25, rgb{0, 255, 0}},
		{"bottom left", 0.25, 0.75, rgb{0, 0, 255}},
		{"bottom right", 0.75, 0.75, rgb{255, 255, 255}},
	}
	for _, name := range []string{"cmyk.jpg", "progressive.jpg", "cmyk-progressive.jpg", "orient6.jpg"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		d, err := pdfimport.Open(pdfimport.JPEG, data)
		if err == nil {
			err = d.Verify()
		}
		if err != nil {
			t.Errorf("%s refused: %v", name, err)
			continue
		}
		if sz := d.Size(1); sz.W <= sz.H {
			t.Errorf("%s: size %v, want landscape (64×48 shown)", name, sz)
		}
		files := map[string][]byte{"j": data}
		pdf := merge(t, files, map[string]pdfimport.Kind{"j": pdfimport.JPEG}, []pdfimport.Use{{"Aj-1", "j", 1}})
		img := renderPage(t, pdf, 30)
		sz := d.Size(1)
		b := img.Bounds()
		s := min(float64(b.Dx())/sz.W, float64(b.Dy())/sz.H)
		w, h := sz.W*s, sz.H*s // drawn at the top left of the page
		// CMYK goes through poppler's own CMYK→RGB conversion, where pure
		// colours come out muted, but an inverted image (the usual Adobe
		// CMYK mistake) or a turned one is far outside the bounds.
		near := func(a, b uint32) bool { return a+20 >= b && b+20 >= a }
		if strings.HasPrefix(name, "cmyk") {
			// Full channels ≥ 130, empty ones ≤ 100: CMYK blue prints as
			// about (46, 49, 145), inverted white as black.
			near = func(a, b uint32) bool { return b == 0 && a <= 100 || b == 255 && a >= 130 }
		}
		for _, q := range quadrants {
			r, g, bl, _ := img.At(int(q.fx*w), int(q.fy*h)).RGBA()
			got := rgb{r >> 8, g >> 8, bl >> 8}
			if !near(got.r, q.want.r) || !near(got.g, q.want.g) || !near(got.b, q.want.b) {
				t.Errorf("%s: %s is %v, want about %v", name, q.name, got, q.want)
			}
			t.Logf("%s: %s is %v", name, q.name, got)
		}
	}
}

// renderPage renders page 1 of pdf with pdftoppm at dpi.
func renderPage(t *testing.T, pdf []byte, dpi int) image.Image {
	t.Helper()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "m.pdf"), pdf, 0o644)
	if out, err := exec.Command("pdftoppm", "-png", "-r", fmt.Sprint(dpi), "-f", "1", "-l", "1", "-singlefile", filepath.Join(dir, "m.pdf"), filepath.Join(dir, "p")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	f, err := os.Open(filepath.Join(dir, "p.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// TestStartupDependencies: the package reads PDFs through pdfcpu's core
// and never imports pdfcpu/pkg/api, which pulls in go-runewidth, whose
// package initialisation costs every start of the program about 45 ms
// (more than half of a one-file `import --dry-run`).
func TestStartupDependencies(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go tool not found")
	}
	out, err := exec.Command(goTool, "list", "-deps", "ecoreport/report/pdfimport").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, dep := range strings.Fields(string(out)) {
		if dep == "github.com/pdfcpu/pdfcpu/pkg/api" || dep == "github.com/mattn/go-runewidth" {
			t.Errorf("report/pdfimport depends on %s", dep)
		}
	}
}
