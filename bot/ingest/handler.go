// Package ingest receives Meta's webhooks on /webhooks/meta: it answers the
// subscription handshake, verifies the signature of every notification over
// the raw body, bounds and parses it, keeps the Page comments, and enqueues
// them durably in the store before answering 200. It never classifies.
//
// Status codes tell Meta what to do: 200 once every comment of the batch is
// in Redis; 503 when Redis is down, so Meta retries the whole batch (the
// store's dedup absorbs what was already enqueued); 403 for a bad
// signature, 413 for a body over 1 MiB, 400 for a body that is not JSON.
package ingest

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"go.uber.org/zap"

	"github.com/vigie-fr/vigie/bot/metrics"
	"github.com/vigie-fr/vigie/bot/store"
)

// Enqueuer is the part of *store.Store the handler needs.
type Enqueuer interface {
	Enqueue(ctx context.Context, events ...store.Event) (int, error)
}

// Defaults for Options.
const (
	DefaultMaxBodyBytes   = 1 << 20
	DefaultEnqueueTimeout = 5 * time.Second
)

// Options configure a Handler.
type Options struct {
	// AppSecret keys the X-Hub-Signature-256 HMAC (required).
	AppSecret string
	// VerifyToken is the token set in the App Dashboard (required).
	VerifyToken string
	// PageIDs are the Pages and Instagram accounts watched; changes about
	// other accounts are ignored and comments written by these accounts
	// are skipped (required).
	PageIDs []string
	// Store receives the events (required).
	Store   Enqueuer
	Logger  *zap.Logger
	Metrics *metrics.Registry
	Now     func() time.Time
	// MaxBodyBytes bounds a notification; 1 MiB when zero.
	MaxBodyBytes int64
	// EnqueueTimeout bounds the Redis write; past it the answer is 503.
	EnqueueTimeout time.Duration
}

// Handler serves GET and POST /webhooks/meta.
type Handler struct {
	secret     []byte
	token      []byte
	pages      map[string]bool
	store      Enqueuer
	log        *zap.Logger
	m          *ingestMetrics
	now        func() time.Time
	maxBody    int64
	enqTimeout time.Duration
}

// New checks the options and returns a Handler.
func New(o Options) (*Handler, error) {
	var errs []error
	if o.AppSecret == "" {
		errs = append(errs, errors.New("ingest: app secret is empty"))
	}
	if o.VerifyToken == "" {
		errs = append(errs, errors.New("ingest: verify token is empty"))
	}
	if len(o.PageIDs) == 0 {
		errs = append(errs, errors.New("ingest: no page id to watch"))
	}
	for _, id := range o.PageIDs {
		if !store.ValidID(id) {
			errs = append(errs, errors.New("ingest: invalid page id "+strconv.Quote(id)))
		}
	}
	if o.Store == nil {
		errs = append(errs, errors.New("ingest: no store"))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	h := &Handler{
		secret: []byte(o.AppSecret), token: []byte(o.VerifyToken), pages: map[string]bool{},
		store: o.Store, log: o.Logger, now: o.Now, maxBody: o.MaxBodyBytes, enqTimeout: o.EnqueueTimeout,
	}
	for _, id := range o.PageIDs {
		h.pages[id] = true
	}
	if h.log == nil {
		h.log = zap.NewNop()
	}
	h.log = h.log.With(zap.String("component", "ingest"))
	if o.Metrics == nil {
		o.Metrics = metrics.NewRegistry()
	}
	h.m = newMetrics(o.Metrics)
	if h.now == nil {
		h.now = time.Now
	}
	if h.maxBody <= 0 {
		h.maxBody = DefaultMaxBodyBytes
	}
	if h.enqTimeout <= 0 {
		h.enqTimeout = DefaultEnqueueTimeout
	}
	return h, nil
}

// ServeHTTP answers the verification handshake (GET) and notifications (POST).
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodGet:
		h.verify(w, r)
	case http.MethodPost:
		h.notify(w, r)
	default:
		w.Header().Set("Allow", "GET, POST")
		h.reply(w, http.StatusMethodNotAllowed, "method not allowed")
	}
}

func (h *Handler) reply(w http.ResponseWriter, status int, msg string) {
	h.m.webhooks.With(strconv.Itoa(status)).Inc()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, msg+"\n")
}

// verify answers Meta's subscription handshake with the raw challenge.
func (h *Handler) verify(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("hub.mode") != "subscribe" || subtle.ConstantTimeCompare([]byte(q.Get("hub.verify_token")), h.token) != 1 {
		h.log.Warn("webhook verification refused", zap.String("mode", q.Get("hub.mode")))
		h.reply(w, http.StatusForbidden, "forbidden")
		return
	}
	h.m.webhooks.With("200").Inc()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	_, _ = io.WriteString(w, q.Get("hub.challenge"))
}

