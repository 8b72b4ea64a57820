package graph_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/vigie-fr/vigie/bot/graph"
	"github.com/vigie-fr/vigie/bot/graphemu"
)

func TestModerationActionsRecorded(t *testing.T) {
	h := newHarness(t, nil)
	_, stored := h.addThread(t, 3)
	ctx := ctxT(t)
	target := stored[0].ID

	if err := h.client.Hide(ctx, target); err != nil {
		t.Fatal(err)
	}
	if c, _ := h.emu.Comment(target); !c.Hidden {
		t.Error("not hidden")
	}
	if err := h.client.Hide(ctx, target); err != nil {
		t.Errorf("hiding twice: %v", err)
	}
	if err := h.client.Unhide(ctx, target); err != nil {
		t.Fatal(err)
	}
	replyID, err := h.client.Reply(ctx, target, "Bonjour, merci de respecter la charte de la page.")
	if err != nil {
		t.Fatal(err)
	}
	if r, ok := h.emu.Comment(replyID); !ok || r.ParentID != target || r.FromID != h.emu.PageID() {
		t.Errorf("reply %+v", r)
	}
	if err := h.client.Delete(ctx, target); err != nil {
		t.Fatal(err)
	}
	if c, _ := h.emu.Comment(target); !c.Deleted {
		t.Error("not deleted")
	}

	var got []string
	for _, a := range h.emu.Actions() {
		if a.CommentID != target {
			t.Errorf("action on %s, want %s", a.CommentID, target)
		}
		got = append(got, a.Kind)
	}
	if strings.Join(got, ",") != "hide,hide,unhide,reply,delete" {
		t.Errorf("actions %v", got)
	}

	t.Run("gone comment", func(t *testing.T) {
		if err := h.client.Delete(ctx, target); err != nil {
			t.Errorf("delete of a deleted comment: %v", err)
		}
		if err := h.client.Hide(ctx, target); err != nil {
			t.Errorf("hide of a deleted comment: %v", err)
		}
		if err := h.client.Unhide(ctx, target); graph.ClassOf(err) != graph.ClassNotFound {
			t.Errorf("unhide of a deleted comment: %v", err)
		}
		if err := h.client.Delete(ctx, "123_999"); err != nil {
			t.Errorf("delete of an unknown comment: %v", err)
		}
	})
	t.Run("page's own comment cannot be hidden", func(t *testing.T) {
		own, err := h.emu.AddComment(stored[1].PostID, graphemu.NewComment{FromID: h.emu.PageID(), FromName: "Mairie", Message: "Merci"})
		if err != nil {
			t.Fatal(err)
		}
		err = h.client.Hide(ctx, own.ID)
		if graph.ClassOf(err) != graph.ClassInvalid {
			t.Errorf("got %v, want ClassInvalid", err)
		}
	})
	t.Run("bad input makes no request", func(t *testing.T) {
		before := h.emu.RequestCount()
		for _, id := range []string{"", "1_2/comments", "1_2?x=1", "../me"} {
			if err := h.client.Hide(ctx, id); graph.ClassOf(err) != graph.ClassInvalid {
				t.Errorf("Hide(%q): %v", id, err)
			}
		}
		if _, err := h.client.Reply(ctx, stored[1].ID, "  "); graph.ClassOf(err) != graph.ClassInvalid {
			t.Errorf("empty reply: %v", err)
		}
		if n := h.emu.RequestCount(); n != before {
			t.Errorf("%d requests made", n-before)
		}
	})
	t.Run("error carries context", func(t *testing.T) {
		err := h.client.Unhide(ctx, target)
		if !strings.HasPrefix(err.Error(), "graph: unhide comment "+target+": not_found error 100/33: ") {
			t.Errorf("error text %q", err)
		}
	})
}

