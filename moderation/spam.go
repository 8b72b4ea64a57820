package moderation

import (
	"fmt"
	"strings"
)

// Weights of the spam signals; a comment is spam from the category
// threshold (0.5 by default), so one strong signal or two medium ones.
const (
	spamStrong   = 0.6
	spamMedium   = 0.35
	spamWeak     = 0.1
	spamWarning  = -0.3
	spamAnyLink  = 0.1
	spamMinScore = 0.3 // findings below are not reported at all
)

// detectSpam scores scams, get-rich offers, crypto, dating bait, phishing,
// shortened links with bait and off-topic commercial offers. A warning
// against a scam ("attention arnaque", "ne cliquez pas") lowers the score:
// residents warning each other are not spammers.
func (fx *factIndex) detectSpam(sc *factScan) (Finding, bool) {
	t := sc.t
	lx := fx.lex
	score := 0.0
	var rules []string
	var ev []Span
	var why []string

	var buf [8]Hit
	// Each phrase counts once, and at most three phrases of one kind.
	add := func(l *factLexicon, w float64, rule string) {
		hs := l.find(sc, buf[:0])
		seen := 0
		for i, h := range hs {
			if seen >= 3 {
				break
			}
			if negationBefore(t, h.First, 2) || phraseSeen(hs[:i], h.Phrase) || spanCovered(ev, t.Span(h.First, h.Last)) {
				continue
			}
			seen++
			score += w
			rules = appendRule(rules, rule)
			ev = append(ev, t.Span(h.First, h.Last))
			if len(why) < 3 {
				why = append(why, "« "+originalWords(t, h.First, h.Last)+" »")
			}
		}
	}
	add(lx.spStrong, spamStrong, "spam.scam_bait")
	add(lx.spMedium, spamMedium, "spam.bait")
	add(lx.spWeak, spamWeak, "spam.commercial")

	if sp, ok := moneyPromise(t); ok {
		score += spamStrong
		rules = appendRule(rules, "spam.money_promise")
		ev = append(ev, sp)
		why = append(why, "« "+t.Original[sp.Start:sp.End]+" »")
	} else if sp, ok := moneyRate(t); ok {
		score += spamMedium
		rules = appendRule(rules, "spam.money_promise")
		ev = append(ev, sp)
		why = append(why, "« "+t.Original[sp.Start:sp.End]+" »")
	}
	if sp, ok := foreignNumber(t.Original); ok {
		score += spamMedium
		rules = appendRule(rules, "spam.foreign_number")
		ev = append(ev, sp)
		why = appendWhy(why, "numéro étranger « "+t.Original[sp.Start:sp.End]+" »")
	}
	if sp, ok := unitPrice(t); ok {
		score += spamMedium
		rules = appendRule(rules, "spam.commercial")
		ev = append(ev, sp)
		why = appendWhy(why, "« "+t.Original[sp.Start:sp.End]+" »")
	}
	if sp, ok := discount(t.Original); ok {
		score += spamMedium
		rules = appendRule(rules, "spam.commercial")
		ev = append(ev, sp)
	}

	for _, l := range sc.links {
		score += spamAnyLink
		switch {
		case fx.isShortener(l.Host):
			score += spamMedium
			rules = appendRule(rules, "spam.short_link")
			ev = append(ev, l.Span)
			why = appendWhy(why, "lien raccourci « "+l.Host+" »")
		case fx.imitatesBrand(l.Host):
			score += spamStrong
			rules = appendRule(rules, "spam.phishing_link")
			ev = append(ev, l.Span)
			why = appendWhy(why, "lien imitant un service connu « "+l.Host+" »")
		case fx.dubiousTLD(l.Host):
			score += spamMedium
			rules = appendRule(rules, "spam.dubious_link")
			ev = append(ev, l.Span)
			why = appendWhy(why, "lien « "+l.Host+" »")
		}
	}
	if lx.spWarning.contains(sc) {
		score += spamWarning
	}
	score = clampScore(score)
	if score < spamMinScore || len(rules) == 0 {
		return Finding{}, false
	}
	score = min(score, 0.98)
	sev := SeverityLow
	law := ""
	if containsRule(rules, "spam.scam_bait") || containsRule(rules, "spam.phishing_link") || containsRule(rules, "spam.money_promise") {
		sev = SeverityMedium
		law = "code pénal, art. 313-1 (escroquerie)"
	}
	return Finding{
		Category: Spam,
		Score:    score,
		Severity: sev,
		Rules:    rules,
		Evidence: ev,
		Reason:   fmt.Sprintf("Publicité, arnaque ou hameçonnage probable : %s.", strings.Join(why, ", ")),
		Clause:   "Utilisation commerciale, spam et arnaques",
		Law:      law,
	}, true
}

