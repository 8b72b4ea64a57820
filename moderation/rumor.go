package moderation

import (
	"fmt"
	"strings"
)

// rumorSet is the commune's denied rumours compiled for matching: one
// matcher for all of them, run once per comment.
type rumorSet struct {
	list []rumorIndex
	m    *Matcher
	// pat gives, for each pattern of m, its rumour and keyword group.
	pat []rumorPat
}

type rumorPat struct{ rumor, group int }

// rumorIndex is one denied rumour: a group of phrases per keyword (the
// keyword, its stem and its synonyms).
type rumorIndex struct {
	r       Rumor
	ngroups int
	// need is how many groups must match: all of the commune's keywords,
	// or all but one of the words taken from the claim.
	need int
	// claimWords are the folded words of the claim: a date the claim
	// itself holds ("le marché du samedi") is not an announcement.
	claimWords map[string]bool
	// units gives, for a numeric keyword group, the unit the claim uses
	// ("30 %"): "30 euros" is another figure.
	units map[int]numUnit
	// verbs marks the keyword groups that are verbs ("fermer"): only a
	// verb has an object of its own ("fermer une classe"); "la caserne
	// des gendarmes" is one noun phrase.
	verbs map[int]bool
}

// numUnit is what a figure counts.
type numUnit uint8

const (
	unitNone numUnit = iota
	unitPercent
	unitMoney
	unitOther // years, kilometres, people…
)

// unitAfter reads the unit written after token i.
func unitAfter(t *Text, i int) numUnit {
	rest := strings.TrimLeft(t.Original[t.Tokens[i].End:], " \u00a0\u202f")
	switch {
	case strings.HasPrefix(rest, "%"):
		return unitPercent
	case strings.HasPrefix(rest, "€"):
		return unitMoney
	}
	if i+1 >= len(t.Tokens) || t.Tokens[i].Next != ' ' {
		return unitNone
	}
	switch w := t.Tokens[i+1].Norm; {
	case w == "pourcent" || w == "pourcents":
		return unitPercent
	case w == "pour":
		if t.Is(i+2, "cent", "cents") {
			return unitPercent
		}
	case wlCurrencyUnits.Has(w):
		return unitMoney
	case wlCountUnits.Has(w):
		return unitOther
	}
	return unitNone
}

// compileRumors checks every rumour and builds its keyword lexicons.
func compileRumors(rs []Rumor, lex *factLexicons) (*rumorSet, error) {
	set := &rumorSet{}
	var expanded []string
	for i, r := range rs {
		name := r.ID
		if name == "" {
			name = fmt.Sprintf("n° %d", i+1)
		}
		if strings.TrimSpace(r.Claim) == "" {
			return nil, fmt.Errorf("moderation: rumour %s has no claim", name)
		}
		if strings.TrimSpace(r.Correction) == "" {
			return nil, fmt.Errorf("moderation: rumour %s has no correction to post", name)
		}
		ri := rumorIndex{r: r, claimWords: map[string]bool{}, units: map[int]numUnit{}, verbs: map[int]bool{}}
		claim := Normalize(r.Claim)
		for _, tok := range claim.Tokens {
			ri.claimWords[tok.Norm] = true
		}
		kws := r.Keywords
		ri.need = len(kws)
		if len(kws) == 0 {
			// No keywords: the claim's content words, all but one of
			// which must occur. Giving keywords is more precise.
			for _, w := range foldWords(r.Claim) {
				if len(w) >= 4 && !wlClaimStopwords.Has(w) && !containsRule(kws, w) {
					kws = append(kws, w)
				}
			}
			ri.need = len(kws)
			if ri.need >= 3 {
				ri.need--
			}
		}
		if len(kws) == 0 {
			return nil, fmt.Errorf("moderation: rumour %s has no keyword", name)
		}
		for _, kw := range kws {
			ws := foldWords(kw)
			if len(ws) == 0 {
				return nil, fmt.Errorf("moderation: rumour %s: keyword %q has no letters", name, kw)
			}
			folded := strings.Join(ws, " ")
			if allDigits(folded) {
				for i, tok := range claim.Tokens {
					if tok.Norm == folded {
						ri.units[ri.ngroups] = unitAfter(claim, i)
					}
				}
			}
			if len(ws) == 1 && isVerbKeyword(kw) {
				ri.verbs[ri.ngroups] = true
			}
			phrases := []string{folded}
			if n, ok := figureOf(folded); ok {
				phrases = append(phrases, figureWords(n)...)
			}
			if len(ws) == 1 {
				if st := frenchStem(folded); st != folded {
					phrases = append(phrases, st+"*")
				}
			}
			for key, syns := range lex.fnSynonyms {
				if strings.HasPrefix(folded, key) {
					phrases = append(phrases, syns...)
				}
			}
			for _, ph := range phrases {
				vs, err := expandWordGroups(ph)
				if err != nil {
					return nil, fmt.Errorf("moderation: rumour %s: phrase %q: %w", name, ph, err)
				}
				for _, v := range vs {
					expanded = append(expanded, v)
					set.pat = append(set.pat, rumorPat{len(set.list), ri.ngroups})
				}
			}
			ri.ngroups++
		}
		ri.need = min(ri.need, ri.ngroups)
		set.list = append(set.list, ri)
	}
	if len(expanded) > 0 {
		m, err := CompileMatcher(expanded, MatchOptions{})
		if err != nil {
			return nil, fmt.Errorf("moderation: rumours: %w", err)
		}
		set.m = m
	}
	return set, nil
}

