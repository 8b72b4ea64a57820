package report

import (
	"time"

	"github.com/vigie-fr/vigie/moderation"
)

// Outcome is where a comment judged in the month ended up; the chart
// stacks comments by it.
type Outcome int

// Outcomes, in the chart's stacking order.
const (
	OutVisible   Outcome = iota // judged compliant, or left as it is
	OutQueued                   // waiting for, or decided by, the référent
	OutWouldHide                // observe mode: would have been hidden
	OutHidden                   // hidden automatically
	OutFailed                   // the action failed (a human was asked)
	numOutcomes
)

// Label is the outcome in French, plural (chart legend, tables).
func (o Outcome) Label() string {
	switch o {
	case OutHidden:
		return "masqués"
	case OutWouldHide:
		return "seraient masqués"
	case OutQueued:
		return "soumis au référent"
	case OutFailed:
		return "action en échec"
	}
	return "laissés visibles"
}

// Count is a labelled number.
type Count struct {
	Key   string // stable id (category, action, decision)
	Label string // French
	N     int
}

// Figures are the counts of one account or of the whole deployment.
type Figures struct {
	Judged     int
	Hidden     int // hidden automatically
	WouldHide  int // observe mode
	Queued     int
	Visible    int
	Failed     int
	ByCategory []Count // every category, in the charter's order
	ByAction   []Count // hide, queue, none: what the verdicts asked for
	Approved   int     // référent decisions confirming an action
	Rejected   int     // référent decisions restoring or leaving a comment
}

// AccountFigures are the figures of one watched account.
type AccountFigures struct {
	Account
	Figures
}

// Reviews summarises the référent's decisions of the month.
type Reviews struct {
	Approved   int
	Rejected   int
	ByDecision []Count
	// AutoHidden is the number of comments hidden automatically (or that
	// would have been, in observe mode) in the month; Restored how many
	// of them the référent restored (reject or unhide) since.
	AutoHidden int
	Restored   int
	Reviewed   int // of AutoHidden, how many the référent looked at
}

// FalseAlarmRate is Restored / AutoHidden; ok is false with no auto-hide.
func (r Reviews) FalseAlarmRate() (rate float64, ok bool) {
	if r.AutoHidden == 0 {
		return 0, false
	}
	return float64(r.Restored) / float64(r.AutoHidden), true
}

// Delay is the distribution of one delay.
type Delay struct {
	Label  string
	N      int
	Median time.Duration
	P90    time.Duration
}

// PostCount is a post and how many of its comments were moderated.
type PostCount struct {
	PostID  string
	Account string
	Link    string
	N       int
}

// AuthorCount is a repeat author under a pseudonym.
type AuthorCount struct {
	Code       string
	N          int
	Categories string // French labels, most frequent first
}

// Complaint is a comment that may warrant a complaint.
type Complaint struct {
	CommentID  string
	Account    string
	Published  time.Time
	Categories []moderation.Category
	Offences   []Offence // what it may amount to, with the article of law
	Deadline   time.Time // when the right to act ends (earliest of its offences)
	Permalink  string
	Restored   bool // the référent restored it: listed for completeness, not advised
}

// Row is one decision of the month: a line of the CSV and of the election
// section.
type Row struct {
	At         time.Time
	Account    string
	CommentID  string
	PostID     string
	Author     string // pseudonym code, never a name
	Event      string // audit event id
	EventLabel string // French
	Mode       string
	Action     string
	Categories []string
	Rules      []string
	Judge      string // the rules, lexicons and model that judged
	Decision   string // the référent's, for reviewed events
	By         string
	Published  time.Time
	ActedAt    time.Time
	Permalink  string
}

// Day is one day of the chart.
type Day struct {
	Date   time.Time
	Counts [numOutcomes]int
}

// Total is the number of comments judged that day.
func (d Day) Total() int {
	n := 0
	for _, c := range d.Counts {
		n += c
	}
	return n
}

// ElectionSection lists every decision on political comments during an
// election period, to show even-handedness.
type ElectionSection struct {
	Period Period
	Rows   []Row
}

// ObserveSection tells what Vigie would have done in observe mode.
type ObserveSection struct {
	WouldHide  int
	ByCategory []Count
	Restored   int // would-hides the référent judged acceptable
	Queued     int
}

// Report is a month's report, ready to render.
type Report struct {
	Month       string
	From, To    time.Time // the month's bounds
	GeneratedAt time.Time
	Location    *time.Location
	Commune     string
	Mode        string
	Total       Figures
	Accounts    []AccountFigures
	Reviews     Reviews
	Delays      []Delay
	Pending     []Pending
	PendingN    int
	TopPosts    []PostCount
	Authors     []AuthorCount
	Complaints  []Complaint
	Election    *ElectionSection
	Observe     *ObserveSection
	Days        []Day
	Rows        []Row
	Received    int64 // events received (counters), duplicates included
	Duplicates  int64
	ViaWebhook  int64
	ViaPoll     int64
}

// Observing reports whether the deployment runs in observe mode.
func (r *Report) Observing() bool { return r.Mode == "observe" }
