// Package reviewtest builds what review and console tests need: a private
// Redis store, the Graph API emulator with a post, a real Graph client
// pointed at it, a review service, and items seeded as the worker would
// record them (queued, auto-hidden, would-hide).
package reviewtest

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/vigie-fr/vigie/bot/graph"
	"github.com/vigie-fr/vigie/bot/graphemu"
	"github.com/vigie-fr/vigie/bot/redistest"
	"github.com/vigie-fr/vigie/bot/review"
	"github.com/vigie-fr/vigie/bot/store"
	"github.com/vigie-fr/vigie/moderation"
)

// Page and token of the emulated Page.
const (
	PageID = "104500000000777"
	Token  = "EAAG-review-test-token"
	Secret = "review-test-app-secret"
)

// Fixture is a store, an emulator, a Graph client and a review service.
type Fixture struct {
	T        testing.TB
	RedisURL string
	RDB      *redis.Client
	Store    *store.Store
	Emu      *graphemu.Server
	GraphURL string
	Graph    *graph.Client
	Review   *review.Service
	Post     graphemu.Post
}

// New builds a fixture; observe makes the review service skip the
// platform.
func New(t testing.TB, observe bool) *Fixture {
	t.Helper()
	url, prefix := redistest.Shared(t)
	opt, err := redis.ParseURL(url)
	if err != nil {
		t.Fatal(err)
	}
	rdb := redis.NewClient(opt)
	t.Cleanup(func() { _ = rdb.Close() })
	st, err := store.New(store.Options{Client: rdb, Prefix: prefix})
	if err != nil {
		t.Fatal(err)
	}
	emu := graphemu.New(graphemu.Options{PageID: PageID, PageName: "Mairie de Test", AccessToken: Token, AppSecret: Secret})
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	gc, err := graph.New(graph.Options{BaseURL: srv.URL, AccessToken: Token, AppSecret: Secret})
	if err != nil {
		t.Fatal(err)
	}
	svc, err := review.New(review.Options{Store: st, Actor: gc, Observe: observe})
	if err != nil {
		t.Fatal(err)
	}
	post := emu.AddPost(graphemu.NewPost{Message: "Fermeture de la piscine municipale pour travaux du 2 au 13 décembre.", CreatedTime: time.Now().Add(-2 * time.Hour)})
	return &Fixture{T: t, RedisURL: url, RDB: rdb, Store: st, Emu: emu, GraphURL: srv.URL + "/", Graph: gc, Review: svc, Post: post}
}

// Verdict builds a verdict with one finding per category; a fake_news
// finding carries correction.
func Verdict(action moderation.Action, correction string, cats ...moderation.Category) *moderation.Verdict {
	v := &moderation.Verdict{Action: action, Correction: correction}
	for _, c := range cats {
		f := moderation.Finding{Category: c, Score: 0.9, Severity: moderation.SeverityMedium, Rules: []string{string(c) + ".test"},
			Reason: "Motif de test pour " + c.Label() + ".", Clause: "Article 3 de la charte", Law: "loi du 29 juillet 1881, art. 29", Action: action}
		if c == moderation.FakeNews {
			f.Correction = correction
		}
		v.Findings = append(v.Findings, f)
	}
	return v
}

// Seed adds a comment on the fixture's post to the emulator and records it
// as the worker would: state queued (in the review queue), hidden (hidden
// on the emulator and listed as auto-hidden) or would_hide.
func (f *Fixture) Seed(text string, state store.State, v *moderation.Verdict) store.Item {
	f.T.Helper()
	return f.SeedAt(text, state, v, time.Now())
}

// SeedAt is Seed with the arrival time.
func (f *Fixture) SeedAt(text string, state store.State, v *moderation.Verdict, at time.Time) store.Item {
	f.T.Helper()
	return f.SeedOn(PageID, text, state, v, at)
}

// SeedOn is SeedAt with the item recorded under another account (a Page
// or Instagram id of another commune); the comment lives on the emulator's
// Page.
func (f *Fixture) SeedOn(account, text string, state store.State, v *moderation.Verdict, at time.Time) store.Item {
	f.T.Helper()
	c, err := f.Emu.AddComment(f.Post.ID, graphemu.NewComment{FromID: "7000001", FromName: "Jean Habitant", Message: text, CreatedTime: at})
	if err != nil {
		f.T.Fatal(err)
	}
	it := store.Item{
		Platform: store.PlatformFacebook, PageID: account, CommentID: c.ID, PostID: f.Post.ID, ParentID: f.Post.ID,
		Permalink: c.PermalinkURL, Message: text, TextHash: store.TextHash(text), FromID: c.FromID, FromName: c.FromName,
		Source: store.SourceWebhook, Verb: store.VerbAdd, Verdict: v, State: state,
		FirstReceivedAt: at, ReceivedAt: at, CreatedTime: at, ClassifiedAt: at,
	}
	it.DecidedHash = it.TextHash
	d := store.Decision{Item: it}
	switch state {
	case store.StateQueued:
		d.Review = store.ReviewAdd
		d.Audit = store.AuditEntry{Event: store.EventQueued, At: at}
	case store.StateHidden:
		if err := f.Graph.Hide(context.Background(), c.ID); err != nil {
			f.T.Fatal(err)
		}
		d.Item.ActedAt = at
		d.Audit = store.AuditEntry{Event: store.EventHidden, At: at}
	case store.StateWouldHide:
		d.Audit = store.AuditEntry{Event: store.EventWouldHide, At: at}
	default:
		d.Audit = store.AuditEntry{Event: store.EventClassified, At: at}
	}
	d.Audit.State = string(state)
	if _, err := f.Store.Commit(context.Background(), d); err != nil {
		f.T.Fatal(err)
	}
	return d.Item
}

// Calls counts the emulator's accepted actions of kind on a comment.
func (f *Fixture) Calls(kind, commentID string) int {
	n := 0
	for _, a := range f.Emu.Actions() {
		if a.Kind == kind && a.CommentID == commentID {
			n++
		}
	}
	return n
}
