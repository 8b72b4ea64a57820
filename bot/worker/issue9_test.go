package worker_test

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vigie-fr/vigie/bot/graph"
	"github.com/vigie-fr/vigie/bot/graphemu"
	"github.com/vigie-fr/vigie/bot/store"
	"github.com/vigie-fr/vigie/bot/worker"
)

// A worker that dies between a successful Hide and its record leaves an
// intent; the worker that reclaims the entry asks Meta whether the comment
// is hidden and does not hide it twice. Against the Graph API emulator:
// exactly one hide in its action log.
func TestCrashBetweenHideAndRecordHidesOnce(t *testing.T) {
	e := newEnv(t)
	emu := graphemu.New(graphemu.Options{PageID: "1000", AccessToken: "tok"})
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	client, err := graph.New(graph.Options{BaseURL: srv.URL, AccessToken: "tok"})
	if err != nil {
		t.Fatal(err)
	}
	post := emu.AddPost(graphemu.NewPost{Message: "Travaux"})
	c, err := emu.AddComment(post.ID, graphemu.NewComment{FromID: "42", FromName: "Jean", Message: "Le maire est un connard"})
	if err != nil {
		t.Fatal(err)
	}
	ev := comment(c.ID, c.Message)
	ev.PostID, ev.ParentID = post.ID, post.ID
	e.enqueue(ev)

	crash := errors.New("killed")
	o := e.options(worker.ModeAct)
	o.Actor, o.ClaimIdle = client, time.Millisecond
	o.AfterHide = func(string) error { return crash }
	e.runOnce(e.worker(o)) // hides, then "dies" before the record
	if n := len(emu.Actions()); n != 1 {
		t.Fatalf("first worker: %d actions", n)
	}
	if e.pending() != 1 {
		t.Fatal("the crashed attempt's entry is not pending")
	}

	o.AfterHide, o.Consumer = nil, "w2"
	time.Sleep(5 * time.Millisecond) // idle past ClaimIdle in Redis' clock
	e.runOnce(e.worker(o))
	var hides int
	for _, a := range emu.Actions() {
		if a.Kind == "hide" {
			hides++
		}
	}
	if hides != 1 {
		t.Errorf("%d hide calls on the emulator, want exactly 1", hides)
	}
	it := e.item(c.ID)
	if it.State != store.StateHidden || e.pending() != 0 {
		t.Errorf("after takeover: %s, pending %d", it.State, e.pending())
	}
	if _, ok, _ := e.store.Intent(context.Background(), c.ID); ok {
		t.Error("intent left after the record")
	}
	as, _ := e.store.CommentAudit(context.Background(), c.ID, 100)
	if last := as[len(as)-1]; last.Event != store.EventHidden || last.Detail != "hidden_before_restart" {
		t.Errorf("last audit %+v", last)
	}
}

// Without a crash, no read is spent: the intent is cleared with the record.
func TestIntentClearedAndNoReadWithoutCrash(t *testing.T) {
	e := newEnv(t)
	w := e.worker(e.options(worker.ModeAct))
	e.enqueue(comment("1_2", "Quel connard"))
	e.runOnce(w)
	if e.state("1_2") != store.StateHidden || len(e.actor.reads) != 0 {
		t.Fatalf("state %s, reads %v", e.state("1_2"), e.actor.reads)
	}
	if _, ok, _ := e.store.Intent(context.Background(), "1_2"); ok {
		t.Error("intent left after the record")
	}
}

// A comment longer than what is judged goes to the référent unless its
// judged part already calls for hiding it; up to 8,000 characters the
// whole text is judged.
func TestLongCommentsJudgedWholeOrQueued(t *testing.T) {
	e := newEnv(t)
	w := e.worker(e.options(worker.ModeAct))
	pad := func(n int) string { return strings.Repeat("é", n) } // 2 bytes a character
	e.enqueue(
		comment("1_1", pad(7_990)+" connard"),                  // 7,998 characters: judged whole
		comment("1_2", pad(8_100)+" connard"),                  // the insult is past what is judged
		comment("1_3", strings.Repeat("bla ", 70<<10/4)),       // 70 KiB, harmless start
		comment("1_4", "connard "+strings.Repeat("x", 70<<10)), // 70 KiB, insult in the judged part
	)
	e.runOnce(w)
	want := map[string]store.State{"1_1": store.StateHidden, "1_2": store.StateQueued, "1_3": store.StateQueued, "1_4": store.StateHidden}
	for id, st := range want {
		if got := e.state(id); got != st {
			t.Errorf("%s: %s, want %s", id, got, st)
		}
	}
	as, _ := e.store.CommentAudit(context.Background(), "1_3", 100)
	if last := as[len(as)-1]; last.Detail != "too_long" {
		t.Errorf("70 KiB audit %+v", last)
	}
}

// gatedActor blocks Hide of one comment until released.
type gatedActor struct {
	actor
	slow    string
	release chan struct{}
}

