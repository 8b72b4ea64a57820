package console_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/vigie-fr/vigie/bot/console"
	"github.com/vigie-fr/vigie/bot/review/reviewtest"
	"github.com/vigie-fr/vigie/bot/store"
	"github.com/vigie-fr/vigie/moderation"
)

const neighbourPage = "104500000000999"

// judged records n comments of account judged in cat and hidden, with the
// counters the worker writes.
func judged(t *testing.T, s *site, account string, n int, cat moderation.Category) {
	t.Helper()
	now := time.Now()
	for i := range n {
		id := fmt.Sprintf("%s_%d%d", account, cat.Label()[0], i)
		d := store.Decision{
			Item:     store.Item{Platform: store.PlatformFacebook, PageID: account, CommentID: id, PostID: account + "_1", State: store.StateHidden, ReceivedAt: now},
			Audit:    store.AuditEntry{At: now, Event: store.EventHidden, State: string(store.StateHidden), Categories: []string{string(cat)}},
			Counters: []string{"outcome:hidden", "judged", "action:hide", "category:" + string(cat)},
		}
		if _, err := s.Store.Commit(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
}

func row(label string, n int) string {
	return fmt.Sprintf(`<th scope="row">%s</th><td>%d</td>`, label, n)
}

// A user restricted to one commune reads that commune's figures only, the
// référent's decisions included; a user of the whole deployment reads
// every commune's.
func TestStatisticsOfTheUsersCommunes(t *testing.T) {
	s := newSiteWith(t, false, func(o *console.Options) {
		o.Users["tout"] = o.Users[testUser]
		o.UserAccounts = map[string]map[string]bool{testUser: {reviewtest.PageID: true}}
	})
	judged(t, s, reviewtest.PageID, 2, moderation.Injurieux)
	judged(t, s, neighbourPage, 5, moderation.Menace)
	mine := s.SeedOn(reviewtest.PageID, "Commentaire de notre commune", store.StateQueued, insult, time.Now())

	c := s.client()
	token := s.login(t, c)
	s.post(t, c, "/decision", url.Values{"csrf": {token}, "act": {"reject|" + mine.CommentID}, "retour": {"/file"}}, nil)
	code, page := s.get(t, c, "/statistiques")
	if code != http.StatusOK {
		t.Fatalf("GET /statistiques = %d for a restricted user", code)
	}
	for _, want := range []string{
		"2 commentaire(s) jugé(s) ce mois-ci sur les comptes de vos communes", row(moderation.Injurieux.Label(), 2), row(moderation.Menace.Label(), 0),
		row("masqués automatiquement", 2), row("Rejeté (laissé visible)", 1),
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the restricted user's statistics lack %q:\n%s", want, page)
		}
	}

	all := s.client()
	if code, body := s.tryLogin(t, all, "tout", testPassword); code != http.StatusSeeOther {
		t.Fatalf("login: %d\n%s", code, body)
	}
	_, page = s.get(t, all, "/statistiques")
	for _, want := range []string{"7 commentaire(s) jugé(s) ce mois-ci.", row(moderation.Menace.Label(), 5), row("Rejeté (laissé visible)", 1)} {
		if !strings.Contains(page, want) {
			t.Errorf("the deployment's statistics lack %q:\n%s", want, page)
		}
	}
}

// In a real browser, the restricted user reaches the statistics from the
// menu and reads their commune's figures.
func TestBrowserStatisticsOfARestrictedUser(t *testing.T) {
	s := newSiteWith(t, false, func(o *console.Options) {
		o.UserAccounts = map[string]map[string]bool{testUser: {reviewtest.PageID: true}}
	})
	judged(t, s, reviewtest.PageID, 3, moderation.Injurieux)
	judged(t, s, neighbourPage, 4, moderation.Menace)
	b := browser(t, 390, 844, true)
	err := chromedp.Do(b,
		chromedp.Navigate(s.srv.URL+"/file"),
		chromedp.WaitVisible(chromedp.CSS("#nom")),
		chromedp.SendKeys(chromedp.CSS("#nom"), testUser),
		chromedp.SendKeys(chromedp.CSS("#motdepasse"), testPassword),
		chromedp.Click(chromedp.CSS(`form.login button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`a[href="/statistiques"]`)),
		chromedp.Click(chromedp.CSS(`a[href="/statistiques"]`)),
		chromedp.WaitVisible(chromedp.CSS("table.stats")),
	)
	if err != nil {
		t.Fatalf("statistics in the browser: %v", err)
	}
	stats := text(t, b, "main")
	if !strings.Contains(stats, "3 commentaire(s) jugé(s)") || strings.Contains(stats, "7 commentaire") {
		t.Errorf("the restricted user's statistics:\n%s", stats)
	}
	lines := strings.Split(stats, "\n")
	for i, l := range lines {
		if strings.TrimSpace(l) == moderation.Menace.Label() && i+1 < len(lines) && strings.TrimSpace(lines[i+1]) != "0" {
			t.Errorf("the neighbour's threats counted: %q then %q", l, lines[i+1])
		}
	}
}
