package graphemu

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/vigie-fr/vigie/bot/fakeclock"
)

const testToken = "EAAtestPageToken0123456789"

func newTestServer(t *testing.T, opts Options) (*Server, *httptest.Server, *fakeclock.Clock) {
	t.Helper()
	clk := fakeclock.New(time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC))
	if opts.AccessToken == "" {
		opts.AccessToken = testToken
	}
	opts.Now = clk.Now
	emu := New(opts)
	ts := httptest.NewServer(emu)
	t.Cleanup(ts.Close)
	return emu, ts, clk
}

// get performs a GET with the test token and decodes the JSON answer.
func get(t *testing.T, rawURL string, params url.Values) (int, map[string]any, http.Header) {
	t.Helper()
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	for k, vs := range params {
		q[k] = vs
	}
	if q.Get("access_token") == "" {
		q.Set("access_token", testToken)
	}
	u.RawQuery = q.Encode()
	resp, err := http.Get(u.String())
	if err != nil {
		t.Fatal(err)
	}
	return decode(t, resp)
}

func postForm(t *testing.T, rawURL string, form url.Values) (int, map[string]any) {
	t.Helper()
	if form.Get("access_token") == "" {
		form.Set("access_token", testToken)
	}
	resp, err := http.PostForm(rawURL, form)
	if err != nil {
		t.Fatal(err)
	}
	st, body, _ := decode(t, resp)
	return st, body
}

func decode(t *testing.T, resp *http.Response) (int, map[string]any, http.Header) {
	t.Helper()
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	var body map[string]any
	if err := json.Unmarshal(raw, &body); err != nil {
		t.Fatalf("answer is not JSON: %v: %s", err, raw)
	}
	return resp.StatusCode, body, resp.Header
}

func errorOf(t *testing.T, body map[string]any) (code, subcode int) {
	t.Helper()
	e, ok := body["error"].(map[string]any)
	if !ok {
		t.Fatalf("no error in %v", body)
	}
	for _, k := range []string{"message", "type", "code", "is_transient", "fbtrace_id"} {
		if _, ok := e[k]; !ok {
			t.Errorf("error lacks %q: %v", k, e)
		}
	}
	code = int(e["code"].(float64))
	if s, ok := e["error_subcode"].(float64); ok {
		subcode = int(s)
	}
	return code, subcode
}

func TestAuthErrors(t *testing.T) {
	emu, ts, _ := newTestServer(t, Options{})
	p := emu.AddPost(NewPost{Message: "Conseil municipal"})
	tests := []struct {
		name        string
		token       string
		expire      int
		wantCode    int
		wantSubcode int
	}{
		{"missing token", "-", 0, 104, 0},
		{"wrong token", "nope", 0, 190, 0},
		{"expired", testToken, SubcodeExpired, 190, SubcodeExpired},
		{"logged out", testToken, SubcodeInvalid, 190, SubcodeInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			emu.RestoreToken()
			if tt.expire != 0 {
				emu.ExpireToken(tt.expire)
			}
			q := url.Values{}
			if tt.token != "-" {
				q.Set("access_token", tt.token)
			} else {
				q.Set("access_token", "")
			}
			u := ts.URL + "/v25.0/" + p.ID + "?" + q.Encode()
			resp, err := http.Get(u)
			if err != nil {
				t.Fatal(err)
			}
			st, body, _ := decode(t, resp)
			if st != http.StatusBadRequest {
				t.Errorf("status %d, want 400", st)
			}
			code, sub := errorOf(t, body)
			if code != tt.wantCode || sub != tt.wantSubcode {
				t.Errorf("error %d/%d, want %d/%d", code, sub, tt.wantCode, tt.wantSubcode)
			}
		})
	}
	emu.RestoreToken()
	if st, _, _ := get(t, ts.URL+"/v25.0/"+p.ID, nil); st != http.StatusOK {
		t.Errorf("after RestoreToken: status %d", st)
	}
	for _, r := range emu.Requests() {
		if strings.Contains(r.Path, testToken) || strings.Contains(r.Params.Encode(), testToken) {
			t.Fatalf("request log holds the token: %+v", r)
		}
	}
}

