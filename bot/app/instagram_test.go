package app

import (
	"context"
	"testing"
	"time"

	"github.com/vigie-fr/vigie/bot/graphemu"
	"github.com/vigie-fr/vigie/bot/store"
)

func (h *harness) igComment(m graphemu.Media, text string) graphemu.IGComment {
	h.t.Helper()
	c, err := h.emu.AddIGComment(m.ID, graphemu.NewIGComment{FromID: "6000001", Username: "jean.habitant", Text: text, Timestamp: h.now()})
	if err != nil {
		h.t.Fatal(err)
	}
	return c
}

func (h *harness) igWebhook(commentID, field string, legacyID bool) {
	h.t.Helper()
	payload, err := h.emu.InstagramWebhook(commentID, field, legacyID)
	if err != nil {
		h.t.Fatal(err)
	}
	status, err := h.emu.SendWebhook(context.Background(), h.baseURL+"/webhooks/meta", payload)
	if err != nil || status != 200 {
		h.t.Fatalf("instagram webhook: status %d, %v", status, err)
	}
}

// An Instagram comment arriving by poll and by both webhook shapes is
// hidden once (hide=true on the emulator), recorded as an Instagram item;
// a reply arriving by webhook and one arriving by poll are judged; the
// account's own comment is skipped.
func TestInstagramCommentHiddenOnce(t *testing.T) {
	h := newHarness(t, withInstagram())
	h.start(0)
	h.settle()
	ctx := context.Background()
	media := h.emu.AddMedia(graphemu.NewMedia{Caption: "Marché de Noël samedi sur la place.", Timestamp: h.now().Add(-time.Hour)})
	c := h.igComment(media, "Encore une idée de tocard")

	if err := h.app.PollOnce(ctx); err != nil {
		t.Fatal(err)
	}
	h.igWebhook(c.ID, "comments", false)
	h.igWebhook(c.ID, "comments", true) // comment_id instead of id
	it := h.waitState(c.ID, store.StateHidden)
	if it.Platform != store.PlatformInstagram || it.PageID != h.emu.InstagramID() || it.PostID != media.ID {
		t.Errorf("item platform %q account %q media %q", it.Platform, it.PageID, it.PostID)
	}
	if got, _ := h.emu.IGComment(c.ID); !got.Hidden {
		t.Error("the emulator does not show the Instagram comment hidden")
	}
	var hideParam bool
	for _, r := range h.emu.Requests() {
		if r.Method == "POST" && r.Params.Get("hide") == "true" {
			hideParam = true
		}
	}
	if !hideParam {
		t.Error("no hide=true call reached the emulator")
	}

	// A reply by webhook (live_comments shape) and one only the poll sees.
	r1, err := h.emu.AddIGReply(c.ID, graphemu.NewIGComment{FromID: "6000002", Username: "marie.voisine", Text: "Quel tocard ce commentateur", Timestamp: h.now()})
	if err != nil {
		t.Fatal(err)
	}
	h.igWebhook(r1.ID, "live_comments", false)
	rit := h.waitState(r1.ID, store.StateHidden)
	if rit.ParentID != c.ID || rit.Platform != store.PlatformInstagram {
		t.Errorf("reply parent %q platform %q", rit.ParentID, rit.Platform)
	}
	r2, err := h.emu.AddIGReply(c.ID, graphemu.NewIGComment{FromID: "6000003", Username: "paul", Text: "Tocard toi-même", Timestamp: h.now()})
	if err != nil {
		t.Fatal(err)
	}
	own, err := h.emu.AddIGReply(c.ID, graphemu.NewIGComment{FromID: h.emu.InstagramID(), Username: "mairie.test", Text: "Merci de rester courtois, tocard ou pas.", Timestamp: h.now()})
	if err != nil {
		t.Fatal(err)
	}
	h.igWebhook(own.ID, "comments", false)
	if err := h.app.PollOnce(ctx); err != nil {
		t.Fatal(err)
	}
	h.waitState(r2.ID, store.StateHidden)

	time.Sleep(200 * time.Millisecond) // any second hide would have been sent by now
	for _, id := range []string{c.ID, r1.ID, r2.ID} {
		if n := h.hideCalls(id); n != 1 {
			t.Errorf("comment %s: %d hide calls, want 1", id, n)
		}
	}
	if _, ok, _ := h.store().Item(ctx, own.ID); ok {
		t.Error("the account's own comment was judged")
	}
}
