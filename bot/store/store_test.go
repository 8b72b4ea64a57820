package store_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/vigie-fr/vigie/bot/fakeclock"
	"github.com/vigie-fr/vigie/bot/graph"
	"github.com/vigie-fr/vigie/bot/redistest"
	"github.com/vigie-fr/vigie/bot/store"
	"github.com/vigie-fr/vigie/moderation"
)

func newStore(t *testing.T) (*store.Store, *redis.Client, *fakeclock.Clock) {
	t.Helper()
	url, prefix := redistest.Shared(t)
	opt, err := redis.ParseURL(url)
	if err != nil {
		t.Fatal(err)
	}
	rdb := redis.NewClient(opt)
	t.Cleanup(func() { _ = rdb.Close() })
	clk := fakeclock.New(time.Now().UTC().Truncate(time.Millisecond))
	s, err := store.New(store.Options{Client: rdb, Prefix: prefix, Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.EnsureGroup(context.Background()); err != nil {
		t.Fatal(err)
	}
	return s, rdb, clk
}

func event(id, msg string) store.Event {
	return store.Event{
		PageID: "1000", CommentID: id, PostID: "1000_1", ParentID: "1000_1",
		Verb: store.VerbAdd, Message: msg, FromID: "42", FromName: "Jean Dupont",
		CreatedTime: time.Unix(1_700_000_000, 0).UTC(), Source: store.SourceWebhook,
	}
}

func TestEnqueueDedup(t *testing.T) {
	s, rdb, _ := newStore(t)
	ctx := context.Background()
	e := event("1_2", "Bonjour")
	poll := e
	poll.Source = store.SourcePoll
	edit := e
	edit.Verb, edit.Message = store.VerbEdited, "Bonjour à tous"
	remove := store.Event{PageID: "1000", CommentID: "1_2", Verb: store.VerbRemove, Source: store.SourceWebhook}

	tests := []struct {
		name string
		ev   []store.Event
		want int
	}{
		{"first delivery", []store.Event{e}, 1},
		{"webhook retry", []store.Event{e}, 0},
		{"same text by the poller", []store.Event{poll}, 0},
		{"edit and its duplicate in one batch", []store.Event{edit, edit}, 1},
		{"remove", []store.Event{remove}, 1},
		{"remove again", []store.Event{remove}, 0},
	}
	for _, tt := range tests {
		n, err := s.Enqueue(ctx, tt.ev...)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if n != tt.want {
			t.Errorf("%s: enqueued %d, want %d", tt.name, n, tt.want)
		}
	}
	if n := rdb.XLen(ctx, s.Key("inbox")).Val(); n != 3 {
		t.Errorf("inbox length %d, want 3", n)
	}
	ttl := rdb.PTTL(ctx, s.Key("seen", "1_2", store.TextHash("Bonjour"))).Val()
	if ttl <= 71*time.Hour || ttl > 72*time.Hour {
		t.Errorf("seen TTL %s, want about 72h", ttl)
	}
	audit, err := s.Audit(ctx, time.Time{}, time.Time{}, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(audit) != 3 {
		t.Fatalf("audit has %d entries, want 3", len(audit))
	}
	for _, a := range audit {
		if a.Event != store.EventReceived || a.CommentID != "1_2" || a.Entry == "" {
			t.Errorf("audit entry %+v", a)
		}
	}
	stats, err := s.Stats(ctx, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int64{"received": 2, "duplicates": 4, "source:webhook": 3, "verb:add": 1, "verb:edited": 1, "verb:remove": 1}
	for k, v := range want {
		if stats[k] != v {
			t.Errorf("stats[%s] = %d, want %d (all: %v)", k, stats[k], v, stats)
		}
	}
}

func TestEnqueueKeepsNoTextInAudit(t *testing.T) {
	s, rdb, _ := newStore(t)
	ctx := context.Background()
	if _, err := s.Enqueue(ctx, event("1_3", "texte secret")); err != nil {
		t.Fatal(err)
	}
	msgs := rdb.XRange(ctx, s.Key("audit"), "-", "+").Val()
	for _, m := range msgs {
		for k, v := range m.Values {
			if str, _ := v.(string); strings.Contains(str, "secret") || strings.Contains(str, "Dupont") {
				t.Errorf("audit field %s holds personal data: %q", k, str)
			}
		}
	}
}

func TestEnqueueRejectsInvalidEvents(t *testing.T) {
	s, rdb, _ := newStore(t)
	ctx := context.Background()
	bad := map[string]store.Event{
		"empty comment id":   event("", "x"),
		"comment id in key":  event("1:2 *", "x"),
		"unknown verb":       func() store.Event { e := event("1_2", "x"); e.Verb = "hide"; return e }(),
		"unknown source":     func() store.Event { e := event("1_2", "x"); e.Source = "mail"; return e }(),
		"missing page id":    func() store.Event { e := event("1_2", "x"); e.PageID = ""; return e }(),
		"id of 129 bytes":    event(strings.Repeat("1", 129), "x"),
		"post id with slash": func() store.Event { e := event("1_2", "x"); e.PostID = "a/b"; return e }(),
	}
	for name, e := range bad {
		if _, err := s.Enqueue(ctx, event("9_9", "ok"), e); !errors.Is(err, store.ErrInvalidEvent) {
			t.Errorf("%s: err = %v, want ErrInvalidEvent", name, err)
		}
	}
	if n := rdb.Exists(ctx, s.Key("inbox")).Val(); n != 1 {
		t.Fatal("inbox stream missing")
	}
	if n := rdb.XLen(ctx, s.Key("inbox")).Val(); n != 0 {
		t.Errorf("a batch with an invalid event wrote %d entries", n)
	}
}

func TestEnqueueBoundsMessages(t *testing.T) {
	s, _, _ := newStore(t)
	ctx := context.Background()
	huge := strings.Repeat("é", 100_000) // 200 KB
	if _, err := s.Enqueue(ctx, event("1_4", huge), event("1_5", "caf\xe9 \xff connard")); err != nil {
		t.Fatal(err)
	}
	ds, err := s.Read(ctx, "c1", 10, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 2 {
		t.Fatalf("read %d deliveries, want 2", len(ds))
	}
	big := ds[0].Event
	if !big.Truncated || len(big.Message) > store.MaxMessageBytes || !strings.HasPrefix(huge, big.Message) {
		t.Errorf("200 KB message: truncated=%v len=%d", big.Truncated, len(big.Message))
	}
	if got := ds[1].Event.Message; got != "caf\uFFFD \uFFFD connard" {
		t.Errorf("invalid UTF-8 sanitised to %q", got)
	}
}

func TestBound(t *testing.T) {
	tests := []struct {
		name, in string
		max      int
		want     string
		cut      bool
	}{
		{"short", "abc", 10, "abc", false},
		{"cut on rune boundary", "aé", 2, "a", true},
		{"invalid bytes replaced", "a\xffb", 10, "a\uFFFDb", false},
		{"empty", "", 10, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, cut := store.Bound(tt.in, tt.max)
			if got != tt.want || cut != tt.cut {
				t.Errorf("Bound(%q, %d) = %q, %v; want %q, %v", tt.in, tt.max, got, cut, tt.want, tt.cut)
			}
		})
	}
}

func TestReadReclaimAndTrim(t *testing.T) {
	s, rdb, _ := newStore(t)
	ctx := context.Background()
	for _, id := range []string{"1_1", "1_2", "1_3", "1_4"} {
		if _, err := s.Enqueue(ctx, event(id, "texte "+id)); err != nil {
			t.Fatal(err)
		}
	}
	// A dies holding 1_1 and 1_2; B acknowledges 1_3 and 1_4.
	a, err := s.Read(ctx, "a", 2, 0)
	if err != nil || len(a) != 2 {
		t.Fatalf("a read %d, %v", len(a), err)
	}
	b, err := s.Read(ctx, "b", 10, 0)
	if err != nil || len(b) != 2 {
		t.Fatalf("b read %d, %v", len(b), err)
	}
	if err := s.Ack(ctx, b[0].ID, b[1].ID); err != nil {
		t.Fatal(err)
	}
	if n, err := s.TrimInbox(ctx); err != nil || n != 0 {
		t.Errorf("trim with the oldest entries pending removed %d (%v), want 0", n, err)
	}
	own, err := s.ReadPending(ctx, "a", "0", 10)
	if err != nil || len(own) != 2 || own[0].Event.CommentID != "1_1" {
		t.Fatalf("a's pending: %+v, %v", own, err)
	}
	got, next, err := s.Reclaim(ctx, "b", 0, "0-0", 10)
	if err != nil || len(got) != 2 || next != "0-0" {
		t.Fatalf("reclaim: %d entries, next %s, %v", len(got), next, err)
	}
	if err := s.Ack(ctx, got[1].ID); err != nil {
		t.Fatal(err)
	}
	// 1_1 still pending: nothing before it goes, 1_2..1_4 (acked) after it stay.
	if n, _ := s.TrimInbox(ctx); n != 0 {
		t.Errorf("trim removed %d entries while the first is pending", n)
	}
	if err := s.Ack(ctx, got[0].ID); err != nil {
		t.Fatal(err)
	}
	if n, err := s.TrimInbox(ctx); err != nil || n != 3 {
		t.Errorf("trim after all acks removed %d (%v), want 3 (the last delivered stays)", n, err)
	}
	// An entry enqueued but not yet read survives trimming.
	if _, err := s.Enqueue(ctx, event("1_5", "pas encore lu")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.TrimInbox(ctx); err != nil {
		t.Fatal(err)
	}
	ds, err := s.Read(ctx, "b", 10, 0)
	if err != nil || len(ds) != 1 || ds[0].Event.CommentID != "1_5" {
		t.Fatalf("unread entry lost by trim: %+v, %v", ds, err)
	}
	info, err := s.Inbox(ctx)
	if err != nil || info.Pending != 1 || info.Length != 2 {
		t.Errorf("inbox info %+v, %v", info, err)
	}
	if err := rdb.Del(ctx, s.Key("inbox")).Err(); err != nil {
		t.Fatal(err)
	}
	if ds, err := s.Read(ctx, "b", 10, 0); err != nil || len(ds) != 0 {
		t.Errorf("read after the stream was deleted: %v, %v (want the group recreated)", ds, err)
	}
}

func TestCommit(t *testing.T) {
	s, rdb, clk := newStore(t)
	ctx := context.Background()
	if _, err := s.Enqueue(ctx, event("1_2", "un texte")); err != nil {
		t.Fatal(err)
	}
	ds, err := s.Read(ctx, "w", 1, 0)
	if err != nil || len(ds) != 1 {
		t.Fatalf("read: %v %v", ds, err)
	}
	now := clk.Now()
	verdict := &moderation.Verdict{Action: moderation.ActionQueue, Findings: []moderation.Finding{{Category: moderation.Diffamatoire, Score: 0.8, Rules: []string{"diffamatoire.fact"}, Action: moderation.ActionQueue}}}
	it := store.Item{
		Platform: "facebook", PageID: "1000", CommentID: "1_2", Message: "un texte", TextHash: store.TextHash("un texte"),
		FromName: "Jean", Verdict: verdict, State: store.StateQueued, DecidedHash: store.TextHash("un texte"),
		FirstReceivedAt: now, ReceivedAt: now, ClassifiedAt: now, Seq: ds[0].ID,
	}
	depth, err := s.Commit(ctx, store.Decision{
		Entry: ds[0].ID, Item: it, Review: store.ReviewAdd, Counters: []string{"judged", "category:diffamatoire"},
		Audit: store.AuditEntry{Event: store.EventQueued, Mode: "act", Categories: []string{"diffamatoire"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if depth != 1 {
		t.Errorf("queue depth %d, want 1", depth)
	}
	got, ok, err := s.Item(ctx, "1_2")
	if err != nil || !ok {
		t.Fatalf("item: %v %v", ok, err)
	}
	if got.State != store.StateQueued || got.Verdict == nil || !got.Verdict.Has(moderation.Diffamatoire) || !got.ClassifiedAt.Equal(now) || !got.Decided() {
		t.Errorf("item read back: %+v", got)
	}
	if ttl := rdb.PTTL(ctx, s.Key("item", "1_2")).Val(); ttl <= 89*24*time.Hour || ttl > 90*24*time.Hour {
		t.Errorf("item TTL %s, want 90 days", ttl)
	}
	if info, _ := s.Inbox(ctx); info.Pending != 0 {
		t.Errorf("entry not acknowledged by Commit: %+v", info)
	}
	items, err := s.QueueList(ctx, 0, 10)
	if err != nil || len(items) != 1 || items[0].CommentID != "1_2" {
		t.Errorf("queue list: %+v, %v", items, err)
	}
	if err := s.MarkReviewed(ctx, "1_2", "referent", now); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkNotified(ctx, "1_2", now); err != nil {
		t.Fatal(err)
	}
	// A later commit by the worker keeps the console's fields.
	if _, err := s.Commit(ctx, store.Decision{Item: it, Review: store.ReviewRemove, Audit: store.AuditEntry{Event: store.EventClassified}}); err != nil {
		t.Fatal(err)
	}
	got, _, _ = s.Item(ctx, "1_2")
	if got.ReviewedBy != "referent" || !got.NotifiedAt.Equal(now) {
		t.Errorf("commit overwrote reviewed/notified: %+v", got)
	}
	if d, _ := s.QueueDepth(ctx); d != 0 {
		t.Errorf("queue depth %d after ReviewRemove", d)
	}
	if err := s.MarkReviewed(ctx, "nope", "x", now); !errors.Is(err, store.ErrNoItem) {
		t.Errorf("MarkReviewed on an unknown item: %v", err)
	}
	stats, _ := s.Stats(ctx, now)
	if stats["judged"] != 1 || stats["category:diffamatoire"] != 1 {
		t.Errorf("stats %v", stats)
	}
	if ttl := rdb.TTL(ctx, s.Key("stats", s.Month(now))).Val(); ttl < 399*24*time.Hour {
		t.Errorf("stats TTL %s, want about 13 months", ttl)
	}
}

func TestQueueListPrunesExpiredItems(t *testing.T) {
	s, _, clk := newStore(t)
	ctx := context.Background()
	if err := s.QueueAdd(ctx, "gone_1", clk.Now()); err != nil {
		t.Fatal(err)
	}
	items, err := s.QueueList(ctx, 0, 10)
	if err != nil || len(items) != 0 {
		t.Fatalf("list: %v %v", items, err)
	}
	if d, _ := s.QueueDepth(ctx); d != 0 {
		t.Errorf("expired member kept, depth %d", d)
	}
}

func TestClaimRetries(t *testing.T) {
	s, _, clk := newStore(t)
	ctx := context.Background()
	it := store.Item{PageID: "1", CommentID: "1_9", State: store.StateActionFailed}
	if _, err := s.Commit(ctx, store.Decision{Item: it, RetryAt: clk.Now().Add(time.Minute), Audit: store.AuditEntry{Event: store.EventActionFailed}}); err != nil {
		t.Fatal(err)
	}
	if ids, _ := s.ClaimRetries(ctx, time.Minute, 10); len(ids) != 0 {
		t.Errorf("claimed %v before it was due", ids)
	}
	clk.Advance(time.Minute)
	if ids, _ := s.ClaimRetries(ctx, time.Minute, 10); len(ids) != 1 || ids[0] != "1_9" {
		t.Errorf("claimed %v, want [1_9]", ids)
	}
	if ids, _ := s.ClaimRetries(ctx, time.Minute, 10); len(ids) != 0 {
		t.Errorf("claimed %v again within the lease", ids)
	}
	clk.Advance(time.Minute)
	if ids, _ := s.ClaimRetries(ctx, time.Minute, 10); len(ids) != 1 {
		t.Errorf("lease expired but claimed %v", ids)
	}
	if err := s.DropRetry(ctx, "1_9"); err != nil {
		t.Fatal(err)
	}
	if r, _ := s.Retries(ctx, 10); len(r) != 0 {
		t.Errorf("retries after drop: %v", r)
	}
}

func TestLock(t *testing.T) {
	s, rdb, _ := newStore(t)
	ctx := context.Background()
	a, err := s.TryLock(ctx, "poller", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.TryLock(ctx, "poller", time.Minute); !errors.Is(err, store.ErrLockHeld) {
		t.Errorf("second TryLock: %v, want ErrLockHeld", err)
	}
	if err := a.Renew(ctx); err != nil {
		t.Errorf("renew: %v", err)
	}
	// The lock expired and someone else took it: a may neither renew nor release it.
	rdb.Del(ctx, s.Key("lock", "poller"))
	b, err := s.TryLock(ctx, "poller", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Renew(ctx); !errors.Is(err, store.ErrLockLost) {
		t.Errorf("renew of a lost lock: %v", err)
	}
	if err := a.Release(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := s.TryLock(ctx, "poller", time.Minute); !errors.Is(err, store.ErrLockHeld) {
		t.Error("the old holder released the new holder's lock")
	}
	if err := b.Release(ctx); err != nil {
		t.Fatal(err)
	}
	if l, err := s.TryLock(ctx, "poller", time.Minute); err != nil {
		t.Errorf("lock after release: %v", err)
	} else {
		_ = l.Release(ctx)
	}
}

func TestCursorAndAlerts(t *testing.T) {
	s, _, clk := newStore(t)
	ctx := context.Background()
	if _, ok, err := s.Cursor(ctx, "1000"); ok || err != nil {
		t.Errorf("unset cursor: %v %v", ok, err)
	}
	at := time.Date(2026, 11, 3, 10, 4, 5, 0, time.UTC)
	if err := s.SetCursor(ctx, "1000", at); err != nil {
		t.Fatal(err)
	}
	if got, ok, err := s.Cursor(ctx, "1000"); !ok || err != nil || !got.Equal(at) {
		t.Errorf("cursor %v %v %v", got, ok, err)
	}
	alert := graph.Alert{Kind: "token_invalid", Code: 190, Subcode: 463, Message: "Session has expired", At: clk.Now()}
	if err := s.RecordAlert(ctx, alert); err != nil {
		t.Fatal(err)
	}
	got, err := s.Alerts(ctx, 10)
	if err != nil || len(got) != 1 || got[0].Kind != "token_invalid" || got[0].Subcode != 463 || !got[0].At.Equal(alert.At) {
		t.Errorf("alerts %+v %v", got, err)
	}
	audit, _ := s.Audit(ctx, time.Time{}, time.Time{}, 10)
	if len(audit) != 1 || audit[0].Event != store.EventAlert || audit[0].Detail != "token_invalid" {
		t.Errorf("alert audit %+v", audit)
	}
}

func TestAuditTrimmedByAge(t *testing.T) {
	url, prefix := redistest.Shared(t)
	opt, _ := redis.ParseURL(url)
	rdb := redis.NewClient(opt)
	defer rdb.Close()
	ctx := context.Background()
	// Old entries, written "a long time ago" by id.
	for i := 1; i <= 300; i++ {
		rdb.XAdd(ctx, &redis.XAddArgs{Stream: prefix + "audit", ID: "1000-" + strconv.Itoa(i), Values: []any{"event", "received"}})
	}
	s, err := store.New(store.Options{Client: rdb, Prefix: prefix})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 200; i++ {
		if err := s.AppendAudit(ctx, store.AuditEntry{CommentID: "1_1", Event: store.EventClassified}); err != nil {
			t.Fatal(err)
		}
	}
	if n := rdb.XLen(ctx, prefix+"audit").Val(); n >= 500 {
		t.Errorf("audit length %d: old entries were not trimmed", n)
	}
	if n := rdb.XLen(ctx, prefix+"audit").Val(); n < 200 {
		t.Errorf("audit length %d: recent entries were trimmed", n)
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
	ctx := context.Background()
	srv.Stop()
	if err := s.Ping(ctx); err == nil || !strings.HasPrefix(err.Error(), "store: ping:") {
		t.Errorf("ping with Redis down: %v", err)
	}
	if _, err := s.Enqueue(ctx, event("1_2", "x")); err == nil {
		t.Error("enqueue with Redis down succeeded")
	}
	if _, err := s.Read(ctx, "w", 1, 0); err == nil {
		t.Error("read with Redis down succeeded")
	}
	if _, err := s.Commit(ctx, store.Decision{Item: store.Item{CommentID: "1_2"}}); err == nil {
		t.Error("commit with Redis down succeeded")
	}
	srv.Restart()
	if _, err := s.Enqueue(ctx, event("1_2", "x")); err != nil {
		t.Errorf("enqueue after restart: %v", err)
	}
}

func TestTouchKeepsAnEntryFromBeingReclaimed(t *testing.T) {
	s, _, _ := newStore(t)
	ctx := context.Background()
	if _, err := s.Enqueue(ctx, event("1_1", "a"), event("1_2", "b")); err != nil {
		t.Fatal(err)
	}
	ds, err := s.Read(ctx, "holder", 10, 0)
	if err != nil || len(ds) != 2 {
		t.Fatalf("read %v %v", ds, err)
	}
	time.Sleep(300 * time.Millisecond) // both entries idle for 300 ms
	if err := s.Touch(ctx, "holder", ds[0].ID); err != nil {
		t.Fatal(err)
	}
	got, _, err := s.Reclaim(ctx, "thief", 200*time.Millisecond, "0-0", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].ID != ds[1].ID {
		t.Errorf("reclaimed %+v, want only the untouched entry", got)
	}
	pend, err := s.PendingIDs(ctx, 10)
	if err != nil || len(pend) != 2 || pend[0].Consumer != "holder" || pend[0].RetryCount != 1 {
		t.Errorf("pending %+v %v (touch must not count as a delivery)", pend, err)
	}
}

func BenchmarkEnqueue(b *testing.B) {
	url, prefix := redistest.Shared(b)
	opt, _ := redis.ParseURL(url)
	rdb := redis.NewClient(opt)
	defer rdb.Close()
	s, err := store.New(store.Options{Client: rdb, Prefix: prefix})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	const batch = 100
	b.ResetTimer()
	for i := 0; i < b.N; i += batch {
		evs := make([]store.Event, 0, batch)
		for j := i; j < min(i+batch, b.N); j++ {
			evs = append(evs, event("1_"+strconv.Itoa(j), "Votre projet de parking est une erreur."))
		}
		if _, err := s.Enqueue(ctx, evs...); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

func TestPruneConsumers(t *testing.T) {
	s, rdb, _ := newStore(t)
	ctx := context.Background()
	if _, err := s.Enqueue(ctx, event("1_1", "a"), event("1_2", "b")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Read(ctx, "holder", 1, 0); err != nil { // holds 1_1
		t.Fatal(err)
	}
	ds, err := s.Read(ctx, "idle", 1, 0) // handles 1_2, then holds nothing
	if err != nil || len(ds) != 1 {
		t.Fatal(ds, err)
	}
	if err := s.Ack(ctx, ds[0].ID); err != nil {
		t.Fatal(err)
	}
	time.Sleep(20 * time.Millisecond)
	n, err := s.PruneConsumers(ctx, 10*time.Millisecond)
	if err != nil || n != 1 {
		t.Fatalf("pruned %d (%v), want 1", n, err)
	}
	cs := rdb.XInfoConsumers(ctx, s.Key("inbox"), store.Group).Val()
	if len(cs) != 1 || cs[0].Name != "holder" {
		t.Errorf("consumers left %+v, want the one holding an entry", cs)
	}
	if n, _ := s.PruneConsumers(ctx, time.Hour); n != 0 {
		t.Errorf("pruned %d recent consumers", n)
	}
}
