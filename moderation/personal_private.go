package moderation

import "fmt"

// postalAddresses finds "12 rue des Tilleuls" tied to someone's home ("il
// habite", "l'adresse de") or to a named person; a venue or a business
// address is not personal data.
func (fx *factIndex) postalAddresses(sc *factScan, hits []personalHit) []personalHit {
	t := sc.t
	lx := fx.lex
	found := 0
	for i := 1; i < len(t.Tokens) && found < maxLexiconHits; i++ {
		h, ok := lx.dpStreets.at(sc, i)
		if !ok {
			continue
		}
		num := i - 1
		if t.Is(num, "bis", "ter") {
			num--
		}
		if num < 0 || !allDigits(t.Tokens[num].Norm) || len(t.Tokens[num].Norm) > 4 || h.Last >= len(t.Tokens) {
			continue
		}
		// The street's name: up to four words of the same clause, capitalised
		// or after a particle ("rue des tilleuls", "route de Toulouse").
		last := h.Last
		for last < len(t.Tokens) && last < h.Last+4 && t.Tokens[last].Clause == t.Tokens[h.First].Clause {
			tok := t.Tokens[last]
			particle := isIn(t, last, wlStreetNameParticles) || t.Is(last, "saint", "sainte")
			if !particle && !tok.Has(FlagCapital) && !allDigits(tok.Norm) && !isIn(t, last-1, wlStreetNameParticles) {
				break
			}
			last++
		}
		sp := t.Span(num, last)
		s0, s1 := sentenceBounds(t, t.Tokens[num].Sent)
		before := fx.tokensBefore(t, sp, 30)
		if lx.dpSelf.inRange(sc, before, num) {
			continue
		}
		// "il habite 2 chemin du Moulin": a home, whatever came before.
		home := lx.dpHome.inRange(sc, max(num-3, 0), num)
		// A venue or a business: a service word just before the address or
		// in it ("2 place de la Mairie").
		if !home && lx.dpService.inRange(sc, max(num-6, s0, before), min(last+4, len(t.Tokens))) {
			continue
		}
		// "Ma voisine du 12 rue des Écoles a trouvé un chat": the address
		// names a neighbour; it exposes her only with a call against her.
		if !home && lx.dpResidents.inRange(sc, max(num-4, 0), num) && !lx.dpThird.inRange(sc, s0, s1) {
			continue
		}
		score := 0.0
		if home || lx.dpHome.inRange(sc, min(before, s0), s1) {
			score = 0.85
		} else {
			for _, r := range sc.people {
				if r.Kind == refFirstName {
					continue
				}
				if r.Last <= num && num-r.Last <= 3 || r.First >= last && r.First-last <= 3 {
					score = 0.75
					break
				}
			}
		}
		if score == 0 {
			continue
		}
		found++
		hits = append(hits, personalHit{"donnees_personnelles.address", score, SeverityHigh, sp,
			fmt.Sprintf("Adresse postale d'un tiers (« %s »).", t.Original[sp.Start:sp.End]), lawLocate})
		i = last
	}
	return fx.homeNumbers(sc, hits)
}

// homeNumbers finds "il habite au 12", "Delmas vit au 3 bis": a house
// number given as someone's home, the street left to the neighbours.
func (fx *factIndex) homeNumbers(sc *factScan, hits []personalHit) []personalHit {
	t := sc.t
	for i := 1; i+1 < len(t.Tokens); i++ {
		if !isIn(t, i, wlHabiterForms) || !t.Is(i+1, "au", "le") {
			continue
		}
		num := i + 2
		if num >= len(t.Tokens) || !allDigits(t.Tokens[num].Norm) || len(t.Tokens[num].Norm) > 4 || unitAfter(t, num) != unitNone {
			continue
		}
		if _, ok := fx.lex.dpStreets.at(sc, num+1); ok {
			continue // a full address: postalAddresses has it
		}
		// Someone else's home: a subject other than the author.
		if !t.Is(i-1, "il", "elle", "ils", "elles") && !fx.personBefore(sc, i, 3) {
			continue
		}
		last := num + 1
		if t.Is(last, "bis", "ter") {
			last++
		}
		sp := t.Span(i, last)
		hits = append(hits, personalHit{"donnees_personnelles.address", 0.8, SeverityHigh, sp,
			fmt.Sprintf("Adresse d'un tiers (« %s »).", t.Original[sp.Start:sp.End]), lawLocate})
		break
	}
	return hits
}

// personBefore reports a person designated in the n words before token
// i, in its sentence.
func (fx *factIndex) personBefore(sc *factScan, i, n int) bool {
	for _, r := range sc.people {
		if r.Last <= i && i-r.Last <= n && sc.t.Tokens[r.First].Sent == sc.t.Tokens[i].Sent {
			return true
		}
	}
	return false
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigitByte(s[i]) {
			return false
		}
	}
	return true
}

