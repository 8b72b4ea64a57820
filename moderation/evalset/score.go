package evalset

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/vigie-fr/vigie/moderation"
)

// Rate is a count out of a total.
type Rate struct{ N, Of int }

// Value is N/Of, or 0 for an empty total.
func (r Rate) Value() float64 {
	if r.Of == 0 {
		return 0
	}
	return float64(r.N) / float64(r.Of)
}

func (r Rate) String() string {
	if r.Of == 0 {
		return "—"
	}
	return fmt.Sprintf("%5.1f %% (%d/%d)", 100*r.Value(), r.N, r.Of)
}

// CategoryScore is precision and recall for one category.
type CategoryScore struct {
	Category          moderation.Category
	TP, FP, FN        int
	Precision, Recall Rate
}

// Scores are the figures of one set of results.
type Scores struct {
	Cases int
	// Acted: must-act cases acted on with a right category.
	Acted Rate
	// FalsePositives: must-not-act cases acted on.
	FalsePositives Rate
	// Categories: precision and recall of each category the labels name
	// (haineux for HateCheck; the union haineux/menace/injurieux for MLMA
	// is Acted).
	Categories []CategoryScore
	// NotHateful: HateCheck cases that must not be judged haineux
	// (target_indiv_nh, target_group_nh) judged haineux.
	NotHateful Rate
}

// Score computes the figures of results.
func Score(results []Result) Scores {
	s := Scores{Cases: len(results)}
	per := map[moderation.Category]*CategoryScore{}
	get := func(c moderation.Category) *CategoryScore {
		if per[c] == nil {
			per[c] = &CategoryScore{Category: c}
		}
		return per[c]
	}
	for _, r := range results {
		v := r.Verdict
		if r.MustAct() {
			s.Acted.Of++
			if r.Right(v) {
				s.Acted.N++
			}
		}
		if r.MustNotAct() {
			s.FalsePositives.Of++
			if v.Acts() {
				s.FalsePositives.N++
			}
		}
		switch r.Format {
		case Commune:
			for _, c := range moderation.Categories {
				want, got := hasCat(r.Labels, c), v.Has(c)
				switch {
				case want && got:
					get(c).TP++
				case want:
					get(c).FN++
				case got:
					get(c).FP++
				}
			}
		case HateCheck:
			want, got := r.Positive, v.Has(moderation.Haineux)
			cs := get(moderation.Haineux)
			switch {
			case want && got:
				cs.TP++
			case want:
				cs.FN++
			case got:
				cs.FP++
			}
			if !r.Positive && !r.MustNotAct() {
				s.NotHateful.Of++
				if got {
					s.NotHateful.N++
				}
			}
		}
	}
	for _, c := range moderation.Categories {
		cs, ok := per[c]
		if !ok {
			continue
		}
		cs.Precision = Rate{cs.TP, cs.TP + cs.FP}
		cs.Recall = Rate{cs.TP, cs.TP + cs.FN}
		s.Categories = append(s.Categories, *cs)
	}
	return s
}

func hasCat(list []moderation.Category, c moderation.Category) bool {
	for _, x := range list {
		if x == c {
			return true
		}
	}
	return false
}

// Group is the figures of one functionality (HateCheck) or hostility
// label (MLMA).
type Group struct {
	Name   string
	Kind   string // "à signaler", "ne pas agir", "pas haineux"
	Pass   Rate   // verdicts right for the group's rule
	Acted  Rate   // any action
	Hateux Rate   // judged haineux
}

// ByFunctionality splits HateCheck results by functionality, sorted by
// name.
func ByFunctionality(results []Result) []Group {
	return groupBy(results, func(r Result) string { return r.Functionality })
}

// ByHostility splits MLMA results by hostility label.
func ByHostility(results []Result) []Group {
	return groupBy(results, func(r Result) string { return r.Hostility })
}

