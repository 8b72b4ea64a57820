package moderation

import (
	"fmt"
	"strings"
)

// detectPropaganda finds calls to vote for (or against) a list, a
// candidate or a party, political recruitment, and religious or sectarian
// proselytism. Civic information (opening hours of the polling station,
// proxies, registering on the electoral roll), announcements of a public
// debate and religious event notices are not propaganda.
func (fx *factIndex) detectPropaganda(sc *factScan) (Finding, bool) {
	t := sc.t
	lx := fx.lex
	f := Finding{Category: Propagande, Severity: SeverityMedium}
	var reasons []string
	electoral := false

	var buf [4]Hit
	for _, h := range lx.prVoteDirect.find(sc, buf[:0]) {
		sent := t.Tokens[h.First].Sent
		first, last := sentenceBounds(t, sent)
		if questionSentence(t, sent) || lx.prNotElection.inRange(sc, first, last) {
			continue
		}
		f.Score = 0.8
		f.Rules = appendRule(f.Rules, "propagande.vote_call")
		f.Evidence = append(f.Evidence, t.Span(h.First, h.Last))
		reasons = append(reasons, fmt.Sprintf("Appel à voter (« %s »).", originalWords(t, h.First, h.Last)))
		electoral = true
		break
	}
	for _, h := range lx.prVote.find(sc, buf[:0]) {
		if electoral {
			break
		}
		sent := t.Tokens[h.First].Sent
		first, last := sentenceBounds(t, sent)
		// "Votez pour votre photo préférée": a contest, not an election.
		if questionSentence(t, sent) || lx.prNotElection.inRange(sc, first, last) {
			continue
		}
		if tgt, ok := fx.voteTarget(sc, h, sent); ok {
			f.Score = max(f.Score, 0.8)
			f.Rules = appendRule(f.Rules, "propagande.vote_call")
			f.Evidence = append(f.Evidence, t.Span(h.First, tgt.Last))
			reasons = append(reasons, fmt.Sprintf("Appel à voter (« %s »).", originalWords(t, h.First, tgt.Last)))
			electoral = true
			break
		}
	}

	if !electoral {
		if h, tgt, ok := fx.namedVoteCall(sc); ok {
			f.Score = max(f.Score, 0.75)
			f.Rules = appendRule(f.Rules, "propagande.vote_call")
			f.Evidence = append(f.Evidence, t.Span(min(h.First, tgt.First), max(h.Last, tgt.Last)))
			reasons = append(reasons, fmt.Sprintf("Appel à voter (« %s »).", originalWords(t, min(h.First, tgt.First), max(h.Last, tgt.Last))))
			electoral = true
		}
	}

	for _, h := range lx.prRecruit.find(sc, buf[:0]) {
		sent := t.Tokens[h.First].Sent
		if questionSentence(t, sent) {
			continue
		}
		var pb [2]Hit
		ps := lx.prParties.find(sc, pb[:0])
		if len(ps) == 0 {
			ps = lx.prPolitical.find(sc, pb[:0])
		}
		if len(ps) == 0 {
			continue
		}
		p := ps[0]
		f.Score = max(f.Score, 0.75)
		f.Rules = appendRule(f.Rules, "propagande.political_recruitment")
		f.Evidence = append(f.Evidence, t.Span(h.First, h.Last), t.Span(p.First, p.Last))
		reasons = append(reasons, fmt.Sprintf("Recrutement politique (« %s », « %s »).", originalWords(t, h.First, h.Last), originalWords(t, p.First, p.Last)))
		electoral = true
		break
	}

	faith := false
	for _, h := range lx.prFaithStrong.find(sc, buf[:0]) {
		if questionSentence(t, t.Tokens[h.First].Sent) || negationBefore(t, h.First, 2) {
			continue
		}
		f.Score = max(f.Score, 0.75)
		f.Rules = appendRule(f.Rules, "propagande.proselytism")
		f.Evidence = append(f.Evidence, t.Span(h.First, h.Last))
		reasons = append(reasons, fmt.Sprintf("Prosélytisme religieux ou sectaire (« %s »).", originalWords(t, h.First, h.Last)))
		faith = true
		break
	}
	if !faith {
		for _, h := range lx.prFaithWeak.find(sc, buf[:0]) {
			if !lx.prInvite.contains(sc) {
				break
			}
			f.Score = max(f.Score, 0.6)
			f.Rules = appendRule(f.Rules, "propagande.proselytism")
			f.Evidence = append(f.Evidence, t.Span(h.First, h.Last))
			reasons = append(reasons, fmt.Sprintf("Invitation religieuse adressée à tous (« %s »).", originalWords(t, h.First, h.Last)))
			faith = true
			break
		}
	}

	if f.Score == 0 {
		return Finding{}, false
	}
	switch {
	case electoral && faith:
		f.Clause = "Propagande politique et prosélytisme religieux"
		f.Law = "code électoral, art. L. 52-1 et L. 52-8 ; principe de neutralité du service public"
	case electoral:
		f.Clause = "Propagande politique ou électorale"
		f.Law = "code électoral, art. L. 52-1 et L. 52-8 (la page de la commune ne peut servir une campagne)"
	default:
		f.Clause = "Prosélytisme religieux ou sectaire"
		f.Law = "principe de neutralité du service public (loi du 9 décembre 1905)"
	}
	f.Reason = strings.Join(reasons, " ")
	return f, true
}

