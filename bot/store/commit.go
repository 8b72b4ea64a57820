package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// ErrNoItem is returned when updating a comment Vigie does not know (or no
// longer knows, after the retention).
var ErrNoItem = errors.New("no such item")

// setIfExistsScript sets hash fields only if the hash exists.
var setIfExistsScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV))
return 1
`)

// ReviewChange says what a decision does to the review queue.
type ReviewChange int

// Review queue changes.
const (
	ReviewKeep   ReviewChange = iota // leave the queue as it is
	ReviewAdd                        // add the comment (keeps its first arrival)
	ReviewRemove                     // take the comment out
)

// Decision is what a worker records about a comment, in one MULTI/EXEC:
// the item, an audit entry, counters, the review queue, the retry set, the
// notice owed to the référent (outbox) and the acknowledgement of the inbox
// entry. Either all of it is recorded or none, so a crash never leaves a
// decision without its acknowledgement or the reverse.
type Decision struct {
	// Entry is the inbox id to acknowledge; empty to leave the entry
	// pending (it will be reclaimed) or when the work came from the retry
	// set.
	Entry string
	Item  Item
	Audit AuditEntry
	// Counters are fields of the month's stats hash to increment by one.
	Counters []string
	Review   ReviewChange
	// RetryAt schedules another attempt of the action at that time; zero
	// takes the comment out of the retry set.
	RetryAt time.Time
}

// Commit records d and returns the depth of the review queue afterwards.
func (s *Store) Commit(ctx context.Context, d Decision) (queueDepth int64, err error) {
	it := d.Item
	if !ValidID(it.CommentID) {
		return 0, fmt.Errorf("store: commit: %w: comment id %q", ErrInvalidEvent, clip(it.CommentID))
	}
	it.RetryAt = d.RetryAt
	fields, err := it.workerFields()
	if err != nil {
		return 0, fmt.Errorf("store: commit %s: %w", it.CommentID, err)
	}
	if d.Audit.CommentID == "" {
		d.Audit.CommentID = it.CommentID
	}
	if d.Audit.Judge == "" && it.Verdict != nil {
		d.Audit.Judge = it.Verdict.Judge
	}
	now := s.now()
	stats := s.statsKey(now)
	capture, err := captureOf(d, now) // evidence.go
	if err != nil {
		return 0, fmt.Errorf("store: commit %s: capture: %w", it.CommentID, err)
	}
	var depth *redis.IntCmd
	_, err = s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		key := s.itemKey(it.CommentID)
		p.HSet(ctx, key, fields...)
		p.PExpire(ctx, key, s.retention)
		s.auditAdd(ctx, p, d.Audit)
		if len(d.Counters) > 0 {
			for _, c := range d.Counters {
				p.HIncrBy(ctx, stats, c, 1)
			}
			p.ExpireNX(ctx, stats, s.statsTTL)
			if it.PageID != "" {
				acc := s.accountStatsKey(now, it.PageID)
				for _, c := range d.Counters {
					p.HIncrBy(ctx, acc, c, 1)
				}
				p.ExpireNX(ctx, acc, s.statsTTL)
			}
		}
		switch d.Review {
		case ReviewAdd:
			arrival := it.FirstReceivedAt
			if arrival.IsZero() {
				arrival = now
			}
			p.ZAddNX(ctx, s.queueKey(), redis.Z{Score: float64(arrival.UnixMilli()), Member: it.CommentID})
		case ReviewRemove:
			p.ZRem(ctx, s.queueKey(), it.CommentID)
		}
		if d.Audit.Event == EventHidden || d.Audit.Event == EventWouldHide {
			// Auto-hidden comments are listed for the référent to undo.
			p.ZAdd(ctx, s.hiddenKey(), redis.Z{Score: float64(now.UnixMilli()), Member: it.CommentID})
		}
		if d.RetryAt.IsZero() {
			p.ZRem(ctx, s.retryKey(), it.CommentID)
		} else {
			p.ZAdd(ctx, s.retryKey(), redis.Z{Score: float64(d.RetryAt.UnixMilli()), Member: it.CommentID})
		}
		s.outboxAdd(ctx, p, d, now) // the notice this decision owes, if any (outbox.go)
		if err := s.evidenceAdd(ctx, p, capture); err != nil {
			return err
		}
		if d.Entry != "" {
			p.XAck(ctx, s.inboxKey(), Group, d.Entry)
		}
		depth = p.ZCard(ctx, s.queueKey())
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("store: commit %s %s: %w", d.Audit.Event, it.CommentID, err)
	}
	return depth.Val(), nil
}
