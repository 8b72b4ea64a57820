package worker

import (
	"context"
	"fmt"
)

// RunOnce handles, one at a time, what is available now: entries this
// consumer held when it last stopped, entries idle for longer than
// ClaimIdle, due retries, then new entries until the inbox is empty. It
// returns how many tasks it handled. It serves tests, the demo and
// one-shot tools; the daemon uses Run.
func (w *Worker) RunOnce(ctx context.Context) (int, error) {
	if err := w.store.EnsureGroup(ctx); err != nil {
		return 0, fmt.Errorf("worker: %w", err)
	}
	n := 0
	seen := map[string]bool{}
	handle := func(t task) {
		if t.delivery != nil {
			if seen[t.delivery.ID] {
				return
			}
			seen[t.delivery.ID] = true
		}
		w.process(ctx, ctx, t)
		n++
	}
	for after := "0"; ; {
		ds, err := w.store.ReadPending(ctx, w.consumer, after, w.batch)
		if err != nil {
			return n, fmt.Errorf("worker: %w", err)
		}
		if len(ds) == 0 {
			break
		}
		after = ds[len(ds)-1].ID
		for i := range ds {
			handle(task{delivery: &ds[i]})
		}
	}
	for start := "0-0"; ; {
		ds, next, err := w.store.Reclaim(ctx, w.consumer, w.claimIdle, start, w.batch)
		if err != nil {
			return n, fmt.Errorf("worker: %w", err)
		}
		for i := range ds {
			handle(task{delivery: &ds[i]})
		}
		if next == "0-0" || next == "" {
			break
		}
		start = next
	}
	ids, err := w.store.ClaimRetries(ctx, max(w.claimIdle, w.retryBase), w.batch)
	if err != nil {
		return n, fmt.Errorf("worker: %w", err)
	}
	for _, id := range ids {
		handle(task{retryID: id})
	}
	for {
		ds, err := w.store.Read(ctx, w.consumer, w.batch, 0)
		if err != nil {
			return n, fmt.Errorf("worker: %w", err)
		}
		if len(ds) == 0 {
			return n, nil
		}
		for i := range ds {
			handle(task{delivery: &ds[i]})
		}
	}
}
