package review_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/vigie-fr/vigie/bot/review"
	"github.com/vigie-fr/vigie/bot/review/reviewtest"
	"github.com/vigie-fr/vigie/bot/store"
	"github.com/vigie-fr/vigie/moderation"
)

var ctx = context.Background()

func insult() *moderation.Verdict {
	return reviewtest.Verdict(moderation.ActionQueue, "", moderation.Injurieux)
}

func TestApproveHidesOnceAndAudits(t *testing.T) {
	f := reviewtest.New(t, false)
	it := f.Seed("Le maire est un incapable notoire", store.StateQueued, insult())
	out, err := f.Review.Decide(ctx, review.Request{CommentID: it.CommentID, Decision: review.Approve, By: "marie"})
	if err != nil {
		t.Fatal(err)
	}
	if out.Action != "hide" || out.Observe {
		t.Fatalf("outcome = %+v", out)
	}
	if c, _ := f.Emu.Comment(it.CommentID); !c.Hidden {
		t.Fatal("the emulator does not show the comment hidden")
	}
	got, _, _ := f.Store.Item(ctx, it.CommentID)
	if got.State != store.StateHidden || got.ReviewedBy != "marie" || got.ReviewedAt.IsZero() || got.Decision != "approve" {
		t.Fatalf("item = state %s by %q at %v decision %q", got.State, got.ReviewedBy, got.ReviewedAt, got.Decision)
	}
	if n, _ := f.Store.QueueDepth(ctx); n != 0 {
		t.Fatalf("queue depth = %d, want 0", n)
	}
	audit, _ := f.Store.CommentAudit(ctx, it.CommentID, 100)
	last := audit[len(audit)-1]
	if last.Event != store.EventReviewed || last.By != "marie" || last.Detail != "approve" || last.Action != "hide" || last.At.IsZero() {
		t.Fatalf("last audit entry = %+v", last)
	}
	var ex []store.Example
	_ = f.Store.Examples(ctx, func(e store.Example) error { ex = append(ex, e); return nil })
	if len(ex) != 1 || ex[0].Decision != "approve" || len(ex[0].Labels) != 1 || ex[0].Labels[0] != "injurieux" || ex[0].Text != it.Message {
		t.Fatalf("examples = %+v", ex)
	}
	// A second approval finds it decided and calls nothing.
	_, err = f.Review.Decide(ctx, review.Request{CommentID: it.CommentID, Decision: review.Approve, By: "paul"})
	var ad *review.AlreadyDecidedError
	if !errors.As(err, &ad) || ad.By != "marie" {
		t.Fatalf("second approval: %v, want AlreadyDecidedError by marie", err)
	}
	if n := f.Calls("hide", it.CommentID); n != 1 {
		t.Fatalf("hide calls = %d, want 1", n)
	}
}

func TestConcurrentApprovalsCallOnce(t *testing.T) {
	f := reviewtest.New(t, false)
	it := f.Seed("Bande de guignols à la mairie", store.StateQueued, insult())
	const n = 8
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = f.Review.Decide(ctx, review.Request{CommentID: it.CommentID, Decision: review.Approve, By: "ref" + string(rune('a'+i))})
		}()
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		var ad *review.AlreadyDecidedError
		switch {
		case err == nil:
			ok++
		case errors.As(err, &ad), errors.Is(err, review.ErrBusy):
		default:
			t.Errorf("unexpected error %v", err)
		}
	}
	if ok != 1 {
		t.Fatalf("%d approvals succeeded, want 1", ok)
	}
	if c := f.Calls("hide", it.CommentID); c != 1 {
		t.Fatalf("the emulator received %d hide calls, want 1", c)
	}
}

