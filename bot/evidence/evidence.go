// Package evidence exports the dossier a complaint needs about one
// comment: the comment as Vigie captured it when it first judged it (text,
// author, post, permalink, publication time), the verdict and its reasons
// with the judge that gave it, every timestamp and decision from the
// audit, and the SHA-256 of the captured record, as JSON and as a
// printable French page. Verify recomputes the hash of an exported
// dossier.
package evidence

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/vigie-fr/vigie/bot/store"
)

// Format names the dossier's JSON layout.
const Format = "vigie-evidence/1"

// ErrNotFound is returned when Vigie holds neither a capture nor an item
// for the comment (never seen, never acted on, or past the retentions).
var ErrNotFound = errors.New("evidence: nothing known about this comment (never judged as breaking the charter, or past the evidence retention)")

// Capture is one captured version of the comment.
type Capture struct {
	// Record is the canonical JSON the hashes cover (store.Capture).
	Record json.RawMessage `json:"record"`
	// RecordSHA256 is the SHA-256 of Record, computed at export.
	RecordSHA256 string `json:"record_sha256"`
	// CapturedSHA256 is the SHA-256 recorded when the capture was taken;
	// empty for a record rebuilt from the item.
	CapturedSHA256 string `json:"captured_sha256,omitempty"`
}

// Event is one entry of the comment's audit.
type Event struct {
	At           time.Time `json:"at"`
	Event        string    `json:"event"`
	Mode         string    `json:"mode,omitempty"`
	Action       string    `json:"action,omitempty"`
	State        string    `json:"state,omitempty"`
	Categories   []string  `json:"categories,omitempty"`
	Rules        []string  `json:"rules,omitempty"`
	TextHash     string    `json:"text_hash,omitempty"`
	Source       string    `json:"source,omitempty"`
	CreatedTime  time.Time `json:"created_time,omitzero"`
	ReceivedAt   time.Time `json:"received_at,omitzero"`
	ClassifiedAt time.Time `json:"classified_at,omitzero"`
	ActedAt      time.Time `json:"acted_at,omitzero"`
	Detail       string    `json:"detail,omitempty"`
	By           string    `json:"by,omitempty"`
	Error        string    `json:"error,omitempty"`
	Judge        string    `json:"judge,omitempty"`
	StreamID     string    `json:"stream_id"`
}

// Status is what the item said at export time, while it still exists.
type Status struct {
	State      string    `json:"state"`
	ActedAt    time.Time `json:"acted_at,omitzero"`
	NotifiedAt time.Time `json:"notified_at,omitzero"`
	ReviewedAt time.Time `json:"reviewed_at,omitzero"`
	ReviewedBy string    `json:"reviewed_by,omitempty"`
	Decision   string    `json:"decision,omitempty"`
	DeletedAt  time.Time `json:"deleted_at,omitzero"`
	ReplyID    string    `json:"reply_id,omitempty"`
}

// Dossier is the evidence about one comment.
type Dossier struct {
	Format     string    `json:"format"`
	CommentID  string    `json:"comment_id"`
	Commune    string    `json:"commune,omitempty"`
	ExportedAt time.Time `json:"exported_at"`
	// Source is "capture" when the record was taken at the first
	// judgement, "item" when it was rebuilt at export from the item (no
	// capture: the verdict did not call for an action).
	Source   string    `json:"source"`
	Captures []Capture `json:"captures"`
	Status   *Status   `json:"status,omitempty"`
	History  []Event   `json:"history"`
}