func TestAppsecretProof(t *testing.T) {
	emu, ts, _ := newTestServer(t, Options{AppSecret: "s3cret"})
	mac := hmac.New(sha256.New, []byte("s3cret"))
	mac.Write([]byte(testToken))
	good := hex.EncodeToString(mac.Sum(nil))
	tests := []struct {
		name  string
		proof string
		ok    bool
	}{
		{"missing", "", false},
		{"wrong", strings.Repeat("ab", 32), false},
		{"not hex", "zz", false},
		{"right", good, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, body, _ := get(t, ts.URL+"/v25.0/me", url.Values{"appsecret_proof": {tt.proof}})
			if tt.ok {
				if st != 200 || body["id"] != emu.PageID() {
					t.Fatalf("status %d body %v", st, body)
				}
				return
			}
			if code, _ := errorOf(t, body); code != 100 {
				t.Errorf("code %d, want 100", code)
			}
		})
	}
}

func TestCommentListingAndPaging(t *testing.T) {
	emu, ts, clk := newTestServer(t, Options{})
	p := emu.AddPost(NewPost{Message: "Travaux rue de la Mairie"})
	var ids []string
	for i := range 7 {
		clk.Advance(time.Minute)
		c, err := emu.AddComment(p.ID, NewComment{FromID: "u1", FromName: "Élodie", Message: "commentaire"})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, c.ID)
		if i == 2 {
			clk.Advance(time.Minute)
			r, err := emu.AddReply(c.ID, NewComment{FromID: "u2", FromName: "Marc", Message: "réponse"})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, r.ID)
		}
	}
	if !strings.HasPrefix(ids[0], strings.Split(p.ID, "_")[1]+"_") {
		t.Errorf("comment id %s should start with the post number of %s", ids[0], p.ID)
	}

	t.Run("toplevel chronological skips replies", func(t *testing.T) {
		_, body, _ := get(t, ts.URL+"/v25.0/"+p.ID+"/comments", nil)
		if n := len(body["data"].([]any)); n != 7 {
			t.Errorf("got %d comments, want 7", n)
		}
	})
	t.Run("stream reverse paged", func(t *testing.T) {
		var got []string
		next := ts.URL + "/v25.0/" + p.ID + "/comments?" + url.Values{
			"filter": {"stream"}, "order": {"reverse_chronological"}, "limit": {"3"},
			"fields": {"id,from{id,name},parent{id},created_time,is_hidden"}, "summary": {"true"},
		}.Encode()
		for pages := 0; next != ""; pages++ {
			if pages > 5 {
				t.Fatal("too many pages")
			}
			if !strings.HasPrefix(next, ts.URL+"/v25.0/") {
				t.Fatalf("next link %q does not point at the emulator", next)
			}
			_, body, _ := get(t, next, nil)
			for _, d := range body["data"].([]any) {
				m := d.(map[string]any)
				got = append(got, m["id"].(string))
				if ts, _ := m["created_time"].(string); !strings.HasSuffix(ts, "+0000") {
					t.Errorf("created_time %q lacks +0000", ts)
				}
			}
			if s := body["summary"].(map[string]any); s["total_count"].(float64) != 8 {
				t.Errorf("summary %v", s)
			}
			next = ""
			if pg, ok := body["paging"].(map[string]any); ok {
				next, _ = pg["next"].(string)
			}
		}
		if len(got) != 8 || got[0] != ids[len(ids)-1] || got[len(got)-1] != ids[0] {
			t.Errorf("got %v, want %v reversed", got, ids)
		}
	})
	t.Run("reply has parent", func(t *testing.T) {
		_, body, _ := get(t, ts.URL+"/v25.0/"+ids[3], url.Values{"fields": {"id,parent{id},from"}})
		if body["parent"].(map[string]any)["id"] != ids[2] {
			t.Errorf("parent of reply: %v", body)
		}
		_, body, _ = get(t, ts.URL+"/v25.0/"+ids[2], url.Values{"fields": {"id,parent{id},comment_count"}})
		if _, ok := body["parent"]; ok || body["comment_count"].(float64) != 1 {
			t.Errorf("top-level comment: %v", body)
		}
	})
	t.Run("date_format", func(t *testing.T) {
		_, body, _ := get(t, ts.URL+"/v25.0/"+ids[0], url.Values{"fields": {"created_time"}, "date_format": {`Y-m-d\TH:i:sP`}})
		if body["created_time"] != "2026-11-22T10:01:00+00:00" {
			t.Errorf("created_time %v", body["created_time"])
		}
		_, body, _ = get(t, ts.URL+"/v25.0/"+ids[0], url.Values{"fields": {"created_time"}, "date_format": {"U"}})
		if body["created_time"].(float64) != float64(time.Date(2026, 11, 22, 10, 1, 0, 0, time.UTC).Unix()) {
			t.Errorf("created_time %v", body["created_time"])
		}
	})
	t.Run("unknown field", func(t *testing.T) {
		_, body, _ := get(t, ts.URL+"/v25.0/"+ids[0], url.Values{"fields": {"id,nonsense"}})
		if code, _ := errorOf(t, body); code != 100 {
			t.Errorf("code %d", code)
		}
	})
}

