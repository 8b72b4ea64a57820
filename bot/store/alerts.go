package store

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/redis/go-redis/v9"

	"github.com/vigie-fr/vigie/bot/graph"
)

// maxAlerts caps the alerts stream (approximately).
const maxAlerts = 1000

// RecordAlert stores an alert raised by the Graph client (invalid token,
// missing permission, policy block) and notes it in the audit.
func (s *Store) RecordAlert(ctx context.Context, a graph.Alert) error {
	return s.RecordAccountAlert(ctx, a, nil)
}

// RecordAccountAlert is RecordAlert for the Graph client of some accounts
// (the Pages and Instagram accounts of one token): the outage is theirs,
// so another token's trouble is alerted on its own, and OweAlerts also
// owes each account's référent a notice (Notice.Audience).
func (s *Store) RecordAccountAlert(ctx context.Context, a graph.Alert, accounts []string) error {
	if a.At.IsZero() {
		a.At = s.now()
	}
	msg, _ := Bound(a.Message, 1024)
	values := []any{"kind", a.Kind, "code", a.Code, "subcode", a.Subcode, "message", msg, "advice", a.Advice, "at", formatTime(a.At)}
	if len(accounts) > 0 {
		accs := slices.Clone(accounts)
		slices.Sort(accs)
		values = append(values, "accounts", strings.Join(slices.Compact(accs), ","))
	}
	_, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.XAdd(ctx, &redis.XAddArgs{Stream: s.alertsKey(), MaxLen: maxAlerts, Approx: true, Values: values})
		s.auditAdd(ctx, p, AuditEntry{At: a.At, Event: EventAlert, Detail: a.Kind, Error: strconv.Itoa(a.Code) + "/" + strconv.Itoa(a.Subcode)})
		p.HIncrBy(ctx, s.statsKey(a.At), "alert:"+a.Kind, 1)
		p.ExpireNX(ctx, s.statsKey(a.At), s.statsTTL)
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: record alert %s: %w", a.Kind, err)
	}
	return nil
}

// Alerts returns up to count alerts, newest first.
func (s *Store) Alerts(ctx context.Context, count int) ([]graph.Alert, error) {
	msgs, err := s.rdb.XRevRangeN(ctx, s.alertsKey(), "+", "-", int64(count)).Result()
	if err != nil {
		return nil, fmt.Errorf("store: read alerts: %w", err)
	}
	out := make([]graph.Alert, 0, len(msgs))
	for _, m := range msgs {
		get := func(k string) string { v, _ := m.Values[k].(string); return v }
		code, _ := strconv.Atoi(get("code"))
		sub, _ := strconv.Atoi(get("subcode"))
		out = append(out, graph.Alert{Kind: get("kind"), Code: code, Subcode: sub, Message: get("message"), Advice: get("advice"), At: parseTime(get("at"))})
	}
	return out, nil
}
