package notify_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/vigie-fr/vigie/bot/fakeclock"
	"github.com/vigie-fr/vigie/bot/notify"
)

func TestRetry(t *testing.T) {
	transient := errors.New("421 try later")
	tests := []struct {
		name      string
		errs      []error // returned by successive calls; nil afterwards
		wantCalls int
		wantErr   bool
		wantWaits []time.Duration
	}{
		{"first try", nil, 1, false, nil},
		{"second try", []error{transient}, 2, false, []time.Duration{750 * time.Millisecond}},
		{"gives up", []error{transient, transient, transient, transient}, 3, true, []time.Duration{750 * time.Millisecond, 1500 * time.Millisecond}},
		{"permanent not retried", []error{notify.Permanent(errors.New("550 no such user"))}, 1, true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := fakeclock.New(start)
			calls := 0
			n := notify.Retry(notify.NotifierFunc(func(context.Context, notify.Message) error {
				calls++
				if calls <= len(tt.errs) {
					return tt.errs[calls-1]
				}
				return nil
			}), notify.RetryOptions{Attempts: 3, Base: time.Second, Max: 10 * time.Second, Sleep: clk.Sleep, Rand: func() float64 { return 0.5 }})
			err := n.Notify(context.Background(), notify.Message{})
			if calls != tt.wantCalls || (err != nil) != tt.wantErr {
				t.Errorf("calls %d err %v, want %d calls, error %v", calls, err, tt.wantCalls, tt.wantErr)
			}
			if got := clk.Sleeps(); len(got) != len(tt.wantWaits) || (len(got) > 0 && got[0] != tt.wantWaits[0]) {
				t.Errorf("waits %v, want %v", got, tt.wantWaits)
			}
		})
	}
}

func TestRetryBoundedByContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	n := notify.Retry(notify.NotifierFunc(func(context.Context, notify.Message) error {
		calls++
		cancel()
		return errors.New("timeout")
	}), notify.RetryOptions{Attempts: 10})
	if err := n.Notify(ctx, notify.Message{}); err == nil || calls != 1 {
		t.Errorf("err %v after %d calls; want an error after 1 call", err, calls)
	}
}
