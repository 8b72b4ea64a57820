package moderation

import "strings"

// Who or what a violence word is aimed at, beyond the pronoun or the
// person named next to it: a place where people are ("faut cramer le
// centre", "une rafale dans la salle du conseil"), and what is not a
// person at all (animals, pests, plants, things: "ces moustiques, je vais
// tous les exterminer"). And when the words announce no one's violence: a
// prediction about someone else ("ce chauffard va finir par tuer
// quelqu'un"), or a warning said with care ("prends soin de toi, tu vas
// finir à l'hosto").

// speakerPresent reports a violent verb in the present after "je" or "on"
// and an object pronoun: "je lui roule dessus", "on te défonce". The
// speaker announces it; no modal is needed.
func (an *analysis) speakerPresent(v mark) bool {
	if v.e.weight < 0.8 {
		return false
	}
	if objectClitic(an.norm(v.first)) {
		// The phrase opens with its pronoun: "je lui en colle une".
		switch an.norm(v.first - 1) {
		case "je", "j", "on":
			return true
		}
	}
	if !wlThreatObjectClitics.Has(an.norm(v.first - 1)) {
		return false
	}
	switch an.norm(v.first - 2) {
	case "je", "j", "on":
		return true
	}
	return false
}

// nonHumanAntecedent reports an object pronoun at j standing for
// animals, pests, plants or things named before it, with no person or
// group in the sentence or the one before: "les frelons du grenier, faut
// les brûler". "Ces migrants sont des cafards, faut les exterminer" names
// people: the pest is a comparison.
func (an *analysis) nonHumanAntecedent(j int) bool {
	toks := an.t.Tokens
	if j < 0 || j >= len(toks) {
		return false
	}
	switch toks[j].Norm {
	case "le", "la", "l", "les":
	default:
		return false // "lui", "leur" stand for people
	}
	sent := toks[j].Sent
	thing := false
	for k := 0; k < len(toks); k++ {
		if toks[k].Sent < sent-1 || toks[k].Sent > sent || k == j {
			continue
		}
		w := toks[k].Norm
		if an.has(k, tagPerson) && !isWeakPerson(w) || an.covered(k, tagGroup) || an.covered(k, tagSlur) || an.properName(k) ||
			an.covered(k, tagInsult) || an.covered(k, tagDerog) || humanWord(w) {
			return false
		}
		if k < j && nonHuman(w) {
			thing = true
		}
	}
	return thing
}

// nonHuman reports nouns of animals, pests, plants and things that
// violent verbs are ordinarily used of.
func nonHuman(w string) bool {
	return wlNonHumanNouns.Has(strings.TrimSuffix(strings.TrimSuffix(w, "s"), "x"))
}

// arson reports violence done to a place with people in it: fire,
// explosives, gunfire.
func arson(w string) bool {
	return hasPrefixIn(wlArsonStems, w)
}

// peopledPlace reports places where people live, meet or work.
func peopledPlace(w string) bool {
	return wlPeopledPlaces.Has(w)
}

// placeTarget finds a peopled place a fire, a bomb or gunfire is aimed
// at, just after the violence word: "cramer le centre", "une rafale dans
// la salle du conseil", "brûler leur mosquée".
func (an *analysis) placeTarget(s sentence, v mark) int {
	if !arson(an.norm(v.first)) && !arson(an.norm(v.last-1)) {
		return -1
	}
	toks := an.t.Tokens
	for j := v.last; j < s.b && j < v.last+6; j++ {
		w := toks[j].Norm
		if peopledPlace(w) {
			return j
		}
		if wlPlaceTargetFillers.Has(w) {
			continue
		}
		return -1
	}
	return -1
}

// prediction reports violence that the words foresee from someone else,
// not the speaker: "il va finir par tuer quelqu'un".
func (an *analysis) prediction(v mark) bool {
	if an.norm(v.first-1) != "par" || !strings.HasPrefix(an.norm(v.first-2), "fini") {
		return false
	}
	// "je vais finir par lui en coller une" is the speaker's own.
	for j := v.first - 3; j >= 0 && j >= v.first-6; j-- {
		switch an.norm(j) {
		case "je", "j", "on", "nous":
			return false
		}
	}
	return true
}

// caring reports a comment that wishes the person well or thanks them:
// a warning in it ("tu vas finir à l'hosto") is concern, not a threat.
func (an *analysis) caring() bool {
	toks := an.t.Tokens
	for i := range toks {
		switch nw := toks[i].Norm; {
		case wlCaringWords.Has(nw):
			return true
		case nw == "soin":
			if w := an.norm(i - 1); w == "prends" || w == "prenez" || w == "prenne" {
				return true
			}
		case nw == "force":
			if an.norm(i-1) == "a" {
				return true // "à force de courir"
			}
		}
	}
	return strings.Contains(an.t.Original, "😅") || strings.Contains(an.t.Original, "❤")
}

// humanWord reports words that stand for people a threat may be aimed
// at: "celui qui a empoisonné mon chien, je vais le trouver".
func humanWord(w string) bool {
	return wlHumanWords.Has(w)
}
