package worker_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"github.com/vigie-fr/vigie/bot/fakeclock"
	"github.com/vigie-fr/vigie/bot/metrics"
	"github.com/vigie-fr/vigie/bot/redistest"
	"github.com/vigie-fr/vigie/bot/store"
	"github.com/vigie-fr/vigie/bot/worker"
	"github.com/vigie-fr/vigie/moderation"
)

// actor is a fake Graph client recording Hide calls; fail, when set,
// decides the error of each call (n counts from 1).
type actor struct {
	mu     sync.Mutex
	calls  []string
	reads  []string
	hidden map[string]bool
	fail   func(id string, n int) error
}

func (a *actor) Hide(ctx context.Context, id string) error {
	a.mu.Lock()
	a.calls = append(a.calls, id)
	n := len(a.calls)
	fail := a.fail
	a.mu.Unlock()
	var err error
	if fail != nil {
		err = fail(id, n)
	}
	if err == nil {
		a.mu.Lock()
		if a.hidden == nil {
			a.hidden = map[string]bool{}
		}
		a.hidden[id] = true
		a.mu.Unlock()
	}
	return err
}

// IsHidden answers from the successful Hide calls.
func (a *actor) IsHidden(ctx context.Context, id string) (bool, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.reads = append(a.reads, id)
	return a.hidden[id], nil
}

func (a *actor) Calls() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]string(nil), a.calls...)
}

type env struct {
	t     *testing.T
	rdb   *redis.Client
	store *store.Store
	clock *fakeclock.Clock
	actor *actor
	reg   *metrics.Registry
	logs  *observer.ObservedLogs
	core  zapcore.Core
	cls   *moderation.Classifier
}

func classifier(t testing.TB, policy moderation.Policy) *moderation.Classifier {
	t.Helper()
	c, err := moderation.New(moderation.Facts{BlockedTerms: []string{"connard"}}, policy)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func newEnv(t *testing.T) *env {
	t.Helper()
	url, prefix := redistest.Shared(t)
	opt, err := redis.ParseURL(url)
	if err != nil {
		t.Fatal(err)
	}
	rdb := redis.NewClient(opt)
	t.Cleanup(func() { _ = rdb.Close() })
	return newEnvOn(t, rdb, prefix)
}

func newEnvOn(t *testing.T, rdb *redis.Client, prefix string) *env {
	t.Helper()
	clk := fakeclock.New(time.Now().UTC().Truncate(time.Millisecond))
	s, err := store.New(store.Options{Client: rdb, Prefix: prefix, Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	core, logs := observer.New(zap.DebugLevel)
	return &env{t: t, rdb: rdb, store: s, clock: clk, actor: &actor{}, reg: metrics.NewRegistry(), logs: logs, core: core, cls: classifier(t, nil)}
}

func (e *env) options(mode worker.Mode) worker.Options {
	return worker.Options{
		Store: e.store, Classifier: e.cls, Actor: e.actor, Mode: mode, Consumer: "w1",
		Logger: zap.New(e.core), Metrics: e.reg, Now: e.clock.Now,
	}
}

func (e *env) worker(o worker.Options) *worker.Worker {
	e.t.Helper()
	w, err := worker.New(o)
	if err != nil {
		e.t.Fatal(err)
	}
	return w
}

func (e *env) runOnce(w *worker.Worker) int {
	e.t.Helper()
	n, err := w.RunOnce(context.Background())
	if err != nil {
		e.t.Fatal(err)
	}
	return n
}

func (e *env) enqueue(evs ...store.Event) {
	e.t.Helper()
	if _, err := e.store.Enqueue(context.Background(), evs...); err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) item(id string) store.Item {
	e.t.Helper()
	it, ok, err := e.store.Item(context.Background(), id)
	if err != nil || !ok {
		e.t.Fatalf("item %s: ok=%v err=%v", id, ok, err)
	}
	return it
}

func (e *env) pending() int64 {
	e.t.Helper()
	info, err := e.store.Inbox(context.Background())
	if err != nil {
		e.t.Fatal(err)
	}
	return info.Pending
}

// events lists the audit events of a comment, in order.
func (e *env) events(id string) []store.AuditEvent {
	e.t.Helper()
	as, err := e.store.CommentAudit(context.Background(), id, 1000)
	if err != nil {
		e.t.Fatal(err)
	}
	var out []store.AuditEvent
	for _, a := range as {
		out = append(out, a.Event)
	}
	return out
}

func comment(id, msg string) store.Event {
	return store.Event{
		PageID: "1000", CommentID: id, PostID: "1000_1", ParentID: "1000_1", Verb: store.VerbAdd,
		Message: msg, FromID: "42", FromName: "Jean Dupont", CreatedTime: time.Unix(1_700_000_000, 0).UTC(),
		Source: store.SourceWebhook,
	}
}

// eventually waits for cond, failing the test after 10 s. It is a bound
// on a wait for a goroutine, not a timing assertion.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
