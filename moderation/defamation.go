package moderation

import (
	"fmt"
	"strings"
)

// maxDefamationGap is how many words may separate the person from the
// dishonouring fact imputed to them.
const maxDefamationGap = 16

// factKind says how a dishonouring fact was found, which changes who it
// may be imputed to.
type factKind uint8

const (
	// factPlain: a phrase of [faits]; the person is its subject.
	factPlain factKind = iota
	// factFavour: a favour ([faveur]); the one who received it, named
	// after "à", is a target too.
	factFavour
	// factNepotism: hiring one's relatives; only an élu or an agent.
	factNepotism
	// factInsinuation: an acquisition beyond modest means; asked as a
	// question, it still imputes.
	factInsinuation
	// factNoun: a misdeed named as a noun ("les magouilles"); its author
	// is named after "de" ("les magouilles de Garnier").
	factNoun
)

// defFact is one dishonouring fact found in a comment.
type defFact struct {
	h    Hit
	kind factKind
}

// composite is a fact made of two parts in one sentence: a public
// resource and a private purpose, a gift and a company that pays it, a
// contract and a relative. Either part alone says nothing dishonouring.
type composite struct {
	a, b *factLexicon
	// gap is the most words between the end of a and the start of b.
	gap int
	// insinuation marks the facts asked as a question ("Comment s'est-il
	// payé… avec son indemnité ?").
	insinuation bool
}

// maxDefFacts bounds the facts one comment is checked for.
const maxDefFacts = 16

// defamationFacts lists the dishonouring facts of a comment, in no
// particular order.
func (fx *factIndex) defamationFacts(sc *factScan) []defFact {
	t := sc.t
	lx := fx.lex
	var out []defFact
	var buf [8]Hit
	for _, s := range [...]struct {
		l    *factLexicon
		kind factKind
	}{{lx.defFacts, factPlain}, {lx.defFavour, factFavour}, {lx.defNepotism, factNepotism}, {lx.defNouns, factNoun}} {
		for _, h := range s.l.find(sc, buf[:0]) {
			out = append(out, defFact{h, s.kind})
		}
	}
	for _, c := range lx.defComposites {
		var bb [8]Hit
		bs := c.b.find(sc, bb[:0])
		if len(bs) == 0 {
			continue
		}
		for _, a := range c.a.find(sc, buf[:0]) {
			for _, b := range bs {
				if b.First < a.Last || b.First-a.Last > c.gap || t.Tokens[b.First].Sent != t.Tokens[a.First].Sent {
					continue
				}
				kind := factPlain
				if c.insinuation {
					kind = factInsinuation
					// "avec son salaire" insinuates only in a question or
					// with a knowing remark; "avec quel argent" always.
					if b.Phrase == 0 && !fx.insinuating(sc, a.First) {
						continue
					}
				}
				out = append(out, defFact{Hit{Phrase: -1, First: a.First, Last: b.Last}, kind})
				break
			}
		}
	}
	// An advantage obtained, with a knowing remark: "Pourquoi le fils de
	// X a eu un logement social ? On connaît la réponse."
	for _, a := range lx.defAdvantage.find(sc, buf[:0]) {
		if fx.knowing(sc, a.First) {
			out = append(out, defFact{Hit{Phrase: -1, First: a.First, Last: a.Last}, factInsinuation})
		}
	}
	if len(out) > maxDefFacts {
		out = out[:maxDefFacts]
	}
	return out
}

// knowing reports a knowing remark ("on connaît la réponse", "comme par
// hasard", "suivez mon regard") in the sentence of token i or the next.
func (fx *factIndex) knowing(sc *factScan, i int) bool {
	t := sc.t
	sent := t.Tokens[i].Sent
	first, last := sentenceBounds(t, sent)
	if fx.lex.defInsinuation.inRange(sc, first, last) {
		return true
	}
	n0, n1 := sentenceBounds(t, sent+1)
	return n1 > n0 && fx.lex.defInsinuation.inRange(sc, n0, n1)
}

// insinuating reports a question or a knowing remark ("cherchez
// l'erreur", "comme par hasard", 🤔) in the sentence of token i or the
// next one.
func (fx *factIndex) insinuating(sc *factScan, i int) bool {
	t := sc.t
	sent := t.Tokens[i].Sent
	first, last := sentenceBounds(t, sent)
	if questionSentence(t, sent) || fx.lex.defInsinuation.inRange(sc, first, last) {
		return true
	}
	if n0, n1 := sentenceBounds(t, sent+1); n1 > n0 && fx.lex.defInsinuation.inRange(sc, n0, n1) {
		return true
	}
	end := len(t.Original)
	if last < len(t.Tokens) {
		end = t.Tokens[last].Start
	}
	return strings.Contains(t.Original[t.Tokens[first].Start:end], "🤔")
}

