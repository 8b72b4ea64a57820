package moderation

import (
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// newTestClassifier builds the rules alone: these tests state what the
// rules do; learned_test.go tests the trained detector and the policy
// that combines both.
func newTestClassifier(t testing.TB, facts Facts, p Policy) *Classifier {
	t.Helper()
	c, err := New(facts, p, WithModel(nil))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestVerdictExplains(t *testing.T) {
	c := newTestClassifier(t, Facts{}, nil)
	text := "Franchement, le maire est un gros c0nnnnard."
	v := c.Classify(text)
	if v.Action != ActionHide || len(v.Findings) != 1 {
		t.Fatalf("verdict = %+v, want one hidden finding", v)
	}
	f := v.Findings[0]
	if f.Category != Injurieux || f.Score < 0.5 || f.Score > 1 {
		t.Errorf("finding = %+v", f)
	}
	if f.Reason == "" || f.Clause == "" || !strings.Contains(f.Law, "1881") || len(f.Rules) == 0 {
		t.Errorf("finding lacks its explanation: %+v", f)
	}
	if f.Action != ActionHide || f.Severity == "" {
		t.Errorf("action %q, severity %q", f.Action, f.Severity)
	}
	if len(f.Evidence) == 0 {
		t.Fatal("no evidence")
	}
	if got := text[f.Evidence[0].Start:f.Evidence[0].End]; got != "c0nnnnard" {
		t.Errorf("evidence = %q, want the original obfuscated word", got)
	}
}

func TestThreatIsUrgent(t *testing.T) {
	c := newTestClassifier(t, Facts{}, nil)
	v := c.Classify("Je vais te crever, sale balance.")
	if !v.Has(Menace) || !v.Urgent {
		t.Errorf("verdict = %+v, want an urgent threat", v)
	}
	if f := v.Findings[0]; f.Category != Menace || !strings.Contains(f.Law, "222-17") {
		t.Errorf("first finding = %+v", f)
	}
}

func TestHateCitesArticle24(t *testing.T) {
	c := newTestClassifier(t, Facts{}, nil)
	v := c.Classify("Les musulmans sont une plaie pour ce pays.")
	if !v.Has(Haineux) {
		t.Fatalf("verdict = %+v", v)
	}
	if f := v.Findings[0]; !strings.Contains(f.Law, "art. 24") || !strings.Contains(f.Reason, "musulmans") {
		t.Errorf("finding = %+v", f)
	}
}

func TestPolicyThresholdAndAction(t *testing.T) {
	p := DefaultPolicy()
	p[Injurieux] = CategoryPolicy{Action: ActionQueue, Threshold: 0.5}
	c := newTestClassifier(t, Facts{}, p)
	if v := c.Classify("Connard !"); v.Action != ActionQueue {
		t.Errorf("action = %q, want queue", v.Action)
	}
	p[Injurieux] = CategoryPolicy{Action: ActionHide, Threshold: 0.99}
	c = newTestClassifier(t, Facts{}, p)
	if v := c.Classify("Connard !"); v.Acts() {
		t.Errorf("verdict = %+v, want nothing above a 0.99 threshold", v)
	}
	if _, err := New(Facts{}, Policy{Injurieux: {Action: ActionHide, Threshold: 2}}); err == nil {
		t.Error("threshold 2 accepted")
	}
	if _, err := New(Facts{}, Policy{"insultes": {Action: ActionHide, Threshold: 0.5}}); err == nil {
		t.Error("unknown category accepted")
	}
}

func TestBlockedAndAllowedTerms(t *testing.T) {
	c := newTestClassifier(t, Facts{BlockedTerms: []string{"tocard du village"}}, nil)
	v := c.Classify("Encore le Tocard du village qui parle.")
	if !v.Has(Injurieux) || !slices.Contains(v.Findings[0].Rules, "charter.blocked_terms") {
		t.Errorf("blocked term: %+v", v)
	}
	// A family name that looks like an insult.
	c = newTestClassifier(t, Facts{AllowedTerms: []string{"Connard"}}, nil)
	if v := c.Classify("Connard !"); v.Acts() {
		t.Errorf("allowed term acted on: %+v", v)
	}
	c = newTestClassifier(t, Facts{AllowedTerms: []string{"Sale"}, BlockedTerms: []string{"sale"}}, nil)
	if v := c.Classify("Sale !"); v.Acts() {
		t.Errorf("allowed term beats a blocked one: %+v", v)
	}
	if _, err := New(Facts{AllowedTerms: []string{"!!!"}}, nil); err == nil {
		t.Error("allowed term without letters accepted")
	}
}

func TestCharterPeopleAreTargets(t *testing.T) {
	facts := Facts{People: []Person{{Name: "Sylvie Garnier", Role: "première adjointe", Aliases: []string{"Garnier"}}}}
	c := newTestClassifier(t, facts, nil)
	if v := c.Classify("garnier mérite une balle"); !v.Has(Menace) {
		t.Errorf("threat to a charter person: %+v", v)
	}
}

func TestRobustInputs(t *testing.T) {
	c := newTestClassifier(t, Facts{}, nil)
	big := strings.Repeat("Le conseil municipal vote le budget des écoles, connard. ", 1800) // ~100 KB
	inputs := map[string]string{
		"100 KB":          big,
		"invalid UTF-8":   "con\xffnard \xfe\xfe\xc3",
		"only emoji":      strings.Repeat("😀🎉🐒", 200),
		"only whitespace": strings.Repeat(" \t\n\u00a0\u200b", 500),
		"empty":           "",
		"one long word":   strings.Repeat("a", 100000),
		"only asterisks":  strings.Repeat("c*", 5000),
		"many quotes":     strings.Repeat("\"«»", 3000),
	}
	for name, in := range inputs {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			v := c.Classify(in)
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %v", d)
			}
			for _, f := range v.Findings {
				for _, sp := range f.Evidence {
					if sp.Start < 0 || sp.End > len(in) || sp.Start >= sp.End {
						t.Errorf("bad span %+v", sp)
					}
				}
				if f.Score < 0 || f.Score > 1 || !utf8.ValidString(f.Reason) {
					t.Errorf("bad finding %+v", f)
				}
			}
		})
	}
	if v := c.Classify(big); !v.Has(Injurieux) {
		t.Error("insult in a 100 KB comment missed")
	}
}

func TestConcurrentUse(t *testing.T) {
	c := newTestClassifier(t, Facts{}, nil)
	done := make(chan bool)
	for i := 0; i < 8; i++ {
		go func() {
			for j := 0; j < 50; j++ {
				c.Classify("Les migrants dehors ! Je vais te buter, connard.")
			}
			done <- true
		}()
	}
	for i := 0; i < 8; i++ {
		<-done
	}
}
