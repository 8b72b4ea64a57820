package store

import (
	"context"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// claimRetriesScript returns the comment ids due for another attempt and
// pushes each one's score to now+lease, so that no other worker takes it
// while this one works on it; if this one dies, it is due again after the
// lease.
//
// KEYS: retry. ARGV: now ms, lease ms, count.
var claimRetriesScript = redis.NewScript(`
local ids = redis.call('ZRANGE', KEYS[1], '-inf', ARGV[1], 'BYSCORE', 'LIMIT', 0, tonumber(ARGV[3]))
local until_ = tonumber(ARGV[1]) + tonumber(ARGV[2])
for _, id in ipairs(ids) do redis.call('ZADD', KEYS[1], until_, id) end
return ids
`)

// ClaimRetries returns up to count comment ids whose failed action is due
// for another attempt, leased for lease.
func (s *Store) ClaimRetries(ctx context.Context, lease time.Duration, count int) ([]string, error) {
	ids, err := claimRetriesScript.Run(ctx, s.rdb, []string{s.retryKey()},
		s.now().UnixMilli(), lease.Milliseconds(), count).StringSlice()
	if err != nil {
		return nil, fmt.Errorf("store: claim retries: %w", err)
	}
	return ids, nil
}

// Retries lists the comments waiting for another attempt with the time of
// that attempt, soonest first.
func (s *Store) Retries(ctx context.Context, count int) (map[string]time.Time, error) {
	zs, err := s.rdb.ZRangeWithScores(ctx, s.retryKey(), 0, int64(count-1)).Result()
	if err != nil {
		return nil, fmt.Errorf("store: list retries: %w", err)
	}
	out := make(map[string]time.Time, len(zs))
	for _, z := range zs {
		id, _ := z.Member.(string)
		out[id] = time.UnixMilli(int64(z.Score)).UTC()
	}
	return out, nil
}

// DropRetry takes a comment out of the retry set (its item expired, or it
// was settled elsewhere).
func (s *Store) DropRetry(ctx context.Context, commentID string) error {
	if err := s.rdb.ZRem(ctx, s.retryKey(), commentID).Err(); err != nil {
		return fmt.Errorf("store: drop retry %s: %w", commentID, err)
	}
	return nil
}
