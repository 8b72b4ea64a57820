// Package report builds the commune's monthly report: figures per watched
// account and in total, the référent's decisions and the false-alarm rate,
// delays, pending items, repeat authors under a pseudonym, comments that
// may warrant a complaint with the date the right to act ends, the
// election-period and observe-mode sections, one chart and a CSV of the
// month's decisions. Build is a pure function of the month's data (no
// clock, no Redis); Gather reads that data from the store; Mail and
// WriteDir deliver the result; Scheduler sends it once a month.
package report

import (
	"time"

	"github.com/vigie-fr/vigie/bot/store"
)

// Account is a watched Page or Instagram account.
type Account struct {
	Platform string // facebook | instagram
	ID       string
	Name     string
}

// Comment is what the report needs to know about one comment: ids and
// times, never its text or its author's name, so no report can leak them.
type Comment struct {
	ID          string
	Platform    string
	PageID      string
	PostID      string
	FromID      string // pseudonymised before it reaches the report
	Permalink   string
	CreatedTime time.Time
	NotifiedAt  time.Time
}

// Pending is a comment waiting in the référent's queue.
type Pending struct {
	ID         string
	PageID     string
	Since      time.Time
	Categories []string
}

// Period is an inclusive range of days (the election period).
type Period struct {
	Start, End time.Time // midnight of the first and of the last day
}

// Input is everything a month's report is built from.
type Input struct {
	Month       string // yyyy-mm
	Location    *time.Location
	GeneratedAt time.Time
	Commune     string
	Mode        string // observe | act, the configured mode
	Accounts    []Account
	// Audit holds the audit entries from the start of the month to
	// GeneratedAt (or a few weeks past the month): the month's figures use
	// the entries within the month, the false-alarm rate also looks at
	// later decisions about the month's auto-hides.
	Audit []store.AuditEntry
	// Comments are the comments the audit names, by id, when still known
	// (item or evidence capture).
	Comments map[string]Comment
	Counters map[string]int64
	Pending  []Pending
	Election *Period
	// PseudonymKey keys the HMAC that turns an author id into a short code.
	PseudonymKey []byte
}

// bounds returns the month's first instant and the next month's.
func (in Input) bounds() (from, to time.Time, err error) {
	loc := in.Location
	if loc == nil {
		loc = time.UTC
	}
	from, err = time.ParseInLocation("2006-01", in.Month, loc)
	if err != nil {
		return from, to, err
	}
	return from, from.AddDate(0, 1, 0), nil
}
