package poller_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"go.uber.org/zap"

	"github.com/vigie-fr/vigie/bot/graph"
	"github.com/vigie-fr/vigie/bot/metrics"
	"github.com/vigie-fr/vigie/bot/poller"
	"github.com/vigie-fr/vigie/bot/redistest"
	"github.com/vigie-fr/vigie/bot/store"
	"github.com/vigie-fr/vigie/bot/worker"
	"github.com/vigie-fr/vigie/moderation"
)

// source is a fake Graph client: comments per page, an optional error per
// page, and the calls it received.
type source struct {
	mu       sync.Mutex
	comments map[string][]graph.Comment
	errs     map[string]error
	calls    []call
}

type call struct {
	page          string
	since         time.Time // of the posts
	commentsSince time.Time
}

func (s *source) RecentComments(_ context.Context, page string, since, commentsSince time.Time) ([]graph.Post, []graph.Comment, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, call{page, since, commentsSince})
	if err := s.errs[page]; err != nil {
		return nil, nil, err
	}
	return []graph.Post{{ID: page + "_1"}}, append([]graph.Comment(nil), s.comments[page]...), nil
}

func (s *source) Calls() []call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]call(nil), s.calls...)
}

type env struct {
	t     *testing.T
	rdb   *redis.Client
	store *store.Store
	src   *source
	now   time.Time
	reg   *metrics.Registry
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
	e := &env{t: t, rdb: rdb, now: time.Now().UTC().Truncate(time.Second), reg: metrics.NewRegistry(),
		src: &source{comments: map[string][]graph.Comment{}, errs: map[string]error{}}}
	e.store, err = store.New(store.Options{Client: rdb, Prefix: prefix, Now: func() time.Time { return e.now }})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func (e *env) poller(pages ...string) *poller.Poller {
	e.t.Helper()
	p, err := poller.New(poller.Options{Source: e.src, Store: e.store, PageIDs: pages, Logger: zap.NewNop(), Metrics: e.reg,
		Now: func() time.Time { return e.now }})
	if err != nil {
		e.t.Fatal(err)
	}
	return p
}

func (e *env) inbox() []store.Event {
	e.t.Helper()
	ds, err := e.store.Read(context.Background(), "reader", 1000, 0)
	if err != nil {
		e.t.Fatal(err)
	}
	var out []store.Event
	for _, d := range ds {
		out = append(out, d.Event)
	}
	return out
}

func (e *env) cursor(page string) time.Time {
	e.t.Helper()
	c, _, err := e.store.Cursor(context.Background(), page)
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

func cmt(id, from, msg string, created time.Time) graph.Comment {
	return graph.Comment{ID: id, PostID: "1000_1", ParentID: "1000_1", Message: msg, FromID: from, FromName: "Jean Dupont",
		PermalinkURL: "https://facebook.com/1000_1?comment_id=" + id, CreatedTime: created}
}

func TestPollOnce(t *testing.T) {
	e := newEnv(t)
	p := e.poller("1000")
	e.src.comments["1000"] = []graph.Comment{
		cmt("1_1", "42", "Bonjour", e.now.Add(-time.Hour)),
		cmt("1_2", "1000", "Merci de votre message", e.now.Add(-50*time.Minute)), // the Page's own reply
		{ID: "1_3", PostID: "1000_1", ParentID: "1_1", Message: "Réponse", FromID: "43", CreatedTime: e.now.Add(-30 * time.Minute)},
		func() graph.Comment {
			c := cmt("1_4", "44", "caché par un admin", e.now.Add(-20*time.Minute))
			c.IsHidden = true
			return c
		}(),
		cmt("bad id!", "45", "x", e.now.Add(-10*time.Minute)),
	}
	if err := p.PollOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	calls := e.src.Calls()
	if len(calls) != 1 || !calls[0].since.Equal(e.now.Add(-7*24*time.Hour)) || !calls[0].commentsSince.Equal(calls[0].since) {
		t.Errorf("calls %+v, want one listing the 7-day window (no cursor yet)", calls)
	}
	evs := e.inbox()
	if len(evs) != 2 || evs[0].CommentID != "1_1" || evs[1].CommentID != "1_3" {
		t.Fatalf("enqueued %+v", evs)
	}
	ev := evs[0]
	if ev.Source != store.SourcePoll || ev.Verb != store.VerbAdd || ev.PageID != "1000" || ev.Permalink == "" ||
		!ev.CreatedTime.Equal(e.now.Add(-time.Hour)) || ev.FromName != "Jean Dupont" || evs[1].ParentID != "1_1" {
		t.Errorf("event %+v", ev)
	}
	if c := e.cursor("1000"); !c.Equal(e.now.Add(-10 * time.Minute)) {
		t.Errorf("cursor %v, want the newest comment's time", c)
	}
	for result, want := range map[string]float64{"new": 2, "own": 1, "hidden": 1, "invalid": 1} {
		if got := e.reg.Counter("vigie_poll_comments_total", "", "result").With(result).Value(); got != want {
			t.Errorf("comments{%s} = %v, want %v", result, got, want)
		}
	}
	// Next round: same comments, nothing new.
	e.now = e.now.Add(2 * time.Minute)
	if err := p.PollOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	if evs := e.inbox(); len(evs) != 0 {
		t.Errorf("second round enqueued %+v", evs)
	}
	// With a cursor, comments are listed from it (minus the overlap), not
	// from the 7-day floor.
	if calls := e.src.Calls(); len(calls) != 2 || !calls[1].commentsSince.Equal(e.now.Add(-12*time.Minute).Add(-10*time.Minute)) {
		t.Errorf("second call %+v, want comments since the cursor minus 10 min", calls[len(calls)-1])
	}
}

func TestCommentsPostedWhileDownAreProcessedOnRestart(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	stoppedAt := e.now.Add(-6 * time.Hour)
	if err := e.store.SetCursor(ctx, "1000", stoppedAt); err != nil {
		t.Fatal(err)
	}
	e.src.comments["1000"] = []graph.Comment{
		cmt("1_1", "42", "vu avant l'arrêt", stoppedAt.Add(-2*time.Hour)),
		cmt("1_2", "42", "dans le recouvrement", stoppedAt.Add(-5*time.Minute)),
		cmt("1_3", "43", "Le maire est un connard", stoppedAt.Add(time.Hour)),
		cmt("1_4", "44", "Bonne journée", stoppedAt.Add(2*time.Hour)),
	}
	if err := e.poller("1000").PollOnce(ctx); err != nil {
		t.Fatal(err)
	}
	// The worker, back too, judges them.
	cls, err := moderation.New(moderation.Facts{BlockedTerms: []string{"connard"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	act := &actor{}
	w, err := worker.New(worker.Options{Store: e.store, Classifier: cls, Actor: act, Mode: worker.ModeAct, Consumer: "w", Now: func() time.Time { return e.now }})
	if err != nil {
		t.Fatal(err)
	}
	n, err := w.RunOnce(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n != 3 {
		t.Errorf("worker handled %d comments, want 3 (1_2 in the overlap, 1_3, 1_4)", n)
	}
	if got := act.Calls(); len(got) != 1 || got[0] != "1_3" {
		t.Errorf("Hide calls %v", got)
	}
	if c := e.cursor("1000"); !c.Equal(stoppedAt.Add(2 * time.Hour)) {
		t.Errorf("cursor %v", c)
	}
}

func TestWebhookAndPollHideOnce(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	created := e.now.Add(-time.Minute)
	hook := store.Event{PageID: "1000", CommentID: "1_2", PostID: "1000_1", ParentID: "1000_1", Verb: store.VerbAdd,
		Message: "Le maire est un connard", FromID: "42", CreatedTime: created, Source: store.SourceWebhook}
	for range 2 {
		if _, err := e.store.Enqueue(ctx, hook); err != nil {
			t.Fatal(err)
		}
	}
	e.src.comments["1000"] = []graph.Comment{cmt("1_2", "42", "Le maire est un connard", created)}
	if err := e.poller("1000").PollOnce(ctx); err != nil {
		t.Fatal(err)
	}
	cls, _ := moderation.New(moderation.Facts{BlockedTerms: []string{"connard"}}, nil)
	act := &actor{}
	w, err := worker.New(worker.Options{Store: e.store, Classifier: cls, Actor: act, Mode: worker.ModeAct, Consumer: "w"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.RunOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if got := act.Calls(); len(got) != 1 {
		t.Errorf("Hide calls %v, want one", got)
	}
}

func TestErrors(t *testing.T) {
	throttled := &graph.Error{Op: "list", Class: graph.ClassThrottled, Code: 80001, RetryAfter: time.Minute}
	token := &graph.Error{Op: "list", Class: graph.ClassToken, Code: 190, Subcode: 463}
	transient := &graph.Error{Op: "list", Class: graph.ClassTransient, Code: 2}
	tests := []struct {
		name      string
		err       error
		calls     int  // pages listed: 2 means the round went on to the next page
		nextPage  bool // the second page was enqueued
		runResult string
	}{
		{"throttled account skipped, the next polled", throttled, 2, true, "throttled"},
		{"token failure skipped, the next polled", token, 2, true, "token"},
		{"transient skips the page", transient, 2, true, "error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			e.src.errs["1000"] = tt.err
			e.src.comments["2000"] = []graph.Comment{cmt("2_1", "42", "Bonjour", e.now.Add(-time.Minute))}
			err := e.poller("1000", "2000").PollOnce(context.Background())
			if !errors.Is(err, tt.err) {
				t.Errorf("PollOnce error %v, want %v", err, tt.err)
			}
			if got := len(e.src.Calls()); got != tt.calls {
				t.Errorf("listed %d pages, want %d", got, tt.calls)
			}
			if got := len(e.inbox()) == 1; got != tt.nextPage {
				t.Errorf("second page enqueued: %v", got)
			}
			if c := e.cursor("1000"); !c.IsZero() {
				t.Errorf("cursor of the failed page moved to %v", c)
			}
			if got := e.reg.Counter("vigie_poll_runs_total", "", "result").With(tt.runResult).Value(); got != 1 {
				t.Errorf("runs{%s} = %v", tt.runResult, got)
			}
			// The lock is released: the next round runs.
			delete(e.src.errs, "1000")
			if err := e.poller("1000", "2000").PollOnce(context.Background()); err != nil {
				t.Errorf("next round: %v", err)
			}
		})
	}
}

func TestAnotherLeaderHoldsTheLock(t *testing.T) {
	e := newEnv(t)
	lock, err := e.store.TryLock(context.Background(), "poller", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Release(context.Background())
	if err := e.poller("1000").PollOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := len(e.src.Calls()); n != 0 {
		t.Errorf("polled %d times without the lock", n)
	}
}

func TestRedisDown(t *testing.T) {
	srv := redistest.Start(t)
	rdb := redis.NewClient(&redis.Options{Addr: srv.Addr, MaxRetries: -1, DialTimeout: 200 * time.Millisecond})
	defer rdb.Close()
	s, err := store.New(store.Options{Client: rdb})
	if err != nil {
		t.Fatal(err)
	}
	src := &source{comments: map[string][]graph.Comment{}}
	p, err := poller.New(poller.Options{Source: src, Store: s, PageIDs: []string{"1000"}})
	if err != nil {
		t.Fatal(err)
	}
	srv.Stop()
	if err := p.PollOnce(context.Background()); err == nil || !strings.HasPrefix(err.Error(), "poller:") {
		t.Errorf("PollOnce with Redis down: %v", err)
	}
}

func TestRunPollsAtStartAndStopsOnCancel(t *testing.T) {
	e := newEnv(t)
	polled := make(chan struct{}, 10)
	src := &notifySource{source: e.src, polled: polled}
	p, err := poller.New(poller.Options{Source: src, Store: e.store, PageIDs: []string{"1000"}, Schedule: "0 3 * * *"})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- p.Run(ctx) }()
	<-polled
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run returned %v, want nil", err)
	}
}

type notifySource struct {
	*source
	polled chan struct{}
}

func (n *notifySource) RecentComments(ctx context.Context, page string, since, commentsSince time.Time) ([]graph.Post, []graph.Comment, error) {
	defer func() { n.polled <- struct{}{} }()
	return n.source.RecentComments(ctx, page, since, commentsSince)
}

func TestNewValidates(t *testing.T) {
	_, err := poller.New(poller.Options{PageIDs: []string{"a b"}, Schedule: "every minute"})
	if err == nil {
		t.Fatal("New accepted bad options")
	}
	for _, want := range []string{"no source", "no store", "invalid page id", `schedule "every minute"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q lacks %q", err, want)
		}
	}
}

type actor struct {
	mu    sync.Mutex
	calls []string
}

func (a *actor) Hide(_ context.Context, id string) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.calls = append(a.calls, id)
	return nil
}

func (a *actor) IsHidden(context.Context, string) (bool, error) { return false, nil }

func (a *actor) Calls() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]string(nil), a.calls...)
}
