package moderation

import "strings"

// Whether a group named in a sentence is what a predicate is about. A
// group can be named without being the target: inside a relative clause
// about other people ("je déteste ceux qui insultent les musulmans"), as
// the complement of a noun ("je hais le racisme envers les Noirs"), or as
// the object of an act that is the subject ("menacer les Noirs, c'est un
// délit"). Then what the sentence says is about the people, the noun or
// the act, not the group.

// notTheTarget reports a group that mark m is not said of.
func (an *analysis) notTheTarget(s sentence, m mark, g groupRef) bool {
	return an.inOthersRelative(s, g) || an.nounComplement(g, m) || an.actSubject(s, m, g) || an.selfNamed(g) ||
		m.first < g.tok && (m.e.tag == tagEmo || m.e.tag == tagPos && m.e.verb) && !an.directObject(m, g)
}

// groupStart returns the first token of the noun phrase of the group at
// g: its determiners and a noun of people before it ("les personnes
// noires", "tous ces migrants").
func (an *analysis) groupStart(g int) int {
	i := g
	for i > 0 {
		if wlGroupPhraseDeterminers.Has(an.norm(i - 1)) {
			i--
			continue
		}
		return i
	}
	return i
}

// inOthersRelative reports a group inside a relative clause whose
// antecedent is other people: "ceux qui détestent les gays", "les gens qui
// insultent les femmes", "quiconque s'en prend aux juifs".
func (an *analysis) inOthersRelative(s sentence, g groupRef) bool {
	for j := g.tok - 1; j > s.a && j >= g.tok-8; j-- {
		switch an.norm(j) {
		case "qui", "que", "qu", "dont":
		default:
			continue
		}
		switch w := an.norm(j - 1); {
		case wlOthersAsAntecedent.Has(w):
			return !an.has(j-1, tagGroup) && !an.has(j-1, tagSlur)
		case w == "la" || w == "ci":
			return an.norm(j-2) == "ceux" || an.norm(j-2) == "celles"
		}
		if an.norm(j) == "qui" && an.norm(j-1) == "quiconque" {
			return true
		}
	}
	return an.norm(g.tok-1) == "quiconque"
}

// nounComplement reports a group named as the complement of a noun that
// is what the sentence speaks of, other than the mark m itself: "le
// racisme envers les Noirs", "les insultes contre les femmes", "la
// situation des réfugiés".
func (an *analysis) nounComplement(g groupRef, m mark) bool {
	i := an.groupStart(g.tok)
	prep, head := an.norm(i-1), i-2
	if w := an.norm(i); w == "des" || w == "aux" || w == "du" {
		prep, head = w, i-1 // "des" is "de les"
	}
	switch {
	case prep == "envers" || prep == "contre" || prep == "visant" || prep == "vis" || prep == "anti":
	case wlComplementPrepositions.Has(prep):
		if w := an.norm(head); w == "egard" || w == "encontre" {
			return true // "à l'égard des", "à l'encontre des"
		}
	default:
		return false
	}
	if prep == "vis" || prep == "anti" {
		return true
	}
	if head >= m.first && head < m.last {
		return false // "tout mon mépris pour les…": the noun is the mark
	}
	return aboutNoun(an.norm(head))
}

// aboutNoun reports nouns a sentence can be about while it names a group
// after them: what is done to the group, felt or said against it.
func aboutNoun(w string) bool {
	return wlNounsAboutGroup.Has(w)
}

// actSubject reports a group that is the object of an infinitive opening
// the clause, when the predicate comes after it: "Menacer les Noirs,
// c'est un délit", "Comparer les femmes à des animaux est inacceptable".
// The predicate is said of the act.
func (an *analysis) actSubject(s sentence, m mark, g groupRef) bool {
	if m.first < g.tok {
		return false
	}
	inf := an.groupStart(g.tok) - 1
	if inf < s.a || !infinitive(an.norm(inf)) || an.has(inf, tagGroup) || an.has(inf, tagPerson) {
		return false
	}
	return inf == s.a || isClauseBreak(an.t.Tokens[inf-1].Next)
}

// infinitive reports a word that looks like a French infinitive and is
// not one of the common words with the same endings.
func infinitive(w string) bool {
	if len(w) < 5 {
		return false
	}
	if wlInfinitiveLookalikes.Has(w) {
		return false
	}
	n := len(w)
	switch w[n-2:] {
	case "er", "ir":
		return true
	case "re":
		return w[n-3] != 'e' && w[n-3] != 'i'
	}
	return false
}

// directObject reports that a verb of feeling or regard is followed by
// the group as its object, with only light words between: "je hais les
// juifs", "je ne respecterai jamais tous ces migrants", "ça me rend malade
// de voir des handicapés"; not "je déteste le racisme envers les Noirs".
func (an *analysis) directObject(m mark, g groupRef) bool {
	if g.tok-m.last > 7 {
		return false
	}
	for j := m.last; j < g.tok; j++ {
		if !wlDirectObjectFillers.Has(an.norm(j)) {
			return false
		}
	}
	return true
}

