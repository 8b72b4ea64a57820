package store

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
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
	return out, s.addStats(out, h, t)
}

// AccountStats returns the counters of the month holding t for some
// accounts only, summed: judged, action:{…}, category:{id},
// outcome:{audit event} and review:{decision}, counted per account when
// the decision was recorded (the figures of one commune). The
// deployment-wide counters of Stats (received, source…) are not kept per
// account.
func (s *Store) AccountStats(ctx context.Context, t time.Time, accounts []string) (map[string]int64, error) {
	cmds := make([]*redis.MapStringStringCmd, len(accounts))
	_, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, a := range accounts {
			cmds[i] = p.HGetAll(ctx, s.accountStatsKey(t, a))
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: read account stats %s: %w", s.Month(t), err)
	}
	out := map[string]int64{}
	for _, c := range cmds {
		if err := s.addStats(out, c.Val(), t); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (s *Store) addStats(out map[string]int64, h map[string]string, t time.Time) error {
	for k, v := range h {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return fmt.Errorf("store: read stats %s: field %s: %w", s.Month(t), k, err)
		}
		out[k] += n
	}
	return nil
}
