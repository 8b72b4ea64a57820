package notify

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"
)

// RetryOptions bound the retries of one send.
type RetryOptions struct {
	// Attempts is the number of tries in all (3 when zero).
	Attempts int
	// Base and Max bound the backoff: Base, 2×Base… up to Max, each
	// drawn between half and all of it (1 s and 15 s when zero).
	Base, Max time.Duration
	// Sleep waits d or until ctx is done; a timer when nil.
	Sleep func(ctx context.Context, d time.Duration) error
	// Rand returns a number in [0, 1) for the jitter; math/rand when nil.
	Rand func() float64
}

// Retry returns a Notifier that retries n with capped, jittered
// exponential backoff, bounded by ctx. Permanent errors are returned at
// once. The outbox retries on a longer scale what still fails here.
func Retry(n Notifier, o RetryOptions) Notifier {
	if o.Attempts <= 0 {
		o.Attempts = 3
	}
	if o.Base <= 0 {
		o.Base = time.Second
	}
	if o.Max <= 0 {
		o.Max = 15 * time.Second
	}
	if o.Sleep == nil {
		o.Sleep = sleepCtx
	}
	if o.Rand == nil {
		o.Rand = rand.Float64
	}
	return NotifierFunc(func(ctx context.Context, m Message) error {
		var err error
		for attempt := 1; ; attempt++ {
			if err = n.Notify(ctx, m); err == nil || IsPermanent(err) {
				return err
			}
			if attempt >= o.Attempts {
				return fmt.Errorf("after %d attempts: %w", attempt, err)
			}
			if serr := o.Sleep(ctx, backoff(o.Base, o.Max, attempt, o.Rand)); serr != nil {
				return fmt.Errorf("%w (gave up: %v)", err, serr)
			}
		}
	})
}

// backoff is the wait after the given failed attempt (1-based): base×2^(n-1)
// capped at max, drawn in [d/2, d).
func backoff(base, max time.Duration, attempt int, rnd func() float64) time.Duration {
	d := base
	for i := 1; i < attempt && d < max; i++ {
		d *= 2
	}
	d = min(d, max)
	return d/2 + time.Duration(rnd()*float64(d/2))
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
