package console_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/vigie-fr/vigie/bot/console"
	"github.com/vigie-fr/vigie/bot/links"
	"github.com/vigie-fr/vigie/bot/review/reviewtest"
	"github.com/vigie-fr/vigie/moderation"
)

var ctx = context.Background()

const (
	testUser     = "marie"
	testPassword = "un mot de passe assez long"
)

// site is a console served over real HTTP on a real Redis, in front of
// the Graph API emulator.
type site struct {
	*reviewtest.Fixture
	srv    *httptest.Server
	signer *links.Signer
	now    time.Time
}

func newSite(t testing.TB, observe bool) *site {
	t.Helper()
	return newSiteWith(t, observe, nil)
}

// newSiteWith is newSite with the options adjusted by edit.
func newSiteWith(t testing.TB, observe bool, edit func(*console.Options)) *site {
	t.Helper()
	f := reviewtest.New(t, observe)
	hash, err := bcrypt.GenerateFromPassword([]byte(testPassword), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	loc, _ := time.LoadLocation("Europe/Paris")
	s := &site{Fixture: f}
	s.srv = httptest.NewUnstartedServer(nil)
	s.signer = links.NewSigner([]byte("0123456789abcdef0123456789abcdef"), "http://"+s.srv.Listener.Addr().String(), nil)
	o := console.Options{
		Store: f.Store, Review: f.Review, Signer: s.signer, Users: map[string]string{testUser: string(hash)},
		SessionTTL: time.Hour, Location: loc, Posts: f.Graph,
		MailLog: func(context.Context, int) ([]console.Mail, error) {
			return []console.Mail{{At: time.Now(), To: []string{"referent@mairie.example.fr"}, Subject: "Vigie : 1 commentaire à examiner", Text: "Bonjour,\n<b>test</b>"}}, nil
		},
	}
	if edit != nil {
		edit(&o)
	}
	c, err := console.New(o)
	if err != nil {
		t.Fatal(err)
	}
	s.srv.Config.Handler = c.Handler()
	s.srv.Start()
	t.Cleanup(s.srv.Close)
	return s
}

var insult = reviewtest.Verdict(moderation.ActionQueue, "", moderation.Injurieux)

// client is a browser-like HTTP client with cookies, not following
// redirects.
func (s *site) client() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

var reCSRF = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func csrfOf(t testing.TB, body string) string {
	t.Helper()
	m := reCSRF.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no csrf token in page:\n%s", body)
	}
	return m[1]
}

func (s *site) get(t testing.TB, c *http.Client, path string) (int, string) {
	t.Helper()
	resp, err := c.Get(s.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// post sends a form as a same-origin browser would (Origin and
// Sec-Fetch-Site set), unless headers override them.
func (s *site) post(t testing.TB, c *http.Client, path string, form url.Values, headers map[string]string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, s.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", s.srv.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	for k, v := range headers {
		if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// login logs c in and returns the session's CSRF token.
func (s *site) login(t testing.TB, c *http.Client) string {
	t.Helper()
	code, body := s.tryLogin(t, c, testUser, testPassword)
	if code != http.StatusSeeOther {
		t.Fatalf("login: %d\n%s", code, body)
	}
	_, page := s.get(t, c, "/file")
	return csrfOf(t, page)
}

func (s *site) tryLogin(t testing.TB, c *http.Client, name, pass string) (int, string) {
	t.Helper()
	_, page := s.get(t, c, "/connexion")
	return s.post(t, c, "/connexion", url.Values{"csrf": {csrfOf(t, page)}, "nom": {name}, "motdepasse": {pass}, "suite": {"/file"}}, nil)
}
