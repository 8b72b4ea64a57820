package moderation

import "strings"

// Insults (injurieux): an insult or an obscenity aimed at a person: "t'es
// un connard", "le maire est un abruti", "espèce de X", "bande de X",
// "ta gueule". Not insults: profanity about things or joy ("putain, enfin
// la fibre !"), self-deprecation ("j'ai été un vrai con"), adjectives about
// things ("ce projet est débile" is criticism), reported insults ("il m'a
// traité de…").

func (an *analysis) detectInsults(f *findings) {
	an.merdeNouns(f)
	an.obsceneVerbs(f)
	for _, s := range an.sents {
		for k := s.ma; k < s.mb; k++ {
			m := an.marks[k]
			if an.verbal(m.first) || an.reflexivePast(m.first) {
				continue
			}
			var how string
			if an.ofMerde(m) {
				continue // read with the noun it follows (see below)
			}
			if f.hate.has(an.t.Span(m.first, m.last)) {
				// "ces migrants c'est de la vermine": said of a protected
				// group, the word is hate, not an insult to a person.
				continue
			}
			switch m.e.tag {
			case tagInsult, tagInsultDir:
				if an.vocative(s, m) {
					// Said to someone's face: no verb to negate or report.
					how = "insulte en apostrophe"
				}
			case tagDerog, tagDehum:
				switch {
				case m.e.weight < 0.55:
					continue
				case an.strongEpithet(m.first):
					// "bande de pourris", "espèce de parasite": a
					// derogatory word with an insulting epithet.
					how = "insulte en apostrophe (« bande de… », « espèce de… »)"
				case m.e.tag == tagDehum && m.e.weight >= 0.8 && (an.personPredicate(s, m) || an.article(m.first) && an.apposition(s, m.first)):
					// "les élus sont des parasites", "t'es qu'un rat".
					how = "comparaison dégradante visant une personne (« … est un rat »)"
				default:
					continue
				}
			default:
				continue
			}
			if how == "" || m.e.tag == tagDerog || m.e.tag == tagDehum {
				// A bare epithet ("… m'intéresse pas, sale bouffon") is
				// an address no verb's negation reaches.
				if !an.bareEpithet(m.first) && an.negated(m.first, m.last) || an.reported(s, m.first, -1) {
					continue
				}
			} else if an.reported(s, m.first, -1) {
				continue // "il m'a traitée de « sale pute »": the speaker reports it
			}
			switch {
			case how != "":
			case m.e.tag == tagInsultDir:
				if an.thingSubject(s, m.first) {
					continue // "mon chien est un vrai gros porc"
				}
				how = "apostrophe injurieuse"
			default:
				if how = an.insultTarget(s, m); how == "" {
					continue
				}
			}
			score := m.e.weight
			if an.obfuscated(m) {
				// Disguising a word to pass filters shows it was meant.
				score += 0.05
			}
			if m.fuzzy {
				score -= 0.05
			}
			sev := SeverityMedium
			if score < 0.7 {
				sev = SeverityLow
			}
			f.insult.add("injurieux.injure", how, score, sev, an.t.Span(m.first, m.last))
		}
	}
}