// privateDetails finds health or family details about a named person:
// someone of charter.people, a role, "Mme Lopez", "Alain Petit", "le fils
// de Lebrun". The author's own family and kind words are not reported.
func (fx *factIndex) privateDetails(sc *factScan, hits []personalHit) []personalHit {
	t := sc.t
	lx := fx.lex
	if len(sc.people) == 0 {
		return hits
	}
	type kind struct {
		l      *factLexicon
		rule   string
		score  float64
		sev    Severity
		law    string
		reason string
		// need, when set, must occur in the sentence too: a place ("au
		// bout du chemin des Vignes") is a home only with "habite".
		need *factLexicon
	}
	for _, k := range []kind{
		{lx.dpHealth, "donnees_personnelles.health", 0.8, SeverityHigh, lawHealth, "Détail de santé sur une personne nommée (%s) : « %s ».", nil},
		{lx.dpFamily, "donnees_personnelles.private_life", 0.7, SeverityMedium, lawPrivacy, "Détail de vie privée ou familiale sur une personne nommée (%s) : « %s ».", nil},
		{lx.dpSituation, "donnees_personnelles.private_life", 0.7, SeverityMedium, lawPrivacy, "Situation sociale, financière ou intime d'une personne nommée (%s) : « %s ».", nil},
		{lx.dpWhere, "donnees_personnelles.address", 0.75, SeverityHigh, lawLocate, "Indique où habite une personne nommée (%s) : « %s ».", nil},
		{lx.dpPlace, "donnees_personnelles.address", 0.75, SeverityHigh, lawLocate, "Indique où habite une personne nommée (%s) : « %s ».", lx.dpLives},
	} {
		if hasRule(hits, k.rule) {
			continue // one reason per kind of data is enough
		}
		var buf [4]Hit
		for _, h := range k.l.find(sc, buf[:0]) {
			sent := t.Tokens[h.First].Sent
			s0, s1 := sentenceBounds(t, sent)
			// "La fille de X est enceinte, c'est ça la famille modèle ?"
			// asks only its last clause.
			if questionAt(t, h.First) || negationBefore(t, h.First, 2) || foughtAgainst(t, h.First) {
				continue
			}
			if k.need != nil && !k.need.inRange(sc, s0, s1) {
				continue
			}
			if k.law == lawLocate && !fx.findable(sc, h.Last) {
				continue
			}
			// Kind words in the sentence or the one before ("Bon
			// rétablissement à M. Blanc qui…" is cut after "M.").
			if lx.dpKind.inRange(sc, fx.tokensBefore(t, t.Span(h.First, h.Last), 12), s1) {
				continue
			}
			var who *personRef
			for ri := range sc.people {
				r := &sc.people[ri]
				if r.Kind == refFirstName || r.Kind == refTrade && k.law != lawLocate {
					continue
				}
				rs := t.Tokens[r.Last-1].Sent
				if rs != sent && rs != sent-1 {
					continue
				}
				d := h.First - r.Last
				if r.First >= h.Last {
					d = r.First - h.Last
				}
				if d <= 10 {
					who = r
					break
				}
			}
			if who == nil {
				continue
			}
			// "ma fille", "mon mari": the author speaks of their own family,
			// and of nobody else when "ma fille" is the subject ("Ma fille
			// est autiste et l'école a été formidable, merci Mme Roux").
			if lx.dpOwnKin.inRange(sc, s0, s1) && who.Kind != refCharter && who.Kind != refRelative ||
				lx.dpOwnKin.inRange(sc, max(h.First-4, s0), h.First) {
				continue
			}
			hits = append(hits, personalHit{k.rule, k.score, k.sev, t.Span(h.First, h.Last),
				fmt.Sprintf(k.reason, fx.describe(t, *who), originalWords(t, h.First, h.Last)), k.law})
			break
		}
	}
	return hits
}

// bankDetailsOf reports an IBAN-shaped run at span sp (token at) that the
// comment presents as someone's bank details: "RIB" or "IBAN" just before
// it, and a holder named after it ("au nom de PERRIN Gérard") or a person
// designated in its sentence.
func (fx *factIndex) bankDetailsOf(sc *factScan, sp Span, at int) bool {
	t := sc.t
	labelled := false
	for k := fx.tokensBefore(t, sp, 10); k < at && k < len(t.Tokens); k++ {
		if t.Is(k, "rib", "iban", "bancaires") {
			labelled = true
			break
		}
	}
	if !labelled {
		return false
	}
	end := at
	for end < len(t.Tokens) && t.Tokens[end].Start < sp.End {
		end++
	}
	for k := end; k < len(t.Tokens) && k < end+3; k++ {
		if t.Is(k, "nom", "titulaire", "beneficiaire") && fx.holderNamed(sc, k+1) {
			return true
		}
	}
	s0, s1 := sentenceBounds(t, t.Tokens[min(at, len(t.Tokens)-1)].Sent)
	for _, r := range sc.people {
		if r.Kind != refFirstName && r.First >= s0 && r.Last <= s1 {
			return true
		}
	}
	return false
}

// holderNamed reports a person named at token i or just after ("de PERRIN
// Gérard", ": Kevin Marchal"), not an association or a business.
func (fx *factIndex) holderNamed(sc *factScan, i int) bool {
	t := sc.t
	if t.Is(i, "de", "du", "d") {
		i++
	}
	for _, r := range sc.people {
		if r.First == i {
			return true
		}
	}
	if i+1 >= len(t.Tokens) || fx.lex.dpService.inRange(sc, i, i+2) {
		return false
	}
	return t.Tokens[i].Has(FlagCapital) && t.Tokens[i+1].Has(FlagCapital) && t.Tokens[i].Next == ' '
}

func hasRule(hits []personalHit, rule string) bool {
	for _, h := range hits {
		if h.rule == rule {
			return true
		}
	}
	return false
}

// findable reports a proper name or a landmark in the four words from
// token i: "au-dessus du tabac", "au bout du chemin des Vignes". "Au bout
// du chemin" alone finds nobody.
func (fx *factIndex) findable(sc *factScan, i int) bool {
	t := sc.t
	end := min(i+4, len(t.Tokens))
	for k := i; k < end; k++ {
		if t.Tokens[k].Has(FlagCapital) && t.Tokens[k].Sent == t.Tokens[max(i-1, 0)].Sent {
			return true
		}
	}
	return fx.lex.dpLandmarks.inRange(sc, max(i-1, 0), end)
}
