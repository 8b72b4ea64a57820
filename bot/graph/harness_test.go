package graph_test

import (
	"context"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"github.com/vigie-fr/vigie/bot/fakeclock"
	"github.com/vigie-fr/vigie/bot/graph"
	"github.com/vigie-fr/vigie/bot/graphemu"
	"github.com/vigie-fr/vigie/bot/metrics"
)

const (
	testToken  = "EAAGvigieTestPageToken9f8e7d6c5b4a"
	testSecret = "app-secret-0123456789abcdef"
)

type harness struct {
	emu    *graphemu.Server
	srv    *httptest.Server
	client *graph.Client
	clk    *fakeclock.Clock
	logs   *observer.ObservedLogs
	logger *zap.Logger
	reg    *metrics.Registry

	mu     sync.Mutex
	alerts []graph.Alert
}

func (h *harness) Alerts() []graph.Alert {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]graph.Alert(nil), h.alerts...)
}

// newHarness starts an emulator (with an app secret, so appsecret_proof is
// checked on every call) and a client pointed at it.
func newHarness(t *testing.T, mod func(*graph.Options)) *harness {
	t.Helper()
	h := &harness{clk: fakeclock.New(time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)), reg: metrics.NewRegistry()}
	h.emu = graphemu.New(graphemu.Options{PageID: "104857600000001", PageName: "Mairie", AccessToken: testToken, AppSecret: testSecret, Now: h.clk.Now})
	h.srv = httptest.NewServer(h.emu)
	t.Cleanup(h.srv.Close)
	core, logs := observer.New(zapcore.DebugLevel)
	h.logs = logs
	h.logger = zap.New(core)
	opts := graph.Options{
		BaseURL:     h.srv.URL, // no trailing slash: New must add it
		AccessToken: testToken,
		AppSecret:   testSecret,
		Logger:      h.logger,
		Metrics:     h.reg,
		Now:         h.clk.Now,
		Sleep:       h.clk.Sleep,
		OnAlert: func(a graph.Alert) {
			h.mu.Lock()
			h.alerts = append(h.alerts, a)
			h.mu.Unlock()
		},
	}
	if mod != nil {
		mod(&opts)
	}
	c, err := graph.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	h.client = c
	return h
}

// addThread adds a post with n top-level comments a minute apart, and a
// reply under every third one.
func (h *harness) addThread(t *testing.T, n int) (graphemu.Post, []graphemu.Comment) {
	t.Helper()
	p := h.emu.AddPost(graphemu.NewPost{Message: "Réunion publique"})
	var all []graphemu.Comment
	for i := range n {
		h.clk.Advance(time.Minute)
		c, err := h.emu.AddComment(p.ID, graphemu.NewComment{FromID: "9007199254740993", FromName: "Élise Martin", Message: "Avis"})
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, c)
		if i%3 == 0 {
			h.clk.Advance(time.Second)
			r, err := h.emu.AddReply(c.ID, graphemu.NewComment{FromID: "2", FromName: "Jean", Message: "Réponse"})
			if err != nil {
				t.Fatal(err)
			}
			all = append(all, r)
		}
	}
	return p, all
}

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}
