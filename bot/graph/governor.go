package graph

import (
	"context"
	"time"

	"go.uber.org/zap"
)

// Rate limits are kept per account: the Page (or Instagram account) a call
// is about, named with WithAccount. Meta's Business Use Case limits, which
// Page tokens fall under, are per object, so one account's throttling must
// not hold back another's. Application-wide throttling (codes 4 and 17)
// blocks every account.

type accountKey struct{}

// WithAccount returns a context whose calls count against the budget of
// account (a Page id). Calls without one share the default budget.
func WithAccount(ctx context.Context, account string) context.Context {
	return context.WithValue(ctx, accountKey{}, account)
}

func accountOf(ctx context.Context) string {
	a, _ := ctx.Value(accountKey{}).(string)
	return a
}

// appWide is the budget key of application-wide throttling.
const appWide = "\x00app"

// budget is one account's rate-limit state.
type budget struct {
	throttledUntil time.Time
	level          int       // consecutive throttling answers, for backoff
	usage          float64   // latest usage Meta reported for this account
	last           time.Time // when the previous call was let through, for pacing
	// changed is closed (and replaced) when the pace loosens, so callers
	// waiting for a slot booked under an older, higher usage go at once.
	changed chan struct{}
}

func (c *Client) budgetLocked(account string) *budget {
	b := c.budgets[account]
	if b == nil {
		b = &budget{changed: make(chan struct{})}
		c.budgets[account] = b
	}
	return b
}

// loosen wakes the callers waiting on b's pace.
func (b *budget) loosen() {
	close(b.changed)
	b.changed = make(chan struct{})
}

// admit is the governor: it refuses calls while the token is known bad or
// while the account (or the whole app) is throttled, without making an
// HTTP request, since calls during a block prolong it; and it spaces calls
// when usage is high. A pace wait re-reads the latest usage whenever it
// changes, so a fresh answer reporting low usage releases every waiter at
// once. A wait longer than MaxPaceWait is refused as throttling, with
// RetryAfter, so that the caller parks the work instead of holding a
// goroutine.
func (c *Client) admit(ctx context.Context, o op) *Error {
	account := accountOf(ctx)
	for {
		if err := ctx.Err(); err != nil {
			return &Error{Op: o.desc, Class: ClassTransient, Message: err.Error(), Err: err, Local: true}
		}
		c.mu.Lock()
		now := c.now()
		if c.tokenErr != nil && !o.tokenCheck {
			t := c.tokenErr
			c.mu.Unlock()
			return &Error{Op: o.desc, Class: ClassToken, Code: t.Code, Subcode: t.Subcode, TraceID: t.TraceID,
				Message: "calls suspended until the token works again: " + t.Message, Err: t, Local: true}
		}
		b, app := c.budgetLocked(account), c.budgetLocked(appWide)
		until := b.throttledUntil
		if app.throttledUntil.After(until) {
			until = app.throttledUntil
		}
		if now.Before(until) {
			c.mu.Unlock()
			wait := until.Sub(now)
			c.m.throttled.With("governor").Inc()
			return &Error{Op: o.desc, Class: ClassThrottled, RetryAfter: wait, Local: true,
				Message: "throttled by Meta, calls suspended for " + wait.Round(time.Second).String()}
		}
		d := paceDelay(b.usage)
		slot := b.last.Add(d)
		if d == 0 || !slot.After(now) {
			b.last = now
			c.mu.Unlock()
			return nil
		}
		wait, usage, changed := slot.Sub(now), b.usage, b.changed
		c.mu.Unlock()
		if c.maxPaceWait > 0 && wait > c.maxPaceWait {
			c.m.throttled.With("governor").Inc()
			return &Error{Op: o.desc, Class: ClassThrottled, RetryAfter: wait, Local: true,
				Message: "usage high, next call allowed in " + wait.Round(time.Second).String()}
		}
		c.m.paced.Inc()
		c.log.Debug("graph call paced", zap.String("op", o.name), zap.Float64("usage_percent", usage), zap.Duration("wait", wait))
		if err := c.waitPace(ctx, wait, changed); err != nil {
			return &Error{Op: o.desc, Class: ClassTransient, Message: err.Error(), Err: err, Local: true}
		}
	}
}