func TestPostsFieldExpansion(t *testing.T) {
	emu, ts, clk := newTestServer(t, Options{})
	var posts []Post
	for range 4 {
		clk.Advance(time.Hour)
		posts = append(posts, emu.AddPost(NewPost{Message: "post"}))
	}
	emu.AddPost(NewPost{Message: "visitor", FromID: "u9", FromName: "Visiteur"})
	for i := range 5 {
		clk.Advance(time.Minute)
		if _, err := emu.AddComment(posts[3].ID, NewComment{FromID: "u1", FromName: "Anne", Message: "c" + string(rune('0'+i))}); err != nil {
			t.Fatal(err)
		}
	}
	_, body, _ := get(t, ts.URL+"/v25.0/"+emu.PageID()+"/published_posts", url.Values{
		"fields": {"id,created_time,comments.filter(stream).order(reverse_chronological).limit(2).summary(true){id,message,from{id,name},parent{id}}"},
		"limit":  {"3"},
	})
	data := body["data"].([]any)
	if len(data) != 3 || data[0].(map[string]any)["id"] != posts[3].ID {
		t.Fatalf("posts page: %v", data)
	}
	cm := data[0].(map[string]any)["comments"].(map[string]any)
	if len(cm["data"].([]any)) != 2 {
		t.Errorf("nested comments: %v", cm)
	}
	next := cm["paging"].(map[string]any)["next"].(string)
	_, more, _ := get(t, next, nil)
	if len(more["data"].([]any)) != 2 {
		t.Errorf("second nested page: %v", more)
	}
	if c := data[1].(map[string]any)["comments"].(map[string]any); c["summary"].(map[string]any)["total_count"].(float64) != 0 {
		t.Errorf("empty post comments: %v", c)
	}
	pnext := body["paging"].(map[string]any)["next"].(string)
	_, rest, _ := get(t, pnext, nil)
	if n := len(rest["data"].([]any)); n != 1 {
		t.Errorf("second posts page has %d, want 1 (the visitor post is only in /feed)", n)
	}
	_, feed, _ := get(t, ts.URL+"/v25.0/"+emu.PageID()+"/feed", nil)
	if n := len(feed["data"].([]any)); n != 5 {
		t.Errorf("feed has %d posts, want 5", n)
	}
	since := posts[2].CreatedTime.Unix()
	_, recent, _ := get(t, ts.URL+"/v25.0/"+emu.PageID()+"/published_posts", url.Values{"since": {jsonInt(since)}})
	if n := len(recent["data"].([]any)); n != 2 {
		t.Errorf("since: %d posts, want 2", n)
	}
}

func jsonInt(n int64) string { b, _ := json.Marshal(n); return string(b) }

