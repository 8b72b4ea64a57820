package app

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/vigie-fr/vigie/bot/fakeclock"
	"github.com/vigie-fr/vigie/bot/graph"
	"github.com/vigie-fr/vigie/bot/graphemu"
	"github.com/vigie-fr/vigie/bot/store"
	"github.com/vigie-fr/vigie/moderation"
)

// 1. A signed webhook for a comment holding a blocked term: hidden on the
// emulator, decision and timestamps in the audit.
func TestWebhookBlockedTermIsHidden(t *testing.T) {
	h := newHarness(t)
	h.start(0)
	c := h.comment("Franchement ce chantier est géré par un tocard")
	if s := h.webhook(c.ID); s != 200 {
		t.Fatalf("webhook status %d", s)
	}
	it := h.waitState(c.ID, store.StateHidden)
	if got, _ := h.emu.Comment(c.ID); !got.Hidden {
		t.Error("the emulator does not show the comment hidden")
	}
	if it.Verdict == nil || !it.Verdict.Has(moderation.Injurieux) {
		t.Errorf("verdict %+v, want injurieux", it.Verdict)
	}
	for name, ts := range map[string]time.Time{"created_time": it.CreatedTime, "received_at": it.ReceivedAt, "classified_at": it.ClassifiedAt, "acted_at": it.ActedAt} {
		if ts.IsZero() {
			t.Errorf("item lacks %s", name)
		}
	}
	if it.ClassifiedAt.Before(it.ReceivedAt) || it.ActedAt.Before(it.ClassifiedAt) {
		t.Errorf("timestamps out of order: received %v classified %v acted %v", it.ReceivedAt, it.ClassifiedAt, it.ActedAt)
	}
	audit, err := h.store().CommentAudit(context.Background(), c.ID, 20)
	if err != nil {
		t.Fatal(err)
	}
	var hidden *store.AuditEntry
	for i := range audit {
		if audit[i].Event == store.EventHidden {
			hidden = &audit[i]
		}
	}
	if hidden == nil {
		t.Fatalf("no hidden entry in the audit: %+v", audit)
	}
	if hidden.ActedAt.IsZero() || hidden.ClassifiedAt.IsZero() || hidden.ReceivedAt.IsZero() || hidden.CreatedTime.IsZero() {
		t.Errorf("audit entry lacks timestamps: %+v", hidden)
	}
	if !contains(hidden.Categories, "injurieux") || !contains(hidden.Rules, "charter.blocked_terms") {
		t.Errorf("audit entry lacks the decision: %+v", hidden)
	}
	if hidden.Mode != "act" {
		t.Errorf("audit mode %q", hidden.Mode)
	}
	// Comments and author names are personal data: never in the logs.
	if !h.logged("vigie started") {
		t.Fatal("the log observer sees nothing")
	}
	for _, s := range []string{"chantier", "Jean Habitant", testToken, testAppSecret} {
		if h.logged(s) {
			t.Errorf("the logs contain %q", s)
		}
	}
}

// 2. The same comment by webhook twice and by the poller: one hide call.
func TestDuplicatesAreActedOnOnce(t *testing.T) {
	h := newHarness(t)
	h.start(0)
	c := h.comment("Le maire est un tocard")
	payload, err := h.emu.CommentWebhook(c.ID, graphemu.VerbAdd)
	if err != nil {
		t.Fatal(err)
	}
	statuses, err := h.emu.SendWebhookTimes(context.Background(), h.baseURL+"/webhooks/meta", payload, 2)
	if err != nil || statuses[0] != 200 || statuses[1] != 200 {
		t.Fatalf("statuses %v, %v", statuses, err)
	}
	h.waitState(c.ID, store.StateHidden)
	if err := h.app.PollOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	// A harmless comment seen only by the poller proves the poll went
	// through the pipeline before we count.
	// The background poller may hold the poll lock, and PollOnce then
	// leaves the round to it: poll until a round has seen the comment.
	other := h.comment("Merci pour l'information, bon courage aux équipes.")
	h.eventually("a poll round that sees the harmless comment", func() bool {
		if err := h.app.PollOnce(context.Background()); err != nil {
			t.Fatal(err)
		}
		it, ok, err := h.store().Item(context.Background(), other.ID)
		return err == nil && ok && it.State == store.StateVisible
	})
	if n := h.hideCalls(c.ID); n != 1 {
		t.Errorf("%d hide calls, want 1", n)
	}
	// An edit is judged again; a hidden comment stays hidden.
	if err := h.emu.EditComment(other.ID, "Le maire est un tocard finalement"); err != nil {
		t.Fatal(err)
	}
	payload, _ = h.emu.CommentWebhook(other.ID, graphemu.VerbEdited)
	if s, err := h.emu.SendWebhook(context.Background(), h.baseURL+"/webhooks/meta", payload); err != nil || s != 200 {
		t.Fatalf("edit webhook %d %v", s, err)
	}
	h.waitState(other.ID, store.StateHidden)
}

