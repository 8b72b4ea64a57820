package console_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/vigie-fr/vigie/bot/links"
	"github.com/vigie-fr/vigie/bot/review"
	"github.com/vigie-fr/vigie/bot/review/reviewtest"
	"github.com/vigie-fr/vigie/bot/store"
	"github.com/vigie-fr/vigie/moderation"
)

func TestQueuePageEscapesAndHighlights(t *testing.T) {
	s := newSite(t, false)
	text := `Le maire est un abruti <script>alert("x")</script>`
	v := *insult
	v.Findings = append([]moderation.Finding(nil), insult.Findings...)
	v.Findings[0].Evidence = []moderation.Span{{Start: 16, End: 22}}
	it := s.Seed(text, store.StateQueued, &v)
	c := s.client()
	s.login(t, c)
	code, body := s.get(t, c, "/file")
	if code != http.StatusOK {
		t.Fatalf("GET /file = %d", code)
	}
	if strings.Contains(body, `<script>alert`) {
		t.Fatal("the comment's <script> is rendered as HTML")
	}
	for _, want := range []string{"&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;", "<mark>abruti</mark>", "injure ou propos grossier", "Article 3 de la charte",
		"loi du 29 juillet 1881", "Fermeture de la piscine municipale", "Jean Habitant", `value="approve|` + it.CommentID + `"`, "masquer le commentaire"} {
		if !strings.Contains(body, want) {
			t.Errorf("queue page lacks %q", want)
		}
	}
}

func TestSecurityHeaders(t *testing.T) {
	s := newSite(t, false)
	resp, err := http.Get(s.srv.URL + "/connexion")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	h := resp.Header
	if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("CSP = %q", csp)
	}
	if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") != "no-referrer" {
		t.Errorf("headers = %v", h)
	}
	c := s.client()
	code, _ := s.tryLogin(t, c, testUser, testPassword)
	if code != http.StatusSeeOther {
		t.Fatal(code)
	}
	u, _ := url.Parse(s.srv.URL)
	for _, ck := range c.Jar.Cookies(u) {
		if ck.Name == "vigie_session" && len(ck.Value) < 40 {
			t.Errorf("session id too short: %q", ck.Value)
		}
	}
}

func TestPostsWithoutTokenOrFromElsewhereAreRefused(t *testing.T) {
	s := newSite(t, false)
	it := s.Seed("Quel guignol ce maire", store.StateQueued, insult)
	c := s.client()
	token := s.login(t, c)
	form := func(csrf string) url.Values {
		return url.Values{"csrf": {csrf}, "act": {"approve|" + it.CommentID}, "retour": {"/file"}}
	}
	tests := []struct {
		name    string
		form    url.Values
		headers map[string]string
	}{
		{"no token", form(""), nil},
		{"wrong token", form("AAAA" + token[4:]), nil},
		{"cross-site fetch", form(token), map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}},
		{"other origin without fetch metadata", form(token), map[string]string{"Sec-Fetch-Site": "", "Origin": "https://evil.example"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, body := s.post(t, c, "/decision", tt.form, tt.headers)
			if code != http.StatusForbidden || !strings.Contains(body, "refusée") {
				t.Fatalf("POST = %d\n%s", code, body)
			}
			if n := s.Calls("hide", it.CommentID); n != 0 {
				t.Fatalf("hide calls = %d", n)
			}
		})
	}
	code, _ := s.post(t, c, "/decision", form(token), nil)
	if code != http.StatusSeeOther || s.Calls("hide", it.CommentID) != 1 {
		t.Fatalf("the genuine POST: %d, hide calls %d", code, s.Calls("hide", it.CommentID))
	}
	_, page := s.get(t, c, "/file")
	if !strings.Contains(page, "Décision enregistrée : approuvé ; fait sur Facebook : commentaire masqué.") {
		t.Fatalf("no outcome message:\n%s", page)
	}
	// Logged out, the session no longer acts.
	if code, _ := s.post(t, c, "/deconnexion", url.Values{"csrf": {token}}, nil); code != http.StatusSeeOther {
		t.Fatalf("logout = %d", code)
	}
	if code, _ := s.get(t, c, "/file"); code != http.StatusSeeOther {
		t.Fatalf("GET /file after logout = %d, want a redirect to the login", code)
	}
}

func TestFiveWrongPasswordsLockTheLogin(t *testing.T) {
	s := newSite(t, false)
	c := s.client()
	for i := range 5 {
		if code, _ := s.tryLogin(t, c, testUser, "mauvais"); code != http.StatusUnauthorized {
			t.Fatalf("attempt %d = %d, want 401", i+1, code)
		}
	}
	code, body := s.tryLogin(t, c, testUser, testPassword)
	if code != http.StatusTooManyRequests || !strings.Contains(body, "Trop d&#39;essais") {
		t.Fatalf("sixth attempt with the right password = %d\n%s", code, body)
	}
	// Another address is not locked out by this one, but the name is.
	other := s.client()
	req := func() (int, string) { return s.tryLogin(t, other, testUser, testPassword) }
	if code, _ := req(); code != http.StatusTooManyRequests {
		t.Fatalf("the locked name from a fresh client = %d", code)
	}
	// A login with no form token is refused.
	if code, _ := s.post(t, s.client(), "/connexion", url.Values{"nom": {testUser}, "motdepasse": {testPassword}}, nil); code != http.StatusForbidden {
		t.Fatalf("login without token = %d", code)
	}
}

