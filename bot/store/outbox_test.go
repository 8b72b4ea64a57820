package store_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/vigie-fr/vigie/bot/graph"
	"github.com/vigie-fr/vigie/bot/store"
	"github.com/vigie-fr/vigie/moderation"
)

// decision is a worker's decision about a comment with one category.
func decision(id string, ev store.AuditEvent, review store.ReviewChange, cat moderation.Category) store.Decision {
	v := &moderation.Verdict{Action: moderation.ActionHide, Findings: []moderation.Finding{{Category: cat, Score: 0.9}}, Urgent: cat == moderation.Menace}
	return store.Decision{
		Item:   store.Item{PageID: "1000", CommentID: id, Message: "texte " + id, TextHash: store.TextHash("texte " + id), Verdict: v, State: store.StateHidden},
		Audit:  store.AuditEntry{Event: ev, Mode: "act", Categories: []string{string(cat)}},
		Review: review,
	}
}

func TestCommitOwesANotice(t *testing.T) {
	tests := []struct {
		name   string
		event  store.AuditEvent
		review store.ReviewChange
		want   bool
	}{
		{"hidden", store.EventHidden, store.ReviewRemove, true},
		{"would hide (observe)", store.EventWouldHide, store.ReviewRemove, true},
		{"queued", store.EventQueued, store.ReviewAdd, true},
		{"failed for good, queued", store.EventActionFailed, store.ReviewAdd, true},
		{"failed, retried later", store.EventActionFailed, store.ReviewKeep, false},
		{"left visible", store.EventClassified, store.ReviewRemove, false},
		{"deleted", store.EventDeleted, store.ReviewRemove, false},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _, _ := newStore(t)
			ctx := context.Background()
			id := "1000_" + strconv.Itoa(i)
			if _, err := s.Commit(ctx, decision(id, tt.event, tt.review, moderation.Menace)); err != nil {
				t.Fatal(err)
			}
			ns, err := s.ClaimNotices(ctx, time.Minute, 10)
			if err != nil {
				t.Fatal(err)
			}
			if got := len(ns) == 1; got != tt.want {
				t.Fatalf("notices %+v, want one: %v", ns, tt.want)
			}
			if tt.want {
				n := ns[0]
				if n.Kind != store.NoticeItem || n.CommentID != id || n.Event != tt.event || !n.Urgent || n.Categories[0] != "menace" || n.Mode != "act" {
					t.Errorf("notice %+v", n)
				}
			}
		})
	}
}

func TestOutboxLifecycle(t *testing.T) {
	s, _, clk := newStore(t)
	ctx := context.Background()
	if _, err := s.Commit(ctx, decision("1000_1", store.EventQueued, store.ReviewAdd, moderation.Diffamatoire)); err != nil {
		t.Fatal(err)
	}
	ns, _ := s.ClaimNotices(ctx, time.Minute, 10)
	if len(ns) != 1 {
		t.Fatalf("claimed %d", len(ns))
	}
	key := ns[0].Key
	// Leased: nobody else gets it.
	if again, _ := s.ClaimNotices(ctx, time.Minute, 10); len(again) != 0 {
		t.Fatal("claimed twice within the lease")
	}
	// The lease runs out (the dispatcher died): it is due again.
	clk.Advance(2 * time.Minute)
	if again, _ := s.ClaimNotices(ctx, time.Minute, 10); len(again) != 1 {
		t.Fatal("not due again after the lease")
	}
	if err := s.ParkNotices(ctx, []string{key}, clk.Now().Add(30*time.Minute)); err != nil {
		t.Fatal(err)
	}
	clk.Advance(29 * time.Minute)
	if got, _ := s.ClaimNotices(ctx, time.Minute, 10); len(got) != 0 {
		t.Fatal("parked notice claimed before its time")
	}
	clk.Advance(time.Minute)
	got, _ := s.ClaimNotices(ctx, time.Minute, 10)
	if len(got) != 1 || !got[0].Parked {
		t.Fatalf("parked notice %+v", got)
	}
	if err := s.RetryNotices(ctx, []string{key}, clk.Now().Add(time.Minute), "retryable"); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkNoticesDone(ctx, []string{key}, "webhook"); err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Minute)
	got, _ = s.ClaimNotices(ctx, time.Minute, 10)
	if len(got) != 1 || got[0].Attempts != 1 || got[0].LastError != "retryable" || !got[0].Done["webhook"] {
		t.Fatalf("retried notice %+v", got)
	}
	if err := s.AckNotices(ctx, []string{key}, []string{"1000_1"}, clk.Now()); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.OutboxLen(ctx); n != 0 {
		t.Errorf("outbox holds %d after the ack", n)
	}
	it, _, _ := s.Item(ctx, "1000_1")
	if !it.NotifiedAt.Equal(clk.Now()) {
		t.Errorf("notified_at %v, want %v", it.NotifiedAt, clk.Now())
	}
	// notified_at never creates an item that expired.
	if err := s.AckNotices(ctx, nil, []string{"1000_gone"}, clk.Now()); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := s.Item(ctx, "1000_gone"); ok {
		t.Error("an acknowledgement created an item")
	}
}

