package moderation

// Denied qualities: a positive quality or regard under a negation, said of
// a group or aimed at it: "les femmes ne sont pas dignes de confiance",
// "je n'aurai jamais le moindre respect pour les migrants", "il n'y a rien
// d'admirable chez les gays", "on ne peut pas faire confiance aux trans".
// Not denied: "ne sont pas moins intelligents" (a negated comparison), "ne
// sont pas respectées" (how a group is treated: a passive).

const noteDenied = "négation d'une qualité ou du respect dû à tout un groupe"

// deniedQuality reports a positive-quality mark denied to group g.
func (an *analysis) deniedQuality(s sentence, m mark, g groupRef) bool {
	if !an.negated(m.first, m.last) && !an.nothingOf(m.first) && !an.noneSubject(m.first) {
		return false
	}
	if an.capacity(m.first) {
		return false // "on n'a pas les moyens de les accueillir": a matter of means
	}
	switch an.norm(m.first - 1) {
	case "moins", "seulement", "que", "qu":
		return false // "pas moins intelligents", "pas que des…"
	case "plus":
		if w := an.norm(m.first - 2); w == "pas" || w == "jamais" {
			return false // "pas plus capables que les autres"
		}
	}
	if m.e.verb {
		prev := an.norm(m.first - 1)
		if prev == "pas" || prev == "jamais" || prev == "plus" {
			prev = an.norm(m.first - 2)
		}
		if copula(prev) || prev == "ete" || prev == "etre" {
			return false // "elles ne sont pas respectées": a passive
		}
		// A verb is about its object: the group after it, or a clitic
		// standing for it before ("je ne les respecte pas").
		if g.tok < m.first && !an.objectPronounBefore(m.first) || an.otherSubject(m.first) {
			return false
		}
		if m.e.self && !an.speakerSubject(m.first) {
			return false
		}
	}
	return true
}

// nothingOf reports "rien d'admirable", "rien de respectable": a quality
// after "rien de", or "pas le moindre".
func (an *analysis) nothingOf(i int) bool {
	if w := an.norm(i - 1); w == "de" || w == "d" {
		return an.norm(i-2) == "rien"
	}
	return false
}

// objectPronounBefore reports an object clitic in the three words before
// a verb: "je ne les respecte pas", "on ne peut pas leur faire confiance".
func (an *analysis) objectPronounBefore(i int) bool {
	for j := i - 1; j >= 0 && j >= i-3; j-- {
		switch an.norm(j) {
		case "les", "leur", "l", "vous", "eux":
			return true
		}
		if isClauseBreak(an.t.Tokens[j].Next) {
			return false
		}
	}
	return false
}

// noneSubject reports a negative subject earlier in the clause, with "ne"
// before the verb: "aucun migrant ne mérite notre compassion", "nulle
// femme n'est digne de…".
func (an *analysis) noneSubject(i int) bool {
	toks := an.t.Tokens
	ne := false
	for j := i - 1; j >= 0 && j >= i-10; j-- {
		if toks[j].Sent != toks[i].Sent || isClauseBreak(toks[j].Next) && j < i-1 {
			return false
		}
		switch toks[j].Norm {
		case "ne", "n":
			ne = true
		case "aucun", "aucune", "nul", "nulle":
			return ne
		}
	}
	return false
}

// otherSubject reports a subject other than the speaker before a verb in
// its clause: a group or a third person ("les Lyonnais… ils aiment bien
// les Arabes", "un renoi peut pas aimer…"). The sentence then says what
// someone else feels, not what the speaker denies.
func (an *analysis) otherSubject(v int) bool {
	toks := an.t.Tokens
	for j := v - 1; j >= 0 && j >= v-6; j-- {
		if toks[j].Sent != toks[v].Sent || isClauseBreak(toks[j].Next) {
			return false
		}
		w := toks[j].Norm
		switch {
		case w == "je" || w == "j" || w == "on" || w == "nous" || w == "moi":
			return false
		case w == "il" && impersonal(an.norm(j+1)):
			return false // "il ne faut pas leur faire confiance"
		case w == "il" || w == "ils" || w == "elle" || w == "elles" || an.has(j, tagGroup) || an.has(j, tagSlur):
			return true
		}
	}
	return false
}

// sufferedAfter reports a harm just after a denial: "ne méritent pas
// d'être harcelés", "ne méritent pas qu'on les insulte". The denial takes
// the group's side.
func (an *analysis) sufferedAfter(m mark) bool {
	i := m.last
	switch an.norm(i) {
	case "qu", "que":
		if an.norm(i+1) == "on" {
			i += 2
		}
		if objectClitic(an.norm(i)) {
			i++
		}
	case "ainsi", "autant":
		return true
	}
	if an.has(i, tagViolence) || an.has(i, tagExclusion) || an.has(i, tagInsult) {
		return true
	}
	w := an.norm(i)
	return hasPrefixIn(wlSufferedStems, w)
}

// speakerSubject reports the speaker as the subject of the verb at i:
// "je", "on" or "nous" earlier in its clause, not beyond a "que".
func (an *analysis) speakerSubject(i int) bool {
	toks := an.t.Tokens
	for j := i - 1; j >= 0 && j >= i-8; j-- {
		if toks[j].Sent != toks[i].Sent || isClauseBreak(toks[j].Next) {
			return false
		}
		switch toks[j].Norm {
		case "je", "j", "on", "nous", "moi":
			return true
		case "que", "qu", "qui":
			return false
		}
	}
	return false
}

// capacity reports a negated means or room just before a verb of regard:
// "on n'a pas les moyens de les accueillir", "pas la place pour les
// loger". The sentence speaks of what the town can do, not of what the
// group is worth.
func (an *analysis) capacity(i int) bool {
	for j := i - 1; j >= 0 && j >= i-6; j-- {
		if wlCapacityNouns.Has(an.norm(j)) {
			return true
		}
		if isClauseBreak(an.t.Tokens[j].Next) {
			return false
		}
	}
	return false
}
