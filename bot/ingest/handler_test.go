package ingest_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"

	"github.com/vigie-fr/vigie/bot/ingest"
	"github.com/vigie-fr/vigie/bot/metrics"
	"github.com/vigie-fr/vigie/bot/redistest"
	"github.com/vigie-fr/vigie/bot/store"
)

const secret = "app-secret"

func sign(body string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(body))
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

func comment(page, id, from, verb, msg string) string {
	return fmt.Sprintf(`{"field":"feed","value":{"item":"comment","verb":%q,"comment_id":%q,"post_id":"%s_1","parent_id":"%s_1","from":{"id":%q,"name":"Jean Dupont"},"message":%q,"created_time":1700000000}}`,
		verb, id, page, page, from, msg)
}

func payload(page string, changes ...string) string {
	return fmt.Sprintf(`{"object":"page","entry":[{"id":%q,"time":1700000001,"changes":[%s]}]}`, page, strings.Join(changes, ","))
}

type env struct {
	h     *ingest.Handler
	store *store.Store
	rdb   *redis.Client
	reg   *metrics.Registry
	logs  *observer.ObservedLogs
}

func newEnv(t *testing.T, rdb *redis.Client, prefix string) *env {
	t.Helper()
	s, err := store.New(store.Options{Client: rdb, Prefix: prefix})
	if err != nil {
		t.Fatal(err)
	}
	core, logs := observer.New(zap.DebugLevel)
	reg := metrics.NewRegistry()
	h, err := ingest.New(ingest.Options{
		AppSecret: secret, VerifyToken: "verify-me", PageIDs: []string{"1000"},
		Store: s, Logger: zap.New(core), Metrics: reg, EnqueueTimeout: 2 * time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	return &env{h: h, store: s, rdb: rdb, reg: reg, logs: logs}
}

func sharedEnv(t *testing.T) *env {
	url, prefix := redistest.Shared(t)
	opt, err := redis.ParseURL(url)
	if err != nil {
		t.Fatal(err)
	}
	rdb := redis.NewClient(opt)
	t.Cleanup(func() { _ = rdb.Close() })
	return newEnv(t, rdb, prefix)
}

func (e *env) post(body, signature string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodPost, "/webhooks/meta", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	if signature != "" {
		r.Header.Set("X-Hub-Signature-256", signature)
	}
	w := httptest.NewRecorder()
	e.h.ServeHTTP(w, r)
	return w
}

func (e *env) inbox(t *testing.T) []store.Event {
	t.Helper()
	msgs, err := e.rdb.XRange(context.Background(), e.store.Key("inbox"), "-", "+").Result()
	if err != nil && err != redis.Nil {
		t.Fatal(err)
	}
	var out []store.Event
	for _, m := range msgs {
		var ev store.Event
		if err := jsonUnmarshal(m.Values["event"], &ev); err != nil {
			t.Fatal(err)
		}
		out = append(out, ev)
	}
	return out
}

func TestVerification(t *testing.T) {
	e := sharedEnv(t)
	tests := []struct {
		name, query string
		status      int
		body        string
	}{
		{"right token", "hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444", 200, "1158201444"},
		{"wrong token", "hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1", 403, "forbidden\n"},
		{"no token", "hub.mode=subscribe&hub.challenge=1", 403, "forbidden\n"},
		{"wrong mode", "hub.mode=unsubscribe&hub.verify_token=verify-me&hub.challenge=1", 403, "forbidden\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := httptest.NewRecorder()
			e.h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/webhooks/meta?"+tt.query, nil))
			if w.Code != tt.status || w.Body.String() != tt.body {
				t.Errorf("got %d %q, want %d %q", w.Code, w.Body.String(), tt.status, tt.body)
			}
			if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
				t.Errorf("content type %q", ct)
			}
		})
	}
}

func TestNotification(t *testing.T) {
	good := payload("1000", comment("1000", "1_2", "42", "add", "Bonjour"))
	tests := []struct {
		name      string
		body      string
		signature string // "" = none; "sign" = valid
		status    int
		enqueued  int
	}{
		{"signed comment", good, "sign", 200, 1},
		{"bad signature", good, sign(good + " "), 403, 0},
		{"signature not hex", good, "sha256=zz", 403, 0},
		{"sha1 header only", good, "", 403, 0},
		{"oversized body", `{"object":"page","x":"` + strings.Repeat("a", 1<<20) + `"}`, "sign", 413, 0},
		{"malformed JSON", `{"object":"page","entry":[`, "sign", 400, 0},
		{"non-comment event", payload("1000", `{"field":"feed","value":{"item":"reaction","verb":"add","post_id":"1000_1","reaction_type":"like"}}`), "sign", 200, 0},
		{"comment hidden event", payload("1000", comment("1000", "1_2", "42", "hide", "")), "sign", 200, 0},
		{"other field", payload("1000", `{"field":"mention","value":{"item":"comment","verb":"add","comment_id":"1_3"}}`), "sign", 200, 0},
		{"page's own comment", payload("1000", comment("1000", "1_4", "1000", "add", "Merci !")), "sign", 200, 0},
		{"unknown page", payload("2000", comment("2000", "2_1", "42", "add", "Bonjour")), "sign", 200, 0},
		{"invalid comment id", payload("1000", comment("1000", "1:2 x", "42", "add", "Bonjour")), "sign", 200, 0},
		{"instagram", `{"object":"instagram","entry":[{"id":"17841","time":1,"changes":[{"field":"comments","value":{"id":"1","text":"x"}}]}]}`, "sign", 200, 0},
		{"edit", payload("1000", comment("1000", "1_5", "42", "edited", "nouveau texte")), "sign", 200, 1},
		{"remove", payload("1000", `{"field":"feed","value":{"item":"comment","verb":"remove","comment_id":"1_6","post_id":"1000_1","created_time":1700000000}}`), "sign", 200, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := sharedEnv(t)
			sig := tt.signature
			if sig == "sign" {
				sig = sign(tt.body)
			}
			w := e.post(tt.body, sig)
			if w.Code != tt.status {
				t.Errorf("status %d, want %d (%s)", w.Code, tt.status, w.Body.String())
			}
			if got := len(e.inbox(t)); got != tt.enqueued {
				t.Errorf("enqueued %d, want %d", got, tt.enqueued)
			}
			if got := e.reg.Counter("vigie_webhooks_received_total", "", "status").With(fmt.Sprint(tt.status)).Value(); got != 1 {
				t.Errorf("status counter %v, want 1", got)
			}
		})
	}
}

