package graph

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"testing"
	"time"

	fb "github.com/huandu/facebook/v2"
)

func TestClassify(t *testing.T) {
	noRedact := func(s string) string { return s }
	tests := []struct {
		name   string
		err    error
		status int
		regain time.Duration
		want   Class
		retry  time.Duration
	}{
		{"app throttle", &fb.Error{Code: 4}, 403, 0, ClassThrottled, 0},
		{"user throttle", &fb.Error{Code: 17}, 400, 0, ClassThrottled, 0},
		{"page throttle", &fb.Error{Code: 32}, 400, 0, ClassThrottled, 0},
		{"custom throttle", &fb.Error{Code: 613}, 400, 0, ClassThrottled, 0},
		{"pages BUC with estimate", &fb.Error{Code: 80001, IsTransient: true}, 400, 7 * time.Minute, ClassThrottled, 7 * time.Minute},
		{"instagram BUC", &fb.Error{Code: 80002}, 400, 0, ClassThrottled, 0},
		{"token expired", &fb.Error{Code: 190, ErrorSubcode: 463}, 400, 0, ClassToken, 0},
		{"session", &fb.Error{Code: 102}, 400, 0, ClassToken, 0},
		{"no token", &fb.Error{Code: 104}, 400, 0, ClassToken, 0},
		{"permission 10", &fb.Error{Code: 10}, 403, 0, ClassPermission, 0},
		{"permission 200", &fb.Error{Code: 200}, 403, 0, ClassPermission, 0},
		{"permission 283", &fb.Error{Code: 283}, 403, 0, ClassPermission, 0},
		{"object missing", &fb.Error{Code: 100, ErrorSubcode: 33}, 400, 0, ClassNotFound, 0},
		{"does not exist", &fb.Error{Code: 100, Message: "Object with ID '1_2' does not exist"}, 400, 0, ClassNotFound, 0},
		{"invalid parameter", &fb.Error{Code: 100, Message: "(#100) Invalid parameter"}, 400, 0, ClassInvalid, 0},
		{"policy", &fb.Error{Code: 368}, 400, 0, ClassPolicy, 0},
		{"unknown", &fb.Error{Code: 1}, 500, 0, ClassTransient, 0},
		{"service", &fb.Error{Code: 2}, 503, 0, ClassTransient, 0},
		{"is_transient", &fb.Error{Code: 341, IsTransient: true}, 400, 0, ClassTransient, 0},
		{"other code on 5xx", &fb.Error{Code: 9999}, 502, 0, ClassTransient, 0},
		{"other code", &fb.Error{Code: 9999}, 400, 0, ClassUnknown, 0},
		{"html body", &fb.UnmarshalError{Message: "facebook: fail to parse"}, 502, 0, ClassTransient, 0},
		{"deadline", fmt.Errorf("facebook: cannot reach facebook server; %w", context.DeadlineExceeded), 0, 0, ClassTransient, 0},
		{"refused", fmt.Errorf("facebook: cannot reach facebook server; %w", &url.Error{Op: "Get", URL: "http://x", Err: &net.OpError{Op: "dial", Err: errors.New("connection refused")}}), 0, 0, ClassTransient, 0},
		{"foreign link", errForeignLink, 0, 0, ClassInvalid, 0},
		{"anything else", errors.New("boom"), 0, 0, ClassUnknown, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := classify("op", tt.err, tt.status, usageReading{present: true, regain: tt.regain}, noRedact)
			if e.Class != tt.want || e.RetryAfter != tt.retry {
				t.Errorf("got %s/%s, want %s/%s", e.Class, e.RetryAfter, tt.want, tt.retry)
			}
			if !errors.Is(e, tt.err) && tt.name != "refused" {
				t.Errorf("the cause is not wrapped")
			}
		})
	}
	e := classify("op", fmt.Errorf("x; %w", context.DeadlineExceeded), 0, usageReading{}, noRedact)
	if !errors.Is(e, context.DeadlineExceeded) {
		t.Error("deadline not reachable with errors.Is")
	}
}

func TestBackoffBounds(t *testing.T) {
	for attempt := 1; attempt <= 40; attempt++ {
		d := backoff(attempt)
		want := min(retryCap, retryBase<<min(attempt-1, 10))
		if d < want/2 || d > want {
			t.Errorf("attempt %d: %s, want within [%s, %s]", attempt, d, want/2, want)
		}
	}
	for level := range 40 {
		d := throttleBackoff(level)
		if d < throttleBase || d > throttleCap {
			t.Errorf("level %d: %s outside [1m, 60m]", level, d)
		}
	}
}