// insultTarget says how an insult is aimed at someone, or "" when it is
// not.
func (an *analysis) insultTarget(s sentence, m mark) string {
	toks := an.t.Tokens
	k := m.first
	if an.firstPersonClause(k) && !an.addressedAfter(m) {
		return "" // "j'ai été un vrai con", "je suis désolé d'avoir été une tête de con"
	}
	if w := an.norm(m.last); (w == "ce" || w == "cet" || w == "cette") && nonHuman(an.norm(m.last+1)) {
		return "" // "quel bouffon ce chat"
	}
	if an.takenFor(k) {
		return "" // "le maire nous prend pour des imbéciles": no one is called one
	}
	if an.epithet(k) || an.demonstrative(k) {
		if an.demonstrative(k) && (m.e.adj || m.e.weight < 0.7) && an.ofThing(m.last) {
			return "" // "cette saloperie de fibre": about a thing
		}
		return "insulte avec une épithète ou un démonstratif (« espèce de… », « sale… », « gros… », « ce… »)"
	}
	// "Le maire, un vrai tocard", "les élus, tous des guignols": an
	// apposition to a person named just before.
	if an.apposition(s, k) {
		return "insulte visant une personne (apposition : « le maire, un… »)"
	}
	// "sacré tocard ce Lebrun", "le boloss de service": a person is
	// pointed at after the word.
	if an.pointedAfter(m) {
		return "insulte visant une personne désignée"
	}
	// "l'autre attardé", "cet autre guignol": someone pointed at.
	if an.norm(k-1) == "autre" {
		switch an.norm(k - 2) {
		case "l", "cet", "cette", "un", "une":
			return "insulte visant une personne (« l'autre… »)"
		}
	}
	// "il crie comme un mongol": the insult is said of the subject.
	if w := an.norm(k - 1); (w == "un" || w == "une") && an.norm(k-2) == "comme" && m.e.weight >= 0.65 {
		return "insulte visant une personne (« comme un… »)"
	}
	// "ok l'attardé", "le guignol de la semaine": a definite article
	// makes the insult a name for someone; "faire le con" is an idiom.
	if w := an.norm(k - 1); (w == "l" || w == "le" || w == "la") && m.e.weight >= 0.65 && !doVerb(an.norm(k-2)) {
		if next := an.norm(m.last); m.last >= s.b || toks[m.last].Clause != toks[k].Clause || laughter(next) || next == "url" ||
			toks[m.last].Has(FlagMention) || an.has(m.last, tagPerson) && !isWeakPerson(next) ||
			(next == "de" || next == "d" || next == "du") && (!an.ofThing(m.last) || an.ofPlace(m.last)) {
			return "insulte visant une personne (« l'… »)"
		}
	}
	if m.e.noun && !an.article(k) {
		return "" // "ce maire est nul" is criticism; "vous êtes des nuls" insults
	}
	adj := m.e.adj && !an.article(k)
	if adj {
		// An adjective insults only a person it is said of: "t'es con",
		// "le maire est débile"; "cette idée est débile" is criticism.
		return an.adjectiveSubject(s, k)
	}
	cl := toks[k].Clause
	// Who is the insult said of, in its clause?
	for j := k - 1; j >= s.a && toks[j].Clause == cl && j >= k-8; j-- {
		w := toks[j].Norm
		switch {
		case secondPerson(w) && w != "ta" && w != "ton" && w != "tes" && w != "votre" && w != "vos":
			return "insulte adressée à la personne (« tu es… », « vous êtes… »)"
		case w == "il" || w == "elle" || w == "ils" || w == "elles":
			if an.copulaBetween(j, k) {
				return "insulte visant une personne désignée"
			}
		case an.has(j, tagPerson) && !isWeakPerson(w), an.properName(j):
			return "insulte visant une personne désignée (élu, agent, habitant)"
		}
	}
	// "ce connard de maire", "cette conne de Garnier", "bande d'abrutis de
	// la mairie".
	if w := an.norm(m.last); w == "de" || w == "d" || w == "du" {
		j := m.last + 1
		if x := an.norm(j); x == "la" || x == "l" {
			j++
		}
		if an.has(j, tagPerson) && !isWeakPerson(an.norm(j)) || an.properName(j) || institution(an.norm(j)) {
			return "insulte visant une personne désignée"
		}
	}
	if an.firstPersonClause(k) {
		return ""
	}
	// "c'est un connard", "ce sont des ordures", "les gens qui se garent
	// là sont des abrutis": a copula, an article, the insult noun.
	if an.article(k) {
		for j := k - 2; j >= s.a && j >= k-5; j-- {
			if x := an.norm(j); (x == "c" || x == "ce") && copula(an.norm(j+1)) {
				return "insulte visant une personne (« c'est un… »)"
			}
			if copula(an.norm(j)) && m.e.weight >= 0.65 {
				return "insulte visant une personne (« … est un… »)"
			}
		}
	}
	// "c'est qui le blaireau qui a fait ça": the insult names someone.
	if w := an.norm(k - 1); (w == "le" || w == "la" || w == "les" || w == "l") && an.norm(m.last) == "qui" && m.e.weight >= 0.65 {
		return "insulte visant une personne (« le … qui »)"
	}
	// Alone in its sentence or shouted: "Connard !", "Bande de nazes."
	if k == s.a && (m.last == s.b || toks[m.last-1].Next == '!') && !m.e.adj {
		return "insulte en apostrophe"
	}
	if m.last == s.b && k > s.a && toks[k-1].Next == ',' && !m.e.adj {
		return "insulte en apostrophe"
	}
	return ""
}

