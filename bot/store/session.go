package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// Session is a console login. It is stored under session:{hash}, where
// hash is a hash of the secret session id the browser holds: a copy of
// Redis does not give anyone a usable session.
type Session struct {
	User      string
	CSRF      string // the token every form of this session carries
	CreatedAt time.Time
}

func (s *Store) sessionKey(hash string) string { return s.Key("session", hash) }

// CreateSession stores a session for ttl.
func (s *Store) CreateSession(ctx context.Context, hash string, se Session, ttl time.Duration) error {
	key := s.sessionKey(hash)
	_, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.HSet(ctx, key, "user", se.User, "csrf", se.CSRF, "created_at", formatTime(se.CreatedAt))
		p.PExpire(ctx, key, ttl)
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: create session: %w", err)
	}
	return nil
}

// Session loads a session; ok is false when there is none (expired or
// logged out).
func (s *Store) Session(ctx context.Context, hash string) (se Session, ok bool, err error) {
	h, err := s.rdb.HGetAll(ctx, s.sessionKey(hash)).Result()
	if err != nil {
		return Session{}, false, fmt.Errorf("store: load session: %w", err)
	}
	if h["user"] == "" {
		return Session{}, false, nil
	}
	return Session{User: h["user"], CSRF: h["csrf"], CreatedAt: parseTime(h["created_at"])}, true, nil
}

// DeleteSession ends a session.
func (s *Store) DeleteSession(ctx context.Context, hash string) error {
	if err := s.rdb.Del(ctx, s.sessionKey(hash)).Err(); err != nil {
		return fmt.Errorf("store: delete session: %w", err)
	}
	return nil
}

// LoginFailures returns the failed logins counted under each key (a user
// name or an address, as the caller composes them) in the current window.
func (s *Store) LoginFailures(ctx context.Context, keys ...string) ([]int64, error) {
	cmds := make([]*redis.StringCmd, len(keys))
	_, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, k := range keys {
			cmds[i] = p.Get(ctx, s.Key("login", "fail", k))
		}
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return nil, fmt.Errorf("store: read login failures: %w", err)
	}
	out := make([]int64, len(keys))
	for i, c := range cmds {
		out[i], _ = c.Int64()
	}
	return out, nil
}

// AddLoginFailure counts one failed login under each key. The window
// starts at the first failure and lasts window: the lock-out ends on its
// own.
func (s *Store) AddLoginFailure(ctx context.Context, window time.Duration, keys ...string) error {
	_, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		for _, k := range keys {
			key := s.Key("login", "fail", k)
			p.Incr(ctx, key)
			p.ExpireNX(ctx, key, window)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: count login failure: %w", err)
	}
	return nil
}

// ClearLoginFailures forgets the failures counted under keys (after a
// successful login).
func (s *Store) ClearLoginFailures(ctx context.Context, keys ...string) error {
	full := make([]string, len(keys))
	for i, k := range keys {
		full[i] = s.Key("login", "fail", k)
	}
	if err := s.rdb.Del(ctx, full...).Err(); err != nil {
		return fmt.Errorf("store: clear login failures: %w", err)
	}
	return nil
}

// CachedPost is the text of a post shown next to its comments in the
// console, kept for the item retention so the Graph API is asked once.
type CachedPost struct {
	Message      string
	PermalinkURL string
	CreatedTime  time.Time
}

// PostCache returns a cached post.
func (s *Store) PostCache(ctx context.Context, postID string) (CachedPost, bool, error) {
	h, err := s.rdb.HGetAll(ctx, s.Key("post", postID)).Result()
	if err != nil {
		return CachedPost{}, false, fmt.Errorf("store: load post %s: %w", postID, err)
	}
	if len(h) == 0 {
		return CachedPost{}, false, nil
	}
	return CachedPost{Message: h["message"], PermalinkURL: h["permalink"], CreatedTime: parseTime(h["created_time"])}, true, nil
}

// SetPostCache caches a post for the item retention.
func (s *Store) SetPostCache(ctx context.Context, postID string, p CachedPost) error {
	key := s.Key("post", postID)
	_, err := s.rdb.TxPipelined(ctx, func(pl redis.Pipeliner) error {
		pl.HSet(ctx, key, "message", p.Message, "permalink", p.PermalinkURL, "created_time", formatTime(p.CreatedTime))
		pl.PExpire(ctx, key, s.retention)
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: cache post %s: %w", postID, err)
	}
	return nil
}

// SetFlash leaves a one-time message for the session's next page.
func (s *Store) SetFlash(ctx context.Context, hash, msg string) error {
	if err := s.rdb.HSet(ctx, s.sessionKey(hash), "flash", msg).Err(); err != nil {
		return fmt.Errorf("store: set flash: %w", err)
	}
	return nil
}

// PopFlash returns and clears the session's one-time message.
func (s *Store) PopFlash(ctx context.Context, hash string) (string, error) {
	var get *redis.StringCmd
	_, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		get = p.HGet(ctx, s.sessionKey(hash), "flash")
		p.HDel(ctx, s.sessionKey(hash), "flash")
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return "", fmt.Errorf("store: pop flash: %w", err)
	}
	return get.Val(), nil
}
