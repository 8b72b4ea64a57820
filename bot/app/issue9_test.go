package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.uber.org/zap/zapcore"

	"github.com/vigie-fr/vigie/bot/fakeclock"
	"github.com/vigie-fr/vigie/bot/graph"
	"github.com/vigie-fr/vigie/bot/graphemu"
	"github.com/vigie-fr/vigie/bot/store"
)

func tokenFileKey(path string) string {
	if path == "" {
		return ""
	}
	return fmt.Sprintf(", page_token_file: %q", path)
}

func withTokenFile(path string) harnessOpt { return func(h *harness) { h.tokenFile = path } }

// within waits for cond at most d: the bound is the requirement itself
// (issue 9: "actions resume within 30 s").
func (h *harness) within(d time.Duration, what string, cond func() bool) time.Duration {
	h.t.Helper()
	start := time.Now()
	for !cond() {
		if time.Since(start) > d {
			h.t.Fatalf("%s: not within %s", what, d)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return time.Since(start)
}

func (h *harness) allInState(ids []string, st store.State) bool {
	for _, id := range ids {
		it, ok, err := h.store().Item(context.Background(), id)
		if err != nil || !ok || it.State != st {
			return false
		}
	}
	return true
}

// A new token written to graph.page_token_file is taken without a
// restart, and the actions refused while the token was bad run within
// 30 s; the outage is logged once, saying what to do, and the stored
// alert says it in French.
func TestNewTokenFileResumesActionsWithin30s(t *testing.T) {
	file := filepath.Join(t.TempDir(), "page_token")
	if err := os.WriteFile(file, []byte("EAAG-revoked-token\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, withTokenFile(file))
	h.start(0)
	h.eventually("the token refused", func() bool { return !h.app.Graph().Status().TokenValid })
	var ids []string
	for i := range 20 {
		c := h.comment(fmt.Sprintf("Le maire est un tocard n°%d", i))
		h.webhook(c.ID)
		ids = append(ids, c.ID)
	}
	h.eventually("the comments judged and refused locally", func() bool {
		for _, id := range ids {
			it, ok, _ := h.store().Item(context.Background(), id)
			if !ok || it.LastError != "token" {
				return false
			}
		}
		return true
	})

	if err := os.WriteFile(file, []byte(testToken+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	took := h.within(30*time.Second, "comments hidden after the new token", func() bool { return h.allInState(ids, store.StateHidden) })
	t.Logf("hidden %s after the new token", took)
	if status, body := h.get("/readyz"); status != 200 {
		t.Errorf("/readyz after recovery: %d %s", status, body)
	}

	var alertLines, perComment int
	for _, e := range h.logs.All() {
		if strings.HasPrefix(e.Message, "alert: token_invalid") {
			alertLines++
			if !strings.Contains(e.Message, file) || !strings.Contains(e.Message, "no restart needed") {
				t.Errorf("alert line does not say what to do: %q", e.Message)
			}
		}
		if e.Message == "hide failed" && e.Level >= zapcore.InfoLevel {
			perComment++
		}
	}
	if alertLines != 1 || perComment != 0 {
		t.Errorf("%d alert lines and %d per-comment lines, want 1 and 0", alertLines, perComment)
	}
	alerts, err := h.store().Alerts(context.Background(), 10)
	if err != nil || len(alerts) == 0 || !strings.Contains(alerts[0].Advice, "écrivez un nouveau jeton") || !strings.Contains(alerts[0].Advice, file) {
		t.Errorf("stored alert %+v, %v: want French advice naming the file", alerts, err)
	}
}

// A token Meta refused for a while and accepts again (an incident on its
// side): re-checked with backoff from 5 s, actions resume within 30 s.
func TestTokenAcceptedAgainResumesWithin30s(t *testing.T) {
	h := newHarness(t)
	h.start(0)
	h.settle()
	h.emu.ExpireToken(graphemu.SubcodeExpired)
	var ids []string
	for i := range 10 {
		c := h.comment(fmt.Sprintf("Le maire est un tocard n°%d", i))
		h.webhook(c.ID)
		ids = append(ids, c.ID)
	}
	h.eventually("the comments refused", func() bool {
		for _, id := range ids {
			it, ok, _ := h.store().Item(context.Background(), id)
			if !ok || it.LastError != "token" {
				return false
			}
		}
		return true
	})
	h.emu.RestoreToken()
	took := h.within(30*time.Second, "comments hidden after the token works", func() bool { return h.allInState(ids, store.StateHidden) })
	t.Logf("hidden %s after the token works again", took)
	alerts, _ := h.store().Alerts(context.Background(), 10)
	if len(alerts) != 1 || alerts[0].Kind != graph.AlertTokenInvalid || !strings.Contains(alerts[0].Advice, "VIGIE_PAGE_TOKEN") {
		t.Errorf("alerts %+v", alerts)
	}
}

// A one-minute throttle: every comment is parked without a goroutine
// waiting, the poller does not wait either, one request reaches Meta
// during the block, and the backlog is cleared within seconds of its end.
func TestOneMinuteThrottleBacklogClearedAtItsEnd(t *testing.T) {
	clk := fakeclock.New(time.Now())
	h := newHarness(t, withClock(clk))
	h.start(0)
	h.settle()
	until := clk.Now().Add(time.Minute)
	h.emu.SetThrottle(graphemu.Throttle{Code: 80001, Until: until})
	h.emu.ClearLog()
	var ids []string
	for i := range 60 {
		c := h.comment(fmt.Sprintf("Le maire est un tocard n°%d", i))
		h.webhook(c.ID)
		ids = append(ids, c.ID)
	}
	h.eventually("every comment parked", func() bool {
		for _, id := range ids {
			it, ok, _ := h.store().Item(context.Background(), id)
			if !ok || it.LastError != "throttled" {
				return false
			}
		}
		return true
	})
	start := time.Now()
	if err := h.app.PollOnce(context.Background()); graph.ClassOf(err) != graph.ClassThrottled {
		t.Errorf("poll during the throttle: %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("the poller waited %s during the throttle", d)
	}
	// Calls already in flight when the first refusal came back (one per
	// worker goroutine at most) reach Meta; nothing after.
	if n := h.emu.RequestCount(); n < 1 || n > 4 {
		t.Errorf("%d requests reached Meta during the block, want the refused ones in flight (1 to 4)", n)
	}

	h.emu.ClearThrottle()
	clk.Advance(time.Minute + 3*time.Second)
	took := h.within(10*time.Second, "backlog cleared after the throttle", func() bool { return h.allInState(ids, store.StateHidden) })
	t.Logf("%d comments hidden %s after the throttle ended", len(ids), took)
	for _, id := range ids {
		if n := h.hideCalls(id); n != 1 {
			t.Errorf("%s: %d hide calls", id, n)
		}
	}
}

// Long comments through the real webhook: an 8,000-character comment,
// escaped as Meta escapes it (12 bytes for an emoji), is admitted and
// judged whole; a 70 KiB one is queued, never left visible.
func TestLongCommentsThroughWebhooks(t *testing.T) {
	h := newHarness(t)
	h.start(0)
	h.settle()
	whole := h.comment(strings.Repeat("😀", 7_990) + " tocard")
	huge := h.comment(strings.Repeat("Voici mon avis sur le budget. ", 70<<10/30+1))
	for _, c := range []graphemu.Comment{whole, huge} {
		if st := h.webhook(c.ID); st != 200 {
			t.Fatalf("webhook for a %d-byte comment: %d", len(c.Message), st)
		}
	}
	if it := h.waitState(whole.ID, store.StateHidden); it.Truncated || it.Message != whole.Message {
		t.Errorf("8,000 characters: truncated %v, %d of %d bytes kept", it.Truncated, len(it.Message), len(whole.Message))
	}
	h.waitState(huge.ID, store.StateQueued)
}
