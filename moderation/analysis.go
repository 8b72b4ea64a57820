package moderation

import "github.com/vigie-fr/vigie/moderation/french"

// mark is one lexicon hit kept for the rules.
type mark struct {
	first, last int // tokens [first, last)
	e           *lexEntry
	fuzzy       bool
}

// analysis holds one comment's document and lexicon marks while the rules
// run. It lives for one ClassifyIn call. The reading of the comment
// (negation, questions, quotation, the speaker, names and places) is the
// document's, see moderation/french.
type analysis struct {
	doc     *french.Doc
	t       *Text // doc.Text
	v       *vocab
	marks   []mark
	tags    []uint32 // per token: tags of the marks starting there
	cover   []uint32 // per token: tags of the marks covering it
	allowed []bool   // doc.Allowed
	people  []bool   // doc.People
	sents   []sentence
}

// sentence is a token range and the range of its marks.
type sentence struct {
	a, b   int // tokens [a, b)
	ma, mb int // marks [ma, mb)
}

func (an *analysis) norm(i int) string {
	if i < 0 || i >= len(an.t.Tokens) {
		return ""
	}
	return an.t.Tokens[i].Norm
}

func (an *analysis) has(i int, tg tag) bool {
	return i >= 0 && i < len(an.tags) && an.tags[i]&(1<<tg) != 0
}

func (an *analysis) covered(i int, tg tag) bool {
	return i >= 0 && i < len(an.cover) && an.cover[i]&(1<<tg) != 0
}

// build runs the lexicon over t and keeps the marks the rules use.
func (an *analysis) build(hits []Hit) {
	toks := an.t.Tokens
	an.tags = make([]uint32, len(toks))
	an.cover = make([]uint32, len(toks))
	an.marks = an.marks[:0]
	bestFirst, bestLast, bestTag := -1, -1, tagNone
	for _, h := range hits {
		e := &an.v.entries[h.Phrase]
		if h.Fuzzy && !fuzzyTags[e.tag] && h.Last-h.First < 3 {
			continue // a phrase of three words or more is context enough
		}
		if an.allowed != nil && anyTrue(an.allowed[h.First:h.Last]) {
			continue
		}
		// A hit inside a longer one ("pute" in "fils de pute", "pas" in
		// "n'ont pas leur place") is not read on its own, except the
		// group and person words a "_" slot may hold.
		if bestLast >= h.Last && (bestFirst < h.First || bestLast > h.Last) && e.tag != tagGroup && e.tag != tagPerson &&
			!(e.tag == tagSlur && slotTag(bestTag)) {
			continue
		}
		if e.det && !an.determined(h.First) || (e.demo || h.Fuzzy && !an.pluralGroup(e, h.First)) && an.titled(h.First) {
			continue
		}
		if (e.tag == tagInsult || e.tag == tagSlur) && an.measure(h.Last) {
			continue // "attardé de vingt minutes": a delay, not a slur
		}
		if h.Last-h.First > 1 && h.Last > bestLast {
			bestFirst, bestLast, bestTag = h.First, h.Last, e.tag
		}
		an.marks = append(an.marks, mark{first: h.First, last: h.Last, e: e, fuzzy: h.Fuzzy})
		an.tags[h.First] |= 1 << e.tag
		for k := h.First; k < h.Last; k++ {
			an.cover[k] |= 1 << e.tag
		}
	}
	// What the document's reading of negation needs from the lexicon.
	lex := make([]french.Lex, len(toks))
	for _, m := range an.marks {
		if m.e.tag == tagNeg {
			lex[m.first] |= french.LexNeg
		} else if m.last-m.first > 1 {
			for k := m.first; k < m.last; k++ {
				lex[k] |= french.LexInPhrase
			}
		}
	}
	an.doc.Lex = lex
	// Sentences and their marks.
	an.sents = an.sents[:0]
	mi := 0
	for a := 0; a < len(toks); {
		b := a + 1
		for b < len(toks) && toks[b].Sent == toks[a].Sent {
			b++
		}
		s := sentence{a: a, b: b, ma: mi}
		for mi < len(an.marks) && an.marks[mi].first < b {
			mi++
		}
		s.mb = mi
		an.sents = append(an.sents, s)
		a = b
	}
}

// measure reports "de" and a quantity at i: "de 20 minutes", "de deux
// heures".
func (an *analysis) measure(i int) bool {
	if !french.De.Has(an.norm(i)) {
		return false
	}
	w := an.norm(i + 1)
	return w != "" && w[0] >= '0' && w[0] <= '9' || french.Quantity.Has(w)
}

// slotTag reports the tags of phrases whose words may hold a slur of its
// own ("les _ dehors" holds "romanos"); an insult phrase does not ("fils
// de pute" is one insult, not a slur about women).
func slotTag(t tag) bool {
	switch t {
	case tagExclusion, tagViolence, tagIntent, tagThreat, tagConspiracy, tagWorthless, tagGeneric, tagEmo:
		return true
	}
	return false
}

