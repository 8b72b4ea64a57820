// Package poller reconciles with the Graph API on a cron schedule: webhooks
// get lost (Meta drops them after 36 hours of failures, unsubscribes apps,
// has bugs), so every few minutes the leader among running instances lists
// each Page's recent posts with their comments and enqueues the comments
// through the same dedup path as the webhook: a comment seen by both is
// judged once.
//
// A cursor per Page (the newest comment creation time seen) lives in Redis,
// so comments posted while Vigie was down are enqueued when it comes back,
// as far back as the backfill window. Comments are listed from the cursor
// (minus a small overlap), so an idle poll costs one Graph call per Page
// however many comments the window holds; the whole window is read only
// at the first start and after a downtime longer than it.
package poller

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/robfig/cron/v3"
	"go.uber.org/zap"

	"github.com/vigie-fr/vigie/bot/graph"
	"github.com/vigie-fr/vigie/bot/metrics"
	"github.com/vigie-fr/vigie/bot/store"
)

// Source lists a Page's posts created since postsSince with their
// comments (replies included) created since commentsSince;
// *graph.Client implements it.
type Source interface {
	RecentComments(ctx context.Context, pageID string, postsSince, commentsSince time.Time) ([]graph.Post, []graph.Comment, error)
}

// InstagramSource lists an Instagram account's media published since
// mediaSince with their comments and replies created since commentsSince;
// *graph.Client implements it.
type InstagramSource interface {
	InstagramComments(ctx context.Context, igUserID string, mediaSince, commentsSince time.Time) ([]graph.Post, []graph.Comment, error)
}

// Defaults for Options.
const (
	DefaultSchedule = "*/2 * * * *"
	DefaultBackfill = 7 * 24 * time.Hour
	DefaultOverlap  = 10 * time.Minute
	DefaultLockTTL  = 5 * time.Minute
	lockName        = "poller"
	enqueueChunk    = 500
)

// Options configure a Poller.
type Options struct {
	Source  Source       // required
	Store   *store.Store // required
	PageIDs []string     // required
	// InstagramIDs are Instagram professional accounts to poll too; Source
	// must then implement InstagramSource.
	InstagramIDs []string
	// Backfill is how far back posts are listed, and the oldest comment
	// enqueued when the cursor is older or unset.
	Backfill time.Duration
	// Overlap is how far before the cursor comments are enqueued again, for
	// comments Meta makes visible late; dedup absorbs the repeats.
	Overlap time.Duration
	// Schedule is a standard 5-field cron spec.
	Schedule string
	// Location is the schedule's time zone; Europe/Paris when nil.
	Location *time.Location
	// LockTTL is the leader lock's lifetime, renewed while a poll runs.
	LockTTL time.Duration
	Logger  *zap.Logger
	Metrics *metrics.Registry
	Now     func() time.Time
}

// Poller polls the Graph API for comments the webhooks missed.
type Poller struct {
	source   Source
	store    *store.Store
	pages    []string
	ig       []string
	igSource InstagramSource
	own      map[string]bool
	backfill time.Duration
	overlap  time.Duration
	schedule string
	loc      *time.Location
	lockTTL  time.Duration
	log      *zap.Logger
	m        *pollMetrics
	now      func() time.Time
}

// New checks the options and returns a Poller.
func New(o Options) (*Poller, error) {
	var errs []error
	if o.Source == nil {
		errs = append(errs, errors.New("poller: no source"))
	}
	if o.Store == nil {
		errs = append(errs, errors.New("poller: no store"))
	}
	if len(o.PageIDs) == 0 {
		errs = append(errs, errors.New("poller: no page id"))
	}
	for _, id := range o.PageIDs {
		if !store.ValidID(id) {
			errs = append(errs, fmt.Errorf("poller: invalid page id %q", id))
		}
	}
	for _, id := range o.InstagramIDs {
		if !store.ValidID(id) {
			errs = append(errs, fmt.Errorf("poller: invalid instagram account id %q", id))
		}
	}
	igSource, _ := o.Source.(InstagramSource)
	if len(o.InstagramIDs) > 0 && igSource == nil {
		errs = append(errs, errors.New("poller: the source cannot list instagram comments"))
	}
	if o.Backfill < 0 || o.Overlap < 0 || o.LockTTL < 0 {
		errs = append(errs, errors.New("poller: negative duration"))
	}
	if o.Schedule == "" {
		o.Schedule = DefaultSchedule
	}
	if _, err := cron.ParseStandard(o.Schedule); err != nil {
		errs = append(errs, fmt.Errorf("poller: schedule %q: %w", o.Schedule, err))
	}
	if o.Location == nil {
		loc, err := time.LoadLocation("Europe/Paris")
		if err != nil {
			errs = append(errs, fmt.Errorf("poller: load time zone Europe/Paris (install tzdata or set a location): %w", err))
		}
		o.Location = loc
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	p := &Poller{
		source: o.Source, store: o.Store, pages: append([]string(nil), o.PageIDs...), own: map[string]bool{},
		ig: append([]string(nil), o.InstagramIDs...), igSource: igSource,
		backfill: o.Backfill, overlap: o.Overlap, schedule: o.Schedule, loc: o.Location, lockTTL: o.LockTTL,
		log: o.Logger, now: o.Now,
	}
	for _, id := range append(append([]string(nil), p.pages...), p.ig...) {
		p.own[id] = true
	}
	if p.backfill == 0 {
		p.backfill = DefaultBackfill
	}
	if p.overlap == 0 {
		p.overlap = DefaultOverlap
	}
	if p.lockTTL == 0 {
		p.lockTTL = DefaultLockTTL
	}
	if p.log == nil {
		p.log = zap.NewNop()
	}
	p.log = p.log.With(zap.String("component", "poller"))
	if o.Metrics == nil {
		o.Metrics = metrics.NewRegistry()
	}
	p.m = newMetrics(o.Metrics)
	if p.now == nil {
		p.now = time.Now
	}
	return p, nil
}

// Run polls once at start, then on the schedule, until ctx is cancelled;
// it returns nil then, after the poll in progress (if any) has stopped.
func (p *Poller) Run(ctx context.Context) error {
	c := cron.New(
		cron.WithLocation(p.loc),
		cron.WithLogger(cronLogger{p.log}),
		cron.WithChain(cron.SkipIfStillRunning(cronLogger{p.log})),
	)
	if _, err := c.AddFunc(p.schedule, func() { p.logRound(ctx) }); err != nil {
		return fmt.Errorf("poller: schedule %q: %w", p.schedule, err)
	}
	p.logRound(ctx)
	c.Start()
	<-ctx.Done()
	<-c.Stop().Done() // waits for a running poll, which ctx cancels
	p.log.Info("poller stopped")
	return nil
}

func (p *Poller) logRound(ctx context.Context) {
	if err := p.PollOnce(ctx); err != nil && ctx.Err() == nil {
		p.log.Warn("poll round failed; the next round retries", zap.Error(err))
	}
}

// cronLogger adapts zap to cron's logger.
type cronLogger struct{ l *zap.Logger }

func (c cronLogger) Info(msg string, kv ...any) { c.l.Sugar().Debugw("cron: "+msg, kv...) }
func (c cronLogger) Error(err error, msg string, kv ...any) {
	c.l.Sugar().Errorw("cron: "+msg, append(kv, "error", err)...)
}
