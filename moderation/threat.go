package moderation

import "strings"

// Threats (menace): violence with a target and an intent or a wish ("je
// vais te buter", "il faudrait le pendre", "ces gens méritent une balle"),
// and intimidation that names no weapon ("on sait où tu habites").

func (an *analysis) detectThreats(f *findings) {
	for si, s := range an.sents {
		for k := s.ma; k < s.mb; k++ {
			m := an.marks[k]
			switch m.e.tag {
			case tagThreat:
				if an.negated(m.first, m.last) || an.reported(s, m.first, -1) || an.sport(m.first) || an.thingThreatened(m) ||
					an.warnedWithCare(m) || an.electoral(s) {
					continue
				}
				f.threat.add("menace.intimidation", "intimidation (« on sait où tu habites », « tu vas le payer »)", m.e.weight, SeverityCritical, an.t.Span(m.first, m.last))
				an.threatToGroup(f, si, m, -1, m.e.weight)
			case tagViolence:
				an.threat(f, si, m)
			}
		}
	}
}

// threatToGroup adds a threat aimed at a protected group to the hate
// findings too: "je vais poser une bombe là où se réunissent les gays",
// "les Noirs, je vais tous vous massacrer". target is the word the threat
// aims at, or -1 when it names none.
func (an *analysis) threatToGroup(f *findings, si int, v mark, target int, score float64) {
	s := an.sents[si]
	var g groupRef
	found := false
	switch {
	case target >= 0 && (an.has(target, tagGroup) || an.has(target, tagSlur)):
		for _, x := range an.groupsIn(s) {
			if x.tok == target {
				g, found = x, true
			}
		}
	case target < 0 || pluralTarget(an.norm(target)):
		var ok bool
		groups := an.groupsIn(s)
		if len(groups) == 0 && si > 0 && (target >= 0 || an.refersBack(s)) {
			groups = an.groupsIn(an.sents[si-1])
		}
		for _, x := range groups {
			if !an.inOthersRelative(s, x) && !an.nounComplement(x, v) {
				if g, ok = nearest([]groupRef{x}, v); ok {
					found = true
				}
			}
		}
	}
	if !found {
		return
	}
	f.hate.add("haineux.violence", noteViolence, score, SeverityCritical, g.span, an.t.Span(v.first, v.last))
	f.hate.label(g.label)
}

// pluralTarget reports pronouns that can stand for a group: "les", "leur",
// "vous", "eux".
func pluralTarget(w string) bool {
	return wlPluralTargets.Has(w)
}

// threat judges one violence word.
func (an *analysis) threat(f *findings, si int, v mark) {
	s := an.sents[si]
	emoji := an.t.Tokens[v.first].Has(FlagEmoji)
	if !emoji && isWeaponNoun(an.norm(v.first)) {
		if an.weaponThreat(f, s, v) {
			an.threatToGroup(f, si, v, -1, 0.85)
		}
		return
	}
	if !emoji && (!an.calledFor(s, v) || an.prediction(v)) {
		return
	}
	if an.negated(v.first, v.last) || an.reported(s, v.first, -1) {
		return
	}
	target, kind := an.violenceTarget(s, v)
	if target < 0 {
		return
	}
	score := 0.95 * v.e.weight
	note := "violence souhaitée ou annoncée contre " + kind
	if emoji {
		// A weapon emoji aimed at someone, with no words of violence.
		score, note = 0.65, "emoji d'arme adressé à "+kind
	}
	if v.fuzzy {
		score -= 0.05
	}
	sev := SeverityCritical
	if score < 0.8 {
		sev = SeverityHigh
	}
	f.threat.add("menace.violence", note, score, sev, an.t.Span(target, target+1), an.t.Span(v.first, v.last))
	if !emoji {
		an.threatToGroup(f, si, v, target, score)
	}
}

// violenceTarget finds who the violence is aimed at: a pronoun inside the
// phrase or just before the verb ("je vais te tuer", "les pendre"), a
// person, a group or a name just after ("tuer le maire", "poignarder ces
// femmes"), or the subject of a wish ("il mérite de crever").
func (an *analysis) violenceTarget(s sentence, v mark) (int, string) {
	toks := an.t.Tokens
	if v.e.tgt {
		return v.first, "des personnes ou leurs biens"
	}
	for j := v.first; j < v.last; j++ {
		switch w := toks[j].Norm; {
		case wlSecondPersonTargets.Has(w):
			return j, "la personne à qui le message s'adresse"
		case wlThirdPersonTargets.Has(w):
			if j > v.first && !(j == v.last-1 && an.thingAfter(s, j+1)) && !an.nonHumanAntecedent(j) {
				return j, "une personne désignée"
			}
			if j == v.first && (toks[j].Norm == "lui" || toks[j].Norm == "leur") && an.speakerPresent(v) {
				return j, "une personne désignée" // "je lui en colle une"
			}
		}
	}
	noun := intransitive(toks[v.first].Norm) && v.last-v.first == 1 || an.t.Tokens[v.first].Has(FlagEmoji) || isWeaponNoun(toks[v.first].Norm)
	if !noun {
		for j := v.first - 1; j >= s.a && j >= v.first-2; j-- {
			w := toks[j].Norm
			if w == "te" || w == "t" || w == "vous" {
				return j, "la personne à qui le message s'adresse"
			}
			if objectClitic(w) {
				if an.nonHumanAntecedent(j) {
					return -1, ""
				}
				return j, "une personne désignée"
			}
			if w != "y" && w != "en" && w != "faire" {
				break
			}
		}
	}
	if who, kind := an.personAround(s, v.last, v.last+10); who >= 0 {
		return who, kind
	}
	if p := an.placeTarget(s, v); p >= 0 {
		return p, "un lieu où se trouvent des personnes"
	}
	// The subject of a wish or a passive: "vous méritez de mourir", "le
	// maire devrait être pendu", "qu'il crève".
	cl := toks[v.first].Clause
	for j := v.first - 1; j >= s.a && j >= v.first-8; j-- {
		if toks[j].Clause != cl && !noun {
			break
		}
		w := toks[j].Norm
		switch {
		case w == "tu" || w == "vous" || w == "toi":
			return j, "la personne à qui le message s'adresse"
		case w == "il" && impersonal(an.norm(j+1)):
			// "il faut brûler…": no one is the subject
		case w == "il" || w == "elle" || w == "ils" || w == "elles":
			return j, "une personne désignée"
		case an.has(j, tagPerson) && !isWeakPerson(w), an.has(j, tagGroup), an.properName(j):
			return j, an.targetKind(j)
		}
	}
	return -1, ""
}

