package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// Defaults for Options.
const (
	DefaultPrefix         = "vigie:"
	DefaultDedupTTL       = 72 * time.Hour       // longer than Meta's 36 h of retries
	DefaultRetention      = 90 * 24 * time.Hour  // items hold personal data
	DefaultAuditRetention = 400 * 24 * time.Hour // the audit is the mayor's proof
	DefaultStatsTTL       = 400 * 24 * time.Hour // about 13 months of monthly reports
)

// Group is the inbox consumer group of the workers.
const Group = "workers"

// Options configure a Store.
type Options struct {
	// Client is the Redis connection (required).
	Client redis.UniversalClient
	// Prefix starts every key; "vigie:" when empty.
	Prefix string
	// DedupTTL is how long a comment version is remembered as seen.
	DedupTTL time.Duration
	// Retention is the lifetime of an item hash after its last change.
	Retention time.Duration
	// AuditRetention is how long audit entries are kept.
	AuditRetention time.Duration
	// StatsTTL is the lifetime of a monthly counter hash.
	StatsTTL time.Duration
	// EvidenceRetention is how long the capture of a comment that called
	// for an action is kept (evidence.go).
	EvidenceRetention time.Duration
	// Location decides month boundaries of the counters; Europe/Paris when
	// nil (the binary must have time zone data: import time/tzdata in main
	// or install tzdata).
	Location *time.Location
	// Now is the clock; time.Now when nil.
	Now func() time.Time
}

// Store is Vigie's Redis state. It is safe for concurrent use.
type Store struct {
	rdb               redis.UniversalClient
	prefix            string
	dedupTTL          time.Duration
	retention         time.Duration
	auditRetention    time.Duration
	statsTTL          time.Duration
	evidenceRetention time.Duration
	loc               *time.Location
	now               func() time.Time
}

// New checks the options and returns a Store. It does not contact Redis.
func New(o Options) (*Store, error) {
	if o.Client == nil {
		return nil, errors.New("store: no redis client")
	}
	s := &Store{
		rdb:               o.Client,
		prefix:            o.Prefix,
		dedupTTL:          o.DedupTTL,
		retention:         o.Retention,
		auditRetention:    o.AuditRetention,
		statsTTL:          o.StatsTTL,
		evidenceRetention: o.EvidenceRetention,
		loc:               o.Location,
		now:               o.Now,
	}
	if s.prefix == "" {
		s.prefix = DefaultPrefix
	}
	if s.dedupTTL == 0 {
		s.dedupTTL = DefaultDedupTTL
	}
	if s.retention == 0 {
		s.retention = DefaultRetention
	}
	if s.auditRetention == 0 {
		s.auditRetention = DefaultAuditRetention
	}
	if s.statsTTL == 0 {
		s.statsTTL = DefaultStatsTTL
	}
	if s.evidenceRetention == 0 {
		s.evidenceRetention = DefaultEvidenceRetention
	}
	for name, d := range map[string]time.Duration{"dedup TTL": s.dedupTTL, "retention": s.retention, "audit retention": s.auditRetention, "stats TTL": s.statsTTL, "evidence retention": s.evidenceRetention} {
		if d < time.Second {
			return nil, fmt.Errorf("store: %s %s is shorter than a second", name, d)
		}
	}
	if s.loc == nil {
		loc, err := time.LoadLocation("Europe/Paris")
		if err != nil {
			return nil, fmt.Errorf("store: load time zone Europe/Paris (install tzdata or set a location): %w", err)
		}
		s.loc = loc
	}
	if s.now == nil {
		s.now = time.Now
	}
	return s, nil
}

// Prefix returns the key prefix.
func (s *Store) Prefix() string { return s.prefix }

// Retention returns the item retention.
func (s *Store) Retention() time.Duration { return s.retention }

// Ping checks that Redis answers; it backs the readiness probe.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.rdb.Ping(ctx).Err(); err != nil {
		return fmt.Errorf("store: ping: %w", err)
	}
	return nil
}

// Key returns the full key for the given parts joined by ":", e.g.
// Key("item", "123_456"). Exposed for tests and operator tools.
func (s *Store) Key(parts ...string) string { return s.prefix + strings.Join(parts, ":") }

func (s *Store) inboxKey() string            { return s.Key("inbox") }
func (s *Store) auditKey() string            { return s.Key("audit") }
func (s *Store) itemKey(id string) string    { return s.Key("item", id) }
func (s *Store) queueKey() string            { return s.Key("queue", "pending") }
func (s *Store) retryKey() string            { return s.Key("retry") }
func (s *Store) alertsKey() string           { return s.Key("alerts") }
func (s *Store) statsKey(t time.Time) string { return s.Key("stats", s.Month(t)) }

// accountStatsKey is the month's counters of one account (Page or
// Instagram id), for the figures of one commune.
func (s *Store) accountStatsKey(t time.Time, account string) string {
	return s.Key("stats", s.Month(t), "account", account)
}

// Month returns the yyyy-mm month of t in the store's time zone.
func (s *Store) Month(t time.Time) string { return t.In(s.loc).Format("2006-01") }

// auditMinID is the oldest audit stream id to keep.
func (s *Store) auditMinID() string {
	return strconv.FormatInt(s.now().Add(-s.auditRetention).UnixMilli(), 10) + "-0"
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func parseTime(v string) time.Time {
	if v == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return time.Time{}
	}
	return t
}

// CompareIDs compares two stream ids numerically: -1, 0 or +1. An empty or
// malformed id sorts first.
func CompareIDs(a, b string) int {
	am, as := splitID(a)
	bm, bs := splitID(b)
	switch {
	case am < bm:
		return -1
	case am > bm:
		return 1
	case as < bs:
		return -1
	case as > bs:
		return 1
	}
	return 0
}

func splitID(id string) (ms, seq uint64) {
	a, b, _ := strings.Cut(id, "-")
	ms, err := strconv.ParseUint(a, 10, 64)
	if err != nil {
		return 0, 0
	}
	seq, _ = strconv.ParseUint(b, 10, 64)
	return ms, seq
}
