package graph_test

import (
	"slices"
	"testing"
	"time"

	"github.com/vigie-fr/vigie/bot/graph"
	"github.com/vigie-fr/vigie/bot/graphemu"
)

// Instagram on the emulator: listing media with comments and replies
// since a time, hiding with hide=true, reading hidden, replying through
// /replies, deleting, and reading a media as a post.
func TestInstagram(t *testing.T) {
	h := newHarness(t, nil)
	ctx := ctxT(t)
	ig := h.emu.InstagramID()
	now := h.clk.Now()
	old := h.emu.AddMedia(graphemu.NewMedia{Caption: "Ancienne publication", Timestamp: now.Add(-30 * 24 * time.Hour)})
	m := h.emu.AddMedia(graphemu.NewMedia{Caption: "Marché de Noël", Timestamp: now.Add(-2 * time.Hour)})
	if _, err := h.emu.AddIGComment(old.ID, graphemu.NewIGComment{FromID: "1", Username: "a", Text: "trop vieux", Timestamp: now.Add(-29 * 24 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	before, _ := h.emu.AddIGComment(m.ID, graphemu.NewIGComment{FromID: "2", Username: "b", Text: "avant le curseur", Timestamp: now.Add(-90 * time.Minute)})
	c, _ := h.emu.AddIGComment(m.ID, graphemu.NewIGComment{FromID: "9007199254740993", Username: "elise", Text: "Super idée", Timestamp: now.Add(-10 * time.Minute)})
	r, _ := h.emu.AddIGReply(before.ID, graphemu.NewIGComment{FromID: "3", Username: "jean", Text: "Réponse tardive", Timestamp: now.Add(-5 * time.Minute)})

	posts, comments, err := h.client.InstagramComments(ctx, ig, now.Add(-7*24*time.Hour), now.Add(-time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(posts) != 1 || posts[0].ID != m.ID || posts[0].Message != "Marché de Noël" {
		t.Errorf("posts %+v, want the recent media only", posts)
	}
	var ids []string
	for _, cm := range comments {
		ids = append(ids, cm.ID)
		if cm.PostID != m.ID {
			t.Errorf("comment %s post %q", cm.ID, cm.PostID)
		}
	}
	slices.Sort(ids)
	want := []string{c.ID, r.ID}
	slices.Sort(want)
	if !slices.Equal(ids, want) {
		t.Fatalf("comments %v, want %v (a new reply under an old comment included)", ids, want)
	}
	for _, cm := range comments {
		switch cm.ID {
		case r.ID:
			if cm.ParentID != before.ID || cm.FromName != "jean" {
				t.Errorf("reply %+v", cm)
			}
		case c.ID:
			if cm.ParentID != m.ID || cm.FromID != "9007199254740993" || cm.Message != "Super idée" {
				t.Errorf("comment %+v", cm)
			}
		}
	}

	actx := graph.WithPlatform(graph.WithAccount(ctx, ig), graph.Instagram)
	if err := h.client.Hide(actx, c.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := h.emu.IGComment(c.ID); !got.Hidden {
		t.Error("not hidden on the emulator")
	}
	if hidden, err := h.client.IsHidden(actx, c.ID); err != nil || !hidden {
		t.Errorf("IsHidden = %v, %v", hidden, err)
	}
	if err := h.client.Unhide(actx, c.ID); err != nil {
		t.Fatal(err)
	}
	id, err := h.client.Reply(actx, c.ID, "Merci !")
	if err != nil {
		t.Fatal(err)
	}
	if got, ok := h.emu.IGComment(id); !ok || got.ParentID != c.ID || got.FromID != ig {
		t.Errorf("reply %+v", got)
	}
	p, err := h.client.Post(actx, m.ID)
	if err != nil || p.Message != "Marché de Noël" || p.PermalinkURL == "" {
		t.Errorf("Post = %+v, %v", p, err)
	}
	if err := h.client.Delete(actx, r.ID); err != nil {
		t.Fatal(err)
	}
	if err := h.client.Hide(actx, r.ID); err != nil {
		t.Errorf("hiding a deleted comment: %v, want done", err)
	}
	var hideParam bool
	for _, q := range h.emu.Requests() {
		if q.Params.Get("hide") == "true" {
			hideParam = true
		}
		if q.Params.Has("is_hidden") {
			t.Errorf("an Instagram call used is_hidden: %s", q.Path)
		}
	}
	if !hideParam {
		t.Error("no hide=true request")
	}
}
