package store

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits on what an event stores, so one hostile comment cannot fill Redis.
const (
	MaxMessageBytes   = 64 << 10
	MaxNameBytes      = 256
	MaxPermalinkBytes = 2048
	MaxIDBytes        = 128
)

// Platforms an event can come from.
const (
	PlatformFacebook  = "facebook"
	PlatformInstagram = "instagram"
)

// Verb is what happened to a comment.
type Verb string

// Verbs of comment events.
const (
	VerbAdd    Verb = "add"
	VerbEdited Verb = "edited"
	VerbRemove Verb = "remove"
)

// Source says where an event came from.
type Source string

// Sources of events.
const (
	SourceWebhook Source = "webhook"
	SourcePoll    Source = "poll"
)

// Event is one comment event waiting in the inbox.
type Event struct {
	Platform  string `json:"platform"`
	PageID    string `json:"page_id"`
	CommentID string `json:"comment_id"`
	PostID    string `json:"post_id,omitempty"`
	ParentID  string `json:"parent_id,omitempty"`
	Verb      Verb   `json:"verb"`
	Message   string `json:"message,omitempty"`
	// Truncated is set when Message was cut to MaxMessageBytes.
	Truncated   bool      `json:"truncated,omitempty"`
	FromID      string    `json:"from_id,omitempty"`
	FromName    string    `json:"from_name,omitempty"`
	Permalink   string    `json:"permalink,omitempty"`
	CreatedTime time.Time `json:"created_time,omitzero"`
	Source      Source    `json:"source"`
	ReceivedAt  time.Time `json:"received_at"`
}

// ErrInvalidEvent marks an event the store refuses (bad id, verb or source).
var ErrInvalidEvent = errors.New("invalid event")

// Validate reports why the store would refuse e, or nil.
func (e *Event) Validate() error {
	switch {
	case !ValidID(e.CommentID):
		return fmt.Errorf("%w: comment id %q", ErrInvalidEvent, clip(e.CommentID))
	case !ValidID(e.PageID):
		return fmt.Errorf("%w: page id %q", ErrInvalidEvent, clip(e.PageID))
	case e.PostID != "" && !ValidID(e.PostID):
		return fmt.Errorf("%w: post id %q", ErrInvalidEvent, clip(e.PostID))
	case e.ParentID != "" && !ValidID(e.ParentID):
		return fmt.Errorf("%w: parent id %q", ErrInvalidEvent, clip(e.ParentID))
	case e.Verb != VerbAdd && e.Verb != VerbEdited && e.Verb != VerbRemove:
		return fmt.Errorf("%w: verb %q", ErrInvalidEvent, clip(string(e.Verb)))
	case e.Source != SourceWebhook && e.Source != SourcePoll:
		return fmt.Errorf("%w: source %q", ErrInvalidEvent, clip(string(e.Source)))
	}
	return nil
}

func clip(s string) string {
	if len(s) > 40 {
		s = s[:40]
	}
	return strings.ToValidUTF8(s, "?")
}

// ValidID reports whether id looks like a Graph object id: 1 to 128
// characters among letters, digits, '_', '-' and '.'. Ids end up in Redis
// keys, so nothing else is let through.
func ValidID(id string) bool {
	if id == "" || len(id) > MaxIDBytes {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

// Bound returns s as valid UTF-8 (invalid bytes become U+FFFD, so the text
// stays judgeable) cut to at most max bytes on a rune boundary, and whether
// it was cut.
func Bound(s string, max int) (string, bool) {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if len(s) <= max {
		return s, false
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut], true
}

// normalize bounds the free-text fields and fills defaults.
func (e *Event) normalize() {
	if e.Platform == "" {
		e.Platform = PlatformFacebook
	}
	var cut bool
	e.Message, cut = Bound(e.Message, MaxMessageBytes)
	e.Truncated = e.Truncated || cut
	e.FromName, _ = Bound(e.FromName, MaxNameBytes)
	e.Permalink, _ = Bound(e.Permalink, MaxPermalinkBytes)
	e.FromID, _ = Bound(e.FromID, MaxIDBytes)
}

// TextHash identifies a version of a comment's text: the first 64 bits of
// its SHA-256, in hex.
func TextHash(message string) string {
	sum := sha256.Sum256([]byte(message))
	return hex.EncodeToString(sum[:8])
}

// dedupHash is the second part of the seen key of e.
func (e *Event) dedupHash() string {
	if e.Verb == VerbRemove {
		return "remove"
	}
	return TextHash(e.Message)
}