// 3. Bad requests get the right status and enqueue nothing.
func TestBadWebhooksEnqueueNothing(t *testing.T) {
	h := newHarness(t)
	// A post older than the poll backfill: only webhooks can bring its
	// comments, so the inbox shows exactly what the webhooks enqueued.
	old := h.emu.AddPost(graphemu.NewPost{Message: "Vœux du maire", CreatedTime: time.Now().Add(-30 * 24 * time.Hour)})
	h.start(0)
	h.settle()
	c := h.commentOn(old, "Le maire est un tocard")
	good, err := h.emu.CommentWebhook(c.ID, graphemu.VerbAdd)
	if err != nil {
		t.Fatal(err)
	}
	reaction, err := graphemu.EncodePayload(h.emu.Entry(graphemu.ReactionChange(h.post.ID, "7000002", "Marie", "like", time.Now())))
	if err != nil {
		t.Fatal(err)
	}
	malformed := []byte(`{"object":"page","entry":[{"id":`)
	huge := []byte(`{"object":"page","entry":[],"pad":"` + strings.Repeat("x", 1<<20+10) + `"}`)
	tests := []struct {
		name      string
		body      []byte
		signature string
		want      int
	}{
		{"bad signature", good, graphemu.Sign("wrong-secret", good), 403},
		{"missing signature", good, "", 403},
		{"signature of another body", good, graphemu.Sign(testAppSecret, malformed), 403},
		{"oversized body", huge, graphemu.Sign(testAppSecret, huge), 413},
		{"malformed JSON", malformed, graphemu.Sign(testAppSecret, malformed), 400},
		{"non-comment event", reaction, graphemu.Sign(testAppSecret, reaction), 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := h.rawWebhook(tt.body, tt.signature); got != tt.want {
				t.Errorf("status %d, want %d", got, tt.want)
			}
			if n := h.inboxLength(); n != 0 {
				t.Errorf("%d entries enqueued, want 0", n)
			}
		})
	}
	if _, ok, _ := h.store().Item(context.Background(), c.ID); ok {
		t.Error("a rejected delivery created an item")
	}
	// Meta's verification handshake.
	status, body, err := h.emu.SendVerification(context.Background(), h.baseURL+"/webhooks/meta", testVerifyToken, "1158201444")
	if err != nil || status != 200 || body != "1158201444" {
		t.Errorf("verification: %d %q %v", status, body, err)
	}
	if status, _, _ := h.emu.SendVerification(context.Background(), h.baseURL+"/webhooks/meta", "wrong", "1"); status != 403 {
		t.Errorf("verification with a wrong token: %d", status)
	}
}

// 4. A worker that read a comment and died before acknowledging it: after
// restart, the comment is processed once.
func TestCrashedWorkerEntryProcessedOnce(t *testing.T) {
	h := newHarness(t)
	h.start(0)
	h.stop()
	c := h.comment("Le maire est un tocard")
	ctx := context.Background()
	// Enqueue as the webhook would, then read it as a worker that crashes
	// before acknowledging.
	n, err := h.store().Enqueue(ctx, store.Event{Platform: store.PlatformFacebook, PageID: testPageID, CommentID: c.ID, PostID: h.post.ID,
		ParentID: h.post.ID, Verb: store.VerbAdd, Message: c.Message, FromID: c.FromID, CreatedTime: c.CreatedTime, Source: store.SourceWebhook, ReceivedAt: time.Now()})
	if err != nil || n != 1 {
		t.Fatalf("enqueue: %d %v", n, err)
	}
	got, err := h.store().Read(ctx, "crashed-worker", 10, 0)
	if err != nil || len(got) != 1 {
		t.Fatalf("read: %v %v", got, err)
	}
	h.start(200 * time.Millisecond)
	h.waitState(c.ID, store.StateHidden)
	h.eventually("the inbox to be acknowledged", func() bool {
		info, err := h.store().Inbox(ctx)
		return err == nil && info.Pending == 0
	})
	h.stop()
	h.start(200 * time.Millisecond)
	other := h.comment("Merci")
	h.webhook(other.ID)
	h.waitState(other.ID, store.StateVisible)
	if n := h.hideCalls(c.ID); n != 1 {
		t.Errorf("%d hide calls, want 1", n)
	}
}

