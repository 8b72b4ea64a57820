package graph

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"

	fb "github.com/huandu/facebook/v2"
	"go.uber.org/zap"
)

// op describes one client operation.
type op struct {
	name string // metric label: "hide", "comments", …
	desc string // error context: "hide comment 123_456"
	// ambiguousUnsafe marks operations that must not be repeated when it is
	// unknown whether Meta applied them (a reply could be posted twice):
	// they retry only Meta's explicit transient errors, not timeouts or
	// error pages.
	ambiguousUnsafe bool
	// tokenCheck lets the call through while the token is known bad.
	tokenCheck bool
}

const (
	retryBase     = time.Second
	retryCap      = 30 * time.Second
	throttleBase  = time.Minute
	throttleCap   = 60 * time.Minute
	longThrottle  = 15 * time.Minute
	throttleAlert = "throttled"
)

// call runs one Graph API exchange through the governor, classifies its
// failure and retries transient ones with capped, jittered exponential
// backoff bounded by ctx. It is the client's only retry loop.
func (c *Client) call(ctx context.Context, o op, do func(s *fb.Session) (fb.Result, error)) (fb.Result, error) {
	for attempt := 1; ; attempt++ {
		if e := c.admit(ctx, o); e != nil {
			c.m.calls.With(o.name, e.Class.String()).Inc()
			return nil, e
		}
		ex := &exchange{}
		// The session copy carries this call's context; it is never stored.
		s := c.session.WithContext(context.WithValue(ctx, exchangeKey{}, ex))
		start := c.now()
		res, err := do(s)
		elapsed := c.now().Sub(start)

		ex.mu.Lock()
		sent, status, header := ex.sent, ex.status, ex.header
		ex.mu.Unlock()
		if sent > 0 {
			c.m.requests.With(o.name).Add(float64(sent))
			c.m.latency.With(o.name).Observe(elapsed.Seconds())
		}
		reading := parseUsage(header)
		c.observeUsage(reading)
		c.observeVersion(header.Get("Facebook-Api-Version"))

		if err == nil {
			c.succeeded(o)
			c.m.calls.With(o.name, "ok").Inc()
			c.log.Debug("graph call", zap.String("op", o.name), zap.Duration("duration", elapsed), zap.Int("attempt", attempt))
			return res, nil
		}

		e := classify(o.desc, err, status, reading, c.redact)
		c.m.errors.With(e.Class.String()).Inc()
		c.failed(o, e)
		if !c.retryable(ctx, o, e, attempt) {
			c.m.calls.With(o.name, e.Class.String()).Inc()
			c.log.Info("graph call failed", zap.String("op", o.desc), zap.Stringer("class", e.Class),
				zap.Int("code", e.Code), zap.Int("subcode", e.Subcode), zap.String("fbtrace_id", e.TraceID), zap.Int("attempt", attempt))
			return nil, e
		}
		d := backoff(attempt)
		c.m.retries.With(o.name).Inc()
		c.log.Debug("graph call retried", zap.String("op", o.desc), zap.Int("code", e.Code), zap.Int("attempt", attempt), zap.Duration("backoff", d))
		if err := c.sleep(ctx, d); err != nil {
			e.Err = errors.Join(e.Err, err)
			c.m.calls.With(o.name, e.Class.String()).Inc()
			return nil, e
		}
	}
}

func (c *Client) retryable(ctx context.Context, o op, e *Error, attempt int) bool {
	if e.Class != ClassTransient || attempt >= c.maxAttempts || ctx.Err() != nil {
		return false
	}
	if o.ambiguousUnsafe {
		var fe *fb.Error
		return errors.As(e.Err, &fe)
	}
	return true
}

// backoff is the wait after the given failed attempt: exponential from 1 s,
// capped at 30 s, with "equal jitter" (half fixed, half random) so clients
// restarted together do not retry in step.
func backoff(attempt int) time.Duration {
	d := retryCap
	if attempt < 6 {
		d = min(retryCap, retryBase<<(attempt-1))
	}
	return d/2 + rand.N(d/2+1)
}