// notify verifies, parses and enqueues one notification.
func (h *Handler) notify(w http.ResponseWriter, r *http.Request) {
	start := h.now()
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.maxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			h.log.Warn("webhook body too large", zap.Int64("limit", h.maxBody))
			h.reply(w, http.StatusRequestEntityTooLarge, "payload too large")
			return
		}
		h.log.Warn("webhook body unreadable", zap.Error(err))
		h.reply(w, http.StatusBadRequest, "unreadable body")
		return
	}
	// The HMAC covers the raw bytes as Meta sent them: never re-serialised JSON.
	if !validSignature(h.secret, body, r.Header.Get("X-Hub-Signature-256")) {
		h.log.Warn("webhook signature invalid or missing", zap.Int("bytes", len(body)))
		h.reply(w, http.StatusForbidden, "invalid signature")
		return
	}
	p, err := Parse(body)
	if err != nil {
		h.log.Warn("webhook payload malformed", zap.Int("bytes", len(body)), zap.Error(err))
		h.reply(w, http.StatusBadRequest, "malformed payload")
		return
	}
	events := h.events(p)
	if len(events) > 0 {
		ctx, cancel := context.WithTimeout(r.Context(), h.enqTimeout)
		n, err := h.store.Enqueue(ctx, events...)
		cancel()
		if err != nil {
			h.log.Error("webhook enqueue failed; Meta will retry", zap.Int("events", len(events)), zap.Error(err))
			h.reply(w, http.StatusServiceUnavailable, "try again later")
			return
		}
		h.m.enqueued.With(string(store.SourceWebhook), "new").Add(float64(n))
		h.m.enqueued.With(string(store.SourceWebhook), "duplicate").Add(float64(len(events) - n))
		h.m.latency.With().Observe(h.now().Sub(start).Seconds())
		h.log.Debug("webhook enqueued", zap.Int("events", len(events)), zap.Int("new", n))
	}
	h.reply(w, http.StatusOK, "ok")
}

// events keeps the comment changes to enqueue and counts the others.
func (h *Handler) events(p *Payload) []store.Event {
	if p.Object == "instagram" {
		return h.instagramEvents(p)
	}
	if p.Object != "page" {
		for range p.Changes {
			h.m.changes.With(objectLabel(p.Object), "-", "ignored").Inc()
		}
		return nil
	}
	now := h.now()
	var out []store.Event
	for _, c := range p.Changes {
		item, verb := itemLabel(c.Item), verbLabel(c.Verb)
		result := h.keep(c)
		h.m.changes.With(item, verb, result).Inc()
		if result != "accepted" {
			continue
		}
		out = append(out, store.Event{
			Platform: store.PlatformFacebook, PageID: c.PageID, CommentID: c.CommentID,
			PostID: c.PostID, ParentID: c.ParentID, Verb: eventVerb(c.Verb),
			Message: c.Message, Truncated: c.Truncated, FromID: c.FromID, FromName: c.FromName,
			CreatedTime: c.CreatedTime, Source: store.SourceWebhook, ReceivedAt: now,
		})
	}
	return out
}

// instagramEvents keeps the comments of an Instagram delivery (fields
// comments and live_comments). Instagram sends no verb: every change is a
// new comment; its id is in "id", or "comment_id" on older payloads.
func (h *Handler) instagramEvents(p *Payload) []store.Event {
	now := h.now()
	var out []store.Event
	for _, c := range p.Changes {
		ev := store.Event{
			Platform: store.PlatformInstagram, PageID: c.PageID, CommentID: c.ID,
			PostID: c.MediaID, ParentID: c.ParentID, Verb: store.VerbAdd,
			Message: c.Message, Truncated: c.Truncated, FromID: c.FromID, FromName: c.FromName,
			CreatedTime: c.CreatedTime, Source: store.SourceWebhook, ReceivedAt: now,
		}
		if ev.CommentID == "" {
			ev.CommentID = c.CommentID
		}
		if ev.ParentID == "" {
			ev.ParentID = ev.PostID
		}
		if ev.CreatedTime.IsZero() {
			ev.CreatedTime = c.EntryTime
		}
		var result string
		switch {
		case c.Err != nil:
			result = "invalid"
		case c.Field != "comments" && c.Field != "live_comments":
			result = "ignored"
		case !h.pages[c.PageID]:
			result = "unknown_page"
		case c.FromID != "" && (c.FromID == c.PageID || h.pages[c.FromID]):
			result = "own_comment"
		case ev.Validate() != nil:
			result = "invalid"
		default:
			result = "accepted"
			out = append(out, ev)
		}
		h.m.changes.With("instagram_"+igFieldLabel(c.Field), "add", result).Inc()
	}
	return out
}

func igFieldLabel(field string) string {
	switch field {
	case "comments", "live_comments", "mentions":
		return field
	}
	return "other"
}

// keep says what to do with one change: "accepted" or why it is not.
func (h *Handler) keep(c Change) string {
	switch {
	case c.Err != nil:
		return "invalid"
	case c.Field != "feed" || c.Item != "comment":
		return "ignored"
	case eventVerb(c.Verb) == "":
		return "ignored"
	case !h.pages[c.PageID]:
		return "unknown_page"
	case c.FromID != "" && (c.FromID == c.PageID || h.pages[c.FromID]):
		return "own_comment"
	}
	e := store.Event{PageID: c.PageID, CommentID: c.CommentID, PostID: c.PostID, ParentID: c.ParentID,
		Verb: eventVerb(c.Verb), Source: store.SourceWebhook}
	if err := e.Validate(); err != nil {
		return "invalid"
	}
	return "accepted"
}

// eventVerb maps a webhook verb to the store's, "" for verbs not handled.
// "edit" is in Meta's enum; comments have been seen with "edited".
func eventVerb(v string) store.Verb {
	switch v {
	case "add":
		return store.VerbAdd
	case "edited", "edit":
		return store.VerbEdited
	case "remove":
		return store.VerbRemove
	}
	return ""
}

func validSignature(secret, body []byte, header string) bool {
	hexSig, ok := strings.CutPrefix(header, "sha256=")
	if !ok {
		return false
	}
	sig, err := hex.DecodeString(hexSig)
	if err != nil {
		return false
	}
	mac := hmac.New(sha256.New, secret)
	mac.Write(body)
	return hmac.Equal(sig, mac.Sum(nil))
}
