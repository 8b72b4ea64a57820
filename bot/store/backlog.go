package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// Backlog is how much work waits, for the metrics: the inbox entries not
// yet acknowledged (delivered to a worker or not yet read) and the retry
// set.
type Backlog struct {
	Pending     int64 // delivered to a worker, not acknowledged
	Undelivered int64 // not yet read by any worker
	// OldestAge is the age of the oldest entry not acknowledged (pending
	// or undelivered), by its stream id; zero when none.
	OldestAge time.Duration
	Retries   int64 // comments in the retry set
	RetryDue  int64 // of which due now
}

// Backlog measures the inbox backlog and the retry set.
func (s *Store) Backlog(ctx context.Context) (Backlog, error) {
	var b Backlog
	now := s.now()
	oldest := time.Time{}
	note := func(id string) {
		ms, _ := splitID(id)
		if ms == 0 {
			return
		}
		t := time.UnixMilli(int64(ms))
		if oldest.IsZero() || t.Before(oldest) {
			oldest = t
		}
	}
	groups, err := s.rdb.XInfoGroups(ctx, s.inboxKey()).Result()
	if err != nil && !redis.HasErrorPrefix(err, "ERR no such key") {
		return b, fmt.Errorf("store: backlog: %w", err)
	}
	for _, g := range groups {
		if g.Name != Group {
			continue
		}
		b.Pending = g.Pending
		if b.Pending > 0 {
			p, err := s.rdb.XPending(ctx, s.inboxKey(), Group).Result()
			if err != nil && !errors.Is(err, redis.Nil) {
				return b, fmt.Errorf("store: backlog pending: %w", err)
			}
			if p != nil {
				note(p.Lower)
			}
		}
		// The first entry after the last delivered one is the oldest not
		// yet read.
		msgs, err := s.rdb.XRangeN(ctx, s.inboxKey(), "("+g.LastDeliveredID, "+", 1).Result()
		if err != nil {
			return b, fmt.Errorf("store: backlog undelivered: %w", err)
		}
		if len(msgs) > 0 {
			note(msgs[0].ID)
			b.Undelivered = g.Lag
			if b.Undelivered <= 0 { // unknown lag (after a trim): count them
				n, err := s.rdb.XLen(ctx, s.inboxKey()).Result()
				if err == nil {
					b.Undelivered = max(0, n-b.Pending)
				}
			}
		}
	}
	if !oldest.IsZero() {
		// Stream ids carry Redis' clock: measure the age against it.
		rnow, err := s.rdb.Time(ctx).Result()
		if err != nil {
			return b, fmt.Errorf("store: backlog: %w", err)
		}
		b.OldestAge = max(0, rnow.Sub(oldest))
	}
	if b.Retries, err = s.rdb.ZCard(ctx, s.retryKey()).Result(); err != nil {
		return b, fmt.Errorf("store: backlog retries: %w", err)
	}
	if b.RetryDue, err = s.rdb.ZCount(ctx, s.retryKey(), "-inf", strconv.FormatInt(now.UnixMilli(), 10)).Result(); err != nil {
		return b, fmt.Errorf("store: backlog retries: %w", err)
	}
	return b, nil
}

// ExpediteRetries makes due now the comments of the retry set whose last
// failure has one of the given classes (graph error classes, such as
// "token"), and returns how many. When the token works again, the actions
// refused meanwhile run at once instead of after a backoff that grew
// during the outage.
func (s *Store) ExpediteRetries(ctx context.Context, classes ...string) (int, error) {
	ids, err := s.rdb.ZRange(ctx, s.retryKey(), 0, -1).Result()
	if err != nil {
		return 0, fmt.Errorf("store: expedite retries: %w", err)
	}
	if len(ids) == 0 {
		return 0, nil
	}
	want := map[string]bool{}
	for _, c := range classes {
		want[c] = true
	}
	cmds := make([]*redis.StringCmd, len(ids))
	_, err = s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, id := range ids {
			cmds[i] = p.HGet(ctx, s.itemKey(id), "last_error")
		}
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return 0, fmt.Errorf("store: expedite retries: %w", err)
	}
	now := float64(s.now().UnixMilli())
	var due []redis.Z
	for i, c := range cmds {
		if want[c.Val()] {
			due = append(due, redis.Z{Score: now, Member: ids[i]})
		}
	}
	if len(due) == 0 {
		return 0, nil
	}
	// XX: never re-adds one settled meanwhile; LT: only brings forward.
	if err := s.rdb.ZAddArgs(ctx, s.retryKey(), redis.ZAddArgs{XX: true, LT: true, Members: due}).Err(); err != nil {
		return 0, fmt.Errorf("store: expedite retries: %w", err)
	}
	return len(due), nil
}