func TestModeration(t *testing.T) {
	emu, ts, _ := newTestServer(t, Options{})
	p := emu.AddPost(NewPost{Message: "Fête du village"})
	c, _ := emu.AddComment(p.ID, NewComment{FromID: "u1", FromName: "Paul", Message: "insulte"})
	own, _ := emu.AddComment(p.ID, NewComment{FromID: emu.PageID(), FromName: "Mairie", Message: "Merci"})
	base := ts.URL + "/v25.0/"

	if st, body := postForm(t, base+c.ID, url.Values{"is_hidden": {"true"}}); st != 200 || body["success"] != true {
		t.Fatalf("hide: %d %v", st, body)
	}
	if got, _ := emu.Comment(c.ID); !got.Hidden {
		t.Error("comment not hidden")
	}
	if _, body := postForm(t, base+own.ID, url.Values{"is_hidden": {"true"}}); body["error"] == nil {
		t.Error("hiding the Page's own comment must fail")
	}
	if _, body := postForm(t, base+c.ID, url.Values{"is_hidden": {"false"}}); body["success"] != true {
		t.Fatalf("unhide: %v", body)
	}
	_, body := postForm(t, base+c.ID+"/comments", url.Values{"message": {"Merci de rester courtois."}})
	replyID, _ := body["id"].(string)
	if replyID == "" {
		t.Fatalf("reply: %v", body)
	}
	if got, _ := emu.Comment(c.ID); len(got.Replies) != 1 || got.Replies[0] != replyID {
		t.Errorf("replies %v", got.Replies)
	}
	if r, _ := emu.Comment(replyID); r.FromID != emu.PageID() || r.ParentID != c.ID {
		t.Errorf("reply %+v", r)
	}
	// huandu/facebook sends DELETE as POST with method=DELETE.
	if _, body := postForm(t, base+c.ID, url.Values{"method": {"DELETE"}}); body["success"] != true {
		t.Fatalf("delete: %v", body)
	}
	if r, _ := emu.Comment(replyID); !r.Deleted {
		t.Error("deleting a comment must delete its replies")
	}
	req, _ := http.NewRequest(http.MethodDelete, base+c.ID+"?access_token="+testToken, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_, body, _ = decode(t, resp)
	if code, sub := errorOf(t, body); code != 100 || sub != 33 {
		t.Errorf("deleting twice: %d/%d, want 100/33", code, sub)
	}
	var kinds []string
	for _, a := range emu.Actions() {
		kinds = append(kinds, a.Kind)
	}
	if strings.Join(kinds, ",") != "hide,unhide,reply,delete" {
		t.Errorf("actions %v", kinds)
	}
	if _, body, _ := get(t, base+"999_999", nil); body["error"] == nil {
		t.Error("unknown object must fail")
	}
}

func TestFaults(t *testing.T) {
	emu, ts, clk := newTestServer(t, Options{})
	me := ts.URL + "/v25.0/me"

	emu.FailNextHTML(2, 502)
	for i := range 2 {
		resp, err := http.Get(me + "?access_token=" + testToken)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 502 || !strings.HasPrefix(string(b), "<!DOCTYPE html>") {
			t.Fatalf("call %d: %d %s", i, resp.StatusCode, b)
		}
	}
	if st, _, _ := get(t, me, nil); st != 200 {
		t.Fatalf("third call: %d", st)
	}

	emu.SetThrottle(Throttle{Until: clk.Now().Add(10 * time.Minute)})
	_, body, h := get(t, me, nil)
	if code, _ := errorOf(t, body); code != 80001 {
		t.Errorf("code %d", code)
	}
	var buc map[string][]map[string]any
	if err := json.Unmarshal([]byte(h.Get("X-Business-Use-Case-Usage")), &buc); err != nil {
		t.Fatal(err)
	}
	if e := buc[emu.PageID()][0]; e["estimated_time_to_regain_access"] != 10.0 || e["call_count"] != 100.0 {
		t.Errorf("BUC header %v", buc)
	}
	clk.Advance(10 * time.Minute)
	if st, _, _ := get(t, me, nil); st != 200 {
		t.Errorf("after the window: %d", st)
	}

	emu.SetUsage(Usage{App: 80, BUC: 90, Page: 70})
	_, _, h = get(t, me, nil)
	if !strings.Contains(h.Get("X-App-Usage"), `"call_count":80`) || h.Get("X-Page-Usage") == "" {
		t.Errorf("usage headers %v", h)
	}
	emu.FailNextWith(1, APIError{Code: 2, Message: "Service temporarily unavailable", IsTransient: true, Status: 503})
	resp, err := http.Get(me + "?access_token=" + testToken)
	if err != nil {
		t.Fatal(err)
	}
	st, body, _ := decode(t, resp)
	if code, _ := errorOf(t, body); st != 503 || code != 2 {
		t.Errorf("injected error: %d %v", st, body)
	}
}
