package store

import (
	"context"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// Cursor returns the poll cursor of an object (a Page id); ok is false when
// it was never set.
func (s *Store) Cursor(ctx context.Context, objectID string) (t time.Time, ok bool, err error) {
	v, err := s.rdb.Get(ctx, s.Key("cursor", objectID)).Result()
	if err == redis.Nil {
		return time.Time{}, false, nil
	}
	if err != nil {
		return time.Time{}, false, fmt.Errorf("store: read cursor %s: %w", objectID, err)
	}
	t, err = time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("store: read cursor %s: %w", objectID, err)
	}
	return t, true, nil
}

// SetCursor sets the poll cursor of an object.
func (s *Store) SetCursor(ctx context.Context, objectID string, t time.Time) error {
	if err := s.rdb.Set(ctx, s.Key("cursor", objectID), formatTime(t), 0).Err(); err != nil {
		return fmt.Errorf("store: set cursor %s: %w", objectID, err)
	}
	return nil
}
