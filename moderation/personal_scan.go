package moderation

import "strings"

// This file finds identifiers in the original text: phone numbers, IBANs
// and NIRs (French social security numbers); personal_text.go finds e-mail
// addresses and licence plates. The scanners are hand-written,
// allocation-light and linear; checksums are verified so that order
// numbers, SIRETs and references are not taken for personal data.

// idKind is the kind of identifier found.
type idKind uint8

const (
	idPhone idKind = iota + 1
	idNIR
)

// personalID is one identifier found in a comment.
type personalID struct {
	Kind idKind
	Span Span
	// Mobile is set for French mobile numbers (06, 07) and foreign ones.
	Mobile bool
	// Service is set for numbers that are never a private line (08…,
	// short service numbers).
	Service bool
}

// maxRunDigits bounds one run of digits; longer runs are not identifiers.
const maxRunDigits = 40

// numRun is a run of digit groups separated by single spaces, dots or
// dashes: "06 12 34 56 78", "+33 6 12 34 56 78", "1 85 05 31 555 123 80".
type numRun struct {
	start, end int
	plus       bool // starts with '+'
	digits     [maxRunDigits]byte
	n          int
	// bounds has bit k set when a group ends after k digits (k < n).
	bounds uint64
	// zeroParen: "+33 (0)6…", the "(0)" was dropped.
	zeroParen bool
}

func isDigitByte(c byte) bool { return c >= '0' && c <= '9' }

func isWordByteFx(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || isDigitByte(c) || c >= 0x80
}

// scanNumbers calls fn for each run of digit groups in s.
func scanNumbers(s string, fn func(r *numRun)) {
	var r numRun
	for i := 0; i < len(s); {
		c := s[i]
		plus := c == '+' && i+1 < len(s) && isDigitByte(s[i+1])
		if !isDigitByte(c) && !plus {
			i++
			continue
		}
		// A digit glued to a word ("SIRET123", "x10") does not start a run.
		if i > 0 && isWordByteFx(s[i-1]) && !plus {
			for i < len(s) && isDigitByte(s[i]) {
				i++
			}
			continue
		}
		r = numRun{start: i, plus: plus}
		j := i
		if plus {
			j++
		}
		overflow := false
		for {
			for j < len(s) && isDigitByte(s[j]) {
				if r.n < maxRunDigits {
					r.digits[r.n] = s[j]
					r.n++
				} else {
					overflow = true
				}
				j++
			}
			// "+33 (0)6": skip the "(0)".
			if !r.zeroParen && r.plus && r.n <= 3 {
				skip := 0
				if strings.HasPrefix(s[j:], " (0)") {
					skip = len(" (0)")
				} else if strings.HasPrefix(s[j:], "(0)") {
					skip = len("(0)")
				}
				if skip > 0 && j+skip < len(s) && (isDigitByte(s[j+skip]) || s[j+skip] == ' ') {
					r.zeroParen = true
					j += skip
					if s[j] == ' ' {
						j++
					}
					if r.n > 0 {
						r.bounds |= 1 << uint(r.n)
					}
					continue
				}
			}
			// One separator, then more digits.
			sep := 0
			switch {
			case j < len(s) && (s[j] == ' ' || s[j] == '.' || s[j] == '-'):
				sep = 1
			case strings.HasPrefix(s[j:], "\u00a0") || strings.HasPrefix(s[j:], "\u202f"):
				sep = len("\u00a0")
			}
			if sep == 0 || j+sep >= len(s) || !isDigitByte(s[j+sep]) {
				break
			}
			if r.n > 0 && r.n < 64 {
				r.bounds |= 1 << uint(r.n)
			}
			j += sep
		}
		r.end = j
		// A run glued to letters after it ("2h", "15k") is not an identifier.
		if !overflow && !(j < len(s) && isWordByteFx(s[j]) && !isDigitByte(s[j])) {
			fn(&r)
		}
		i = j
	}
}

// phoneOf reads a run as a phone number.
func phoneOf(r *numRun) (personalID, bool) {
	d := r.digits[:r.n]
	id := personalID{Kind: idPhone, Span: Span{Start: r.start, End: r.end}}
	var national []byte
	var tmp [maxRunDigits + 1]byte
	switch {
	case r.plus && r.n >= 2 && d[0] == '3' && d[1] == '3':
		rest := d[2:]
		if len(rest) == 10 && rest[0] == '0' {
			rest = rest[1:]
		}
		if len(rest) != 9 {
			return personalID{}, false
		}
		national = append(append(tmp[:0], '0'), rest...)
	case !r.plus && r.n == 13 && string(d[:4]) == "0033":
		national = append(append(tmp[:0], '0'), d[4:]...)
	case r.plus:
		// Another country: plausible lengths only.
		if r.n < 8 || r.n > 15 {
			return personalID{}, false
		}
		id.Mobile = true
		return id, true
	case r.n == 10 && d[0] == '0' && d[1] != '0':
		national = d
	default:
		return personalID{}, false
	}
	if national[1] == '0' {
		return personalID{}, false
	}
	switch national[1] {
	case '6', '7':
		id.Mobile = true
	case '8':
		id.Service = true
	}
	return id, true
}

// nirBoundaries are the positions where the fields of a NIR end: sex,
// year, month, department, commune, order. Groups written by a person
// follow them ("1 85 05 31 555 123 80"); others ("2024 0317 5589 221")
// are references, not NIRs.
const nirBoundaries = 1<<1 | 1<<3 | 1<<5 | 1<<7 | 1<<10 | 1<<13