func TestLinks(t *testing.T) {
	s := newSite(t, false)
	it := s.Seed("Ce maire est une ordure", store.StateQueued, insult)
	c := s.client()
	link := s.signer.URL(it.CommentID, links.Approve, time.Hour)
	path := strings.TrimPrefix(link, s.srv.URL)

	// GET shows a confirmation and never acts (mail scanners follow links).
	code, page := s.get(t, c, path)
	if code != http.StatusOK || !strings.Contains(page, "Approuver l&#39;action proposée") || !strings.Contains(page, "ordure") {
		t.Fatalf("GET link = %d\n%s", code, page)
	}
	if len(s.Emu.Actions()) != 0 {
		t.Fatal("a GET acted")
	}
	code, page = s.post(t, c, path, url.Values{"csrf": {csrfOf(t, page)}}, nil)
	if code != http.StatusOK || !strings.Contains(page, "Décision enregistrée") || s.Calls("hide", it.CommentID) != 1 {
		t.Fatalf("POST link = %d, hide calls %d\n%s", code, s.Calls("hide", it.CommentID), page)
	}
	got, _, _ := s.Store.Item(ctx, it.CommentID)
	if got.ReviewedBy != "lien e-mail" {
		t.Fatalf("reviewed_by = %q", got.ReviewedBy)
	}

	expired := links.NewSigner([]byte("0123456789abcdef0123456789abcdef"), s.srv.URL, func() time.Time { return time.Now().Add(-2 * time.Hour) }).URL(it.CommentID, links.Approve, time.Hour)
	forged := link[:len(link)-3] + "xyz"
	tests := []struct {
		name string
		path string
		code int
		want string
	}{
		{"replayed", path, http.StatusConflict, "Lien déjà utilisé"},
		{"expired", strings.TrimPrefix(expired, s.srv.URL), http.StatusGone, "Lien expiré"},
		{"forged", strings.TrimPrefix(forged, s.srv.URL), http.StatusForbidden, "Lien invalide"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, page := s.get(t, c, tt.path)
			if code != tt.code || !strings.Contains(page, tt.want) {
				t.Fatalf("GET = %d\n%s", code, page)
			}
			_, login := s.get(t, c, "/connexion")
			code, page = s.post(t, c, tt.path, url.Values{"csrf": {csrfOf(t, login)}}, nil)
			if code != tt.code || !strings.Contains(page, tt.want) {
				t.Fatalf("POST = %d\n%s", code, page)
			}
		})
	}
	if n := s.Calls("hide", it.CommentID); n != 1 {
		t.Fatalf("hide calls = %d after replays, want 1", n)
	}
}

func TestPagesRender(t *testing.T) {
	s := newSite(t, false)
	it := s.Seed("Tu vas voir ce qui va t'arriver", store.StateHidden, reviewtest.Verdict(moderation.ActionHide, "", moderation.Menace))
	c := s.client()
	token := s.login(t, c)
	if _, err := s.Review.Decide(ctx, review.Request{CommentID: s.Seed("Abruti", store.StateQueued, insult).CommentID, Decision: review.Approve, By: testUser}); err != nil {
		t.Fatal(err)
	}
	pages := []struct{ path, want string }{
		{"/masques", "masqué automatiquement"},
		{"/commentaire/" + it.CommentID, "Publier la réponse"},
		{"/historique", "décision du référent : approuvé"},
		{"/historique?decision=approve&par=marie&categorie=injurieux", "décision du référent : approuvé"},
		{"/statistiques", "Décisions du référent"},
		{"/courriels", "&lt;b&gt;test&lt;/b&gt;"},
	}
	for _, p := range pages {
		code, body := s.get(t, c, p.path)
		if code != http.StatusOK || !strings.Contains(body, p.want) {
			t.Errorf("GET %s = %d, lacks %q\n%s", p.path, code, p.want, body)
		}
	}
	// Restore the auto-hidden comment from the list.
	code, _ := s.post(t, c, "/decision", url.Values{"csrf": {token}, "act": {"reject|" + it.CommentID}, "retour": {"/masques"}}, nil)
	if cm, _ := s.Emu.Comment(it.CommentID); code != http.StatusSeeOther || cm.Hidden {
		t.Fatalf("restore: %d, hidden %v", code, cm.Hidden)
	}
	if code, body := s.get(t, c, "/historique?decision=approve&par=paul"); code != http.StatusOK || strings.Contains(body, "décision du référent") {
		t.Errorf("the « par » filter lets other people's decisions through")
	}
	// The author filter reads the comments' authors (the audit has none).
	if code, body := s.get(t, c, "/historique?decision=approve&auteur=jean+habit"); code != http.StatusOK || !strings.Contains(body, "décision du référent : approuvé") {
		t.Errorf("the « auteur » filter hides the author's decisions")
	}
	for _, other := range []string{"Paul%20Autre", "7000002"} {
		if code, body := s.get(t, c, "/historique?decision=approve&auteur="+other); code != http.StatusOK || strings.Contains(body, "décision du référent") {
			t.Errorf("the « auteur » filter %s lets another author's comments through", other)
		}
	}
	if code, body := s.get(t, c, "/historique?decision=approve&auteur=7000001"); code != http.StatusOK || !strings.Contains(body, "décision du référent : approuvé") {
		t.Errorf("the « auteur » filter does not take an author id")
	}
}
