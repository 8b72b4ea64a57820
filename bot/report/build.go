package report

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/vigie-fr/vigie/bot/store"
	"github.com/vigie-fr/vigie/moderation"
)

// judged is the state of one comment judged in the month.
type judged struct {
	id         string
	first      time.Time // first judgement of the month (chart day)
	outcome    Outcome
	action     moderation.Action
	categories []string
	autoHidden bool
	restored   bool // a later référent decision restored or kept it visible
	rejectedAt time.Time
}

// outcomeOf maps the judgement events to outcomes.
var outcomeOf = map[store.AuditEvent]Outcome{
	store.EventClassified:   OutVisible,
	store.EventGone:         OutVisible,
	store.EventQueued:       OutQueued,
	store.EventActionFailed: OutFailed,
	store.EventWouldHide:    OutWouldHide,
	store.EventHidden:       OutHidden,
}

// outcomePriority decides a comment's outcome when the month holds several
// events about it: a failed hide retried successfully is hidden.
var outcomePriority = [numOutcomes]int{OutVisible: 0, OutQueued: 1, OutFailed: 2, OutWouldHide: 3, OutHidden: 4}

// approving decisions confirm the proposed action; the others restore the
// comment or leave it visible.
func approving(decision string) (approve, known bool) {
	switch decision {
	case "approve", "hide", "delete", "reply":
		return true, true
	case "reject", "unhide":
		return false, true
	}
	return false, false
}