// frenchStem cuts a French inflection from a folded word so that "contaminee"
// also matches "contamination" and "fermer" matches "fermeture". Words
// under five letters are kept whole.
func frenchStem(w string) string {
	if len(w) < 5 {
		return w
	}
	for _, suf := range [...]string{"ements", "ement", "ation", "ees", "ee", "es", "er", "ez", "e", "s"} {
		if strings.HasSuffix(w, suf) && len(w)-len(suf) >= 4 {
			return w[:len(w)-len(suf)]
		}
	}
	return w
}

// detectFakeNews finds a restated rumour the commune has denied, a link to
// an unreliable source, or a viral-panic post with an alarming claim. It
// stays silent when the comment asks about the rumour, denies it or is a
// dated announcement (a school closed on a bank holiday).
func (fx *factIndex) detectFakeNews(sc *factScan) (Finding, bool) {
	t := sc.t
	lx := fx.lex
	denied := fx.deniedByAuthor(sc)
	var vbuf [4]Hit
	viral := lx.fnViral.find(sc, vbuf[:0])
	// A shouted "PARTAGEZ" marks an alarm as viral, but does not make a
	// dated announcement ("URGENT : école fermée demain") a rumour.
	alarmCalls := viral
	if len(viral) == 0 {
		if h, ok := shoutedCall(t); ok {
			alarmCalls = []Hit{h}
		}
	}
	f := Finding{Category: FakeNews, Severity: SeverityMedium, Clause: "Fausses informations", Law: "loi du 29 juillet 1881, art. 27 (fausses nouvelles)"}
	var reasons []string

	if !denied && fx.rumors.m != nil {
		var rbuf [16]Hit
		rhits := fx.rumors.m.Find(t, rbuf[:0])
		for k, ri := range fx.rumors.list {
			ev, ok := fx.rumors.match(sc, k, rhits, lx, len(viral) > 0)
			if !ok {
				continue
			}
			score := 0.8
			if len(viral) > 0 {
				score = 0.9
			}
			f.Score = max(f.Score, score)
			f.Rules = appendRule(f.Rules, "fake_news.rumor")
			f.Evidence = append(f.Evidence, ev...)
			if f.Correction == "" {
				f.Correction = ri.r.Correction
				reasons = append(reasons, fmt.Sprintf("Reprend une rumeur démentie par la commune (« %s »). La réponse officielle est prête à publier.", ri.r.Claim))
			}
		}
	}

	if !denied {
		for _, l := range sc.links {
			for _, d := range fx.domains {
				if hostIs(l.Host, d) {
					f.Score = max(f.Score, 0.8)
					f.Evidence = append(f.Evidence, l.Span)
					if !containsRule(f.Rules, "fake_news.unreliable_source") {
						f.Rules = appendRule(f.Rules, "fake_news.unreliable_source")
						reasons = append(reasons, fmt.Sprintf("Renvoie vers « %s », une source que la commune signale comme peu fiable.", d))
					}
				}
			}
		}
	}

	if !denied && len(alarmCalls) > 0 {
		var abuf [4]Hit
		for _, a := range lx.fnAlarm.find(sc, abuf[:0]) {
			if questionAt(t, a.First) || negationBefore(t, a.First, 3) || hypothesisBefore(t, a.First) {
				continue
			}
			v := alarmCalls[0]
			f.Score = max(f.Score, 0.7)
			if f.Rules == nil || !containsRule(f.Rules, "fake_news.viral_panic") {
				f.Rules = appendRule(f.Rules, "fake_news.viral_panic")
				f.Evidence = append(f.Evidence, t.Span(v.First, v.Last), t.Span(a.First, a.Last))
				reasons = append(reasons, fmt.Sprintf("Message alarmiste au ton viral (« %s ») : « %s ».", originalWords(t, v.First, v.Last), originalWords(t, a.First, a.Last)))
			}
			break
		}
	}

	if f.Score == 0 {
		return Finding{}, false
	}
	if len(alarmCalls) > 0 {
		f.Severity = SeverityHigh
	}
	f.Reason = strings.Join(reasons, " ")
	return f, true
}

func containsRule(rules []string, id string) bool {
	for _, r := range rules {
		if r == id {
			return true
		}
	}
	return false
}

