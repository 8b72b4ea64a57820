package moderation

// Insults (injurieux): an insult or an obscenity aimed at a person: "t'es
// un connard", "le maire est un abruti", "espèce de X", "bande de X",
// "ta gueule". Not insults: profanity about things or joy ("putain, enfin
// la fibre !"), self-deprecation ("j'ai été un vrai con"), adjectives about
// things ("ce projet est débile" is criticism), reported insults ("il m'a
// traité de…").

func (an *analysis) detectInsults(f *findings) {
	for _, s := range an.sents {
		for k := s.ma; k < s.mb; k++ {
			m := an.marks[k]
			if m.e.tag != tagInsult && m.e.tag != tagInsultDir {
				continue
			}
			if an.negated(m.first, m.last) || an.reported(s, m.first, -1) {
				continue
			}
			var how string
			if m.e.tag == tagInsultDir {
				how = "apostrophe injurieuse"
			} else if how = an.insultTarget(s, m); how == "" {
				continue
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
	if an.epithet(k) || an.demonstrative(k) {
		return "insulte en apostrophe (« espèce de… », « sale… », « ce… »)"
	}
	if m.e.adj {
		// An adjective insults only a person it is said of: "t'es con",
		// "le maire est débile"; "cette idée est débile" is criticism.
		if how := an.adjectiveSubject(s, k); how != "" {
			return how
		}
	}
	cl := toks[k].Clause
	// Who is the insult said of, in its clause?
	for j := k - 1; j >= s.a && toks[j].Clause == cl && j >= k-8 && !m.e.adj; j-- {
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
	// "ce connard de maire", "cette conne de Garnier".
	if w := an.norm(m.last); (w == "de" || w == "d") && (an.has(m.last+1, tagPerson) || an.properName(m.last+1)) {
		return "insulte visant une personne désignée"
	}
	if an.firstPersonClause(k) {
		return ""
	}
	// "c'est un connard", "ce sont des ordures": an article right before.
	if w := an.norm(k - 1); w == "un" || w == "une" || w == "des" || w == "qu" {
		for j := k - 2; j >= s.a && j >= k-5; j-- {
			if x := an.norm(j); (x == "c" || x == "ce") && copula(an.norm(j+1)) {
				return "insulte visant une personne (« c'est un… »)"
			}
		}
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
