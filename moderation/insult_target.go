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
	switch an.norm(a) {
	case "vrai", "vraie", "vrais", "vraies", "gros", "grosse", "grosses", "beau", "belle", "sacre", "sacree", "pauvre", "pauvres",
		"sombre", "parfait", "parfaite", "sale", "sales", "petit", "petite", "petits", "petites", "veritable", "veritables":
		a--
	}
	switch an.norm(a) {
	case "un", "une", "des", "de", "d":
		a--
	default:
		return false
	}
	switch an.norm(a) {
	case "tous", "toutes", "que", "qu", "juste", "vraiment", "encore":
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
		switch toks[i].Norm {
		case "suce", "suces", "sucez", "sucent", "sucer", "sucait", "sucais", "sucaient", "suceras", "sucera":
		default:
			continue
		}
		j := i + 1
		switch an.norm(j) {
		case "le", "la", "l", "les", "ton", "ta", "tes", "son", "sa", "ses", "votre", "vos", "leur", "leurs", "du", "des":
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