func (fx *factIndex) isShortener(host string) bool {
	for _, s := range fx.lex.spShorteners {
		if host == s {
			return true
		}
	}
	return false
}

// imitatesBrand reports a host that borrows a known brand inside a longer
// name ("laposte-suivi-colis.info", "facebook-securite-verif.com",
// "isolation-aides-gouv.fr"), the usual shape of a phishing address; the
// brand's own domains ("laposte.fr", "impots.gouv.fr") do not count.
func (fx *factIndex) imitatesBrand(host string) bool {
	if strings.HasSuffix(host, ".gouv.fr") || host == "gouv.fr" {
		return false
	}
	name := host
	if dot := strings.LastIndexByte(host, '.'); dot > 0 {
		name = host[:dot]
	}
	// The registered name: the label before the top-level domain.
	reg := name
	if dot := strings.LastIndexByte(name, '.'); dot >= 0 {
		reg = name[dot+1:]
	}
	for _, b := range fx.lex.spBrands {
		if reg == b || !strings.Contains(name, b) {
			continue
		}
		// A short brand must be a whole part of the name: "caf" is in
		// "cafe-des-sports", "ants" in "enfants-du-bourg".
		if len(b) >= 6 || hasPart(name, b) {
			return true
		}
	}
	return false
}

// hasPart reports whether p is one of the parts of name between dots and
// hyphens.
func hasPart(name, p string) bool {
	for name != "" {
		i := strings.IndexAny(name, ".-")
		part := name
		if i >= 0 {
			part, name = name[:i], name[i+1:]
		} else {
			name = ""
		}
		if part == p {
			return true
		}
	}
	return false
}

func (fx *factIndex) dubiousTLD(host string) bool {
	dot := strings.LastIndexByte(host, '.')
	if dot < 0 {
		return false
	}
	tld := host[dot+1:]
	for _, s := range fx.lex.spTLDs {
		if tld == s {
			return true
		}
	}
	return false
}

// moneyPromise finds a promise of easy money: a gain verb, an amount and a
// short time ("gagnez 3000€ par semaine", "j'ai reçu 8500€ en 7 jours").
func moneyPromise(t *Text) (Span, bool) {
	toks := t.Tokens
	for i, tok := range toks {
		w := tok.Norm
		// "gagnez", "j'ai gagné", "j'ai reçu", "ça rapporte"; a salary
		// someone "touche" is not a promise.
		promise := strings.HasPrefix(w, "gagn") || strings.HasPrefix(w, "empoch") || w == "rapporte" || w == "generer" ||
			w == "recu" && t.Is(i-1, "ai", "avons") ||
			// Imperatives of an offer: "investissez 250 € et recevez
			// 5000 € en une semaine".
			wlOfferImperatives.Has(w)
		if !promise || questionSentence(t, tok.Sent) {
			continue
		}
		// An amount within the next four words…
		for j := i + 1; j < len(toks) && j <= i+4 && toks[j].Sent == tok.Sent; j++ {
			if !isAmount(t, j) {
				continue
			}
			// …then a period within the next four.
			for k := j + 1; k < len(toks) && k <= j+4 && toks[k].Sent == tok.Sent; k++ {
				if wlMoneyTimeSpans.Has(toks[k].Norm) {
					return t.Span(i, k+1), true
				}
			}
		}
	}
	return Span{}, false
}

