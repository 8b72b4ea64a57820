package console_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/vigie-fr/vigie/bot/console"
	"github.com/vigie-fr/vigie/bot/review/reviewtest"
	"github.com/vigie-fr/vigie/bot/store"
)

// Two communes in one deployment: a user restricted to one commune never
// sees, opens or decides the other commune's comments, and the mail log,
// which shows every commune, is closed to them (the statistics are theirs:
// stats_scope_test.go).
func TestUsersRestrictedToTheirCommune(t *testing.T) {
	const otherPage = "104500000000999"
	s := newSiteWith(t, false, func(o *console.Options) {
		o.UserAccounts = map[string]map[string]bool{testUser: {reviewtest.PageID: true}}
	})
	mine := s.SeedOn(reviewtest.PageID, "Commentaire de notre commune", store.StateQueued, insult, time.Now())
	theirs := s.SeedOn(otherPage, "Commentaire de la commune voisine", store.StateQueued, insult, time.Now())
	hiddenTheirs := s.SeedOn(otherPage, "Masqué chez les voisins", store.StateHidden, insult, time.Now())

	c := s.client()
	token := s.login(t, c)
	for _, path := range []string{"/file", "/masques", "/historique?decision=tout"} {
		code, page := s.get(t, c, path)
		if code != http.StatusOK {
			t.Fatalf("GET %s = %d", path, code)
		}
		for _, leak := range []string{theirs.CommentID, "commune voisine", hiddenTheirs.CommentID, "chez les voisins"} {
			if strings.Contains(page, leak) {
				t.Errorf("GET %s shows %q", path, leak)
			}
		}
		if path == "/file" && !strings.Contains(page, "Commentaire de notre commune") {
			t.Errorf("GET /file lacks the user's own commune's comment")
		}
	}
	if code, _ := s.get(t, c, "/commentaire/"+theirs.CommentID); code != http.StatusNotFound {
		t.Errorf("GET the other commune's comment = %d, want 404", code)
	}
	if code, _ := s.get(t, c, "/commentaire/"+mine.CommentID); code != http.StatusOK {
		t.Errorf("GET the user's commune's comment = %d", code)
	}
	if code, _ := s.get(t, c, "/courriels"); code != http.StatusForbidden {
		t.Errorf("GET /courriels = %d, want it closed to a restricted user", code)
	}
	s.post(t, c, "/decision", url.Values{"csrf": {token}, "act": {"reject|" + theirs.CommentID}, "retour": {"/file"}}, nil)
	if it, _, _ := s.Store.Item(ctx, theirs.CommentID); it.Decision != "" || s.Calls("hide", theirs.CommentID) != 0 {
		t.Errorf("a restricted user decided on another commune's comment: %q", it.Decision)
	}
}
