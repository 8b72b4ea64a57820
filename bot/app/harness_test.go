package app

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest"
	"go.uber.org/zap/zaptest/observer"

	"github.com/vigie-fr/vigie/bot/fakeclock"
	"github.com/vigie-fr/vigie/bot/graphemu"
	"github.com/vigie-fr/vigie/bot/notify"
	"github.com/vigie-fr/vigie/bot/redistest"
	"github.com/vigie-fr/vigie/bot/store"
	"github.com/vigie-fr/vigie/config"
)

const (
	testPage2ID     = "104500000000888"
	testToken2      = "EAAG-test-page-token-two"
	testPageID      = "104500000000777"
	testToken       = "EAAG-test-page-token"
	testAppSecret   = "test-app-secret"
	testVerifyToken = "test-verify-token"
)

// harness is a Graph API emulator, a private redis-server and the daemon
// between them, talking over real HTTP and real Redis.
type harness struct {
	t        testing.TB
	redis    *redistest.Server
	rdb      *redis.Client
	emu      *graphemu.Server
	post     graphemu.Post
	graphURL string
	clock    *fakeclock.Clock
	mode     string
	quiet    bool // no logs (benchmarks)
	// tokenFile, when set, is graph.page_token_file (the env token is
	// then ignored).
	tokenFile string
	logs      *observer.ObservedLogs
	// instagram adds the emulator's Instagram account to the config.
	instagram bool
	// emu2, with withSecondPage, is a second Page with its own token
	// (VIGIE_PAGE_TOKEN_<id>), served on the same address: requests go to
	// the emulator whose token they carry.
	emu2   *graphemu.Server
	post2  graphemu.Post
	second bool
	// extraYAML is appended to the configuration; mailer captures the
	// notifications.
	extraYAML string
	mailer    notify.Notifier
	// notifyScan, when set, is how often the notifications look for
	// reminders, escalations and alerts.
	notifyScan time.Duration

	app     *App
	cancel  context.CancelFunc
	done    chan error
	baseURL string
	// adminURL is the private listener (/metrics, detailed /readyz).
	adminURL string
}

type harnessOpt func(*harness)

func withClock(c *fakeclock.Clock) harnessOpt { return func(h *harness) { h.clock = c } }
func observeMode() harnessOpt                 { return func(h *harness) { h.mode = config.ModeObserve } }
func quietLogs() harnessOpt                   { return func(h *harness) { h.quiet = true } }
func withInstagram() harnessOpt               { return func(h *harness) { h.instagram = true } }
func withSecondPage() harnessOpt              { return func(h *harness) { h.second = true } }

func newHarness(t testing.TB, opts ...harnessOpt) *harness {
	t.Helper()
	h := &harness{t: t, mode: config.ModeAct}
	for _, o := range opts {
		o(h)
	}
	h.redis = redistest.Start(t)
	h.rdb = h.redis.Client()
	eo := graphemu.Options{PageID: testPageID, PageName: "Mairie de Test", AccessToken: testToken, AppSecret: testAppSecret}
	if h.clock != nil {
		eo.Now = h.clock.Now
	}
	h.emu = graphemu.New(eo)
	var handler http.Handler = h.emu
	if h.second {
		eo2 := eo
		eo2.PageID, eo2.PageName, eo2.AccessToken = testPage2ID, "Mairie de Deux", testToken2
		eo2.InstagramID, eo2.IDOffset = "17841400000000002", 50_000_000_000_000
		h.emu2 = graphemu.New(eo2)
		h.post2 = h.emu2.AddPost(graphemu.NewPost{Message: "Fête de la commune samedi.", CreatedTime: h.now().Add(-time.Hour)})
		handler = byToken{testToken: h.emu, testToken2: h.emu2}
	}
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	h.post = h.emu.AddPost(graphemu.NewPost{Message: "Travaux rue de la Mairie du 2 au 13 décembre.", CreatedTime: h.now().Add(-time.Hour)})
	h.graphURL = srv.URL + "/"
	return h
}

