package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/vigie-fr/vigie/moderation"
)

// State is where a comment stands.
type State string

// Item states.
const (
	StateReceived     State = "received"      // created, not yet judged
	StateVisible      State = "visible"       // judged, nothing to do
	StateHidden       State = "hidden"        // hidden on the platform
	StateWouldHide    State = "would_hide"    // observe mode: would have been hidden
	StateQueued       State = "queued"        // waiting for the référent
	StateActionFailed State = "action_failed" // the action failed; retried or queued
	StateDeleted      State = "deleted"       // removed by its author or the Page
)

// Item is everything Vigie knows about one comment.
type Item struct {
	Platform    string
	PageID      string
	CommentID   string
	PostID      string
	ParentID    string
	Permalink   string
	Message     string
	Truncated   bool
	TextHash    string // TextHash(Message)
	FromID      string
	FromName    string
	Source      Source // of the latest event applied
	Verb        Verb   // of the latest event applied
	Seq         string // inbox id of the latest event applied
	Verdict     *moderation.Verdict
	State       State
	DecidedHash string // text version whose decision is final
	Attempts    int    // failed action attempts for the current version
	LastError   string // class of the last action failure
	RetryAt     time.Time

	FirstReceivedAt time.Time // first event about this comment
	ReceivedAt      time.Time // event carrying the current text
	CreatedTime     time.Time // Meta's
	ClassifiedAt    time.Time
	ActedAt         time.Time
	DeletedAt       time.Time
	// Owned by the notifier and the review console: Commit never writes them.
	NotifiedAt time.Time
	ReviewedAt time.Time
	ReviewedBy string
	Decision   string // the référent's decision (review.Decision), "" while none
	ReplyID    string // the Page's reply posted by a decision
}

// Decided reports whether the decision about the current text is final.
func (it *Item) Decided() bool { return it.DecidedHash != "" && it.DecidedHash == it.TextHash }

// workerFields are the fields Commit writes: all but the notifier's and
// the console's.
func (it *Item) workerFields() ([]any, error) {
	verdict, categories, rules, action := "", "", "", ""
	if it.Verdict != nil {
		raw, err := json.Marshal(it.Verdict)
		if err != nil {
			return nil, fmt.Errorf("encode verdict: %w", err)
		}
		verdict = string(raw)
		var cs, rs []string
		for _, f := range it.Verdict.Findings {
			cs = append(cs, string(f.Category))
			rs = append(rs, f.Rules...)
		}
		categories, rules, action = strings.Join(cs, ","), strings.Join(rs, ","), string(it.Verdict.Action)
	}
	truncated := ""
	if it.Truncated {
		truncated = "1"
	}
	return []any{
		"platform", it.Platform, "page_id", it.PageID, "comment_id", it.CommentID,
		"post_id", it.PostID, "parent_id", it.ParentID, "permalink", it.Permalink,
		"message", it.Message, "truncated", truncated, "text_hash", it.TextHash,
		"from_id", it.FromID, "from_name", it.FromName,
		"source", string(it.Source), "verb", string(it.Verb), "seq", it.Seq,
		"verdict", verdict, "categories", categories, "rules", rules, "action", action,
		"state", string(it.State), "decided_hash", it.DecidedHash,
		"attempts", strconv.Itoa(it.Attempts), "last_error", it.LastError, "retry_at", formatTime(it.RetryAt),
		"first_received_at", formatTime(it.FirstReceivedAt), "received_at", formatTime(it.ReceivedAt),
		"created_time", formatTime(it.CreatedTime), "classified_at", formatTime(it.ClassifiedAt),
		"acted_at", formatTime(it.ActedAt), "deleted_at", formatTime(it.DeletedAt),
	}, nil
}

func parseItem(h map[string]string) (Item, error) {
	it := Item{
		Platform: h["platform"], PageID: h["page_id"], CommentID: h["comment_id"],
		PostID: h["post_id"], ParentID: h["parent_id"], Permalink: h["permalink"],
		Message: h["message"], Truncated: h["truncated"] == "1", TextHash: h["text_hash"],
		FromID: h["from_id"], FromName: h["from_name"],
		Source: Source(h["source"]), Verb: Verb(h["verb"]), Seq: h["seq"],
		State: State(h["state"]), DecidedHash: h["decided_hash"], LastError: h["last_error"],
		RetryAt:         parseTime(h["retry_at"]),
		FirstReceivedAt: parseTime(h["first_received_at"]), ReceivedAt: parseTime(h["received_at"]),
		CreatedTime: parseTime(h["created_time"]), ClassifiedAt: parseTime(h["classified_at"]),
		ActedAt: parseTime(h["acted_at"]), DeletedAt: parseTime(h["deleted_at"]),
		NotifiedAt: parseTime(h["notified_at"]), ReviewedAt: parseTime(h["reviewed_at"]), ReviewedBy: h["reviewed_by"],
		Decision: h["decision"], ReplyID: h["reply_id"],
	}
	it.Attempts, _ = strconv.Atoi(h["attempts"])
	if v := h["verdict"]; v != "" {
		var verdict moderation.Verdict
		if err := json.Unmarshal([]byte(v), &verdict); err != nil {
			return it, fmt.Errorf("decode verdict: %w", err)
		}
		it.Verdict = &verdict
	}
	return it, nil
}

// Item loads a comment's item; ok is false when there is none (never seen,
// or expired after the retention).
func (s *Store) Item(ctx context.Context, commentID string) (it Item, ok bool, err error) {
	h, err := s.rdb.HGetAll(ctx, s.itemKey(commentID)).Result()
	if err != nil {
		return Item{}, false, fmt.Errorf("store: load item %s: %w", commentID, err)
	}
	if len(h) == 0 {
		return Item{}, false, nil
	}
	it, err = parseItem(h)
	if err != nil {
		return it, true, fmt.Errorf("store: load item %s: %w", commentID, err)
	}
	return it, true, nil
}

// MarkNotified records when the référent was told about a comment.
func (s *Store) MarkNotified(ctx context.Context, commentID string, at time.Time) error {
	return s.setItemFields(ctx, commentID, "notified_at", formatTime(at))
}

// MarkReviewed records the référent's review of a comment.
func (s *Store) MarkReviewed(ctx context.Context, commentID, by string, at time.Time) error {
	return s.setItemFields(ctx, commentID, "reviewed_at", formatTime(at), "reviewed_by", by)
}

// setItemFields writes fields of an existing item; it never creates one.
func (s *Store) setItemFields(ctx context.Context, commentID string, fv ...string) error {
	args := make([]any, len(fv))
	for i, v := range fv {
		args[i] = v
	}
	n, err := setIfExistsScript.Run(ctx, s.rdb, []string{s.itemKey(commentID)}, args...).Int()
	if err != nil {
		return fmt.Errorf("store: update item %s: %w", commentID, err)
	}
	if n == 0 {
		return fmt.Errorf("store: update item %s: %w", commentID, ErrNoItem)
	}
	return nil
}
