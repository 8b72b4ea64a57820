package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/vigie-fr/vigie/bot/store"
	"github.com/vigie-fr/vigie/moderation"
)

// TestCommitRecordsJudge: the audit entry and the item of a decision name
// the judge (rules build, lexicons, model) of the verdict.
func TestCommitRecordsJudge(t *testing.T) {
	s, _, clk := newStore(t)
	ctx := context.Background()
	if _, err := s.Enqueue(ctx, event("1_9", "un texte")); err != nil {
		t.Fatal(err)
	}
	ds, err := s.Read(ctx, "w", 1, 0)
	if err != nil || len(ds) != 1 {
		t.Fatalf("read: %v %v", ds, err)
	}
	const judge = "règles 2026.12-7, lexiques 1a2b3c4d, modèle 5e6f7a8b"
	now := clk.Now()
	it := store.Item{
		Platform: "facebook", PageID: "1000", CommentID: "1_9", Message: "un texte", TextHash: store.TextHash("un texte"),
		Verdict: &moderation.Verdict{Action: moderation.ActionNone, Judge: judge}, State: store.StateVisible,
		FirstReceivedAt: now, ReceivedAt: now, ClassifiedAt: now, Seq: ds[0].ID,
	}
	if _, err := s.Commit(ctx, store.Decision{Entry: ds[0].ID, Item: it, Audit: store.AuditEntry{Event: store.EventClassified, Mode: "observe"}}); err != nil {
		t.Fatal(err)
	}
	got, ok, err := s.Item(ctx, "1_9")
	if err != nil || !ok || got.Verdict == nil || got.Verdict.Judge != judge {
		t.Errorf("item verdict judge: %+v %v %v", got.Verdict, ok, err)
	}
	entries, err := s.Audit(ctx, time.Time{}, time.Time{}, 100)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, a := range entries {
		if a.CommentID == "1_9" && a.Event == store.EventClassified {
			found = a.Judge == judge
		}
	}
	if !found {
		t.Errorf("no audit entry names the judge: %+v", entries)
	}
}