func TestDecisions(t *testing.T) {
	const correction = "La mairie dément : l'eau du robinet est potable (analyses ARS du 3 mars)."
	tests := []struct {
		name      string
		state     store.State
		verdict   *moderation.Verdict
		req       review.Request
		action    string
		wantState store.State
		calls     map[string]int
		example   string
	}{
		{"reject keeps a queued comment", store.StateQueued, insult(), review.Request{Decision: review.Reject}, "none", store.StateVisible, map[string]int{"hide": 0, "unhide": 0}, "reject"},
		{"restore an auto-hidden comment", store.StateHidden, insult(), review.Request{Decision: review.Reject}, "unhide", store.StateVisible, map[string]int{"unhide": 1}, "reject"},
		{"approve an auto-hidden comment keeps it hidden", store.StateHidden, insult(), review.Request{Decision: review.Approve}, "none", store.StateHidden, map[string]int{"hide": 1}, "approve"},
		{"fake news approved posts the correction", store.StateQueued, reviewtest.Verdict(moderation.ActionQueue, correction, moderation.FakeNews),
			review.Request{Decision: review.Approve}, "reply", store.StateVisible, map[string]int{"reply": 1, "hide": 0}, "approve"},
		{"delete", store.StateQueued, insult(), review.Request{Decision: review.Delete}, "delete", store.StateDeleted, map[string]int{"delete": 1}, "approve"},
		{"reply with an edited text", store.StateQueued, insult(), review.Request{Decision: review.Reply, Text: "Merci de rester courtois."}, "reply", store.StateVisible, map[string]int{"reply": 1}, "approve"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := reviewtest.New(t, false)
			it := f.Seed("Commentaire à juger", tt.state, tt.verdict)
			tt.req.CommentID, tt.req.By = it.CommentID, "marie"
			out, err := f.Review.Decide(ctx, tt.req)
			if err != nil {
				t.Fatal(err)
			}
			if out.Action != tt.action {
				t.Fatalf("action = %s, want %s", out.Action, tt.action)
			}
			got, _, _ := f.Store.Item(ctx, it.CommentID)
			if got.State != tt.wantState {
				t.Fatalf("state = %s, want %s", got.State, tt.wantState)
			}
			for kind, want := range tt.calls {
				if n := f.Calls(kind, it.CommentID); n != want {
					t.Fatalf("%s calls = %d, want %d", kind, n, want)
				}
			}
			if tt.req.Decision == review.Approve && tt.action == "reply" {
				acts := f.Emu.Actions()
				if last := acts[len(acts)-1]; last.Message != correction || got.ReplyID == "" {
					t.Fatalf("reply = %q (id %q), want the correction", last.Message, got.ReplyID)
				}
			}
			if hidden, _ := f.Store.InHidden(ctx, it.CommentID); hidden {
				t.Fatal("still listed as auto-hidden")
			}
			var ex []store.Example
			_ = f.Store.Examples(ctx, func(e store.Example) error { ex = append(ex, e); return nil })
			if len(ex) != 1 || ex[0].Decision != tt.example {
				t.Fatalf("examples = %+v, want one %s", ex, tt.example)
			}
		})
	}
}

func TestObserveModeSkipsThePlatform(t *testing.T) {
	f := reviewtest.New(t, true)
	it := f.Seed("Espèce de clown", store.StateQueued, insult())
	out, err := f.Review.Decide(ctx, review.Request{CommentID: it.CommentID, Decision: review.Approve, By: "marie"})
	if err != nil {
		t.Fatal(err)
	}
	if !out.Observe || len(f.Emu.Actions()) != 0 {
		t.Fatalf("observe outcome %+v, emulator actions %v", out, f.Emu.Actions())
	}
	if want := "mode observation"; !contains(out.Summary(), want) {
		t.Fatalf("summary %q does not say %q", out.Summary(), want)
	}
	audit, _ := f.Store.CommentAudit(ctx, it.CommentID, 100)
	if last := audit[len(audit)-1]; last.Mode != "observe" || last.By != "marie" {
		t.Fatalf("audit = %+v", last)
	}
}

func TestRefusals(t *testing.T) {
	f := reviewtest.New(t, false)
	it := f.Seed("Visible", store.StateVisible, reviewtest.Verdict(moderation.ActionNone, ""))
	if _, err := f.Review.Decide(ctx, review.Request{CommentID: it.CommentID, Decision: review.Approve, By: "m"}); !errors.Is(err, review.ErrNotPending) {
		t.Fatalf("approve of a comment not pending: %v", err)
	}
	if _, err := f.Review.Decide(ctx, review.Request{CommentID: "123_456", Decision: review.Approve, By: "m"}); !errors.Is(err, review.ErrNoItem) {
		t.Fatalf("approve of an unknown comment: %v", err)
	}
	if _, err := f.Review.Decide(ctx, review.Request{CommentID: it.CommentID, Decision: review.Reply, By: "m"}); !errors.Is(err, review.ErrInvalid) {
		t.Fatalf("empty reply: %v", err)
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