// throttleBackoff is the wait after throttling without an estimate from
// Meta: 1 min doubling to 60 min, plus up to a quarter of jitter, capped.
func throttleBackoff(level int) time.Duration {
	d := throttleCap
	if level < 6 {
		d = min(throttleCap, throttleBase<<level)
	}
	return min(throttleCap, d+rand.N(d/4+1))
}

// admit is the governor: it refuses calls while the token is known bad or
// while throttled (no HTTP request is made, since calls during a block
// prolong it), and spaces calls when usage is high.
func (c *Client) admit(ctx context.Context, o op) *Error {
	if err := ctx.Err(); err != nil {
		return &Error{Op: o.desc, Class: ClassTransient, Message: err.Error(), Err: err}
	}
	c.mu.Lock()
	now := c.now()
	if c.tokenErr != nil && !o.tokenCheck {
		t := c.tokenErr
		c.mu.Unlock()
		return &Error{Op: o.desc, Class: ClassToken, Code: t.Code, Subcode: t.Subcode, TraceID: t.TraceID,
			Message: "calls suspended until the token is checked again: " + t.Message, Err: t}
	}
	if now.Before(c.throttledUntil) {
		wait := c.throttledUntil.Sub(now)
		c.mu.Unlock()
		c.m.throttled.With("governor").Inc()
		return &Error{Op: o.desc, Class: ClassThrottled, RetryAfter: wait,
			Message: "throttled by Meta, calls suspended for " + wait.Round(time.Second).String()}
	}
	var wait time.Duration
	if d := paceDelay(c.usage); d > 0 {
		slot := c.lastStart.Add(d)
		if slot.Before(now) {
			slot = now
		}
		wait = slot.Sub(now)
		c.lastStart = slot
	} else {
		c.lastStart = now
	}
	usage := c.usage
	c.mu.Unlock()
	if wait > 0 {
		c.m.paced.Inc()
		c.log.Debug("graph call paced", zap.String("op", o.name), zap.Float64("usage_percent", usage), zap.Duration("wait", wait))
		if err := c.sleep(ctx, wait); err != nil {
			return &Error{Op: o.desc, Class: ClassTransient, Message: err.Error(), Err: err}
		}
	}
	return nil
}

func (c *Client) observeUsage(r usageReading) {
	if !r.present {
		return
	}
	c.mu.Lock()
	c.usage = r.percent
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
		c.log.Info("graph api version", zap.String("requested", c.session.Version), zap.String("served", v))
	}
}

// succeeded clears the states a success disproves.
func (c *Client) succeeded(o op) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.throttleLevel = 0
	delete(c.activeAlerts, throttleAlert)
	delete(c.activeAlerts, AlertPermission+":"+o.name)
	delete(c.activeAlerts, AlertPolicy+":"+o.name)
	if o.tokenCheck && c.tokenErr != nil {
		c.tokenErr = nil
		delete(c.activeAlerts, AlertTokenInvalid)
		c.m.tokenValid.Set(1)
		c.log.Info("graph token valid again")
	}
}

// failed updates the client's state after a classified failure and raises
// at most one alert per problem.
func (c *Client) failed(o op, e *Error) {
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
		if e.RetryAfter <= 0 {
			e.RetryAfter = throttleBackoff(c.throttleLevel)
		}
		c.throttleLevel++
		if until := now.Add(e.RetryAfter); until.After(c.throttledUntil) {
			c.throttledUntil = until
		}
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
	c.log.Warn("graph alert", zap.String("kind", alert.Kind), zap.String("op", alert.Op),
		zap.Int("code", alert.Code), zap.Int("subcode", alert.Subcode), zap.String("message", alert.Message))
	if c.onAlert != nil {
		c.onAlert(*alert)
	}
}