func TestTokenExpiry(t *testing.T) {
	h := newHarness(t, nil)
	p, stored := h.addThread(t, 2)
	ctx := ctxT(t)

	h.emu.ExpireToken(graphemu.SubcodeExpired)
	err := h.client.Hide(ctx, stored[0].ID)
	var ge *graph.Error
	if !errors.As(err, &ge) || ge.Class != graph.ClassToken || ge.Code != 190 || ge.Subcode != 463 {
		t.Fatalf("got %v, want a 190/463 token error", err)
	}
	if st := h.client.Status(); st.TokenValid || st.TokenError == "" {
		t.Errorf("status %+v", st)
	}
	if a := h.Alerts(); len(a) != 1 || a[0].Kind != graph.AlertTokenInvalid || a[0].Subcode != 463 {
		t.Fatalf("alerts %+v", a)
	}

	// Every later call fails fast, without reaching Meta.
	before := h.emu.RequestCount()
	if _, err := h.client.Comments(ctx, p.ID, time.Time{}); graph.ClassOf(err) != graph.ClassToken {
		t.Errorf("Comments: %v", err)
	}
	if _, err := h.client.Reply(ctx, stored[0].ID, "x"); graph.ClassOf(err) != graph.ClassToken {
		t.Errorf("Reply: %v", err)
	}
	if err := h.client.Delete(ctx, stored[0].ID); graph.ClassOf(err) != graph.ClassToken {
		t.Errorf("Delete: %v", err)
	}
	if n := h.emu.RequestCount(); n != before {
		t.Errorf("%d requests reached the emulator while the token was known bad", n-before)
	}

	// CheckToken does call, still fails, and raises no second alert.
	if err := h.client.CheckToken(ctx); graph.ClassOf(err) != graph.ClassToken {
		t.Errorf("CheckToken with the token still expired: %v", err)
	}
	if n := h.emu.RequestCount(); n != before+1 {
		t.Errorf("CheckToken made %d requests, want 1", n-before)
	}
	if a := h.Alerts(); len(a) != 1 {
		t.Errorf("%d alerts, want 1", len(a))
	}

	h.emu.RestoreToken()
	if err := h.client.Hide(ctx, stored[0].ID); graph.ClassOf(err) != graph.ClassToken {
		t.Errorf("before CheckToken the client must still refuse: %v", err)
	}
	if err := h.client.CheckToken(ctx); err != nil {
		t.Fatalf("CheckToken: %v", err)
	}
	if st := h.client.Status(); !st.TokenValid || st.TokenError != "" {
		t.Errorf("status after recovery %+v", st)
	}
	if err := h.client.Hide(ctx, stored[0].ID); err != nil {
		t.Errorf("Hide after recovery: %v", err)
	}

	// A new expiry is a new alert.
	h.emu.ExpireToken(graphemu.SubcodeInvalid)
	if err := h.client.Unhide(ctx, stored[0].ID); graph.ClassOf(err) != graph.ClassToken {
		t.Fatal(err)
	}
	if a := h.Alerts(); len(a) != 2 || a[1].Subcode != 467 {
		t.Errorf("alerts %+v", a)
	}
}

func TestPermissionAndPolicyAlerts(t *testing.T) {
	h := newHarness(t, nil)
	_, stored := h.addThread(t, 2)
	ctx := ctxT(t)

	perm := graphemu.APIError{Status: 403, Code: 200, Message: "(#200) Requires pages_manage_engagement permission to manage the object", Type: "OAuthException"}
	h.emu.FailNextWith(2, perm)
	for range 2 {
		if err := h.client.Hide(ctx, stored[0].ID); graph.ClassOf(err) != graph.ClassPermission {
			t.Fatalf("got %v, want ClassPermission", err)
		}
	}
	if a := h.Alerts(); len(a) != 1 || a[0].Kind != graph.AlertPermission || a[0].Op != "hide comment "+stored[0].ID {
		t.Fatalf("alerts %+v", a)
	}
	if err := h.client.Hide(ctx, stored[0].ID); err != nil {
		t.Fatal(err)
	}
	h.emu.FailNextWith(1, perm)
	_ = h.client.Hide(ctx, stored[0].ID)
	if a := h.Alerts(); len(a) != 2 {
		t.Errorf("a permission error after a success is a new alert: %+v", a)
	}

	h.emu.FailNextWith(1, graphemu.APIError{Code: 368, Message: "The action attempted has been deemed abusive or is otherwise disallowed"})
	if _, err := h.client.Reply(ctx, stored[1].ID, "Bonjour"); graph.ClassOf(err) != graph.ClassPolicy {
		t.Fatalf("got %v, want ClassPolicy", err)
	}
	if a := h.Alerts(); len(a) != 3 || a[2].Kind != graph.AlertPolicy {
		t.Errorf("alerts %+v", a)
	}
	if st := h.client.Status(); st.LastAlert == nil || st.LastAlert.Kind != graph.AlertPolicy {
		t.Errorf("status %+v", st)
	}
}

