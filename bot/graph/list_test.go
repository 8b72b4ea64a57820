package graph_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/vigie-fr/vigie/bot/graph"
	"github.com/vigie-fr/vigie/bot/graphemu"
)

func TestCommentsPagingRepliesAndSince(t *testing.T) {
	h := newHarness(t, nil)
	p, stored := h.addThread(t, 180) // 180 comments + 60 replies: 3 pages of 100
	ctx := ctxT(t)

	got, err := h.client.Comments(ctx, p.ID, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(stored) {
		t.Fatalf("got %d comments, want %d", len(got), len(stored))
	}
	if n := h.emu.RequestCount(); n != 3 {
		t.Errorf("%d requests, want 3 pages", n)
	}
	byID := map[string]graph.Comment{}
	for i, c := range got {
		byID[c.ID] = c
		if i > 0 && c.CreatedTime.After(got[i-1].CreatedTime) {
			t.Fatalf("not newest first at %d", i)
		}
	}
	for _, s := range stored {
		c, ok := byID[s.ID]
		if !ok {
			t.Fatalf("comment %s missing", s.ID)
		}
		if c.PostID != p.ID || c.ParentID != s.ParentID || c.FromID != s.FromID || c.FromName != s.FromName ||
			c.Message != s.Message || !c.CreatedTime.Equal(s.CreatedTime) || c.PermalinkURL != s.PermalinkURL {
			t.Fatalf("comment %s: got %+v, stored %+v", s.ID, c, s)
		}
	}
	// The emulator saw filter=stream, reverse order and the fields we need.
	req := h.emu.Requests()[0]
	if req.Params.Get("filter") != "stream" || req.Params.Get("order") != "reverse_chronological" || req.Params.Get("fields") == "" {
		t.Errorf("first request params %v", req.Params)
	}

	t.Run("since stops paging", func(t *testing.T) {
		h.emu.ClearLog()
		since := stored[len(stored)-20].CreatedTime
		got, err := h.client.Comments(ctx, p.ID, since)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 20 {
			t.Errorf("got %d comments since %s, want 20", len(got), since)
		}
		for _, c := range got {
			if c.CreatedTime.Before(since) {
				t.Errorf("comment %s older than since", c.ID)
			}
		}
		if n := h.emu.RequestCount(); n != 1 {
			t.Errorf("%d requests, want 1: the first page already reaches since", n)
		}
	})
}

func TestHiddenAndAnonymousCommentsListed(t *testing.T) {
	h := newHarness(t, nil)
	p, stored := h.addThread(t, 2)
	ctx := ctxT(t)
	if err := h.client.Hide(ctx, stored[0].ID); err != nil {
		t.Fatal(err)
	}
	anonymous, err := h.emu.AddComment(p.ID, graphemu.NewComment{Message: "sans auteur"})
	if err != nil {
		t.Fatal(err)
	}
	got, err := h.client.Comments(ctx, p.ID, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(stored)+1 {
		t.Fatalf("got %d comments", len(got))
	}
	for _, c := range got {
		if c.IsHidden != (c.ID == stored[0].ID) {
			t.Errorf("comment %s IsHidden %v", c.ID, c.IsHidden)
		}
		if c.ID == anonymous.ID && (c.FromID != "" || c.FromName != "" || c.Message != "sans auteur") {
			t.Errorf("comment without author: %+v", c)
		}
	}
}

func TestPagePosts(t *testing.T) {
	h := newHarness(t, nil)
	var posts []graphemu.Post
	for range 130 {
		h.clk.Advance(time.Hour)
		posts = append(posts, h.emu.AddPost(graphemu.NewPost{Message: "Info"}))
	}
	h.emu.AddPost(graphemu.NewPost{Message: "visitor", FromID: "77"})
	ctx := ctxT(t)
	got, err := h.client.PagePosts(ctx, h.emu.PageID(), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 130 || got[0].ID != posts[129].ID || got[129].ID != posts[0].ID {
		t.Fatalf("got %d posts, first %v", len(got), got[0])
	}
	if got[0].PermalinkURL == "" || !got[0].CreatedTime.Equal(posts[129].CreatedTime) {
		t.Errorf("post %+v", got[0])
	}
	if n := h.emu.RequestCount(); n != 2 {
		t.Errorf("%d requests, want 2 pages", n)
	}
	got, err = h.client.PagePosts(ctx, h.emu.PageID(), posts[120].CreatedTime)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 10 {
		t.Errorf("since: %d posts, want 10", len(got))
	}
}

func TestPostsWithComments(t *testing.T) {
	h := newHarness(t, nil)
	old := h.emu.AddPost(graphemu.NewPost{Message: "ancien"})
	if _, err := h.emu.AddComment(old.ID, graphemu.NewComment{FromID: "1", Message: "vieux"}); err != nil {
		t.Fatal(err)
	}
	h.clk.Advance(24 * time.Hour)
	since := h.clk.Now()
	for range 29 {
		h.clk.Advance(time.Hour)
		p := h.emu.AddPost(graphemu.NewPost{Message: "récent"})
		if _, err := h.emu.AddComment(p.ID, graphemu.NewComment{FromID: "1", Message: "un"}); err != nil {
			t.Fatal(err)
		}
	}
	h.clk.Advance(time.Hour)
	big, stored := h.addThread(t, 120) // 160 with replies: nested page of 100, then one more page
	ctx := ctxT(t)

	posts, comments, err := h.client.PostsWithComments(ctx, h.emu.PageID(), since)
	if err != nil {
		t.Fatal(err)
	}
	if len(posts) != 30 || posts[0].ID != big.ID {
		t.Fatalf("got %d posts (first %s), want 30 starting with %s", len(posts), posts[0].ID, big.ID)
	}
	if want := 29 + len(stored); len(comments) != want {
		t.Fatalf("got %d comments, want %d", len(comments), want)
	}
	var ofBig, replies int
	for _, c := range comments {
		if c.PostID == big.ID {
			ofBig++
		}
		if c.ParentID != c.PostID {
			replies++
		}
		if c.Message == "vieux" {
			t.Error("comment of a post older than since listed")
		}
	}
	if ofBig != len(stored) || replies != 40 {
		t.Errorf("comments of the big post %d (want %d), replies %d (want 40)", ofBig, len(stored), replies)
	}
	// Two pages of posts (25 + 5) and one extra page for the big thread.
	if n := h.emu.RequestCount(); n != 3 {
		t.Errorf("%d requests, want 3", n)
	}
}

func TestPagingLinkToAnotherHostRefused(t *testing.T) {
	var hits int
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits++ }))
	defer evil.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"data":[{"id":"1_2","message":"x","created_time":"2026-11-22T10:00:00+0000"}],"paging":{"next":"` + evil.URL + `/v25.0/1/comments?after=x"}}`))
	}))
	defer srv.Close()
	c, err := graph.New(graph.Options{BaseURL: srv.URL + "/", AccessToken: testToken})
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.Comments(ctxT(t), "1", time.Time{})
	if graph.ClassOf(err) != graph.ClassInvalid || len(got) != 1 {
		t.Fatalf("got %d comments, err %v", len(got), err)
	}
	if hits != 0 {
		t.Error("the client called a host other than the configured one")
	}
}
