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
	account := accountOf(ctx)
	for attempt := 1; ; attempt++ {
		if e := c.admit(ctx, o); e != nil {
			c.m.calls.With(o.name, e.Class.String()).Inc()
			return nil, e
		}
		ex := &exchange{}
		// The session copy carries this call's context; it is never stored.
		s := c.sess().WithContext(context.WithValue(ctx, exchangeKey{}, ex))
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
		c.observeUsage(account, reading)
		c.observeVersion(header.Get("Facebook-Api-Version"))

		if err == nil {
			c.succeeded(account, o)
			c.m.calls.With(o.name, "ok").Inc()
			c.log.Debug("graph call", zap.String("op", o.name), zap.Duration("duration", elapsed), zap.Int("attempt", attempt))
			return res, nil
		}

		e := classify(o.desc, err, status, reading, c.redact)
		c.m.errors.With(e.Class.String()).Inc()
		c.failed(account, o, e)
		if !c.retryable(ctx, o, e, attempt) {
			c.m.calls.With(o.name, e.Class.String()).Inc()
			level := zap.InfoLevel
			if e.Class == ClassToken || e.Class == ClassPermission || e.Class == ClassPolicy {
				level = zap.DebugLevel // the alert says it once per outage
			}
			c.log.Log(level, "graph call failed", zap.String("op", o.desc), zap.Stringer("class", e.Class),
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