func TestTransientRetried(t *testing.T) {
	h := newHarness(t, nil)
	p, stored := h.addThread(t, 2)
	ctx := ctxT(t)

	t.Run("html 502 then success", func(t *testing.T) {
		h.emu.ClearLog()
		before := len(h.clk.Sleeps())
		h.emu.FailNextHTML(2, 502)
		if err := h.client.Hide(ctx, stored[0].ID); err != nil {
			t.Fatal(err)
		}
		if n := h.emu.RequestCount(); n != 3 {
			t.Errorf("%d requests, want 3", n)
		}
		sleeps := h.clk.Sleeps()[before:]
		if len(sleeps) != 2 || sleeps[0] < 500*time.Millisecond || sleeps[0] > time.Second || sleeps[1] < time.Second || sleeps[1] > 2*time.Second {
			t.Errorf("backoff sleeps %v, want ~1 s then ~2 s with jitter", sleeps)
		}
	})
	t.Run("paging page fails once", func(t *testing.T) {
		h.emu.FailNextWith(1, graphemu.APIError{Status: 500, Code: 2, Message: "An unexpected error has occurred. Please retry your request later.", IsTransient: true})
		got, err := h.client.Comments(ctx, p.ID, time.Time{})
		if err != nil || len(got) != len(stored) {
			t.Fatalf("got %d, err %v", len(got), err)
		}
	})
	t.Run("gives up after max attempts", func(t *testing.T) {
		h.emu.ClearLog()
		h.emu.FailNextHTML(10, 503)
		err := h.client.Hide(ctx, stored[0].ID)
		if graph.ClassOf(err) != graph.ClassTransient {
			t.Fatalf("got %v, want ClassTransient", err)
		}
		if n := h.emu.RequestCount(); n != 5 {
			t.Errorf("%d requests, want 5 (MaxAttempts)", n)
		}
		h.emu.ClearFaults()
	})
	t.Run("reply not repeated after an error page", func(t *testing.T) {
		h.emu.ClearLog()
		h.emu.FailNextHTML(1, 502)
		if _, err := h.client.Reply(ctx, stored[0].ID, "Bonjour"); graph.ClassOf(err) != graph.ClassTransient {
			t.Fatalf("got %v", err)
		}
		if n := h.emu.RequestCount(); n != 1 {
			t.Errorf("%d requests, want 1", n)
		}
		h.emu.FailNextWith(1, graphemu.APIError{Code: 2, Message: "Service temporarily unavailable", IsTransient: true})
		if _, err := h.client.Reply(ctx, stored[0].ID, "Bonjour"); err != nil {
			t.Fatalf("an explicit transient error is retried: %v", err)
		}
	})
	t.Run("cancelled context stops retries", func(t *testing.T) {
		h.emu.FailNextHTML(1, 502)
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		if err := h.client.Hide(cctx, stored[0].ID); graph.ClassOf(err) != graph.ClassTransient || !errors.Is(err, context.Canceled) {
			t.Fatalf("got %v", err)
		}
		h.emu.ClearFaults()
	})
}