func TestPaceDelay(t *testing.T) {
	if paceDelay(0) != 0 || paceDelay(74.9) != 0 {
		t.Error("no pacing below 75 %")
	}
	if d := paceDelay(75); d != time.Second {
		t.Errorf("75 %%: %s", d)
	}
	if d := paceDelay(100); d != time.Minute {
		t.Errorf("100 %%: %s", d)
	}
	if d := paceDelay(500); d != time.Minute {
		t.Errorf("500 %%: %s", d)
	}
	prev := time.Duration(0)
	for u := 75.0; u <= 100; u += 0.5 {
		if d := paceDelay(u); d < prev {
			t.Fatalf("delay shrinks at %v %%", u)
		} else {
			prev = d
		}
	}
}

func TestParseUsage(t *testing.T) {
	tests := []struct {
		name    string
		headers map[string]string
		present bool
		percent float64
		regain  time.Duration
	}{
		{"none", nil, false, 0, 0},
		{"app", map[string]string{"X-App-Usage": `{"call_count":28,"total_time":15,"total_cputime":12}`}, true, 28, 0},
		{"page header", map[string]string{"X-Page-Usage": `{"call_count":3,"total_time":81,"total_cputime":2}`}, true, 81, 0},
		{"buc max over entries", map[string]string{"X-Business-Use-Case-Usage": `{"1":[{"type":"pages","call_count":5,"total_cputime":2,"total_time":3,"estimated_time_to_regain_access":0}],"2":[{"type":"pages","call_count":96,"total_time":1,"estimated_time_to_regain_access":12}]}`}, true, 96, 12 * time.Minute},
		{"fractional and quoted", map[string]string{"X-App-Usage": `{"call_count":"77.5","total_time":1.5}`}, true, 77.5, 0},
		{"all at once", map[string]string{"X-App-Usage": `{"call_count":10}`, "X-Business-Use-Case-Usage": `{"1":[{"call_count":60}]}`}, true, 60, 0},
		{"garbage", map[string]string{"X-App-Usage": `<html>`}, false, 0, 0},
		{"negative ignored", map[string]string{"X-App-Usage": `{"call_count":-5}`}, true, 0, 0},
		{"absurd clamped", map[string]string{"X-Business-Use-Case-Usage": `{"1":[{"call_count":1e300,"estimated_time_to_regain_access":1e300}]}`}, true, maxUsagePercent, maxRegain},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			for k, v := range tt.headers {
				h.Set(k, v)
			}
			got := parseUsage(h)
			if got.present != tt.present || got.percent != tt.percent || got.regain != tt.regain {
				t.Errorf("got %+v, want present=%v percent=%v regain=%s", got, tt.present, tt.percent, tt.regain)
			}
		})
	}
}

func FuzzParseUsage(f *testing.F) {
	f.Add(`{"call_count":28,"total_time":15,"total_cputime":12}`, `{"1":[{"type":"pages","call_count":5,"estimated_time_to_regain_access":3}]}`)
	f.Add(`{"call_count":"9"}`, `{"1":[]}`)
	f.Add(`null`, `{"1":[null]}`)
	f.Add(``, `{"1":[{"estimated_time_to_regain_access":-1e999}]}`)
	f.Fuzz(func(t *testing.T, app, buc string) {
		h := http.Header{}
		if app != "" {
			h.Set("X-App-Usage", app)
		}
		if buc != "" {
			h.Set("X-Business-Use-Case-Usage", buc)
		}
		r := parseUsage(h)
		if r.percent < 0 || r.percent > maxUsagePercent || r.percent != r.percent {
			t.Fatalf("percent %v out of range", r.percent)
		}
		if r.regain < 0 || r.regain > maxRegain {
			t.Fatalf("regain %s out of range", r.regain)
		}
		if !r.present && (r.percent != 0 || r.regain != 0) {
			t.Fatalf("figures without a header: %+v", r)
		}
		if d := paceDelay(r.percent); d < 0 || d > time.Minute {
			t.Fatalf("pace delay %s", d)
		}
	})
}
