package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/vigie-fr/vigie/bot/store"
)

// Payload is a parsed webhook notification.
type Payload struct {
	Object  string // "page", "instagram", …
	Changes []Change
}

// Change is one change of one entry, flattened. Fields come from the
// change's value; free text is valid UTF-8 and bounded.
type Change struct {
	PageID    string // entry.id: the Page (or account) the change is about
	EntryTime time.Time
	Field     string
	Item      string
	Verb      string
	CommentID string
	PostID    string
	ParentID  string
	FromID    string
	FromName  string // Facebook name, or Instagram username
	Message   string // Facebook message, or Instagram text
	// ID is the comment id of an Instagram change ("id"; CommentID holds
	// "comment_id", the name one Meta example page uses).
	ID string
	// MediaID is the media of an Instagram change.
	MediaID string
	// Truncated is set when Message was cut to store.MaxMessageBytes.
	Truncated   bool
	CreatedTime time.Time
	// Err is set when the value could not be decoded; the other fields are
	// then partial. One odd change must not reject its whole batch.
	Err error
}

type rawPayload struct {
	Object string     `json:"object"`
	Entry  []rawEntry `json:"entry"`
}

type rawEntry struct {
	ID      flexString  `json:"id"`
	Time    flexTime    `json:"time"`
	Changes []rawChange `json:"changes"`
}

type rawChange struct {
	Field string          `json:"field"`
	Value json.RawMessage `json:"value"`
}

type rawValue struct {
	ID          flexString `json:"id"`
	Text        string     `json:"text"`
	Media       *rawMedia  `json:"media"`
	Item        string     `json:"item"`
	Verb        string     `json:"verb"`
	CommentID   flexString `json:"comment_id"`
	PostID      flexString `json:"post_id"`
	ParentID    flexString `json:"parent_id"`
	From        *rawFrom   `json:"from"`
	Message     string     `json:"message"`
	CreatedTime flexTime   `json:"created_time"`
}

type rawFrom struct {
	ID       flexString `json:"id"`
	Name     string     `json:"name"`
	Username string     `json:"username"`
}

type rawMedia struct {
	ID flexString `json:"id"`
}

// ErrMalformed is returned by Parse for a body that is not a webhook
// envelope.
var ErrMalformed = errors.New("malformed webhook payload")

// Parse decodes a Meta webhook body. It is pure: no I/O, no clock. The
// envelope must be well-formed JSON (else ErrMalformed); a change whose
// value has an unexpected shape is returned with Err set.
func Parse(body []byte) (*Payload, error) {
	var raw rawPayload
	if err := json.Unmarshal(body, &raw); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	p := &Payload{Object: raw.Object}
	for _, e := range raw.Entry {
		for _, c := range e.Changes {
			ch := Change{PageID: string(e.ID), EntryTime: time.Time(e.Time), Field: c.Field}
			ch.Err = ch.decodeValue(c.Value)
			p.Changes = append(p.Changes, ch)
		}
	}
	return p, nil
}

func (ch *Change) decodeValue(raw json.RawMessage) error {
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return errors.New("change has no value")
	}
	var v rawValue
	if err := json.Unmarshal(raw, &v); err != nil {
		return fmt.Errorf("decode change value: %w", err)
	}
	ch.Item, _ = store.Bound(v.Item, 64)
	ch.Verb, _ = store.Bound(v.Verb, 64)
	ch.CommentID, ch.PostID, ch.ParentID = string(v.CommentID), string(v.PostID), string(v.ParentID)
	ch.ID = string(v.ID)
	if v.Media != nil {
		ch.MediaID = string(v.Media.ID)
	}
	if v.From != nil {
		ch.FromID = string(v.From.ID)
		name := v.From.Name
		if name == "" {
			name = v.From.Username
		}
		ch.FromName, _ = store.Bound(name, store.MaxNameBytes)
	}
	msg := v.Message
	if msg == "" {
		msg = v.Text
	}
	ch.Message, ch.Truncated = store.Bound(msg, store.MaxMessageBytes)
	ch.CreatedTime = time.Time(v.CreatedTime)
	return nil
}

// flexString is an id that Meta may send as a string or as a number. Numbers
// keep their exact digits (ids exceed 2^53, so never float64).
type flexString string

func (s *flexString) UnmarshalJSON(b []byte) error {
	switch {
	case bytes.Equal(b, []byte("null")):
		*s = ""
	case len(b) > 0 && b[0] == '"':
		var v string
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		v, _ = store.Bound(v, store.MaxIDBytes+1) // longer ids are refused later
		*s = flexString(v)
	default:
		var n json.Number
		if json.Unmarshal(b, &n) != nil {
			// The inner error quotes the value, which may be personal data.
			return errors.New("id is neither a string nor a number")
		}
		*s = flexString(n)
	}
	return nil
}

// flexTime is a time Meta sends as Unix seconds (webhooks), Unix
// milliseconds (Messenger), or an ISO 8601 string (REST). An unreadable
// time is zero rather than an error: the comment matters more.
type flexTime time.Time

func (t *flexTime) UnmarshalJSON(b []byte) error {
	*t = flexTime{}
	if len(b) > 0 && b[0] == '"' {
		var v string
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		*t = flexTime(parseTimeString(v))
		return nil
	}
	if bytes.Equal(b, []byte("null")) {
		return nil
	}
	var n json.Number
	if json.Unmarshal(b, &n) != nil {
		return errors.New("time is neither a string nor a number")
	}
	*t = flexTime(unixTime(string(n)))
	return nil
}

func parseTimeString(v string) time.Time {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05-0700"} {
		if tm, err := time.Parse(layout, v); err == nil {
			return tm.UTC()
		}
	}
	return unixTime(v)
}

// unixTime reads seconds, or milliseconds when the value is too large to
// be seconds; anything outside years 2000..3000 is zero.
func unixTime(v string) time.Time {
	f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || f <= 0 {
		return time.Time{}
	}
	if f > 1e11 {
		f /= 1000
	}
	if f < 946684800 || f > 32503680000 {
		return time.Time{}
	}
	sec, frac := math.Modf(f)
	return time.Unix(int64(sec), int64(frac*1e9)).UTC()
}
