package worker

import (
	"context"
	"math/rand/v2"
	"sync"
	"time"
)

// gate holds back every Hide call until Meta's throttling delay is over:
// further calls during a block count and prolong it.
type gate struct {
	mu    sync.Mutex
	until time.Time
}

func (g *gate) delay(now time.Time) time.Duration {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.until.Sub(now)
}

func (g *gate) block(until time.Time) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if until.After(g.until) {
		g.until = until
	}
}

// backoff is a capped, jittered exponential backoff for Redis errors.
type backoff struct {
	min, max, cur time.Duration
}

func (b *backoff) next() time.Duration {
	if b.cur == 0 {
		b.cur = b.min
	} else {
		b.cur = min(2*b.cur, b.max)
	}
	return jitter(b.cur)
}

func (b *backoff) reset() { b.cur = 0 }

// retryDelay is the wait before attempt n+1 of an action that failed n
// times: base·2^(n-1), capped, with ±20 % jitter.
func retryDelay(base, max time.Duration, n int) time.Duration {
	d := base
	for i := 1; i < n && d < max; i++ {
		d *= 2
	}
	return jitter(min(d, max))
}

func jitter(d time.Duration) time.Duration {
	return time.Duration(float64(d) * (0.8 + 0.4*rand.Float64()))
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