// demonstrative reports "ce X", "cette X", "ces X" before a person insult.
func (an *analysis) demonstrative(k int) bool {
	switch an.norm(k - 1) {
	case "ce", "cet", "cette", "ces":
		return !copula(an.norm(k))
	}
	return false
}

// copulaBetween reports a form of "être" between tokens a and b.
func (an *analysis) copulaBetween(a, b int) bool {
	for i := a + 1; i < b; i++ {
		if copula(an.norm(i)) {
			return true
		}
	}
	// "t'es con": the elided "t" is followed by "es".
	return false
}

// obfuscated reports a word disguised to pass filters.
func (an *analysis) obfuscated(m mark) bool {
	for i := m.first; i < m.last; i++ {
		if an.t.Tokens[i].Flags&(FlagLeet|FlagSpaced|FlagHomoglyph|FlagStretched) != 0 {
			return true
		}
	}
	return false
}

// adjectiveSubject finds the subject of the copula just before an
// adjective insult: "tu es (vraiment) con", "le maire est débile".
func (an *analysis) adjectiveSubject(s sentence, k int) string {
	toks := an.t.Tokens
	cop := -1
	for j := k - 1; j >= s.a && j >= k-3; j-- {
		if copula(toks[j].Norm) {
			cop = j
			break
		}
		if toks[j].Next == '=' {
			cop = j + 1 // "Morel = débile": the sign is the copula
			break
		}
	}
	if cop < 0 {
		return ""
	}
	j := cop - 1
	for j >= s.a && (toks[j].Norm == "n" || toks[j].Norm == "ne") {
		j--
	}
	if j < s.a {
		return ""
	}
	w := toks[j].Norm
	switch {
	case w == "tu" || w == "t" || w == "vous" || w == "toi":
		return "insulte adressée à la personne (« tu es… », « vous êtes… »)"
	case w == "il" || w == "elle" || w == "ils" || w == "elles":
		return "insulte visant une personne désignée"
	case an.has(j, tagPerson) && !isWeakPerson(w), an.properName(j):
		return "insulte visant une personne désignée (élu, agent, habitant)"
	}
	return ""
}

// addressedAfter reports "… comme toi", "…, toi" after an insult.
func (an *analysis) addressedAfter(m mark) bool {
	w := an.norm(m.last)
	return w == "toi" || w == "comme" && (an.norm(m.last+1) == "toi" || an.norm(m.last+1) == "vous")
}

// article reports an article, maybe with an intensifier, before token k:
// "un con", "des vrais abrutis", "une belle ordure": the word is a noun.
func (an *analysis) article(k int) bool {
	j := k - 1
	intensified := false
	if wlArticleIntensifiers.Has(an.norm(j)) {
		j--
		intensified = true
	}
	switch an.norm(j) {
	case "un", "une", "des", "qu":
		return true
	case "de", "d":
		// "de gros cons", but not "un coup d'enfoiré" (a complement).
		return intensified
	}
	// "Morel = gros nul", "gros nul, va": an epithet opening its clause
	// makes the word a noun too.
	if intensified && j >= 0 && j < len(an.t.Tokens) && (an.t.Tokens[j].Next == '=' || isClauseBreak(an.t.Tokens[j].Next)) {
		return true
	}
	return intensified && j < 0
}

// strongEpithet reports an epithet that addresses someone by itself:
// "bande de", "espèce de", "sale", "tas de", "ramassis de".
func (an *analysis) strongEpithet(k int) bool {
	switch an.norm(k - 1) {
	case "sale", "sales":
		return true
	case "de", "d":
		if wlStrongEpithetNouns.Has(an.norm(k - 2)) {
			return true
		}
	}
	return false
}