// detectDefamation finds the imputation of a precise, dishonouring fact
// (an offence, abuse, corruption) to an identifiable person: someone of
// charter.people, a role that designates one person ("le DGS"), a named
// person. It stays silent on questions, denials, conditionals, reported
// accusations and on facts with no person as their subject: criticism of
// a policy, demands for transparency and rumours asked about are not
// defamation. Insinuations are the exception: "Comment s'est-il payé sa
// piscine avec son indemnité ?" asks nothing.
func (fx *factIndex) detectDefamation(sc *factScan) (Finding, bool) {
	t := sc.t
	if len(sc.people) == 0 {
		return Finding{}, false
	}
	lx := fx.lex
	facts := fx.defamationFacts(sc)
	if len(facts) == 0 {
		return Finding{}, false
	}
	best := -1.0
	var who personRef
	var what Hit
	for _, f := range facts {
		h := f.h
		sent := t.Tokens[h.First].Sent
		if f.kind != factInsinuation && questionAt(t, h.First) {
			continue
		}
		if negationBefore(t, h.First, 3) || foughtAgainst(t, h.First) || hypothesisBefore(t, h.First) || speakerWill(t, h.First) {
			continue
		}
		// "harcèle la préfecture", "frappe les trois coups": figurative.
		if lx.defInstitutions.inRange(sc, h.Last, min(h.Last+4, len(t.Tokens))) {
			continue
		}
		victim := victimPassive(t, h)
		first, last := sentenceBounds(t, sent)
		if lx.defReserves.inRange(sc, first, last) {
			continue
		}
		// The person comes first, as the subject of the fact, or after
		// "par" ("détourné par le maire"), or is singled out after it
		// ("…, c'est le beau-frère de Lebrun qui l'a eu"), or received
		// the favour ("attribué sans appel d'offres à la société de X"),
		// or was named in the sentence before and is now "il" or "elle".
		for _, r := range sc.people {
			if f.kind == factNepotism && !fx.isOfficial(t, r) {
				continue
			}
			if f.kind == factNoun {
				// Only the author after "de": "les magouilles de Garnier";
				// "Garnier dénonce les magouilles" names a critic.
				if r.First == h.Last+1 && t.Is(h.Last, "de", "du", "d") && !victim {
					s := defamationScore(r)
					if s > best && !conditionalMood(t, h.First, r.Last) {
						best, who, what = s, r, h
					}
				}
				continue
			}
			// "M. Blanc" ends a sentence after "M." for the tokenizer: the
			// person is in the fact's sentence if either end is.
			rs := t.Tokens[r.Last-1].Sent
			inSent := rs == sent || t.Tokens[r.First].Sent == sent
			lo, hi := r.First, h.Last
			switch {
			case rs == sent-1 && !victim && fx.anaphora(sc, h, r):
				lo = first
			case !inSent:
				continue
			case r.Last <= h.First && h.First-r.Last <= maxDefamationGap && !victim:
			case r.First >= h.Last && r.First-h.Last <= 3 && agentBetween(t, h.Last, r.First):
				lo, hi = h.First, r.Last
			case r.First >= h.Last && r.First-h.Last <= 10 && !victim && fx.singledOut(sc, h, r):
				lo, hi = h.First, r.Last
			case f.kind == factFavour && r.First >= h.Last && r.First-h.Last <= 6 && beneficiaryBetween(t, h.Last, r.First):
				lo, hi = h.First, r.Last
			case h.Phrase < 0 && r.First > h.First && r.Last <= h.Last:
				// Named inside a fact of two parts: "couche avec le DGS
				// pour garder son poste".
				lo, hi = h.First, h.Last
			default:
				continue
			}
			if conditionalMood(t, lo, hi) {
				continue
			}
			s := defamationScore(r)
			if s > best {
				best, who, what = s, r, h
			}
		}
	}
	if best < 0 {
		return Finding{}, false
	}
	law := "loi du 29 juillet 1881, art. 29 et 32 (diffamation envers un particulier)"
	if fx.isOfficial(t, who) {
		law = "loi du 29 juillet 1881, art. 29 et 31 (diffamation envers un élu ou un agent public)"
	}
	return Finding{
		Category: Diffamatoire,
		Score:    best,
		Severity: SeverityHigh,
		Rules:    []string{"diffamatoire.person_fact"},
		Evidence: []Span{t.Span(who.First, who.Last), t.Span(what.First, what.Last)},
		Reason: fmt.Sprintf("Impute un fait précis et déshonorant à une personne identifiable (%s) : « %s ». Le propos est affirmatif ou insinuant, sans réserve : à vérifier par le référent avant toute décision.",
			fx.describe(t, who), excerpt(t, min(who.First, what.First), clauseEnd(t, max(who.Last, what.Last), 6))),
		Clause: "Propos diffamatoires envers une personne",
		Law:    law,
	}, true
}

