package sdnotify

import (
	"context"
	"errors"
	"net"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// listen opens a unixgram socket like systemd's and returns what it reads.
func listen(t *testing.T) (string, <-chan string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "notify.sock")
	conn, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: path, Net: "unixgram"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	out := make(chan string, 64)
	go func() {
		buf := make([]byte, 256)
		for {
			k, err := conn.Read(buf)
			if err != nil {
				return
			}
			out <- string(buf[:k])
		}
	}()
	return path, out
}

func env(m map[string]string) Env {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func TestReadyAndWatchdog(t *testing.T) {
	sock, got := listen(t)
	n := New(env(map[string]string{"NOTIFY_SOCKET": sock, "WATCHDOG_USEC": "40000", "WATCHDOG_PID": "42"}), 42)
	if n.WatchdogInterval() != 20*time.Millisecond {
		t.Fatalf("interval %v, want half of WATCHDOG_USEC", n.WatchdogInterval())
	}
	if err := n.Send("READY=1"); err != nil {
		t.Fatal(err)
	}
	if s := <-got; s != "READY=1" {
		t.Fatalf("got %q", s)
	}
	var healthy atomic.Bool
	healthy.Store(true)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- n.Watch(ctx, func(context.Context) error {
			if healthy.Load() {
				return nil
			}
			return errors.New("stuck")
		})
	}()
	select {
	case s := <-got:
		if s != "WATCHDOG=1" {
			t.Fatalf("got %q", s)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no watchdog ping while alive")
	}
	// A hung daemon stops pinging, so systemd restarts it.
	healthy.Store(false)
	time.Sleep(50 * time.Millisecond)
	for len(got) > 0 {
		<-got
	}
	select {
	case s := <-got:
		t.Fatalf("pinged %q while not alive", s)
	case <-time.After(100 * time.Millisecond):
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestOutsideSystemdDoesNothing(t *testing.T) {
	n := New(env(nil), 1)
	if n.Enabled() || n.WatchdogInterval() != 0 {
		t.Fatal("enabled without NOTIFY_SOCKET")
	}
	if err := n.Send("READY=1"); err != nil {
		t.Fatal(err)
	}
	// Another process's watchdog is not ours.
	sock, _ := listen(t)
	if New(env(map[string]string{"NOTIFY_SOCKET": sock, "WATCHDOG_USEC": "1000", "WATCHDOG_PID": "7"}), 8).WatchdogInterval() != 0 {
		t.Fatal("watchdog of another pid taken")
	}
}

func TestUnreachableSocketIsAnError(t *testing.T) {
	n := New(env(map[string]string{"NOTIFY_SOCKET": filepath.Join(t.TempDir(), "none")}), 1)
	if err := n.Send("READY=1"); err == nil || !strings.Contains(err.Error(), "sdnotify") {
		t.Fatalf("want a sdnotify error, got %v", err)
	}
}
