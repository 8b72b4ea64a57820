package moderation

import (
	"fmt"
	"strings"
	"sync"

	"github.com/vigie-fr/vigie/moderation/french"
	"github.com/vigie-fr/vigie/moderation/ngram"
)

// Classifier judges comments. It is safe for concurrent use once built.
type Classifier struct {
	policy  Policy
	facts   Facts
	v       *vocab
	blocked [][]string // folded words of each blocked term
	allowed *Matcher   // built-in and commune allowed terms; never offensive
	people  *Matcher   // names and aliases of the charter's people
	fx      *factIndex // compiled charter facts, see facts_detect.go
	model   *learned   // the trained detector, nil when off
	judge   string     // see Judge
	dets    []detector // see detectors
}

// Option changes how New builds a classifier.
type Option func(*options)

type options struct {
	model    *ngram.Model
	setModel bool
}

// WithModel runs the given trained detector beside the rules instead of
// the embedded one (a commune's own model, see `vigie train`). A nil model
// turns the trained detector off: the rules judge alone.
func WithModel(m *ngram.Model) Option {
	return func(o *options) { o.model, o.setModel = m, true }
}

// sharedVocab is the embedded lexicons, compiled once per process: they
// are the same for every commune and never change after start-up.
var sharedVocab = sync.OnceValues(loadVocab)

// New builds a classifier from the commune's charter facts and policy. A
// nil policy means DefaultPolicy. The embedded trained detector runs
// beside the rules unless an Option says otherwise.
func New(facts Facts, policy Policy, opts ...Option) (*Classifier, error) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	if policy == nil {
		policy = DefaultPolicy()
	}
	for cat, p := range policy {
		if !cat.Valid() {
			return nil, fmt.Errorf("moderation: unknown category %q in policy", cat)
		}
		if p.Threshold < 0 || p.Threshold > 1 {
			return nil, fmt.Errorf("moderation: threshold %v of %s is not in [0, 1]", p.Threshold, cat)
		}
		if p.ModelHideThreshold < 0 || p.ModelHideThreshold > 1 {
			return nil, fmt.Errorf("moderation: model hide threshold %v of %s is not in [0, 1]", p.ModelHideThreshold, cat)
		}
	}
	m := o.model
	if !o.setModel {
		var err error
		if m, err = ngram.Default(); err != nil {
			return nil, err
		}
	}
	v, err := sharedVocab()
	if err != nil {
		return nil, err
	}
	c := &Classifier{policy: policy, facts: facts, v: v}
	for _, term := range facts.BlockedTerms {
		words := words(term)
		if len(words) == 0 {
			return nil, fmt.Errorf("moderation: blocked term %q has no letters", term)
		}
		c.blocked = append(c.blocked, words)
	}
	allowed := append([]string(nil), v.allowed...)
	for _, term := range facts.AllowedTerms {
		if len(words(term)) == 0 {
			return nil, fmt.Errorf("moderation: allowed term %q has no letters", term)
		}
		allowed = append(allowed, literal(term))
	}
	if c.allowed, err = CompileMatcher(allowed, MatchOptions{}); err != nil {
		return nil, err
	}
	var names []string
	for _, p := range facts.People {
		for _, n := range append([]string{p.Name}, p.Aliases...) {
			if len(words(n)) > 0 {
				names = append(names, literal(n))
			}
		}
	}
	if len(names) > 0 {
		if c.people, err = CompileMatcher(names, MatchOptions{}); err != nil {
			return nil, err
		}
	}
	fx, err := compileFacts(facts)
	if err != nil {
		return nil, err
	}
	c.fx = fx
	c.dets = c.detectors()
	if m != nil {
		if c.model, err = bindModel(m); err != nil {
			return nil, err
		}
	}
	if c.judge, err = judgeVersion(m); err != nil {
		return nil, err
	}
	return c, nil
}

