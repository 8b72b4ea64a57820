package ingest

import (
	"context"
	"testing"

	"github.com/vigie-fr/vigie/bot/store"
)

type nopEnqueuer struct{}

func (nopEnqueuer) Enqueue(context.Context, ...store.Event) (int, error) { return 0, nil }

func TestInstagramEvents(t *testing.T) {
	h, err := New(Options{AppSecret: "s", VerifyToken: "v", PageIDs: []string{"104", "17841"}, Store: nopEnqueuer{}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		value string
		field string
		want  *store.Event
	}{
		{"comment with id", `{"id":"178650","text":"Bonjour","from":{"id":"555","username":"jean"},"media":{"id":"179000","media_product_type":"FEED"}}`, "comments",
			&store.Event{Platform: store.PlatformInstagram, PageID: "17841", CommentID: "178650", PostID: "179000", ParentID: "179000", Message: "Bonjour", FromID: "555", FromName: "jean"}},
		{"comment_id fallback", `{"comment_id":"178651","text":"x","from":{"id":"555","username":"jean"},"media":{"id":"179000"}}`, "comments",
			&store.Event{Platform: store.PlatformInstagram, PageID: "17841", CommentID: "178651", PostID: "179000", ParentID: "179000", Message: "x", FromID: "555", FromName: "jean"}},
		{"reply on a live", `{"id":"178652","text":"y","parent_id":"178650","from":{"id":"556","username":"marie"},"media":{"id":"179001","media_product_type":"LIVE"}}`, "live_comments",
			&store.Event{Platform: store.PlatformInstagram, PageID: "17841", CommentID: "178652", PostID: "179001", ParentID: "178650", Message: "y", FromID: "556", FromName: "marie"}},
		{"the account's own comment", `{"id":"178653","text":"z","from":{"id":"17841","username":"mairie"},"media":{"id":"179000"}}`, "comments", nil},
		{"mentions are not comments to judge", `{"id":"178654","text":"z","media":{"id":"179000"}}`, "mentions", nil},
		{"no id", `{"text":"z","media":{"id":"179000"}}`, "comments", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse([]byte(`{"object":"instagram","entry":[{"id":"17841","time":1765000000,"changes":[{"field":"` + tt.field + `","value":` + tt.value + `}]}]}`))
			if err != nil {
				t.Fatal(err)
			}
			evs := h.events(p)
			if tt.want == nil {
				if len(evs) != 0 {
					t.Fatalf("events %+v, want none", evs)
				}
				return
			}
			if len(evs) != 1 {
				t.Fatalf("events %+v, want one", evs)
			}
			e := evs[0]
			w := *tt.want
			if e.Platform != w.Platform || e.PageID != w.PageID || e.CommentID != w.CommentID || e.PostID != w.PostID ||
				e.ParentID != w.ParentID || e.Message != w.Message || e.FromID != w.FromID || e.FromName != w.FromName ||
				e.Verb != store.VerbAdd || e.Source != store.SourceWebhook || e.CreatedTime.IsZero() {
				t.Errorf("event %+v, want %+v", e, w)
			}
		})
	}
	// An account not in the configuration: acknowledged, dropped.
	p, _ := Parse([]byte(`{"object":"instagram","entry":[{"id":"999","time":1,"changes":[{"field":"comments","value":{"id":"1","text":"x"}}]}]}`))
	if evs := h.events(p); len(evs) != 0 {
		t.Errorf("unknown account enqueued: %+v", evs)
	}
}