// impersonal reports verbs whose "il" stands for no one: "il faut", "il
// faudrait", "il suffit", "il y a".
func impersonal(w string) bool {
	return wlImpersonalOpeners.Has(w)
}

// thingAfter reports that the article ending a violence phrase ("brûler
// les", "tuez les") introduces a thing, not people: "brûler les déchets
// verts", "tuer le temps".
func (an *analysis) thingAfter(s sentence, j int) bool {
	if j >= s.b {
		return false // "il faut les brûler les": the pronoun stands alone
	}
	if an.has(j, tagPerson) || an.has(j, tagGroup) || an.has(j, tagSlur) || an.properName(j) {
		return false
	}
	if wlThingAfterWords.Has(an.norm(j)) {
		return false
	}
	return !isClauseBreak(an.t.Tokens[j-1].Next)
}

// personAround finds a person, a group, a name or "toi"/"vous" in
// tokens [a, b) of the sentence.
func (an *analysis) personAround(s sentence, a, b int) (int, string) {
	for j := a; j < b && j < s.b; j++ {
		w := an.norm(j)
		switch {
		case w == "toi" || w == "vous" || w == "te":
			return j, "la personne à qui le message s'adresse"
		case an.has(j, tagPerson) && !isWeakPerson(w), an.has(j, tagGroup), an.has(j, tagSlur):
			return j, an.targetKind(j)
		case an.properName(j):
			return j, "une personne nommée"
		}
		if j > a && isClauseBreak(an.t.Tokens[j-1].Next) {
			break
		}
	}
	return -1, ""
}

func (an *analysis) targetKind(j int) string {
	switch {
	case an.has(j, tagGroup) || an.has(j, tagSlur):
		return "un groupe de personnes"
	case an.has(j, tagPerson):
		return "une personne désignée"
	}
	return "une personne nommée"
}

// isWeakPerson reports person words too vague to be a target on their own
// ("lui", "m" of "M.").
func isWeakPerson(w string) bool {
	return wlWeakPersonWords.Has(w)
}

func isWeaponNoun(w string) bool {
	return wlWeaponNouns.Has(w)
}

// weaponThreat fires on a weapon the speaker says they will bring or use:
// "je viens avec mon fusil au conseil", "on passera avec des battes".
func (an *analysis) weaponThreat(f *findings, s sentence, v mark) bool {
	if an.negated(v.first, v.last) || an.reported(s, v.first, -1) {
		return false
	}
	speaker, move := false, false
	for i := s.a; i < s.b; i++ {
		switch w := an.norm(i); {
		case w == "je" || w == "j" || w == "on" || w == "nous":
			speaker = true
		case w == "mon" || w == "ma" || w == "mes" || w == "notre" || w == "nos":
			if i == v.first-1 {
				speaker = true
			}
		case wlWeaponBringVerbs.Has(w):
			move = true
		}
		if an.has(i, tagIntent) {
			move = true
		}
	}
	if !speaker || !move {
		return false
	}
	f.threat.add("menace.arme", "le message annonce venir avec une arme ou s'en servir", 0.8, SeverityCritical, an.t.Span(v.first, v.last))
	return true
}

// thingThreatened reports an intimidation phrase whose pronoun stands for
// animals or things: "les frelons, faut les brûler".
func (an *analysis) thingThreatened(m mark) bool {
	for j := m.first; j < m.last; j++ {
		switch an.norm(j) {
		case "le", "la", "l", "les":
			return an.nonHumanAntecedent(j)
		}
	}
	return false
}

// warnedWithCare reports "tu vas finir à l'hosto" in a comment that
// thanks or looks after the person: a warning, not a threat.
func (an *analysis) warnedWithCare(m mark) bool {
	for j := m.first; j < m.last; j++ {
		if strings.HasPrefix(an.norm(j), "fini") {
			return an.caring()
		}
	}
	return false
}

// electoral reports a sentence about a vote: "on aura sa peau aux
// élections", "il va le regretter dans les urnes" promise a defeat.
func (an *analysis) electoral(s sentence) bool {
	for i := s.a; i < s.b; i++ {
		if wlElectionWords.Has(an.norm(i)) {
			return true
		}
	}
	return false
}
