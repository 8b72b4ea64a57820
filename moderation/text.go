package moderation

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Token is one word of a comment, folded for matching, with its position
// in the original text.
type Token struct {
	// Norm is the folded form: NFKC, lower case, no diacritics.
	Norm string
	// Start and End are byte offsets of the word in the original text.
	Start, End int
}

// Text is a comment prepared for the rules.
type Text struct {
	Original string
	Tokens   []Token
}

// Normalize prepares s for matching. It never fails: invalid UTF-8 bytes
// are treated as separators.
func Normalize(s string) *Text {
	t := &Text{Original: s}
	var b strings.Builder
	start := -1
	flush := func(end int) {
		if start >= 0 && b.Len() > 0 {
			t.Tokens = append(t.Tokens, Token{Norm: b.String(), Start: start, End: end})
		}
		b.Reset()
		start = -1
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		folded := foldRune(r)
		if r == utf8.RuneError && size <= 1 || folded == "" {
			flush(i)
			i += size
			continue
		}
		if start < 0 {
			start = i
		}
		b.WriteString(folded)
		i += size
	}
	flush(len(s))
	return t
}

// foldRune maps one rune to its folded letters, or "" for a separator.
func foldRune(r rune) string {
	if r < utf8.RuneSelf {
		switch {
		case 'a' <= r && r <= 'z', '0' <= r && r <= '9':
			return string(r)
		case 'A' <= r && r <= 'Z':
			return string(r + 'a' - 'A')
		}
		return ""
	}
	var out []rune
	for _, c := range norm.NFKD.String(string(r)) {
		if unicode.Is(unicode.Mn, c) {
			continue
		}
		if unicode.IsLetter(c) || unicode.IsDigit(c) {
			out = append(out, unicode.ToLower(c))
		}
	}
	switch string(out) {
	case "œ":
		return "oe"
	case "æ":
		return "ae"
	case "ß":
		return "ss"
	}
	return string(out)
}
