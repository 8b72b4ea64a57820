package store

import (
	"context"
	"fmt"
	"strconv"
	"time"
)

// Stats returns the counters of the month holding t (in the store's time
// zone): received, duplicates, source:{webhook,poll}, verb:{add,edited,remove},
// judged, category:{id}, action:{hide,queue,none}, outcome:{audit event}.
// A month with no activity is an empty map.
func (s *Store) Stats(ctx context.Context, t time.Time) (map[string]int64, error) {
	h, err := s.rdb.HGetAll(ctx, s.statsKey(t)).Result()
	if err != nil {
		return nil, fmt.Errorf("store: read stats %s: %w", s.Month(t), err)
	}
	out := make(map[string]int64, len(h))
	for k, v := range h {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("store: read stats %s: field %s: %w", s.Month(t), k, err)
		}
		out[k] = n
	}
	return out, nil
}
