package french

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Span is a byte range [Start, End) in the original comment text.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// TokenFlag records how a token was recovered from the original text.
type TokenFlag uint16

// Token flags.
const (
	// FlagStretched: a letter was repeated three times or more ("connnnard").
	FlagStretched TokenFlag = 1 << iota
	// FlagLeet: digits or symbols were read as letters ("c0nn4rd").
	FlagLeet
	// FlagSpaced: single letters separated by spaces or dots were joined
	// ("c.o.n.n.a.r.d", "b u t e r").
	FlagSpaced
	// FlagGlued: the token was split out of words written without spaces.
	FlagGlued
	// FlagQuoted: the token is inside quotation marks.
	FlagQuoted
	// FlagEmoji: the token is an emoji read as a word ("🐀" → "rat").
	FlagEmoji
	// FlagCapital: the token starts with an upper-case letter.
	FlagCapital
	// FlagHomoglyph: letters of another script were read as Latin ones.
	FlagHomoglyph
	// FlagMasked: letters are hidden by asterisks ("p*te"); Norm keeps
	// the '*', which matchers read as one or more letters.
	FlagMasked
	// FlagMention: the token follows an '@': a user name ("@Kevin",
	// "@user"), the person a reply addresses.
	FlagMention
)

// Token is one word of a comment, folded for matching, with its position
// in the original text.
type Token struct {
	// Norm is the folded form: NFKC, lower case, no diacritics, homoglyphs
	// and leetspeak read as Latin letters, runs of three or more identical
	// letters cut to two.
	Norm string
	// Start and End are byte offsets of the word in the original text.
	Start, End int
	// Flags says how the token was recovered.
	Flags TokenFlag
	// Sent and Clause number the sentence and the clause (split at commas,
	// semicolons and colons too) the token belongs to, from 0.
	Sent, Clause int
	// Next is the punctuation between this token and the next one: one of
	// '?', '!', '.', ';', ':', ',', '\'' (an elision: l', qu'), '-', ' ',
	// '=' or 0 at the end of the text. A line break counts as '.'.
	Next byte
}

// Has reports whether the token carries flag f.
func (t Token) Has(f TokenFlag) bool { return t.Flags&f != 0 }

// Text is a comment prepared for the rules.
type Text struct {
	Original string
	Tokens   []Token
}

// Span returns the byte range in the original text covered by tokens
// [first, last).
func (t *Text) Span(first, last int) Span {
	if first < 0 || last > len(t.Tokens) || first >= last {
		return Span{}
	}
	return Span{t.Tokens[first].Start, t.Tokens[last-1].End}
}

// Is reports whether token i exists and its folded form is one of words.
func (t *Text) Is(i int, words ...string) bool {
	if i < 0 || i >= len(t.Tokens) {
		return false
	}
	for _, w := range words {
		if t.Tokens[i].Norm == w {
			return true
		}
	}
	return false
}

// MaxTokenBytes bounds one token's folded form: longer runs of letters are
// cut into several tokens, so pathological input stays linear.
const MaxTokenBytes = 64

// rawTok is a token before spaced letters are joined and leetspeak resolved.
type rawTok struct {
	start, end int // bytes in the original
	ns, ne     int // folded bytes in the first buffer
	letters    int // real letters
	digits     int // digits
	leet       int // digits and symbols that have a letter reading
	flags      TokenFlag
	next       byte // strongest punctuation in the gap after the token
	spacing    bool // the gap after is short and only spacing (" ", ".", "-", "_", "*")
}