// match reports whether the keyword groups of rumour k occur in the
// comment (all of them, or all but one for keywords taken from the claim),
// asserted: not in a question, not negated, not in a conditional and,
// unless the post is viral, not in a dated announcement.
func (rs *rumorSet) match(sc *factScan, k int, hits []Hit, lx *factLexicons, viral bool) ([]Span, bool) {
	t := sc.t
	ri := rs.list[k]
	var ev []Span
	matched := 0
	lo, hi := len(t.Tokens), -1 // tokens spanned by the first hit of each group
	for g := 0; g < ri.ngroups; g++ {
		found := false
		seen := 0
		for _, h := range hits {
			if rs.pat[h.Phrase] != (rumorPat{k, g}) {
				continue
			}
			if seen++; seen > maxLexiconHits {
				break
			}
			sent := t.Tokens[h.First].Sent
			// "pas de hausse de 30 %": the negation reaches a few words.
			if questionSentence(t, sent) || rumorNegated(t, h.First) || hypothesisBefore(t, h.First) {
				return nil, false
			}
			// "30 euros" is not the claim's "30 %".
			if u := ri.units[g]; u != unitNone {
				if got := unitAfter(t, h.Last-1); got != unitNone && got != u {
					continue
				}
			}
			// "fermer une classe": the verb has an object of its own.
			if ri.verbs[g] && rs.otherObject(t, k, g, h, hits) {
				continue
			}
			first, last := sentenceBounds(t, sent)
			if conditionalMood(t, first, last) {
				return nil, false
			}
			if !viral && (announced(sc, lx, first, last, ri.claimWords) || datedIn(t, first, last)) {
				return nil, false
			}
			if !found {
				ev = append(ev, t.Span(h.First, h.Last))
				lo, hi = min(lo, h.First), max(hi, h.Last)
				found = true
			}
		}
		if found {
			matched++
		}
	}
	// The keywords of one claim stand close together; far apart, they
	// belong to different remarks ("l'école… — on va fermer la rue").
	if hi-lo > maxRumorSpan {
		return nil, false
	}
	return ev, matched >= ri.need
}

// otherObject reports a keyword followed by its own object, which is not
// another keyword of the claim: "l'école va fermer une classe", "les
// travaux de l'école vont fermer la rue". Time words are not objects ("va
// fermer la semaine prochaine").
func (rs *rumorSet) otherObject(t *Text, k, g int, h Hit, hits []Hit) bool {
	det, noun := h.Last, h.Last+1
	if noun >= len(t.Tokens) || t.Tokens[h.Last-1].Next != ' ' && t.Tokens[h.Last-1].Next != '\'' {
		return false
	}
	if !wlObjectDeterminers.Has(t.Tokens[det].Norm) {
		return false
	}
	if t.Tokens[det].Next != ' ' && t.Tokens[det].Next != '\'' {
		return false
	}
	if wlTimeNouns.Has(t.Tokens[noun].Norm) {
		return false
	}
	for _, o := range hits {
		if p := rs.pat[o.Phrase]; p.rumor == k && p.group != g && o.First == noun {
			return false
		}
	}
	return true
}

// maxRumorSpan is the most words the keywords of a claim may spread over.
const maxRumorSpan = 14

// announced reports an announcement word ("demain", "grève", "férié") in
// tokens [first, last) that the claim itself does not hold.
func announced(sc *factScan, lx *factLexicons, first, last int, claim map[string]bool) bool {
	t := sc.t
	for i := first; i < last; i++ {
		if h, ok := lx.fnAnnounce.at(sc, i); ok && h.Last <= last && !claim[t.Tokens[i].Norm] {
			return true
		}
	}
	return false
}

// datedIn reports a date in tokens [first, last): a day or a month next to
// a day number ("vendredi 9", "le 9 mai", "samedi 14").
func datedIn(t *Text, first, last int) bool {
	for i := first; i < last; i++ {
		// "le 12", "du 3 au 5": a day number with no unit.
		if t.Is(i, "le", "du", "au") && i+1 < last && isDayNumber(t.Tokens[i+1].Norm) && unitAfter(t, i+1) == unitNone {
			return true
		}
		if !isDayOrMonth(t.Tokens[i].Norm) {
			continue
		}
		if i+1 < last && isDayNumber(t.Tokens[i+1].Norm) || i > first && isDayNumber(t.Tokens[i-1].Norm) {
			return true
		}
	}
	return false
}

func isDayOrMonth(w string) bool { return wlMonthsAndDays.Has(w) }

func isDayNumber(w string) bool {
	if w == "1er" {
		return true
	}
	if !allDigits(w) || len(w) > 2 {
		return false
	}
	n := int(w[0] - '0')
	if len(w) == 2 {
		n = n*10 + int(w[1]-'0')
	}
	return n >= 1 && n <= 31
}