// literal escapes a commune's term so the phrase syntax does not apply.
func literal(s string) string {
	return strings.NewReplacer("(", " ", ")", " ", "|", " ", "*", " ", "_", " ").Replace(s)
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
	r := c.newReading(text)
	an := r.an
	var fs []Finding
	for _, d := range c.dets {
		fs = append(fs, d.Detect(r, c.fx)...)
	}
	var mr *modelRun
	var doubt []Category
	if c.model != nil {
		mr = c.model.run(an)
		fs, doubt = c.model.weighRules(fs, mr)
	}
	v := c.decide(fs, ctx)
	if mr != nil {
		queueInDoubt(&v, doubt)
		c.applyModel(&v, an, mr, ctx)
	}
	v.Judge = c.judge
	return v
}

// read reads a comment once into its document (see moderation/french):
// normalised tokens in both readings, allowed terms, the charter's people
// and the lexicon marks.
func (c *Classifier) read(text string) *analysis {
	an := new(analysis)
	c.readInto(an, new(french.Doc), text)
	return an
}

// readInto is read into values the caller holds.
func (c *Classifier) readInto(an *analysis, d *french.Doc, text string) {
	d.Read(Normalize(text), c.v.unglue)
	t := d.Text
	*an = analysis{doc: d, t: t, v: c.v}
	var hitBuf [32]Hit
	if hs := c.allowed.Find(t, hitBuf[:0]); len(hs) > 0 {
		d.Allowed = make([]bool, len(t.Tokens))
		for _, h := range hs {
			for k := h.First; k < h.Last; k++ {
				d.Allowed[k] = true
			}
		}
	}
	if c.people != nil {
		if hs := c.people.Find(t, hitBuf[:0]); len(hs) > 0 {
			d.People = make([]bool, len(t.Tokens))
			for _, h := range hs {
				for k := h.First; k < h.Last; k++ {
					d.People[k] = true
				}
			}
		}
	}
	an.allowed, an.people = d.Allowed, d.People
	hits := c.v.m.Find(t, make([]Hit, 0, 16))
	an.build(hits)
}

// decide applies the policy: drops findings under their threshold, sets
// each finding's action and the verdict's. Two findings of one category
// (a blocked term and an insult) are merged, keeping the higher score.
func (c *Classifier) decide(fs []Finding, ctx Context) Verdict {
	v := Verdict{Action: ActionNone}
	fs = mergeFindings(fs)
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
		if f.Correction != "" && v.Correction == "" {
			v.Correction = f.Correction
		}
		v.Findings = append(v.Findings, f)
	}
	sortFindings(v.Findings)
	return v
}

// mergeFindings folds findings of the same category into one.
func mergeFindings(fs []Finding) []Finding {
	out := fs[:0]
	for _, f := range fs {
		merged := false
		for i := range out {
			if out[i].Category != f.Category {
				continue
			}
			o := &out[i]
			if f.Score > o.Score {
				o.Score, o.Severity = f.Score, f.Severity
			}
			o.Rules = append(o.Rules, f.Rules...)
			o.Evidence = sortedSpans(append(o.Evidence, f.Evidence...))
			if f.Reason != "" && !strings.Contains(o.Reason, f.Reason) {
				o.Reason = strings.TrimSpace(o.Reason + " " + f.Reason)
			}
			merged = true
			break
		}
		if !merged {
			out = append(out, f)
		}
	}
	return out
}

// blockedTerms matches the commune's own keyword list, whole words only,
// except where an allowed term covers the words.
func blockedTerms(blocked [][]string, t *Text, allowed []bool) (Finding, bool) {
	var spans []Span
	var hit []string
	for _, term := range blocked {
		for i := 0; i+len(term) <= len(t.Tokens); i++ {
			ok := true
			for j, w := range term {
				if t.Tokens[i+j].Norm != w || allowed != nil && allowed[i+j] {
					ok = false
					break
				}
			}
			if ok {
				spans = append(spans, Span{Start: t.Tokens[i].Start, End: t.Tokens[i+len(term)-1].End})
				hit = appendNew(hit, strings.Join(term, " "))
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