// 5a. Throttling with a time to regain access: no Graph call before it.
func TestThrottlingWaitsWithoutCalling(t *testing.T) {
	clk := fakeclock.New(time.Now())
	h := newHarness(t, withClock(clk))
	h.start(0)
	h.settle()
	until := clk.Now().Add(12 * time.Minute)
	h.emu.SetThrottle(graphemu.Throttle{Code: 80001, Until: until})
	h.emu.ClearLog()
	c := h.comment("Le maire est un tocard")
	h.webhook(c.ID)
	// Parked in the retry set until Meta's wait is over: no goroutine
	// sleeps on it.
	h.eventually("the throttled comment parked", func() bool {
		it, ok, err := h.store().Item(context.Background(), c.ID)
		return err == nil && ok && it.LastError == "throttled" && !it.RetryAt.IsZero()
	})
	clk.Advance(12*time.Minute + 3*time.Second)
	h.waitState(c.ID, store.StateHidden)
	var before int
	for _, r := range h.emu.Requests() {
		if r.At.Before(until) {
			before++
		}
	}
	if before != 1 {
		t.Errorf("%d Graph calls during the throttling window, want exactly the one that was refused", before)
	}
	if n := h.hideCalls(c.ID); n != 1 {
		t.Errorf("%d hide calls, want 1", n)
	}
}

// 5b. An expired token: /readyz fails and an alert is recorded.
func TestTokenExpiryAlertsAndFailsReadiness(t *testing.T) {
	h := newHarness(t)
	h.start(0)
	h.settle()
	if status, body := h.get("/readyz"); status != 200 {
		t.Fatalf("/readyz before expiry: %d %s", status, body)
	}
	h.emu.ExpireToken(graphemu.SubcodeExpired)
	c := h.comment("Le maire est un tocard")
	h.webhook(c.ID)
	h.eventually("/readyz to fail", func() bool {
		status, body := h.get("/readyz")
		return status == 503 && strings.Contains(body, "graph_token")
	})
	h.eventually("a token alert", func() bool {
		alerts, err := h.store().Alerts(context.Background(), 10)
		return err == nil && len(alerts) > 0 && alerts[0].Kind == graph.AlertTokenInvalid
	})
	// The comment is not lost: judged, the failed action recorded, it
	// waits in the retry set for a valid token.
	it := h.waitState(c.ID, store.StateActionFailed)
	if it.Verdict == nil || it.Verdict.Action != moderation.ActionHide {
		t.Errorf("verdict %+v", it.Verdict)
	}
	if h.hideCalls(c.ID) != 0 {
		t.Error("hidden with an expired token")
	}
	if _, body := h.get("/metrics"); !strings.Contains(body, `vigie_graph_alerts_total{kind="token_invalid",page="`+testPageID+`"} 1`) {
		t.Error("alert not counted in /metrics")
	}
}

// 6. Vigie stopped, 50 comments posted, Vigie started: all 50 judged.
func TestCommentsPostedWhileDownAreJudged(t *testing.T) {
	h := newHarness(t)
	h.start(0)
	h.stop()
	var ids []string
	for i := range 50 {
		text := fmt.Sprintf("Commentaire numéro %d : merci pour les travaux.", i)
		if i%5 == 0 {
			text = fmt.Sprintf("Commentaire %d : le maire est un tocard.", i)
		}
		ids = append(ids, h.comment(text).ID)
	}
	h.start(0) // the poller runs once at start
	for i, id := range ids {
		want := store.StateVisible
		if i%5 == 0 {
			want = store.StateHidden
		}
		h.waitState(id, want)
	}
	for i, id := range ids {
		if want := map[bool]int{true: 1, false: 0}[i%5 == 0]; h.hideCalls(id) != want {
			t.Errorf("comment %d: %d hide calls, want %d", i, h.hideCalls(id), want)
		}
	}
}