// Build computes the month's report from in. It reads no clock and no
// Redis: the same input gives the same report.
func Build(in Input) (*Report, error) {
	from, to, err := in.bounds()
	if err != nil {
		return nil, fmt.Errorf("report: month %q: expected yyyy-mm", in.Month)
	}
	loc := from.Location()
	r := &Report{
		Month: in.Month, From: from, To: to, GeneratedAt: inLoc(in.GeneratedAt, loc), Location: loc,
		Commune: in.Commune, Mode: in.Mode,
		Received: in.Counters["received"], Duplicates: in.Counters["duplicates"],
		ViaWebhook: in.Counters["source:webhook"], ViaPoll: in.Counters["source:poll"],
	}
	pseudo := newPseudonymizer(in.PseudonymKey)
	accountName := func(pageID string) string { return accountLabel(in.Accounts, pageID) }

	// One pass over the month's audit: judgements per comment, référent
	// decisions, rows.
	comments := map[string]*judged{}
	var order []string
	var reviews []store.AuditEntry
	for _, e := range in.Audit {
		inMonth := !e.At.Before(from) && e.At.Before(to)
		if e.Event == store.EventReviewed {
			if j := comments[e.CommentID]; j != nil {
				if approve, known := approving(e.Detail); known && !approve {
					j.restored, j.rejectedAt = true, e.At
				} else if known {
					j.restored = false
				}
			}
			if inMonth {
				reviews = append(reviews, e)
			}
		}
		if !inMonth {
			continue
		}
		if out, ok := outcomeOf[e.Event]; ok && !(e.Event == store.EventClassified && e.Detail == "already_hidden") {
			j := comments[e.CommentID]
			if j == nil {
				j = &judged{id: e.CommentID, first: e.At, action: moderation.ActionNone}
				comments[e.CommentID] = j
				order = append(order, e.CommentID)
			}
			if outcomePriority[out] > outcomePriority[j.outcome] {
				j.outcome = out
			}
			if a := moderation.Action(e.Action); a.Stronger(j.action) {
				j.action = a
			}
			for _, c := range e.Categories {
				if !slices.Contains(j.categories, c) {
					j.categories = append(j.categories, c)
				}
			}
			if e.Event == store.EventHidden || e.Event == store.EventWouldHide {
				j.autoHidden = true
			}
		}
		_, judgement := outcomeOf[e.Event]
		if e.Event == store.EventReviewed || judgement && (e.Event != store.EventClassified || len(e.Categories) > 0) {
			r.Rows = append(r.Rows, row(e, in.Comments[e.CommentID], accountName, pseudo, loc))
		}
	}

	// A decision's entry names no category: take the comment's.
	for i := range r.Rows {
		if j := comments[r.Rows[i].CommentID]; j != nil && len(r.Rows[i].Categories) == 0 {
			r.Rows[i].Categories = j.categories
		}
	}

	// Figures per account and in total.
	byAccount := map[string]*Figures{}
	figs := func(commentID string) []*Figures {
		c, known := in.Comments[commentID]
		if !known && comments[commentID] == nil {
			return []*Figures{&r.Total} // a decision on an older comment now expired
		}
		f := byAccount[c.PageID]
		if f == nil {
			f = &Figures{}
			byAccount[c.PageID] = f
		}
		return []*Figures{&r.Total, f}
	}
	catCount := map[string]map[*Figures]int{}
	actCount := map[string]map[*Figures]int{}
	for _, id := range order {
		j := comments[id]
		for _, f := range figs(id) {
			f.Judged++
			switch j.outcome {
			case OutHidden:
				f.Hidden++
			case OutWouldHide:
				f.WouldHide++
			case OutQueued:
				f.Queued++
			case OutFailed:
				f.Failed++
			default:
				f.Visible++
			}
			for _, c := range j.categories {
				bump(catCount, c, f)
			}
			bump(actCount, string(j.action), f)
		}
	}
	for _, e := range reviews {
		approve, known := approving(e.Detail)
		if !known {
			continue
		}
		for _, f := range figs(e.CommentID) {
			if approve {
				f.Approved++
			} else {
				f.Rejected++
			}
		}
	}
	fill := func(f *Figures) {
		for _, c := range moderation.Categories {
			f.ByCategory = append(f.ByCategory, Count{Key: string(c), Label: c.Label(), N: catCount[string(c)][f]})
		}
		for _, a := range []moderation.Action{moderation.ActionHide, moderation.ActionQueue, moderation.ActionNone} {
			f.ByAction = append(f.ByAction, Count{Key: string(a), Label: a.Label(), N: actCount[string(a)][f]})
		}
	}
	fill(&r.Total)
	for _, a := range accountsSeen(in.Accounts, byAccount) {
		f := byAccount[a.ID]
		fill(f)
		r.Accounts = append(r.Accounts, AccountFigures{Account: a, Figures: *f})
	}

	// The référent's decisions and the false-alarm rate.
	decisions := map[string]int{}
	for _, e := range reviews {
		decisions[e.Detail]++
		if approve, known := approving(e.Detail); known && approve {
			r.Reviews.Approved++
		} else if known {
			r.Reviews.Rejected++
		}
	}
	for _, d := range []string{"approve", "reject", "hide", "unhide", "delete", "reply"} {
		if decisions[d] > 0 {
			r.Reviews.ByDecision = append(r.Reviews.ByDecision, Count{Key: d, Label: decisionLabel(d), N: decisions[d]})
		}
	}
	reviewed := map[string]bool{}
	for _, e := range in.Audit {
		if e.Event == store.EventReviewed && !e.At.Before(from) {
			reviewed[e.CommentID] = true
		}
	}
	for _, id := range order {
		if j := comments[id]; j.autoHidden {
			r.Reviews.AutoHidden++
			if j.restored {
				r.Reviews.Restored++
			}
			if reviewed[id] {
				r.Reviews.Reviewed++
			}
		}
	}

	r.Delays = delays(in, comments, order, reviews, from, to)
	r.Days = days(comments, order, from, to)
	r.TopPosts = topPosts(in, comments, order, accountName)
	r.Authors = repeatAuthors(in, comments, order, pseudo)
	r.Complaints = complaints(in, comments, order, accountName)
	r.PendingN = len(in.Pending)
	r.Pending = slices.Clone(in.Pending)
	for i := range r.Pending {
		r.Pending[i].Since = inLoc(r.Pending[i].Since, loc)
	}
	slices.SortStableFunc(r.Pending, func(a, b Pending) int { return a.Since.Compare(b.Since) })
	if len(r.Pending) > 10 {
		r.Pending = r.Pending[:10]
	}
	if p := in.Election; p != nil && p.Start.Before(to) && !p.End.AddDate(0, 0, 1).Before(from) {
		r.Election = &ElectionSection{Period: *p}
		end := p.End.AddDate(0, 0, 1)
		for _, row := range r.Rows {
			if slices.Contains(row.Categories, string(moderation.Propagande)) && !row.At.Before(p.Start) && row.At.Before(end) {
				r.Election.Rows = append(r.Election.Rows, row)
			}
		}
	}
	if in.Mode == "observe" || r.Total.WouldHide > 0 {
		r.Observe = observe(comments, order, r.Total)
	}
	return r, nil
}

