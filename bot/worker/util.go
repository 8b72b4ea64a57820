package worker

import (
	"context"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/vigie-fr/vigie/bot/store"
)

// shardQueue is one shard's FIFO. push never blocks, so the dispatcher
// never waits on one shard busy with a slow call; the worker bounds the
// total held in memory instead (maxInflight).
type shardQueue struct {
	mu     sync.Mutex
	items  []task
	closed bool
	signal chan struct{}
}

func newShardQueue() *shardQueue { return &shardQueue{signal: make(chan struct{}, 1)} }

func (q *shardQueue) push(t task) {
	q.mu.Lock()
	q.items = append(q.items, t)
	q.mu.Unlock()
	q.wake()
}

func (q *shardQueue) wake() {
	select {
	case q.signal <- struct{}{}:
	default:
	}
}

// pop returns the next task, waiting for one; ok is false once the queue
// is closed and empty.
func (q *shardQueue) pop() (t task, ok bool) {
	for {
		q.mu.Lock()
		if len(q.items) > 0 {
			t = q.items[0]
			q.items[0] = task{}
			q.items = q.items[1:]
			q.mu.Unlock()
			return t, true
		}
		closed := q.closed
		q.mu.Unlock()
		if closed {
			return task{}, false
		}
		<-q.signal
	}
}

func (q *shardQueue) close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.wake()
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

// MaxJudgedRunes is how much of a comment is judged: Facebook's own limit
// on a comment, 8,000 characters. A longer text (or one the ingest bound
// cut) is queued for the référent unless its judged part already calls
// for hiding it.
const MaxJudgedRunes = 8000

// localRefusalWait is when an action Vigie refused itself (token known
// bad) is tried again if nothing expedites it sooner.
const localRefusalWait = 10 * time.Minute

// judgeable returns the part of text that is judged and whether it is the
// whole text.
func judgeable(text string) (string, bool) {
	if len(text) <= MaxJudgedRunes { // bytes ≥ runes
		return text, true
	}
	n := 0
	for i := range text {
		if n == MaxJudgedRunes {
			return text[:i], false
		}
		n++
	}
	return text, true
}

// tooLong reports whether part of the item's text went unjudged.
func tooLong(it *store.Item) bool {
	_, whole := judgeable(it.Message)
	return it.Truncated || !whole
}

// spread is a small random delay added to the end of a throttling wait,
// so parked comments do not all call at the same millisecond.
func spread(wait time.Duration) time.Duration {
	return time.Duration(rand.Int64N(int64(min(wait/10, 2*time.Second)) + 1))
}
