package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// AuditEvent names an entry of the audit stream.
type AuditEvent string

// Audit events.
const (
	EventReceived     AuditEvent = "received"      // enqueued (ingest or poller)
	EventClassified   AuditEvent = "classified"    // judged; nothing to do, or the comment stays as it is
	EventHidden       AuditEvent = "hidden"        // hidden on the platform
	EventWouldHide    AuditEvent = "would_hide"    // observe mode: would have been hidden
	EventQueued       AuditEvent = "queued"        // put in the référent's queue
	EventSkipped      AuditEvent = "skipped"       // redelivery of a version already decided, or superseded
	EventActionFailed AuditEvent = "action_failed" // the action failed; see Error
	EventGone         AuditEvent = "gone"          // the platform says the comment no longer exists
	EventDeleted      AuditEvent = "deleted"       // a remove event
	EventAlert        AuditEvent = "alert"         // a graph.Alert (token, permission…)
)

// AuditEntry is one line of the audit: ids, categories, rules and
// timestamps, never text or names.
type AuditEntry struct {
	ID           string // stream id, set when read
	At           time.Time
	CommentID    string
	Event        AuditEvent
	Mode         string // observe | act
	Action       string // the verdict's action
	State        string // the item's state after the event
	Categories   []string
	Rules        []string
	Source       string
	Verb         string
	TextHash     string
	Entry        string // inbox id
	CreatedTime  time.Time
	ReceivedAt   time.Time
	ClassifiedAt time.Time
	ActedAt      time.Time
	Error        string // error class of a failed action
	Detail       string // short machine-readable reason: duplicate, superseded, already_hidden…
	By           string // the console user who decided (référent's login), for review events
	// Judge names the rules build, lexicons and model of the verdict
	// (moderation.Verdict.Judge): the proof of which judge decided.
	Judge string
}

func (a *AuditEntry) values() []any {
	v := []any{"at", formatTime(a.At), "comment_id", a.CommentID, "event", string(a.Event)}
	add := func(k, val string) {
		if val != "" {
			v = append(v, k, val)
		}
	}
	add("mode", a.Mode)
	add("action", a.Action)
	add("state", a.State)
	add("categories", strings.Join(a.Categories, ","))
	add("rules", strings.Join(a.Rules, ","))
	add("source", a.Source)
	add("verb", a.Verb)
	add("text_hash", a.TextHash)
	add("entry", a.Entry)
	add("created_time", formatTime(a.CreatedTime))
	add("received_at", formatTime(a.ReceivedAt))
	add("classified_at", formatTime(a.ClassifiedAt))
	add("acted_at", formatTime(a.ActedAt))
	add("error", a.Error)
	add("detail", a.Detail)
	add("by", a.By)
	add("judge", a.Judge)
	return v
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

func parseAudit(m redis.XMessage) AuditEntry {
	get := func(k string) string { s, _ := m.Values[k].(string); return s }
	return AuditEntry{
		ID: m.ID, At: parseTime(get("at")), CommentID: get("comment_id"), Event: AuditEvent(get("event")),
		Mode: get("mode"), Action: get("action"), State: get("state"),
		Categories: splitList(get("categories")), Rules: splitList(get("rules")),
		Source: get("source"), Verb: get("verb"), TextHash: get("text_hash"), Entry: get("entry"),
		CreatedTime: parseTime(get("created_time")), ReceivedAt: parseTime(get("received_at")),
		ClassifiedAt: parseTime(get("classified_at")), ActedAt: parseTime(get("acted_at")),
		Error: get("error"), Detail: get("detail"), By: get("by"), Judge: get("judge"),
	}
}

// auditAdd queues the append of a to the audit on p, trimming by age.
func (s *Store) auditAdd(ctx context.Context, p redis.Pipeliner, a AuditEntry) {
	if a.At.IsZero() {
		a.At = s.now()
	}
	p.XAdd(ctx, &redis.XAddArgs{Stream: s.auditKey(), MinID: s.auditMinID(), Approx: true, Values: a.values()})
}

// AppendAudit appends one entry to the audit.
func (s *Store) AppendAudit(ctx context.Context, a AuditEntry) error {
	_, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		s.auditAdd(ctx, p, a)
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: append audit %s %s: %w", a.Event, a.CommentID, err)
	}
	return nil
}

// Audit returns up to count audit entries written between from and to
// (zero times: unbounded), oldest first.
func (s *Store) Audit(ctx context.Context, from, to time.Time, count int) ([]AuditEntry, error) {
	return s.auditRange(ctx, from, to, count, false)
}

// auditRange reads up to count audit entries between from and to (zero
// times: unbounded), oldest or newest first.
func (s *Store) auditRange(ctx context.Context, from, to time.Time, count int, newestFirst bool) ([]AuditEntry, error) {
	start, end := "-", "+"
	if !from.IsZero() {
		start = ms(from)
	}
	if !to.IsZero() {
		end = ms(to)
	}
	var read *redis.XMessageSliceCmd
	if newestFirst {
		read = s.rdb.XRevRangeN(ctx, s.auditKey(), end, start, int64(count))
	} else {
		read = s.rdb.XRangeN(ctx, s.auditKey(), start, end, int64(count))
	}
	msgs, err := read.Result()
	if err != nil {
		return nil, fmt.Errorf("store: read audit: %w", err)
	}
	out := make([]AuditEntry, len(msgs))
	for i, m := range msgs {
		out[i] = parseAudit(m)
	}
	return out, nil
}

// AuditAfter returns up to count audit entries after the stream id after
// ("0" for the start), oldest first: the way to page through the audit.
func (s *Store) AuditAfter(ctx context.Context, after string, count int) ([]AuditEntry, error) {
	msgs, err := s.rdb.XRangeN(ctx, s.auditKey(), "("+after, "+", int64(count)).Result()
	if err != nil {
		return nil, fmt.Errorf("store: read audit: %w", err)
	}
	out := make([]AuditEntry, len(msgs))
	for i, m := range msgs {
		out[i] = parseAudit(m)
	}
	return out, nil
}

// CommentAudit returns the audit of one comment, oldest first, scanning at
// most limit entries from the newest (the audit is not indexed by comment).
func (s *Store) CommentAudit(ctx context.Context, commentID string, limit int) ([]AuditEntry, error) {
	msgs, err := s.rdb.XRevRangeN(ctx, s.auditKey(), "+", "-", int64(limit)).Result()
	if err != nil {
		return nil, fmt.Errorf("store: read audit of %s: %w", commentID, err)
	}
	var out []AuditEntry
	for i := len(msgs) - 1; i >= 0; i-- {
		if id, _ := msgs[i].Values["comment_id"].(string); id == commentID {
			out = append(out, parseAudit(msgs[i]))
		}
	}
	return out, nil
}
