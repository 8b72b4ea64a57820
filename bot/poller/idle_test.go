package poller_test

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"go.uber.org/zap"

	"github.com/vigie-fr/vigie/bot/graph"
	"github.com/vigie-fr/vigie/bot/graphemu"
	"github.com/vigie-fr/vigie/bot/poller"
)

// An idle poll over a window holding 10,000 comments costs one Graph call
// for the Page (issue 9: 611 calls, the whole 7-day window walked each
// time). The first poll, with no cursor, reads the whole window.
func TestIdlePollIsOneCall(t *testing.T) {
	e := newEnv(t)
	const page = "1000"
	emu := graphemu.New(graphemu.Options{PageID: page, AccessToken: "tok", Now: func() time.Time { return e.now }})
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	client, err := graph.New(graph.Options{BaseURL: srv.URL, AccessToken: "tok", Now: func() time.Time { return e.now }})
	if err != nil {
		t.Fatal(err)
	}
	start := e.now.Add(-3 * 24 * time.Hour)
	var oldest graphemu.Post
	for i := range 20 {
		var cs []graphemu.NewComment
		for j := range 500 {
			cs = append(cs, graphemu.NewComment{FromID: "42", FromName: "Jean", Message: "Avis",
				CreatedTime: start.Add(time.Duration(i*500+j) * 10 * time.Second)})
		}
		p, _ := emu.AddPostWithComments(graphemu.NewPost{Message: "Post", CreatedTime: start.Add(-time.Hour)}, cs...)
		if i == 0 {
			oldest = p
		}
	}
	p, err := poller.New(poller.Options{Source: client, Store: e.store, PageIDs: []string{page}, Logger: zap.NewNop(), Metrics: e.reg,
		Now: func() time.Time { return e.now }})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := p.PollOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if got := e.reg.Counter("vigie_poll_comments_total", "", "result").With("new").Value(); got != 10_000 {
		t.Fatalf("first poll enqueued %v comments, want the 10,000 of the window", got)
	}
	first := emu.RequestCount()

	e.now = e.now.Add(2 * time.Minute)
	emu.ClearLog()
	if err := p.PollOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if n := emu.RequestCount(); n != 1 {
		t.Errorf("idle poll: %d Graph calls, want 1 (first poll: %d)", n, first)
	}

	// A new comment on the oldest post is still found, in that one call.
	e.now = e.now.Add(2 * time.Minute)
	if _, err := emu.AddComment(oldest.ID, graphemu.NewComment{FromID: "43", FromName: "Anne", Message: "Nouveau", CreatedTime: e.now.Add(-time.Minute)}); err != nil {
		t.Fatal(err)
	}
	emu.ClearLog()
	if err := p.PollOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if got := e.reg.Counter("vigie_poll_comments_total", "", "result").With("new").Value(); got != 10_001 || emu.RequestCount() != 1 {
		t.Errorf("new comment on an old post: new %v, %d calls", got, emu.RequestCount())
	}
}