// 7. Redis unavailable for a while: webhooks get 503; nothing is lost once
// it is back (Meta retries the delivery).
func TestRedisOutageLosesNothing(t *testing.T) {
	h := newHarness(t)
	h.start(0)
	c := h.comment("Le maire est un tocard")
	h.redis.Stop()
	if s := h.webhook(c.ID); s != 503 {
		t.Fatalf("webhook during the outage: %d, want 503", s)
	}
	if status, _ := h.get("/readyz"); status != 503 {
		t.Errorf("/readyz during the outage: %d, want 503", status)
	}
	h.redis.Restart()
	// Meta retries at once, then less and less often.
	h.eventually("a retried delivery to be accepted", func() bool {
		if h.webhook(c.ID) == 200 {
			return true
		}
		time.Sleep(200 * time.Millisecond)
		return false
	})
	h.waitState(c.ID, store.StateHidden)
	if n := h.hideCalls(c.ID); n != 1 {
		t.Errorf("%d hide calls, want 1", n)
	}
}

// Observation mode judges and records but never calls a Graph action.
func TestObserveModeNeverActs(t *testing.T) {
	h := newHarness(t, observeMode())
	h.start(0)
	c := h.comment("Le maire est un tocard")
	h.webhook(c.ID)
	h.waitState(c.ID, store.StateWouldHide)
	for _, a := range h.emu.Actions() {
		t.Errorf("observe mode called %s on %s", a.Kind, a.CommentID)
	}
	audit, err := h.store().CommentAudit(context.Background(), c.ID, 10)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range audit {
		found = found || e.Event == store.EventWouldHide
	}
	if !found {
		t.Errorf("no would_hide entry in the audit: %+v", audit)
	}
}

func TestOperationsEndpoints(t *testing.T) {
	h := newHarness(t)
	h.start(0)
	c := h.comment("Le maire est un tocard")
	h.webhook(c.ID)
	h.waitState(c.ID, store.StateHidden)
	if status, body := h.get("/healthz"); status != 200 || body != "ok\n" {
		t.Errorf("/healthz: %d %q", status, body)
	}
	if status, body := h.get("/readyz"); status != 200 || !strings.Contains(body, `"redis":{"ok":true}`) {
		t.Errorf("/readyz: %d %s", status, body)
	}
	status, body := h.get("/metrics")
	if status != 200 {
		t.Fatalf("/metrics: %d", status)
	}
	for _, name := range []string{
		"vigie_webhooks_received_total", "vigie_inbox_enqueued_total", "vigie_comments_judged_total", "vigie_actions_total",
		// Families with labels appear with their first series (errors and
		// throttling have their own tests).
		"vigie_review_queue_depth", "vigie_graph_calls_total",
		"vigie_webhook_enqueue_seconds", "vigie_comment_latency_seconds", "vigie_poll_runs_total",
	} {
		if !strings.Contains(body, name) {
			t.Errorf("/metrics lacks %s", name)
		}
	}
	for _, secret := range []string{testToken, testAppSecret, testVerifyToken, "tocard"} {
		if strings.Contains(body, secret) {
			t.Errorf("/metrics shows %q", secret)
		}
	}
	for _, name := range []string{"go_goroutines", "process_resident_memory_bytes"} {
		if !strings.Contains(body, name) {
			t.Errorf("/metrics lacks %s", name)
		}
	}
	// The public listener serves the webhook, not the private surface.
	if status, _ := h.getFrom(h.baseURL, "/metrics"); status != 404 {
		t.Errorf("public /metrics: %d, want 404", status)
	}
	if status, body := h.getFrom(h.baseURL, "/readyz"); status != 200 || body != "{\"ready\":true}\n" {
		t.Errorf("public /readyz: %d %q, want a bare ready flag", status, body)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Redis down when Vigie starts: the process answers /healthz, /readyz says
// why it is not ready, webhooks get 503; once Redis is up, work resumes.
func TestStartsBeforeRedis(t *testing.T) {
	h := newHarness(t)
	h.redis.Stop()
	h.start(0)
	if status, body := h.get("/readyz"); status != 503 || !strings.Contains(body, `"redis":{"ok":false`) {
		t.Errorf("/readyz with Redis down: %d %s", status, body)
	}
	c := h.comment("Le maire est un tocard")
	if s := h.webhook(c.ID); s != 503 {
		t.Errorf("webhook with Redis down: %d, want 503", s)
	}
	h.redis.Restart()
	h.eventually("a retried delivery to be accepted", func() bool {
		if h.webhook(c.ID) == 200 {
			return true
		}
		time.Sleep(200 * time.Millisecond)
		return false
	})
	h.waitState(c.ID, store.StateHidden)
}
