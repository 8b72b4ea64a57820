package moderation

import (
	"strconv"
	"strings"
)

// This file reads how people restate a rumour in their own words: the
// figures written in letters or as fractions ("trente pour cent", "presque
// un tiers"), and the denials that are the author's own rather than the
// commune's denial the author mocks ("Vous croyez encore à leur démenti ?").

// figureWords returns phrases that say the figure n, in letters or as an
// approximate fraction, as people write a percentage: 30 is "trente" and
// "un tiers". Figures under ten are left alone: "deux" or "un" occur in
// every sentence.
func figureWords(n int) []string {
	if n < 10 || n > 999 {
		return nil
	}
	var out []string
	if n < 100 {
		out = append(out, frenchNumber(n))
	}
	for _, f := range [...]struct {
		lo, hi int
		words  string
	}{
		{10, 11, "un dixieme"},
		{20, 20, "un cinquieme"},
		{25, 26, "un quart"},
		{30, 35, "un tiers"},
		{48, 52, "la moitie"},
		{65, 68, "deux tiers"},
		{75, 76, "trois quarts"},
		{100, 100, "le double"},
		{100, 100, "double"},
		{100, 100, "doubl*"},
		{200, 200, "le triple"},
		{200, 200, "tripl*"},
	} {
		if n >= f.lo && n <= f.hi {
			out = append(out, f.words)
		}
	}
	return out
}

var (
	frenchUnits = [...]string{"zero", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf",
		"dix", "onze", "douze", "treize", "quatorze", "quinze", "seize", "dix sept", "dix huit", "dix neuf"}
	frenchTens = [...]string{"", "", "vingt", "trente", "quarante", "cinquante", "soixante", "soixante", "quatre vingt", "quatre vingt"}
)

// frenchNumber spells 0 ≤ n < 100 in folded words: 71 is "soixante et
// onze", 80 "quatre vingt".
func frenchNumber(n int) string {
	if n < 20 {
		return frenchUnits[n]
	}
	tens, unit := n/10, n%10
	if tens == 7 || tens == 9 {
		unit += 10
	}
	w := frenchTens[tens]
	switch {
	case unit == 0:
		return w
	case (unit == 1 || unit == 11) && tens != 8 && tens != 9:
		return w + " et " + frenchUnits[unit]
	}
	return w + " " + frenchUnits[unit]
}

// figureOf reads a folded keyword as a figure: "30" is 30.
func figureOf(w string) (int, bool) {
	if !allDigits(w) || len(w) > 3 {
		return 0, false
	}
	n, err := strconv.Atoi(w)
	return n, err == nil
}

// deniedByAuthor reports a denial of the author's own: a denial word
// ("faux", "rumeur", "démenti") that is not the commune's denial the
// author contests ("leur démenti", "la mairie dément", "vous y croyez
// encore ?").
func (fx *factIndex) deniedByAuthor(sc *factScan) bool {
	var buf [8]Hit
	t := sc.t
	for _, h := range fx.lex.fnDenial.find(sc, buf[:0]) {
		first, last := sentenceBounds(t, t.Tokens[h.First].Sent)
		if !fx.lex.fnContested.inRange(sc, first, last) {
			return true
		}
	}
	return false
}

// rumorNegated reports a negation in the five words before token i: "pas
// de hausse de 30 %". A warning in the imperative is not one: "ne buvez
// pas l'eau, elle est contaminée" spreads the rumour.
func rumorNegated(t *Text, i int) bool {
	for k := i - 1; k >= 0 && k >= i-5; k-- {
		if t.Tokens[k].Clause != t.Tokens[i].Clause || t.Tokens[k].Norm == "mais" {
			return false
		}
		switch t.Tokens[k].Norm {
		case "pas", "jamais":
			if warningVerb(t.Tokens[max(k-1, 0)].Norm) && k > 0 {
				return false
			}
			return true
		case "aucun", "aucune", "ni", "sans", "non":
			return true
		}
	}
	return false
}

// warningVerb reports imperatives of a warning: "ne buvez pas", "ne
// laissez pas vos enfants".
func warningVerb(w string) bool {
	return wlWarningImperatives.Has(w)
}

// shoutedCall finds a call to share written in capitals or followed by
// "!!" ("PARTAGEZ", "partagez !!!"): the tone of a viral hoax,
// which an announcement ("Partagez : le loto a lieu samedi") lacks.
func shoutedCall(t *Text) (Hit, bool) {
	for i, tok := range t.Tokens {
		if !wlShareCalls.Has(tok.Norm) {
			continue
		}
		orig := t.Original[tok.Start:tok.End]
		if len(orig) >= 5 && strings.ToUpper(orig) == orig {
			return Hit{Phrase: -1, First: i, Last: i + 1}, true
		}
		if rest := t.Original[tok.End:]; strings.HasPrefix(strings.TrimLeft(rest, " "), "!!") {
			return Hit{Phrase: -1, First: i, Last: i + 1}, true
		}
	}
	return Hit{}, false
}

// isVerbKeyword reports a keyword written as a verb or a participle
// ("fermer", "privatisée"), whose stem also matches the verb's forms.
func isVerbKeyword(kw string) bool {
	kw = strings.ToLower(strings.TrimSpace(kw))
	for _, suf := range [...]string{"er", "ir", "é", "ée", "és", "ées"} {
		if len(kw) > len(suf)+2 && strings.HasSuffix(kw, suf) {
			return true
		}
	}
	return false
}
