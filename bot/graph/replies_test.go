package graph_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vigie-fr/vigie/bot/graph"
	"github.com/vigie-fr/vigie/bot/graphemu"
)

// An Instagram comment's expanded replies carry paging.next past their
// first page: the client follows it to the last page (where a new reply
// under an old comment lands), through the governor, so throttling on a
// replies page stops the listing and keeps later calls away from Meta
// until the pause ends, and nothing is lost once it does.
func TestInstagramRepliesBeyondTheFirstPage(t *testing.T) {
	h := newHarness(t, nil)
	h.emu.SetMaxPageSize(2)
	ctx := ctxT(t)
	ig := h.emu.InstagramID()
	now := h.clk.Now()
	m := h.emu.AddMedia(graphemu.NewMedia{Caption: "Marché de Noël", Timestamp: now.Add(-3 * time.Hour)})
	top, err := h.emu.AddIGComment(m.ID, graphemu.NewIGComment{FromID: "1", Username: "elise", Text: "Quel marché ?", Timestamp: now.Add(-2 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	var replies []string
	for i := range 7 {
		r, err := h.emu.AddIGReply(top.ID, graphemu.NewIGComment{FromID: fmt.Sprint(10 + i), Username: fmt.Sprintf("voisin%d", i),
			Text: fmt.Sprintf("réponse %d", i+1), Timestamp: now.Add(-time.Hour + time.Duration(i)*time.Minute)})
		if err != nil {
			t.Fatal(err)
		}
		replies = append(replies, r.ID)
	}

	// media (1) + comments with the first 2 replies (2), then the replies'
	// pages 2, 3 and 4 (3, 4, 5): the 4th request, page 3, is throttled.
	h.emu.PassNext(3)
	h.emu.FailNextWith(1, graphemu.APIError{Code: 80002, Message: "(#80002) There have been too many calls to this Instagram account.", IsTransient: true})
	_, _, err = h.client.InstagramComments(ctx, ig, now.Add(-7*24*time.Hour), time.Time{})
	var ge *graph.Error
	if !errors.As(err, &ge) || ge.Class != graph.ClassThrottled || ge.RetryAfter <= 0 {
		t.Fatalf("throttled on replies page 3: got %v, want a throttling error with a pause", err)
	}
	if !strings.Contains(ge.Op, "replies of instagram comment "+top.ID) {
		t.Errorf("error op %q does not name the replies listing", ge.Op)
	}
	sent := h.emu.RequestCount()
	if sent != 4 {
		t.Errorf("%d requests before the throttling answer, want 4", sent)
	}
	if _, _, err := h.client.InstagramComments(ctx, ig, now.Add(-7*24*time.Hour), time.Time{}); graph.ClassOf(err) != graph.ClassThrottled {
		t.Fatalf("during the pause: %v, want throttled", err)
	}
	if n := h.emu.RequestCount(); n != sent {
		t.Fatalf("%d requests reached Meta during the pause", n-sent)
	}

	h.clk.Advance(ge.RetryAfter)
	h.emu.ClearLog()
	_, comments, err := h.client.InstagramComments(ctx, ig, now.Add(-7*24*time.Hour), time.Time{})
	if err != nil {
		t.Fatalf("after the pause: %v", err)
	}
	var got []string
	for _, c := range comments {
		if c.ID == top.ID {
			continue
		}
		got = append(got, c.ID)
		if c.ParentID != top.ID || c.PostID != m.ID || c.PermalinkURL != m.Permalink {
			t.Errorf("reply %+v: want parent %s, media %s and its permalink", c, top.ID, m.ID)
		}
	}
	slices.Sort(got)
	want := slices.Clone(replies)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("replies %v, want all 7 %v", got, want)
	}
	var follows int
	for _, q := range h.emu.Requests() {
		if strings.HasSuffix(q.Path, "/"+top.ID+"/replies") {
			follows++
			if q.Params.Get("after") == "" || !strings.Contains(q.Params.Get("fields"), "text") {
				t.Errorf("replies page request %v lacks its cursor or fields", q.Params)
			}
		}
	}
	if follows != 3 {
		t.Errorf("%d replies pages followed, want 3 (7 replies, 2 a page, the first expanded)", follows)
	}

	// Since the cursor: only the newest reply, still found on the last page.
	_, comments, err = h.client.InstagramComments(ctx, ig, now.Add(-7*24*time.Hour), now.Add(-time.Hour+6*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if len(comments) != 1 || comments[0].ID != replies[6] {
		t.Errorf("since the cursor: %+v, want only the last reply %s", comments, replies[6])
	}
}

// Facebook lists replies with their comments (filter=stream): a comment's
// replies spread over later pages of its post's listing are all read.
func TestFacebookRepliesBeyondTheFirstPage(t *testing.T) {
	h := newHarness(t, nil)
	h.emu.SetMaxPageSize(2)
	ctx := ctxT(t)
	p := h.emu.AddPost(graphemu.NewPost{Message: "Réunion publique"})
	h.clk.Advance(time.Minute)
	top, err := h.emu.AddComment(p.ID, graphemu.NewComment{FromID: "1", FromName: "Élise", Message: "Quelle heure ?"})
	if err != nil {
		t.Fatal(err)
	}
	var replies []string
	for i := range 7 {
		h.clk.Advance(time.Minute)
		r, err := h.emu.AddReply(top.ID, graphemu.NewComment{FromID: fmt.Sprint(10 + i), FromName: "Voisin", Message: fmt.Sprintf("réponse %d", i+1)})
		if err != nil {
			t.Fatal(err)
		}
		replies = append(replies, r.ID)
	}
	_, comments, err := h.client.RecentComments(ctx, h.emu.PageID(), h.clk.Now().Add(-time.Hour), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]graph.Comment{}
	for _, c := range comments {
		got[c.ID] = c
	}
	for i, id := range replies {
		c, ok := got[id]
		if !ok {
			t.Fatalf("reply %d (%s) missing: %d comments read", i+1, id, len(comments))
		}
		if c.ParentID != top.ID {
			t.Errorf("reply %s parent %q, want %s", id, c.ParentID, top.ID)
		}
	}
	if _, ok := got[top.ID]; !ok {
		t.Error("the comment itself is missing")
	}
	if n := h.emu.RequestCount(); n != 4 {
		t.Errorf("%d requests, want 4 (8 comments, 2 a page)", n)
	}
}