// nirOf reads a run as a NIR with a valid key.
func nirOf(r *numRun) (personalID, bool) {
	if r.plus || r.n != 15 || r.bounds&^nirBoundaries != 0 {
		return personalID{}, false
	}
	if !validNIR(string(r.digits[:15])) {
		return personalID{}, false
	}
	return personalID{Kind: idNIR, Span: Span{Start: r.start, End: r.end}}, true
}

// validNIR checks the structure of a 15-character NIR (digits, or 2A/2B
// for Corsica at the department) and its key: 97 minus the number mod 97.
func validNIR(s string) bool {
	if len(s) != 15 {
		return false
	}
	switch s[0] {
	case '1', '2', '3', '4', '7', '8':
	default:
		return false
	}
	month := atoi2(s[3:5])
	if month < 1 || month > 12 && month < 20 || month > 42 && month < 50 {
		return false
	}
	dept := s[5:7]
	var n uint64
	for k := 0; k < 13; k++ {
		c := s[k]
		if k == 6 && s[5] == '2' && (c == 'A' || c == 'a' || c == 'B' || c == 'b') {
			// Corsica: 2A counts as 19 and 2B as 18 in the key.
			n = n - 2 + 1 // the '2' of the department becomes '1'…
			if c == 'A' || c == 'a' {
				n = n*10 + 9 // …followed by 9 for 2A
			} else {
				n = n*10 + 8 // …or 8 for 2B
			}
			continue
		}
		if !isDigitByte(c) {
			return false
		}
		n = n*10 + uint64(c-'0')
	}
	if dept == "00" || atoi3(s[7:10]) == 0 || atoi3(s[10:13]) == 0 {
		return false
	}
	key := atoi2(s[13:15])
	return key >= 1 && key <= 97 && uint64(key) == 97-n%97
}

func atoi2(s string) int {
	if len(s) != 2 || !isDigitByte(s[0]) || !isDigitByte(s[1]) {
		return -1
	}
	return int(s[0]-'0')*10 + int(s[1]-'0')
}

func atoi3(s string) int {
	if len(s) != 3 || !isDigitByte(s[0]) || !isDigitByte(s[1]) || !isDigitByte(s[2]) {
		return -1
	}
	return int(s[0]-'0')*100 + int(s[1]-'0')*10 + int(s[2]-'0')
}

// ibanLengths are the IBAN lengths of the countries a French commune's
// residents are likely to post.
var ibanLengths = map[string]int{
	"FR": 27, "MC": 27, "DE": 22, "BE": 16, "ES": 24, "IT": 27, "PT": 25, "LU": 20,
	"CH": 21, "NL": 18, "GB": 22, "IE": 22, "AT": 20, "SE": 24, "DK": 18, "PL": 28,
	"GR": 27, "RO": 24, "MA": 28, "TN": 24, "AD": 24, "LI": 21, "FI": 18, "NO": 15,
}

func asciiUpper(c byte) byte {
	if c >= 'a' && c <= 'z' {
		return c - 'a' + 'A'
	}
	return c
}

func isAlnumByte(c byte) bool { return isDigitByte(c) || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' }

// findIBANs calls fn with the span of every IBAN of s whose mod-97 check
// holds, written in one block or in groups of four.
func findIBANs(s string, fn func(Span)) {
	scanIBANs(s, func(sp Span, valid bool) {
		if valid {
			fn(sp)
		}
	})
}

// scanIBANs calls fn with the span of every IBAN-shaped run of s: a known
// country code, two digits and the country's length, in one block or in
// groups of four; valid says whether the mod-97 check holds. A hand-copied
// IBAN with a wrong digit is still someone's bank details when the words
// around it say so.
func scanIBANs(s string, fn func(sp Span, valid bool)) {
	for i := 0; i+4 <= len(s); i++ {
		if i > 0 && isAlnumByte(s[i-1]) {
			continue
		}
		if !isDigitByte(s[i+2]) || !isDigitByte(s[i+3]) || !isAlnumByte(s[i]) || isDigitByte(s[i]) {
			continue
		}
		want, ok := ibanLengths[string([]byte{asciiUpper(s[i]), asciiUpper(s[i+1])})]
		if !ok {
			continue
		}
		var buf [34]byte
		n := 0
		j := i
		for j < len(s) && n < want {
			c := s[j]
			switch {
			case isAlnumByte(c):
				buf[n] = asciiUpper(c)
				n++
				j++
				continue
			case c == ' ' && j+1 < len(s) && isAlnumByte(s[j+1]):
				j++
				continue
			}
			break
		}
		if n != want || j < len(s) && isAlnumByte(s[j]) {
			continue
		}
		fn(Span{Start: i, End: j}, ibanValid(buf[:n]))
		i = j
	}
}

// ibanValid runs the ISO 13616 check: the IBAN with its first four
// characters moved to the end, letters as 10…35, is 1 mod 97.
func ibanValid(b []byte) bool {
	if len(b) < 15 {
		return false
	}
	rem := 0
	add := func(c byte) bool {
		switch {
		case isDigitByte(c):
			rem = (rem*10 + int(c-'0')) % 97
		case c >= 'A' && c <= 'Z':
			v := int(c-'A') + 10
			rem = (rem*100 + v) % 97
		default:
			return false
		}
		return true
	}
	for _, c := range b[4:] {
		if !add(c) {
			return false
		}
	}
	for _, c := range b[:4] {
		if !add(c) {
			return false
		}
	}
	return rem == 1
}