// Normalize prepares s for matching. It never fails: invalid UTF-8 bytes
// are treated as separators. Zero-width characters and combining marks are
// dropped without splitting words; emoji that carry a meaning (🐀, 🐒, 🖕,
// 🔪…) become tokens of their own.
func Normalize(s string) *Text {
	t := &Text{Original: s}
	if len(s) == 0 {
		return t
	}
	raws := make([]rawTok, 0, len(s)/5+2)
	buf := make([]byte, 0, len(s)+8)
	var cur rawTok
	in := false
	quoted := false
	quoteOpenedAt := -1 // raw index of the first token inside an open quote
	single := false     // the open quotation uses apostrophes: 'comme ça'
	mention := false    // an '@' just before the next token
	var gapLen int
	var gapNext byte
	gapSpacing := true

	pri := func(b byte) int {
		switch b {
		case '?':
			return 9
		case '!':
			return 8
		case '.':
			return 7
		case ';':
			return 6
		case ':':
			return 5
		case ',':
			return 4
		case '\'':
			return 3
		case '-':
			return 2
		case '=':
			return 2 // "Morel = nul": the sign outweighs the spaces around it
		case ' ':
			return 1
		}
		return 0
	}
	gapPunct := func(b byte) {
		if pri(b) > pri(gapNext) {
			gapNext = b
		}
	}
	flush := func(end int) {
		if !in {
			return
		}
		in = false
		cur.end = end
		cur.ne = len(buf)
		if cur.ne > cur.ns {
			if quoted {
				cur.flags |= FlagQuoted
			}
			raws = append(raws, cur)
		}
		gapLen, gapNext, gapSpacing = 0, 0, true
	}
	// gapRune records a separator rune between tokens.
	gapRune := func(size int, spacing bool) {
		gapLen += size
		if !spacing {
			gapSpacing = false
		}
		if len(raws) > 0 && !in {
			r := &raws[len(raws)-1]
			r.next = gapNext
			r.spacing = gapSpacing && gapLen <= 3
		}
	}
	startTok := func(i int) {
		if n := len(raws); n > 0 && raws[n-1].next == 0 {
			raws[n-1].next = ' ' // two tokens with nothing between them
		}
		cur = rawTok{start: i, ns: len(buf)}
		if mention {
			cur.flags |= FlagMention
			mention = false
		}
		in = true
	}

	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 {
			flush(i)
			gapPunct(' ')
			gapRune(size, false)
			i += size
			continue
		}
		switch {
		case r < utf8.RuneSelf && ('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'):
			if !in {
				startTok(i)
				if r <= 'Z' {
					cur.flags |= FlagCapital
				}
			}
			if len(buf)-cur.ns >= MaxTokenBytes {
				flush(i)
				startTok(i)
			}
			buf = append(buf, byte(r)|0x20)
			cur.letters++
			i += size
			continue
		case r < utf8.RuneSelf && '0' <= r && r <= '9':
			if !in {
				startTok(i)
			}
			buf = append(buf, byte(r))
			cur.digits++
			if leetLetter(byte(r)) != 0 {
				cur.leet++
			}
			i += size
			continue
		case r == '*' && in && cur.letters > 0 && letterAt(s, i+1):
			// A letter hidden by an asterisk inside a word ("p*te",
			// "encu*é"): kept as '*', matched as any letters.
			buf = append(buf, '*')
			cur.flags |= FlagMasked
			i += size
			continue
		case r == '@' || r == '$' || r == '€':
			// Read as a letter only inside a word ("s@lope", "pu$e"), so
			// "@user" and "100 €" stay what they are.
			if !in && r == '@' && letterAt(s, i+size) {
				mention = true
			}
			if in {
				switch r {
				case '@':
					buf = append(buf, '@')
				case '$':
					buf = append(buf, '$')
				default:
					buf = append(buf, '\xff') // marker for €, never a UTF-8 byte
				}
				cur.leet++
				i += size
				continue
			}
		case isInvisible(r):
			// Zero-width characters and combining marks never split a word:
			// "con\u200bnard" is "connard", and a decomposed "é" is "e".
			i += size
			continue
		}
		if w, ok := emojiWords[r]; ok {
			flush(i)
			startTok(i)
			cur.flags |= FlagEmoji
			buf = append(buf, w...)
			cur.letters += len(w)
			flush(i + size)
			i += size
			continue
		}
		if f, ok := foldNonASCII(r); ok && f != "" {
			if !in {
				startTok(i)
				if unicode.IsUpper(r) {
					cur.flags |= FlagCapital
				}
			}
			if len(buf)-cur.ns >= MaxTokenBytes {
				flush(i)
				startTok(i)
			}
			if homoglyph(r) {
				cur.flags |= FlagHomoglyph
			}
			buf = append(buf, f...)
			cur.letters++
			i += size
			continue
		}
		// A separator.
		flush(i)
		switch r {
		case '"', '«', '»', '“', '”', '„':
			switch r {
			case '"':
				quoted = !quoted
			case '«', '“', '„':
				quoted = true
			default:
				quoted = false
			}
			single = false
			if quoted {
				quoteOpenedAt = len(raws)
			} else {
				quoteOpenedAt = -1
			}
			gapPunct(',') // a quotation mark opens or closes a clause
			gapRune(size, false)
		case '?', '¿':
			gapPunct('?')
			gapRune(size, false)
		case '!', '¡':
			gapPunct('!')
			gapRune(size, false)
		case '.', '…', '\n', '\r':
			gapPunct('.')
			gapRune(size, r == '.')
		case ';':
			gapPunct(';')
			gapRune(size, false)
		case ':':
			gapPunct(':')
			gapRune(size, false)
		case ',':
			gapPunct(',')
			gapRune(size, false)
		case '\'', '’', 'ʼ', '`', '´', '‘':
			// An apostrophe between two letters is an elision ("l'arabe");
			// one that opens a word after a space, or closes one before a
			// space or a punctuation mark, is a quotation mark: 'pédé'.
			after := letterAt(s, i+size)
			before := i > 0 && letterBefore(s, i)
			switch {
			case !before && after && !quoted:
				quoted, single = true, true
				quoteOpenedAt = len(raws)
				gapPunct(',')
			case before && !after && quoted && single:
				quoted, single = false, false
				quoteOpenedAt = -1
				gapPunct(',')
			default:
				gapPunct('\'')
			}
			gapRune(size, false)
		case '=':
			gapPunct('=')
			gapRune(size, false)
		case '-', '‐', '‑', '–', '—', '_', '*', '/', '|', '+', '~':
			gapPunct('-')
			gapRune(size, r != '—' && r != '–')
		default:
			gapPunct(' ')
			gapRune(size, r == ' ' || r == '\t' || r == '\u00a0' || r == '\u202f')
		}
		i += size
	}
	flush(len(s))
	if quoted && quoteOpenedAt >= 0 {
		// An unbalanced quotation mark quotes nothing.
		for k := quoteOpenedAt; k < len(raws); k++ {
			raws[k].flags &^= FlagQuoted
		}
	}
	keepAbbreviations(s, raws)
	t.Tokens = finishTokens(raws, buf)
	return t
}

