package moderation

import (
	"fmt"
	"sort"
	"strings"
)

// factIndex holds the commune's charter facts compiled for matching:
// people and their aliases, rumours, unreliable domains, and the lexicons
// of the detectors for diffamatoire, fake_news, donnees_personnelles, spam
// and propagande.
type factIndex struct {
	facts   Facts
	lex     *factLexicons
	people  *peopleIndex
	rumors  *rumorSet
	domains []string // lower case, no scheme, no "www."
	public  publicContacts
}

// compileFacts prepares the facts once, when the classifier is built, and
// rejects facts that cannot work (a person without a name, a rumour without
// a correction, a domain that is not one).
func compileFacts(f Facts) (*factIndex, error) {
	lex, err := loadFactLexicons()
	if err != nil {
		return nil, err
	}
	fx := &factIndex{facts: f, lex: lex}
	if fx.public, err = compilePublicContacts(f.PublicContacts); err != nil {
		return nil, err
	}
	if fx.people, err = compilePeople(f.People); err != nil {
		return nil, err
	}
	if fx.rumors, err = compileRumors(f.Rumors, lex); err != nil {
		return nil, err
	}
	for _, d := range f.UnreliableDomains {
		h := strings.ToLower(strings.TrimSpace(d))
		h = strings.TrimPrefix(strings.TrimPrefix(h, "https://"), "http://")
		h = strings.TrimPrefix(h, "www.")
		h = strings.TrimSuffix(h, "/")
		if !strings.Contains(h, ".") || strings.ContainsAny(h, " /@") {
			return nil, fmt.Errorf("moderation: unreliable domain %q is not a domain name (expected e.g. exemple-infos.fr)", d)
		}
		fx.domains = append(fx.domains, h)
	}
	return fx, nil
}

// factScan is what the detectors share about one comment.
type factScan struct {
	t *Text
	// hits are the hits of the shared matcher of the embedded lexicons.
	hits   []Hit
	shared *sharedLexicon
	people []personRef
	links  []webLink
}

// factDetectors runs the detectors for diffamatoire, fake_news,
// donnees_personnelles, spam and propagande, appending their findings.
func (c *Classifier) factDetectors(t *Text, fs []Finding) []Finding {
	fx := c.fx
	if fx == nil || len(t.Original) == 0 {
		return fs
	}
	// The charter-fact lexicons are written for whole words: words that
	// the classifier split out of glued text are read again as written.
	for _, tok := range t.Tokens {
		if tok.Has(FlagGlued) {
			t = Normalize(t.Original)
			break
		}
	}
	// The scan and its hits stay on the stack.
	var buf [48]Hit
	scan := factScan{t: t, shared: fx.lex.shared, hits: fx.lex.shared.m.Find(t, buf[:0])}
	sc := &scan
	sc.people = fx.findPeople(sc)
	sc.links = findLinks(t.Original)
	if len(sc.links) > maxLexiconHits {
		sc.links = sc.links[:maxLexiconHits]
	}
	spam, isSpam := fx.detectSpam(sc)
	if isSpam {
		fs = append(fs, spam)
	}
	if f, ok := fx.detectPersonal(sc, isSpam && spam.Score >= 0.5); ok {
		fs = append(fs, f)
	}
	if f, ok := fx.detectDefamation(sc); ok {
		fs = append(fs, f)
	}
	if f, ok := fx.detectFakeNews(sc); ok {
		fs = append(fs, f)
	}
	if f, ok := fx.detectPropaganda(sc); ok {
		fs = append(fs, f)
	}
	return fs
}

// sentenceBounds returns the tokens [first, last) of sentence s.
// Tokens are numbered by sentence in order, so both ends are found by
// binary search: long comments cost no more than short ones per lookup.
func sentenceBounds(t *Text, s int) (first, last int) {
	toks := t.Tokens
	first = sort.Search(len(toks), func(i int) bool { return toks[i].Sent >= s })
	last = sort.Search(len(toks), func(i int) bool { return toks[i].Sent > s })
	if first >= last {
		return 0, 0
	}
	return first, last
}

// questionSentence reports whether sentence s ends with a question mark or opens
// like one ("est-ce que", "c'est vrai que").
func questionSentence(t *Text, s int) bool {
	first, last := sentenceBounds(t, s)
	if last == 0 {
		return false
	}
	return t.Tokens[last-1].Next == '?' || questionOpener(t, first)
}