func (h *harness) now() time.Time {
	if h.clock != nil {
		return h.clock.Now()
	}
	return time.Now()
}

func (h *harness) config() *config.Config {
	h.t.Helper()
	yaml := fmt.Sprintf(`mode: %s
pages: [{id: %q, name: "Mairie de Test"}]
graph: {base_url: %q%s}
redis: {url: %q, prefix: "e2e:"}
poll: {schedule: "0 0 1 1 *", backfill: 2d}
worker: {concurrency: 4}
charter:
  blocked_terms: [tocard]
`, h.mode, testPageID, h.graphURL, tokenFileKey(h.tokenFile), h.redis.URL())
	env := map[string]string{config.EnvPageToken: testToken, config.EnvAppSecret: testAppSecret, config.EnvVerifyToken: testVerifyToken}
	if h.second {
		yaml = strings.Replace(yaml, `name: "Mairie de Test"}]`, fmt.Sprintf(`name: "Mairie de Test"}, {id: %q, name: "Mairie de Deux"}]`, testPage2ID), 1)
		env[config.PageTokenEnv(testPage2ID)] = testToken2
	}
	yaml += h.extraYAML
	if h.instagram {
		yaml += fmt.Sprintf("instagram: [{id: %q, page_id: %q, name: \"mairie.test\"}]\n", h.emu.InstagramID(), testPageID)
	}
	cfg, err := config.Parse([]byte(yaml), "e2e.yaml", func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	if err != nil {
		h.t.Fatal(err)
	}
	return cfg
}

// start runs the daemon until stop or the end of the test.
func (h *harness) start(claimIdle time.Duration) {
	h.t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		h.t.Fatal(err)
	}
	adminLn, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		h.t.Fatal(err)
	}
	core, logs := observer.New(zapcore.DebugLevel)
	h.logs = logs
	logger := zap.New(zapcore.NewTee(zaptest.NewLogger(h.t).Core(), core))
	if h.quiet {
		logger = zap.NewNop()
	}
	o := Options{Config: h.config(), Logger: logger, Listener: ln, AdminListener: adminLn, Consumer: "e2e", ClaimIdle: claimIdle, Mailer: h.mailer, NotifyScan: h.notifyScan}
	if h.clock != nil {
		o.Now, o.Sleep = h.clock.Now, h.clock.Sleep
	}
	a, err := New(o)
	if err != nil {
		h.t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	h.app, h.cancel, h.done = a, cancel, make(chan error, 1)
	go func() { h.done <- a.Run(ctx) }()
	h.baseURL = "http://" + ln.Addr().String()
	h.adminURL = "http://" + adminLn.Addr().String()
	h.t.Cleanup(h.stop)
	h.waitReady()
}

func (h *harness) waitReady() {
	h.t.Helper()
	h.eventually("the daemon to answer /healthz", func() bool {
		resp, err := http.Get(h.baseURL + "/healthz")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == 200
	})
}

func (h *harness) stop() {
	if h.cancel == nil {
		return
	}
	h.cancel()
	select {
	case err := <-h.done:
		if err != nil {
			h.t.Errorf("daemon stopped with %v", err)
		}
	case <-time.After(ShutdownTimeout + 5*time.Second):
		h.t.Error("daemon did not stop")
	}
	h.cancel = nil
}

// store is a store on the test's own Redis connection: usable while the
// daemon is stopped.
func (h *harness) store() *store.Store {
	h.t.Helper()
	st, err := store.New(store.Options{Client: h.rdb, Prefix: "e2e:"})
	if err != nil {
		h.t.Fatal(err)
	}
	return st
}

