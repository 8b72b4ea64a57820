package graph_test

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/vigie-fr/vigie/bot/graph"
	"github.com/vigie-fr/vigie/bot/graphemu"
)

// Two Pages, two tokens, one emulated Graph API: the router sends each
// account's calls with its own token (the emulator refuses the other
// Page's), and a token used on the wrong Page is refused as Meta refuses
// it: a permission error for a read, nothing done for an action.
func TestRouterUsesEachPagesToken(t *testing.T) {
	const tokA, tokB = "EAAG-token-page-A", "EAAG-token-page-B"
	a := graphemu.New(graphemu.Options{PageID: "104500000000101", AccessToken: tokA, AppSecret: testSecret, NoInstagram: true})
	b := graphemu.New(graphemu.Options{PageID: "104500000000202", AccessToken: tokB, AppSecret: testSecret,
		InstagramID: "17841400000000202", IDOffset: 1_000_000_000})
	g, err := graphemu.NewGroup(a, b)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(g)
	t.Cleanup(srv.Close)
	client := func(tok string) *graph.Client {
		c, err := graph.New(graph.Options{BaseURL: srv.URL, AccessToken: tok, AppSecret: testSecret, MaxAttempts: 1})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	ca, cb := client(tokA), client(tokB)
	r := graph.NewRouter(ca, map[string]*graph.Client{a.PageID(): ca, b.PageID(): cb, b.InstagramID(): cb})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	pa, _ := a.AddPostWithComments(graphemu.NewPost{Message: "A"}, graphemu.NewComment{FromID: "1", FromName: "Jean", Message: "a"})
	_, cbs := b.AddPostWithComments(graphemu.NewPost{Message: "B"}, graphemu.NewComment{FromID: "2", FromName: "Paul", Message: "b"})
	m := b.AddMedia(graphemu.NewMedia{Caption: "photo"})
	igc, _ := b.AddIGComment(m.ID, graphemu.NewIGComment{FromID: "3", Username: "elise", Text: "c"})

	since := time.Now().Add(-time.Hour)
	for _, page := range []string{a.PageID(), b.PageID()} {
		if _, cs, err := r.RecentComments(ctx, page, since, since); err != nil || len(cs) != 1 {
			t.Errorf("page %s through the router: %d comments, %v", page, len(cs), err)
		}
	}
	if _, cs, err := r.InstagramComments(ctx, b.InstagramID(), since, since); err != nil || len(cs) != 1 {
		t.Errorf("instagram through the router: %d comments, %v", len(cs), err)
	}
	if err := r.Hide(graph.WithAccount(ctx, b.PageID()), cbs[0].ID); err != nil {
		t.Fatal(err)
	}
	if err := r.Hide(graph.WithPlatform(graph.WithAccount(ctx, b.InstagramID()), graph.Instagram), igc.ID); err != nil {
		t.Fatal(err)
	}
	if c, _ := b.Comment(cbs[0].ID); !c.Hidden {
		t.Error("B's comment not hidden with B's token")
	}
	if c, _ := b.IGComment(igc.ID); !c.Hidden {
		t.Error("B's Instagram comment not hidden with B's token")
	}

	// A's token on B.
	if _, _, err := ca.RecentComments(graph.WithAccount(ctx, b.PageID()), b.PageID(), since, since); graph.ClassOf(err) != graph.ClassPermission {
		t.Errorf("listing B with A's token: %v, want a permission error", err)
	}
	if _, err := ca.IsHidden(ctx, cbs[0].ID); graph.ClassOf(err) != graph.ClassPermission {
		t.Errorf("reading B's comment with A's token: %v, want a permission error", err)
	}
	_ = ca.Unhide(ctx, cbs[0].ID)
	if c, _ := b.Comment(cbs[0].ID); !c.Hidden {
		t.Error("A's token unhid B's comment")
	}
	if err := ca.Unhide(ctx, cbs[0].ID); graph.ClassOf(err) != graph.ClassNotFound {
		t.Errorf("unhiding B's comment with A's token: %v, want not found", err)
	}
	if _, err := ca.Post(ctx, pa.ID); err != nil {
		t.Errorf("A's own post with A's token: %v", err)
	}
}