func (a *gatedActor) Hide(ctx context.Context, id string) error {
	if id == a.slow {
		select {
		case <-a.release:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return a.actor.Hide(ctx, id)
}

// One shard stuck in a slow call does not hold back the others: the
// dispatcher never blocks on a full shard (issue 9: every worker and the
// poller waited for the sleeping one).
func TestSlowShardDoesNotBlockOthers(t *testing.T) {
	e := newEnv(t)
	const shards = 2
	shardOf := func(id string) uint32 {
		h := fnv.New32a()
		h.Write([]byte(id))
		return h.Sum32() % shards
	}
	a := &gatedActor{slow: "1_0", release: make(chan struct{})}
	o := e.options(worker.ModeAct)
	o.Actor, o.Concurrency = a, shards
	stop := run(t, e.worker(o))
	defer func() { close(a.release); stop() }()
	e.enqueue(comment("1_0", "Quel connard"))
	var others []string
	for i := 1; len(others) < 100; i++ {
		id := fmt.Sprintf("1_%d", i)
		e.enqueue(comment(id, "Quel connard"))
		if shardOf(id) != shardOf("1_0") {
			others = append(others, id)
		}
	}
	eventually(t, "comments of the other shard hidden while one call hangs", func() bool {
		for _, id := range others {
			if e.state(id) != store.StateHidden {
				return false
			}
		}
		return true
	})
}

// Actions Vigie refused itself while the token was known bad count no
// attempt and are expedited as soon as the token works.
func TestLocalTokenRefusalsExpedited(t *testing.T) {
	e := newEnv(t)
	var mu sync.Mutex
	broken := true
	e.actor.fail = func(string, int) error {
		mu.Lock()
		defer mu.Unlock()
		if broken {
			return &graph.Error{Op: "hide", Class: graph.ClassToken, Code: 190, Local: true}
		}
		return nil
	}
	w := e.worker(e.options(worker.ModeAct))
	for i := range 5 {
		e.enqueue(comment(fmt.Sprintf("1_%d", i), "Quel connard"))
	}
	e.runOnce(w)
	it := e.item("1_0")
	if it.Attempts != 0 || it.LastError != "token" || it.RetryAt.Sub(e.clock.Now()) < 5*time.Minute {
		t.Fatalf("locally refused: %+v", it)
	}
	mu.Lock()
	broken = false
	mu.Unlock()
	n, err := e.store.ExpediteRetries(context.Background(), "token")
	if err != nil || n != 5 {
		t.Fatalf("expedited %d, %v", n, err)
	}
	e.runOnce(w)
	for i := range 5 {
		if s := e.state(fmt.Sprintf("1_%d", i)); s != store.StateHidden {
			t.Errorf("1_%d: %s", i, s)
		}
	}
	for _, l := range e.logs.FilterMessage("hide failed").All() {
		if l.Level > -1 { // above debug
			t.Errorf("per-comment log at %s for a token refusal", l.Level)
		}
	}
}

// The inbox backlog, its age and the retry set are on /metrics.
func TestBacklogMetrics(t *testing.T) {
	e := newEnv(t)
	e.actor.fail = func(string, int) error {
		return &graph.Error{Op: "hide", Class: graph.ClassThrottled, RetryAfter: time.Hour, Local: true}
	}
	w := e.worker(e.options(worker.ModeAct))
	e.enqueue(comment("1_1", "Quel connard"))
	e.runOnce(w) // parked in the retry set
	for i := range 3 {
		e.enqueue(comment(fmt.Sprintf("2_%d", i), "Bonjour"))
	}
	time.Sleep(20 * time.Millisecond)
	var out strings.Builder
	if _, err := e.reg.WriteTo(&out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"vigie_inbox_unacked_entries 3", "vigie_inbox_undelivered_entries 3", "vigie_retry_set_size 1", "vigie_backlog_probe_ok 1"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	if l := grepLine(out.String(), "vigie_inbox_oldest_unacked_age_seconds "); !strings.Contains(l, " 0.0") {
		t.Errorf("oldest age: %s", grepLine(out.String(), "vigie_inbox_oldest_unacked_age_seconds "))
	}
}

func grepLine(s, prefix string) string {
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(l, prefix) {
			return l
		}
	}
	return ""
}

// Retries a worker had claimed when it was killed are given back when it
// starts again, not after their five-minute lease.
func TestRetriesHeldAtAKillReleasedOnRestart(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.actor.fail = func(string, int) error {
		return &graph.Error{Op: "hide", Class: graph.ClassThrottled, RetryAfter: time.Second, Local: true}
	}
	e.enqueue(comment("1_2", "Quel connard"))
	e.runOnce(e.worker(e.options(worker.ModeAct)))
	e.clock.Advance(3 * time.Second)
	// The worker claims the retry and is killed before handling it.
	if ids, err := e.store.ClaimRetriesFor(ctx, "w1", 5*time.Minute, 10); err != nil || len(ids) != 1 {
		t.Fatalf("claimed %v, %v", ids, err)
	}
	e.actor.fail = nil
	stop := run(t, e.worker(e.options(worker.ModeAct)))
	eventually(t, "the held retry handled after the restart", func() bool { return e.state("1_2") == store.StateHidden })
	stop()
	if n, _ := e.rdb.SCard(ctx, e.store.Key("retry", "held", "w1")).Result(); n != 0 {
		t.Errorf("%d leases still noted", n)
	}
}
