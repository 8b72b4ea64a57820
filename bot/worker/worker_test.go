package worker_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/vigie-fr/vigie/bot/graph"
	"github.com/vigie-fr/vigie/bot/store"
	"github.com/vigie-fr/vigie/bot/worker"
	"github.com/vigie-fr/vigie/moderation"
)

func TestDecisions(t *testing.T) {
	queuePolicy := moderation.DefaultPolicy()
	queuePolicy[moderation.Injurieux] = moderation.CategoryPolicy{Action: moderation.ActionQueue, Threshold: 0.5}
	tests := []struct {
		name      string
		mode      worker.Mode
		policy    moderation.Policy
		text      string
		calls     int
		state     store.State
		event     store.AuditEvent
		queued    int64
		counters  []string
		actedAt   bool
		verdictOf moderation.Action
	}{
		{"insult hidden in act mode", worker.ModeAct, nil, "Le maire est un connard", 1, store.StateHidden, store.EventHidden, 0,
			[]string{"judged", "category:injurieux", "action:hide", "outcome:hidden"}, true, moderation.ActionHide},
		{"insult in observe mode: no Graph call", worker.ModeObserve, nil, "Le maire est un connard", 0, store.StateWouldHide, store.EventWouldHide, 0,
			[]string{"judged", "category:injurieux", "action:hide", "outcome:would_hide"}, false, moderation.ActionHide},
		{"criticism stays visible", worker.ModeAct, nil, "Votre projet de parking est une erreur.", 0, store.StateVisible, store.EventClassified, 0,
			[]string{"judged", "action:none", "outcome:classified"}, false, moderation.ActionNone},
		{"queue policy in act mode", worker.ModeAct, queuePolicy, "Quel connard", 0, store.StateQueued, store.EventQueued, 1,
			[]string{"judged", "category:injurieux", "action:queue", "outcome:queued"}, false, moderation.ActionQueue},
		{"queue policy in observe mode", worker.ModeObserve, queuePolicy, "Quel connard", 0, store.StateQueued, store.EventQueued, 1,
			[]string{"outcome:queued"}, false, moderation.ActionQueue},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			e.cls = classifier(t, tt.policy)
			w := e.worker(e.options(tt.mode))
			e.enqueue(comment("1_2", tt.text))
			if n := e.runOnce(w); n != 1 {
				t.Fatalf("handled %d tasks, want 1", n)
			}
			if got := len(e.actor.Calls()); got != tt.calls {
				t.Errorf("Hide called %d times, want %d", got, tt.calls)
			}
			it := e.item("1_2")
			if it.State != tt.state || it.Verdict == nil || it.Verdict.Action != tt.verdictOf {
				t.Errorf("state %s verdict %+v", it.State, it.Verdict)
			}
			if it.ClassifiedAt.IsZero() || it.ReceivedAt.IsZero() || it.FirstReceivedAt.IsZero() || it.CreatedTime.IsZero() || it.ActedAt.IsZero() == tt.actedAt {
				t.Errorf("timestamps: %+v", it)
			}
			if it.Message != tt.text || it.FromName != "Jean Dupont" || it.PostID != "1000_1" || !it.Decided() {
				t.Errorf("item fields: %+v", it)
			}
			if got := e.events("1_2"); !slices.Equal(got, []store.AuditEvent{store.EventReceived, tt.event}) {
				t.Errorf("audit %v", got)
			}
			if e.pending() != 0 {
				t.Error("entry not acknowledged")
			}
			if d, _ := e.store.QueueDepth(context.Background()); d != tt.queued {
				t.Errorf("queue depth %d, want %d", d, tt.queued)
			}
			stats, _ := e.store.Stats(context.Background(), e.clock.Now())
			for _, c := range tt.counters {
				if stats[c] != 1 {
					t.Errorf("stats[%s] = %d, want 1 (%v)", c, stats[c], stats)
				}
			}
			audit, _ := e.store.CommentAudit(context.Background(), "1_2", 10)
			last := audit[len(audit)-1]
			if last.Mode != string(tt.mode) || last.Action != string(tt.verdictOf) || last.TextHash != it.TextHash {
				t.Errorf("audit entry %+v", last)
			}
		})
	}
}

