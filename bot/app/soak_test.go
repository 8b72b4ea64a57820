package app

import (
	"context"
	"flag"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/vigie-fr/vigie/bot/graphemu"
	"github.com/vigie-fr/vigie/config"
)

var soakFor = flag.Duration("soak", 0, "run the soak test for this long, e.g. -soak=10m (off when 0)")

// TestSoak runs the daemon built from ./cmd/vigie as a child process
// against the Graph API emulator and a real redis-server, under 50
// comments/s of signed webhooks, while killing the daemon with SIGKILL,
// restarting Redis, throttling, expiring the token and failing requests
// with HTML 5xx pages. Then it checks that every must-hide comment was
// hidden and that no comment was acted on twice (the emulator's action
// log). Off by default: go test -run Soak -soak=10m ./bot/app
func TestSoak(t *testing.T) {
	if *soakFor <= 0 {
		t.Skip("soak test off: go test -run Soak -soak=10m ./bot/app")
	}
	s := newSoak(t)
	s.run(*soakFor)
}

type soak struct {
	t      *testing.T
	dir    string
	bin    string
	cfg    string
	listen string
	admin  string
	emu    *graphemu.Server
	post   graphemu.Post

	redisPort string
	redis     *exec.Cmd
	daemon    *exec.Cmd
	daemonLog *os.File

	mu       sync.Mutex
	mustHide []string
	harmless []string
	retry    []string // webhooks not acknowledged yet, re-sent as Meta does

	sent, refused        atomic.Int64
	kills, redisRestarts atomic.Int64
	throttles, tokens    atomic.Int64
	htmlBursts           atomic.Int64
}