// moneyRate finds an amount per period with no gain verb ("2500€/mois",
// "200 € par jour"), a weaker sign of a get-rich offer.
func moneyRate(t *Text) (Span, bool) {
	toks := t.Tokens
	for j := range toks {
		if !isAmount(t, j) || questionSentence(t, toks[j].Sent) {
			continue
		}
		k := j + 1
		if t.Is(k, "par") {
			k++
		}
		if t.Is(k, "jour", "semaine", "mois", "heure") && toks[k].Sent == toks[j].Sent {
			return t.Span(j, k+1), true
		}
	}
	return Span{}, false
}

// isAmount reports a token that is a sum of money: digits followed by "€",
// "euros" or "k".
func isAmount(t *Text, j int) bool {
	w := t.Tokens[j].Norm
	if w == "" || !isDigitByte(w[0]) {
		return false
	}
	if strings.HasSuffix(w, "k") || strings.HasSuffix(w, "euros") {
		return true
	}
	if j+1 < len(t.Tokens) && (t.Is(j+1, "euros") || t.Is(j+1, "euro") || t.Is(j+1, "eur")) {
		return true
	}
	// "200€" is one token; "200 €" is two.
	tok := t.Original[t.Tokens[j].Start:t.Tokens[j].End]
	rest := strings.TrimLeft(t.Original[t.Tokens[j].End:], " \u00a0")
	return strings.ContainsAny(tok, "€$") || strings.HasPrefix(rest, "€") || strings.HasPrefix(rest, "$")
}

// foreignNumber finds a phone number with a foreign country code
// ("+229 97 12 34 56"): scams on a French village's page give them, its
// residents rarely do.
func foreignNumber(s string) (Span, bool) {
	var sp Span
	found := false
	scanNumbers(s, func(r *numRun) {
		if found || !r.plus || r.n < 2 || r.digits[0] == '3' && r.digits[1] == '3' {
			return
		}
		if id, ok := phoneOf(r); ok && id.Mobile {
			sp, found = id.Span, true
		}
	})
	return sp, found
}

// unitPrice finds a price per service or item ("25 € la pose", "12€ la
// séance"): the mark of an offer.
func unitPrice(t *Text) (Span, bool) {
	for j := range t.Tokens {
		if !isAmount(t, j) {
			continue
		}
		k := j + 1
		if t.Is(k, "euros", "euro", "eur") {
			k++
		}
		if questionSentence(t, t.Tokens[j].Sent) {
			continue
		}
		// "15 € de l'heure"
		if t.Is(k, "de") && t.Is(k+1, "l") && t.Is(k+2, "heure") {
			return t.Span(j, k+3), true
		}
		if !t.Is(k, "la", "le", "l") {
			continue
		}
		if isIn(t, k+1, wlPricedUnits) {
			return t.Span(j, k+2), true
		}
	}
	return Span{}, false
}

// discount finds "-30%" or "-80 %": a price cut, the mark of an ad.
func discount(s string) (Span, bool) {
	for i := 0; i+2 < len(s); i++ {
		if s[i] != '-' || !isDigitByte(s[i+1]) {
			continue
		}
		if i > 0 && isAlnumByte(s[i-1]) {
			continue
		}
		j := i + 1
		for j < len(s) && isDigitByte(s[j]) {
			j++
		}
		k := j
		if k < len(s) && s[k] == ' ' {
			k++
		}
		if k < len(s) && s[k] == '%' {
			return Span{Start: i, End: k + 1}, true
		}
	}
	return Span{}, false
}

// spanCovered reports a span inside one already counted ("offre" in
// "offre spéciale").
func spanCovered(ev []Span, sp Span) bool {
	for _, e := range ev {
		if sp.Start >= e.Start && sp.End <= e.End {
			return true
		}
	}
	return false
}

func phraseSeen(hs []Hit, phrase int) bool {
	for _, h := range hs {
		if h.Phrase == phrase {
			return true
		}
	}
	return false
}

// appendWhy adds a reason once, and no more than four in all.
func appendWhy(why []string, s string) []string {
	if len(why) >= 4 || containsRule(why, s) {
		return why
	}
	return append(why, s)
}
