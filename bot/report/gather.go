package report

import (
	"context"
	"fmt"
	"time"

	"github.com/vigie-fr/vigie/bot/store"
)

// lookAhead is how far past the month Gather reads the référent's
// decisions, so an auto-hide of the 31st restored on the 2nd counts as a
// false alarm of its month.
const lookAhead = 31 * 24 * time.Hour

// clockSlack is how far the Redis server's clock, which numbers the audit
// stream, may differ from Vigie's.
const clockSlack = 24 * time.Hour

// Setting is what the configuration tells the report.
type Setting struct {
	Commune  string
	Mode     string
	Accounts []Account
	Election *Period
	// Scoped limits the report to Accounts: one commune's report in a
	// deployment serving several never shows another commune's comments.
	// The month's counters are then counted from the commune's audit.
	Scoped bool
}

// Gather reads the data of month (yyyy-mm) from the store, as of now: the
// audit of the month (and up to a month later for the référent's
// decisions), the comments it names (their item, or their evidence
// capture once the item has expired), the month's counters, the review
// queue and the pseudonym key.
func Gather(ctx context.Context, st *store.Store, month string, now time.Time, set Setting) (Input, error) {
	from, to, err := st.MonthBounds(month)
	if err != nil {
		return Input{}, err
	}
	in := Input{
		Month: month, Location: st.Location(), GeneratedAt: now, Commune: set.Commune, Mode: set.Mode,
		Accounts: set.Accounts, Election: set.Election, Comments: map[string]Comment{},
	}
	until := to.Add(lookAhead)
	if now.Before(until) {
		until = now
	}
	if until.Before(to) {
		until = to
	}
	seen := map[string]bool{}
	var ids []string
	// Stream ids are Redis's clock, At is Vigie's: read a day around the
	// range and keep what Vigie dated within it.
	err = st.ScanAudit(ctx, from.Add(-clockSlack), until.Add(clockSlack), func(a store.AuditEntry) error {
		if a.At.Before(from) || !a.At.Before(until) {
			return nil
		}
		in.Audit = append(in.Audit, a)
		if !seen[a.CommentID] && a.CommentID != "" && a.At.Before(to) {
			seen[a.CommentID] = true
			ids = append(ids, a.CommentID)
		}
		return nil
	})
	if err != nil {
		return Input{}, fmt.Errorf("report: %w", err)
	}
	const batch = 500
	for i := 0; i < len(ids); i += batch {
		items, err := st.Items(ctx, ids[i:min(i+batch, len(ids))])
		if err != nil {
			return Input{}, fmt.Errorf("report: %w", err)
		}
		for _, it := range items {
			in.Comments[it.CommentID] = Comment{
				ID: it.CommentID, Platform: it.Platform, PageID: it.PageID, PostID: it.PostID, FromID: it.FromID,
				Permalink: it.Permalink, CreatedTime: it.CreatedTime, NotifiedAt: it.NotifiedAt,
			}
		}
	}
	for _, id := range ids {
		if _, ok := in.Comments[id]; ok {
			continue
		}
		// The item has expired: the evidence capture, kept longer for the
		// comments that called for an action, still knows where it was.
		caps, err := st.Evidence(ctx, id)
		if err != nil {
			return Input{}, fmt.Errorf("report: %w", err)
		}
		if len(caps) > 0 {
			c := caps[0]
			in.Comments[id] = Comment{ID: id, Platform: c.Platform, PageID: c.PageID, PostID: c.PostID, FromID: c.FromID, Permalink: c.Permalink, CreatedTime: c.CreatedTime}
		}
	}
	if in.Counters, err = st.StatsOf(ctx, month); err != nil {
		return Input{}, fmt.Errorf("report: %w", err)
	}
	pending, _, err := st.QueuePage(ctx, store.OldestFirst, 0, 10000)
	if err != nil {
		return Input{}, fmt.Errorf("report: %w", err)
	}
	for _, it := range pending {
		p := Pending{ID: it.CommentID, PageID: it.PageID, Since: it.FirstReceivedAt}
		if it.Verdict != nil {
			for _, f := range it.Verdict.Findings {
				p.Categories = append(p.Categories, string(f.Category))
			}
		}
		in.Pending = append(in.Pending, p)
	}
	if in.PseudonymKey, err = st.PseudonymKey(ctx); err != nil {
		return Input{}, fmt.Errorf("report: %w", err)
	}
	if set.Scoped {
		scope(&in, set.Accounts)
	}
	return in, nil
}

// scope keeps what concerns the accounts: their comments, the audit
// entries about them, their pending comments; the counters become the
// number of their comments received in the month (the store counts the
// whole deployment).
func scope(in *Input, accounts []Account) {
	mine := map[string]bool{}
	for _, a := range accounts {
		mine[a.ID] = true
	}
	for id, c := range in.Comments {
		if !mine[c.PageID] {
			delete(in.Comments, id)
		}
	}
	from, to, _ := in.bounds()
	received := map[string]bool{}
	audit := in.Audit[:0:0]
	for _, a := range in.Audit {
		if _, ok := in.Comments[a.CommentID]; !ok {
			continue
		}
		audit = append(audit, a)
		if !a.At.Before(from) && a.At.Before(to) {
			received[a.CommentID] = true
		}
	}
	in.Audit = audit
	var pending []Pending
	for _, p := range in.Pending {
		if mine[p.PageID] {
			pending = append(pending, p)
		}
	}
	in.Pending = pending
	in.Counters = map[string]int64{"received": int64(len(received))}
}

// PreviousMonth returns the yyyy-mm month before the one holding t in loc.
func PreviousMonth(t time.Time, loc *time.Location) string {
	t = t.In(loc)
	first := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, loc)
	return first.AddDate(0, -1, 0).Format("2006-01")
}