// institution reports the commune's bodies, whose members an insult
// "de la mairie" aims at.
func institution(w string) bool {
	return wlInstitutions.Has(w)
}

// vocative reports an insult said to someone's face as a clause of its
// own: "gros attardé va", "@Kevin abruti", "Morel, pauvre type, minable
// va", "toi le mongolien". Only epithets, a user name, "toi" or "va"
// surround it, and at least one of them says it is addressed: a bare
// word in a list ("porc, frites") is not.
func (an *analysis) vocative(s sentence, m mark) bool {
	toks := an.t.Tokens
	cl := toks[m.first].Clause
	addressed := false
	// "… toi le mongolien", "à vous les guignols": an apposition to the
	// person addressed ends the clause.
	if w := an.norm(m.first - 1); (w == "le" || w == "la" || w == "les" || w == "l") && m.first-1 > s.a {
		if x := an.norm(m.first - 2); x == "toi" || x == "vous" {
			return an.vocativeTail(s, m, cl) >= 0
		}
	}
	for j := m.first - 1; j >= s.a && toks[j].Clause == cl; j-- {
		w := toks[j].Norm
		switch {
		case toks[j].Has(FlagMention):
			addressed = true
		case vocativeEpithet(w):
			addressed = true
		case w == "de" || w == "d":
			// "espèce de", "bande de": the epithet before says it.
		case wlVocativeCalls.Has(w):
			addressed = true
		case laughter(w), wlVocativeFillers.Has(w):
		case toks[j].Has(FlagCapital) && j > s.a && !an.has(j, tagGroup):
			// a name after a user name: "@Laetitia Bernard salope"
		default:
			return false
		}
	}
	switch an.vocativeTail(s, m, cl) {
	case -1:
		return false
	case 1:
		addressed = true
	}
	return addressed
}

// vocativeTail reads the words after a vocative insult to the end of its
// clause: -1 when other words follow, 1 when "va", "toi" or a user name
// address it, 0 when nothing or laughter does.
func (an *analysis) vocativeTail(s sentence, m mark, cl int) int {
	toks := an.t.Tokens
	out := 0
	for j := m.last; j < s.b && toks[j].Clause == cl; j++ {
		w := toks[j].Norm
		switch {
		case toks[j].Has(FlagMention), w == "va", w == "toi", w == "vas", w == "hein", w == "tiens":
			out = 1
		case laughter(w), w == "url":
		default:
			return -1
		}
	}
	return out
}

// vocativeEpithet reports the adjectives that address an insult by
// themselves when nothing else is in the clause: "gros con", "sale type",
// "pauv' tâche", "espèce de…", "quel bouffon".
func vocativeEpithet(w string) bool {
	return wlVocativeEpithets.Has(w)
}

// bareEpithet reports an epithet with no article before the insult:
// "sale X", "espèce de X", "pauvre X", "gros X".
func (an *analysis) bareEpithet(k int) bool {
	switch w := an.norm(k - 1); {
	case wlBareEpithets.Has(w):
		return !an.has(k-2, tagNeg)
	case w == "de" || w == "d":
		if wlBareEpithetNouns.Has(an.norm(k - 2)) {
			return true
		}
	}
	return false
}

// doVerb reports forms of "faire": "faire le con" is to act silly.
func doVerb(w string) bool {
	return wlFaireForms.Has(w)
}

// laughter reports "mdr", "lol", "ptdr" and their stretched forms.
func laughter(w string) bool {
	return wlLaughterStems.Has(strings.TrimRight(w, "r")) || wlLaughterWords.Has(w)
}

// titled reports a word capitalised inside a sentence that is not
// written all in capitals: a name. "les Mongols" is a people, not the
// slur; "Mongolie" is a country, not a misspelt "mongolien".
func (an *analysis) titled(i int) bool {
	tk := an.t.Tokens[i]
	if !tk.Has(FlagCapital) || i == 0 || an.t.Tokens[i-1].Sent != tk.Sent {
		return false
	}
	word := an.t.Original[tk.Start:tk.End]
	return strings.ToUpper(word) != word
}