// Export gathers the dossier of commentID from the store.
func Export(ctx context.Context, st *store.Store, commentID, commune string, now time.Time) (*Dossier, error) {
	d := &Dossier{Format: Format, CommentID: commentID, Commune: commune, ExportedAt: now.UTC(), Source: "capture"}
	caps, err := st.Evidence(ctx, commentID)
	if err != nil {
		return nil, err
	}
	it, hasItem, err := st.Item(ctx, commentID)
	if err != nil {
		return nil, err
	}
	for _, c := range caps {
		sum := sha256.Sum256(c.Canonical)
		d.Captures = append(d.Captures, Capture{Record: c.Canonical, RecordSHA256: hex.EncodeToString(sum[:]), CapturedSHA256: c.SHA256})
	}
	if len(caps) == 0 {
		if !hasItem {
			return nil, ErrNotFound
		}
		d.Source = "item"
		c := store.Capture{
			CommentID: it.CommentID, Platform: it.Platform, PageID: it.PageID, PostID: it.PostID, ParentID: it.ParentID,
			Permalink: it.Permalink, Message: it.Message, Truncated: it.Truncated, TextHash: it.TextHash,
			FromID: it.FromID, FromName: it.FromName, CreatedTime: it.CreatedTime, ReceivedAt: it.ReceivedAt,
			ClassifiedAt: it.ClassifiedAt, CapturedAt: now,
		}
		if it.Verdict != nil {
			if c.Verdict, err = json.Marshal(it.Verdict); err != nil {
				return nil, fmt.Errorf("evidence: encode verdict: %w", err)
			}
		}
		raw, err := c.Canonical()
		if err != nil {
			return nil, fmt.Errorf("evidence: encode record: %w", err)
		}
		sum := sha256.Sum256(raw)
		d.Captures = append(d.Captures, Capture{Record: raw, RecordSHA256: hex.EncodeToString(sum[:])})
	}
	if hasItem {
		d.Status = &Status{
			State: string(it.State), ActedAt: it.ActedAt, NotifiedAt: it.NotifiedAt, ReviewedAt: it.ReviewedAt,
			ReviewedBy: it.ReviewedBy, Decision: it.Decision, DeletedAt: it.DeletedAt, ReplyID: it.ReplyID,
		}
	}
	// The audit holds no text and is not indexed by comment: read it from
	// a day before the comment was first known.
	var first store.Capture
	if err := json.Unmarshal(d.Captures[0].Record, &first); err != nil {
		return nil, fmt.Errorf("evidence: read record: %w", err)
	}
	from := first.ReceivedAt
	if !first.CreatedTime.IsZero() && (from.IsZero() || first.CreatedTime.Before(from)) {
		from = first.CreatedTime
	}
	if !from.IsZero() {
		from = from.Add(-24 * time.Hour)
	}
	entries, err := st.CommentHistory(ctx, commentID, from)
	if err != nil {
		return nil, err
	}
	for _, a := range entries {
		d.History = append(d.History, Event{
			At: a.At, Event: string(a.Event), Mode: a.Mode, Action: a.Action, State: a.State, Categories: a.Categories,
			Rules: a.Rules, TextHash: a.TextHash, Source: a.Source, CreatedTime: a.CreatedTime, ReceivedAt: a.ReceivedAt,
			ClassifiedAt: a.ClassifiedAt, ActedAt: a.ActedAt, Detail: a.Detail, By: a.By, Error: a.Error, Judge: a.Judge, StreamID: a.ID,
		})
	}
	return d, nil
}

// JSON encodes the dossier, indented for a reader.
func (d *Dossier) JSON() ([]byte, error) {
	b, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("evidence: encode dossier: %w", err)
	}
	return append(b, '\n'), nil
}

// Problem is a capture whose hash does not match.
type Problem struct {
	Index          int
	RecordSHA256   string // written in the dossier
	CapturedSHA256 string // recorded at capture time
	Computed       string // recomputed from the record
}

// VerifyJSON recomputes the SHA-256 of every record of an evidence.json and
// compares it with the hashes it states. It returns the number of
// captures checked and the mismatches.
func VerifyJSON(data []byte) (checked int, problems []Problem, err error) {
	var d Dossier
	if err := json.Unmarshal(data, &d); err != nil {
		return 0, nil, fmt.Errorf("evidence: read dossier: %w", err)
	}
	if d.Format != Format {
		return 0, nil, fmt.Errorf("evidence: unknown dossier format %q (expected %s)", d.Format, Format)
	}
	if len(d.Captures) == 0 {
		return 0, nil, errors.New("evidence: the dossier holds no record")
	}
	for i, c := range d.Captures {
		sum := sha256.Sum256(canonical(c.Record))
		got := hex.EncodeToString(sum[:])
		if got != c.RecordSHA256 || (c.CapturedSHA256 != "" && got != c.CapturedSHA256) {
			problems = append(problems, Problem{Index: i, RecordSHA256: c.RecordSHA256, CapturedSHA256: c.CapturedSHA256, Computed: got})
		}
	}
	return len(d.Captures), problems, nil
}

// canonical turns a record read back from the indented dossier into the
// compact bytes that were hashed: indentation only adds whitespace
// outside strings, which compacting removes.
func canonical(raw json.RawMessage) []byte {
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		return raw
	}
	return b.Bytes()
}
