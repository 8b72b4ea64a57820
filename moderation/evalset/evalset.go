// Package evalset scores the classifier on labelled JSONL: the commune's
// own labelled comments ({"labels": [...]}), Multilingual HateCheck
// ({"label": "hateful", "functionality": ...}) and MLMA
// ({"label": "toxic"}). It is pure: reading, classifying and counting.
package evalset

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/vigie-fr/vigie/moderation"
)

// Format is the labelling scheme of a case.
type Format int

// Formats.
const (
	Commune   Format = iota // "labels": list of category ids, empty = must not act
	HateCheck               // "label": hateful | non-hateful, with "functionality"
	MLMA                    // "label": toxic | non_toxic
)

func (f Format) String() string {
	switch f {
	case HateCheck:
		return "HateCheck"
	case MLMA:
		return "MLMA"
	}
	return "commune"
}

// Case is one labelled comment.
type Case struct {
	ID     string
	Text   string
	Format Format
	// Labels are the expected categories (Commune format).
	Labels []moderation.Category
	// Positive is set for hateful (HateCheck) and toxic (MLMA) cases.
	Positive bool
	// Functionality, Target and Disagreement are HateCheck's fields;
	// Disagreement is set when the French annotators' majority disagreed
	// with the gold label.
	Functionality string
	Target        string
	Disagreement  bool
	// Template is HateCheck's templ_id: cases written from one template
	// differ only by their target.
	Template string
	// Hostility and TargetGroup are MLMA's hostility label and target
	// group.
	Hostility   string
	TargetGroup string
}

// mustNotAct are the HateCheck functionalities on which any action is a
// false positive (testdata/eval/README.md).
var mustNotAct = map[string]bool{
	"counter_quote_nh": true, "counter_ref_nh": true, "ident_neutral_nh": true,
	"ident_pos_nh": true, "negate_neg_nh": true, "profanity_nh": true, "target_obj_nh": true,
}

// MustAct reports whether the comment must be hidden or queued.
func (c Case) MustAct() bool {
	if c.Format == Commune {
		return len(c.Labels) > 0
	}
	return c.Positive
}

// MustNotAct reports whether any action on the comment is a false
// positive. HateCheck's target_indiv_nh and target_group_nh are neither:
// they must not be judged haineux, but an insult finding is acceptable.
func (c Case) MustNotAct() bool {
	switch c.Format {
	case Commune:
		return len(c.Labels) == 0
	case HateCheck:
		return !c.Positive && mustNotAct[c.Functionality]
	}
	return !c.Positive
}

// Right reports whether verdict v acts on the case with a right category:
// one of the labels (Commune), haineux (HateCheck), haineux, menace or
// injurieux (MLMA).
func (c Case) Right(v moderation.Verdict) bool {
	if !v.Acts() {
		return false
	}
	switch c.Format {
	case HateCheck:
		return v.Has(moderation.Haineux)
	case MLMA:
		return v.Has(moderation.Haineux) || v.Has(moderation.Menace) || v.Has(moderation.Injurieux)
	}
	for _, l := range c.Labels {
		if v.Has(l) {
			return true
		}
	}
	return false
}

// Pass reports whether the verdict is right for the case: must-act cases
// acted on with a right category, must-not-act cases left alone, and
// HateCheck's non-protected targets not judged haineux.
func (c Case) Pass(v moderation.Verdict) bool {
	switch {
	case c.MustAct():
		return c.Right(v)
	case c.MustNotAct():
		return !v.Acts()
	}
	return !v.Has(moderation.Haineux)
}

// LineError is a line that could not be read.
type LineError struct {
	Line int
	Err  error
}

func (e *LineError) Error() string { return fmt.Sprintf("ligne %d : %v", e.Line, e.Err) }

// Read reads labelled JSONL. Lines that cannot be read are reported, one
// error each, and skipped.
func Read(r io.Reader) ([]Case, error) {
	var cases []Case
	var errs []error
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 4<<20)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		c, err := parse([]byte(line))
		if err != nil {
			errs = append(errs, &LineError{n, err})
			continue
		}
		if c.ID == "" {
			c.ID = fmt.Sprintf("ligne-%d", n)
		}
		cases = append(cases, c)
	}
	if err := sc.Err(); err != nil {
		errs = append(errs, err)
	}
	return cases, errors.Join(errs...)
}

type rawCase struct {
	ID            json.RawMessage `json:"id"`
	Text          *string         `json:"text"`
	Labels        *[]string       `json:"labels"`
	Label         string          `json:"label"`
	Functionality string          `json:"functionality"`
	Target        *string         `json:"target_ident"`
	Disagreement  bool            `json:"disagreement_in_case"`
	Hostility     string          `json:"hostility"`
	TargetGroup   string          `json:"target_group"`
	Template      json.RawMessage `json:"templ_id"`
}

func parse(line []byte) (Case, error) {
	var r rawCase
	if err := json.Unmarshal(line, &r); err != nil {
		return Case{}, fmt.Errorf("JSON invalide : %v", err)
	}
	if r.Text == nil {
		return Case{}, errors.New("champ « text » manquant")
	}
	c := Case{Text: *r.Text, ID: rawID(r.ID)}
	switch {
	case r.Labels != nil:
		c.Format = Commune
		for _, l := range *r.Labels {
			cat := moderation.Category(l)
			if !cat.Valid() {
				return Case{}, fmt.Errorf("catégorie inconnue « %s »", l)
			}
			c.Labels = append(c.Labels, cat)
		}
	case r.Label == "hateful" || r.Label == "non-hateful":
		c.Format, c.Positive = HateCheck, r.Label == "hateful"
		c.Functionality, c.Disagreement, c.Template = r.Functionality, r.Disagreement, rawID(r.Template)
		if r.Target != nil {
			c.Target = *r.Target
		}
	case r.Label == "toxic" || r.Label == "non_toxic":
		c.Format, c.Positive, c.Hostility, c.TargetGroup = MLMA, r.Label == "toxic", r.Hostility, r.TargetGroup
	default:
		return Case{}, errors.New("ni « labels » (liste de catégories) ni « label » (hateful, non-hateful, toxic, non_toxic)")
	}
	return c, nil
}

func rawID(m json.RawMessage) string {
	var s string
	if json.Unmarshal(m, &s) == nil {
		return s
	}
	var n json.Number
	if json.Unmarshal(m, &n) == nil {
		return n.String()
	}
	return ""
}

// Result is a case and the classifier's verdict on it.
type Result struct {
	Case
	Verdict moderation.Verdict
}

// Run classifies every case.
func Run(c *moderation.Classifier, cases []Case) []Result {
	return RunWith(c.Classify, cases)
}

// RunWith judges every case with judge: the rules alone, the model alone
// or both, in a context.
func RunWith(judge func(text string) moderation.Verdict, cases []Case) []Result {
	out := make([]Result, len(cases))
	for i, k := range cases {
		out[i] = Result{Case: k, Verdict: judge(k.Text)}
	}
	return out
}
