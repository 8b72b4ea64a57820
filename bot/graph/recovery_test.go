package graph_test

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vigie-fr/vigie/bot/graph"
	"github.com/vigie-fr/vigie/bot/graphemu"
)

// After a one-minute throttle, calls resume at full speed: the 100 % in
// the throttling answer earned the wait, it must not also pace the calls
// after it a minute apart (the three-minute stall of issue 9).
func TestNoPacingStallAfterThrottle(t *testing.T) {
	h := newHarness(t, nil)
	_, stored := h.addThread(t, 20)
	ctx := ctxT(t)
	h.emu.SetThrottle(graphemu.Throttle{Until: h.clk.Now().Add(time.Minute)})
	if err := h.client.Hide(ctx, stored[0].ID); graph.ClassOf(err) != graph.ClassThrottled {
		t.Fatalf("got %v, want throttled", err)
	}
	h.clk.Advance(time.Minute + time.Second)
	before := len(h.clk.Sleeps())
	for _, c := range stored {
		if err := h.client.Hide(ctx, c.ID); err != nil {
			t.Fatal(err)
		}
	}
	if s := h.clk.Sleeps()[before:]; len(s) != 0 {
		t.Errorf("calls after the throttle slept %v", s)
	}
}

// Callers waiting for a pace slot booked under high usage go as soon as a
// fresh answer reports low usage, instead of one slot after another.
func TestPaceWaitersReleasedByFreshUsage(t *testing.T) {
	h := newHarness(t, func(o *graph.Options) { o.Sleep = nil; o.Now = nil }) // real time
	_, stored := h.addThread(t, 8)
	ctx := ctxT(t)
	h.emu.SetUsage(graphemu.Usage{BUC: 80}) // about 2.3 s between calls
	if err := h.client.Hide(ctx, stored[0].ID); err != nil {
		t.Fatal(err)
	}
	h.emu.SetUsage(graphemu.Usage{BUC: 1})
	start := time.Now()
	var wg sync.WaitGroup
	for _, c := range stored[1:] {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := h.client.Hide(ctx, c.ID); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	// One slot (2.3 s) then everything: booking slot after slot would take
	// 2.3 s × 9.
	if took := time.Since(start); took > 8*time.Second {
		t.Errorf("%d paced calls took %s after usage fell to 1 %%", len(stored)-1, took)
	}
}

// A long pace wait is refused as local throttling when MaxPaceWait is set,
// so the caller parks the work instead of holding a goroutine.
func TestMaxPaceWait(t *testing.T) {
	h := newHarness(t, func(o *graph.Options) { o.MaxPaceWait = 5 * time.Second })
	_, stored := h.addThread(t, 2)
	ctx := ctxT(t)
	h.emu.SetUsage(graphemu.Usage{BUC: 99})
	if err := h.client.Hide(ctx, stored[0].ID); err != nil {
		t.Fatal(err)
	}
	sent := h.emu.RequestCount()
	err := h.client.Hide(ctx, stored[1].ID)
	var ge *graph.Error
	if !errors.As(err, &ge) || ge.Class != graph.ClassThrottled || !ge.Local || ge.RetryAfter < 30*time.Second {
		t.Fatalf("got %#v, want a local throttled error with the pace wait", err)
	}
	if h.emu.RequestCount() != sent {
		t.Error("a refused call reached the emulator")
	}
}

// One account's throttling does not hold back another's; application-wide
// throttling (code 4) holds back all.
func TestThrottlingPerAccount(t *testing.T) {
	h := newHarness(t, nil)
	_, stored := h.addThread(t, 2)
	ctx := ctxT(t)
	a, b := graph.WithAccount(ctx, "111"), graph.WithAccount(ctx, "222")

	h.emu.SetThrottle(graphemu.Throttle{Code: 80001, Until: h.clk.Now().Add(10 * time.Minute)})
	if err := h.client.Hide(a, stored[0].ID); graph.ClassOf(err) != graph.ClassThrottled {
		t.Fatalf("account A: %v", err)
	}
	h.emu.ClearThrottle()
	if err := h.client.Hide(b, stored[1].ID); err != nil {
		t.Fatalf("account B waits for account A's throttle: %v", err)
	}
	if err := h.client.Hide(a, stored[0].ID); !graph.IsLocal(err) || graph.ClassOf(err) != graph.ClassThrottled {
		t.Fatalf("account A called Meta during its block: %v", err)
	}

	h.clk.Advance(11 * time.Minute)
	h.emu.SetThrottle(graphemu.Throttle{Code: 4, Until: h.clk.Now().Add(10 * time.Minute)})
	if err := h.client.Hide(a, stored[0].ID); graph.ClassOf(err) != graph.ClassThrottled {
		t.Fatalf("app throttle: %v", err)
	}
	h.emu.ClearThrottle()
	if err := h.client.Hide(b, stored[1].ID); !graph.IsLocal(err) {
		t.Fatalf("application-wide throttling must hold back every account: %v", err)
	}
}

func TestIsHidden(t *testing.T) {
	h := newHarness(t, nil)
	_, stored := h.addThread(t, 1)
	ctx := ctxT(t)
	id := stored[0].ID
	if hidden, err := h.client.IsHidden(ctx, id); err != nil || hidden {
		t.Fatalf("fresh comment: hidden %v, %v", hidden, err)
	}
	if err := h.client.Hide(ctx, id); err != nil {
		t.Fatal(err)
	}
	if hidden, err := h.client.IsHidden(ctx, id); err != nil || !hidden {
		t.Fatalf("after hide: hidden %v, %v", hidden, err)
	}
	if err := h.emu.RemoveComment(id); err != nil {
		t.Fatal(err)
	}
	if _, err := h.client.IsHidden(ctx, id); graph.ClassOf(err) != graph.ClassNotFound {
		t.Fatalf("deleted comment: %v", err)
	}
	for _, a := range h.emu.Actions() {
		if a.Kind != "hide" {
			t.Errorf("IsHidden acted: %+v", a)
		}
	}
}

// A new token written to the secret file is taken without a restart: the
// old one is refused, CheckToken with the new one resumes calls, and the
// new token is redacted like the old one.
func TestSetAccessToken(t *testing.T) {
	const newToken = "EAAGvigieSecondPageTokenXYZ123"
	var recovered int
	var mu sync.Mutex
	h := newHarness(t, func(o *graph.Options) {
		o.OnTokenValid = func() { mu.Lock(); recovered++; mu.Unlock() }
	})
	_, stored := h.addThread(t, 1)
	ctx := ctxT(t)
	h.emu.ExpireToken(graphemu.SubcodeInvalid)
	if err := h.client.Hide(ctx, stored[0].ID); graph.ClassOf(err) != graph.ClassToken || graph.IsLocal(err) {
		t.Fatalf("first refusal comes from Meta: %v", err)
	}
	if err := h.client.Hide(ctx, stored[0].ID); !graph.IsLocal(err) {
		t.Fatalf("second refusal is local: %v", err)
	}
	h.emu.RestoreToken()
	if err := h.client.SetAccessToken(newToken); err != nil {
		t.Fatal(err)
	}
	// The emulator accepts only testToken: a wrong new token stays refused.
	if err := h.client.CheckToken(ctx); graph.ClassOf(err) != graph.ClassToken {
		t.Fatalf("CheckToken with a token the emulator refuses: %v", err)
	}
	if err := h.client.SetAccessToken(testToken); err != nil {
		t.Fatal(err)
	}
	if err := h.client.CheckToken(ctx); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	n := recovered
	mu.Unlock()
	if n != 1 {
		t.Errorf("OnTokenValid called %d times, want 1", n)
	}
	if err := h.client.Hide(ctx, stored[0].ID); err != nil {
		t.Fatal(err)
	}
	for _, e := range h.logs.All() {
		for _, f := range e.Context {
			if strings.Contains(f.String, newToken) {
				t.Errorf("log %q holds the new token", e.Message)
			}
		}
	}
}

// An idle poll reads one page of posts with their newest comments, however
// many older comments the posts hold.
func TestRecentCommentsIdleIsOneCall(t *testing.T) {
	h := newHarness(t, nil)
	ctx := ctxT(t)
	for range 20 {
		var cs []graphemu.NewComment
		for range 500 {
			h.clk.Advance(time.Second)
			cs = append(cs, graphemu.NewComment{FromID: "9", FromName: "X", Message: "Avis", CreatedTime: h.clk.Now()})
		}
		h.emu.AddPostWithComments(graphemu.NewPost{Message: "Post", CreatedTime: h.clk.Now().Add(-24 * time.Hour)}, cs...)
	}
	cursor := h.clk.Now()
	h.clk.Advance(time.Minute)
	h.emu.ClearLog()
	_, comments, err := h.client.RecentComments(ctx, h.emu.PageID(), h.clk.Now().Add(-7*24*time.Hour), cursor.Add(time.Second))
	if err != nil {
		t.Fatal(err)
	}
	if len(comments) != 0 || h.emu.RequestCount() != 1 {
		t.Errorf("idle listing over 10,000 comments: %d comments, %d requests; want 0 and 1", len(comments), h.emu.RequestCount())
	}
}
