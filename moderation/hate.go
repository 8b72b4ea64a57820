package moderation

import "strings"

// Hate speech (haineux): a protected group, named or referred to, plus
// something said against it: derogation, dehumanisation, hatred the speaker
// feels, a wish of violence, a call to exclusion, denial of worth,
// conspiracy tropes; or a slur; or negationism. Not hateful: the same
// words under a negation ("les femmes ne sont pas stupides"), reported to
// be condemned ("arrêtez de dire que…", quotations), or about a group that
// is a victim ("se font agresser").

// hateNotes describe each rule to the référent.
const (
	noteDehum      = "déshumanisation (comparaison à des animaux, à de la vermine, à une maladie ou à des déchets)"
	noteDerog      = "dénigrement d'un groupe entier"
	noteEmo        = "expression de haine, de mépris ou de dégoût"
	noteViolence   = "souhait ou appel à la violence contre un groupe"
	noteExclusion  = "appel à l'exclusion ou à l'expulsion"
	noteWorthless  = "négation de la valeur, de l'humanité ou des droits des personnes"
	noteInsult     = "injure visant un groupe"
	noteConspiracy = "théorie du complot visant un groupe"
	noteSlur       = "terme injurieux raciste, sexiste, homophobe, transphobe ou validiste"
	noteNegation   = "négation ou minimisation d'un crime contre l'humanité"
	noteEpithet    = "épithète injurieuse accolée à un groupe"
)

// groupRef is a group mention a predicate can be about.
type groupRef struct {
	tok   int    // first token of the mention
	label string // the group's name for the reason
	span  Span
}

func (an *analysis) detectHate(f *findings) {
	an.coded(f)
	var prev [2][]groupRef
	for si, s := range an.sents {
		groups := an.groupsIn(s)
		target := an.subjects(groups)
		if len(target) == 0 && (an.refersBack(s) || an.generalises(s) && an.refersToOne(s) || an.topicBefore(si) || an.farMark(s) ||
			an.fragment(s)) {
			// "J'ai rencontré des femmes. Je les déteste." Look two
			// sentences back and one ahead.
			target = append(append(target, prev[0]...), prev[1]...)
			if si+1 < len(an.sents) {
				target = append(target, an.groupsIn(an.sents[si+1])...)
			}
		}
		prev[1], prev[0] = prev[0], groups
		// The predicates first: a word said of a group named before
		// ("Des X au conseil ?? C'est des dégénérés") is hate, not an
		// insult thrown at one person.
		for k := s.ma; k < s.mb && len(target) > 0; k++ {
			an.hatePredicate(f, s, an.marks[k], target)
		}
		an.slurs(f, s)
		an.negationism(f, s)
		an.stereotypes(f, s)
		an.tautology(f, s)
		an.essence(f, s, target)
	}
}

// groupsIn lists the protected groups a sentence names (slurs included).
func (an *analysis) groupsIn(s sentence) []groupRef {
	var out []groupRef
	for k := s.ma; k < s.mb; k++ {
		m := an.marks[k]
		if m.e.tag == tagGroup && an.norm(m.first) == "race" && an.kinOf(m.first) {
			continue // "nique ta race", "je vais défoncer ta race": your kin
		}
		if m.e.tag == tagGroup || m.e.tag == tagSlur && m.e.weight >= 0.4 && !an.verbal(m.first) && !an.reflexivePast(m.first) &&
			!(m.e.weight < 0.5 && an.ordinaryNoun(s)) && !(an.personalSlur(s, m) && (an.epithet(m.first) || an.addressed(s, m))) {
			out = append(out, groupRef{tok: m.first, label: m.e.label, span: an.t.Span(m.first, m.last)})
		}
	}
	return out
}

// refersBack reports pronouns that can stand for a group named in another
// sentence.
func (an *analysis) refersBack(s sentence) bool {
	for i := s.a; i < s.b; i++ {
		if wlGroupBackReference.Has(an.norm(i)) {
			return true
		}
	}
	return false
}

// refersToOne reports "il", "elle" or "lui": with a generalisation ("il
// est répugnant comme tous ceux de son espèce") a pronoun standing for one
// person of a group named before speaks of the whole group.
func (an *analysis) refersToOne(s sentence) bool {
	for i := s.a; i < s.b; i++ {
		switch an.norm(i) {
		case "il", "elle", "lui":
			return true
		}
	}
	return false
}

