package moderation

import (
	"fmt"
	"sort"

	"github.com/vigie-fr/vigie/moderation/french"
)

// Category is a charter category id. The ids are stable: they appear in the
// configuration, in Redis, in reports and in the CLI output.
type Category string

// The charter categories, from the project's design document.
const (
	Haineux             Category = "haineux"
	Menace              Category = "menace"
	Injurieux           Category = "injurieux"
	Diffamatoire        Category = "diffamatoire"
	FakeNews            Category = "fake_news"
	DonneesPersonnelles Category = "donnees_personnelles"
	Spam                Category = "spam"
	Propagande          Category = "propagande"
)

// Categories lists every category, in the order reports show them.
var Categories = []Category{Haineux, Menace, Injurieux, Diffamatoire, FakeNews, DonneesPersonnelles, Spam, Propagande}

// Valid reports whether c is a known category id.
func (c Category) Valid() bool {
	for _, k := range Categories {
		if k == c {
			return true
		}
	}
	return false
}

// Label is the French name shown to the référent.
func (c Category) Label() string {
	switch c {
	case Haineux:
		return "propos haineux ou discriminatoires"
	case Menace:
		return "menace ou appel à la violence"
	case Injurieux:
		return "injure ou propos grossier"
	case Diffamatoire:
		return "diffamation possible"
	case FakeNews:
		return "fausse information"
	case DonneesPersonnelles:
		return "données personnelles d'autrui"
	case Spam:
		return "spam ou arnaque"
	case Propagande:
		return "propagande ou prosélytisme"
	}
	return string(c)
}

// Action is what the policy decides for a comment. Actions are ordered:
// hide beats queue beats none.
type Action string

// Actions, weakest first.
const (
	ActionNone  Action = "none"
	ActionQueue Action = "queue"
	ActionHide  Action = "hide"
)

// ParseAction parses a configured action name.
func ParseAction(s string) (Action, error) {
	switch a := Action(s); a {
	case ActionNone, ActionQueue, ActionHide:
		return a, nil
	}
	return "", fmt.Errorf("unknown action %q (expected hide, queue or none)", s)
}

func (a Action) rank() int {
	switch a {
	case ActionHide:
		return 2
	case ActionQueue:
		return 1
	}
	return 0
}

// Stronger reports whether a is a stronger action than b.
func (a Action) Stronger(b Action) bool { return a.rank() > b.rank() }

// Label is the French name of the action.
func (a Action) Label() string {
	switch a {
	case ActionHide:
		return "masquer"
	case ActionQueue:
		return "à examiner par le référent"
	}
	return "aucune action"
}

// Severity grades how harmful a finding is; it drives notification urgency.
type Severity string

// Severities, weakest first.
const (
	SeverityLow      Severity = "faible"
	SeverityMedium   Severity = "moyenne"
	SeverityHigh     Severity = "haute"
	SeverityCritical Severity = "critique"
)

// Span is a byte range [Start, End) in the original comment text.
type Span = french.Span

// Finding is one category a comment breaks, with the evidence behind it.
type Finding struct {
	Category Category `json:"category"`
	// Score is the confidence in [0, 1] that the comment breaks the category.
	Score    float64  `json:"score"`
	Severity Severity `json:"severity"`
	// Rules are the ids of the rules that fired, e.g. "haineux.group_dehumanise".
	Rules []string `json:"rules"`
	// Evidence points at the words that made the rules fire.
	Evidence []Span `json:"evidence,omitempty"`
	// Reason explains the finding in French, for the référent.
	Reason string `json:"reason"`
	// Clause is the charter clause, in French.
	Clause string `json:"clause"`
	// Law is the legal reference, e.g. "loi du 29 juillet 1881, art. 29".
	Law string `json:"law,omitempty"`
	// Correction is the commune's official correction of the denied rumour
	// a fake_news finding matched, ready to post as a reply.
	Correction string `json:"correction,omitempty"`
	// Action is what the configured policy does with this finding.
	Action Action `json:"action"`
}

// Verdict is the classifier's judgement on one comment.
type Verdict struct {
	// Findings lists every category that applies, highest score first.
	// Findings below their category threshold are not listed.
	Findings []Finding `json:"findings"`
	// Action is the strongest action among the findings.
	Action Action `json:"action"`
	// Urgent is set when the référent must be told at once (threats).
	Urgent bool `json:"urgent,omitempty"`
	// Correction is the commune's official correction of a denied rumour,
	// ready to be posted as a reply, when a fake_news finding matched one.
	Correction string `json:"correction,omitempty"`
	// ModelScores are the trained detector's calibrated scores, by
	// category, whether or not they reached its thresholds; nil when the
	// model is off.
	ModelScores map[Category]float64 `json:"model_scores,omitempty"`
	// Judge names the judge that decided: the rules build, a hash of the
	// embedded lexicons and a hash of the model (see Classifier.Judge).
	Judge string `json:"judge"`
}

// Acts reports whether the verdict hides or queues the comment.
func (v Verdict) Acts() bool { return v.Action != ActionNone && v.Action != "" }

// Categories returns the categories of the findings, highest score first.
func (v Verdict) Categories() []Category {
	out := make([]Category, 0, len(v.Findings))
	for _, f := range v.Findings {
		out = append(out, f.Category)
	}
	return out
}

// Has reports whether the verdict holds a finding of category c.
func (v Verdict) Has(c Category) bool {
	for _, f := range v.Findings {
		if f.Category == c {
			return true
		}
	}
	return false
}

// sortFindings orders findings by score, then by category order, so verdicts
// are deterministic.
func sortFindings(fs []Finding) {
	order := func(c Category) int {
		for i, k := range Categories {
			if k == c {
				return i
			}
		}
		return len(Categories)
	}
	sort.SliceStable(fs, func(i, j int) bool {
		if fs[i].Score != fs[j].Score {
			return fs[i].Score > fs[j].Score
		}
		return order(fs[i].Category) < order(fs[j].Category)
	})
}