func freeAddr(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

func newSoak(t *testing.T) *soak {
	s := &soak{t: t, dir: t.TempDir()}
	s.bin = filepath.Join(s.dir, "vigie")
	build := exec.Command("go", "build", "-o", s.bin, "../../cmd/vigie")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build ./cmd/vigie: %v\n%s", err, out)
	}
	s.emu = graphemu.New(graphemu.Options{PageID: testPageID, PageName: "Mairie de Test", AccessToken: testToken, AppSecret: testAppSecret})
	srv := httptest.NewServer(s.emu)
	t.Cleanup(srv.Close)
	s.post = s.emu.AddPost(graphemu.NewPost{Message: "Travaux rue de la Mairie", CreatedTime: time.Now().Add(-time.Hour)})

	_, s.redisPort, _ = net.SplitHostPort(freeAddr(t))
	s.startRedis()
	t.Cleanup(func() { s.stopRedis(syscall.SIGTERM) })

	tokenFile := filepath.Join(s.dir, "page_token")
	if err := os.WriteFile(tokenFile, []byte(testToken+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	s.listen, s.admin = freeAddr(t), freeAddr(t)
	s.cfg = filepath.Join(s.dir, "vigie.yaml")
	yaml := fmt.Sprintf(`mode: act
listen: %q
admin_listen: %q
log: {level: info}
pages: [{id: %q, name: "Mairie de Test"}]
graph: {base_url: %q, page_token_file: %q}
redis: {url: "redis://127.0.0.1:%s/0", prefix: "soak:"}
poll: {schedule: "* * * * *", backfill: 1d}
worker: {concurrency: 4, claim_idle: 30s}
charter:
  blocked_terms: [tocard]
`, s.listen, s.admin, testPageID, srv.URL+"/", tokenFile, s.redisPort)
	if err := os.WriteFile(s.cfg, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	var err error
	s.daemonLog, err = os.Create(filepath.Join(s.dir, "daemon.log"))
	if err != nil {
		t.Fatal(err)
	}
	s.startDaemon()
	t.Cleanup(func() { s.stopDaemon(syscall.SIGTERM) })
	return s
}

func (s *soak) startRedis() {
	s.redis = exec.Command("redis-server", "--bind", "127.0.0.1", "--port", s.redisPort, "--dir", s.dir,
		"--save", "", "--appendonly", "yes", "--appendfsync", "everysec", "--logfile", filepath.Join(s.dir, "redis.log"))
	if err := s.redis.Start(); err != nil {
		s.t.Fatalf("start redis-server: %v (%s)", err, "install redis-server")
	}
	s.waitTCP("127.0.0.1:" + s.redisPort)
}

// stopRedis stops Redis: SIGTERM is a restart (AOF flushed), as systemd
// or Docker do it.
func (s *soak) stopRedis(sig os.Signal) {
	if s.redis == nil {
		return
	}
	_ = s.redis.Process.Signal(sig)
	_ = s.redis.Wait()
	s.redis = nil
}

func (s *soak) startDaemon() {
	s.daemon = exec.Command(s.bin, "run", "--config", s.cfg)
	s.daemon.Env = append(os.Environ(), config.EnvAppSecret+"="+testAppSecret, config.EnvVerifyToken+"="+testVerifyToken)
	s.daemon.Stdout, s.daemon.Stderr = s.daemonLog, s.daemonLog
	if err := s.daemon.Start(); err != nil {
		s.t.Fatalf("start vigie run: %v", err)
	}
	s.waitTCP(s.listen)
}

func (s *soak) stopDaemon(sig os.Signal) {
	if s.daemon == nil {
		return
	}
	_ = s.daemon.Process.Signal(sig)
	_ = s.daemon.Wait()
	s.daemon = nil
}

func (s *soak) waitTCP(addr string) {
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if c, err := net.DialTimeout("tcp", addr, 100*time.Millisecond); err == nil {
			c.Close()
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	s.t.Fatalf("%s does not answer", addr)
}

// deliver sends a comment's webhook; an unacknowledged one is re-sent
// later, as Meta does for 36 hours.
func (s *soak) deliver(ctx context.Context, id string) {
	payload, err := s.emu.CommentWebhook(id, "add")
	if err != nil {
		s.t.Error(err)
		return
	}
	s.sent.Add(1)
	cctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	st, err := s.emu.SendWebhook(cctx, "http://"+s.listen+"/webhooks/meta", payload)
	if err != nil || st != http.StatusOK {
		s.refused.Add(1)
		s.mu.Lock()
		s.retry = append(s.retry, id)
		s.mu.Unlock()
	}
}

// load adds 50 comments a second, 30 % of them must-hide, each with its
// webhook.
func (s *soak) load(ctx context.Context, wg *sync.WaitGroup) {
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	sem := make(chan struct{}, 64)
	for n := 0; ; n++ {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		text, bad := fmt.Sprintf("Merci pour l'information sur les travaux, message %d", n), n%10 < 3
		if bad {
			text = fmt.Sprintf("Le maire est un tocard, message %d", n)
		}
		c, err := s.emu.AddComment(s.post.ID, graphemu.NewComment{FromID: fmt.Sprint(1_000_000 + n%500), FromName: "Habitant", Message: text})
		if err != nil {
			s.t.Error(err)
			return
		}
		s.mu.Lock()
		if bad {
			s.mustHide = append(s.mustHide, c.ID)
		} else {
			s.harmless = append(s.harmless, c.ID)
		}
		s.mu.Unlock()
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			s.deliver(ctx, c.ID)
		}()
	}
}

// redeliver re-sends unacknowledged webhooks every two seconds.
func (s *soak) redeliver(ctx context.Context) {
	t := time.NewTicker(2 * time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		s.mu.Lock()
		ids := s.retry
		s.retry = nil
		s.mu.Unlock()
		for _, id := range ids {
			if ctx.Err() != nil {
				return
			}
			s.deliver(ctx, id)
		}
	}
}

// chaos runs one disruption every 20 s, in turn.
func (s *soak) chaos(ctx context.Context) {
	wait := func(d time.Duration) bool {
		select {
		case <-ctx.Done():
			return false
		case <-time.After(d):
			return true
		}
	}
	for i := 0; wait(20 * time.Second); i++ {
		switch i % 6 {
		case 0, 3: // kill -9 of the daemon, restarted a second later
			s.stopDaemon(syscall.SIGKILL)
			s.kills.Add(1)
			wait(time.Second)
			s.startDaemon()
		case 1: // Redis restarted
			s.stopRedis(syscall.SIGTERM)
			s.redisRestarts.Add(1)
			wait(2 * time.Second)
			s.startRedis()
		case 2: // one-minute throttle, with Meta's estimate
			s.emu.SetThrottle(graphemu.Throttle{Code: 80001, Until: time.Now().Add(time.Minute)})
			s.throttles.Add(1)
		case 4: // token expired for 30 s
			s.emu.ExpireToken(graphemu.SubcodeExpired)
			s.tokens.Add(1)
			wait(30 * time.Second)
			s.emu.RestoreToken()
		case 5: // a storm of HTML 502 pages
			s.emu.FailNextHTML(30, http.StatusBadGateway)
			s.htmlBursts.Add(1)
		}
	}
}

func (s *soak) run(d time.Duration) {
	t := s.t
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	var wg sync.WaitGroup
	var loops sync.WaitGroup
	loops.Add(2)
	rctx, stopRedeliver := context.WithCancel(context.Background())
	defer stopRedeliver()
	go func() { defer loops.Done(); s.redeliver(rctx) }()
	go func() { defer loops.Done(); s.chaos(ctx) }()
	start := time.Now()
	s.load(ctx, &wg)
	loadEnd := time.Now()

	// Drain: faults off, every webhook acknowledged, every must-hide
	// comment hidden.
	s.emu.ClearFaults()
	s.emu.RestoreToken()
	if s.redis == nil {
		s.startRedis()
	}
	if s.daemon == nil {
		s.startDaemon()
	}
	wg.Wait()
	deadline := time.Now().Add(5 * time.Minute)
	var missing []string
	for {
		missing = missing[:0]
		s.mu.Lock()
		must := slices.Clone(s.mustHide)
		pendingHooks := len(s.retry)
		s.mu.Unlock()
		for _, id := range must {
			if c, ok := s.emu.Comment(id); !ok || !c.Hidden {
				missing = append(missing, id)
			}
		}
		if len(missing) == 0 && pendingHooks == 0 {
			break
		}
		if time.Now().After(deadline) {
			break
		}
		time.Sleep(time.Second)
	}
	drained := time.Since(loadEnd)
	stopRedeliver()
	loops.Wait()

	hides := map[string]int{}
	var lat []time.Duration
	for _, a := range s.emu.Actions() {
		if a.Kind != "hide" {
			continue
		}
		hides[a.CommentID]++
		if c, ok := s.emu.Comment(a.CommentID); ok && hides[a.CommentID] == 1 {
			lat = append(lat, a.At.Sub(c.CreatedTime))
		}
	}
	var twice, wrong []string
	for id, n := range hides {
		if n > 1 {
			twice = append(twice, fmt.Sprintf("%s×%d", id, n))
		}
	}
	s.mu.Lock()
	for _, id := range s.harmless {
		if hides[id] > 0 {
			wrong = append(wrong, id)
		}
	}
	nMust, nHarmless := len(s.mustHide), len(s.harmless)
	s.mu.Unlock()
	slices.Sort(lat)
	pct := func(p float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		return lat[min(len(lat)-1, int(p*float64(len(lat))))].Round(10 * time.Millisecond)
	}
	t.Logf("soak %s: %d comments (%d must-hide, %d harmless), %d webhook sends (%d refused and re-sent)",
		loadEnd.Sub(start).Round(time.Second), nMust+nHarmless, nMust, nHarmless, s.sent.Load(), s.refused.Load())
	t.Logf("disruptions: %d kill -9 of the daemon, %d Redis restarts, %d one-minute throttles, %d token expiries of 30 s, %d storms of 30 HTML 502",
		s.kills.Load(), s.redisRestarts.Load(), s.throttles.Load(), s.tokens.Load(), s.htmlBursts.Load())
	t.Logf("outcome: %d hidden, %d must-hide not hidden, %d hidden twice, %d harmless hidden; drained %s after the load; Graph requests %d",
		len(hides), len(missing), len(twice), len(wrong), drained.Round(time.Second), s.emu.RequestCount())
	t.Logf("creation to hide: p50 %s, p90 %s, p99 %s, max %s", pct(0.5), pct(0.9), pct(0.99), pct(1))
	if len(missing) > 0 {
		t.Errorf("%d must-hide comments not hidden, e.g. %v", len(missing), missing[:min(5, len(missing))])
	}
	if len(twice) > 0 {
		t.Errorf("%d comments hidden twice: %v", len(twice), twice[:min(10, len(twice))])
	}
	if len(wrong) > 0 {
		t.Errorf("%d harmless comments hidden", len(wrong))
	}
	if t.Failed() {
		log, _ := os.ReadFile(filepath.Join(s.dir, "daemon.log"))
		lines := strings.Split(string(log), "\n")
		t.Logf("daemon log tail:\n%s", strings.Join(lines[max(0, len(lines)-60):], "\n"))
	}
}
