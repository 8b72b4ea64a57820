package main

import (
	"bytes"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/vigie-fr/vigie/bot/graphemu"
	"github.com/vigie-fr/vigie/bot/redistest"
)

// syncBuffer is a bytes.Buffer safe for the daemon's log writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// `vigie run` starts on a real Redis and the emulator, serves /healthz,
// tells systemd it is ready and pings its watchdog (Type=notify), and
// stops cleanly on SIGINT.
func TestRunServesAndStopsOnSignal(t *testing.T) {
	rds := redistest.Start(t)
	emu := graphemu.New(graphemu.Options{PageID: "104500000000001", AccessToken: "EAAG-run-token", AppSecret: "run-secret"})
	srv := httptest.NewServer(emu)
	defer srv.Close()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	cfg := filepath.Join(t.TempDir(), "vigie.yaml")
	yaml := fmt.Sprintf("listen: %q\nadmin_listen: \"127.0.0.1:0\"\npages: [{id: \"104500000000001\", name: Mairie}]\ngraph: {base_url: %q}\nredis: {url: %q}\n", addr, srv.URL+"/", rds.URL())
	if err := os.WriteFile(cfg, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("VIGIE_PAGE_TOKEN", "EAAG-run-token")
	t.Setenv("VIGIE_APP_SECRET", "run-secret")
	t.Setenv("VIGIE_VERIFY_TOKEN", "run-verify")

	sockPath := filepath.Join(t.TempDir(), "notify.sock")
	sock, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: sockPath, Net: "unixgram"})
	if err != nil {
		t.Fatal(err)
	}
	defer sock.Close()
	notified := make(chan string, 100)
	go func() {
		buf := make([]byte, 128)
		for {
			k, err := sock.Read(buf)
			if err != nil {
				return
			}
			notified <- string(buf[:k])
		}
	}()
	t.Setenv("NOTIFY_SOCKET", sockPath)
	t.Setenv("WATCHDOG_USEC", "200000")
	t.Setenv("WATCHDOG_PID", fmt.Sprint(os.Getpid()))

	var logs syncBuffer
	done := make(chan int, 1)
	go func() { done <- run([]string{"run", "--config", cfg}, strings.NewReader(""), &logs, &logs) }()
	deadline := time.Now().Add(20 * time.Second)
	for {
		resp, err := http.Get("http://" + addr + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("vigie run did not answer /healthz:\n%s", logs.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	waitNotify := func(want string) {
		t.Helper()
		timeout := time.After(20 * time.Second)
		for {
			select {
			case s := <-notified:
				if s == want {
					return
				}
			case <-timeout:
				t.Fatalf("systemd was never told %s", want)
			}
		}
	}
	waitNotify("READY=1")
	waitNotify("WATCHDOG=1")
	if err := syscall.Kill(os.Getpid(), syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("exit %d:\n%s", code, logs.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("vigie run did not stop on SIGINT")
	}
	waitNotify("STOPPING=1")
	out := logs.String()
	for _, want := range []string{`"vigie started"`, `"vigie stopped"`} {
		if !strings.Contains(out, want) {
			t.Errorf("logs lack %s:\n%s", want, out)
		}
	}
	for _, secret := range []string{"EAAG-run-token", "run-secret", "run-verify"} {
		if strings.Contains(out, secret) {
			t.Errorf("logs contain the secret %q", secret)
		}
	}
}

func TestRunRefusesABrokenConfig(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "vigie.yaml")
	if err := os.WriteFile(cfg, []byte("pages: []\nmode: peut-être\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := runCmd(t, "", "run", "--config", cfg)
	if code != 2 || !strings.Contains(errOut, "mode :") {
		t.Errorf("exit %d, %s", code, errOut)
	}
}