// nearest returns the group mention closest to the mark, other than the
// mark's own word ("malades mentaux" is both a group and an insult); a
// group in a phrase's slot ("les _ dehors") is its target.
func nearest(groups []groupRef, m mark) (groupRef, bool) {
	var best groupRef
	found := false
	for _, g := range groups {
		if g.tok == m.first {
			continue // the mark starts with the group word: it is that word
		}
		if !found || abs(g.tok-m.first) < abs(best.tok-m.first) {
			best, found = g, true
		}
	}
	return best, found
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// hatePredicate judges one mark of a sentence that names a group.
func (an *analysis) hatePredicate(f *findings, s sentence, m mark, groups []groupRef) {
	g, ok := nearest(groups, m)
	if !ok {
		return // the mark is the group word itself
	}
	if an.t.Tokens[g.tok].Has(FlagQuoted) != an.t.Tokens[m.first].Has(FlagQuoted) {
		return // a quotation names the group; the words outside it judge the quote
	}
	if an.notTheTarget(s, m, g) {
		return // "je déteste ceux qui insultent les gays"
	}
	var score float64
	var rule, note string
	sev := SeverityHigh
	switch m.e.tag {
	case tagDehum:
		score, rule, note = m.e.weight, "haineux.deshumanisation", noteDehum
		if !an.dehumAsserted(s, g, m) {
			// "un réfugié atteint d'une maladie", "les femmes du club ont
			// nettoyé les poubelles": the word is meant literally.
			return
		}
	case tagDerog:
		score, rule, note, sev = m.e.weight, "haineux.denigrement", noteDerog, SeverityMedium
		switch {
		case (an.norm(m.first) == "sale" || an.norm(m.first) == "sales") && m.first+1 == g.tok:
			if an.firstPersonClause(m.first) {
				return // "je suis un sale arabe, paraît-il": said of oneself
			}
			score, rule, note, sev = 0.9, "haineux.epithete", noteEpithet, SeverityHigh
		case an.norm(m.first) == "sale" || an.norm(m.first) == "sales":
			if !an.assertsOf(s, g, m) {
				return
			}
		case !an.predicated(s, g, m):
			// "les musulmans sont choqués par ce crime abject", "les
			// Marocains vendent des olives dégueulasses": the word is
			// said of something else.
			return
		case an.generalises(s):
			score += 0.1
		case m.e.weight < 0.7 && !an.assertsOf(s, g, m):
			score -= 0.2
		}
	case tagEmo:
		if g.tok < m.first && !an.speakerFeels(s, g, m) {
			return // "les femmes du village détestent ce projet": they feel it
		}
		score, rule, note, sev = m.e.weight, "haineux.haine", noteEmo, SeverityMedium
	case tagWorthless:
		if an.sufferedAfter(m) {
			return // "ils ne méritent pas d'être harcelés" takes their side
		}
		score, rule, note = m.e.weight, "haineux.negation_dignite", noteWorthless
	case tagPos:
		if !an.deniedQuality(s, m, g) {
			return
		}
		score, rule, note = m.e.weight, "haineux.qualite_niee", noteDenied
	case tagConspiracy:
		score, rule, note, sev = m.e.weight, "haineux.complot", noteConspiracy, SeverityMedium
	case tagSlur:
		if !an.epithetOf(m, g) {
			return // judged by the slur rule
		}
		score, rule, note, sev = max(m.e.weight, 0.8), "haineux.epithete", noteEpithet, SeverityHigh
	case tagInsult, tagInsultDir:
		if (g.tok < s.a || g.tok >= s.b) && (an.strongEpithet(m.first) || an.vocative(s, m)) {
			return // "… ils nous remplacent. Et vous applaudissez, bande de collabos": the readers
		}
		switch {
		case an.epithetOf(m, g):
			// "putain de juifs", "ces enculés de migrants": the swear
			// word is put on the whole group.
			score, rule, note, sev = max(m.e.weight, 0.8), "haineux.epithete", noteEpithet, SeverityHigh
		case m.e.weight < 0.5:
			return
		case m.e.tag == tagInsult && !an.predicated(s, g, m):
			return // "les handicapés ont des places, les gens qui s'y garent sont des ordures"
		default:
			score, rule, note, sev = m.e.weight, "haineux.injure_groupe", noteInsult, SeverityMedium
		}
	case tagViolence:
		if !an.calledFor(s, m) {
			return
		}
		score, rule, note, sev = 0.95*m.e.weight, "haineux.violence", noteViolence, SeverityCritical
	case tagExclusion:
		if !m.e.wish && !an.intentIn(s, m, false) && !an.subjunctiveWish(m.first) || an.victim(m.first) {
			return
		}
		score, rule, note = m.e.weight, "haineux.exclusion", noteExclusion
	default:
		return
	}
	if m.e.tag != tagWorthless && m.e.tag != tagPos && !an.epithetOf(m, g) && an.negated(m.first, m.last) {
		return // "on ne veut pas de ces sauvages de migrants" still calls them so
	}
	if an.reported(s, m.first, g.tok) || score < 0.7 && an.condemnedAfter(s, m) {
		return
	}
	if m.fuzzy {
		score -= 0.05
	}
	f.hate.add(rule, note, score, sev, g.span, an.t.Span(m.first, m.last))
	f.hate.label(g.label)
}

// assertsOf reports a predicate asserted of the group: a copula or
// "comme" between them, or a generalisation in the sentence ("tous des",
// "typique").
func (an *analysis) assertsOf(s sentence, g groupRef, m mark) bool {
	if an.generalises(s) {
		return true
	}
	if g.tok < s.a && an.topicBefore(an.sentIndex(s)) {
		return true // "Les Roms ? Des voleurs."
	}
	a, b := g.tok, m.first
	if a > b {
		a, b = m.last, g.tok
		if w := an.norm(a); (w == "de" || w == "d") && a+1 == b {
			return true // "ces sauvages de migrants"
		}
	}
	for i := a; i < b; i++ {
		if w := an.norm(i); copula(w) || w == "comme" || w == "etre" || w == "que" && an.norm(i+1) == "des" ||
			an.t.Tokens[i].Next == '=' || gluedCopula(w) {
			return true // "les X = des Y" too
		}
	}
	return false
}

// epithetOf reports "ces sauvages de migrants": the mark is an epithet
// put on the group that follows it.
func (an *analysis) epithetOf(m mark, g groupRef) bool {
	w := an.norm(m.last)
	return (w == "de" || w == "d") && m.last+1 == g.tok
}

// generalises reports an essentialising marker in the sentence.
func (an *analysis) generalises(s sentence) bool {
	for k := s.ma; k < s.mb; k++ {
		if an.marks[k].e.tag == tagGeneric {
			return true
		}
	}
	return false
}

// intentIn reports an intent, wish or obligation in the sentence that is
// not negated ("nous ne devons pas…"). With wishOnly, plain futures ("va")
// do not count: "il va mourir" states, "il mérite de mourir" wishes.
func (an *analysis) intentIn(s sentence, v mark, wishOnly bool) bool {
	for k := s.ma; k < s.mb; k++ {
		m := an.marks[k]
		if m.e.tag != tagIntent || wishOnly && !m.e.wish {
			continue
		}
		if m.first > v.first+1 && !m.e.wish {
			continue // "je vais" after the violence does not govern it
		}
		if m.first >= v.last && an.t.Tokens[m.first].Clause != an.t.Tokens[v.first].Clause && an.norm(m.first) != "je" &&
			an.norm(m.first) != "j" && !nominal(an.norm(v.first)) {
			continue // "nos SDF crèvent dehors, ils ont qu'à…": another clause's wish; an oath after it still seals it
		}
		if an.negated(m.first, m.last) {
			continue
		}
		return true
	}
	return false
}

// calledFor reports violence that is wished, intended or called for, not
// suffered, denied or a figure of speech.
func (an *analysis) calledFor(s sentence, v mark) bool {
	if an.victim(v.first) || an.idiom(v) || an.reflexive(v) {
		return false
	}
	if v.e.wish || an.speakerPresent(v) {
		return true
	}
	// "crever" alone is dying; "crever les pneus" is done to someone.
	return an.intentIn(s, v, intransitive(an.norm(v.first)) && v.last-v.first == 1)
}

// intransitive reports death and suffering verbs: "il va mourir" states a
// fact, only a wish ("il mérite de mourir") makes it a threat.
func intransitive(w string) bool {
	return wlDeathVerbs.Has(w)
}

// idiom reports violence words used as figures of speech: "mort de rire",
// "crever de chaud", "tuer le temps".
func (an *analysis) idiom(v mark) bool {
	next, next2 := an.norm(v.last), an.norm(v.last+1)
	if next == "de" || next == "d" {
		if wlIdiomDeComplements.Has(next2) {
			return true
		}
	}
	if next == "le" && next2 == "temps" {
		return true
	}
	// "il y aura un mort", "des morts sur la route": a casualty, a noun
	// after an article, not a wish of death.
	if v.last-v.first == 1 && intransitive(an.norm(v.first)) {
		if wlCasualtyDeterminers.Has(an.norm(v.first - 1)) {
			for j := v.first - 2; j >= 0 && j >= v.first-4; j-- {
				if wlCasualtyVerbs.Has(an.norm(j)) {
					return true // "il y aura un mort", "ça va faire des morts"
				}
			}
		}
	}
	// "je vais psychoser à mort", "on a kiffé à mort": an intensifier
	// after a verb, unlike "à mort les…" or "mort aux…".
	toks := an.t.Tokens
	if v.last-v.first == 2 && an.norm(v.first) == "a" && an.norm(v.first+1) == "mort" && v.first > 0 &&
		toks[v.first-1].Clause == toks[v.first].Clause && !isClauseBreak(toks[v.first-1].Next) {
		if v.last >= len(toks) || toks[v.last].Clause != toks[v.first].Clause ||
			!(an.has(v.last, tagPerson) || an.has(v.last, tagGroup) || an.properName(v.last) || objectClitic(next)) {
			return true
		}
	}
	return an.sport(v.first)
}

// sport reports a sentence about a match: "on va les défoncer dimanche
// au match", "on les a écrasés en finale" are about the score.
func (an *analysis) sport(i int) bool {
	toks := an.t.Tokens
	sent := toks[i].Sent
	for j := i - 12; j < i+12 && j < len(toks); j++ {
		if j < 0 || toks[j].Sent != sent {
			continue
		}
		if wlSportAndParty.Has(toks[j].Norm) {
			return true
		}
	}
	return false
}

// reflexive reports "je vais me tuer à la tâche", "se tuer au travail".
func (an *analysis) reflexive(v mark) bool {
	switch an.norm(v.first - 1) {
	case "me", "m", "se", "s", "nous":
		return an.norm(v.first-2) != "faut" && an.norm(v.first-1) != "nous"
	}
	return false
}

// slurs fires on slurs used of people, unless self-referential, reported,
// negated or, for words that are also ordinary nouns, used neutrally.
func (an *analysis) slurs(f *findings, s sentence) {
	for k := s.ma; k < s.mb; k++ {
		m := an.marks[k]
		if m.e.tag != tagSlur || an.verbal(m.first) || an.reflexivePast(m.first) {
			continue
		}
		if an.negated(m.first, m.last) || an.reported(s, m.first, -1) {
			continue
		}
		if an.firstPersonClause(m.first) && !an.addressedAfter(m) || an.reclaimed(m) {
			continue // "j'ai été une vraie salope", "pédé et fier de l'être"
		}
		addressed := an.epithet(m.first) || an.addressed(s, m)
		if addressed && an.personalSlur(s, m) {
			if f.hate.has(an.t.Span(m.first, m.last)) {
				continue // said of a group: the predicate rule judged it
			}
			// "t'es triso ou quoi", "la secrétaire est une vraie
			// connasse": a sexist or ableist word thrown at one person
			// insults that person; it says nothing of a group.
			score := max(m.e.weight, 0.75)
			if m.fuzzy {
				score -= 0.05
			}
			f.insult.add("injurieux.insulte_discriminatoire", "terme injurieux adressé à une personne", score, SeverityMedium, an.t.Span(m.first, m.last))
			continue
		}
		score := m.e.weight
		if score < 0.7 {
			// An ambiguous word is a slur with an epithet, an address, a
			// generalisation, or said of people in the plural or in
			// numbers ("les X", "trop de X", "encore une X qui…"); not
			// in a sentence about animals or fruit.
			plural := an.pluralDet(m.first) && (!m.e.common || an.hostile(s))
			many := m.e.weight >= 0.4 && (plural || an.quantified(m.first) || an.oneMore(m.first))
			if !addressed && !an.generalises(s) && !many || !addressed && score < 0.5 && an.ordinaryNoun(s) {
				continue
			}
			score = 0.75
		}
		if m.fuzzy {
			score -= 0.05
		}
		sp := an.t.Span(m.first, m.last)
		f.hate.add("haineux.insulte_discriminatoire", noteSlur, score, SeverityHigh, sp)
		f.hate.label(m.e.label)
		if addressed && m.last-m.first == 1 {
			// "Dégage sale pédé" insults the person too; a phrase such
			// as « retourne dans ton pays » is the exclusion alone.
			f.insult.add("injurieux.insulte_discriminatoire", "terme injurieux adressé à une personne", score, SeverityMedium, sp)
		}
	}
}

// epithet reports an insulting epithet before token i: "sale X", "espèce
// de X", "bande de X", "gros X".
func (an *analysis) epithet(i int) bool {
	switch w := an.norm(i - 1); {
	case wlEpithetIntensifiers.Has(w):
		// "un vrai X", "une belle X", "ce gros X": an intensifier before
		// an insult noun, after an article or a demonstrative.
		if wlEpithetIntensifierDeterminers.Has(an.norm(i - 2)) {
			return true
		}
	case wlEpithetAdjectives.Has(w):
		return true
	case w == "de" || w == "d":
		if wlEpithetCollectiveNouns.Has(an.norm(i - 2)) {
			return true
		}
	}
	return false
}

// addressed reports a word aimed at someone: "t'es un X", "vous êtes des
// X", "c'est un X", "X !" alone.
func (an *analysis) addressed(s sentence, m mark) bool {
	toks := an.t.Tokens
	cl := toks[m.first].Clause
	// "… comme toi", "… comme vous".
	if an.norm(m.last) == "comme" && (an.norm(m.last+1) == "toi" || an.norm(m.last+1) == "vous") {
		return true
	}
	for j := m.first - 1; j >= s.a && toks[j].Clause == cl && j >= m.first-8; j-- {
		w := toks[j].Norm
		if subjectPronoun(w) && w != "il" && w != "elle" && w != "ils" && w != "elles" {
			return true
		}
		if (w == "c" || w == "ce") && copula(an.norm(j+1)) {
			return true
		}
	}
	// Alone in its sentence, or shouted: "Travelo !"
	if m.first == s.a && (m.last == s.b || toks[m.last-1].Next == '!') {
		return true
	}
	// Said of a named person: "ce maire est un débile mental", "Garnier
	// la mal baisée", "la directrice, une vraie connasse".
	return an.article(m.first) && (an.personPredicate(s, m) || an.apposition(s, m.first)) || an.vocative(s, m) ||
		an.namedWithArticle(m.first)
}

// pluralDet reports "les X", "ces X", "des X".
func (an *analysis) pluralDet(i int) bool {
	return wlPluralDeterminers.Has(an.norm(i - 1))
}

// negationism fires on a crime against humanity and its denial in one
// sentence ("la Shoah est un mensonge", "les chambres à gaz, un détail").
func (an *analysis) negationism(f *findings, s sentence) {
	crime, denial := -1, -1
	for k := s.ma; k < s.mb; k++ {
		switch an.marks[k].e.tag {
		case tagCrime:
			crime = k
		case tagDenial:
			if !an.negated(an.marks[k].first, an.marks[k].last) {
				denial = k
			}
		}
	}
	if crime < 0 || denial < 0 {
		return
	}
	c, d := an.marks[crime], an.marks[denial]
	if an.reported(s, max(c.first, d.first), -1) {
		return
	}
	f.hate.add("haineux.negationnisme", noteNegation, 0.9, SeverityCritical, an.t.Span(c.first, c.last), an.t.Span(d.first, d.last))
	f.hate.negat = true
}

// stereotypes fires on "un travail d'arabe", "une idée de femme",
// "comportement de pute": a deed or a trait put down to a whole group by
// naming it bare after "de".
func (an *analysis) stereotypes(f *findings, s sentence) {
	for k := s.ma; k < s.mb; k++ {
		m := an.marks[k]
		if m.e.tag != tagGroup && m.e.tag != tagSlur {
			continue
		}
		if d := an.norm(m.first - 1); d != "de" && d != "d" && !(d == "des" && an.norm(m.first-2) == "coup" && an.norm(m.first-4) == "encore") {
			continue // "encore un coup des Roms": one more misdeed put on the group
		}
		if !wlStereotypeNouns.Has(an.norm(m.first - 2)) {
			continue
		}
		if an.negated(m.first-2, m.last) || an.reported(s, m.first, m.first) {
			continue
		}
		f.hate.add("haineux.stereotype", "stéréotype attribué à tout un groupe (« un travail de… »)", 0.7, SeverityMedium, an.t.Span(m.first-2, m.last))
		f.hate.label(m.e.label)
	}
}

// topicBefore reports a sentence after a bare topic question: "Les
// réfugiés ? Des profiteurs." The answer is said of the topic.
func (an *analysis) topicBefore(si int) bool {
	if si <= 0 || si >= len(an.sents) {
		return false
	}
	p := an.sents[si-1]
	if p.b-p.a > 8 || an.t.Tokens[p.b-1].Next != '?' {
		return false
	}
	for k := p.ma; k < p.mb; k++ {
		if an.marks[k].e.tag == tagGroup {
			return true
		}
	}
	return false
}

// sentIndex returns the index of sentence s.
func (an *analysis) sentIndex(s sentence) int {
	for i, x := range an.sents {
		if x.a == s.a {
			return i
		}
	}
	return -1
}

// kinOf reports a singular possessive before a word: "ta race", "sa
// race" mean the person's kin in insults, not a people.
func (an *analysis) kinOf(i int) bool {
	switch an.norm(i - 1) {
	case "ta", "sa", "votre", "ton", "son":
		return true
	}
	return false
}

// fragment reports a verbless sentence that opens on an article or a
// quantifier: "Des malades mentaux.", "Tous des voleurs.", "Bande de
// parasites." It is said of what the sentence before named.
func (an *analysis) fragment(s sentence) bool {
	if s.b-s.a > 6 {
		return false
	}
	if !wlFragmentOpeners.Has(an.norm(s.a)) {
		return false
	}
	for i := s.a; i < s.b; i++ {
		if copula(an.norm(i)) || an.has(i, tagIntent) {
			return false
		}
	}
	return true
}

// gluedCopula reports a copula glued to the article after it:
// "sontdes", "estun", "cest".
func gluedCopula(w string) bool {
	for _, c := range []string{"sont", "est", "c"} {
		rest, ok := strings.CutPrefix(w, c)
		if !ok {
			continue
		}
		if wlGluedCopulaRests.Has(rest) {
			return true
		}
	}
	return false
}

// nominal reports a violence mark that is a noun phrase ("une balle dans
// la nuque, ça réglerait…"): the clause after it says what it is for.
func nominal(w string) bool {
	if wlNominalViolenceHeads.Has(w) {
		return true
	}
	return isWeaponNoun(w)
}

// subjects drops the group words that are themselves the predicate:
// in "Les trans à l'école ?? C'est des malades mentaux", "malades
// mentaux" names no one new; the sentence is about the group before.
func (an *analysis) subjects(groups []groupRef) []groupRef {
	for i, g := range groups {
		if !an.covered(g.tok, tagDerog) && !an.covered(g.tok, tagDehum) || an.linkBefore(g.tok) < 0 {
			continue
		}
		out := make([]groupRef, 0, len(groups)-1)
		out = append(out, groups[:i]...)
		for _, h := range groups[i+1:] {
			if (an.covered(h.tok, tagDerog) || an.covered(h.tok, tagDehum)) && an.linkBefore(h.tok) >= 0 {
				continue
			}
			out = append(out, h)
		}
		return out
	}
	return groups
}
