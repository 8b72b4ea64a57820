package console

import (
	"context"
	"net/http"

	"github.com/vigie-fr/vigie/bot/store"
)

// A console user restricted to some communes sees only their accounts'
// items: two communes served by one deployment never see each other's
// comments. Options.UserAccounts holds each restricted login's accounts.

// scope returns the accounts the session's user may see, nil for all.
func (s *Server) scope(se *session) map[string]bool {
	if se == nil || s.o.UserAccounts == nil {
		return nil
	}
	return s.o.UserAccounts[se.User]
}

// allowed reports whether the user may see an item of this account.
func (s *Server) allowed(se *session, account string) bool {
	sc := s.scope(se)
	return sc == nil || sc[account]
}

// maxScoped bounds how many items a restricted user's list reads before
// filtering them by account.
const maxScoped = 10000

// scopedPage returns one page of a list (queue or hidden) as the user may
// see it, and its length for the user.
func (s *Server) scopedPage(ctx context.Context, se *session, list func(ctx context.Context, o store.Order, offset, limit int) ([]store.Item, int64, error), order store.Order, offset, limit int) ([]store.Item, int64, error) {
	sc := s.scope(se)
	if sc == nil {
		return list(ctx, order, offset, limit)
	}
	all, _, err := list(ctx, order, 0, maxScoped)
	if err != nil {
		return nil, 0, err
	}
	var mine []store.Item
	for _, it := range all {
		if sc[it.PageID] {
			mine = append(mine, it)
		}
	}
	total := int64(len(mine))
	if offset >= len(mine) {
		return nil, total, nil
	}
	return mine[offset:min(offset+limit, len(mine))], total, nil
}

// restricted refuses pages that show every commune (the mail log) to a
// user restricted to some communes; it reports whether it answered. The
// statistics are per commune (stats_show.go).
func (s *Server) restricted(w http.ResponseWriter, r *http.Request, se *session) bool {
	if s.scope(se) == nil {
		return false
	}
	s.fail(w, r, http.StatusForbidden, "Page réservée", "Cette page montre toutes les communes : elle est réservée aux comptes qui ne sont pas limités à certaines communes.")
	return true
}
