package report

import (
	"slices"
	"time"

	"github.com/vigie-fr/vigie/moderation"
)

// offence is what a category may amount to in French press law, and how
// long after publication a complaint may be filed. The delay runs from the
// first publication online (Cass. crim., 30 janvier 2001 and since).
type offence struct {
	label  string
	years  int
	months int
}

// offences maps the categories that may warrant a complaint. Injure and
// diffamation prescribe after three months (loi du 29 juillet 1881, art.
// 65); provocation à la haine and discriminatory injure or diffamation
// after one year (art. 65-3); a threat is a délit of the code pénal (art.
// 222-17) that prescribes after six years (code de procédure pénale, art.
// 8).
var offences = map[moderation.Category]offence{
	moderation.Injurieux:    {label: "injure publique (loi du 29 juillet 1881, art. 33 ; prescription 3 mois, art. 65)", months: 3},
	moderation.Diffamatoire: {label: "diffamation publique (loi du 29 juillet 1881, art. 29 et 32 ; prescription 3 mois, art. 65)", months: 3},
	moderation.Haineux:      {label: "provocation à la haine ou propos discriminatoires (loi du 29 juillet 1881, art. 24, 32 et 33 ; prescription 1 an, art. 65-3)", years: 1},
	moderation.Menace:       {label: "menace (code pénal, art. 222-17 ; prescription 6 ans, code de procédure pénale, art. 8)", years: 6},
}

// Offence is one offence a comment may amount to and when the right to
// act on it ends.
type Offence struct {
	Label    string
	Deadline time.Time
}

// offencesOf returns the offences a comment published at published may
// amount to, in the charter's order of its categories.
func offencesOf(published time.Time, categories []string) []Offence {
	var out []Offence
	for _, c := range moderation.Categories {
		if !slices.Contains(categories, string(c)) {
			continue
		}
		if o, found := offences[c]; found {
			out = append(out, Offence{Label: o.label, Deadline: published.AddDate(o.years, o.months, 0)})
		}
	}
	return out
}

// complaints lists the month's comments that may warrant a complaint,
// soonest deadline first.
func complaints(in Input, comments map[string]*judged, order []string, account func(string) string) []Complaint {
	var out []Complaint
	for _, id := range order {
		j := comments[id]
		if j.action == moderation.ActionNone {
			continue
		}
		c := in.Comments[id]
		published := c.CreatedTime
		if published.IsZero() {
			published = j.first
		}
		offs := offencesOf(published.In(j.first.Location()), j.categories)
		if len(offs) == 0 {
			continue
		}
		end := offs[0].Deadline
		for _, o := range offs[1:] {
			if o.Deadline.Before(end) {
				end = o.Deadline
			}
		}
		var cats []moderation.Category
		for _, k := range j.categories {
			cats = append(cats, moderation.Category(k))
		}
		out = append(out, Complaint{
			CommentID: id, Account: account(c.PageID), Published: published.In(j.first.Location()),
			Categories: cats, Offences: offs, Deadline: end, Permalink: c.Permalink,
			Restored: j.restored,
		})
	}
	slices.SortStableFunc(out, func(a, b Complaint) int {
		if c := a.Deadline.Compare(b.Deadline); c != 0 {
			return c
		}
		return a.Published.Compare(b.Published)
	})
	return out
}
