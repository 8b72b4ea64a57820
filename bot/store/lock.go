package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// ErrLockHeld is returned by TryLock when another instance holds the lock.
var ErrLockHeld = errors.New("lock held by another instance")

// ErrLockLost is returned by Renew when the lock expired and someone else
// may hold it now.
var ErrLockLost = errors.New("lock lost")

// Compare-and-delete and compare-and-extend: only the holder's token may
// release or renew the lock.
var (
	releaseScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`)
	renewScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`)
)

// Lock is a leader lock held in Redis.
type Lock struct {
	s     *Store
	key   string
	token string
	ttl   time.Duration
}

// TryLock takes the named lock for ttl, or returns ErrLockHeld.
func (s *Store) TryLock(ctx context.Context, name string, ttl time.Duration) (*Lock, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return nil, fmt.Errorf("store: lock %s: token: %w", name, err)
	}
	l := &Lock{s: s, key: s.Key("lock", name), token: hex.EncodeToString(b), ttl: ttl}
	ok, err := s.rdb.SetNX(ctx, l.key, l.token, ttl).Result()
	if err != nil {
		return nil, fmt.Errorf("store: lock %s: %w", name, err)
	}
	if !ok {
		return nil, fmt.Errorf("store: lock %s: %w", name, ErrLockHeld)
	}
	return l, nil
}

// TTL returns the lock's time to live.
func (l *Lock) TTL() time.Duration { return l.ttl }

// Renew extends the lock by its ttl, or returns ErrLockLost.
func (l *Lock) Renew(ctx context.Context) error {
	n, err := renewScript.Run(ctx, l.s.rdb, []string{l.key}, l.token, l.ttl.Milliseconds()).Int()
	if err != nil {
		return fmt.Errorf("store: renew %s: %w", l.key, err)
	}
	if n == 0 {
		return fmt.Errorf("store: renew %s: %w", l.key, ErrLockLost)
	}
	return nil
}

// Release frees the lock if this holder still has it.
func (l *Lock) Release(ctx context.Context) error {
	if err := releaseScript.Run(ctx, l.s.rdb, []string{l.key}, l.token).Err(); err != nil {
		return fmt.Errorf("store: release %s: %w", l.key, err)
	}
	return nil
}