// selfNamed reports a group the speaker says they belong to: "je suis une
// gouine et je t'emmerde", "nous sommes musulmans".
func (an *analysis) selfNamed(g groupRef) bool {
	i := g.tok - 1
	switch an.norm(i) {
	case "un", "une", "des":
		i--
	}
	switch w := an.norm(i); {
	case wlFirstPersonEtre.Has(w):
		return true
	case w == "sommes":
		return an.norm(i-1) == "nous"
	case w == "est":
		return an.norm(i-1) == "on"
	}
	return false
}

// dehumAsserted reports a dehumanising word said of the group, not one
// meant literally in a sentence that also names a group ("une voisine
// africaine a un cancer", "les musulmans ont ramassé les déchets"): a
// copula, a comparison or a generalisation links them ("les X sont des
// rats", "ces rats de X", "tous des cafards"), or the word is a verb of
// vermin ("grouillent") or a phrase that is a predicate by itself. A
// treatment ("traités comme des chiens") or a victim ("victimes de…,
// c'est un fléau") is not.
func (an *analysis) dehumAsserted(s sentence, g groupRef, m mark) bool {
	if m.last-m.first >= 2 || vermin(an.norm(m.first)) {
		return true
	}
	if an.strongEpithet(m.first) || an.demonstrative(m.first) && m.first > g.tok {
		return true // "sale rat", "bande de cafards", "… cette vermine"
	}
	if !an.predicated(s, g, m) {
		return false
	}
	a, b := g.tok, m.first
	if a > b {
		return true // "ces rats de migrants"
	}
	for i := a; i < b; i++ {
		w := an.norm(i)
		if w == "victime" || w == "victimes" || aboutNoun(w) {
			return false // the word is said of what the group suffers
		}
	}
	// "expulsés comme des chiens": how they were treated.
	if c := m.first - 2; an.norm(c) == "comme" || an.norm(c+1) == "comme" {
		if an.norm(c+1) == "comme" {
			c++
		}
		p := c - 1
		if w := an.norm(p); (strings.HasSuffix(w, "e") || strings.HasSuffix(w, "es")) && !an.has(p, tagDerog) && !copula(w) &&
			(an.norm(p-1) == "ete" || copula(an.norm(p-1)) || an.norm(p-1) == "a" || an.norm(p-1) == "ont") {
			return false
		}
	}
	return true
}

// vermin reports the verbs of vermin, predicates by themselves:
// "grouillent", "pullulent", "infestent".
func vermin(w string) bool {
	return hasPrefixIn(wlVerminVerbStems, w)
}

// predicated reports a word of contempt said of the group: a phrase that
// asserts by itself ("volent tout"), an epithet ("ces abrutis de X",
// "sale X"), an adjective right after the group ("des Roms crasseux"),
// the predicate of a copula, "comme" or "=" whose subject is the group
// ("les X sont vraiment abjects", "les X, c'est des rats", "les X =
// violeurs"), or a generalisation ("tous des…"). In "les musulmans sont
// choqués par ce crime abject" the word is said of the crime.
func (an *analysis) predicated(s sentence, g groupRef, m mark) bool {
	if m.last-m.first >= 2 || vermin(an.norm(m.first)) || an.strongEpithet(m.first) || an.epithetOf(m, g) ||
		an.generalises(s) || g.tok < s.a && an.topicBefore(an.sentIndex(s)) {
		return true
	}
	if an.demonstrative(m.first) && m.first > g.tok || m.last == g.tok {
		return true // "… cette vermine", "ces pourris", "la vermine femme que vous êtes"
	}
	if m.first > g.tok && m.first-g.tok <= 2 && (m.first == g.tok+1 || lightWord(an.norm(g.tok+1))) &&
		an.t.Tokens[g.tok].Clause == an.t.Tokens[m.first].Clause {
		return true // "des Roms crasseux", "les migrants tous pourris"
	}
	c := an.linkBefore(m.first)
	if c < 0 {
		// "Les X au conseil, c'est comme les poules au volant, inutile et
		// dangereux": a verbless clause of contempt after the group.
		return g.tok < m.first && an.verblessClause(m.first)
	}
	toks := an.t.Tokens
	if g.tok > m.first {
		// "c'est des parasites, les X"; but in "cette décision est
		// idiote, les femmes…" the copula has a subject of its own.
		return toks[g.tok].Clause == toks[m.first].Clause || !an.nounSubject(c)
	}
	if toks[g.tok].Clause == toks[c].Clause {
		return true
	}
	// The group is in a clause before: the copula's subject must stand
	// for it ("les X, ils sont…", "les X, c'est des…").
	sub := c - 1
	for an.norm(sub) == "ne" || an.norm(sub) == "n" {
		sub--
	}
	switch w := an.norm(sub); {
	case wlGroupCopulaSubjects.Has(w):
		return true
	case w == "c" || w == "ce" || w == "ca":
		if wlCopulaPredicateOpeners.Has(an.norm(c + 1)) {
			return true
		}
		// "trop de X ici, c'est écœurant"; not "les X sont mal acceptés,
		// c'est pitoyable", which deplores what they suffer.
		return m.e.weight >= 0.8 && !an.sufferingClause(g.tok)
	}
	return an.norm(c) == "comme" || toks[c].Next == '=' || exclamative(an.norm(c))
}