// settle waits until the daemon's start-up calls (token check, first
// poll) have reached the emulator.
func (h *harness) settle() {
	h.t.Helper()
	h.eventually("the start-up Graph calls", func() bool {
		var me, posts bool
		for _, r := range h.emu.Requests() {
			me = me || strings.HasSuffix(r.Path, "/me")
			posts = posts || strings.HasSuffix(r.Path, "/published_posts")
		}
		return me && posts
	})
}

func (h *harness) comment(text string) graphemu.Comment {
	h.t.Helper()
	return h.commentOn(h.post, text)
}

func (h *harness) commentOn(p graphemu.Post, text string) graphemu.Comment {
	h.t.Helper()
	c, err := h.emu.AddComment(p.ID, graphemu.NewComment{FromID: "7000001", FromName: "Jean Habitant", Message: text, CreatedTime: h.now()})
	if err != nil {
		h.t.Fatal(err)
	}
	return c
}

func (h *harness) webhook(commentID string) int {
	h.t.Helper()
	payload, err := h.emu.CommentWebhook(commentID, graphemu.VerbAdd)
	if err != nil {
		h.t.Fatal(err)
	}
	status, err := h.emu.SendWebhook(context.Background(), h.baseURL+"/webhooks/meta", payload)
	if err != nil {
		h.t.Fatal(err)
	}
	return status
}

// post sends a raw request to the webhook endpoint.
func (h *harness) rawWebhook(body []byte, signature string) int {
	h.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, h.baseURL+"/webhooks/meta", strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	if signature != "" {
		req.Header.Set("X-Hub-Signature-256", signature)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// get asks the private listener for /metrics and /readyz (their details
// are not public), the public one for the rest.
func (h *harness) get(path string) (int, string) {
	h.t.Helper()
	if path == "/metrics" || path == "/readyz" {
		return h.getFrom(h.adminURL, path)
	}
	return h.getFrom(h.baseURL, path)
}

func (h *harness) getFrom(base, path string) (int, string) {
	h.t.Helper()
	resp, err := http.Get(base + path)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// waitState waits until the comment's item reaches state.
func (h *harness) waitState(commentID string, state store.State) store.Item {
	h.t.Helper()
	var it store.Item
	h.eventually(fmt.Sprintf("comment %s to be %s", commentID, state), func() bool {
		var ok bool
		var err error
		it, ok, err = h.store().Item(context.Background(), commentID)
		return err == nil && ok && it.State == state
	})
	return it
}

// logged reports whether any log entry, message or field, contains s.
func (h *harness) logged(s string) bool {
	for _, e := range h.logs.All() {
		if strings.Contains(e.Message, s) {
			return true
		}
		for k, v := range e.ContextMap() {
			if strings.Contains(k, s) || strings.Contains(fmt.Sprint(v), s) {
				return true
			}
		}
	}
	return false
}

func (h *harness) hideCalls(commentID string) int {
	n := 0
	for _, a := range h.emu.Actions() {
		if a.Kind == "hide" && a.CommentID == commentID {
			n++
		}
	}
	return n
}

func (h *harness) inboxLength() int64 {
	h.t.Helper()
	info, err := h.store().Inbox(context.Background())
	if err != nil {
		h.t.Fatal(err)
	}
	return info.Length
}

// eventually polls cond for up to 20 s. It waits for asynchronous work; it
// asserts nothing about speed.
func (h *harness) eventually(what string, cond func() bool) {
	h.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			h.t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// byToken sends each Graph request to the emulator of the Page whose token
// it carries, as Meta serves each Page token its own Page.
type byToken map[string]*graphemu.Server

func (b byToken) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	r.Body.Close()
	tok := r.URL.Query().Get("access_token")
	if tok == "" {
		if form, err := url.ParseQuery(string(body)); err == nil {
			tok = form.Get("access_token")
		}
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	if s := b[tok]; s != nil {
		s.ServeHTTP(w, r)
		return
	}
	for _, s := range b { // an unknown token: any emulator refuses it
		s.ServeHTTP(w, r)
		return
	}
}
