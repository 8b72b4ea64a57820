package app

import (
	"context"
	"testing"
	"time"

	"github.com/vigie-fr/vigie/bot/graph"
	"github.com/vigie-fr/vigie/bot/graphemu"
	"github.com/vigie-fr/vigie/bot/store"
)

// Two Pages, each with its own token: while Meta throttles the second,
// its comment waits in the retry set and no call is sent for it, and the
// first Page's comments (by webhook and by poll) are still hidden at once.
func TestThrottledAccountDoesNotSlowAnother(t *testing.T) {
	h := newHarness(t, withSecondPage())
	h.start(0)
	h.settle()
	ctx := context.Background()

	until := time.Now().Add(30 * time.Minute)
	h.emu2.SetThrottle(graphemu.Throttle{Code: 80001, Until: until})
	c2, err := h.emu2.AddComment(h.post2.ID, graphemu.NewComment{FromID: "7000002", FromName: "Luc Voisin", Message: "Le maire est un tocard", CreatedTime: h.now()})
	if err != nil {
		t.Fatal(err)
	}
	payload, err := h.emu2.CommentWebhook(c2.ID, graphemu.VerbAdd)
	if err != nil {
		t.Fatal(err)
	}
	if status, err := h.emu2.SendWebhook(ctx, h.baseURL+"/webhooks/meta", payload); err != nil || status != 200 {
		t.Fatalf("webhook: %d %v", status, err)
	}
	h.eventually("the throttled Page's comment parked", func() bool {
		it, ok, err := h.store().Item(ctx, c2.ID)
		return err == nil && ok && it.LastError == "throttled" && !it.RetryAt.IsZero()
	})
	h.emu2.ClearLog()

	c1 := h.comment("Quel tocard ce voisin")
	h.webhook(c1.ID)
	start := time.Now()
	h.waitState(c1.ID, store.StateHidden)
	t.Logf("first Page's comment hidden %v after its webhook while the second Page is throttled", time.Since(start))
	polled := h.comment("Encore un tocard")
	if err := h.app.PollOnce(ctx); err == nil || graph.ClassOf(err) != graph.ClassThrottled {
		t.Errorf("poll round: %v, want the second Page's throttling reported", err)
	}
	h.waitState(polled.ID, store.StateHidden)

	if n := h.emu2.RequestCount(); n != 0 {
		t.Errorf("%d calls reached the throttled Page during its pause, want 0", n)
	}
	if st := h.app.router.For(graph.WithAccount(ctx, testPage2ID)).Status(); st.ThrottledUntil.Before(until.Add(-2 * time.Minute)) {
		t.Errorf("second Page's pause ends %v, want about %v", st.ThrottledUntil, until)
	}
	if st := h.app.router.For(graph.WithAccount(ctx, testPageID)).Status(); !st.ThrottledUntil.IsZero() {
		t.Errorf("first Page throttled until %v", st.ThrottledUntil)
	}
	if it, _, _ := h.store().Item(ctx, c2.ID); it.State == store.StateHidden || h.hideCalls(c2.ID) != 0 {
		t.Errorf("the throttled Page's comment was acted on: %s", it.State)
	}
}
