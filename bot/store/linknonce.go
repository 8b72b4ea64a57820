package store

import (
	"context"
	"fmt"
	"time"
)

// ConsumeLinkNonce marks a signed link's nonce as used, until the link
// expires (SET NX PX). It returns false when the nonce was already used:
// the link is a replay and must not act again.
func (s *Store) ConsumeLinkNonce(ctx context.Context, nonce string, expires time.Time) (bool, error) {
	ttl := expires.Sub(s.now())
	if ttl < time.Second {
		ttl = time.Second
	}
	ok, err := s.rdb.SetNX(ctx, s.Key("link", nonce), s.now().UTC().Format(time.RFC3339), ttl).Result()
	if err != nil {
		return false, fmt.Errorf("store: consume link nonce: %w", err)
	}
	return ok, nil
}

// LinkNonceUsed reports whether a link's nonce was already consumed.
func (s *Store) LinkNonceUsed(ctx context.Context, nonce string) (bool, error) {
	n, err := s.rdb.Exists(ctx, s.Key("link", nonce)).Result()
	if err != nil {
		return false, fmt.Errorf("store: look up link nonce: %w", err)
	}
	return n > 0, nil
}

// ReleaseLinkNonce makes a link usable again after its action failed for
// a reason worth retrying (the Graph API was down).
func (s *Store) ReleaseLinkNonce(ctx context.Context, nonce string) error {
	if err := s.rdb.Del(ctx, s.Key("link", nonce)).Err(); err != nil {
		return fmt.Errorf("store: release link nonce: %w", err)
	}
	return nil
}