// questionAt reports whether token i is asked about rather than asserted:
// its sentence opens like a question, or ends with a question mark and
// token i is in its last clause. "Perrin a été viré pour vol, et il nous
// donne des leçons ?" asks only about the lessons.
func questionAt(t *Text, i int) bool {
	first, last := sentenceBounds(t, t.Tokens[i].Sent)
	if last == 0 {
		return false
	}
	if questionOpener(t, first) {
		return true
	}
	if t.Tokens[last-1].Next != '?' || t.Tokens[i].Clause != t.Tokens[last-1].Clause {
		return false
	}
	// "… condamné pour violences et on le laisse patrouiller ??": the
	// question starts with the new proposition.
	for k := i + 1; k+1 < last; k++ {
		if t.Is(k, "et", "mais") && t.Is(k+1, "on", "il", "elle", "ils", "elles", "vous", "je", "tu", "nous", "personne") {
			return false
		}
	}
	return true
}

func questionOpener(t *Text, first int) bool {
	return t.Is(first, "est") && t.Is(first+1, "ce") ||
		t.Is(first, "c") && t.Is(first+1, "est") && t.Is(first+2, "vrai") ||
		t.Is(first, "est") && t.Is(first+1, "il") && t.Is(first+2, "vrai") ||
		t.Is(first, "pourquoi", "comment", "combien", "quand", "qui", "quel", "quelle")
}

// hypothesisBefore reports a "si" earlier in the sentence of token i: what
// follows is a hypothesis, not an assertion.
func hypothesisBefore(t *Text, i int) bool {
	for k := i - 1; k >= 0 && t.Tokens[k].Sent == t.Tokens[i].Sent; k-- {
		if t.Tokens[k].Norm == "si" {
			return true
		}
	}
	return false
}

// negationBefore reports whether one of the n tokens before token i, in
// the same clause and after any "mais", is a negation.
func negationBefore(t *Text, i, n int) bool {
	for k := i - 1; k >= 0 && k >= i-n; k-- {
		if t.Tokens[k].Clause != t.Tokens[i].Clause || t.Tokens[k].Norm == "mais" {
			return false
		}
		switch t.Tokens[k].Norm {
		case "pas", "jamais", "aucun", "aucune", "ni", "sans", "non":
			return true
		}
	}
	return false
}

// conditionalMood reports whether tokens [first, last) hold a verb in the
// conditional ("aurait", "serait", "pourrait"): reported, not asserted.
func conditionalMood(t *Text, first, last int) bool {
	for i := max(first, 0); i < last && i < len(t.Tokens); i++ {
		w := t.Tokens[i].Norm
		for _, suf := range [...]string{"erait", "irait", "urait", "rrait", "drait", "vrait", "eraient", "iraient", "uraient", "rraient", "draient", "vraient"} {
			if len(w) > len(suf) && strings.HasSuffix(w, suf) {
				return true
			}
		}
	}
	return false
}

// originalWords returns the original words of tokens [first, last).
func originalWords(t *Text, first, last int) string {
	sp := t.Span(first, last)
	return t.Original[sp.Start:sp.End]
}

// maxExcerpt bounds the quotations in reasons, in bytes.
const maxExcerpt = 120

// excerpt quotes tokens [first, last) of the original, cut at a word
// boundary when long.
func excerpt(t *Text, first, last int) string {
	s := originalWords(t, first, last)
	if len(s) <= maxExcerpt {
		return s
	}
	for k := first + 1; k < last; k++ {
		if t.Tokens[k].End-t.Tokens[first].Start > maxExcerpt {
			return originalWords(t, first, k) + " […]"
		}
	}
	return s
}

// clauseEnd extends token bound last to the end of the clause of token
// last-1, by at most n tokens, so a quotation does not stop on an article.
func clauseEnd(t *Text, last, n int) int {
	if last <= 0 || last > len(t.Tokens) {
		return last
	}
	c := t.Tokens[last-1].Clause
	for k := 0; k < n && last < len(t.Tokens) && t.Tokens[last].Clause == c; k++ {
		last++
	}
	return last
}

// clampScore keeps a score in [0, 1].
func clampScore(x float64) float64 {
	switch {
	case x < 0:
		return 0
	case x > 1:
		return 1
	}
	return x
}

// appendRule appends id to rules once.
func appendRule(rules []string, id string) []string {
	for _, r := range rules {
		if r == id {
			return rules
		}
	}
	return append(rules, id)
}
