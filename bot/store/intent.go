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
