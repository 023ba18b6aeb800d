package layout

// NumberStyle is how a heading level is numbered.
type NumberStyle int

const (
	NumNone         NumberStyle = iota
	NumChinese                  // 一、
	NumChineseParen             // （一）
	NumArabicDot                // 1.
	NumArabicParen              // （1）
	NumChapter                  // 第一章
)

// TextStyle is the look of a kind of text.
type TextStyle struct {
	Face Face
	Size float64 // points
	// Leading is the line pitch as a multiple of Size (ignored on grid pages,
	// where the grid pitch is used).
	Leading float64
	Align   Align
	Indent  float64 // first-line indent in characters
	Bold    bool
	// SpaceBefore and SpaceAfter in mm.
	SpaceBefore, SpaceAfter float64
}

// HeadingStyle is the look and numbering of one heading level.
type HeadingStyle struct {
	TextStyle
	Number NumberStyle
	// NewPage starts a page before each heading of this level.
	NewPage bool
}

// Theme is a style sheet.
type Theme struct {
	Body     TextStyle
	Title    TextStyle
	Headings [4]HeadingStyle
	// Table text; the header row uses TableHeaderFace.
	TableSize       float64
	TableFace       Face
	TableHeaderFace Face
	Caption         TextStyle // table and figure captions
	TOCEntry        TextStyle // table-of-contents lines
}

// ReportTheme is the default for technical reports: 宋体 小四 (12 pt) body
// at 1.5 lines, headings numbered 一、/（一）/1./（1） whose weight and size
// fall with the level: 黑体 16, 14 and 12 pt, then 楷体 12 pt.
func ReportTheme() *Theme {
	return &Theme{
		Body:  TextStyle{Face: FaceSong, Size: 12, Leading: 1.65, Align: AlignJustify, Indent: 2},
		Title: TextStyle{Face: FaceXiaoBiaoSong, Size: 22, Leading: 1.5, Align: AlignCenter, SpaceAfter: 6},
		Headings: [4]HeadingStyle{
			{TextStyle{Face: FaceHei, Size: 16, Leading: 1.5, Align: AlignLeft, SpaceBefore: 6, SpaceAfter: 3}, NumChinese, false},
			{TextStyle{Face: FaceHei, Size: 14, Leading: 1.5, Align: AlignLeft, SpaceBefore: 4, SpaceAfter: 2}, NumChineseParen, false},
			{TextStyle{Face: FaceHei, Size: 12, Leading: 1.6, Align: AlignLeft, Indent: 2, SpaceBefore: 2, SpaceAfter: 1}, NumArabicDot, false},
			{TextStyle{Face: FaceKai, Size: 12, Leading: 1.6, Align: AlignLeft, Indent: 2}, NumArabicParen, false},
		},
		TableSize:       10.5,
		TableFace:       FaceSong,
		TableHeaderFace: FaceHei,
		Caption:         TextStyle{Face: FaceHei, Size: 10.5, Leading: 1.5, Align: AlignCenter, SpaceBefore: 2, SpaceAfter: 1},
		TOCEntry:        TextStyle{Face: FaceSong, Size: 12, Leading: 1.9, Align: AlignLeft},
	}
}

// OfficialTheme follows GB/T 9704-2012 for official documents: 仿宋 3号
// (16 pt) body, title 小标宋 2号 (22 pt) centred, headings 一、 (黑体),
// （一） (楷体), 1. and （1） (仿宋), all 16 pt and indented two characters.
// Use it with PageSetup.Grid = &Grid{Lines: 22, Chars: 28} and GBT9704Margins.
func OfficialTheme() *Theme {
	return &Theme{
		Body:  TextStyle{Face: FaceFangSong, Size: 16, Leading: 1.8, Align: AlignJustify, Indent: 2},
		Title: TextStyle{Face: FaceXiaoBiaoSong, Size: 22, Leading: 1.5, Align: AlignCenter, SpaceAfter: 1},
		Headings: [4]HeadingStyle{
			{TextStyle{Face: FaceHei, Size: 16, Leading: 1.8, Align: AlignJustify, Indent: 2}, NumChinese, false},
			{TextStyle{Face: FaceKai, Size: 16, Leading: 1.8, Align: AlignJustify, Indent: 2}, NumChineseParen, false},
			{TextStyle{Face: FaceFangSong, Size: 16, Leading: 1.8, Align: AlignJustify, Indent: 2}, NumArabicDot, false},
			{TextStyle{Face: FaceFangSong, Size: 16, Leading: 1.8, Align: AlignJustify, Indent: 2}, NumArabicParen, false},
		},
		TableSize:       12,
		TableFace:       FaceFangSong,
		TableHeaderFace: FaceHei,
		Caption:         TextStyle{Face: FaceHei, Size: 14, Leading: 1.5, Align: AlignCenter},
		TOCEntry:        TextStyle{Face: FaceFangSong, Size: 16, Leading: 1.8, Align: AlignLeft},
	}
}

// GBT9704Margins are the page margins of GB/T 9704-2012 on A4: top 37 mm,
// left 28 mm, text block 156 × 225 mm.
var GBT9704Margins = Margins{Top: 37, Left: 28, Right: 210 - 28 - 156, Bottom: 297 - 37 - 225}

// GBT9704Grid is 22 lines of 28 characters.
var GBT9704Grid = Grid{Lines: 22, Chars: 28}

var cnDigits = []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}

// ChineseNumber writes n (0 ≤ n < 1000) in Chinese numerals: 1 一, 10 十,
// 12 十二, 20 二十, 105 一百零五.
func ChineseNumber(n int) string {
	if n < 0 || n >= 1000 {
		return itoa(n)
	}
	if n < 10 {
		return cnDigits[n]
	}
	if n < 20 {
		s := "十"
		if n%10 != 0 {
			s += cnDigits[n%10]
		}
		return s
	}
	if n < 100 {
		s := cnDigits[n/10] + "十"
		if n%10 != 0 {
			s += cnDigits[n%10]
		}
		return s
	}
	s := cnDigits[n/100] + "百"
	r := n % 100
	switch {
	case r == 0:
	case r < 10:
		s += "零" + cnDigits[r]
	case r < 20:
		s += "一" + ChineseNumber(r)
	default:
		s += ChineseNumber(r)
	}
	return s
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}

// FormatNumber returns the heading label for n in style s, e.g. "一、".
func FormatNumber(s NumberStyle, n int) string {
	switch s {
	case NumChinese:
		return ChineseNumber(n) + "、"
	case NumChineseParen:
		return "（" + ChineseNumber(n) + "）"
	case NumArabicDot:
		return itoa(n) + "."
	case NumArabicParen:
		return "（" + itoa(n) + "）"
	case NumChapter:
		return "第" + ChineseNumber(n) + "章 "
	}
	return ""
}
