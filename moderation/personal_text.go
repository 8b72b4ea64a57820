package moderation

import "strings"

// This file finds e-mail addresses, plain or hidden from scrapers, and
// French licence plates in the original text of a comment.

// findEmails calls fn with the span of every e-mail address of s, plain
// ("a.b@x.fr") and, when obfuscated is set, hidden ("a.b [at] x [point]
// fr", "a.b arobase x.fr"); the caller knows from the words whether an
// "at" or "arobase" is there at all.
func findEmails(s string, obfuscated bool, fn func(sp Span, local, domain string)) {
	for i := 0; i < len(s); i++ {
		if s[i] != '@' {
			continue
		}
		a := i
		for a > 0 && isLocalByte(s[a-1]) {
			a--
		}
		b := i + 1
		for b < len(s) && (isAlnumByte(s[b]) || s[b] == '.' || s[b] == '-') {
			b++
		}
		domain := strings.TrimRight(s[i+1:b], ".-")
		local := strings.Trim(s[a:i], ".")
		if local == "" || !plausibleDomain(domain) {
			continue
		}
		fn(Span{Start: a + strings.Index(s[a:i], local), End: i + 1 + len(domain)}, local, strings.ToLower(domain))
		i = b - 1
	}
	if obfuscated {
		findObfuscatedEmails(s, fn)
	}
}

func isLocalByte(c byte) bool {
	return isAlnumByte(c) || c == '.' || c == '_' || c == '-' || c == '+' || c == '%'
}

func plausibleDomain(d string) bool {
	dot := strings.LastIndexByte(d, '.')
	if dot <= 0 || dot == len(d)-1 {
		return false
	}
	tld := d[dot+1:]
	if len(tld) < 2 {
		return false
	}
	for k := 0; k < len(tld); k++ {
		if !(tld[k] >= 'a' && tld[k] <= 'z' || tld[k] >= 'A' && tld[k] <= 'Z') {
			return false
		}
	}
	return true
}

// atWords and dotWords are how people hide "@" and "." from scrapers.
var (
	atWords  = []string{"[at]", "(at)", "{at}", " at ", "[arobase]", "(arobase)", " arobase ", "[@]", "(@)"}
	dotWords = []string{"[point]", "(point)", "{point}", "[dot]", "(dot)", " point ", " dot ", "[.]", "(.)"}
)

func findObfuscatedEmails(s string, fn func(sp Span, local, domain string)) {
	low := ""
	for _, at := range atWords {
		if !containsFoldASCII(s, at) {
			continue
		}
		if low == "" {
			low = strings.ToLower(s)
		}
		for off := 0; ; {
			k := strings.Index(low[off:], at)
			if k < 0 {
				break
			}
			k += off
			off = k + len(at)
			// Local part: the word just before, possibly with dots.
			a := k
			for a > 0 && low[a-1] == ' ' {
				a--
			}
			e := a
			for a > 0 && isLocalByte(low[a-1]) {
				a--
			}
			local := strings.Trim(low[a:e], ".")
			if local == "" {
				continue
			}
			// Domain: a word, then a dot word or ".", then a TLD.
			b := off
			for b < len(low) && low[b] == ' ' {
				b++
			}
			d0 := b
			for b < len(low) && (isAlnumByte(low[b]) || low[b] == '-') {
				b++
			}
			name := low[d0:b]
			if name == "" {
				continue
			}
			rest := low[b:]
			sepLen := 0
			if strings.HasPrefix(rest, ".") {
				sepLen = 1
			} else {
				for _, dw := range dotWords {
					r := strings.TrimLeft(rest, " ")
					if strings.HasPrefix(r, strings.TrimSpace(dw)) {
						sepLen = len(rest) - len(r) + len(strings.TrimSpace(dw))
						break
					}
				}
			}
			if sepLen == 0 {
				continue
			}
			t0 := b + sepLen
			for t0 < len(low) && low[t0] == ' ' {
				t0++
			}
			t1 := t0
			for t1 < len(low) && low[t1] >= 'a' && low[t1] <= 'z' {
				t1++
			}
			tld := low[t0:t1]
			if !knownTLDs[tld] {
				continue
			}
			fn(Span{Start: a, End: t1}, local, name+"."+tld)
		}
	}
}

func containsFoldASCII(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(sub)], sub) {
			return true
		}
	}
	return false
}

// plateLetter reports a letter used on French plates (SIV): no I, O or U.
func plateLetter(c byte) bool {
	c = asciiUpper(c)
	return c >= 'A' && c <= 'Z' && c != 'I' && c != 'O' && c != 'U'
}

// findPlates calls fn with the span of every French licence plate of s in
// the current format, "AB-123-CD" (dashes or spaces).
func findPlates(s string, fn func(Span)) {
	for i := 0; i+9 <= len(s); i++ {
		if i > 0 && isAlnumByte(s[i-1]) {
			continue
		}
		p := s[i : i+9]
		sep := p[2]
		if sep != '-' && sep != ' ' || p[6] != sep {
			continue
		}
		if !plateLetter(p[0]) || !plateLetter(p[1]) || !plateLetter(p[7]) || !plateLetter(p[8]) ||
			!isDigitByte(p[3]) || !isDigitByte(p[4]) || !isDigitByte(p[5]) {
			continue
		}
		// Upper case, as plates are written; "de 123 km" is not one.
		if p[0] < 'A' || p[0] > 'Z' || p[8] < 'A' || p[8] > 'Z' {
			continue
		}
		if i+9 < len(s) && isAlnumByte(s[i+9]) {
			continue
		}
		fn(Span{Start: i, End: i + 9})
		i += 8
	}
}
