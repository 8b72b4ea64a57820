// Package redistest starts private redis-server processes for tests, on a
// free port and in a temporary directory, so tests never touch a shared
// Redis.
package redistest

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// EnvURL names the variable `make test` sets to the URL of the private
// redis-server it started for the whole run.
const EnvURL = "VIGIE_TEST_REDIS_URL"

const installHint = "redis-server is not installed: run `make test` (it installs it) or `apt-get install -y redis-server`"

// Server is a private redis-server process.
type Server struct {
	t    testing.TB
	Addr string
	dir  string
	cmd  *exec.Cmd
}

// URL returns the redis:// URL of the server.
func (s *Server) URL() string { return "redis://" + s.Addr }

// Client returns a new client to the server, closed at the end of the test.
func (s *Server) Client() *redis.Client {
	c := redis.NewClient(&redis.Options{Addr: s.Addr, MaxRetries: -1})
	s.t.Cleanup(func() { _ = c.Close() })
	return c
}

// Start starts a dedicated redis-server with AOF on, stopped when the test
// ends. Use it when a test stops or restarts Redis; otherwise prefer Shared.
func Start(t testing.TB) *Server {
	t.Helper()
	if _, err := exec.LookPath("redis-server"); err != nil {
		t.Fatal(installHint)
	}
	s := &Server{t: t, dir: t.TempDir()}
	s.Addr = "127.0.0.1:" + strconv.Itoa(freePort(t))
	s.start()
	t.Cleanup(s.Stop)
	return s
}

func (s *Server) start() {
	s.t.Helper()
	s.cmd = exec.Command("redis-server",
		"--bind", "127.0.0.1",
		"--port", strings.TrimPrefix(s.Addr, "127.0.0.1:"),
		"--dir", s.dir,
		"--save", "",
		"--appendonly", "yes",
		"--appendfsync", "everysec",
		"--daemonize", "no",
		"--logfile", filepath.Join(s.dir, "redis.log"),
	)
	if err := s.cmd.Start(); err != nil {
		s.t.Fatalf("redistest: start redis-server: %v (%s)", err, installHint)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", s.Addr, 200*time.Millisecond)
		if err == nil {
			ok := ping(c)
			c.Close()
			if ok {
				return
			}
		}
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(filepath.Join(s.dir, "redis.log"))
			s.t.Fatalf("redistest: redis-server on %s did not answer: %s", s.Addr, log)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func ping(c net.Conn) bool {
	_ = c.SetDeadline(time.Now().Add(time.Second))
	if _, err := c.Write([]byte("PING\r\n")); err != nil {
		return false
	}
	line, err := bufio.NewReader(c).ReadString('\n')
	return err == nil && strings.HasPrefix(line, "+PONG")
}

// Stop kills the server; its data stays in the AOF for Restart.
func (s *Server) Stop() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	_ = s.cmd.Process.Kill()
	_ = s.cmd.Wait()
	s.cmd = nil
}

// Restart starts the server again on the same port and data directory.
func (s *Server) Restart() {
	s.t.Helper()
	s.Stop()
	s.start()
}

// Shared returns the URL of a Redis for this test and a key prefix no other
// test uses. It is the run-wide server of `make test` when EnvURL is set,
// else a dedicated one.
func Shared(t testing.TB) (url, prefix string) {
	t.Helper()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	prefix = "vigietest:" + hex.EncodeToString(b) + ":"
	if u := os.Getenv(EnvURL); u != "" {
		opt, err := redis.ParseURL(u)
		if err != nil {
			t.Fatalf("redistest: %s=%q: %v", EnvURL, u, err)
		}
		c := redis.NewClient(opt)
		defer c.Close()
		if err := c.Ping(context.Background()).Err(); err != nil {
			t.Fatalf("redistest: %s=%q does not answer: %v", EnvURL, u, err)
		}
		return u, prefix
	}
	return Start(t).URL(), prefix
}

func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("redistest: find a free port: %v", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// String describes the server for test logs.
func (s *Server) String() string { return fmt.Sprintf("redis-server %s", s.Addr) }