func TestFollowUpsOwedOnce(t *testing.T) {
	s, _, clk := newStore(t)
	ctx := context.Background()
	if err := s.QueueAdd(ctx, "1000_1", clk.Now()); err != nil {
		t.Fatal(err)
	}
	if err := s.QueueAdd(ctx, "1000_2", clk.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	clk.Advance(24*time.Hour + time.Minute)
	for i, want := range []int{1, 0} {
		n, err := s.OweFollowUps(ctx, store.NoticeReminder, clk.Now().Add(-24*time.Hour))
		if err != nil || n != want {
			t.Fatalf("scan %d: owed %d (%v), want %d", i, n, err, want)
		}
	}
	clk.Advance(time.Hour)
	if n, _ := s.OweFollowUps(ctx, store.NoticeReminder, clk.Now().Add(-24*time.Hour)); n != 1 {
		t.Fatalf("second comment: owed %d, want 1", n)
	}
	if n, _ := s.OweFollowUps(ctx, store.NoticeEscalation, clk.Now().Add(-72*time.Hour)); n != 0 {
		t.Fatalf("escalation owed %d, want 0", n)
	}
	ns, _ := s.ClaimNotices(ctx, time.Minute, 10)
	if len(ns) != 2 || ns[0].Kind != store.NoticeReminder {
		t.Fatalf("notices %+v", ns)
	}
}

func TestAlertsOwedOncePerOutage(t *testing.T) {
	s, _, clk := newStore(t)
	ctx := context.Background()
	since := clk.Now().Add(-time.Hour)
	for range 3 {
		if err := s.RecordAlert(ctx, graph.Alert{Kind: graph.AlertTokenInvalid, Code: 190}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.RecordAlert(ctx, graph.Alert{Kind: graph.AlertPermission, Code: 200}); err != nil {
		t.Fatal(err)
	}
	if n, err := s.OweAlerts(ctx, since, 24*time.Hour); err != nil || n != 2 {
		t.Fatalf("owed %d alerts (%v), want 2: one per kind", n, err)
	}
	if err := s.RecordAlert(ctx, graph.Alert{Kind: graph.AlertTokenInvalid, Code: 190}); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.OweAlerts(ctx, since, 24*time.Hour); n != 0 {
		t.Fatalf("owed %d alerts during the outage", n)
	}
	if _, err := s.ClearOutage(ctx, graph.AlertTokenInvalid); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordAlert(ctx, graph.Alert{Kind: graph.AlertTokenInvalid, Code: 190}); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.OweAlerts(ctx, since, 24*time.Hour); n != 1 {
		t.Fatalf("owed %d alerts for a new outage, want 1", n)
	}
	if ok, _ := s.RaiseOutage(ctx, "webhook_silence", "silence", time.Hour); !ok {
		t.Error("webhook silence not raised")
	}
	if ok, _ := s.RaiseOutage(ctx, "webhook_silence", "silence", time.Hour); ok {
		t.Error("webhook silence raised twice")
	}
}

func TestMailLogCapped(t *testing.T) {
	s, rdb, clk := newStore(t)
	ctx := context.Background()
	for i := range 5 {
		if err := s.AppendMailLog(ctx, store.MailRecord{Key: strconv.Itoa(i), To: []string{"a@b.fr"}, Subject: "s" + strconv.Itoa(i), Text: "t"}, 3); err != nil {
			t.Fatal(err)
		}
		clk.Advance(time.Second)
	}
	log, err := s.MailLog(ctx, 10)
	if err != nil || len(log) != 3 || log[0].Subject != "s4" || log[2].Subject != "s2" {
		t.Fatalf("mail log %+v %v", log, err)
	}
	if ttl := rdb.PTTL(ctx, s.Key("mail", "log")).Val(); ttl <= 0 || ttl > s.Retention() {
		t.Errorf("mail log TTL %v, want the retention", ttl)
	}
}