func TestAuditAndLogsHoldNoText(t *testing.T) {
	e := newEnv(t)
	w := e.worker(e.options(worker.ModeAct))
	e.enqueue(comment("1_2", "Le maire est un connard"))
	e.runOnce(w)
	msgs := e.rdb.XRange(context.Background(), e.store.Key("audit"), "-", "+").Val()
	if len(msgs) < 2 {
		t.Fatalf("audit has %d entries", len(msgs))
	}
	for _, m := range msgs {
		for k, v := range m.Values {
			if s, _ := v.(string); strings.Contains(s, "maire") || strings.Contains(s, "Dupont") {
				t.Errorf("audit field %s = %q", k, s)
			}
		}
	}
	for _, l := range e.logs.All() {
		for _, f := range l.Context {
			if strings.Contains(f.String, "maire") || strings.Contains(f.String, "Dupont") {
				t.Errorf("log %q field %s = %q", l.Message, f.Key, f.String)
			}
		}
	}
}

func TestWorkerKilledAfterReadIsProcessedOnce(t *testing.T) {
	e := newEnv(t)
	e.enqueue(comment("1_2", "Le maire est un connard"))
	// A worker reads the entry and dies before acknowledging it.
	if ds, err := e.store.Read(context.Background(), "dead", 10, 0); err != nil || len(ds) != 1 {
		t.Fatalf("read: %v %v", ds, err)
	}
	// A live worker with a short claim-idle time takes it over.
	o := e.options(worker.ModeAct)
	o.ClaimIdle = time.Millisecond
	w := e.worker(o)
	time.Sleep(5 * time.Millisecond) // let the entry become idle in Redis' clock
	if n := e.runOnce(w); n != 1 {
		t.Fatalf("handled %d, want 1", n)
	}
	if got := e.actor.Calls(); !slices.Equal(got, []string{"1_2"}) {
		t.Errorf("Hide calls %v", got)
	}
	if e.pending() != 0 {
		t.Error("reclaimed entry not acknowledged")
	}
	// The same entry delivered again (a second reclaim, a replay) changes
	// nothing: the item remembers the decision for this text.
	msgs := e.rdb.XRange(context.Background(), e.store.Key("inbox"), "-", "+").Val()
	e.rdb.XAdd(context.Background(), &redis.XAddArgs{Stream: e.store.Key("inbox"), Values: msgs[0].Values})
	time.Sleep(5 * time.Millisecond)
	e.runOnce(w)
	if got := e.actor.Calls(); len(got) != 1 {
		t.Errorf("Hide called again on redelivery: %v", got)
	}
	if ev := e.events("1_2"); ev[len(ev)-1] != store.EventSkipped {
		t.Errorf("redelivery audit %v", ev)
	}
	if e.pending() != 0 {
		t.Error("skipped entry not acknowledged")
	}
}

func TestDuplicatesHideOnce(t *testing.T) {
	e := newEnv(t)
	w := e.worker(e.options(worker.ModeAct))
	c := comment("1_2", "Le maire est un connard")
	poll := c
	poll.Source = store.SourcePoll
	e.enqueue(c, c)
	e.runOnce(w)
	e.enqueue(c, poll)
	e.runOnce(w)
	if got := e.actor.Calls(); len(got) != 1 {
		t.Errorf("Hide calls %v, want one", got)
	}
}

func TestEditIsRejudgedAndHiddenStaysHidden(t *testing.T) {
	e := newEnv(t)
	w := e.worker(e.options(worker.ModeAct))
	edit := func(msg string) store.Event {
		ev := comment("1_2", msg)
		ev.Verb = store.VerbEdited
		return ev
	}
	e.enqueue(comment("1_2", "Bonjour"))
	e.runOnce(w)
	if it := e.item("1_2"); it.State != store.StateVisible {
		t.Fatalf("clean comment: %s", it.State)
	}
	e.enqueue(edit("Bonjour connard"))
	e.runOnce(w)
	if it := e.item("1_2"); it.State != store.StateHidden || it.Message != "Bonjour connard" {
		t.Fatalf("insulting edit: %s", it.State)
	}
	e.enqueue(edit("Bonjour à tous"))
	e.runOnce(w)
	it := e.item("1_2")
	if it.State != store.StateHidden || it.Message != "Bonjour à tous" || it.Verdict.Action != moderation.ActionNone {
		t.Errorf("clean edit of a hidden comment: state %s action %s", it.State, it.Verdict.Action)
	}
	e.enqueue(edit("Encore un connard"))
	e.runOnce(w)
	if got := e.actor.Calls(); len(got) != 1 {
		t.Errorf("Hide calls %v, want one", got)
	}
	want := []store.AuditEvent{store.EventReceived, store.EventClassified, store.EventReceived, store.EventHidden,
		store.EventReceived, store.EventClassified, store.EventReceived, store.EventClassified}
	if got := e.events("1_2"); !slices.Equal(got, want) {
		t.Errorf("audit %v, want %v", got, want)
	}
	stats, _ := e.store.Stats(context.Background(), e.clock.Now())
	if stats["judged"] != 4 {
		t.Errorf("judged %d, want 4", stats["judged"])
	}
}

