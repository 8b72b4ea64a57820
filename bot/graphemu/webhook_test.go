package graphemu

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestEncodePayloadEscapesLikeMeta(t *testing.T) {
	emu, _, _ := newTestServer(t, Options{AppSecret: "s3cret"})
	p := emu.AddPost(NewPost{Message: "Marché"})
	c, err := emu.AddComment(p.ID, NewComment{FromID: "42", FromName: "Zoé Dupré", Message: "Très bien 👍 https://exemple.fr/é"})
	if err != nil {
		t.Fatal(err)
	}
	body, err := emu.CommentWebhook(c.ID, VerbAdd)
	if err != nil {
		t.Fatal(err)
	}
	s := string(body)
	for _, want := range []string{`Zo\u00e9 Dupr\u00e9`, `Tr\u00e8s`, `\ud83d\udc4d`, `https:\/\/exemple.fr\/\u00e9`, `"item":"comment"`, `"verb":"add"`} {
		if !strings.Contains(s, want) {
			t.Errorf("payload lacks %s: %s", want, s)
		}
	}
	for _, b := range body {
		if b >= 0x80 {
			t.Fatalf("payload has a non-ASCII byte: %s", s)
		}
	}
	var got Payload
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatal(err)
	}
	v := got.Entry[0].Changes[0].Value
	if got.Object != "page" || got.Entry[0].ID != emu.PageID() || v.Message != "Très bien 👍 https://exemple.fr/é" ||
		v.CommentID != c.ID || v.PostID != p.ID || v.ParentID != p.ID || v.From.Name != "Zoé Dupré" || v.CreatedTime != c.CreatedTime.Unix() {
		t.Errorf("decoded %+v", got)
	}
	if got.Entry[0].Time != emu.now().Unix() {
		t.Errorf("entry time %d", got.Entry[0].Time)
	}

	removed, err := emu.CommentChange(c.ID, VerbRemove)
	if err != nil {
		t.Fatal(err)
	}
	if removed.Value.Message != "" || removed.Value.From != nil {
		t.Errorf("remove event should carry no message nor author: %+v", removed.Value)
	}
}

func TestBatchPayload(t *testing.T) {
	emu, _, _ := newTestServer(t, Options{})
	p := emu.AddPost(NewPost{})
	c1, _ := emu.AddComment(p.ID, NewComment{FromID: "1", Message: "un"})
	r1, _ := emu.AddReply(c1.ID, NewComment{FromID: "2", Message: "deux"})
	ch1, _ := emu.CommentChange(c1.ID, VerbAdd)
	ch2, _ := emu.CommentChange(r1.ID, VerbEdited)
	body, err := EncodePayload(
		emu.Entry(ch1, ReactionChange(p.ID, "3", "Luc", "like", emu.now())),
		emu.Entry(ch2),
	)
	if err != nil {
		t.Fatal(err)
	}
	var got Payload
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Entry) != 2 || len(got.Entry[0].Changes) != 2 {
		t.Fatalf("shape %+v", got)
	}
	if got.Entry[0].Changes[1].Value.Item != "reaction" || got.Entry[1].Changes[0].Value.ParentID != c1.ID {
		t.Errorf("changes %+v", got)
	}
}

