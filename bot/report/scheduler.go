package report

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/robfig/cron/v3"
	"go.uber.org/zap"

	"github.com/vigie-fr/vigie/bot/store"
)

// DefaultLockTTL bounds how long one replica may hold the month's report
// before another may try: longer than building and sending take.
const DefaultLockTTL = 10 * time.Minute

// SchedulerOptions configure a Scheduler.
type SchedulerOptions struct {
	Store    *store.Store
	Logger   *zap.Logger
	Schedule string // standard 5-field cron spec, in Location
	Location *time.Location
	// Send builds and sends the report of a month (Service.Send).
	Send func(ctx context.Context, month string) error
	// Parts, instead of Send, are several reports sent on the same
	// schedule (one per commune): each is recorded as sent on its own,
	// so a retry after one failed sends only the missing ones.
	Parts   []Part
	Now     func() time.Time
	LockTTL time.Duration
	// Retry is the pause after a failed send before the next try (30 min
	// when zero); tries go on until the month is sent or the next one is
	// due.
	Retry time.Duration
}

// Part is one of several monthly reports (a commune's).
type Part struct {
	// ID names it in the store's record (the commune's id): stable from
	// one month to the next.
	ID   string
	Send func(ctx context.Context, month string) error
}

// Scheduler sends the previous month's report on its cron schedule, in
// Europe/Paris. Replicas sharing Redis send it once: the sender holds a
// lock and records the month as sent before releasing it; a restart
// checks the record, and catches up a report missed while it was down.
type Scheduler struct {
	o     SchedulerOptions
	sched cron.Schedule
	log   *zap.Logger
}

// NewScheduler checks the options.
func NewScheduler(o SchedulerOptions) (*Scheduler, error) {
	if o.Store == nil || (o.Send == nil && len(o.Parts) == 0) {
		return nil, errors.New("report: scheduler needs a store and a sender")
	}
	seen := map[string]bool{}
	for _, p := range o.Parts {
		if p.ID == "" || p.Send == nil || seen[p.ID] {
			return nil, fmt.Errorf("report: scheduler part %q: an id of its own and a sender are required", p.ID)
		}
		seen[p.ID] = true
	}
	if o.Location == nil {
		o.Location = o.Store.Location()
	}
	sched, err := cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow).Parse("CRON_TZ=" + o.Location.String() + " " + o.Schedule)
	if err != nil {
		return nil, fmt.Errorf("report: schedule %q: %w", o.Schedule, err)
	}
	if o.Logger == nil {
		o.Logger = zap.NewNop()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.LockTTL == 0 {
		o.LockTTL = DefaultLockTTL
	}
	if o.Retry == 0 {
		o.Retry = 30 * time.Minute
	}
	return &Scheduler{o: o, sched: sched, log: o.Logger.With(zap.String("component", "report"))}, nil
}

// Due returns the month whose report is due at now: the previous month,
// once the schedule's first time in the current month has passed.
func (s *Scheduler) Due(now time.Time) (month string, ok bool) {
	now = now.In(s.o.Location)
	monthStart := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, s.o.Location)
	first := s.sched.Next(monthStart.Add(-time.Second))
	if first.IsZero() || now.Before(first) {
		return "", false
	}
	return PreviousMonth(now, s.o.Location), true
}

// Run sends the due report at start (a report missed while no replica ran)
// and then at every scheduled time, until ctx ends. A failed send is tried
// again after Retry.
func (s *Scheduler) Run(ctx context.Context) error {
	for first := true; ; first = false {
		now := s.o.Now()
		wait := s.sched.Next(now).Sub(now)
		if month, ok := s.Due(now); ok && (!first || s.hadActivity(ctx, month)) {
			sent, err := s.SendOnce(ctx, month)
			switch {
			case ctx.Err() != nil:
				return nil
			case err != nil:
				s.log.Error("monthly report failed; will try again", zap.String("month", month), zap.Duration("retry_in", s.o.Retry), zap.Error(err))
				wait = min(wait, s.o.Retry)
			case sent:
				s.log.Info("monthly report sent", zap.String("month", month))
			default:
				// Sent already, or another replica holds the lock: look
				// again later in case that replica fails.
				if _, done, err := s.o.Store.ReportSent(ctx, month); err != nil || !done {
					wait = min(wait, s.o.Retry)
				}
			}
		}
		t := time.NewTimer(max(wait, time.Second))
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C:
		}
	}
}

// hadActivity reports whether month has counters: at start-up, a missed
// report is caught up only for a month Vigie watched, so a new
// installation does not open with an empty report of the month before.
func (s *Scheduler) hadActivity(ctx context.Context, month string) bool {
	stats, err := s.o.Store.StatsOf(ctx, month)
	if err != nil {
		s.log.Warn("reading the month's counters failed", zap.String("month", month), zap.Error(err))
		return true // try: sending an empty report beats missing one
	}
	return len(stats) > 0
}

// SendOnce sends the report of month unless it was already sent. Only the
// replica holding the month's lock sends; it records the month as sent
// before releasing the lock. sent is false when there was nothing to do.
func (s *Scheduler) SendOnce(ctx context.Context, month string) (sent bool, err error) {
	if _, done, err := s.o.Store.ReportSent(ctx, month); err != nil || done {
		return false, err
	}
	lock, err := s.o.Store.TryLock(ctx, "report:"+month, s.o.LockTTL)
	if errors.Is(err, store.ErrLockHeld) {
		return false, nil // another replica is sending it
	}
	if err != nil {
		return false, err
	}
	defer func() {
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		if err := lock.Release(rctx); err != nil {
			s.log.Warn("releasing the report lock failed; it expires by itself", zap.Error(err))
		}
	}()
	// Checked again under the lock: another replica may have sent it
	// between the first check and the lock.
	if _, done, err := s.o.Store.ReportSent(ctx, month); err != nil || done {
		return false, err
	}
	if len(s.o.Parts) > 0 {
		return s.sendParts(ctx, month)
	}
	if err := s.o.Send(ctx, month); err != nil {
		return false, err
	}
	// Recorded even if ctx ended meanwhile: the mail went out.
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if _, err := s.o.Store.MarkReportSent(rctx, month, s.o.Now()); err != nil {
		return true, err
	}
	return true, nil
}

// sendParts sends, under the month's lock, the reports of month not sent
// yet, recording each once sent, and the month once they all are. One
// failure does not stop the others; the error joins the failures.
func (s *Scheduler) sendParts(ctx context.Context, month string) (sent bool, err error) {
	var errs []error
	for _, p := range s.o.Parts {
		_, done, err := s.o.Store.ReportPartSent(ctx, month, p.ID)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if done {
			continue
		}
		if err := p.Send(ctx, month); err != nil {
			errs = append(errs, fmt.Errorf("report %s: %w", p.ID, err))
			continue
		}
		sent = true
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		_, err = s.o.Store.MarkReportPartSent(rctx, month, p.ID, s.o.Now())
		cancel()
		if err != nil {
			errs = append(errs, err)
		} else {
			s.log.Info("monthly report sent", zap.String("month", month), zap.String("part", p.ID))
		}
	}
	if len(errs) > 0 {
		return sent, errors.Join(errs...)
	}
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if _, err := s.o.Store.MarkReportSent(rctx, month, s.o.Now()); err != nil {
		return sent, err
	}
	return sent, nil
}
