package moderation

import (
	"strings"
)

// Charter clauses and legal references of the categories this file's
// rules produce. The référent reads them; they are in French.
const (
	clauseHate        = "Propos racistes, homophobes, sexistes ou discriminatoires, incitation à la haine"
	clauseNegationism = "Négationnisme"
	clauseThreat      = "Incitation à la violence, menaces"
	clauseInsult      = "Propos injurieux, grossiers ou offensants"

	lawHate        = "loi du 29 juillet 1881, art. 24 al. 7 (provocation à la haine ou à la violence) et art. 33 al. 3 et 4 (injure à caractère discriminatoire)"
	lawNegationism = "loi du 29 juillet 1881, art. 24 bis (contestation de crimes contre l'humanité)"
	lawThreat      = "code pénal, art. 222-17 et 222-18 (menaces) ; loi du 29 juillet 1881, art. 24 (provocation à la violence)"
	lawInsult      = "loi du 29 juillet 1881, art. 29 al. 2 et art. 33 (injure)"
)

// acc gathers what the rules found for one category.
type acc struct {
	score  float64
	n      int // rules fired
	sev    Severity
	rules  []string
	spans  []Span
	notes  []string // French descriptions of what fired
	labels []string // groups targeted
	negat  bool     // negationism fired
}

// findings are the accumulators of the categories this package's rules
// produce (the charter-fact detectors add theirs directly).
type findings struct {
	hate, threat, insult acc
}

func (a *acc) add(rule, note string, score float64, sev Severity, spans ...Span) {
	if score <= 0 {
		return
	}
	a.n++
	if score > a.score {
		a.score = score
	}
	if sevRank(sev) > sevRank(a.sev) {
		a.sev = sev
	}
	a.rules = appendNew(a.rules, rule)
	a.notes = appendNew(a.notes, note)
	for _, sp := range spans {
		if sp.End > sp.Start && !containsSpan(a.spans, sp) {
			a.spans = append(a.spans, sp)
		}
	}
}

// has reports a span the accumulator already holds as evidence.
func (a *acc) has(sp Span) bool { return containsSpan(a.spans, sp) }

func (a *acc) label(l string) {
	if l != "" {
		a.labels = appendNew(a.labels, l)
	}
}

func appendNew(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

func containsSpan(list []Span, sp Span) bool {
	for _, x := range list {
		if x == sp {
			return true
		}
	}
	return false
}

func sevRank(s Severity) int {
	switch s {
	case SeverityLow:
		return 1
	case SeverityMedium:
		return 2
	case SeverityHigh:
		return 3
	case SeverityCritical:
		return 4
	}
	return 0
}

// final turns an accumulator into a finding. Several independent rules
// raise the score a little; the score stays below 1, kept for the
// commune's own blocked terms.
func (a *acc) final(cat Category) (Finding, bool) {
	if a.n == 0 {
		return Finding{}, false
	}
	score := a.score + 0.03*float64(len(a.rules)-1)
	if score > 0.99 {
		score = 0.99
	}
	f := Finding{
		Category: cat,
		Score:    float64(int(score*100+0.5)) / 100,
		Severity: a.sev,
		Rules:    a.rules,
		Evidence: sortedSpans(a.spans),
	}
	notes := strings.Join(a.notes, " ; ")
	switch cat {
	case Haineux:
		f.Clause, f.Law = clauseHate, lawHate
		switch {
		case len(a.labels) > 0:
			f.Reason = "Propos haineux ou discriminatoires envers " + joinFrench(withArticle(a.labels)) + " : " + notes + "."
		default:
			f.Reason = "Propos haineux ou discriminatoires : " + notes + "."
		}
		if a.negat {
			f.Clause = clauseHate + " ; " + clauseNegationism
			f.Law = lawNegationism + " ; " + lawHate
		}
	case Menace:
		f.Clause, f.Law = clauseThreat, lawThreat
		f.Reason = "Menace ou appel à la violence : " + notes + "."
	case Injurieux:
		f.Clause, f.Law = clauseInsult, lawInsult
		f.Reason = "Injure ou grossièreté visant une personne : " + notes + "."
	}
	return f, true
}

func sortedSpans(sp []Span) []Span {
	for i := 1; i < len(sp); i++ {
		for j := i; j > 0 && (sp[j].Start < sp[j-1].Start || sp[j].Start == sp[j-1].Start && sp[j].End < sp[j-1].End); j-- {
			sp[j], sp[j-1] = sp[j-1], sp[j]
		}
	}
	return sp
}

// joinFrench joins "a", "b" and "c" as « a, b et c ».
// withArticle puts the definite article before group labels, which are
// all plural nouns ("personnes noires" → "les personnes noires").
func withArticle(labels []string) []string {
	out := make([]string, len(labels))
	for i, l := range labels {
		if strings.HasPrefix(l, "une ") || strings.HasPrefix(l, "un ") {
			out[i] = l // "une origine"
			continue
		}
		out[i] = "les " + l
	}
	return out
}

func joinFrench(l []string) string {
	switch len(l) {
	case 0:
		return ""
	case 1:
		return l[0]
	}
	return strings.Join(l[:len(l)-1], ", ") + " et " + l[len(l)-1]
}
