package graphemu

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// Payload is the envelope of a Page webhook delivery.
type Payload struct {
	Object string  `json:"object"` // "page"
	Entry  []Entry `json:"entry"`
}

// Entry is one entry of a delivery: the Page id, the Unix time Meta sent
// it, and one or more changes.
type Entry struct {
	ID      string   `json:"id"`
	Time    int64    `json:"time"`
	Changes []Change `json:"changes"`
}

// Change is one change of an entry.
type Change struct {
	Field string    `json:"field"` // "feed"
	Value FeedValue `json:"value"`
}

// From is the author of a feed event.
type From struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
}

// FeedValue is the value of a feed change. Empty fields are omitted, as
// Meta omits message and from on some remove events.
type FeedValue struct {
	From         *From  `json:"from,omitempty"`
	Message      string `json:"message,omitempty"`
	PostID       string `json:"post_id,omitempty"`
	CommentID    string `json:"comment_id,omitempty"`
	CreatedTime  int64  `json:"created_time,omitempty"`
	Item         string `json:"item"`
	ParentID     string `json:"parent_id,omitempty"`
	ReactionType string `json:"reaction_type,omitempty"`
	IsHidden     *bool  `json:"is_hidden,omitempty"`
	Verb         string `json:"verb"`
}

// Comment verbs Meta sends for comments.
const (
	VerbAdd    = "add"
	VerbEdited = "edited"
	VerbRemove = "remove"
)

// CommentChange builds a feed change for a stored comment. For VerbRemove
// the message and author are left out, as Meta does.
func (s *Server) CommentChange(commentID, verb string) (Change, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.comments[commentID]
	if !ok {
		return Change{}, fmt.Errorf("graphemu: comment change: no comment %q", commentID)
	}
	v := FeedValue{
		Item:        "comment",
		Verb:        verb,
		CommentID:   c.ID,
		PostID:      c.PostID,
		ParentID:    c.ParentID,
		CreatedTime: c.CreatedTime.Unix(),
	}
	if verb != VerbRemove {
		v.Message = c.Message
		if c.FromID != "" {
			v.From = &From{ID: c.FromID, Name: c.FromName}
		}
	}
	return Change{Field: "feed", Value: v}, nil
}

// ReactionChange builds a non-comment feed change (item "reaction"), which
// a webhook receiver must skip.
func ReactionChange(postID, fromID, fromName, reaction string, at time.Time) Change {
	return Change{Field: "feed", Value: FeedValue{
		Item:         "reaction",
		Verb:         VerbAdd,
		PostID:       postID,
		ParentID:     postID,
		From:         &From{ID: fromID, Name: fromName},
		ReactionType: reaction,
		CreatedTime:  at.Unix(),
	}}
}

// Entry wraps changes in an entry for the emulated Page, timed now.
func (s *Server) Entry(changes ...Change) Entry {
	return Entry{ID: s.opts.PageID, Time: s.now().Unix(), Changes: changes}
}

// CommentWebhook builds a whole delivery for one comment event.
func (s *Server) CommentWebhook(commentID, verb string) ([]byte, error) {
	ch, err := s.CommentChange(commentID, verb)
	if err != nil {
		return nil, err
	}
	return EncodePayload(s.Entry(ch))
}

// EncodePayload serialises a page delivery the way Meta does: non-ASCII
// as \uXXXX with lower-case hex, and "/" as "\/". Receivers must verify the
// signature over these exact bytes.
func EncodePayload(entries ...Entry) ([]byte, error) {
	if entries == nil {
		entries = []Entry{}
	}
	return encodeMeta(Payload{Object: "page", Entry: entries})
}

// encodeMeta marshals v as JSON with Meta's escaping (also used for Graph
// API answers).
func encodeMeta(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	b := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	out := make([]byte, 0, len(b)+len(b)/8)
	// Non-ASCII bytes and '/' only occur inside JSON strings, so rewriting
	// them byte-wise keeps the document valid.
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			if c == '/' {
				out = append(out, '\\', '/')
			} else {
				out = append(out, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		i += size
		if r > 0xFFFF {
			r1, r2 := utf16.EncodeRune(r)
			out = fmt.Appendf(out, `\u%04x\u%04x`, r1, r2)
			continue
		}
		out = fmt.Appendf(out, `\u%04x`, r)
	}
	return out, nil
}

// Sign returns the X-Hub-Signature-256 value for body.
func Sign(appSecret string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(appSecret))
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// SendWebhook POSTs payload to url, signed with the app secret as Meta
// does, and returns the HTTP status.
func (s *Server) SendWebhook(ctx context.Context, url string, payload []byte) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(payload))
	if err != nil {
		return 0, fmt.Errorf("graphemu: send webhook: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "facebookexternalua")
	req.Header.Set("X-Hub-Signature-256", Sign(s.opts.AppSecret, payload))
	resp, err := s.hc.Do(req)
	if err != nil {
		return 0, fmt.Errorf("graphemu: send webhook: %w", err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	return resp.StatusCode, nil
}

// SendWebhookTimes delivers the same payload n times in a row, as Meta
// does when it retries or duplicates, and returns each status.
func (s *Server) SendWebhookTimes(ctx context.Context, url string, payload []byte, n int) ([]int, error) {
	statuses := make([]int, 0, n)
	for range n {
		st, err := s.SendWebhook(ctx, url, payload)
		if err != nil {
			return statuses, err
		}
		statuses = append(statuses, st)
	}
	return statuses, nil
}

// VerificationURL returns the GET URL Meta calls to verify a callback.
func VerificationURL(callbackURL, verifyToken, challenge string) (string, error) {
	u, err := url.Parse(callbackURL)
	if err != nil {
		return "", fmt.Errorf("graphemu: verification url: %w", err)
	}
	q := u.Query()
	q.Set("hub.mode", "subscribe")
	q.Set("hub.challenge", challenge)
	q.Set("hub.verify_token", verifyToken)
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// SendVerification performs Meta's verification request and returns the
// status and body of the answer (the challenge, when accepted).
func (s *Server) SendVerification(ctx context.Context, callbackURL, verifyToken, challenge string) (int, string, error) {
	u, err := VerificationURL(callbackURL, verifyToken, challenge)
	if err != nil {
		return 0, "", err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return 0, "", fmt.Errorf("graphemu: send verification: %w", err)
	}
	resp, err := s.hc.Do(req)
	if err != nil {
		return 0, "", fmt.Errorf("graphemu: send verification: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
	if err != nil {
		return resp.StatusCode, "", fmt.Errorf("graphemu: send verification: read: %w", err)
	}
	return resp.StatusCode, string(body), nil
}
