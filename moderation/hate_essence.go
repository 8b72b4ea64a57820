package moderation

// Essentialising tautologies: "un Arabe, ça reste un Arabe", "une femme
// restera toujours une femme", "les Roms, c'est toujours les Roms". Naming a
// group twice around "rester" says that nothing its members do can change
// what they are taken to be.

const noteEssence = "essentialisation : un groupe réduit à ce qu'il est (« un X, ça reste un X »)"

// tautology fires on the same group named twice with "rester" or "c'est
// toujours" between.
func (an *analysis) tautology(f *findings, s sentence) {
	groups := an.groupsIn(s)
	for x := 0; x < len(groups); x++ {
		for y := x + 1; y < len(groups); y++ {
			a, b := groups[x], groups[y]
			if a.label != b.label || b.tok-a.tok > 7 || an.norm(a.tok) != an.norm(b.tok) && !samePlural(an.norm(a.tok), an.norm(b.tok)) {
				continue
			}
			if an.goodDead(a, b) {
				// "un bon X est un X mort": a wish of death.
				f.hate.add("haineux.violence", noteViolence, 0.9, SeverityCritical, a.span, b.span)
				f.hate.label(a.label)
				return
			}
			if an.goodGone(a, b) {
				f.hate.add("haineux.exclusion", noteExclusion, 0.8, SeverityHigh, a.span, b.span)
				f.hate.label(a.label)
				return
			}
			verb := -1
			for j := a.tok + 1; j < b.tok; j++ {
				switch w := an.norm(j); {
				case wlResterForms.Has(w):
					verb = j
				case w == "toujours":
					if copula(an.norm(j - 1)) {
						verb = j
					}
				}
			}
			if verb < 0 || an.negated(verb, verb+1) || an.reported(s, a.tok, b.tok) {
				continue
			}
			f.hate.add("haineux.essentialisation", noteEssence, 0.7, SeverityMedium, a.span, b.span)
			f.hate.label(a.label)
			return
		}
	}
}

// samePlural reports a word and its plural: "arabe" and "arabes".
func samePlural(a, b string) bool {
	return a+"s" == b || b+"s" == a || a+"x" == b || b+"x" == a
}

// condemnedAfter reports a condemnation after a weak mark in its sentence:
// "les femmes sont toujours en bas de l'échelle, c'est injuste" deplores
// what it states.
func (an *analysis) condemnedAfter(s sentence, m mark) bool {
	for k := s.ma; k < s.mb; k++ {
		c := an.marks[k]
		if c.e.tag != tagCondemn || c.first < m.last {
			continue
		}
		if wlAmbiguousCondemnations.Has(an.norm(c.first)) {
			continue // laments or calls that may go either way
		}
		return true
	}
	return false
}

// goodDead reports "un bon X est un X mort", "le seul bon X, c'est un X
// crevé".
func (an *analysis) goodDead(a, b groupRef) bool {
	if !wlGoodOnlyOne.Has(an.norm(a.tok - 1)) {
		return false
	}
	if wlDeadParticiples.Has(an.norm(b.tok + 1)) {
		return true
	}
	return false
}

// goodGone reports "un bon X est un X qui repart", "le seul bon X est
// un X expulsé": the only acceptable member of the group is one who
// leaves.
func (an *analysis) goodGone(a, b groupRef) bool {
	if !wlGoodOnlyOne.Has(an.norm(a.tok - 1)) {
		return false
	}
	j := b.tok + 1
	if w := an.norm(j); w == "qui" || w == "qu" {
		j++
		for an.norm(j) == "s" || an.norm(j) == "se" || an.norm(j) == "en" || an.norm(j) == "est" {
			j++
		}
	}
	if wlGoneWords.Has(an.norm(j)) {
		if an.norm(j) == "reste" && an.norm(j+1) != "chez" {
			return false
		}
		return true
	}
	return false
}

// subjunctiveWish reports an exclusion verb in the subjunctive that opens
// its clause: "j'ai rien contre eux mais qu'ils restent chez eux", "et
// qu'elles rentrent chez elles".
func (an *analysis) subjunctiveWish(v int) bool {
	switch an.norm(v - 1) {
	case "ils", "elles", "il", "elle":
	default:
		return false
	}
	if w := an.norm(v - 2); w != "qu" && w != "que" {
		return false
	}
	q := v - 2
	if q == 0 || isClauseBreak(an.t.Tokens[q-1].Next) {
		return true
	}
	if wlClauseOpenersBeforeWish.Has(an.norm(q - 1)) {
		return true
	}
	return false
}

// farMark reports a mark that may be said of a group named in the
// sentence before: "pourquoi embaucher des X ? Y avait pas de Français
// disponibles ?".
func (an *analysis) farMark(s sentence) bool {
	for k := s.ma; k < s.mb; k++ {
		if an.marks[k].e.far {
			return true
		}
	}
	return false
}

// essence fires on a group said to have something in its nature, its
// blood or its genes: "encore les X, c'est dans leur nature", "c'est
// génétique chez elles". A quality praised the same way is not hate.
func (an *analysis) essence(f *findings, s sentence, groups []groupRef) {
	if len(groups) == 0 {
		return
	}
	hostile := false
	for k := s.ma; k < s.mb; k++ {
		switch an.marks[k].e.tag {
		case tagPos:
			return // "c'est dans leur nature d'être respectueux"
		case tagDerog, tagDehum, tagEmo, tagExclusion, tagViolence, tagWorthless, tagInsult, tagInsultDir, tagConspiracy, tagCoded:
			hostile = true
		}
	}
	if !hostile && !an.knownOnes(s) && !an.crimeIn(s) {
		return // "c'est dans leur nature d'être accueillants"
	}
	for k := s.ma; k < s.mb; k++ {
		m := an.marks[k]
		if m.e.tag != tagGeneric || !essentialising(an, m) || an.negated(m.first, m.last) || an.reported(s, m.first, -1) {
			continue
		}
		g, ok := nearest(groups, m)
		if !ok || an.notTheTarget(s, m, g) {
			continue
		}
		f.hate.add("haineux.essentialisation", noteNature, 0.7, SeverityMedium, g.span, an.t.Span(m.first, m.last))
		f.hate.label(g.label)
		return
	}
}

const noteNature = "essentialisation : un trait mis dans la nature, le sang ou les gènes de tout un groupe"

// essentialising reports the generalisations that put a trait in a
// group's nature: "dans leur nature", "dans le sang", "génétique".
func essentialising(an *analysis, m mark) bool {
	for i := m.first; i < m.last; i++ {
		if wlNatureWords.Has(an.norm(i)) {
			return an.norm(m.first) != "de" && an.norm(m.first) != "par" || m.last-m.first > 1
		}
	}
	return false
}

// knownOnes reports "on les connaît", "toujours les mêmes", "encore eux":
// the group is known for something the sentence does not need to say.
func (an *analysis) knownOnes(s sentence) bool {
	for i := s.a; i < s.b; i++ {
		switch w := an.norm(i); {
		case wlConnaitreForms.Has(w):
			if an.norm(i-1) == "les" {
				return true
			}
		case w == "memes":
			if an.norm(i-1) == "les" && (an.norm(i-2) == "toujours" || an.norm(i-2) == "encore") {
				return true
			}
		}
	}
	return false
}

// crimeIn reports a sentence that says someone commits a crime: "les X
// volent le cuivre, c'est dans leur sang".
func (an *analysis) crimeIn(s sentence) bool {
	for i := s.a; i < s.b; i++ {
		if wlCrimeVerbs.Has(an.norm(i)) {
			return true
		}
	}
	return false
}