// waitPace waits d, or less if the pace loosens. An injected Sleep (tests
// with a fake clock) is used as is.
func (c *Client) waitPace(ctx context.Context, d time.Duration, changed <-chan struct{}) error {
	if c.customSleep {
		return c.sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
	case <-changed:
	}
	return nil
}

// observeUsage records the usage an answer reported for the account.
func (c *Client) observeUsage(account string, r usageReading) {
	if !r.present {
		return
	}
	c.mu.Lock()
	c.usage = r.percent
	b := c.budgetLocked(account)
	old := b.usage
	b.usage = r.percent
	if paceDelay(r.percent) < paceDelay(old) {
		b.loosen()
	}
	c.mu.Unlock()
	c.m.usage.Set(r.percent)
}

// observeVersion logs the API version Meta serves when it first appears or
// changes: Meta upgrades expired versions silently.
func (c *Client) observeVersion(v string) {
	if v == "" {
		return
	}
	c.mu.Lock()
	changed := v != c.servedVersion
	c.servedVersion = v
	c.mu.Unlock()
	if changed {
		c.log.Info("graph api version", zap.String("requested", c.version), zap.String("served", v))
	}
}

// succeeded clears the states a success disproves.
func (c *Client) succeeded(account string, o op) {
	c.mu.Lock()
	c.budgetLocked(account).level = 0
	delete(c.activeAlerts, throttleAlert)
	delete(c.activeAlerts, AlertPermission+":"+o.name)
	delete(c.activeAlerts, AlertPolicy+":"+o.name)
	recovered := false
	if c.tokenErr != nil && o.tokenCheck {
		c.tokenErr = nil
		delete(c.activeAlerts, AlertTokenInvalid)
		c.m.tokenValid.Set(1)
		recovered = true
	}
	c.mu.Unlock()
	if recovered {
		c.log.Info("graph token valid again: calls resume")
		if c.onTokenValid != nil {
			c.onTokenValid()
		}
	}
}

// failed updates the client's state after a classified failure and raises
// at most one alert per problem.
func (c *Client) failed(account string, o op, e *Error) {
	c.mu.Lock()
	now := c.now()
	var alert *Alert
	raise := func(kind, key string) {
		if c.activeAlerts[key] {
			return
		}
		c.activeAlerts[key] = true
		alert = &Alert{Kind: kind, Op: e.Op, Code: e.Code, Subcode: e.Subcode, Message: e.Message, At: now}
		c.lastAlert = alert
	}
	switch e.Class {
	case ClassToken:
		if c.tokenErr == nil {
			t := *e
			c.tokenErr = &t
			c.m.tokenValid.Set(0)
		}
		raise(AlertTokenInvalid, AlertTokenInvalid)
	case ClassThrottled:
		c.m.throttled.With("meta").Inc()
		key := account
		if e.Code == 4 || e.Code == 17 {
			key = appWide
		}
		b := c.budgetLocked(key)
		if e.RetryAfter <= 0 {
			e.RetryAfter = throttleBackoff(b.level)
		}
		b.level++
		if until := now.Add(e.RetryAfter); until.After(b.throttledUntil) {
			b.throttledUntil = until
		}
		// The usage in a throttling answer is what earned the wait; once
		// the wait is over, pace by the next answer, not by that figure
		// (pacing a minute apart after the block is what stalled the
		// backlog for minutes).
		acct := c.budgetLocked(account)
		acct.usage = 0
		acct.loosen()
		if e.RetryAfter >= longThrottle {
			raise(AlertThrottled, throttleAlert)
		}
	case ClassPermission:
		raise(AlertPermission, AlertPermission+":"+o.name)
	case ClassPolicy:
		raise(AlertPolicy, AlertPolicy+":"+o.name)
	}
	c.mu.Unlock()
	if alert == nil {
		return
	}
	c.m.alerts.With(alert.Kind).Inc()
	if c.onAlert == nil {
		c.log.Warn("graph alert", zap.String("kind", alert.Kind), zap.String("op", alert.Op),
			zap.Int("code", alert.Code), zap.Int("subcode", alert.Subcode), zap.String("message", alert.Message))
		return
	}
	c.onAlert(*alert)
}
