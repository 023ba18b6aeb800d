package gui

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"fyne.io/fyne/v2/theme"
	"github.com/go-text/typesetting/font"
)

// ownTexts are the files whose text the window can show, from the
// repository root: our Go sources (UI strings, messages, document text) and
// the embedded data (catalog, demo project, narratives, conditions,
// templates, translations, migrations). The same list is in
// assets/internal/uifont/subset.py, which makes the window's font.
var ownTexts = []struct {
	dir    string
	suffix string
}{
	{"app", ".go"}, {"cmd", ".go"}, {"report", ".go"}, {"seeds", ".go"}, {"templates", ".go"}, {"assets", ".go"},
	{"seeds", ".yaml"},
	{"templates", ".md"},
	{"app/gui/translations", ".json"},
	{"app/store/migrations", ".sql"},
}

// notInWindow are characters of our sources that the window never shows.
var notInWindow = map[rune]string{
	'｡': "half-width ideographic full stop, only in the PDF line-breaking rules",
	'､': "half-width ideographic comma, only in the PDF line-breaking rules",
}

// TestUIFontCoversOwnTexts checks that every character of our own texts is
// drawn by the window's font (the subset of WenQuanYi Zen Hei) or by Fyne's
// bundled Latin face, so that nothing the application itself shows depends
// on the system fonts. When it fails, run assets/internal/uifont/subset.py
// (see assets/fonts/README.md).
func TestUIFontCoversOwnTexts(t *testing.T) {
	faces := map[string]*font.Face{}
	for name, data := range map[string][]byte{
		"subset":    uiFont.Content(),
		"Fyne Noto": theme.DefaultTextFont().Content(),
	} {
		f, err := font.ParseTTF(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		faces[name] = f
	}
	sub := faces["subset"]
	root := filepath.Join("..", "..")
	missing := map[rune][]string{}
	var files, subsetRunes int
	seen := map[rune]bool{}
	for _, src := range ownTexts {
		err := filepath.WalkDir(filepath.Join(root, src.dir), func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if d.Name() == "testdata" {
					return filepath.SkipDir
				}
				return nil
			}
			if !strings.HasSuffix(path, src.suffix) || strings.HasSuffix(path, "_test.go") {
				return nil
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			files++
			rel, _ := filepath.Rel(root, path)
			for _, r := range string(b) {
				if r < 0x80 || seen[r] || notInWindow[r] != "" {
					continue
				}
				seen[r] = true
				if _, ok := sub.NominalGlyph(r); ok {
					subsetRunes++
					continue
				}
				if _, ok := faces["Fyne Noto"].NominalGlyph(r); ok {
					continue
				}
				missing[r] = append(missing[r], rel)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if files < 50 || subsetRunes < 1000 {
		t.Fatalf("read %d files with %d characters in the subset: the sources were not found", files, subsetRunes)
	}
	var rs []rune
	for r := range missing {
		rs = append(rs, r)
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i] < rs[j] })
	for _, r := range rs {
		t.Errorf("%q (U+%04X) in %s is in neither the window's font nor Fyne's: add it to assets/internal/uifont/subset.py and run it, or write it otherwise",
			r, r, missing[r][0])
	}
}

// TestUIFontHasGB2312 checks a few characters of GB2312's second level
// (rarer characters, absent from our own texts) and full-width forms, which
// users type in names and free text.
func TestUIFontHasGB2312(t *testing.T) {
	f, err := font.ParseTTF(bytes.NewReader(uiFont.Content()))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range "亍丌兀丐廿卅丕亘丞鬲孬噩丨禺丿匕乇夭爻卮氐囟胤馗毓睾鼗丶亟鼐乜乩亓芈孛啬嘏仄厍厝厣厥厮靥赝匚叵匦匮匾赜卦卣刂刈刎刭刳刿剀剌剞剡剜蒯剽劂劁劐劓冂罔亻仃仉仂仨仡仫仞伛仳伢佤仵伥伧伉伫佞佧攸佚佝鼾齄ＡＺａｚ０９！＂＃＄％＆＇（）＊＋，－．／：；＜＝＞？＠［＼］＾＿｀｛｜｝～￥·、。〃々〈〉《》「」『』【】〔〕〖〗〝〞…—～‖‘’“”" {
		if _, ok := f.NominalGlyph(r); !ok {
			t.Errorf("%q (U+%04X) is missing from the window's font", r, r)
		}
	}
}
