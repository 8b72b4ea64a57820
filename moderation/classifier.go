package moderation

import (
	"fmt"
	"strings"
)

// Classifier judges comments. It is safe for concurrent use once built.
type Classifier struct {
	policy  Policy
	facts   Facts
	blocked [][]string // folded words of each blocked term
	fx      *factIndex // compiled charter facts, see facts_detect.go
}

// New builds a classifier from the commune's charter facts and policy. A
// nil policy means DefaultPolicy.
func New(facts Facts, policy Policy) (*Classifier, error) {
	if policy == nil {
		policy = DefaultPolicy()
	}
	for cat := range policy {
		if !cat.Valid() {
			return nil, fmt.Errorf("moderation: unknown category %q in policy", cat)
		}
	}
	c := &Classifier{policy: policy, facts: facts}
	for _, term := range facts.BlockedTerms {
		words := words(term)
		if len(words) == 0 {
			return nil, fmt.Errorf("moderation: blocked term %q has no letters", term)
		}
		c.blocked = append(c.blocked, words)
	}
	fx, err := compileFacts(facts)
	if err != nil {
		return nil, err
	}
	c.fx = fx
	return c, nil
}

func words(s string) []string {
	toks := Normalize(s).Tokens
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.Norm
	}
	return out
}

// Classify judges text outside any election period.
func (c *Classifier) Classify(text string) Verdict {
	return c.ClassifyIn(text, Context{})
}

// ClassifyIn judges text in the given context.
func (c *Classifier) ClassifyIn(text string, ctx Context) Verdict {
	t := Normalize(text)
	var fs []Finding
	if f, ok := c.blockedTerms(t); ok {
		fs = append(fs, f)
	}
	fs = c.factDetectors(t, fs)
	return c.decide(fs, ctx)
}

// decide applies the policy: drops findings under their threshold, sets
// each finding's action and the verdict's.
func (c *Classifier) decide(fs []Finding, ctx Context) Verdict {
	v := Verdict{Action: ActionNone}
	for _, f := range fs {
		p, ok := c.policy[f.Category]
		if !ok || f.Score < p.Threshold {
			continue
		}
		f.Action = p.Action
		if f.Category == Propagande && ctx.ElectionPeriod && f.Action == ActionHide {
			f.Action = ActionQueue
		}
		if f.Action.Stronger(v.Action) {
			v.Action = f.Action
		}
		if f.Category == Menace {
			v.Urgent = true
		}
		v.Findings = append(v.Findings, f)
	}
	sortFindings(v.Findings)
	return v
}

// blockedTerms matches the commune's own keyword list, whole words only.
func (c *Classifier) blockedTerms(t *Text) (Finding, bool) {
	var spans []Span
	var hit []string
	for _, term := range c.blocked {
		for i := 0; i+len(term) <= len(t.Tokens); i++ {
			ok := true
			for j, w := range term {
				if t.Tokens[i+j].Norm != w {
					ok = false
					break
				}
			}
			if ok {
				spans = append(spans, Span{t.Tokens[i].Start, t.Tokens[i+len(term)-1].End})
				hit = append(hit, strings.Join(term, " "))
			}
		}
	}
	if len(spans) == 0 {
		return Finding{}, false
	}
	return Finding{
		Category: Injurieux,
		Score:    1,
		Severity: SeverityMedium,
		Rules:    []string{"charter.blocked_terms"},
		Evidence: spans,
		Reason:   fmt.Sprintf("Contient un terme interdit par la commune : « %s ».", strings.Join(hit, " », « ")),
		Clause:   "Propos injurieux, grossiers ou offensants",
		Law:      "loi du 29 juillet 1881, art. 29 (injure)",
	}, true
}
