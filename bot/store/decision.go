package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// EventReviewed is the audit event of a référent's decision. Its Detail
// is the decision (approve, reject, hide, unhide, delete, reply), Action
// the platform call made (hide, unhide, delete, reply, none), By who
// decided and Mode whether the call was skipped (observe).
const EventReviewed AuditEvent = "reviewed"

// Review records one référent decision about a comment.
type Review struct {
	CommentID string
	Decision  string // approve, reject, hide, unhide, delete, reply
	By        string
	At        time.Time
	State     State  // the item's state afterwards
	ReplyID   string // the reply posted, if any
	Audit     AuditEntry
	// Example, when set, is kept as a labelled example for the commune's
	// own model, with the comment text, for the item retention.
	Example *Example
}

// Example is a decision kept as a labelled example: the JSONL line
// `vigie queue export-decisions` writes and `vigie train --from-decisions`
// reads.
type Example struct {
	ID        string    `json:"id"`
	Text      string    `json:"text"`
	Labels    []string  `json:"labels"`
	Decision  string    `json:"decision"` // approve | reject
	DecidedAt time.Time `json:"decided_at"`
}

func (s *Store) hiddenKey() string           { return s.Key("queue", "hidden") }
func (s *Store) examplesKey() string         { return s.Key("examples") }
func (s *Store) exampleKey(id string) string { return s.Key("example", id) }

// RecordReview writes a decision in one MULTI/EXEC: the item's state,
// reviewed_at, reviewed_by, decision and reply id; the audit entry; the
// month's counters; the example; and the comment's removal from the review
// queue and from the auto-hidden list. The item must exist.
func (s *Store) RecordReview(ctx context.Context, r Review) error {
	if r.At.IsZero() {
		r.At = s.now()
	}
	key := s.itemKey(r.CommentID)
	vals, err := s.rdb.HMGet(ctx, key, "comment_id", "page_id").Result()
	if err != nil {
		return fmt.Errorf("store: record review %s: %w", r.CommentID, err)
	}
	if vals[0] == nil {
		return fmt.Errorf("store: record review %s: %w", r.CommentID, ErrNoItem)
	}
	pageID, _ := vals[1].(string)
	a := r.Audit
	a.CommentID, a.Event, a.By, a.Detail, a.At = r.CommentID, EventReviewed, r.By, r.Decision, r.At
	if a.State == "" {
		a.State = string(r.State)
	}
	var example []byte
	if r.Example != nil {
		example, err = json.Marshal(r.Example)
		if err != nil {
			return fmt.Errorf("store: record review %s: encode example: %w", r.CommentID, err)
		}
	}
	stats := s.statsKey(r.At)
	_, err = s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		fields := []any{"reviewed_at", formatTime(r.At), "reviewed_by", r.By, "decision", r.Decision}
		if r.State != "" {
			fields = append(fields, "state", string(r.State))
		}
		if r.ReplyID != "" {
			fields = append(fields, "reply_id", r.ReplyID)
		}
		if a.Action != "" && a.Action != "none" && a.Mode != "observe" {
			fields = append(fields, "acted_at", formatTime(r.At))
		}
		if r.State == StateDeleted {
			fields = append(fields, "deleted_at", formatTime(r.At))
		}
		p.HSet(ctx, key, fields...)
		p.PExpire(ctx, key, s.retention)
		s.auditAdd(ctx, p, a)
		p.HIncrBy(ctx, stats, "review:"+r.Decision, 1)
		p.ExpireNX(ctx, stats, s.statsTTL)
		if pageID != "" {
			acc := s.accountStatsKey(r.At, pageID)
			p.HIncrBy(ctx, acc, "review:"+r.Decision, 1)
			p.ExpireNX(ctx, acc, s.statsTTL)
		}
		p.ZRem(ctx, s.queueKey(), r.CommentID)
		p.ZRem(ctx, s.hiddenKey(), r.CommentID)
		if example != nil {
			p.Set(ctx, s.exampleKey(r.CommentID), example, s.retention)
			p.ZAdd(ctx, s.examplesKey(), redis.Z{Score: float64(r.At.UnixMilli()), Member: r.CommentID})
			p.ZRemRangeByScore(ctx, s.examplesKey(), "-inf", fmt.Sprint(s.now().Add(-s.retention).UnixMilli()))
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: record review %s: %w", r.CommentID, err)
	}
	return nil
}