// keepAbbreviations reads the period of a title ("M. Morel", "Mme.
// Garnier", "Dr. Leroy") or of an initial before a name ("J. Dupont") as
// part of the word: it ends no sentence, so what is said of the person
// stays in the sentence that names them.
func keepAbbreviations(s string, raws []rawTok) {
	for k := 0; k+1 < len(raws); k++ {
		r := &raws[k]
		if r.next != '.' || !r.spacing || r.flags&FlagEmoji != 0 {
			continue
		}
		w := s[r.start:r.end]
		if s[r.end] != '.' {
			continue // "M… Morel", "M.\nMorel": another mark than one period
		}
		if titleAbbreviation(w) || len(w) == 1 && 'A' <= w[0] && w[0] <= 'Z' && raws[k+1].flags&FlagCapital != 0 {
			r.next = ' '
		}
	}
}

// titleAbbreviation reports the abbreviated titles written before a
// name (list words/title.txt), in title case ("Mme") or capitals ("MME").
func titleAbbreviation(w string) bool {
	if w == "" || len(w) > 8 || w[0] < 'A' || w[0] > 'Z' {
		return false
	}
	var buf [8]byte
	lower, upper := true, true
	buf[0] = w[0] + 'a' - 'A'
	for i := 1; i < len(w); i++ {
		c := w[i]
		switch {
		case 'a' <= c && c <= 'z':
			upper = false
			buf[i] = c
		case 'A' <= c && c <= 'Z':
			lower = false
			buf[i] = c + 'a' - 'A'
		default:
			return false
		}
	}
	return (lower || upper) && Title.Has(string(buf[:len(w)]))
}