func TestOlderVersionReclaimedAfterANewerOneIsSuperseded(t *testing.T) {
	e := newEnv(t)
	e.enqueue(comment("1_2", "Quel connard"))
	if ds, _ := e.store.Read(context.Background(), "dead", 1, 0); len(ds) != 1 {
		t.Fatal("read")
	}
	ev := comment("1_2", "Bonjour")
	ev.Verb = store.VerbEdited
	e.enqueue(ev)
	w := e.worker(e.options(worker.ModeAct)) // default claim-idle: does not reclaim
	e.runOnce(w)
	o := e.options(worker.ModeAct)
	o.ClaimIdle, o.Consumer = time.Millisecond, "w2"
	time.Sleep(5 * time.Millisecond)
	e.runOnce(e.worker(o))
	if got := e.actor.Calls(); len(got) != 0 {
		t.Errorf("a superseded text was hidden: %v", got)
	}
	if it := e.item("1_2"); it.Message != "Bonjour" || it.State != store.StateVisible {
		t.Errorf("item %s %q", it.State, it.Message)
	}
	if e.pending() != 0 {
		t.Error("superseded entry not acknowledged")
	}
}

func TestRemove(t *testing.T) {
	e := newEnv(t)
	e.cls = classifier(t, moderation.Policy{moderation.Injurieux: {Action: moderation.ActionQueue, Threshold: 0.5}})
	w := e.worker(e.options(worker.ModeAct))
	e.enqueue(comment("1_2", "Quel connard"))
	e.runOnce(w)
	if d, _ := e.store.QueueDepth(context.Background()); d != 1 {
		t.Fatalf("queue depth %d", d)
	}
	e.enqueue(store.Event{PageID: "1000", CommentID: "1_2", Verb: store.VerbRemove, Source: store.SourceWebhook})
	e.runOnce(w)
	it := e.item("1_2")
	if it.State != store.StateDeleted || it.DeletedAt.IsZero() || it.Message != "Quel connard" {
		t.Errorf("after remove: %+v", it)
	}
	if d, _ := e.store.QueueDepth(context.Background()); d != 0 {
		t.Errorf("deleted comment still queued")
	}
	// A late poll of the old text is not judged again.
	late := comment("1_2", "Quel connard !")
	e.enqueue(late)
	e.runOnce(w)
	if ev := e.events("1_2"); ev[len(ev)-1] != store.EventSkipped {
		t.Errorf("audit %v", ev)
	}
	// A remove for a comment never seen keeps its ids only.
	e.enqueue(store.Event{PageID: "1000", CommentID: "1_9", PostID: "1000_1", Verb: store.VerbRemove, Source: store.SourceWebhook})
	e.runOnce(w)
	if it := e.item("1_9"); it.State != store.StateDeleted || it.PostID != "1000_1" {
		t.Errorf("unknown comment removed: %+v", it)
	}
}