func anyTrue(bs []bool) bool {
	for _, b := range bs {
		if b {
			return true
		}
	}
	return false
}

// determined reports whether the word at i follows a determiner, as the
// colour and nationality adjectives must to name people ("les noirs").
func (an *analysis) determined(i int) bool {
	switch w := an.norm(i - 1); {
	case french.Determiner.Has(w):
		return i+1 >= len(an.t.Tokens) || !an.has(i+1, tagGroup)
	case french.PeopleNoun.Has(w):
		// "les personnes noires", "des familles blanches": a noun of
		// people before the adjective.
		return an.determined(i-1) || an.has(i-1, tagGroup)
	}
	return false
}

// negated reports whether the words [first, last) are under a negation:
// see french.Doc.Negated.
func (an *analysis) negated(first, last int) bool { return an.doc.Negated(first, last) }

func isClauseBreak(b byte) bool { return french.IsClauseBreak(b) }

// reported reports whether the words at p are framed as someone else's
// speech: a reporting verb or noun earlier in the sentence that is not the
// speaker's own ("arrêtez de dire que…", "traiter les femmes de…", "des
// messages du type…"), or quotation marks around both p and the target
// while the comment has words outside them.
func (an *analysis) reported(s sentence, p, target int) bool {
	frame := false
	for k := s.ma; k < s.mb; k++ {
		m := an.marks[k]
		if m.e.tag == tagEndorse {
			return false // "c'est quoi le problème de dire que…"
		}
		if m.first < p && m.e.tag == tagReport && !an.doc.SpeakerReports(m.first) && !an.doc.AskedAgreement(m.first) && !an.doc.Meaning(m.first) {
			frame = true
		}
	}
	return frame || an.doc.Quoted(p, target)
}

// victim reports "se faire tuer", "se font agresser": the group suffers
// the violence, the comment does not call for it.
func (an *analysis) victim(v int) bool {
	toks := an.t.Tokens
	for j := v - 1; j >= 0 && j >= v-3; j-- {
		if isClauseBreak(toks[j].Next) {
			break // "ils me font chier, qu'ils crèvent": another clause
		}
		switch w := an.norm(j); {
		case french.Faire.Has(w):
			if french.SelfClitic.Has(an.norm(j - 1)) {
				return true
			}
			if french.YouClitic.Has(an.norm(j-1)) && accident(an.norm(v)) {
				return true // "tu vas te faire écraser à traverser là"
			}
		case french.VictimWord.Has(w):
			return true
		}
	}
	return false
}

// firstPersonClause reports a clause about the speaker: "je suis", "j'ai
// été", "m'être comporté comme": an insult there is self-deprecation.
//
// The speaker must be what the insult is said of: a copula or a
// comparison stands between them ("je vais quitter ce réseau d'attardés"
// is about others).
func (an *analysis) firstPersonClause(i int) bool {
	toks := an.t.Tokens
	cl := toks[i].Clause
	linked := false
	for j := i - 1; j >= 0 && toks[j].Clause == cl && j >= i-8; j-- {
		switch w := toks[j].Norm; {
		case french.SpeakerCopula.Has(w):
			return true
		case french.Speaker.Has(w):
			if linked {
				return true
			}
		case french.NotSpeaker.Has(w):
			return false // "je pense que le maire est un sale con" is about the maire
		default:
			if an.has(j, tagPerson) && !isWeakPerson(w) || an.properName(j) {
				return false
			}
			if copula(w) || french.SelfLink.Has(w) {
				linked = true
			}
		}
	}
	return false
}

// secondPerson reports a word addressing the reader.
func secondPerson(w string) bool { return french.SecondPerson.Has(w) }

// objectClitic reports pronouns that stand for a person before a verb.
func objectClitic(w string) bool { return french.ObjectClitic.Has(w) }

// subjectPronoun reports pronouns that can be the subject of a copula.
func subjectPronoun(w string) bool { return french.SubjectPronoun.Has(w) }

// copula reports forms of "être" and "devenir".
func copula(w string) bool { return french.Copula.Has(w) }

// properName reports a capitalised word in the middle of a sentence, or a
// word of a charter person's name.
func (an *analysis) properName(i int) bool { return an.doc.ProperName(i) }

// reflexivePast reports a participle after a reflexive verb's auxiliary:
// "tu t'es (plutôt) attardé".
func (an *analysis) reflexivePast(i int) bool { return an.doc.ReflexivePast(i) }

// verbal reports a word used as a verb after a reflexive pronoun: "il
// s'attarde".
func (an *analysis) verbal(i int) bool { return an.doc.Verbal(i) }

// pluralGroup reports a group word after a plural article: "les Nioirs"
// is a misspelt group, capital or not; a capital alone would make it a
// name ("Mongolie").
func (an *analysis) pluralGroup(e *lexEntry, i int) bool {
	return e.tag == tagGroup && french.PluralArticle.Has(an.norm(i-1))
}

// accident reports violence verbs that traffic does: "se faire écraser",
// "renverser", "faucher".
func accident(w string) bool { return french.HasPrefixIn(french.AccidentStem, w) }