func groupBy(results []Result, key func(Result) string) []Group {
	m := map[string]*Group{}
	for _, r := range results {
		k := key(r)
		g := m[k]
		if g == nil {
			g = &Group{Name: k}
			switch {
			case r.MustAct():
				g.Kind = "à signaler"
			case r.MustNotAct():
				g.Kind = "ne pas agir"
			default:
				g.Kind = "pas haineux"
			}
			m[k] = g
		}
		g.Pass.Of++
		g.Acted.Of++
		g.Hateux.Of++
		if r.Pass(r.Verdict) {
			g.Pass.N++
		}
		if r.Verdict.Acts() {
			g.Acted.N++
		}
		if r.Verdict.Has(moderation.Haineux) {
			g.Hateux.N++
		}
	}
	out := make([]Group, 0, len(m))
	for _, g := range m {
		out = append(out, *g)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Filter keeps the results f accepts.
func Filter(results []Result, f func(Result) bool) []Result {
	var out []Result
	for _, r := range results {
		if f(r) {
			out = append(out, r)
		}
	}
	return out
}

// WriteScores prints scores in French.
func WriteScores(w io.Writer, title string, s Scores) {
	fmt.Fprintf(w, "%s — %d cas\n", title, s.Cases)
	fmt.Fprintf(w, "  à signaler, signalés avec une bonne catégorie : %s\n", s.Acted)
	fmt.Fprintf(w, "  à laisser, signalés à tort (faux positifs)    : %s\n", s.FalsePositives)
	if s.NotHateful.Of > 0 {
		fmt.Fprintf(w, "  cibles non protégées jugées haineuses        : %s\n", s.NotHateful)
	}
	if len(s.Categories) > 0 {
		fmt.Fprintf(w, "  %-22s %-22s %-22s\n", "catégorie", "précision", "rappel")
		for _, c := range s.Categories {
			fmt.Fprintf(w, "  %-22s %-22s %-22s\n", c.Category, c.Precision, c.Recall)
		}
	}
}

// WriteComparison prints the scores of several judges side by side (the
// rules alone, the model alone, both), one column each.
func WriteComparison(w io.Writer, title string, names []string, ss []Scores) {
	if len(ss) == 0 {
		return
	}
	fmt.Fprintf(w, "%s — %d cas\n", title, ss[0].Cases)
	row := func(label string, cell func(Scores) string) {
		fmt.Fprintf(w, "  %-46s", label)
		for _, s := range ss {
			fmt.Fprintf(w, " %-22s", cell(s))
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "  %-46s", "")
	for _, n := range names {
		fmt.Fprintf(w, " %-22s", n)
	}
	fmt.Fprintln(w)
	row("à signaler, signalés avec une bonne catégorie", func(s Scores) string { return s.Acted.String() })
	row("à laisser, signalés à tort (faux positifs)", func(s Scores) string { return s.FalsePositives.String() })
	if ss[0].NotHateful.Of > 0 {
		row("cibles non protégées jugées haineuses", func(s Scores) string { return s.NotHateful.String() })
	}
	for _, c := range moderation.Categories {
		if _, ok := categoryScore(ss[0], c); !ok {
			continue
		}
		row(string(c)+" : précision", func(s Scores) string { cs, _ := categoryScore(s, c); return cs.Precision.String() })
		row(string(c)+" : rappel", func(s Scores) string { cs, _ := categoryScore(s, c); return cs.Recall.String() })
	}
}

func categoryScore(s Scores, c moderation.Category) (CategoryScore, bool) {
	for _, cs := range s.Categories {
		if cs.Category == c {
			return cs, true
		}
	}
	return CategoryScore{Category: c}, false
}

// WriteGroups prints a per-functionality (or per-hostility) table.
func WriteGroups(w io.Writer, title string, gs []Group) {
	fmt.Fprintf(w, "%s\n", title)
	fmt.Fprintf(w, "  %-20s %-12s %-22s %-22s %-22s\n", "groupe", "attendu", "réussite", "action", "haineux")
	for _, g := range gs {
		name := g.Name
		if name == "" {
			name = "(sans)"
		}
		fmt.Fprintf(w, "  %-20s %-12s %-22s %-22s %-22s\n", name, g.Kind, g.Pass, g.Acted, g.Hateux)
	}
}

// Summary is one line for a test failure message.
func (s Scores) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "signalés %s, faux positifs %s", s.Acted, s.FalsePositives)
	for _, c := range s.Categories {
		fmt.Fprintf(&b, ", %s P %s R %s", c.Category, c.Precision, c.Recall)
	}
	return b.String()
}
