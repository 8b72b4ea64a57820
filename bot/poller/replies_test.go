package poller_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"testing"
	"time"

	"go.uber.org/zap"

	"github.com/vigie-fr/vigie/bot/graph"
	"github.com/vigie-fr/vigie/bot/graphemu"
	"github.com/vigie-fr/vigie/bot/poller"
)

// Replies on the third page of a comment's replies are polled, on
// Facebook and on Instagram, with each Page's token and budget: while one
// Page is throttled its cursor stays and the other's replies are still
// enqueued; once the pause is over, the throttled Page's are too, and a
// new reply under an old comment (on the last page) is found later.
func TestPollRepliesBeyondTheFirstPage(t *testing.T) {
	e := newEnv(t)
	now := func() time.Time { return e.now }
	const pageA, pageB, igB = "104500000000101", "104500000000202", "17841400000000202"
	a := graphemu.New(graphemu.Options{PageID: pageA, AccessToken: "tokA", Now: now, NoInstagram: true, MaxPageSize: 2})
	b := graphemu.New(graphemu.Options{PageID: pageB, AccessToken: "tokB", Now: now, InstagramID: igB, IDOffset: 1_000_000_000, MaxPageSize: 2})
	g, err := graphemu.NewGroup(a, b)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(g)
	t.Cleanup(srv.Close)
	client := func(tok string) *graph.Client {
		c, err := graph.New(graph.Options{BaseURL: srv.URL, AccessToken: tok, Now: now, Metrics: e.reg})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	ca, cb := client("tokA"), client("tokB")
	router := graph.NewRouter(ca, map[string]*graph.Client{pageA: ca, pageB: cb, igB: cb})

	// A's thread: Facebook lists newest first, so the oldest reply is on
	// the third page. B's Instagram thread: oldest first, so the newest.
	post := a.AddPost(graphemu.NewPost{Message: "Conseil municipal", CreatedTime: e.now.Add(-2 * time.Hour)})
	top, _ := a.AddComment(post.ID, graphemu.NewComment{FromID: "1", FromName: "Anne", Message: "À quelle heure ?", CreatedTime: e.now.Add(-time.Hour)})
	var fbReplies []string
	for i := range 5 {
		r, err := a.AddReply(top.ID, graphemu.NewComment{FromID: fmt.Sprint(10 + i), FromName: "Voisin", Message: fmt.Sprintf("réponse %d", i+1),
			CreatedTime: e.now.Add(-50*time.Minute + time.Duration(i)*time.Minute)})
		if err != nil {
			t.Fatal(err)
		}
		fbReplies = append(fbReplies, r.ID)
	}
	media := b.AddMedia(graphemu.NewMedia{Caption: "Marché", Timestamp: e.now.Add(-2 * time.Hour)})
	igTop, _ := b.AddIGComment(media.ID, graphemu.NewIGComment{FromID: "2", Username: "elise", Text: "Quand ?", Timestamp: e.now.Add(-time.Hour)})
	var igReplies []string
	for i := range 5 {
		r, err := b.AddIGReply(igTop.ID, graphemu.NewIGComment{FromID: fmt.Sprint(20 + i), Username: "voisin", Text: fmt.Sprintf("réponse %d", i+1),
			Timestamp: e.now.Add(-50*time.Minute + time.Duration(i)*time.Minute)})
		if err != nil {
			t.Fatal(err)
		}
		igReplies = append(igReplies, r.ID)
	}

	p, err := poller.New(poller.Options{Source: router, Store: e.store, PageIDs: []string{pageA, pageB}, InstagramIDs: []string{igB},
		Logger: zap.NewNop(), Metrics: e.reg, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	a.SetThrottle(graphemu.Throttle{Until: e.now.Add(10 * time.Minute)})
	if err := p.PollOnce(ctx); graph.ClassOf(err) != graph.ClassThrottled {
		t.Fatalf("poll with page A throttled: %v, want a throttling error", err)
	}
	byID := map[string]string{} // comment id -> parent id
	for _, ev := range e.inbox() {
		byID[ev.CommentID] = ev.ParentID
	}
	if len(byID) != 6 || byID[igTop.ID] != media.ID {
		t.Fatalf("while A is throttled: %d events %v, want B's Instagram comment and its 5 replies", len(byID), byID)
	}
	for _, id := range igReplies {
		if byID[id] != igTop.ID {
			t.Errorf("instagram reply %s: parent %q, want %s", id, byID[id], igTop.ID)
		}
	}
	if !e.cursor(pageA).IsZero() {
		t.Errorf("throttled page A's cursor moved to %s", e.cursor(pageA))
	}
	sentA := a.RequestCount()

	// During the pause, A is not called at all; after it, A's replies come.
	e.now = e.now.Add(5 * time.Minute)
	if err := p.PollOnce(ctx); graph.ClassOf(err) != graph.ClassThrottled {
		t.Fatalf("second poll during the pause: %v", err)
	}
	if n := a.RequestCount(); n != sentA {
		t.Errorf("%d calls reached throttled page A during its pause", n-sentA)
	}
	e.now = e.now.Add(6 * time.Minute)
	if err := p.PollOnce(ctx); err != nil {
		t.Fatalf("poll after the pause: %v", err)
	}
	for _, ev := range e.inbox() {
		byID[ev.CommentID] = ev.ParentID
	}
	for _, id := range fbReplies {
		if byID[id] != top.ID {
			t.Errorf("facebook reply %s: parent %q, want %s (oldest reply: third page)", id, byID[id], top.ID)
		}
	}

	// A new reply under B's old comment lands on the last page.
	e.now = e.now.Add(2 * time.Minute)
	late, _ := b.AddIGReply(igTop.ID, graphemu.NewIGComment{FromID: "30", Username: "tardif", Text: "réponse tardive", Timestamp: e.now.Add(-time.Minute)})
	if err := p.PollOnce(ctx); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, ev := range e.inbox() {
		if ev.CommentID == late.ID && ev.ParentID == igTop.ID && ev.PageID == igB {
			found = true
		}
	}
	if !found {
		t.Error("the late reply on the last replies page was not enqueued")
	}
}
