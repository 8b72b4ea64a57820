package report_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/vigie-fr/vigie/bot/fakeclock"
	"github.com/vigie-fr/vigie/bot/redistest"
	"github.com/vigie-fr/vigie/bot/report"
	"github.com/vigie-fr/vigie/bot/store"
	"github.com/vigie-fr/vigie/moderation"
)

func newStore(t *testing.T, now time.Time) (*store.Store, *redis.Client, *fakeclock.Clock) {
	t.Helper()
	url, prefix := redistest.Shared(t)
	opt, err := redis.ParseURL(url)
	if err != nil {
		t.Fatal(err)
	}
	rdb := redis.NewClient(opt)
	t.Cleanup(func() { _ = rdb.Close() })
	clk := fakeclock.New(now)
	s, err := store.New(store.Options{Client: rdb, Prefix: prefix, Now: clk.Now, Location: paris})
	if err != nil {
		t.Fatal(err)
	}
	return s, rdb, clk
}

// seed judges a comment through the worker's Commit at the clock's time.
func seed(t *testing.T, s *store.Store, id, from, name string, ev store.AuditEvent, cats ...moderation.Category) {
	t.Helper()
	v := &moderation.Verdict{Action: moderation.ActionNone}
	for _, c := range cats {
		v.Findings = append(v.Findings, moderation.Finding{Category: c, Score: 0.9, Rules: []string{string(c) + ".rule"}, Reason: "raison"})
	}
	switch ev {
	case store.EventHidden:
		v.Action = moderation.ActionHide
	case store.EventQueued:
		v.Action = moderation.ActionQueue
	}
	it := store.Item{
		Platform: "facebook", PageID: "1000", CommentID: id, PostID: "1000_1", Message: "texte de " + name,
		TextHash: store.TextHash("texte de " + name), FromID: from, FromName: name, Verdict: v,
		Permalink: "https://www.facebook.com/1000_1?comment_id=" + id,
	}
	d := store.Decision{Item: it, Audit: store.AuditEntry{Event: ev, Mode: "act", Action: string(v.Action)}, Counters: []string{"judged"}}
	for _, c := range cats {
		d.Audit.Categories = append(d.Audit.Categories, string(c))
	}
	if ev == store.EventQueued {
		d.Review = store.ReviewAdd
	}
	if _, err := s.Commit(context.Background(), d); err != nil {
		t.Fatal(err)
	}
}

// TestGatherFromStore builds a month from what the worker and the console
// recorded in a real Redis, including a comment whose item has expired but
// whose evidence capture remains.
func TestGatherFromStore(t *testing.T) {
	ctx := context.Background()
	// Redis numbers the audit stream with its own clock: the test's clock
	// starts at the real time.
	s, rdb, clk := newStore(t, time.Now().Truncate(time.Millisecond))
	month := s.Month(clk.Now())
	seed(t, s, "1000_1_1", "u1", "Paul Trolleur", store.EventHidden, moderation.Injurieux)
	clk.Advance(time.Millisecond)
	seed(t, s, "1000_1_2", "u1", "Paul Trolleur", store.EventQueued, moderation.Diffamatoire)
	seed(t, s, "1000_1_3", "u2", "Anne Voisine", store.EventClassified)
	clk.Advance(time.Millisecond)
	if err := s.RecordReview(ctx, store.Review{CommentID: "1000_1_1", Decision: "reject", By: "claire", State: store.StateVisible}); err != nil {
		t.Fatal(err)
	}
	// The hidden comment's item expires; its capture remains.
	if err := rdb.Del(ctx, s.Key("item", "1000_1_1")).Err(); err != nil {
		t.Fatal(err)
	}
	clk.Advance(40 * 24 * time.Hour)
	in, err := report.Gather(ctx, s, month, clk.Now(), report.Setting{Mode: "act", Accounts: []report.Account{{Platform: "facebook", ID: "1000", Name: "Mairie"}}})
	if err != nil {
		t.Fatal(err)
	}
	r, err := report.Build(in)
	if err != nil {
		t.Fatal(err)
	}
	if r.Total.Judged != 3 || r.Total.Hidden != 1 || r.Total.Queued != 1 || r.Reviews.Restored != 1 || r.PendingN != 1 {
		t.Errorf("figures %+v, restored %d, pending %d", r.Total, r.Reviews.Restored, r.PendingN)
	}
	if len(r.Accounts) != 1 || r.Accounts[0].Judged != 3 {
		t.Errorf("the expired comment lost its account: %+v", r.Accounts)
	}
	if len(r.Authors) != 1 || r.Authors[0].N != 2 {
		t.Errorf("repeat authors %+v", r.Authors)
	}
	key1, _ := s.PseudonymKey(ctx)
	key2, _ := s.PseudonymKey(ctx)
	if string(key1) != string(key2) || len(key1) != 32 {
		t.Error("the pseudonym key is not stable")
	}
}