func TestSendWebhookAndVerification(t *testing.T) {
	emu, _, _ := newTestServer(t, Options{AppSecret: "s3cret"})
	var mu sync.Mutex
	var bodies [][]byte
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			q := r.URL.Query()
			if q.Get("hub.mode") == "subscribe" && q.Get("hub.verify_token") == "vt" {
				_, _ = io.WriteString(w, q.Get("hub.challenge"))
				return
			}
			w.WriteHeader(http.StatusForbidden)
			return
		}
		raw, _ := io.ReadAll(r.Body)
		sig, _ := strings.CutPrefix(r.Header.Get("X-Hub-Signature-256"), "sha256=")
		want := hmac.New(sha256.New, []byte("s3cret"))
		want.Write(raw)
		got, err := hex.DecodeString(sig)
		if err != nil || !hmac.Equal(got, want.Sum(nil)) {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		mu.Lock()
		bodies = append(bodies, raw)
		mu.Unlock()
	}))
	defer recv.Close()

	p := emu.AddPost(NewPost{})
	c, _ := emu.AddComment(p.ID, NewComment{FromID: "1", Message: "é"})
	payload, err := emu.CommentWebhook(c.ID, VerbAdd)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	statuses, err := emu.SendWebhookTimes(ctx, recv.URL, payload, 2)
	if err != nil || len(statuses) != 2 || statuses[0] != 200 || statuses[1] != 200 {
		t.Fatalf("statuses %v err %v", statuses, err)
	}
	if len(bodies) != 2 || !bytes.Equal(bodies[0], payload) || !bytes.Equal(bodies[1], payload) {
		t.Errorf("receiver got %q", bodies)
	}
	if Sign("s3cret", payload) != "sha256="+hex.EncodeToString(hmacOf("s3cret", payload)) {
		t.Error("Sign disagrees with HMAC-SHA256")
	}

	st, body, err := emu.SendVerification(ctx, recv.URL, "vt", "1158201444")
	if err != nil || st != 200 || body != "1158201444" {
		t.Errorf("verification: %d %q %v", st, body, err)
	}
	if st, _, _ := emu.SendVerification(ctx, recv.URL, "wrong", "1"); st != http.StatusForbidden {
		t.Errorf("wrong verify token: %d", st)
	}
}

func hmacOf(secret string, b []byte) []byte {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(b)
	return m.Sum(nil)
}

func TestConcurrentUse(t *testing.T) {
	emu, ts, _ := newTestServer(t, Options{})
	p := emu.AddPost(NewPost{})
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := emu.AddComment(p.ID, NewComment{FromID: "u", Message: "m"})
			if err != nil {
				t.Error(err)
				return
			}
			resp, err := http.PostForm(ts.URL+"/v25.0/"+c.ID, map[string][]string{"is_hidden": {"true"}, "access_token": {testToken}})
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
		}()
	}
	wg.Wait()
	if n := len(emu.Actions()); n != 8 {
		t.Errorf("%d actions, want 8", n)
	}
	if n := emu.RequestCount(); n != 8 {
		t.Errorf("%d requests, want 8", n)
	}
}

func TestSeedEditRemove(t *testing.T) {
	emu, ts, _ := newTestServer(t, Options{})
	p, cs := emu.AddPostWithComments(NewPost{Message: "Vide-grenier"},
		NewComment{FromID: "1", FromName: "Ana", Message: "Super"},
		NewComment{FromID: "2", FromName: "Bob", Message: "Nul"},
	)
	if len(cs) != 2 || cs[0].PostID != p.ID || cs[1].ParentID != p.ID {
		t.Fatalf("seeded %+v", cs)
	}
	if err := emu.EditComment(cs[1].ID, "Bof"); err != nil {
		t.Fatal(err)
	}
	ch, err := emu.CommentChange(cs[1].ID, VerbEdited)
	if err != nil || ch.Value.Message != "Bof" || ch.Value.Verb != "edited" {
		t.Fatalf("edited change %+v, %v", ch, err)
	}
	if err := emu.RemoveComment(cs[0].ID); err != nil {
		t.Fatal(err)
	}
	if err := emu.RemoveComment(cs[0].ID); err == nil {
		t.Error("removing twice must fail")
	}
	_, body, _ := get(t, ts.URL+"/v25.0/"+p.ID+"/comments", nil)
	if n := len(body["data"].([]any)); n != 1 {
		t.Errorf("%d comments listed after a removal, want 1", n)
	}
	if len(emu.Actions()) != 0 {
		t.Error("author edits and removals are not moderation actions")
	}
}
