package layout

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// Punctuation of Chinese running text (GB/T 15834): full-width
// ，：；！？（） next to Chinese characters, and the quotation marks “ ” ‘ ’
// of mainland usage instead of 「 」 『 』. Numbers, Latin words, units and
// codes keep their ASCII punctuation: 1,000, 12:30, PM2.5, f(x), "OK".
//
// The engine applies Punctuate to every run of text it sets, unless the
// run (or table cell) is marked Code: document numbers (文号) and checksums
// are printed exactly as given that way. File names ("规划(2016).pdf") are
// recognised by their extension and kept as they are in any run.

// isCJKContext reports whether r makes neighbouring punctuation Chinese:
// CJK ideographs, CJK symbols and punctuation, full-width forms, and the
// quotation marks, dashes and ellipsis used in Chinese text.
func isCJKContext(r rune) bool {
	switch {
	case r >= 0x3400 && r <= 0x9FFF, r >= 0xF900 && r <= 0xFAFF, r >= 0x20000,
		r >= 0x3000 && r <= 0x303F, r >= 0xFF01 && r <= 0xFF60,
		r >= 0x2018 && r <= 0x201D, r == 0x2026, r == 0x2014:
		return true
	}
	return false
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

var fullWidth = map[rune]rune{',': '，', ':': '：', ';': '；', '!': '！', '?': '？', '(': '（', ')': '）'}

// fileNameRE finds file names in text: a word ending in a file extension.
var fileNameRE = regexp.MustCompile(`[^\s「」『』“”‘’《》〈〉，。；：！？、]+\.(?i:pdf|ofd|png|jpe?g|tiff?|bmp|gif|docx?|wps|xlsx?|et|csv|txt|json|zip|rar|7z)\b`)

var cornerQuotes = strings.NewReplacer("「", "“", "」", "”", "『", "‘", "』", "’")

// Punctuate returns s with the punctuation of its Chinese text made
// full-width (see the package notes above): an ASCII , : ; ! ? next to a
// Chinese character becomes ，：；！？ (not between two digits), a pair of
// ASCII parentheses or double quotes becomes （） or “” when either of its
// marks touches a Chinese character, spaces next to the converted marks are
// dropped, and 「」『』 become “”‘’.
func Punctuate(s string) string {
	if !strings.ContainsAny(s, ",:;!?()\"「」『』") {
		return s
	}
	s = cornerQuotes.Replace(s)
	if !strings.ContainsAny(s, ",:;!?()\"") {
		return s
	}
	rs := []rune(s)
	n := len(rs)
	// File names keep their characters: "规划(2016—2020).pdf".
	code := make([]bool, n)
	for _, m := range fileNameRE.FindAllStringIndex(s, -1) {
		from := utf8.RuneCountInString(s[:m[0]])
		to := from + utf8.RuneCountInString(s[m[0]:m[1]])
		for i := from; i < to; i++ {
			code[i] = true
		}
	}
	// prev and next skip ASCII spaces.
	prev := func(i int) rune {
		for j := i - 1; j >= 0; j-- {
			if rs[j] != ' ' {
				return rs[j]
			}
		}
		return 0
	}
	next := func(i int) rune {
		for j := i + 1; j < n; j++ {
			if rs[j] != ' ' {
				return rs[j]
			}
		}
		return 0
	}
	conv := make([]bool, n)
	// prevConv reports whether the mark before i (spaces skipped) has been
	// made full-width: "(注)," becomes "（注），".
	prevConv := func(i int) bool {
		for j := i - 1; j >= 0; j-- {
			if rs[j] != ' ' {
				return conv[j]
			}
		}
		return false
	}
	touches := func(i int) bool { return isCJKContext(prev(i)) || isCJKContext(next(i)) }
	// Parentheses and double quotes go by pairs.
	var stack []int
	quote := -1
	for i, r := range rs {
		if code[i] {
			continue
		}
		switch r {
		case '(':
			stack = append(stack, i)
		case ')':
			if len(stack) == 0 {
				conv[i] = touches(i)
				continue
			}
			o := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if touches(o) || touches(i) {
				conv[o], conv[i] = true, true
			}
		case '"':
			if quote < 0 {
				quote = i
				continue
			}
			if touches(quote) || touches(i) {
				conv[quote], conv[i] = true, true
			}
			quote = -1
		case ',', ';':
			p, q := prev(i), next(i)
			conv[i] = (isCJKContext(p) || prevConv(i) || isCJKContext(q)) && !(isDigit(p) && isDigit(q))
		case ':':
			p, q := prev(i), next(i)
			conv[i] = isCJKContext(p) || prevConv(i) || isCJKContext(q) && !isDigit(p)
		case '!', '?':
			p, q := prev(i), next(i)
			conv[i] = isCJKContext(p) || prevConv(i) || isCJKContext(q) && p != 0 && !isASCIIWord(p)
		}
	}
	for _, o := range stack {
		conv[o] = touches(o)
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	openQuote := true
	for i, r := range rs {
		if r == ' ' {
			// Drop spaces that touch a converted mark.
			j := i
			for j > 0 && rs[j-1] == ' ' {
				j--
			}
			k := i
			for k+1 < n && rs[k+1] == ' ' {
				k++
			}
			if (j > 0 && conv[j-1]) || (k+1 < n && conv[k+1]) {
				continue
			}
			b.WriteRune(r)
			continue
		}
		if !conv[i] {
			b.WriteRune(r)
			continue
		}
		if r == '"' {
			if openQuote {
				b.WriteRune('“')
			} else {
				b.WriteRune('”')
			}
			openQuote = !openQuote
			continue
		}
		b.WriteRune(fullWidth[r])
	}
	return b.String()
}

func isASCIIWord(r rune) bool {
	return isDigit(r) || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
}
