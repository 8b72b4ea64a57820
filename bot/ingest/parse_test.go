package ingest

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/vigie-fr/vigie/bot/store"
)

const sampleComment = `{"object":"page","entry":[{"id":"1000","time":1510092433,"changes":[{"field":"feed","value":{
"item":"comment","verb":"add","comment_id":"1_2","post_id":"1000_1","parent_id":"1000_1",
"from":{"id":"42","name":"Jean Dupont"},"message":"Bonjour \u00e0 tous","created_time":1510092431}}]}]}`

func TestParse(t *testing.T) {
	tests := []struct {
		name  string
		body  string
		check func(t *testing.T, p *Payload)
	}{
		{"comment add", sampleComment, func(t *testing.T, p *Payload) {
			want := Change{PageID: "1000", EntryTime: time.Unix(1510092433, 0).UTC(), Field: "feed", Item: "comment", Verb: "add",
				CommentID: "1_2", PostID: "1000_1", ParentID: "1000_1", FromID: "42", FromName: "Jean Dupont",
				Message: "Bonjour à tous", CreatedTime: time.Unix(1510092431, 0).UTC()}
			if p.Object != "page" || len(p.Changes) != 1 || p.Changes[0] != want {
				t.Errorf("got %+v", p)
			}
		}},
		{"numeric ids beyond 2^53 keep their digits", `{"object":"page","entry":[{"id":123456789012345678,"changes":[{"field":"feed","value":{"item":"comment","verb":"add","comment_id":"1_2","from":{"id":987654321987654321}}}]}]}`, func(t *testing.T, p *Payload) {
			if c := p.Changes[0]; c.PageID != "123456789012345678" || c.FromID != "987654321987654321" {
				t.Errorf("ids %q %q", c.PageID, c.FromID)
			}
		}},
		{"ISO created_time", `{"object":"page","entry":[{"id":"1","changes":[{"field":"feed","value":{"item":"comment","created_time":"2026-11-03T10:04:05+0000"}}]}]}`, func(t *testing.T, p *Payload) {
			if got := p.Changes[0].CreatedTime; !got.Equal(time.Date(2026, 11, 3, 10, 4, 5, 0, time.UTC)) {
				t.Errorf("created %v", got)
			}
		}},
		{"millisecond entry time", `{"object":"page","entry":[{"id":"1","time":1510092433123,"changes":[{"field":"feed","value":{"item":"comment"}}]}]}`, func(t *testing.T, p *Payload) {
			if got := p.Changes[0].EntryTime; got.Unix() != 1510092433 {
				t.Errorf("entry time %v", got)
			}
		}},
		{"nonsense time is zero", `{"object":"page","entry":[{"id":"1","time":-5,"changes":[{"field":"feed","value":{"item":"comment","created_time":"hier"}}]}]}`, func(t *testing.T, p *Payload) {
			if c := p.Changes[0]; !c.EntryTime.IsZero() || !c.CreatedTime.IsZero() || c.Err != nil {
				t.Errorf("%+v", c)
			}
		}},
		{"several entries and changes", `{"object":"page","entry":[{"id":"1","changes":[{"field":"feed","value":{"item":"comment","comment_id":"a"}},{"field":"feed","value":{"item":"reaction"}}]},{"id":"2","changes":[{"field":"feed","value":{"item":"comment","comment_id":"b"}}]}]}`, func(t *testing.T, p *Payload) {
			if len(p.Changes) != 3 || p.Changes[2].PageID != "2" || p.Changes[2].CommentID != "b" {
				t.Errorf("%+v", p.Changes)
			}
		}},
		{"odd value does not reject the batch", `{"object":"page","entry":[{"id":"1","changes":[{"field":"feed","value":{"item":"comment","message":12}},{"field":"feed","value":{"item":"comment","comment_id":"ok"}},{"field":"feed"}]}]}`, func(t *testing.T, p *Payload) {
			if len(p.Changes) != 3 || p.Changes[0].Err == nil || p.Changes[1].Err != nil || p.Changes[1].CommentID != "ok" || p.Changes[2].Err == nil {
				t.Errorf("%+v", p.Changes)
			}
		}},
		{"invalid UTF-8 stays judgeable", "{\"object\":\"page\",\"entry\":[{\"id\":\"1\",\"changes\":[{\"field\":\"feed\",\"value\":{\"item\":\"comment\",\"message\":\"sale \xff\xfe connard \\ud800\"}}]}]}", func(t *testing.T, p *Payload) {
			m := p.Changes[0].Message
			if !utf8.ValidString(m) || !strings.Contains(m, "connard") {
				t.Errorf("message %q", m)
			}
		}},
		{"200 KB message is truncated", `{"object":"page","entry":[{"id":"1","changes":[{"field":"feed","value":{"item":"comment","message":"` + strings.Repeat("é", 100_000) + `"}}]}]}`, func(t *testing.T, p *Payload) {
			c := p.Changes[0]
			if !c.Truncated || len(c.Message) > store.MaxMessageBytes || !utf8.ValidString(c.Message) {
				t.Errorf("truncated=%v len=%d", c.Truncated, len(c.Message))
			}
		}},
		{"instagram", `{"object":"instagram","entry":[{"id":"17841","time":1,"changes":[{"field":"comments","value":{"id":"1","text":"x"}}]}]}`, func(t *testing.T, p *Payload) {
			if p.Object != "instagram" || len(p.Changes) != 1 {
				t.Errorf("%+v", p)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse([]byte(tt.body))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			tt.check(t, p)
		})
	}
}

func TestParseMalformed(t *testing.T) {
	for name, body := range map[string]string{
		"empty":            "",
		"not json":         "hello",
		"truncated":        `{"object":"page","entry":[`,
		"entry not a list": `{"object":"page","entry":"x"}`,
		"trailing garbage": `{"object":"page"} x`,
		"id is an object":  `{"object":"page","entry":[{"id":{}}]}`,
	} {
		if _, err := Parse([]byte(body)); !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: err = %v, want ErrMalformed", name, err)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(sampleComment))
	f.Add([]byte(`{"object":"page","entry":[{"id":1,"time":"x","changes":[{"field":"feed","value":{"item":"comment","verb":"edited","comment_id":2,"created_time":1e300,"from":null}}]}]}`))
	f.Add([]byte(`{"object":"instagram","entry":[]}`))
	f.Add([]byte("{\"object\":\"page\",\"entry\":[{\"changes\":[{\"value\":{\"message\":\"\xff\"}}]}]}"))
	f.Fuzz(func(t *testing.T, body []byte) {
		p, err := Parse(body)
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("error not ErrMalformed: %v", err)
			}
			return
		}
		for _, c := range p.Changes {
			for _, s := range []string{c.Message, c.FromName, c.Item, c.Verb} {
				if !utf8.ValidString(s) {
					t.Fatalf("invalid UTF-8 in %q", s)
				}
			}
			if len(c.Message) > store.MaxMessageBytes || len(c.FromName) > store.MaxNameBytes {
				t.Fatalf("unbounded text: message %d bytes, name %d bytes", len(c.Message), len(c.FromName))
			}
			if c.Truncated && len(c.Message) < store.MaxMessageBytes-utf8.UTFMax {
				t.Fatalf("truncated flag on a %d-byte message", len(c.Message))
			}
			for _, tm := range []time.Time{c.CreatedTime, c.EntryTime} {
				if !tm.IsZero() && (tm.Year() < 2000 || tm.Year() > 3000) {
					t.Fatalf("time out of range: %v", tm)
				}
			}
		}
	})
}
