package worker

import (
	"context"
	"sync"
	"time"

	"github.com/vigie-fr/vigie/bot/metrics"
	"github.com/vigie-fr/vigie/bot/store"
)

// backlogProbe reads the inbox backlog and the retry set for the metrics,
// at most once per refresh interval however many series a scrape reads.
type backlogProbe struct {
	store   *store.Store
	refresh time.Duration

	mu   sync.Mutex
	at   time.Time
	last store.Backlog
	ok   bool
}

func (p *backlogProbe) get() (store.Backlog, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if time.Since(p.at) < p.refresh {
		return p.last, p.ok
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	b, err := p.store.Backlog(ctx)
	p.at, p.ok = time.Now(), err == nil
	if err == nil {
		p.last = b
	}
	return p.last, p.ok
}

// registerBacklog adds the backlog gauges, computed at scrape time.
func registerBacklog(r *metrics.Registry, s *store.Store) {
	p := &backlogProbe{store: s, refresh: 2 * time.Second}
	gauge := func(name, help string, f func(store.Backlog) float64) {
		r.GaugeFunc(name, help, func() float64 {
			b, _ := p.get()
			return f(b)
		})
	}
	gauge("vigie_inbox_unacked_entries", "Inbox entries not yet acknowledged: delivered to a worker or not yet read.",
		func(b store.Backlog) float64 { return float64(b.Pending + b.Undelivered) })
	gauge("vigie_inbox_pending_entries", "Inbox entries delivered to a worker and not yet acknowledged (XPENDING).",
		func(b store.Backlog) float64 { return float64(b.Pending) })
	gauge("vigie_inbox_undelivered_entries", "Inbox entries no worker has read yet (the consumer group's lag).",
		func(b store.Backlog) float64 { return float64(b.Undelivered) })
	gauge("vigie_inbox_oldest_unacked_age_seconds", "Age of the oldest inbox entry not yet acknowledged; 0 when none.",
		func(b store.Backlog) float64 { return b.OldestAge.Seconds() })
	gauge("vigie_retry_set_size", "Comments whose action waits for another attempt (throttling, token, permission).",
		func(b store.Backlog) float64 { return float64(b.Retries) })
	gauge("vigie_retry_due_entries", "Comments of the retry set due now.",
		func(b store.Backlog) float64 { return float64(b.RetryDue) })
	r.GaugeFunc("vigie_backlog_probe_ok", "1 when the latest backlog reading from Redis succeeded.", func() float64 {
		if _, ok := p.get(); ok {
			return 1
		}
		return 0
	})
}
