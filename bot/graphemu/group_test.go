package graphemu

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/vigie-fr/vigie/bot/fakeclock"
)

const (
	groupSecret = "group-app-secret"
	tokenA      = "EAA-page-A-token"
	tokenB      = "EAA-page-B-token"
)

func proofOf(token string) string {
	mac := hmac.New(sha256.New, []byte(groupSecret))
	mac.Write([]byte(token))
	return hex.EncodeToString(mac.Sum(nil))
}

func signed(token string, v url.Values) url.Values {
	if v == nil {
		v = url.Values{}
	}
	v.Set("access_token", token)
	v.Set("appsecret_proof", proofOf(token))
	return v
}

func apiErr(t *testing.T, body map[string]any) (code, subcode int) {
	t.Helper()
	e, ok := body["error"].(map[string]any)
	if !ok {
		t.Fatalf("no error in %v", body)
	}
	c, _ := e["code"].(float64)
	s, _ := e["error_subcode"].(float64)
	return int(c), int(s)
}

// Two Pages behind one address: each answers with its own token; the
// other Page's token is refused as Meta refuses it (#10 for a read,
// 100/33 for an action), an unknown token is invalid (190); /me and
// /debug_token follow the token; paging links and expanded Instagram
// replies page through the group.
func TestGroupRoutesAndRefusesForeignTokens(t *testing.T) {
	clk := fakeclock.New(time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC))
	a := New(Options{PageID: "104500000000101", PageName: "Mairie A", AccessToken: tokenA, AppSecret: groupSecret, Now: clk.Now, NoInstagram: true})
	b := New(Options{PageID: "104500000000202", PageName: "Mairie B", AccessToken: tokenB, AppSecret: groupSecret, Now: clk.Now,
		InstagramID: "17841400000000202", InstagramUsername: "mairie.b", IDOffset: 1_000_000_000, MaxPageSize: 2})
	if _, err := NewGroup(a, New(Options{PageID: "104500000000101"})); err == nil {
		t.Error("a Page emulated twice was accepted")
	}
	g, err := NewGroup(a, b)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(g)
	t.Cleanup(ts.Close)

	pa := a.AddPost(NewPost{Message: "A"})
	ca, _ := a.AddComment(pa.ID, NewComment{FromID: "1", FromName: "Jean", Message: "bonjour"})
	pb := b.AddPost(NewPost{Message: "B"})
	cb, _ := b.AddComment(pb.ID, NewComment{FromID: "2", FromName: "Paul", Message: "salut"})
	if ca.ID == cb.ID || pa.ID == pb.ID {
		t.Fatalf("ids collide: %s %s", ca.ID, cb.ID)
	}
	if s, ok := g.Owner(cb.ID); !ok || s != b {
		t.Errorf("owner of %s: %v", cb.ID, s)
	}

	// Each Page with its own token.
	if st, body, _ := get(t, ts.URL+"/v25.0/"+a.PageID()+"/published_posts", signed(tokenA, nil)); st != 200 {
		t.Fatalf("page A with its token: %d %v", st, body)
	}
	if st, body := postForm(t, ts.URL+"/v25.0/"+cb.ID, signed(tokenB, url.Values{"is_hidden": {"true"}})); st != 200 {
		t.Fatalf("hide on B with B's token: %d %v", st, body)
	}
	// A's token on B: a read is a permission error, an action finds nothing.
	st, body, _ := get(t, ts.URL+"/v25.0/"+b.PageID()+"/published_posts", signed(tokenA, nil))
	if code, _ := apiErr(t, body); st != 400 || code != 10 || !strings.Contains(body["error"].(map[string]any)["message"].(string), "Page Public Content Access") {
		t.Errorf("A's token reading B: %d %v", st, body)
	}
	st, body = postForm(t, ts.URL+"/v25.0/"+cb.ID, signed(tokenA, url.Values{"is_hidden": {"false"}}))
	if code, sub := apiErr(t, body); st != 400 || code != 100 || sub != 33 {
		t.Errorf("A's token hiding on B: %d %v", st, body)
	}
	if c, _ := b.Comment(cb.ID); !c.Hidden {
		t.Error("A's token changed B's comment")
	}
	st, body, _ = get(t, ts.URL+"/v25.0/"+a.PageID(), signed("EAA-unknown", nil))
	if code, _ := apiErr(t, body); st != 400 || code != 190 {
		t.Errorf("unknown token: %d %v", st, body)
	}
	// /me and /debug_token: the token's Page.
	if _, body, _ := get(t, ts.URL+"/v25.0/me", signed(tokenB, nil)); body["id"] != b.PageID() {
		t.Errorf("/me with B's token: %v", body)
	}
	if _, body, _ := get(t, ts.URL+"/v25.0/debug_token", signed(tokenB, url.Values{"input_token": {tokenB}})); body["data"].(map[string]any)["profile_id"] != b.PageID() {
		t.Errorf("/debug_token with B's token: %v", body)
	}
	// No linked account: the Page says so.
	if _, body, _ := get(t, ts.URL+"/v25.0/"+a.PageID(), signed(tokenA, url.Values{"fields": {"id,instagram_business_account"}})); body["instagram_business_account"] != nil {
		t.Errorf("page A has no Instagram account: %v", body)
	}

	// Expanded Instagram replies page at B's page size, and the link
	// goes back through the group to B.
	m := b.AddMedia(NewMedia{Caption: "photo"})
	top, _ := b.AddIGComment(m.ID, NewIGComment{FromID: "3", Username: "elise", Text: "joli"})
	for i := range 5 {
		if _, err := b.AddIGReply(top.ID, NewIGComment{FromID: "4", Username: "jean", Text: strings.Repeat("r", i+1)}); err != nil {
			t.Fatal(err)
		}
	}
	_, body, _ = get(t, ts.URL+"/v25.0/"+m.ID+"/comments", signed(tokenB, url.Values{"fields": {"id,text,replies{id,text}"}}))
	first := body["data"].([]any)[0].(map[string]any)["replies"].(map[string]any)
	seen := len(first["data"].([]any))
	next, _ := first["paging"].(map[string]any)["next"].(string)
	pages := 1
	for next != "" {
		if !strings.HasPrefix(next, ts.URL+"/v25.0/"+top.ID+"/replies?") {
			t.Fatalf("next link %s", next)
		}
		_, body, _ = get(t, next, url.Values{"appsecret_proof": {proofOf(tokenB)}})
		data, ok := body["data"].([]any)
		if !ok {
			t.Fatalf("replies page: %v", body)
		}
		seen += len(data)
		pages++
		next, _ = body["paging"].(map[string]any)["next"].(string)
	}
	if seen != 5 || pages != 3 {
		t.Errorf("%d replies over %d pages, want 5 over 3", seen, pages)
	}
}
