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
			verb := -1
			for j := a.tok + 1; j < b.tok; j++ {
				switch an.norm(j) {
				case "reste", "restent", "restera", "resteront", "restait", "restaient":
					verb = j
				case "toujours":
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
		switch an.norm(c.first) {
		case "terrible", "triste", "prison", "tolerer", "tolererai", "decourageant", "pas", "arrete", "arreter", "arretez", "cessez":
			continue // laments or calls that may go either way
		}
		return true
	}
	return false
}

// goodDead reports "un bon X est un X mort", "le seul bon X, c'est un X
// crevé".
func (an *analysis) goodDead(a, b groupRef) bool {
	switch an.norm(a.tok - 1) {
	case "bon", "bonne", "bons", "bonnes", "seul", "seule", "seuls", "seules":
	default:
		return false
	}
	switch an.norm(b.tok + 1) {
	case "mort", "morte", "morts", "mortes", "creve", "crevee", "creves", "crevees", "enterre", "enterres", "pendu", "pendus":
		return true
	}
	return false
}