// A throttled hide is parked in the retry set until Meta's wait is over:
// no goroutine sleeps on it (a sleeping shard held back every other
// comment and the poller in issue 9).
func TestThrottledIsParkedUntilRetryAfterThenHides(t *testing.T) {
	e := newEnv(t)
	e.actor.fail = func(_ string, n int) error {
		if n == 1 {
			return &graph.Error{Op: "hide comment 1_2", Class: graph.ClassThrottled, Code: 80001, RetryAfter: 3 * time.Minute}
		}
		return nil
	}
	w := e.worker(e.options(worker.ModeAct))
	e.enqueue(comment("1_2", "Le maire est un connard"))
	e.runOnce(w)
	it := e.item("1_2")
	if it.State == store.StateHidden || it.LastError != "throttled" || it.Attempts != 0 {
		t.Fatalf("parked item: %+v", it)
	}
	if d := it.RetryAt.Sub(e.clock.Now()); d < 3*time.Minute || d > 3*time.Minute+2*time.Second {
		t.Errorf("retry in %s, want Meta's 3m", d)
	}
	if e.pending() != 0 {
		t.Error("a parked entry stays pending (it would be reclaimed and called during the block)")
	}
	e.clock.Advance(time.Minute)
	e.runOnce(w)
	if got := e.actor.Calls(); len(got) != 1 {
		t.Fatalf("called during the wait: %v", got)
	}
	e.clock.Advance(2*time.Minute + 3*time.Second)
	e.runOnce(w)
	if got := e.actor.Calls(); len(got) != 2 {
		t.Errorf("Hide calls %v, want 2", got)
	}
	if it := e.item("1_2"); it.State != store.StateHidden {
		t.Errorf("after the wait: %s", it.State)
	}
	ev := e.events("1_2")
	if len(ev) < 2 || ev[len(ev)-2] != store.EventDeferred || ev[len(ev)-1] != store.EventHidden {
		t.Errorf("audit %v", ev)
	}
}

func TestTokenErrorGoesToRetrySetAndSucceedsLater(t *testing.T) {
	for _, class := range []graph.Class{graph.ClassToken, graph.ClassPermission, graph.ClassPolicy} {
		t.Run(class.String(), func(t *testing.T) {
			e := newEnv(t)
			broken := true
			e.actor.fail = func(string, int) error {
				if broken {
					return &graph.Error{Op: "hide", Class: class, Code: 190}
				}
				return nil
			}
			w := e.worker(e.options(worker.ModeAct))
			e.enqueue(comment("1_2", "Le maire est un connard"))
			e.runOnce(w)
			it := e.item("1_2")
			if it.State != store.StateActionFailed || it.LastError != class.String() || it.Attempts != 1 || it.RetryAt.IsZero() {
				t.Fatalf("after failure: %+v", it)
			}
			if e.pending() != 0 {
				t.Error("entry still pending: the retry set holds the comment")
			}
			retries, _ := e.store.Retries(context.Background(), 10)
			if at, ok := retries["1_2"]; !ok || at.Before(e.clock.Now().Add(40*time.Second)) {
				t.Errorf("retries %v", retries)
			}
			e.runOnce(w) // not due yet
			if len(e.actor.Calls()) != 1 {
				t.Fatalf("retried before the backoff: %v", e.actor.Calls())
			}
			e.clock.Advance(2 * time.Minute)
			e.runOnce(w) // due, still broken: backoff grows
			if it := e.item("1_2"); it.Attempts != 2 || len(e.actor.Calls()) != 2 {
				t.Fatalf("second failure: attempts %d calls %v", it.Attempts, e.actor.Calls())
			}
			broken = false
			e.clock.Advance(5 * time.Minute)
			e.runOnce(w)
			if it := e.item("1_2"); it.State != store.StateHidden || it.Attempts != 0 || it.LastError != "" {
				t.Errorf("after the fix: %+v", it)
			}
			if r, _ := e.store.Retries(context.Background(), 10); len(r) != 0 {
				t.Errorf("retry set after success: %v", r)
			}
			want := []store.AuditEvent{store.EventReceived, store.EventActionFailed, store.EventActionFailed, store.EventHidden}
			if got := e.events("1_2"); !slices.Equal(got, want) {
				t.Errorf("audit %v", got)
			}
		})
	}
}

