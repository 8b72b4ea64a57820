// Package review carries out the référent's decisions on queued and
// auto-hidden comments: approve the proposed action, reject it, or choose
// another (hide, unhide, delete, reply). Every decision takes a per-item
// lock in Redis, acts once through the Graph API (skipped in observe
// mode), and is recorded in one transaction: the item, the audit with who
// and when, the queue, and a labelled example for the commune's model.
// The web console, the e-mail links and the CLI all go through it.
package review

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"go.uber.org/zap"

	"github.com/vigie-fr/vigie/bot/graph"
	"github.com/vigie-fr/vigie/bot/store"
	"github.com/vigie-fr/vigie/moderation"
)

// Decision is what the référent chose.
type Decision string

// Decisions.
const (
	Approve Decision = "approve" // the proposed action (hide, or the official correction as a reply)
	Reject  Decision = "reject"  // nothing should have been done: the comment stays or comes back
	Hide    Decision = "hide"
	Unhide  Decision = "unhide"
	Delete  Decision = "delete"
	Reply   Decision = "reply" // a reply as the Page, with the référent's text
)

// ParseDecision reads a decision name.
func ParseDecision(s string) (Decision, error) {
	switch d := Decision(s); d {
	case Approve, Reject, Hide, Unhide, Delete, Reply:
		return d, nil
	}
	return "", fmt.Errorf("review: unknown decision %q", s)
}

// Label is the decision in French, as a past participle.
func (d Decision) Label() string {
	switch d {
	case Approve:
		return "approuvé"
	case Reject:
		return "rejeté (laissé visible)"
	case Hide:
		return "masqué"
	case Unhide:
		return "rétabli"
	case Delete:
		return "supprimé"
	case Reply:
		return "réponse publiée"
	}
	return string(d)
}

// Actor is the part of the Graph API client decisions use.
type Actor interface {
	Hide(ctx context.Context, commentID string) error
	Unhide(ctx context.Context, commentID string) error
	Delete(ctx context.Context, commentID string) error
	Reply(ctx context.Context, commentID, message string) (string, error)
}

// Errors of Decide. AlreadyDecidedError is returned too.
var (
	ErrNoItem     = errors.New("review: no such comment (unknown, or past the retention)")
	ErrNotPending = errors.New("review: the comment is not waiting for a decision")
	ErrBusy       = errors.New("review: another decision on this comment is in progress")
	ErrInvalid    = errors.New("review: invalid decision")
)

// AlreadyDecidedError says who decided first.
type AlreadyDecidedError struct {
	Decision Decision
	By       string
	At       time.Time
}

func (e *AlreadyDecidedError) Error() string {
	return fmt.Sprintf("review: already decided (%s by %s at %s)", e.Decision, e.By, e.At.Format(time.RFC3339))
}

// Request is one decision to carry out.
type Request struct {
	CommentID string
	Decision  Decision
	By        string // the console user, or "cli:<name>", or "lien:<user>"
	Text      string // the reply, for Reply
}

// Outcome is what a decision did.
type Outcome struct {
	CommentID string
	Decision  Decision
	Action    string // the platform call: hide, unhide, delete, reply, or none
	Observe   bool   // observe mode: recorded, the call was skipped
	Gone      bool   // the comment no longer exists on the platform
	ReplyID   string
	At        time.Time
}

// Summary is the outcome in one French sentence.
func (o Outcome) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Décision enregistrée : %s", o.Decision.Label())
	switch {
	case o.Gone:
		b.WriteString(" ; le commentaire n'existe plus sur Facebook")
	case o.Observe && o.Action != "none":
		fmt.Fprintf(&b, " ; mode observation : rien n'a été fait sur Facebook (aurait été : %s)", actionLabel(o.Action))
	case o.Action != "none":
		fmt.Fprintf(&b, " ; fait sur Facebook : %s", actionLabel(o.Action))
	default:
		b.WriteString(" ; aucune action nécessaire sur Facebook")
	}
	b.WriteString(".")
	return b.String()
}

func actionLabel(a string) string {
	switch a {
	case "hide":
		return "commentaire masqué"
	case "unhide":
		return "commentaire rendu visible"
	case "delete":
		return "commentaire supprimé"
	case "reply":
		return "réponse publiée"
	}
	return a
}

// Options configure a Service.
type Options struct {
	Store *store.Store
	Actor Actor
	// Observe records decisions without calling the platform.
	Observe bool
	Logger  *zap.Logger
	Now     func() time.Time
	// LockTTL bounds a decision in progress (a crashed process frees the
	// comment after it); WaitBusy is how long a second decision waits for
	// the first before answering ErrBusy.
	LockTTL, WaitBusy time.Duration
}

// Service carries out decisions.
type Service struct {
	st       *store.Store
	actor    Actor
	observe  bool
	log      *zap.Logger
	now      func() time.Time
	lockTTL  time.Duration
	waitBusy time.Duration
}

