package moderation

import (
	"fmt"
	"strings"

	"github.com/vigie-fr/vigie/moderation/french"
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

// The reading of sentences, questions and negation is the document's (see
// moderation/french); these names keep the detectors' calls short.

func sentenceBounds(t *Text, s int) (first, last int) { return french.SentenceBounds(t, s) }
func questionSentence(t *Text, s int) bool            { return french.QuestionSentence(t, s) }
func questionAt(t *Text, i int) bool                  { return french.QuestionAt(t, i) }
func hypothesisBefore(t *Text, i int) bool            { return french.HypothesisBefore(t, i) }
func negationBefore(t *Text, i, n int) bool           { return french.NegationBefore(t, i, n) }
func conditionalMood(t *Text, first, last int) bool   { return french.ConditionalMood(t, first, last) }

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
