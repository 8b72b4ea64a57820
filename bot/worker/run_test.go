package worker_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/vigie-fr/vigie/bot/ingest"
	"github.com/vigie-fr/vigie/bot/redistest"
	"github.com/vigie-fr/vigie/bot/store"
	"github.com/vigie-fr/vigie/bot/worker"
)

// run starts w.Run and returns a stop function that cancels it and checks
// it returned nil.
func run(t *testing.T, w *worker.Worker) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	stopped := false
	stop = func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run returned %v, want nil on cancel", err)
			}
		case <-time.After(30 * time.Second):
			t.Fatal("Run did not return after cancel")
		}
	}
	t.Cleanup(stop)
	return stop
}

func (e *env) state(id string) store.State {
	it, ok, err := e.store.Item(context.Background(), id)
	if err != nil || !ok {
		return ""
	}
	return it.State
}

func TestRunProcessesEverything(t *testing.T) {
	e := newEnv(t)
	o := e.options(worker.ModeAct)
	o.Concurrency = 3
	stop := run(t, e.worker(o))
	for i := range 30 {
		msg := "Bonjour"
		if i%2 == 0 {
			msg = "Quel connard"
		}
		e.enqueue(comment(fmt.Sprintf("1_%d", i), msg))
	}
	eventually(t, "30 comments decided", func() bool {
		stats, _ := e.store.Stats(context.Background(), e.clock.Now())
		return stats["judged"] == 30
	})
	stop()
	if got := len(e.actor.Calls()); got != 15 {
		t.Errorf("Hide calls %d, want 15", got)
	}
	if e.pending() != 0 {
		t.Errorf("pending %d after Run", e.pending())
	}
	if g := e.reg.Gauge("vigie_review_queue_depth", "").With().Value(); g != 0 {
		t.Errorf("queue depth gauge %v", g)
	}
	if c := e.reg.Counter("vigie_comments_judged_total", "", "category", "action").With("injurieux", "hide").Value(); c != 15 {
		t.Errorf("judged counter %v", c)
	}
	lat := e.reg.Histogram("vigie_comment_latency_seconds", "", nil, "outcome")
	if h, c := lat.With("hidden").Count(), lat.With("classified").Count(); h != 15 || c != 15 {
		t.Errorf("latency observations: hidden %d, classified %d; want 15 each", h, c)
	}
}

// blockingActor blocks in Hide until released or until its context ends.
type blockingActor struct {
	entered chan string
	release chan struct{}
	calls   chan string
}

func (a *blockingActor) Hide(ctx context.Context, id string) error {
	a.calls <- id
	a.entered <- id
	select {
	case <-a.release:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (a *blockingActor) IsHidden(context.Context, string) (bool, error) { return false, nil }

func TestShutdownLetsInFlightFinish(t *testing.T) {
	e := newEnv(t)
	a := &blockingActor{entered: make(chan string, 1), release: make(chan struct{}), calls: make(chan string, 10)}
	o := e.options(worker.ModeAct)
	o.Actor, o.ShutdownGrace = a, time.Minute
	stop := run(t, e.worker(o))
	e.enqueue(comment("1_2", "Quel connard"))
	<-a.entered
	go func() { time.Sleep(20 * time.Millisecond); close(a.release) }()
	stop() // cancels while Hide is in flight; returns once it is recorded
	if s := e.state("1_2"); s != store.StateHidden {
		t.Errorf("in-flight comment state %q, want hidden", s)
	}
	if e.pending() != 0 {
		t.Error("in-flight comment not acknowledged")
	}
}

func TestShutdownPastGraceLeavesPendingForNextStart(t *testing.T) {
	e := newEnv(t)
	a := &blockingActor{entered: make(chan string, 1), release: make(chan struct{}), calls: make(chan string, 10)}
	o := e.options(worker.ModeAct)
	o.Actor, o.ShutdownGrace = a, 10*time.Millisecond
	stop := run(t, e.worker(o))
	e.enqueue(comment("1_2", "Quel connard"))
	<-a.entered
	stop() // the grace ends, Hide's context is cancelled
	if e.pending() != 1 {
		t.Fatalf("pending %d, want the comment left pending", e.pending())
	}
	if s := e.state("1_2"); s == store.StateHidden {
		t.Fatal("recorded hidden though Hide did not complete")
	}
	// Next start under the same name: it takes its pending entry back first.
	close(a.release)
	e.runOnce(e.worker(o))
	if s := e.state("1_2"); s != store.StateHidden || e.pending() != 0 {
		t.Errorf("after restart: %s, pending %d", s, e.pending())
	}
	if n := len(a.calls); n != 2 {
		t.Errorf("Hide calls %d, want 2 (the first never completed)", n)
	}
}

func TestRunSurvivesRedisRestart(t *testing.T) {
	srv := redistest.Start(t)
	rdb := redis.NewClient(&redis.Options{Addr: srv.Addr, DialTimeout: 200 * time.Millisecond})
	t.Cleanup(func() { _ = rdb.Close() })
	e := newEnvOn(t, rdb, "vigie:")
	o := e.options(worker.ModeAct)
	stop := run(t, e.worker(o))
	e.enqueue(comment("1_1", "Quel connard"))
	eventually(t, "first comment hidden", func() bool { return e.state("1_1") == store.StateHidden })
	srv.Stop()
	time.Sleep(300 * time.Millisecond) // the worker meets the outage
	srv.Restart()
	e.enqueue(comment("1_2", "Quel connard"))
	eventually(t, "comment after the restart hidden", func() bool { return e.state("1_2") == store.StateHidden })
	stop()
	if got := e.actor.Calls(); len(got) != 2 {
		t.Errorf("Hide calls %v", got)
	}
}

const appSecret = "s3cret"

func signedPost(h http.Handler, body string) int {
	mac := hmac.New(sha256.New, []byte(appSecret))
	mac.Write([]byte(body))
	r := httptest.NewRequest(http.MethodPost, "/webhooks/meta", strings.NewReader(body))
	r.Header.Set("X-Hub-Signature-256", "sha256="+hex.EncodeToString(mac.Sum(nil)))
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w.Code
}

func TestSignedWebhookIsHiddenOnce(t *testing.T) {
	e := newEnv(t)
	h, err := ingest.New(ingest.Options{AppSecret: appSecret, VerifyToken: "v", PageIDs: []string{"1000"}, Store: e.store, Metrics: e.reg, Now: e.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	body := `{"object":"page","entry":[{"id":"1000","time":1700000001,"changes":[{"field":"feed","value":{"item":"comment","verb":"add",` +
		`"comment_id":"1_2","post_id":"1000_1","parent_id":"1000_1","from":{"id":"42","name":"Jean"},"message":"Le maire est un connard","created_time":1700000000}}]}]}`
	for range 2 {
		if code := signedPost(h, body); code != 200 {
			t.Fatalf("webhook status %d", code)
		}
	}
	// The poller sees the same comment.
	poll := comment("1_2", "Le maire est un connard")
	poll.Source = store.SourcePoll
	e.enqueue(poll)
	stop := run(t, e.worker(e.options(worker.ModeAct)))
	eventually(t, "comment hidden", func() bool { return e.state("1_2") == store.StateHidden })
	stop()
	if got := e.actor.Calls(); len(got) != 1 || got[0] != "1_2" {
		t.Errorf("Hide calls %v, want [1_2]", got)
	}
	it := e.item("1_2")
	if !it.CreatedTime.Equal(time.Unix(1700000000, 0)) || it.ActedAt.IsZero() || it.Source != store.SourceWebhook {
		t.Errorf("item %+v", it)
	}
}
