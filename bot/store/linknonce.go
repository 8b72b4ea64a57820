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