// anaphora reports a fact whose subject is "il" or "elle" opening its
// sentence, with person r as the last one named in the sentence before:
// "… au nom de PERRIN Gérard. Il encaisse les cotisations sur son compte."
func (fx *factIndex) anaphora(sc *factScan, h Hit, r personRef) bool {
	t := sc.t
	first, _ := sentenceBounds(t, t.Tokens[h.First].Sent)
	k := first
	if isIn(t, k, wlSentenceConnectors) {
		k++
		if t.Is(k, "plus") {
			k++
		}
	}
	if !t.Is(k, "il", "elle") || h.First-k > 8 || h.First <= k {
		return false
	}
	for _, o := range sc.people {
		// Another person named between them, or in the fact's sentence
		// before it, would be the antecedent; a word right after the name
		// is part of it ("PERRIN Gérard").
		if o.First > r.First && o.First < h.First && o.First != r.Last {
			return false
		}
	}
	return true
}

// singledOut reports person r named after fact h as its author:
// "…, c'est le beau-frère de Lebrun qui l'a eu", "le gars qui a rayé ma
// voiture, c'est Kevin Marchal". "c'est M. X qui l'a vu" names a witness.
func (fx *factIndex) singledOut(sc *factScan, h Hit, r personRef) bool {
	t := sc.t
	k := r.First - 1
	if isIn(t, k, wlDeterminersBeforeName) {
		k--
	}
	if t.Is(k, "bien", "encore", "toujours") {
		k--
	}
	if !t.Is(k, "est", "etait") || !t.Is(k-1, "c") {
		return false
	}
	relative := false
	for j := h.First - 1; j >= 0 && j >= h.First-3; j-- {
		if t.Is(j, "qui") {
			relative = true
			break
		}
	}
	if t.Is(r.Last, "qui") {
		j := r.Last + 1
		for isIn(t, j, wlRelativeObjectPronouns) {
			j++
		}
		if _, ok := fx.lex.defWitness.at(sc, j); ok {
			return false
		}
		return true
	}
	return relative
}

// speakerWill reports the speaker's own intention just before token i:
// "je vais te crever les pneus" is a threat, not an imputation.
func speakerWill(t *Text, i int) bool {
	k := i - 1
	if isIn(t, k, wlWillObjectClitics) {
		k--
	}
	return t.Is(k, "vais", "veux") && t.Is(k-1, "je", "j") || t.Is(k, "va") && t.Is(k-1, "on")
}

// beneficiaryBetween reports "à", "au" or "aux" between tokens [first,
// last): "attribué sans appel d'offres à la société de X".
func beneficiaryBetween(t *Text, first, last int) bool {
	for k := first; k < last; k++ {
		if t.Is(k, "a", "au", "aux") {
			return true
		}
	}
	return false
}

// defamationScore grades how surely the person is identifiable.
func defamationScore(r personRef) float64 {
	switch r.Kind {
	case refCharter:
		return 0.8
	case refRole, refNamed, refRelative, refTrade:
		return 0.7
	case refCharterFirst:
		return 0.6
	}
	return 0.45 // a first name alone
}

// foughtAgainst reports a fact named as something fought or prevented
// ("la lutte contre la fraude", "prévenir le harcèlement", "dénonce le
// racket").
func foughtAgainst(t *Text, i int) bool {
	for k := i - 1; k >= 0 && k >= i-3; k-- {
		w := t.Tokens[k].Norm
		if w == "contre" || w == "prevenir" || w == "depistage" {
			return true
		}
		// Fought, prevented, or only talked about: "lutter contre la
		// fraude", "a parlé du harcèlement", "plan contre…".
		if hasPrefixIn(wlFoughtAgainstStems, w) {
			return true
		}
	}
	return false
}

// victimPassive reports a victim verb in the passive ("a été harcelé",
// "s'est fait voler").
func victimPassive(t *Text, h Hit) bool {
	w := t.Tokens[h.First].Norm
	if !hasPrefixIn(wlVictimVerbStems, w) {
		return false
	}
	for k := h.First - 1; k >= 0 && k >= h.First-2; k-- {
		if wlPassiveAuxiliaries.Has(t.Tokens[k].Norm) {
			return true
		}
	}
	return false
}

// agentBetween reports a "par" introducing the agent of a passive verb
// between tokens [first, last): "falsifiés par le premier adjoint".
func agentBetween(t *Text, first, last int) bool {
	for k := first; k < last; k++ {
		if t.Tokens[k].Norm == "par" {
			return true
		}
	}
	return false
}
