package moderation

import (
	"fmt"
	"strings"
)

// maxDefamationGap is how many words may separate the person from the
// dishonouring fact imputed to them.
const maxDefamationGap = 16

// detectDefamation finds the imputation of a precise, dishonouring fact
// (an offence, abuse, corruption) to an identifiable person: someone of
// charter.people, a role that designates one person ("le DGS"), a named
// person. It stays silent on questions, denials, conditionals, reported
// accusations and on facts with no person as their subject: criticism of
// a policy, demands for transparency and rumours asked about are not
// defamation.
func (fx *factIndex) detectDefamation(sc *factScan) (Finding, bool) {
	t := sc.t
	if len(sc.people) == 0 {
		return Finding{}, false
	}
	lx := fx.lex
	var buf [8]Hit
	facts := lx.defFacts.find(sc, buf[:0])
	if len(facts) == 0 {
		return Finding{}, false
	}
	best := -1.0
	var who personRef
	var what Hit
	for _, h := range facts {
		sent := t.Tokens[h.First].Sent
		if questionAt(t, h.First) || negationBefore(t, h.First, 3) || foughtAgainst(t, h.First) || hypothesisBefore(t, h.First) {
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
		// "par" ("détourné par le maire").
		for _, r := range sc.people {
			if t.Tokens[r.Last-1].Sent != sent {
				continue
			}
			before := r.Last <= h.First && h.First-r.Last <= maxDefamationGap
			by := r.First >= h.Last && r.First-h.Last <= 3 && agentBetween(t, h.Last, r.First)
			if !before && !by || victim && !by {
				continue
			}
			lo, hi := r.First, h.Last
			if by {
				lo, hi = h.First, r.Last
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
		Reason: fmt.Sprintf("Impute un fait précis et déshonorant à une personne identifiable (%s) : « %s ». Le propos est affirmatif, sans question ni réserve : à vérifier par le référent avant toute décision.",
			fx.describe(t, who), excerpt(t, min(who.First, what.First), clauseEnd(t, max(who.Last, what.Last), 6))),
		Clause: "Propos diffamatoires envers une personne",
		Law:    law,
	}, true
}

// defamationScore grades how surely the person is identifiable.
func defamationScore(r personRef) float64 {
	switch r.Kind {
	case refCharter:
		return 0.8
	case refRole, refNamed, refRelative:
		return 0.7
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
		for _, p := range [...]string{"lutt", "combat", "prevention", "sensibilis", "signal", "denonc",
			"parl", "evoq", "sujet", "theme", "rappel", "campagne", "plan", "conferenc", "reunion", "debat", "inform", "risque"} {
			if strings.HasPrefix(w, p) {
				return true
			}
		}
	}
	return false
}

// victimVerbs are the facts whose passive makes the subject a victim: "le
// maire a été harcelé" imputes nothing to the maire.
var victimVerbs = [...]string{"harcel", "frapp", "gifl", "maltrait", "vol", "escroqu", "racket", "arnaqu", "detourn", "agress", "viol"}

// victimPassive reports a victim verb in the passive ("a été harcelé",
// "s'est fait voler").
func victimPassive(t *Text, h Hit) bool {
	w := t.Tokens[h.First].Norm
	isVictimVerb := false
	for _, v := range victimVerbs {
		if strings.HasPrefix(w, v) {
			isVictimVerb = true
			break
		}
	}
	if !isVictimVerb {
		return false
	}
	for k := h.First - 1; k >= 0 && k >= h.First-2; k-- {
		switch t.Tokens[k].Norm {
		case "ete", "est", "sont", "etait", "etaient", "fait", "faite", "faits", "soit":
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