// Examples returns the labelled examples still within the retention,
// oldest decision first, calling each for every one. Examples whose text
// has expired are dropped from the index on the way.
func (s *Store) Examples(ctx context.Context, each func(Example) error) error {
	const batch = 200
	for offset := int64(0); ; offset += batch {
		ids, err := s.rdb.ZRange(ctx, s.examplesKey(), offset, offset+batch-1).Result()
		if err != nil {
			return fmt.Errorf("store: list examples: %w", err)
		}
		if len(ids) == 0 {
			return nil
		}
		keys := make([]string, len(ids))
		for i, id := range ids {
			keys[i] = s.exampleKey(id)
		}
		vals, err := s.rdb.MGet(ctx, keys...).Result()
		if err != nil {
			return fmt.Errorf("store: read examples: %w", err)
		}
		var stale []any
		for i, v := range vals {
			raw, ok := v.(string)
			if !ok {
				stale = append(stale, ids[i])
				continue
			}
			var e Example
			if err := json.Unmarshal([]byte(raw), &e); err != nil {
				return fmt.Errorf("store: read example %s: %w", ids[i], err)
			}
			if err := each(e); err != nil {
				return err
			}
		}
		if len(stale) > 0 {
			if err := s.rdb.ZRem(ctx, s.examplesKey(), stale...).Err(); err != nil {
				return fmt.Errorf("store: prune examples: %w", err)
			}
			offset -= int64(len(stale))
		}
	}
}

// Order of a listing.
type Order int

// Listing orders.
const (
	OldestFirst Order = iota
	NewestFirst
)

// QueuePage returns up to limit items of the review queue from offset in
// the given order, and the queue's length.
func (s *Store) QueuePage(ctx context.Context, order Order, offset, limit int) ([]Item, int64, error) {
	return s.zsetPage(ctx, s.queueKey(), order, offset, limit)
}

// HiddenPage returns up to limit auto-hidden items (hidden, or would-hide
// in observe mode, and not yet reviewed) from offset, and the list's length.
func (s *Store) HiddenPage(ctx context.Context, order Order, offset, limit int) ([]Item, int64, error) {
	return s.zsetPage(ctx, s.hiddenKey(), order, offset, limit)
}

// InHidden reports whether a comment is in the auto-hidden list.
func (s *Store) InHidden(ctx context.Context, commentID string) (bool, error) {
	return s.inSet(ctx, s.hiddenKey(), commentID)
}

// InQueue reports whether a comment waits in the review queue.
func (s *Store) InQueue(ctx context.Context, commentID string) (bool, error) {
	return s.inSet(ctx, s.queueKey(), commentID)
}

func (s *Store) inSet(ctx context.Context, key, member string) (bool, error) {
	err := s.rdb.ZScore(ctx, key, member).Err()
	if errors.Is(err, redis.Nil) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: lookup %s: %w", member, err)
	}
	return true, nil
}

func (s *Store) zsetPage(ctx context.Context, key string, order Order, offset, limit int) ([]Item, int64, error) {
	var ids *redis.StringSliceCmd
	var total *redis.IntCmd
	_, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		if order == NewestFirst {
			ids = p.ZRevRange(ctx, key, int64(offset), int64(offset+limit-1))
		} else {
			ids = p.ZRange(ctx, key, int64(offset), int64(offset+limit-1))
		}
		total = p.ZCard(ctx, key)
		return nil
	})
	if err != nil {
		return nil, 0, fmt.Errorf("store: list %s: %w", key, err)
	}
	items, err := s.Items(ctx, ids.Val())
	if err != nil {
		return nil, 0, err
	}
	if len(items) < len(ids.Val()) {
		// Expired items (retention): drop them from the list.
		have := make(map[string]bool, len(items))
		for _, it := range items {
			have[it.CommentID] = true
		}
		var stale []any
		for _, id := range ids.Val() {
			if !have[id] {
				stale = append(stale, id)
			}
		}
		if err := s.rdb.ZRem(ctx, key, stale...).Err(); err != nil {
			return nil, 0, fmt.Errorf("store: prune %s: %w", key, err)
		}
	}
	return items, total.Val(), nil
}

// Items loads several items at once, in the given order, skipping those
// that no longer exist.
func (s *Store) Items(ctx context.Context, ids []string) ([]Item, error) {
	cmds := make([]*redis.MapStringStringCmd, len(ids))
	_, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, id := range ids {
			cmds[i] = p.HGetAll(ctx, s.itemKey(id))
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: load items: %w", err)
	}
	out := make([]Item, 0, len(ids))
	for i, c := range cmds {
		h := c.Val()
		if len(h) == 0 {
			continue
		}
		it, err := parseItem(h)
		if err != nil {
			return nil, fmt.Errorf("store: load item %s: %w", ids[i], err)
		}
		out = append(out, it)
	}
	return out, nil
}

// AuditRev returns up to count audit entries written between from and to
// (zero times: unbounded), newest first: the console's history.
func (s *Store) AuditRev(ctx context.Context, from, to time.Time, count int) ([]AuditEntry, error) {
	return s.auditRange(ctx, from, to, count, true)
}
