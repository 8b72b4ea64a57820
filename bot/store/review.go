package store

import (
	"context"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// QueueAdd puts a comment in the référent's review queue, keeping its first
// arrival time if it is already there.
func (s *Store) QueueAdd(ctx context.Context, commentID string, arrival time.Time) error {
	err := s.rdb.ZAddNX(ctx, s.queueKey(), redis.Z{Score: float64(arrival.UnixMilli()), Member: commentID}).Err()
	if err != nil {
		return fmt.Errorf("store: queue %s: %w", commentID, err)
	}
	return nil
}

// QueueRemove takes a comment out of the review queue.
func (s *Store) QueueRemove(ctx context.Context, commentID string) error {
	if err := s.rdb.ZRem(ctx, s.queueKey(), commentID).Err(); err != nil {
		return fmt.Errorf("store: unqueue %s: %w", commentID, err)
	}
	return nil
}

// QueueDepth returns how many comments wait for the référent.
func (s *Store) QueueDepth(ctx context.Context) (int64, error) {
	n, err := s.rdb.ZCard(ctx, s.queueKey()).Result()
	if err != nil {
		return 0, fmt.Errorf("store: queue depth: %w", err)
	}
	return n, nil
}

// QueueList returns up to limit items of the review queue from offset,
// oldest arrival first. Members whose item has expired (retention) are
// dropped from the queue on the way.
func (s *Store) QueueList(ctx context.Context, offset, limit int) ([]Item, error) {
	ids, err := s.rdb.ZRange(ctx, s.queueKey(), int64(offset), int64(offset+limit-1)).Result()
	if err != nil {
		return nil, fmt.Errorf("store: list queue: %w", err)
	}
	cmds := make([]*redis.MapStringStringCmd, len(ids))
	_, err = s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, id := range ids {
			cmds[i] = p.HGetAll(ctx, s.itemKey(id))
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: list queue: %w", err)
	}
	out := make([]Item, 0, len(ids))
	var stale []any
	for i, c := range cmds {
		h := c.Val()
		if len(h) == 0 {
			stale = append(stale, ids[i])
			continue
		}
		it, err := parseItem(h)
		if err != nil {
			return nil, fmt.Errorf("store: list queue: item %s: %w", ids[i], err)
		}
		out = append(out, it)
	}
	if len(stale) > 0 {
		if err := s.rdb.ZRem(ctx, s.queueKey(), stale...).Err(); err != nil {
			return nil, fmt.Errorf("store: prune queue: %w", err)
		}
	}
	return out, nil
}