// TestSchedulerSendsOnce races replicas on one Redis: exactly one sends;
// a restarted replica does not send again.
func TestSchedulerSendsOnce(t *testing.T) {
	ctx := context.Background()
	s, _, clk := newStore(t, at("2026-11-01 08:00:00"))
	var sends atomic.Int32
	send := func(ctx context.Context, month string) error {
		if month != "2026-10" {
			t.Errorf("sent %s", month)
		}
		sends.Add(1)
		time.Sleep(50 * time.Millisecond) // hold the lock while others try
		return nil
	}
	newScheduler := func() *report.Scheduler {
		sc, err := report.NewScheduler(report.SchedulerOptions{Store: s, Schedule: "0 8 1 * *", Location: paris, Send: send, Now: clk.Now})
		if err != nil {
			t.Fatal(err)
		}
		return sc
	}
	var wg sync.WaitGroup
	for range 2 {
		sc := newScheduler()
		for range 5 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := sc.SendOnce(ctx, "2026-10"); err != nil {
					t.Error(err)
				}
			}()
		}
	}
	wg.Wait()
	if n := sends.Load(); n != 1 {
		t.Fatalf("%d reports sent by racing replicas, want 1", n)
	}
	if _, ok, _ := s.ReportSent(ctx, "2026-10"); !ok {
		t.Fatal("the month is not recorded as sent")
	}
	if sent, err := newScheduler().SendOnce(ctx, "2026-10"); sent || err != nil {
		t.Fatalf("a restarted replica sent again: %v %v", sent, err)
	}
}

// TestSchedulerRun: the schedule in Europe/Paris makes October due on the
// 1st of November at 08:00; replicas started after that catch up once,
// a failed send is tried again, and a restart sends nothing.
func TestSchedulerRun(t *testing.T) {
	s, rdb, clk := newStore(t, at("2026-11-01 07:59:00"))
	sc, err := report.NewScheduler(report.SchedulerOptions{Store: s, Schedule: "0 8 1 * *", Location: paris, Send: func(context.Context, string) error { return nil }, Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	if m, ok := sc.Due(clk.Now()); ok {
		t.Fatalf("due at 07:59: %s", m)
	}
	if m, ok := sc.Due(at("2026-11-01 08:00:00")); !ok || m != "2026-10" {
		t.Fatalf("due at 08:00: %q %v", m, ok)
	}
	if m, ok := sc.Due(at("2027-01-15 12:00:00")); !ok || m != "2026-12" {
		t.Fatalf("due mid-January: %q %v", m, ok)
	}
	clk.Advance(time.Hour)

	var sends atomic.Int32
	// A month without any counter (a new installation) is not caught up
	// at start-up.
	idle, err := report.NewScheduler(report.SchedulerOptions{Store: s, Schedule: "0 8 1 * *", Location: paris, Now: clk.Now,
		Send: func(context.Context, string) error { sends.Add(1); return nil }})
	if err != nil {
		t.Fatal(err)
	}
	idleCtx, idleCancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	_ = idle.Run(idleCtx)
	idleCancel()
	if sends.Load() != 0 {
		t.Fatal("an idle month was caught up at start-up")
	}
	if err := rdb.HSet(context.Background(), s.Key("stats", "2026-10"), "judged", 3).Err(); err != nil {
		t.Fatal(err)
	}
	fail := atomic.Bool{}
	fail.Store(true)
	done := make(chan struct{}, 10)
	send := func(context.Context, string) error {
		if fail.Swap(false) {
			done <- struct{}{}
			return errors.New("smtp down")
		}
		sends.Add(1)
		done <- struct{}{}
		return nil
	}
	run := func(ctx context.Context) {
		sc, err := report.NewScheduler(report.SchedulerOptions{Store: s, Schedule: "0 8 1 * *", Location: paris, Send: send, Now: clk.Now, Retry: 10 * time.Millisecond})
		if err != nil {
			t.Error(err)
			return
		}
		if err := sc.Run(ctx); err != nil {
			t.Error(err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() { defer wg.Done(); run(ctx) }()
	}
	deadline := time.After(10 * time.Second)
	for sends.Load() == 0 {
		select {
		case <-done:
		case <-deadline:
			t.Fatal("no report sent")
		}
	}
	time.Sleep(100 * time.Millisecond) // let the other replica look again
	cancel()
	wg.Wait()
	if n := sends.Load(); n != 1 {
		t.Fatalf("%d reports sent, want 1", n)
	}
	// A restart the same month: nothing to send.
	ctx, cancel = context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	run(ctx)
	if n := sends.Load(); n != 1 {
		t.Fatalf("a restart sent again: %d", n)
	}
}
