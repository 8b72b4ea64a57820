package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// intentTTL bounds how long an intent outlives a crash: long enough for an
// entry left pending through an outage to be reclaimed.
const intentTTL = 30 * 24 * time.Hour

// Intent records that a worker is about to act on the platform (hide a
// comment). It is written before the Graph call and cleared after the
// decision is recorded, so an intent without a record means the process
// may have died between the call and the record: the next worker asks the
// platform for the comment's state before acting again, and no comment is
// acted on twice.
type Intent struct {
	Action   string    `json:"action"`
	TextHash string    `json:"text_hash"`
	Consumer string    `json:"consumer"`
	At       time.Time `json:"at"`
}

func (s *Store) intentKey(commentID string) string { return s.Key("intent", commentID) }

// SetIntent records the intent to act on a comment.
func (s *Store) SetIntent(ctx context.Context, commentID string, in Intent) error {
	raw, err := json.Marshal(in)
	if err != nil {
		return fmt.Errorf("store: set intent %s: %w", commentID, err)
	}
	if err := s.rdb.Set(ctx, s.intentKey(commentID), raw, intentTTL).Err(); err != nil {
		return fmt.Errorf("store: set intent %s: %w", commentID, err)
	}
	return nil
}

// Intent returns the recorded intent to act on a comment; ok is false when
// there is none.
func (s *Store) Intent(ctx context.Context, commentID string) (in Intent, ok bool, err error) {
	raw, err := s.rdb.Get(ctx, s.intentKey(commentID)).Bytes()
	if errors.Is(err, redis.Nil) {
		return Intent{}, false, nil
	}
	if err != nil {
		return Intent{}, false, fmt.Errorf("store: read intent %s: %w", commentID, err)
	}
	if err := json.Unmarshal(raw, &in); err != nil {
		// Unreadable: still an intent, so the caller checks the platform.
		return Intent{}, true, nil
	}
	return in, true, nil
}

// ClearIntent removes the intent once the outcome is recorded.
func (s *Store) ClearIntent(ctx context.Context, commentID string) error {
	if err := s.rdb.Del(ctx, s.intentKey(commentID)).Err(); err != nil {
		return fmt.Errorf("store: clear intent %s: %w", commentID, err)
	}
	return nil
}

// EventDeferred is the audit event of an action parked until Meta's
// throttling wait is over: neither a failure nor a decision.
const EventDeferred AuditEvent = "deferred"

// claimHeldScript is ClaimRetries that also notes which consumer holds
// each leased comment, so that a worker restarted after a crash gives its
// leases back at once instead of after the lease.
//
// KEYS: retry, held set of the consumer. ARGV: now ms, lease ms, count.
var claimHeldScript = redis.NewScript(`
local ids = redis.call('ZRANGE', KEYS[1], '-inf', ARGV[1], 'BYSCORE', 'LIMIT', 0, tonumber(ARGV[3]))
local until_ = tonumber(ARGV[1]) + tonumber(ARGV[2])
for _, id in ipairs(ids) do
  redis.call('ZADD', KEYS[1], until_, id)
  redis.call('SADD', KEYS[2], id)
end
return ids
`)

// releaseHeldScript makes due now the comments a consumer held when it
// stopped, if they are still waiting, and forgets them.
var releaseHeldScript = redis.NewScript(`
local ids = redis.call('SMEMBERS', KEYS[2])
local n = 0
for _, id in ipairs(ids) do
  if redis.call('ZSCORE', KEYS[1], id) then
    redis.call('ZADD', KEYS[1], 'XX', 'LT', ARGV[1], id)
    n = n + 1
  end
end
redis.call('DEL', KEYS[2])
return n
`)

func (s *Store) heldKey(consumer string) string { return s.Key("retry", "held", consumer) }

// ClaimRetriesFor is ClaimRetries on behalf of consumer, which must call
// DoneRetry once it has handled each id, and ReleaseRetries when it
// starts again.
func (s *Store) ClaimRetriesFor(ctx context.Context, consumer string, lease time.Duration, count int) ([]string, error) {
	ids, err := claimHeldScript.Run(ctx, s.rdb, []string{s.retryKey(), s.heldKey(consumer)},
		s.now().UnixMilli(), lease.Milliseconds(), count).StringSlice()
	if err != nil {
		return nil, fmt.Errorf("store: claim retries: %w", err)
	}
	return ids, nil
}

// DoneRetry forgets that consumer holds the lease of a comment.
func (s *Store) DoneRetry(ctx context.Context, consumer, commentID string) error {
	if err := s.rdb.SRem(ctx, s.heldKey(consumer), commentID).Err(); err != nil {
		return fmt.Errorf("store: done retry %s: %w", commentID, err)
	}
	return nil
}

// ReleaseRetries gives back, due now, the leases consumer held when it
// stopped (killed while comments waited in its memory), and returns how
// many.
func (s *Store) ReleaseRetries(ctx context.Context, consumer string) (int, error) {
	n, err := releaseHeldScript.Run(ctx, s.rdb, []string{s.retryKey(), s.heldKey(consumer)}, s.now().UnixMilli()).Int()
	if err != nil {
		return 0, fmt.Errorf("store: release retries of %s: %w", consumer, err)
	}
	return n, nil
}