// New returns a Service.
func New(o Options) (*Service, error) {
	if o.Store == nil || o.Actor == nil {
		return nil, errors.New("review: store and actor are required")
	}
	s := &Service{st: o.Store, actor: o.Actor, observe: o.Observe, log: o.Logger, now: o.Now, lockTTL: o.LockTTL, waitBusy: o.WaitBusy}
	if s.log == nil {
		s.log = zap.NewNop()
	}
	s.log = s.log.With(zap.String("component", "review"))
	if s.now == nil {
		s.now = time.Now
	}
	if s.lockTTL == 0 {
		s.lockTTL = time.Minute
	}
	if s.waitBusy == 0 {
		s.waitBusy = 5 * time.Second
	}
	return s, nil
}

// Observe reports whether decisions skip the platform.
func (s *Service) Observe() bool { return s.observe }

// Store exposes the store (listings).
func (s *Service) Store() *store.Store { return s.st }

// Decide carries out r once. Two decisions on the same comment at once are
// serialised by a lock; the second then finds the comment decided and
// returns an *AlreadyDecidedError, so the platform is called once.
func (s *Service) Decide(ctx context.Context, r Request) (Outcome, error) {
	if r.Decision == Reply && strings.TrimSpace(r.Text) == "" {
		return Outcome{}, fmt.Errorf("%w: empty reply", ErrInvalid)
	}
	if _, err := ParseDecision(string(r.Decision)); err != nil {
		return Outcome{}, fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	if strings.TrimSpace(r.By) == "" {
		return Outcome{}, fmt.Errorf("%w: no author", ErrInvalid)
	}
	lock, err := s.lock(ctx, r.CommentID)
	if err != nil {
		return Outcome{}, err
	}
	defer func() {
		// A fresh context: the decision is made, free the comment even if
		// the request was cancelled.
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		if err := lock.Release(rctx); err != nil {
			s.log.Warn("releasing a decision lock failed", zap.String("comment", r.CommentID), zap.Error(err))
		}
	}()
	return s.decideLocked(ctx, r)
}

func (s *Service) lock(ctx context.Context, id string) (*store.Lock, error) {
	deadline := s.now().Add(s.waitBusy)
	for {
		l, err := s.st.TryLock(ctx, "decide:"+id, s.lockTTL)
		if err == nil {
			return l, nil
		}
		if !errors.Is(err, store.ErrLockHeld) {
			return nil, fmt.Errorf("review: %w", err)
		}
		if !s.now().Before(deadline) {
			return nil, ErrBusy
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(25 * time.Millisecond):
		}
	}
}

func (s *Service) decideLocked(ctx context.Context, r Request) (Outcome, error) {
	it, ok, err := s.st.Item(ctx, r.CommentID)
	if err != nil {
		return Outcome{}, fmt.Errorf("review: %w", err)
	}
	if !ok {
		return Outcome{}, ErrNoItem
	}
	queued, err := s.st.InQueue(ctx, r.CommentID)
	if err != nil {
		return Outcome{}, fmt.Errorf("review: %w", err)
	}
	hidden, err := s.st.InHidden(ctx, r.CommentID)
	if err != nil {
		return Outcome{}, fmt.Errorf("review: %w", err)
	}
	pending := queued || hidden
	decided := func() error {
		if it.Decision != "" {
			return &AlreadyDecidedError{Decision: Decision(it.Decision), By: it.ReviewedBy, At: it.ReviewedAt}
		}
		return ErrNotPending
	}
	if it.State == store.StateDeleted {
		return Outcome{}, decided()
	}
	if (r.Decision == Approve || r.Decision == Reject) && !pending {
		return Outcome{}, decided()
	}
	action, text := plan(r, it)
	switch {
	case r.Decision == Reply && it.ReplyID != "":
		return Outcome{}, decided() // a second click never posts a second reply
	case !pending && Decision(it.Decision) == r.Decision && action != "reply":
		return Outcome{}, decided()
	}
	out := Outcome{CommentID: r.CommentID, Decision: r.Decision, Action: action, Observe: s.observe}
	state := nextState(action, it.State)
	log := s.log.With(zap.String("comment", r.CommentID), zap.String("decision", string(r.Decision)), zap.String("action", action))
	if !s.observe && action != "none" {
		actx := graph.WithPlatform(graph.WithAccount(ctx, it.PageID), it.Platform)
		replyID, err := s.call(actx, action, r.CommentID, text)
		switch {
		case graph.ClassOf(err) == graph.ClassNotFound:
			out.Gone, state = true, store.StateDeleted
		case err != nil:
			log.Warn("decision failed on the platform", zap.String("class", graph.ClassOf(err).String()), zap.Error(err))
			a := store.AuditEntry{CommentID: r.CommentID, Event: store.EventActionFailed, Mode: s.mode(), Action: action,
				State: string(it.State), By: r.By, Detail: string(r.Decision), Error: graph.ClassOf(err).String()}
			if aerr := s.st.AppendAudit(ctx, a); aerr != nil {
				log.Warn("recording the failure failed", zap.Error(aerr))
			}
			return Outcome{}, fmt.Errorf("review: %s %s: %w", action, r.CommentID, err)
		}
		out.ReplyID = replyID
	}
	if s.observe {
		state = "" // nothing changed on the platform
	}
	out.At = s.now()
	rev := store.Review{
		CommentID: r.CommentID, Decision: string(r.Decision), By: r.By, At: out.At, State: state, ReplyID: out.ReplyID,
		Audit:   s.audit(it, action),
		Example: example(it, r.Decision, out.At),
	}
	if err := s.st.RecordReview(ctx, rev); err != nil {
		// The platform was called: say so loudly, the référent will see the
		// comment still pending and may decide again (hide and unhide are
		// idempotent on the platform).
		log.Error("recording a decision failed after the platform call", zap.Error(err))
		return out, fmt.Errorf("review: %w", err)
	}
	log.Info("decision recorded", zap.Bool("observe", s.observe), zap.Bool("gone", out.Gone))
	return out, nil
}

func (s *Service) mode() string {
	if s.observe {
		return "observe"
	}
	return "act"
}

func (s *Service) audit(it store.Item, action string) store.AuditEntry {
	a := store.AuditEntry{Mode: s.mode(), Action: action, TextHash: it.TextHash, CreatedTime: it.CreatedTime,
		ReceivedAt: it.ReceivedAt, ClassifiedAt: it.ClassifiedAt}
	if it.Verdict != nil {
		for _, f := range it.Verdict.Findings {
			a.Categories = append(a.Categories, string(f.Category))
			a.Rules = append(a.Rules, f.Rules...)
		}
	}
	if !s.observe && action != "none" {
		a.ActedAt = s.now()
	}
	return a
}

func (s *Service) call(ctx context.Context, action, id, text string) (string, error) {
	switch action {
	case "hide":
		return "", s.actor.Hide(ctx, id)
	case "unhide":
		return "", s.actor.Unhide(ctx, id)
	case "delete":
		return "", s.actor.Delete(ctx, id)
	case "reply":
		return s.actor.Reply(ctx, id, text)
	}
	return "", nil
}

// plan returns the platform action a decision needs and the reply text.
func plan(r Request, it store.Item) (action, text string) {
	hiddenNow := it.State == store.StateHidden
	switch r.Decision {
	case Approve:
		if c, ok := Correction(it); ok {
			return "reply", c
		}
		if hiddenNow {
			return "none", ""
		}
		return "hide", ""
	case Reject:
		if hiddenNow {
			return "unhide", ""
		}
		return "none", ""
	case Hide:
		if hiddenNow {
			return "none", ""
		}
		return "hide", ""
	case Unhide:
		if it.State == store.StateHidden || it.State == store.StateActionFailed || it.State == store.StateWouldHide {
			return "unhide", ""
		}
		return "none", ""
	case Delete:
		return "delete", ""
	case Reply:
		return "reply", strings.TrimSpace(r.Text)
	}
	return "none", ""
}

func nextState(action string, cur store.State) store.State {
	switch action {
	case "hide":
		return store.StateHidden
	case "unhide":
		return store.StateVisible
	case "delete":
		return store.StateDeleted
	}
	if cur == store.StateQueued || cur == store.StateActionFailed || cur == store.StateWouldHide {
		return store.StateVisible // decided: no longer waiting
	}
	return cur
}

// Correction returns the commune's official correction when the proposed
// action is to post it as a reply: the verdict found only a denied rumour.
func Correction(it store.Item) (string, bool) {
	v := it.Verdict
	if v == nil || strings.TrimSpace(v.Correction) == "" {
		return "", false
	}
	for _, f := range v.Findings {
		if f.Category != moderation.FakeNews {
			return "", false
		}
	}
	return v.Correction, true
}

// Proposed describes the proposed action of an item in French.
func Proposed(it store.Item) string {
	if _, ok := Correction(it); ok {
		return "publier le démenti officiel de la commune en réponse"
	}
	if it.State == store.StateHidden {
		return "laisser masqué"
	}
	return "masquer le commentaire"
}

// example turns a decision into a labelled example: approving (or hiding,
// deleting, replying to) says the categories were right, rejecting (or
// unhiding) that nothing should have been done.
func example(it store.Item, d Decision, at time.Time) *store.Example {
	if strings.TrimSpace(it.Message) == "" {
		return nil
	}
	var cats []string
	if it.Verdict != nil {
		for _, f := range it.Verdict.Findings {
			cats = append(cats, string(f.Category))
		}
	}
	e := &store.Example{ID: it.CommentID, Text: it.Message, DecidedAt: at.UTC()}
	switch d {
	case Approve, Hide, Delete, Reply:
		if len(cats) == 0 {
			return nil // a decision with no category to confirm teaches nothing
		}
		e.Decision, e.Labels = "approve", cats
	case Reject, Unhide:
		e.Decision, e.Labels = "reject", []string{}
	default:
		return nil
	}
	return e
}
