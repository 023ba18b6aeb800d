package layout

// LineBreakAllowed reports whether a line may break between the characters
// a and b by the rules the documents are set with (禁则, see linebreak.go):
// not before closing punctuation (。，、；：？！）》」…), not after opening
// punctuation (（《「…), not inside a Latin word or number (2017, 65.2%),
// not inside —— or ……, not beside the dash of a range (2015—2017),
// not between a number and 年, 月 or 日, not inside a note mark ［注1］,
// and not before a space (a line breaks after it).
// Other programs that wrap Chinese text (the desktop window) use it so that
// their lines follow the same rules as the printed ones.
func LineBreakAllowed(a, b rune) bool {
	if a == '\n' || b == '\n' || isSpace(b) || noStart[b] {
		return false
	}
	if isSpace(a) {
		return true
	}
	if noEnd[a] || (a == b && isRepeatMark(a)) || inNumberRange(a, b) {
		return false
	}
	if a == '注' && isDigitish(b) || isDigitish(a) && (b == '年' || b == '月' || b == '日') {
		return false
	}
	// Two characters of the same Latin word or number.
	return isStandalone(a) || isStandalone(b)
}

// AfterRangeDash reports whether a break between a and b falls after the
// dash of a number range (2015—|2017): no break opportunity, but the place
// to break when keeping the range whole would leave a line loose or force a
// cut inside a word.
func AfterRangeDash(a, b rune) bool { return isRangeMark(a) && isDigitish(b) }