// ofThing reports "de" + a thing after an insult: "cette saloperie de
// fibre", "ce putain de rond-point"; not a person ("ce connard de maire").
func (an *analysis) ofThing(after int) bool {
	if w := an.norm(after); w != "de" && w != "d" && w != "du" {
		return false
	}
	j := after + 1
	if x := an.norm(j); x == "la" || x == "l" {
		j++
	}
	if j >= len(an.t.Tokens) {
		return false
	}
	return !(an.has(j, tagPerson) || an.has(j, tagGroup) || an.has(j, tagSlur) || an.properName(j) || institution(an.norm(j)))
}

// thingSubject reports a copula just before the insult whose subject is
// a thing or an animal, not a person: "mon chien est un vrai gros porc".
func (an *analysis) thingSubject(s sentence, k int) bool {
	toks := an.t.Tokens
	for j := k - 1; j >= s.a && j >= k-4; j-- {
		if !copula(toks[j].Norm) {
			continue
		}
		i := j - 1
		for i >= s.a && (toks[i].Norm == "n" || toks[i].Norm == "ne") {
			i--
		}
		if i < s.a {
			return false
		}
		w := toks[i].Norm
		if subjectPronoun(w) || w == "c" || w == "ce" || w == "ca" || w == "t" || w == "qui" ||
			an.has(i, tagPerson) || an.has(i, tagGroup) || an.properName(i) {
			return false
		}
		return true
	}
	return false
}

// personPredicate reports an insult noun asserted of a person by a
// copula and an article: "le maire est un rat", "les élus de cette
// commune sont des parasites", "t'es qu'une sangsue".
func (an *analysis) personPredicate(s sentence, m mark) bool {
	toks := an.t.Tokens
	k := m.first
	if !an.article(k) {
		return false
	}
	cl := toks[k].Clause
	cop := false
	for j := k - 1; j >= s.a && toks[j].Clause == cl && j >= k-10; j-- {
		w := toks[j].Norm
		if copula(w) {
			cop = true
			continue
		}
		if !cop {
			continue
		}
		switch {
		case w == "tu" || w == "t" || w == "vous" || w == "toi":
			return true
		case an.has(j, tagGroup):
			return false // a group: the hate rules judge it
		case an.has(j, tagPerson) && !isWeakPerson(w), an.properName(j):
			return true
		}
	}
	return false
}

// ofMerde reports the "merde" of "X de merde": it qualifies X.
func (an *analysis) ofMerde(m mark) bool {
	if an.norm(m.first) != "merde" || m.last-m.first != 1 {
		return false
	}
	w := an.norm(m.first - 1)
	return w == "de" || w == "d"
}

// merdeNouns fires on "X de merde" said of people: "gauchiste de
// merde", "ce pauvre élu de merde", "@Kevin espèce de bouffon de merde".
// Of things ("temps de merde", "projet de merde") it is swearing.
func (an *analysis) merdeNouns(f *findings) {
	toks := an.t.Tokens
	for i := 2; i < len(toks); i++ {
		if toks[i].Norm != "merde" || toks[i-1].Norm != "de" && toks[i-1].Norm != "d" {
			continue
		}
		x := i - 2
		person := an.has(x, tagPerson) && !isWeakPerson(toks[x].Norm) || an.has(x, tagGroup) || an.has(x, tagSlur) ||
			an.covered(x, tagInsult) && !an.covered(x, tagNeg) ||
			an.has(x, tagDerog) && an.article(x) // "des fainéants de merde", "ces menteurs de merde"
		if !person || an.reported(an.sentenceOf(x), x, -1) || an.negated(x, i+1) {
			continue
		}
		f.insult.add("injurieux.injure", "insulte visant une personne (« … de merde »)", 0.75, SeverityMedium, an.t.Span(x, i+1))
		if an.has(x, tagGroup) {
			f.hate.add("haineux.epithete", noteEpithet, 0.8, SeverityHigh, an.t.Span(x, i+1))
		}
	}
}

// sentenceOf returns the sentence of token i.
func (an *analysis) sentenceOf(i int) sentence {
	for _, s := range an.sents {
		if i >= s.a && i < s.b {
			return s
		}
	}
	return sentence{}
}
