// Package assets embeds the files the application ships with: the open
// TrueType fonts used for PDF output, a subset of the Hei face for the
// window (see fonts/README.md for sources and licenses), and the icon.
//
// The fonts are exposed by role. They are plain TrueType files (no
// collections, no CFF outlines), loadable by the PDF writer as they are.
package assets

import _ "embed"

// Font file names inside fonts/, as listed in fonts/README.md.
const (
	SongFile = "gbsn00lp.ttf"   // AR PL SungtiL GB
	HeiFile  = "wqy-zenhei.ttf" // WenQuanYi Zen Hei (first face of wqy-zenhei.ttc)
	KaiFile  = "gkai00mp.ttf"   // AR PL KaitiM GB

	// HeiUIFile is the window's font: a subset of HeiFile made by
	// assets/internal/uifont/subset.py.
	HeiUIFile = "wqy-zenhei-ui.ttf"
)

var (
	//go:embed fonts/gbsn00lp.ttf
	song []byte
	//go:embed fonts/wqy-zenhei.ttf
	hei []byte
	//go:embed fonts/gkai00mp.ttf
	kai []byte
	//go:embed fonts/wqy-zenhei-ui.ttf
	heiUI []byte
)

// Song returns the bundled Song face (宋体, AR PL SungtiL GB): body text,
// and the stand-in for 仿宋 and 小标宋 when those are not installed.
// The returned slice is shared: do not modify it.
func Song() []byte { return song }

// Hei returns the bundled Hei face (黑体, WenQuanYi Zen Hei): headings and
// table headers. The returned slice is shared: do not modify it.
func Hei() []byte { return hei }

// Kai returns the bundled Kai face (楷体, AR PL KaitiM GB).
// The returned slice is shared: do not modify it.
func Kai() []byte { return kai }

// HeiUI returns the window's face: the subset of WenQuanYi Zen Hei with
// every GB2312 character and every character of the application's own texts
// (assets/internal/uifont/subset.py). A parsed font costs memory per glyph
// in the window; the PDF writer uses the whole face, Hei.
// The returned slice is shared: do not modify it.
func HeiUI() []byte { return heiUI }

//go:embed icon.png
var icon []byte

// Icon returns the application icon (PNG, drawn by assets/internal/icongen).
func Icon() []byte { return icon }
