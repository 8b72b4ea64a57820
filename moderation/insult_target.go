package moderation

// More ways an insult is aimed at a person: put in apposition to someone
// named just before ("les agents de la déchetterie, des gros parasites"),
// pointed at after it ("sacré tocard ce Lebrun", "le boloss de service"),
// a name with a definite article ("Garnier la mal baisée"), and obscene
// verbs of a person ("tu suces le maire combien ?").

// apposition reports an insult noun phrase that opens a clause right
// after a person named in the clause before: "Le maire, un vrai tocard",
// "les élus, tous des guignols", "Morel : un incapable".
func (an *analysis) apposition(s sentence, k int) bool {
	toks := an.t.Tokens
	a := k - 1
	if wlAppositionIntensifiers.Has(an.norm(a)) {
		a--
	}
	bare := false
	switch an.norm(a) {
	case "un", "une", "des", "de", "d":
		a--
	default:
		// "Vasseur, branleur payé avec nos impôts", "Morel, voleur et
		// escroc": a bare noun in apposition to a name alone.
		if a = an.bareOpening(k); a < 0 {
			return false
		}
		bare = true
	}
	if wlAppositionFillers.Has(an.norm(a)) {
		a--
	}
	if a < s.a || a+1 >= len(toks) {
		return false
	}
	switch toks[a].Next {
	case ',', ':', '-':
	default:
		return false
	}
	cl := toks[a].Clause
	if bare {
		return an.nameAlone(s, a)
	}
	for j := a; j >= s.a && toks[j].Clause == cl && j >= a-8; j-- {
		w := toks[j].Norm
		switch {
		case an.has(j, tagGroup) || an.has(j, tagSlur):
			return false // a group: the hate rules judge it
		case an.has(j, tagPerson) && !isWeakPerson(w), an.properName(j), j == s.a && an.people != nil && an.people[j]:
			return true
		}
	}
	return false
}

// pointedAfter reports an insult followed by the person it names: "quel
// tocard ce Perrin", "sacré guignol cet adjoint", or by "de service".
func (an *analysis) pointedAfter(m mark) bool {
	toks := an.t.Tokens
	j := m.last
	if j >= len(toks) || toks[j].Clause != toks[m.first].Clause {
		return false
	}
	switch an.norm(j) {
	case "ce", "cet", "cette":
		return an.has(j+1, tagPerson) && !isWeakPerson(an.norm(j+1)) || an.properName(j+1) || an.people != nil && j+1 < len(an.people) && an.people[j+1]
	case "de":
		return an.norm(j+1) == "service" && an.article(m.first) || an.norm(j+1) == "service" && an.definite(m.first)
	}
	return false
}

// definite reports a definite article before token k: "le", "la", "l'",
// "du".
func (an *analysis) definite(k int) bool {
	switch an.norm(k - 1) {
	case "le", "la", "l", "du", "au":
		return true
	}
	return false
}

// namedWithArticle reports a word after a person's name and a definite
// article: "Garnier la mal baisée", "Morel le guignol".
func (an *analysis) namedWithArticle(k int) bool {
	switch an.norm(k - 1) {
	case "le", "la", "l":
	default:
		return false
	}
	p := k - 2
	return p >= 0 && (an.properName(p) || an.people != nil && an.people[p] || an.has(p, tagPerson) && !isWeakPerson(an.norm(p)))
}

// obsceneVerbs fires on "sucer" with a person as its object: "tu suces
// le maire combien ?". A pronoun alone may stand for an ice cream.
func (an *analysis) obsceneVerbs(f *findings) {
	toks := an.t.Tokens
	for i := range toks {
		if !wlSucerForms.Has(toks[i].Norm) {
			continue
		}
		j := i + 1
		if wlObsceneObjectDeterminers.Has(an.norm(j)) {
			j++
		}
		person := j > i+1 && (an.has(j, tagPerson) && !isWeakPerson(an.norm(j)) || an.properName(j) || institution(an.norm(j)) ||
			an.people != nil && j < len(an.people) && an.people[j])
		if !person || an.negated(i, i+1) || an.reported(an.sentenceOf(i), i, -1) {
			continue
		}
		f.insult.add("injurieux.injure", "insulte obscène visant une personne", 0.8, SeverityMedium, an.t.Span(i, min(j+1, len(toks))))
	}
}

// takenFor reports "prendre pour des X": "il nous prend pour des cons"
// complains of being treated as one; it calls no one so.
func (an *analysis) takenFor(k int) bool {
	j := k - 1
	if an.article(k) {
		j = k - 2
		if w := an.norm(j); w == "des" || w == "un" || w == "une" {
			j--
		}
		for an.norm(j) == "vrais" || an.norm(j) == "gros" || an.norm(j) == "vraies" {
			j--
		}
	}
	if an.norm(j) != "pour" {
		return false
	}
	for i := j - 1; i >= 0 && i >= j-3; i-- {
		w := an.norm(i)
		if len(w) >= 5 && w[:5] == "prend" || w == "pris" || w == "prise" || w == "prises" {
			return true
		}
	}
	return false
}

// bareOpening returns the token that ends the clause before a bare
// insult at k, the insult opening its clause alone or after other
// insults and "et" ("Morel, voleur et escroc"), or -1.
func (an *analysis) bareOpening(k int) int {
	toks := an.t.Tokens
	j := k - 1
	for j >= 0 && toks[j].Clause == toks[k].Clause {
		if w := toks[j].Norm; w != "et" && w != "ou" && !an.covered(j, tagInsult) && !an.covered(j, tagDerog) {
			return -1
		}
		j--
	}
	if j < 0 {
		return -1
	}
	switch toks[j].Next {
	case ',', ':', '-':
		return j
	}
	return -1
}

// nameAlone reports a clause ending at a that is only a person's name or
// title: "Vasseur", "M. Morel", "le maire", "Madame Garnier".
func (an *analysis) nameAlone(s sentence, a int) bool {
	toks := an.t.Tokens
	named := false
	for j := a; j >= s.a && toks[j].Clause == toks[a].Clause; j-- {
		w := toks[j].Norm
		switch {
		case an.people != nil && an.people[j], an.properName(j),
			j == s.a && j == a && toks[j].Has(FlagCapital) && len(w) > 2 && an.cover[j] == 0 && !interjection(w) && !an.v.function[w]:
			named = true
		case an.has(j, tagPerson) && !isWeakPerson(w):
			named = true
		case wlPersonTitleWords.Has(w):
		default:
			return false
		}
	}
	return named
}

// ofPlace reports "de" and a place where one meets the person an insult
// names: "la pouffiasse de l'accueil", "la cassos du lotissement", "le
// con du bar".
func (an *analysis) ofPlace(after int) bool {
	j := after + 1
	if x := an.norm(j); x == "la" || x == "l" {
		j++
	}
	if wlWorkplaceNouns.Has(an.norm(j)) {
		return true
	}
	return false
}

// interjection reports the words that open a comment before a comma
// without naming anyone: "Bref, …", "Franchement, …".
func interjection(w string) bool {
	return wlInterjections.Has(w)
}