// finishTokens joins spaced single letters, resolves leetspeak, cuts
// stretched letters and numbers sentences and clauses.
func finishTokens(raws []rawTok, in []byte) []Token {
	out := make([]byte, 0, len(in))
	type span struct{ a, b int }
	norms := make([]span, 0, len(raws))
	toks := make([]Token, 0, len(raws))
	for i := 0; i < len(raws); {
		j := i + 1
		// A run of three or more one-character tokens separated by short
		// spacing ("f e m m e s", "c.o.n.n.a.r.d") is one word.
		if raws[i].ne-raws[i].ns == 1 && raws[i].flags&FlagEmoji == 0 {
			for j < len(raws) && raws[j-1].spacing && raws[j].ne-raws[j].ns == 1 && raws[j].flags&FlagEmoji == 0 {
				j++
			}
			if j-i < 3 {
				j = i + 1
			}
		}
		var rt rawTok
		if j-i == 1 {
			rt = raws[i]
		} else {
			rt = raws[i]
			rt.flags |= FlagSpaced
			for k := i + 1; k < j; k++ {
				rt.letters += raws[k].letters
				rt.digits += raws[k].digits
				rt.leet += raws[k].leet
				rt.flags |= raws[k].flags &^ FlagCapital
			}
			rt.end, rt.next, rt.spacing = raws[j-1].end, raws[j-1].next, raws[j-1].spacing
		}
		a := len(out)
		// As many digits as letters still spell a word when every digit
		// has a letter reading ("h41s"); "4x4" and "1h30" stay numbers.
		readLeet := rt.leet > 0 && (rt.letters > rt.digits || rt.letters == rt.digits && rt.letters >= 2 && rt.leet >= rt.digits)
		if readLeet {
			rt.flags |= FlagLeet
		}
		for k := i; k < j; k++ {
			for _, c := range in[raws[k].ns:raws[k].ne] {
				switch {
				case c == '@' || c == '$' || c == '\xff':
					if !readLeet {
						continue
					}
					c = leetLetter(c)
				case '0' <= c && c <= '9' && readLeet:
					if l := leetLetter(c); l != 0 {
						c = l
					}
				}
				// Cut runs of three or more identical letters to two.
				if n := len(out); n-a >= 2 && out[n-1] == c && out[n-2] == c && c > '9' && c < utf8.RuneSelf {
					rt.flags |= FlagStretched
					continue
				}
				out = append(out, c)
			}
		}
		if len(out) == a {
			i = j
			continue
		}
		norms = append(norms, span{a, len(out)})
		toks = append(toks, Token{Start: rt.start, End: rt.end, Flags: rt.flags, Next: rt.next})
		i = j
	}
	all := string(out)
	sent, clause := 0, 0
	for k := range toks {
		toks[k].Norm = all[norms[k].a:norms[k].b]
		toks[k].Sent, toks[k].Clause = sent, clause
		switch toks[k].Next {
		case '.', '!', '?':
			sent++
			clause++
		case ',', ';', ':':
			clause++
		}
	}
	return toks
}

// letterBefore reports a letter ending just before byte i of s.
func letterBefore(s string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// letterAt reports a letter starting at byte i of s.
func letterAt(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r)
}

// leetLetter is the letter a leetspeak character stands for, or 0.
func leetLetter(c byte) byte {
	switch c {
	case '0':
		return 'o'
	case '1':
		return 'i'
	case '3':
		return 'e'
	case '4', '@':
		return 'a'
	case '5', '$':
		return 's'
	case '7':
		return 't'
	case '\xff': // €
		return 'e'
	}
	return 0
}

// isInvisible reports runes that must vanish without splitting a word:
// zero-width characters, soft hyphens, variation selectors, emoji skin-tone
// modifiers and combining marks.
func isInvisible(r rune) bool {
	switch {
	case r == '\u00ad', r == '\u034f', r == '\u061c', r == '\u180e':
		return true
	case '\u200b' <= r && r <= '\u200f', '\u202a' <= r && r <= '\u202e', '\u2060' <= r && r <= '\u206f':
		return true
	case r == '\ufeff', '\ufe00' <= r && r <= '\ufe0f', '\U000e0100' <= r && r <= '\U000e01ef':
		return true
	case '\U0001f3fb' <= r && r <= '\U0001f3ff':
		return true
	}
	return r >= 0x300 && unicode.Is(unicode.Mn, r)
}

// foldNonASCII folds a non-ASCII rune to lower-case Latin letters without
// diacritics. ok is false for runes that are neither letters nor digits.
func foldNonASCII(r rune) (string, bool) {
	if r < foldArrayLen {
		if f := foldArray[r]; f.set {
			return f.s, f.s != ""
		}
	} else if f, ok := foldTable[r]; ok {
		return f, f != ""
	}
	if 0xff01 <= r && r <= 0xff5e { // full-width ASCII
		c := byte(r - 0xfee0)
		switch {
		case 'A' <= c && c <= 'Z':
			return asciiLower[c-'A' : c-'A'+1], true
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			return asciiAll[c-'0' : c-'0'+1], true
		}
		return "", false
	}
	if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
		return "", false
	}
	return foldSlow(r), true
}

