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

// Keys of the monthly report:
//
//	report:sent:{yyyy-mm}  set once the month's report went out (value: the
//	                       RFC 3339 time it was sent), TTL StatsTTL, so a
//	                       restart or another replica never sends it twice;
//	                       with several reports (one per commune), once
//	                       they all went out.
//	report:sent:{yyyy-mm}:{part}
//	                       the same for one of the month's reports (a
//	                       commune's): a retry sends only the missing ones.
//	report:pseudokey       the deployment's random key for the authors'
//	                       pseudonyms, created once, never expires.

func (s *Store) reportSentKey(month string) string { return s.Key("report", "sent", month) }

// Location returns the time zone of month boundaries.
func (s *Store) Location() *time.Location { return s.loc }

// ReportSent reports whether the report of month (yyyy-mm) was sent, and
// when.
func (s *Store) ReportSent(ctx context.Context, month string) (time.Time, bool, error) {
	v, err := s.rdb.Get(ctx, s.reportSentKey(month)).Result()
	if errors.Is(err, redis.Nil) {
		return time.Time{}, false, nil
	}
	if err != nil {
		return time.Time{}, false, fmt.Errorf("store: report %s sent: %w", month, err)
	}
	return parseTime(v), true, nil
}

// MarkReportSent records that the report of month was sent at at. It
// returns false when it was already recorded (another replica was first).
func (s *Store) MarkReportSent(ctx context.Context, month string, at time.Time) (bool, error) {
	ok, err := s.rdb.SetNX(ctx, s.reportSentKey(month), formatTime(at), s.statsTTL).Result()
	if err != nil {
		return false, fmt.Errorf("store: mark report %s sent: %w", month, err)
	}
	return ok, nil
}

// ReportPartSent reports whether part (a commune's report) of month was
// sent, and when.
func (s *Store) ReportPartSent(ctx context.Context, month, part string) (time.Time, bool, error) {
	return s.ReportSent(ctx, month+":"+part)
}

// MarkReportPartSent records that part of month was sent at at; false
// when it was already recorded.
func (s *Store) MarkReportPartSent(ctx context.Context, month, part string, at time.Time) (bool, error) {
	return s.MarkReportSent(ctx, month+":"+part, at)
}

// PseudonymKey returns the deployment's key for pseudonymising authors in
// reports, creating it at first use. Every replica sharing Redis gets the
// same key, so an author keeps the same code from one month to the next.
func (s *Store) PseudonymKey(ctx context.Context) ([]byte, error) {
	key := s.Key("report", "pseudokey")
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, fmt.Errorf("store: pseudonym key: %w", err)
	}
	if err := s.rdb.SetNX(ctx, key, hex.EncodeToString(b), 0).Err(); err != nil {
		return nil, fmt.Errorf("store: pseudonym key: %w", err)
	}
	v, err := s.rdb.Get(ctx, key).Result()
	if err != nil {
		return nil, fmt.Errorf("store: pseudonym key: %w", err)
	}
	k, err := hex.DecodeString(v)
	if err != nil || len(k) < 16 {
		return nil, fmt.Errorf("store: pseudonym key %s is damaged (delete it to make a new one; codes will change)", key)
	}
	return k, nil
}

// MonthBounds returns the first instant of month (yyyy-mm) and of the next
// one, in the store's time zone.
func (s *Store) MonthBounds(month string) (from, to time.Time, err error) {
	t, err := time.ParseInLocation("2006-01", month, s.loc)
	if err != nil {
		return time.Time{}, time.Time{}, fmt.Errorf("store: month %q: expected yyyy-mm", month)
	}
	return t, t.AddDate(0, 1, 0), nil
}

// StatsOf returns the counters of month (yyyy-mm).
func (s *Store) StatsOf(ctx context.Context, month string) (map[string]int64, error) {
	from, _, err := s.MonthBounds(month)
	if err != nil {
		return nil, err
	}
	return s.Stats(ctx, from)
}
