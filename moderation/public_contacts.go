package moderation

import (
	"fmt"
	"strings"
)

// publicContacts are the contact details the commune publishes itself
// (charter.public_contacts): quoting them is never personal data.
type publicContacts struct {
	phones    []string   // national digits: "0561000000"
	emails    []string   // lower case
	addresses [][]string // folded words: "12", "rue", "des", "tilleuls"
}

// compilePublicContacts sorts each entry into a phone number (digits and
// separators only), an e-mail address (an '@') or a postal address.
func compilePublicContacts(list []string) (publicContacts, error) {
	var pc publicContacts
	for _, s := range list {
		s = strings.TrimSpace(s)
		digits, letters := 0, 0
		for _, r := range s {
			switch {
			case r >= '0' && r <= '9':
				digits++
			case r == '+' || r == '(' || r == ')' || r == '.' || r == '-' || r == ' ' || r == '/':
			default:
				letters++
			}
		}
		switch {
		case strings.Contains(s, "@"):
			local, domain, _ := strings.Cut(s, "@")
			if local == "" || !strings.Contains(domain, ".") || strings.ContainsAny(s, " ,;") {
				return pc, fmt.Errorf("moderation: public contact %q is not an e-mail address", s)
			}
			pc.emails = append(pc.emails, strings.ToLower(s))
		case letters == 0 && digits >= 9:
			pc.phones = append(pc.phones, nationalDigits(s))
		case letters == 0:
			return pc, fmt.Errorf("moderation: public contact %q is too short for a phone number", s)
		default:
			w := words(s)
			if len(w) < 2 {
				return pc, fmt.Errorf("moderation: public contact %q is too short for a postal address", s)
			}
			pc.addresses = append(pc.addresses, w)
		}
	}
	return pc, nil
}

// nationalDigits keeps the digits of a phone number, in the national
// form: "+33 (0)5 61…" and "0033 5 61…" become "0561…".
func nationalDigits(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if isDigitByte(s[i]) {
			b.WriteByte(s[i])
		}
	}
	d := b.String()
	switch {
	case strings.HasPrefix(d, "0033"):
		d = "0" + strings.TrimPrefix(d[4:], "0")
	case strings.HasPrefix(s, "+33") || strings.HasPrefix(strings.TrimSpace(s), "+33"):
		d = "0" + strings.TrimPrefix(d[2:], "0")
	}
	return d
}

func (pc publicContacts) empty() bool {
	return len(pc.phones)+len(pc.emails)+len(pc.addresses) == 0
}

// covers reports whether the text of a span is one of the public
// contacts: the same phone number, the same e-mail address, or words of a
// published postal address.
func (pc publicContacts) covers(s string) bool {
	if pc.empty() {
		return false
	}
	if d := nationalDigits(s); len(d) >= 9 {
		for _, p := range pc.phones {
			if d == p {
				return true
			}
		}
	}
	if strings.Contains(s, "@") {
		l := strings.ToLower(strings.TrimSpace(s))
		for _, e := range pc.emails {
			if l == e {
				return true
			}
		}
	}
	if len(pc.addresses) > 0 {
		w := words(s)
		for _, a := range pc.addresses {
			if len(w) >= 2 && indexWords(a, w) >= 0 {
				return true
			}
		}
	}
	return false
}

// indexWords finds the sequence sub in words, or -1.
func indexWords(words, sub []string) int {
	for i := 0; i+len(sub) <= len(words); i++ {
		ok := true
		for j, w := range sub {
			if words[i+j] != w {
				ok = false
				break
			}
		}
		if ok {
			return i
		}
	}
	return -1
}

// mentionsPublicContact reports whether the comment quotes one of the
// public contacts anywhere.
func (fx *factIndex) mentionsPublicContact(t *Text) bool {
	if fx == nil || fx.public.empty() {
		return false
	}
	pc := fx.public
	found := false
	scanNumbers(t.Original, func(r *numRun) {
		if !found && pc.covers(t.Original[r.start:r.end]) {
			found = true
		}
	})
	if found {
		return true
	}
	lower := strings.ToLower(t.Original)
	for _, e := range pc.emails {
		if strings.Contains(lower, e) {
			return true
		}
	}
	norms := make([]string, len(t.Tokens))
	for i, tok := range t.Tokens {
		norms[i] = tok.Norm
	}
	for _, a := range pc.addresses {
		if indexWords(norms, a) >= 0 {
			return true
		}
	}
	return false
}

// dropPublic removes the hits that quote a public contact.
func (fx *factIndex) dropPublic(t *Text, hits []personalHit) []personalHit {
	if fx.public.empty() {
		return hits
	}
	out := hits[:0]
	for _, h := range hits {
		if h.span.End <= len(t.Original) && h.span.Start < h.span.End && fx.public.covers(t.Original[h.span.Start:h.span.End]) {
			continue
		}
		out = append(out, h)
	}
	return out
}
