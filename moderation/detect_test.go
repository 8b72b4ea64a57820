package moderation

import (
	"sync"
	"testing"
)

// detectFacts are the charter facts of the detectors' table tests: a
// fictional commune, written for these tests.
var detectFacts = Facts{
	People: []Person{
		{Name: "Hélène Morel", Role: "maire", Aliases: []string{"Mme Morel"}},
		{Name: "Paul Girard", Role: "premier adjoint"},
	},
	Rumors: []Rumor{{
		ID:         "eau",
		Claim:      "L'eau du robinet est contaminée",
		Keywords:   []string{"eau", "robinet", "contaminee"},
		Correction: "L'eau est contrôlée chaque mois par l'ARS : elle est potable.",
	}},
	UnreliableDomains: []string{"verites-cachees.info"},
	BlockedTerms:      []string{"chiffon rouge"},
	PublicContacts:    []string{"05 61 00 00 00", "mairie@saint-exemple.fr"},
}

// detectClassifier is built once, rules only: the detectors do not read
// the trained model.
var detectClassifier = sync.OnceValues(func() (*Classifier, error) {
	return New(detectFacts, nil, WithModel(nil))
})

// detCase is one line of a detector's table: act says whether the
// detector must find its category at the default threshold (0.5).
type detCase struct {
	text string
	act  bool
}

// runDetector reads each line once and runs d alone on it.
func runDetector(t *testing.T, d detector, cases []detCase) {
	t.Helper()
	c, err := detectClassifier()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range cases {
		r := c.newReading(tc.text)
		acted := false
		var rules []string
		for _, f := range d.Detect(r, c.fx) {
			if f.Category != d.Category() {
				t.Errorf("%q: finding of %s from the %s detector", tc.text, f.Category, d.Category())
			}
			if f.Score >= 0.5 {
				acted = true
			}
			rules = append(rules, f.Rules...)
		}
		if acted != tc.act {
			t.Errorf("%q: acted = %v, want %v (rules %v)", tc.text, acted, tc.act, rules)
		}
	}
}