func TestOtherGraphErrors(t *testing.T) {
	tests := []struct {
		name    string
		class   graph.Class
		state   store.State
		event   store.AuditEvent
		pending int64
		queued  int64
	}{
		{"not found: already gone", graph.ClassNotFound, store.StateDeleted, store.EventGone, 0, 0},
		{"invalid: the référent decides", graph.ClassInvalid, store.StateActionFailed, store.EventActionFailed, 0, 1},
		{"transient: left pending", graph.ClassTransient, store.StateActionFailed, store.EventActionFailed, 1, 0},
		{"unclassified: left pending", graph.ClassUnknown, store.StateActionFailed, store.EventActionFailed, 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			e.actor.fail = func(string, int) error {
				if tt.class == graph.ClassUnknown {
					return errors.New("boom")
				}
				return &graph.Error{Op: "hide", Class: tt.class}
			}
			w := e.worker(e.options(worker.ModeAct))
			e.enqueue(comment("1_2", "Le maire est un connard"))
			e.runOnce(w)
			if it := e.item("1_2"); it.State != tt.state {
				t.Errorf("state %s, want %s", it.State, tt.state)
			}
			if ev := e.events("1_2"); ev[len(ev)-1] != tt.event {
				t.Errorf("audit %v", ev)
			}
			if p := e.pending(); p != tt.pending {
				t.Errorf("pending %d, want %d", p, tt.pending)
			}
			if d, _ := e.store.QueueDepth(context.Background()); d != tt.queued {
				t.Errorf("queued %d, want %d", d, tt.queued)
			}
		})
	}
}

func TestTransientFailureIsReclaimedAndDone(t *testing.T) {
	e := newEnv(t)
	e.actor.fail = func(_ string, n int) error {
		if n == 1 {
			return &graph.Error{Op: "hide", Class: graph.ClassTransient, Code: 2}
		}
		return nil
	}
	o := e.options(worker.ModeAct)
	o.ClaimIdle = time.Millisecond
	w := e.worker(o)
	e.enqueue(comment("1_2", "Le maire est un connard"))
	e.runOnce(w)
	if e.pending() != 1 {
		t.Fatal("transient failure acknowledged")
	}
	time.Sleep(5 * time.Millisecond)
	e.runOnce(w)
	if it := e.item("1_2"); it.State != store.StateHidden || e.pending() != 0 {
		t.Errorf("after reclaim: %s pending %d", it.State, e.pending())
	}
	stats, _ := e.store.Stats(context.Background(), e.clock.Now())
	if stats["judged"] != 1 {
		t.Errorf("a retried version counted as judged %d times", stats["judged"])
	}
}

func TestInvalidUTF8AndHugeMessages(t *testing.T) {
	e := newEnv(t)
	w := e.worker(e.options(worker.ModeAct))
	e.enqueue(comment("1_2", "sale \xff\xfe connard"), comment("1_3", strings.Repeat("blabla ", 30_000)+"connard"))
	e.runOnce(w)
	if it := e.item("1_2"); it.State != store.StateHidden || !strings.Contains(it.Message, "\uFFFD") {
		t.Errorf("invalid UTF-8: %s %q", it.State, it.Message)
	}
	it := e.item("1_3")
	// Cut by the store's bound: never left visible on the strength of its
	// beginning (issue 9).
	if !it.Truncated || len(it.Message) > store.MaxMessageBytes || it.State != store.StateQueued {
		t.Errorf("200 KB: truncated %v, %d bytes, %s", it.Truncated, len(it.Message), it.State)
	}
}

func TestRetentionTTLs(t *testing.T) {
	e := newEnv(t)
	w := e.worker(e.options(worker.ModeAct))
	c := comment("1_2", "Bonjour")
	e.enqueue(c)
	e.runOnce(w)
	ctx := context.Background()
	if ttl := e.rdb.TTL(ctx, e.store.Key("item", "1_2")).Val(); ttl < 89*24*time.Hour || ttl > 90*24*time.Hour {
		t.Errorf("item TTL %s, want 90 days", ttl)
	}
	if ttl := e.rdb.TTL(ctx, e.store.Key("seen", "1_2", store.TextHash("Bonjour"))).Val(); ttl < 71*time.Hour || ttl > 72*time.Hour {
		t.Errorf("seen TTL %s, want 72 h", ttl)
	}
}

func TestNewValidates(t *testing.T) {
	_, err := worker.New(worker.Options{Mode: worker.ModeAct})
	if err == nil {
		t.Fatal("New accepted empty options")
	}
	for _, want := range []string{"no store", "no classifier", "needs an actor"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q lacks %q", err, want)
		}
	}
	if _, err := worker.New(worker.Options{Mode: "yolo"}); err == nil || !strings.Contains(err.Error(), `mode "yolo"`) {
		t.Errorf("bad mode: %v", err)
	}
}
