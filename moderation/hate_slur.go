package moderation

// When an ambiguous slur (also an ordinary word, or used within a
// community) is one: said of people in numbers ("trop de gogols"), with
// contempt for one more of them ("encore une salope qui…"); and when it is
// not: an animal or a fruit ("les macaques du zoo"), a word reclaimed by
// the speaker ("pédé et fier de l'être").

// quantified reports a quantity before a noun: "trop de X", "plein de
// X", "de plus en plus de X".
func (an *analysis) quantified(i int) bool {
	if w := an.norm(i - 1); w != "de" && w != "d" {
		return false
	}
	if wlQuantityWords.Has(an.norm(i - 2)) {
		return true
	}
	return false
}

// oneMore reports "encore un X", "encore une X": contempt for one more of
// a kind.
func (an *analysis) oneMore(i int) bool {
	switch an.norm(i - 1) {
	case "un", "une", "des", "ces":
		return an.norm(i-2) == "encore"
	}
	return false
}

// ordinaryNoun reports a sentence about animals, fruit or a party, where
// an ambiguous slur is the ordinary word: "les macaques du zoo", "un melon
// bien mûr", "faire la bamboula".
func (an *analysis) ordinaryNoun(s sentence) bool {
	for i := s.a; i < s.b; i++ {
		if wlOrdinaryNounContext.Has(an.norm(i)) {
			return true
		}
	}
	return false
}

// reclaimed reports a slur the speaker claims for themselves: "pédé et
// fier de l'être", "fière d'être une gouine", "on est des pédés".
func (an *analysis) reclaimed(m mark) bool {
	if an.norm(m.last) == "et" && proud(an.norm(m.last+1)) {
		return true
	}
	for j := m.first - 1; j >= 0 && j >= m.first-4; j-- {
		w := an.norm(j)
		if proud(w) {
			return true
		}
		if isClauseBreak(an.t.Tokens[j].Next) {
			break
		}
		if (w == "est" && an.norm(j-1) == "on") || (w == "sommes" && an.norm(j-1) == "nous") {
			return true
		}
	}
	return false
}

func proud(w string) bool {
	return wlProudForms.Has(w)
}

// hostile reports a sentence that says something against someone: an
// attribute, a comparison, a feeling, a call or an insult.
func (an *analysis) hostile(s sentence) bool {
	for k := s.ma; k < s.mb; k++ {
		switch an.marks[k].e.tag {
		case tagDerog, tagDehum, tagEmo, tagExclusion, tagViolence, tagWorthless, tagInsult, tagInsultDir,
			tagConspiracy, tagThreat, tagGeneric:
			return true
		}
	}
	return false
}

// personalSlur reports a sexist or ableist word that, thrown at someone,
// insults that person rather than a group: "t'es triso ou quoi", "bande de
// gogols, vous savez pas lire", "Garnier la mal baisée". It stays hateful
// with "sale" before it ("sale mongol") or a generalisation ("une pute
// comme toi", "toutes des salopes").
func (an *analysis) personalSlur(s sentence, m mark) bool {
	if m.e.tag != tagSlur || m.e.kind != "sexe" && m.e.kind != "handicap" {
		return false
	}
	switch an.norm(m.first - 1) {
	case "sale", "sales":
		return false
	}
	if an.nothingBut(m.first) || an.bareAddress() {
		// "tu n'es rien d'autre qu'une X" reduces the person to the word;
		// a comment that is the word alone ("Espèce de X !") says
		// nothing but it.
		return false
	}
	return !an.generalises(s)
}

// nothingBut reports "rien (d'autre) que" before a word: "tu n'es rien
// d'autre qu'un X", "vous n'êtes rien que des X".
func (an *analysis) nothingBut(i int) bool {
	for j := i - 1; j >= 0 && j >= i-5; j-- {
		if an.norm(j) == "rien" {
			return true
		}
		if isClauseBreak(an.t.Tokens[j].Next) {
			return false
		}
	}
	return false
}

// bareAddress reports a comment of a few words with no one named, no
// user mentioned and nothing else said: "Espèce de gogol !".
func (an *analysis) bareAddress() bool {
	toks := an.t.Tokens
	if len(toks) > 6 {
		return false
	}
	for i := range toks {
		if toks[i].Has(FlagMention) || an.people != nil && an.people[i] || an.properName(i) ||
			an.has(i, tagPerson) && !isWeakPerson(toks[i].Norm) {
			return false
		}
	}
	return true
}