// exclamative reports "quel", "quelle": "les X, quelle plaie".
func exclamative(w string) bool {
	switch w {
	case "quel", "quelle", "quels", "quelles":
		return true
	}
	return false
}

// sufferingClause reports the clause of token i saying what a group
// suffers: "sont mal acceptés", "victimes de", "discriminés".
func (an *analysis) sufferingClause(i int) bool {
	toks := an.t.Tokens
	cl := toks[i].Clause
	for j := range toks {
		if toks[j].Clause != cl {
			continue
		}
		w := toks[j].Norm
		if w == "mal" || w == "victime" || w == "victimes" || aboutNoun(w) {
			return true
		}
		if hasPrefixIn(wlSufferingStems, w) {
			return true
		}
	}
	return false
}

// linkBefore returns the copula, "comme" or "=" that the word at i is
// the predicate of, with only light words between, or -1.
func (an *analysis) linkBefore(i int) int {
	toks := an.t.Tokens
	other := 0 // words of opinion: "sont pour moi des…", "sont selon moi…"
	for j := i - 1; j >= 0 && j >= i-8; j-- {
		if toks[j].Next == '=' {
			return j
		}
		w := toks[j].Norm
		if copula(w) || w == "comme" || w == "etre" || gluedCopula(w) || w == "trouve" || w == "trouvent" || exclamative(w) ||
			w == "semblent" || w == "semble" || w == "paraissent" || w == "devenus" || w == "devenues" || w == "devenu" {
			return j
		}
		if isClauseBreak(toks[j].Next) && j < i-1 {
			return -1
		}
		if !lightWord(w) {
			if wlOpinionWords.Has(w) {
				if other++; other <= 2 {
					continue
				}
			}
			return -1
		}
	}
	return -1
}

// lightWord reports the words that may stand between a copula and its
// predicate: articles, quantifiers, intensifiers.
func lightWord(w string) bool {
	return wlLightWords.Has(w)
}

// speakerFeels reports a feeling after the group that the speaker has:
// "les X me dégoûtent", "les X, je les hais", "les X, j'en ai horreur";
// not "les femmes du village détestent ce projet".
func (an *analysis) speakerFeels(s sentence, g groupRef, m mark) bool {
	if an.t.Tokens[g.tok].Clause != an.t.Tokens[m.first].Clause {
		return true // "les X, ça donne envie de vomir": the group is the topic
	}
	for j := m.first; j < m.last; j++ {
		if wlSpeakerInFeeling.Has(an.norm(j)) {
			return true
		}
	}
	for j := m.first - 1; j > g.tok && j >= m.first-4; j-- {
		if wlSpeakerBeforeFeeling.Has(an.norm(j)) {
			return true
		}
	}
	return false
}

// verblessClause reports a clause made only of words of contempt and
// light words: "…, inutile et dangereux", "…, des parasites".
func (an *analysis) verblessClause(i int) bool {
	toks := an.t.Tokens
	cl := toks[i].Clause
	if i == 0 || toks[i-1].Clause == cl && !lightWord(toks[i-1].Norm) && toks[i-1].Norm != "et" {
		return false
	}
	n := 0
	for j := i; j >= 0 && toks[j].Clause == cl; j-- {
		n++
		w := toks[j].Norm
		if !(lightWord(w) || w == "et" || w == "ou" || an.covered(j, tagDerog) || an.covered(j, tagDehum) || an.covered(j, tagInsult)) {
			return false
		}
	}
	for j := i + 1; j < len(toks) && toks[j].Clause == cl; j++ {
		n++
		w := toks[j].Norm
		if !(lightWord(w) || w == "et" || w == "ou" || an.covered(j, tagDerog) || an.covered(j, tagDehum) || an.covered(j, tagInsult)) {
			return false
		}
	}
	return toks[i].Clause > toks[0].Clause && n <= 6
}

// nounSubject reports a copula at c whose subject is a noun of its own
// clause, not a pronoun standing for something named after it: "cette
// décision est idiote", not "c'est idiot" nor "ils sont idiots".
func (an *analysis) nounSubject(c int) bool {
	if !copula(an.norm(c)) {
		return false
	}
	sub := c - 1
	for an.norm(sub) == "ne" || an.norm(sub) == "n" {
		sub--
	}
	if sub < 0 || an.t.Tokens[sub].Clause != an.t.Tokens[c].Clause {
		return false
	}
	if w := an.norm(sub); wlPronounSubjects.Has(w) {
		return false
	}
	return !an.has(sub, tagGroup) && !an.has(sub, tagSlur)
}
