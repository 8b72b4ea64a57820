package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"github.com/redis/go-redis/v9"
)

// DefaultEvidenceRetention keeps a capture past the longest prescription
// of the loi du 29 juillet 1881 (one year for provocation à la haine, art.
// 65-3) with a margin, so a complaint can still be filed with its proof.
const DefaultEvidenceRetention = 400 * 24 * time.Hour

// Capture is a comment as Vigie saw it when it first judged a version of
// it that called for an action. It is the evidence a complaint relies on:
// it outlives the item (its own retention) and the comment's deletion on
// the platform. The JSON of a Capture, as produced by Canonical, is what
// its SHA-256 covers: fields are never reordered or renamed.
type Capture struct {
	CommentID    string          `json:"comment_id"`
	Platform     string          `json:"platform"`
	PageID       string          `json:"page_id"`
	PostID       string          `json:"post_id"`
	ParentID     string          `json:"parent_id,omitempty"`
	Permalink    string          `json:"permalink"`
	Message      string          `json:"message"`
	Truncated    bool            `json:"truncated,omitempty"`
	TextHash     string          `json:"text_hash"`
	FromID       string          `json:"from_id"`
	FromName     string          `json:"from_name"`
	CreatedTime  time.Time       `json:"created_time"`
	ReceivedAt   time.Time       `json:"received_at"`
	ClassifiedAt time.Time       `json:"classified_at"`
	CapturedAt   time.Time       `json:"captured_at"`
	Mode         string          `json:"mode,omitempty"`
	Verdict      json.RawMessage `json:"verdict"` // moderation.Verdict as judged, with its judge when it names one
}

// Canonical returns the bytes the capture's SHA-256 covers: compact JSON,
// fields in declaration order, times in UTC.
func (c Capture) Canonical() ([]byte, error) {
	c.CreatedTime, c.ReceivedAt = c.CreatedTime.UTC(), c.ReceivedAt.UTC()
	c.ClassifiedAt, c.CapturedAt = c.ClassifiedAt.UTC(), c.CapturedAt.UTC()
	if len(c.Verdict) == 0 {
		c.Verdict = json.RawMessage("null")
	}
	return json.Marshal(c)
}

// SHA256 returns the hex SHA-256 of the canonical capture.
func (c Capture) SHA256() (string, error) {
	raw, err := c.Canonical()
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(raw)
	return hex.EncodeToString(sum[:]), nil
}

// StoredCapture is a capture read back with the hash recorded when it was
// taken.
type StoredCapture struct {
	Capture
	Canonical []byte // the bytes as stored
	SHA256    string // recorded at capture time
}

func (s *Store) evidenceKey(commentID string) string { return s.Key("evidence", commentID) }

// EvidenceRetention returns how long captures are kept.
func (s *Store) EvidenceRetention() time.Duration { return s.evidenceRetention }

// captureOf builds the capture of the decision's item, or nil when the
// verdict calls for no action (ordinary comments are not kept longer than
// the item retention).
func captureOf(d Decision, now time.Time) (*Capture, error) {
	it := d.Item
	if it.Verdict == nil || !it.Verdict.Acts() || it.TextHash == "" {
		return nil, nil
	}
	verdict, err := json.Marshal(it.Verdict)
	if err != nil {
		return nil, err
	}
	return &Capture{
		CommentID: it.CommentID, Platform: it.Platform, PageID: it.PageID, PostID: it.PostID, ParentID: it.ParentID,
		Permalink: it.Permalink, Message: it.Message, Truncated: it.Truncated, TextHash: it.TextHash,
		FromID: it.FromID, FromName: it.FromName, CreatedTime: it.CreatedTime, ReceivedAt: it.ReceivedAt,
		ClassifiedAt: it.ClassifiedAt, CapturedAt: now, Mode: d.Audit.Mode, Verdict: verdict,
	}, nil
}

// evidenceAdd queues on p the capture of the decision's text version, if
// it calls for an action and none was taken for that version yet (HSETNX:
// the first judgement is the evidence, a retry or redelivery never
// rewrites it). The capture's hash is stored beside it.
func (s *Store) evidenceAdd(ctx context.Context, p redis.Pipeliner, c *Capture) error {
	if c == nil {
		return nil
	}
	raw, err := c.Canonical()
	if err != nil {
		return fmt.Errorf("encode evidence: %w", err)
	}
	sum := sha256.Sum256(raw)
	key := s.evidenceKey(c.CommentID)
	p.HSetNX(ctx, key, c.TextHash, raw)
	p.HSetNX(ctx, key, c.TextHash+":sha256", hex.EncodeToString(sum[:]))
	p.PExpire(ctx, key, s.evidenceRetention)
	return nil
}

// Evidence returns the captures of a comment, oldest first; none when the
// comment never called for an action or the evidence retention has passed.
func (s *Store) Evidence(ctx context.Context, commentID string) ([]StoredCapture, error) {
	h, err := s.rdb.HGetAll(ctx, s.evidenceKey(commentID)).Result()
	if err != nil {
		return nil, fmt.Errorf("store: read evidence %s: %w", commentID, err)
	}
	var out []StoredCapture
	for field, raw := range h {
		if len(field) > 7 && field[len(field)-7:] == ":sha256" {
			continue
		}
		var c Capture
		if err := json.Unmarshal([]byte(raw), &c); err != nil {
			return nil, fmt.Errorf("store: read evidence %s: %w", commentID, err)
		}
		out = append(out, StoredCapture{Capture: c, Canonical: []byte(raw), SHA256: h[field+":sha256"]})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].CapturedAt.Before(out[j].CapturedAt) })
	return out, nil
}

// PutEvidence stores a capture as Commit would (tests, the demo's sample
// data and imports). An existing capture of the same version is kept.
func (s *Store) PutEvidence(ctx context.Context, c Capture) error {
	if !ValidID(c.CommentID) || c.TextHash == "" {
		return fmt.Errorf("store: put evidence: %w: comment id %q", ErrInvalidEvent, clip(c.CommentID))
	}
	_, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error { return s.evidenceAdd(ctx, p, &c) })
	if err != nil {
		return fmt.Errorf("store: put evidence %s: %w", c.CommentID, err)
	}
	return nil
}

// CommentHistory returns every audit entry about one comment written since
// from (zero: the start of the audit), oldest first, paging through the
// stream (the audit is not indexed by comment).
func (s *Store) CommentHistory(ctx context.Context, commentID string, from time.Time) ([]AuditEntry, error) {
	var out []AuditEntry
	err := s.ScanAudit(ctx, from, time.Time{}, func(a AuditEntry) error {
		if a.CommentID == commentID {
			out = append(out, a)
		}
		return nil
	})
	return out, err
}

// ScanAudit calls each for every audit entry written in [from, to) (zero
// times: unbounded), oldest first, 1000 entries per round trip.
func (s *Store) ScanAudit(ctx context.Context, from, to time.Time, each func(AuditEntry) error) error {
	start := "-"
	if !from.IsZero() {
		start = ms(from)
	}
	end := "+"
	if !to.IsZero() {
		end = ms(to.Add(-time.Millisecond)) // to is exclusive: a month ends where the next begins
	}
	const batch = 1000
	for {
		msgs, err := s.rdb.XRangeN(ctx, s.auditKey(), start, end, batch).Result()
		if err != nil {
			return fmt.Errorf("store: read audit: %w", err)
		}
		for _, m := range msgs {
			if err := each(parseAudit(m)); err != nil {
				return err
			}
		}
		if len(msgs) < batch {
			return nil
		}
		start = "(" + msgs[len(msgs)-1].ID
	}
}