// voteTarget finds what a vote call is for: a list, a party, a person of
// the commune or a capitalised name within the next six words of the same
// sentence. "Votez nombreux" or "votez par procuration" has none.
func (fx *factIndex) voteTarget(sc *factScan, h Hit, sent int) (Hit, bool) {
	t := sc.t
	lx := fx.lex
	stop := h.Last + 6
	for j := h.Last; j < len(t.Tokens) && j < stop && t.Tokens[j].Sent == sent; j++ {
		if c, ok := lx.prCivic.at(sc, j); ok && j == h.Last {
			j = c.Last - 1
			continue
		}
		if p, ok := lx.prParties.at(sc, j); ok {
			return p, true
		}
		if p, ok := lx.prTarget.at(sc, j); ok {
			return p, true
		}
		for _, r := range sc.people {
			if r.First == j {
				return Hit{First: r.First, Last: r.Last}, true
			}
		}
		tok := t.Tokens[j]
		if tok.Has(FlagCapital) && len(tok.Norm) > 2 && !isMonthOrDay(tok.Norm) {
			return Hit{First: j, Last: j + 1}, true
		}
	}
	return Hit{}, false
}

func isMonthOrDay(w string) bool {
	return wlMonthsAndDays.Has(w) || w == "le" || w == "la" || w == "les"
}

// namedVoteCall finds the calls that need a named target: "tous derrière
// Gérard Perrin", "faites le bon choix : liste Agir", and slogans made of
// a name and a title ("Perrin maire !", "Zemmour président !"). Any
// capitalised word is not enough here: "tous derrière les Bleus" is about
// football.
func (fx *factIndex) namedVoteCall(sc *factScan) (Hit, Hit, bool) {
	t := sc.t
	lx := fx.lex
	var buf [4]Hit
	for _, h := range lx.prVoteNamed.find(sc, buf[:0]) {
		sent := t.Tokens[h.First].Sent
		first, last := sentenceBounds(t, sent)
		if questionSentence(t, sent) || lx.prNotElection.inRange(sc, first, last) {
			continue
		}
		for j := h.Last; j < len(t.Tokens) && j < h.Last+4 && t.Tokens[j].Sent == sent; j++ {
			if p, ok := lx.prParties.at(sc, j); ok {
				return h, p, true
			}
			if p, ok := lx.prTarget.at(sc, j); ok && t.Is(j, "liste", "candidat", "candidate", "candidats") {
				return h, p, true
			}
			for _, r := range sc.people {
				if r.First == j && r.Kind != refTrade {
					return h, Hit{First: r.First, Last: r.Last}, true
				}
			}
		}
	}
	// Slogans: a person or a party, a title, an exclamation mark.
	for _, h := range lx.prSlogan.find(sc, buf[:0]) {
		if t.Tokens[h.Last-1].Next != '!' || h.First == 0 {
			continue
		}
		k := h.First - 1
		if p, ok := lx.prParties.at(sc, k); ok && p.Last == h.First {
			return h, p, true
		}
		// A person of the commune is cheered as mayor; "Morel président"
		// may be the football club's.
		for _, r := range sc.people {
			if r.Last == h.First && (r.Kind == refCharter || r.Kind == refNamed) && t.Is(h.First, "maire") {
				return h, Hit{First: r.First, Last: r.Last}, true
			}
		}
	}
	return Hit{}, Hit{}, false
}
