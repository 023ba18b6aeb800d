package gui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"ecoreport/assets"
)

// Theme is the application's look: Fyne's default theme with the bundled Hei
// face (a subset of WenQuanYi Zen Hei, assets.HeiUI) for every text style, so
// that Chinese renders on a machine without CJK system fonts, a green primary
// colour, and always the light variant (the status colours of the data grid
// are chosen for it).
type Theme struct {
	font fyne.Resource
}

var _ fyne.Theme = (*Theme)(nil)

// uiFont is the subset of the Hei face with every GB2312 character and every
// character of our own texts (TestUIFontCoversOwnTexts). Characters outside
// it, such as a rare character typed in a name, come from the system fonts
// through Fyne's fallback (Microsoft YaHei or SimSun on Windows).
var uiFont = fyne.NewStaticResource(assets.HeiUIFile, assets.HeiUI())

// NewTheme returns the application theme with the bundled CJK font.
func NewTheme() *Theme { return &Theme{font: uiFont} }

// Colours of the theme and of the readiness statuses.
var (
	colorPrimary = color.NRGBA{R: 0x2e, G: 0x7d, B: 0x32, A: 0xff} // green 800
	colorFocus   = color.NRGBA{R: 0x2e, G: 0x7d, B: 0x32, A: 0x7f}
	colorSelect  = color.NRGBA{R: 0x2e, G: 0x7d, B: 0x32, A: 0x3f}
)

// Color implements fyne.Theme; the variant is ignored (always light).
func (t *Theme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	switch n {
	case theme.ColorNamePrimary, theme.ColorNameHyperlink:
		return colorPrimary
	case theme.ColorNameFocus:
		return colorFocus
	case theme.ColorNameSelection:
		return colorSelect
	}
	return theme.DefaultTheme().Color(n, theme.VariantLight)
}

// Font implements fyne.Theme: the bundled Hei face for every style except
// monospace, which keeps Fyne's (ASCII only).
//
// Fyne parses a font once per text style (regular, bold, italic…) and keeps
// every glyph outline in memory: about 45 MB for the whole CJK face, which
// is why the window uses a subset (about 8 MB) and regular and bold only
// (Chinese has no italic), never TextStyle.Italic.
func (t *Theme) Font(s fyne.TextStyle) fyne.Resource {
	if s.Monospace || s.Symbol {
		return theme.DefaultTheme().Font(s)
	}
	return t.font
}

// Icon implements fyne.Theme.
func (t *Theme) Icon(n fyne.ThemeIconName) fyne.Resource {
	return theme.DefaultTheme().Icon(n)
}

// Size implements fyne.Theme.
func (t *Theme) Size(n fyne.ThemeSizeName) float32 {
	return theme.DefaultTheme().Size(n)
}
