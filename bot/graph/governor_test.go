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

func TestThrottlingBlocksUntilRegain(t *testing.T) {
	tests := []struct {
		name string
		code int
	}{
		{"pages BUC", 80001},
		{"page", 32},
		{"app", 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, nil)
			p, stored := h.addThread(t, 1)
			ctx := ctxT(t)
			until := h.clk.Now().Add(10 * time.Minute)
			h.emu.SetThrottle(graphemu.Throttle{Code: tt.code, Until: until})

			err := h.client.Hide(ctx, stored[0].ID)
			var ge *graph.Error
			if !errors.As(err, &ge) || ge.Class != graph.ClassThrottled || ge.Code != tt.code || ge.RetryAfter != 10*time.Minute {
				t.Fatalf("got %#v, want throttled with RetryAfter 10m", err)
			}
			if st := h.client.Status(); !st.ThrottledUntil.Equal(until) || st.Usage != 100 {
				t.Errorf("status %+v", st)
			}
			sent := h.emu.RequestCount()

			// Before the time, nothing reaches Meta, whatever the call.
			for _, step := range []time.Duration{0, 4 * time.Minute, 5*time.Minute + 59*time.Second} {
				h.clk.Advance(step)
				remaining := until.Sub(h.clk.Now())
				err := h.client.Hide(ctx, stored[0].ID)
				if !errors.As(err, &ge) || ge.Class != graph.ClassThrottled || ge.RetryAfter != remaining {
					t.Fatalf("at %s: got %v, want throttled for %s", h.clk.Now(), err, remaining)
				}
				if _, err := h.client.Comments(ctx, p.ID, time.Time{}); graph.ClassOf(err) != graph.ClassThrottled {
					t.Fatalf("Comments: %v", err)
				}
				if err := h.client.CheckToken(ctx); graph.ClassOf(err) != graph.ClassThrottled {
					t.Fatalf("CheckToken: %v", err)
				}
			}
			if n := h.emu.RequestCount(); n != sent {
				t.Fatalf("%d requests reached the emulator before the time", n-sent)
			}
			if a := h.Alerts(); len(a) != 0 {
				t.Errorf("a 10-minute throttle is not an alert: %+v", a)
			}

			h.clk.Advance(time.Second)
			if err := h.client.Hide(ctx, stored[0].ID); err != nil {
				t.Fatalf("after the time: %v", err)
			}
			if st := h.client.Status(); !st.ThrottledUntil.IsZero() {
				t.Errorf("status %+v", st)
			}
		})
	}
}

func TestThrottlingWithoutEstimateBacksOff(t *testing.T) {
	h := newHarness(t, nil)
	_, stored := h.addThread(t, 1)
	ctx := ctxT(t)
	h.emu.SetThrottle(graphemu.Throttle{Code: 613, Until: h.clk.Now().Add(24 * time.Hour), OmitETA: true})

	var waits []time.Duration
	for range 6 {
		err := h.client.Hide(ctx, stored[0].ID)
		var ge *graph.Error
		if !errors.As(err, &ge) || ge.Class != graph.ClassThrottled {
			t.Fatalf("got %v", err)
		}
		waits = append(waits, ge.RetryAfter)
		h.clk.Advance(ge.RetryAfter)
	}
	lows := []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute, 16 * time.Minute, 32 * time.Minute}
	for i, w := range waits {
		if w < lows[i] || w > lows[i]*5/4 || w > time.Hour {
			t.Errorf("wait %d = %s, want %s plus up to 25 %% jitter", i, w, lows[i])
		}
	}
	a := h.Alerts()
	if len(a) != 1 || a[0].Kind != graph.AlertThrottled {
		t.Errorf("one alert for a long throttle, got %+v", a)
	}
}

func TestUsagePacing(t *testing.T) {
	h := newHarness(t, nil)
	_, stored := h.addThread(t, 1)
	ctx := ctxT(t)
	id := stored[0].ID

	h.emu.SetUsage(graphemu.Usage{App: 10, BUC: 50})
	for range 3 {
		if err := h.client.Hide(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	if s := h.clk.Sleeps(); len(s) != 0 {
		t.Fatalf("paced below 75 %%: %v", s)
	}

	delayAt := func(usage int) time.Duration {
		t.Helper()
		h.emu.SetUsage(graphemu.Usage{BUC: usage})
		if err := h.client.Hide(ctx, id); err != nil { // learns the usage
			t.Fatal(err)
		}
		before := len(h.clk.Sleeps())
		if err := h.client.Hide(ctx, id); err != nil {
			t.Fatal(err)
		}
		s := h.clk.Sleeps()[before:]
		if len(s) != 1 {
			t.Fatalf("at %d %%: sleeps %v, want one", usage, s)
		}
		return s[0]
	}
	d80, d90, d99 := delayAt(80), delayAt(90), delayAt(99)
	if !(d80 > 0 && d80 < d90 && d90 < d99 && d99 <= time.Minute) {
		t.Errorf("delays 80 %%=%s 90 %%=%s 99 %%=%s: want growing, at most 1 min", d80, d90, d99)
	}
	if st := h.client.Status(); st.Usage != 99 {
		t.Errorf("status usage %v", st.Usage)
	}

	// Calls already spaced enough by time passing are not delayed again.
	h.clk.Advance(2 * time.Minute)
	before := len(h.clk.Sleeps())
	if err := h.client.Hide(ctx, id); err != nil {
		t.Fatal(err)
	}
	if s := h.clk.Sleeps()[before:]; len(s) != 0 {
		t.Errorf("slept %v after a long pause", s)
	}
	// Paced: the second call at 80 %, then both calls at 90 % and at 99 %.
	var out strings.Builder
	if _, err := h.reg.WriteTo(&out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"vigie_graph_paced_total 5", "vigie_graph_usage_percent 99", `vigie_graph_calls_total{op="hide",outcome="ok"}`} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("metrics lack %q:\n%s", want, out.String())
		}
	}
}

func TestConcurrentCalls(t *testing.T) {
	h := newHarness(t, nil)
	p, stored := h.addThread(t, 40)
	ctx := ctxT(t)
	h.emu.SetUsage(graphemu.Usage{BUC: 80})
	var wg sync.WaitGroup
	errs := make(chan error, len(stored)+10)
	for _, c := range stored {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if c.FromID == "2" {
				errs <- h.client.Delete(ctx, c.ID)
				return
			}
			errs <- h.client.Hide(ctx, c.ID)
		}()
	}
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := h.client.Comments(ctx, p.ID, time.Time{})
			errs <- err
			_ = h.client.Status()
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if n := len(h.emu.Actions()); n != len(stored) {
		t.Errorf("%d actions, want %d", n, len(stored))
	}
}