func bump(m map[string]map[*Figures]int, key string, f *Figures) {
	if m[key] == nil {
		m[key] = map[*Figures]int{}
	}
	m[key][f]++
}

// accountsSeen returns the configured accounts, then any account the
// month's comments name that the configuration no longer lists.
func accountsSeen(accounts []Account, seen map[string]*Figures) []Account {
	out := slices.Clone(accounts)
	var extra []string
	for id := range seen {
		if !slices.ContainsFunc(accounts, func(a Account) bool { return a.ID == id }) {
			extra = append(extra, id)
		}
	}
	slices.Sort(extra)
	for _, id := range extra {
		out = append(out, Account{ID: id, Name: accountLabel(accounts, id)})
	}
	for i := range out {
		if seen[out[i].ID] == nil {
			seen[out[i].ID] = &Figures{}
		}
	}
	return out
}

func accountLabel(accounts []Account, pageID string) string {
	for _, a := range accounts {
		if a.ID == pageID {
			return a.Name
		}
	}
	if pageID == "" {
		return "compte inconnu (commentaire expiré)"
	}
	return "compte " + pageID
}

func decisionLabel(d string) string {
	switch d {
	case "approve":
		return "action approuvée"
	case "reject":
		return "rejet (commentaire laissé ou remis visible)"
	case "hide":
		return "masqué par le référent"
	case "unhide":
		return "rétabli par le référent"
	case "delete":
		return "supprimé par le référent"
	case "reply":
		return "réponse publiée"
	}
	return d
}

func eventLabel(e store.AuditEntry) string {
	switch e.Event {
	case store.EventClassified:
		return "laissé visible"
	case store.EventHidden:
		return "masqué automatiquement"
	case store.EventWouldHide:
		return "aurait été masqué (observation)"
	case store.EventQueued:
		return "soumis au référent"
	case store.EventActionFailed:
		return "action en échec"
	case store.EventGone:
		return "déjà supprimé sur la plateforme"
	case store.EventReviewed:
		return "décision du référent : " + decisionLabel(e.Detail)
	}
	return string(e.Event)
}

func row(e store.AuditEntry, c Comment, account func(string) string, pseudo *pseudonymizer, loc *time.Location) Row {
	published := e.CreatedTime
	if published.IsZero() {
		published = c.CreatedTime
	}
	r := Row{
		At: e.At.In(loc), Account: account(c.PageID), CommentID: e.CommentID, PostID: c.PostID,
		Author: pseudo.code(c.FromID), Event: string(e.Event), EventLabel: eventLabel(e), Mode: e.Mode,
		Action: e.Action, Categories: e.Categories, Rules: e.Rules, Judge: e.Judge, Published: inLoc(published, loc),
		ActedAt: inLoc(e.ActedAt, loc), Permalink: c.Permalink,
	}
	if e.Event == store.EventReviewed {
		r.Decision, r.By = e.Detail, e.By
	}
	return r
}

func inLoc(t time.Time, loc *time.Location) time.Time {
	if t.IsZero() {
		return t
	}
	return t.In(loc)
}

// categoryLabels joins the French labels of category ids.
func categoryLabels(ids []string) string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		out = append(out, moderation.Category(id).Label())
	}
	return strings.Join(out, ", ")
}

func sortCounts[T any](s []T, n func(T) int, key func(T) string) {
	slices.SortStableFunc(s, func(a, b T) int {
		if c := cmp.Compare(n(b), n(a)); c != 0 {
			return c
		}
		return cmp.Compare(key(a), key(b))
	})
}