const (
	asciiLower = "abcdefghijklmnopqrstuvwxyz"
	asciiAll   = "0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz"
)

// foldSlow folds runes outside the precomputed table (mathematical
// alphanumerics, other scripts). It allocates, but such runes are rare.
func foldSlow(r rune) string {
	var tmp [4]byte
	n := utf8.EncodeRune(tmp[:], r)
	var out []rune
	for _, c := range norm.NFKD.String(string(tmp[:n])) {
		if unicode.Is(unicode.Mn, c) {
			continue
		}
		if unicode.IsLetter(c) || unicode.IsDigit(c) {
			out = append(out, unicode.ToLower(c))
		}
	}
	if len(out) == 0 {
		// A letter with no decomposition in a script of its own: keep it.
		return string(unicode.ToLower(r))
	}
	return string(out)
}

// homoglyphs maps Cyrillic and Greek letters that look like Latin ones.
var homoglyphs = map[rune]string{
	'а': "a", 'в': "b", 'е': "e", 'ё': "e", 'к': "k", 'м': "m", 'н': "h", 'о': "o",
	'р': "p", 'с': "c", 'т': "t", 'у': "y", 'х': "x", 'ѕ': "s", 'і': "i", 'ї': "i",
	'ј': "j", 'ԁ': "d", 'һ': "h", 'ԛ': "q", 'ԝ': "w", 'ս': "u", 'ո': "n", 'ց': "g",
	'α': "a", 'β': "b", 'ε': "e", 'η': "n", 'ι': "i", 'κ': "k", 'ν': "v", 'ο': "o",
	'ρ': "p", 'τ': "t", 'υ': "u", 'χ': "x", 'ω': "w", 'ς': "s", 'ϲ': "c", 'ɑ': "a",
	'ı': "i", 'ɡ': "g", 'ℓ': "l",
}

func homoglyph(r rune) bool {
	_, ok := homoglyphs[unicode.ToLower(r)]
	return ok
}

// foldTable caches the folding of Latin-1, Latin Extended, Greek and
// Cyrillic letters; it is built once at start-up and only read afterwards.
var foldTable = buildFoldTable()

// foldArray is foldTable for the runes below foldArrayLen, read without
// hashing: accented letters are in most French words.
const foldArrayLen = 0x530

type foldEntry struct {
	s   string
	set bool
}

var foldArray = func() (a [foldArrayLen]foldEntry) {
	for r, f := range foldTable {
		if r < foldArrayLen {
			a[r] = foldEntry{f, true}
		}
	}
	return a
}()

func buildFoldTable() map[rune]string {
	m := make(map[rune]string, 1200)
	add := func(lo, hi rune) {
		for r := lo; r <= hi; r++ {
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				m[r] = ""
				continue
			}
			if h, ok := homoglyphs[unicode.ToLower(r)]; ok {
				m[r] = h
				continue
			}
			m[r] = foldSlow(r)
		}
	}
	add(0x80, 0x24f)
	add(0x370, 0x3ff)
	add(0x400, 0x52f)
	m['œ'], m['Œ'], m['æ'], m['Æ'], m['ß'] = "oe", "oe", "ae", "ae", "ss"
	m['ø'], m['Ø'], m['đ'], m['Đ'], m['ł'], m['Ł'] = "o", "o", "d", "d", "l", "l"
	for r, h := range homoglyphs {
		m[r] = h
		m[unicode.ToUpper(r)] = h
	}
	// Superscript and circled letters fold through NFKD like the rest.
	for _, r := range "ªº¹²³" {
		m[r] = foldSlow(r)
	}
	return m
}

// emojiWords reads emoji that carry an insult, a threat or dehumanisation
// as the word they stand for, so the lexicons see them.
var emojiWords = map[rune]string{
	'🐒': "singe", '🐵': "singe", '🦍': "singe", '🙈': "singe", '🦧': "singe",
	'🐷': "porc", '🐖': "porc", '🐽': "porc",
	'🐀': "rat", '🐁': "rat", '🪳': "cafard", '🦠': "virus",
	'🖕': "doigtdhonneur",
	'🔪': "couteau", '🗡': "couteau", '🔫': "flingue", '🪓': "hache", '💣': "bombe", '🪢': "corde",
	'💩': "merde", '🤮': "vomir", '🤢': "vomir",
}