func TestNotificationEvent(t *testing.T) {
	e := sharedEnv(t)
	body := payload("1000", comment("1000", "1_2", "42", "add", "Bonjour \u00e0 tous"), comment("1000", "1_3", "43", "add", "Re"))
	if w := e.post(body, sign(body)); w.Code != 200 {
		t.Fatalf("status %d", w.Code)
	}
	evs := e.inbox(t)
	if len(evs) != 2 {
		t.Fatalf("enqueued %d events, want 2", len(evs))
	}
	ev := evs[0]
	if ev.Platform != "facebook" || ev.PageID != "1000" || ev.CommentID != "1_2" || ev.PostID != "1000_1" || ev.ParentID != "1000_1" ||
		ev.Verb != store.VerbAdd || ev.Message != "Bonjour à tous" || ev.FromID != "42" || ev.FromName != "Jean Dupont" ||
		!ev.CreatedTime.Equal(time.Unix(1700000000, 0)) || ev.Source != store.SourceWebhook || ev.ReceivedAt.IsZero() {
		t.Errorf("event %+v", ev)
	}
	// Meta retries the same delivery: dedup absorbs it, still 200.
	if w := e.post(body, sign(body)); w.Code != 200 {
		t.Fatalf("retry status %d", w.Code)
	}
	if n := len(e.inbox(t)); n != 2 {
		t.Errorf("retry enqueued again: %d events", n)
	}
	if got := e.reg.Counter("vigie_inbox_enqueued_total", "", "source", "result").With("webhook", "duplicate").Value(); got != 2 {
		t.Errorf("duplicates counted %v, want 2", got)
	}
	for _, entry := range e.logs.All() {
		for _, f := range entry.Context {
			if strings.Contains(f.String, "Bonjour") || strings.Contains(f.String, "Dupont") {
				t.Errorf("log %q carries personal data: %v", entry.Message, f)
			}
		}
	}
}

func TestMethodNotAllowed(t *testing.T) {
	e := sharedEnv(t)
	w := httptest.NewRecorder()
	e.h.ServeHTTP(w, httptest.NewRequest(http.MethodPut, "/webhooks/meta", nil))
	if w.Code != http.StatusMethodNotAllowed || w.Header().Get("Allow") != "GET, POST" {
		t.Errorf("PUT: %d %v", w.Code, w.Header())
	}
}

func TestNewRejectsIncompleteOptions(t *testing.T) {
	_, err := ingest.New(ingest.Options{PageIDs: []string{"a/b"}})
	if err == nil {
		t.Fatal("New accepted empty options")
	}
	for _, want := range []string{"app secret", "verify token", "invalid page id", "no store"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}

func TestRedisDownAnswers503ThenNothingIsLost(t *testing.T) {
	srv := redistest.Start(t)
	rdb := redis.NewClient(&redis.Options{Addr: srv.Addr, DialTimeout: 200 * time.Millisecond, MaxRetries: 1})
	t.Cleanup(func() { _ = rdb.Close() })
	e := newEnv(t, rdb, "vigie:")

	first := payload("1000", comment("1000", "1_1", "42", "add", "avant la panne"))
	if w := e.post(first, sign(first)); w.Code != 200 {
		t.Fatalf("before the outage: %d", w.Code)
	}
	batch := payload("1000", comment("1000", "1_1", "42", "add", "avant la panne"), comment("1000", "1_2", "43", "add", "pendant la panne"))
	srv.Stop()
	if w := e.post(batch, sign(batch)); w.Code != http.StatusServiceUnavailable {
		t.Fatalf("Redis down: status %d, want 503", w.Code)
	}
	srv.Restart()
	// Meta re-sends the whole batch.
	if w := e.post(batch, sign(batch)); w.Code != 200 {
		t.Fatalf("after restart: status %d", w.Code)
	}
	evs := e.inbox(t)
	if len(evs) != 2 || evs[0].CommentID != "1_1" || evs[1].CommentID != "1_2" {
		t.Errorf("inbox after the outage: %+v", evs)
	}
}

func jsonUnmarshal(v any, out any) error {
	s, _ := v.(string)
	return json.Unmarshal([]byte(s), out)
}
