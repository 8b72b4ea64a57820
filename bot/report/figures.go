package report

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base32"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/vigie-fr/vigie/bot/store"
	"github.com/vigie-fr/vigie/moderation"
)

// pseudonymizer turns an author id into a stable short code: the first 5
// bytes of HMAC-SHA256(key, id) in base32, e.g. "A-7KQ2M4XD". Without the
// deployment's key the code cannot be traced back to the id, and the same
// author keeps the same code from one month to the next.
type pseudonymizer struct{ key []byte }

func newPseudonymizer(key []byte) *pseudonymizer { return &pseudonymizer{key: key} }

func (p *pseudonymizer) code(authorID string) string {
	if authorID == "" {
		return ""
	}
	m := hmac.New(sha256.New, p.key)
	m.Write([]byte(authorID))
	return "A-" + base32.StdEncoding.EncodeToString(m.Sum(nil)[:5])
}

// percentile returns the nearest-rank p-th percentile of sorted ds.
func percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	i := int(math.Ceil(p/100*float64(len(ds)))) - 1
	return ds[max(0, min(i, len(ds)-1))]
}

func distribution(label string, ds []time.Duration) Delay {
	slices.Sort(ds)
	return Delay{Label: label, N: len(ds), Median: percentile(ds, 50), P90: percentile(ds, 90)}
}

// delays measures, for the month: comment → hide (publication to the hide
// call), comment → notification of the référent, notification → the
// référent's decision.
func delays(in Input, comments map[string]*judged, order []string, reviews []store.AuditEntry, from, to time.Time) []Delay {
	var hide, notify, decide []time.Duration
	for _, e := range in.Audit {
		if e.Event != store.EventHidden || e.At.Before(from) || !e.At.Before(to) {
			continue
		}
		published, acted := e.CreatedTime, e.ActedAt
		if published.IsZero() {
			published = in.Comments[e.CommentID].CreatedTime
		}
		if acted.IsZero() {
			acted = e.At
		}
		if !published.IsZero() && !acted.Before(published) {
			hide = append(hide, acted.Sub(published))
		}
	}
	for _, id := range order {
		c := in.Comments[id]
		if !c.NotifiedAt.IsZero() && !c.CreatedTime.IsZero() && !c.NotifiedAt.Before(c.CreatedTime) {
			notify = append(notify, c.NotifiedAt.Sub(c.CreatedTime))
		}
	}
	seen := map[string]bool{}
	for _, e := range reviews {
		c := in.Comments[e.CommentID]
		if seen[e.CommentID] || c.NotifiedAt.IsZero() || e.At.Before(c.NotifiedAt) {
			continue
		}
		seen[e.CommentID] = true
		decide = append(decide, e.At.Sub(c.NotifiedAt))
	}
	return []Delay{
		distribution("publication → masquage", hide),
		distribution("publication → notification du référent", notify),
		distribution("notification → décision du référent", decide),
	}
}

// moderated reports whether a comment was hidden, would have been, was
// queued or its action failed.
func (j *judged) moderated() bool { return j.outcome != OutVisible }

// days counts the month's judged comments per day of their first
// judgement, by outcome.
func days(comments map[string]*judged, order []string, from, to time.Time) []Day {
	var out []Day
	for d := from; d.Before(to); d = d.AddDate(0, 0, 1) {
		out = append(out, Day{Date: d})
	}
	for _, id := range order {
		j := comments[id]
		t := j.first.In(from.Location())
		i := t.Day() - 1
		if i >= 0 && i < len(out) {
			out[i].Counts[j.outcome]++
		}
	}
	return out
}

// topPosts returns the five posts with the most moderated comments.
func topPosts(in Input, comments map[string]*judged, order []string, account func(string) string) []PostCount {
	counts := map[string]*PostCount{}
	for _, id := range order {
		c := in.Comments[id]
		if !comments[id].moderated() || c.PostID == "" {
			continue
		}
		p := counts[c.PostID]
		if p == nil {
			p = &PostCount{PostID: c.PostID, Account: account(c.PageID), Link: postLink(c)}
			counts[c.PostID] = p
		}
		p.N++
	}
	var out []PostCount
	for _, p := range counts {
		out = append(out, *p)
	}
	sortCounts(out, func(p PostCount) int { return p.N }, func(p PostCount) string { return p.PostID })
	return out[:min(5, len(out))]
}

func postLink(c Comment) string {
	if c.Platform == "" || c.Platform == store.PlatformFacebook {
		return "https://www.facebook.com/" + c.PostID
	}
	return ""
}

// repeatAuthors returns the authors of at least two moderated comments in
// the month, under their pseudonym, at most ten.
func repeatAuthors(in Input, comments map[string]*judged, order []string, pseudo *pseudonymizer) []AuthorCount {
	type acc struct {
		n    int
		cats map[string]int
	}
	by := map[string]*acc{}
	for _, id := range order {
		j, c := comments[id], in.Comments[id]
		if !j.moderated() || c.FromID == "" {
			continue
		}
		a := by[c.FromID]
		if a == nil {
			a = &acc{cats: map[string]int{}}
			by[c.FromID] = a
		}
		a.n++
		for _, k := range j.categories {
			a.cats[k]++
		}
	}
	var out []AuthorCount
	for from, a := range by {
		if a.n < 2 {
			continue
		}
		var cats []string
		for _, k := range moderation.Categories {
			if a.cats[string(k)] > 0 {
				cats = append(cats, string(k))
			}
		}
		slices.SortStableFunc(cats, func(x, y string) int { return a.cats[y] - a.cats[x] })
		out = append(out, AuthorCount{Code: pseudo.code(from), N: a.n, Categories: categoryLabels(cats)})
	}
	sortCounts(out, func(a AuthorCount) int { return a.N }, func(a AuthorCount) string { return a.Code })
	return out[:min(10, len(out))]
}

// observe summarises what Vigie would have hidden in observe mode.
func observe(comments map[string]*judged, order []string, total Figures) *ObserveSection {
	o := &ObserveSection{WouldHide: total.WouldHide, Queued: total.Queued}
	cats := map[string]int{}
	for _, id := range order {
		j := comments[id]
		if j.outcome != OutWouldHide {
			continue
		}
		if j.restored {
			o.Restored++
		}
		for _, k := range j.categories {
			cats[k]++
		}
	}
	for _, c := range moderation.Categories {
		if cats[string(c)] > 0 {
			o.ByCategory = append(o.ByCategory, Count{Key: string(c), Label: c.Label(), N: cats[string(c)]})
		}
	}
	return o
}

// String shows a count for debugging.
func (c Count) String() string { return fmt.Sprintf("%s=%d", c.Key, c.N) }
