package console

import (
	"maps"
	"net/http"
	"slices"
	"strings"

	"go.uber.org/zap"

	"github.com/vigie-fr/vigie/bot/review"
	"github.com/vigie-fr/vigie/moderation"
)

type statRow struct {
	Label string
	Count int64
}

type statsData struct {
	Month      string
	Judged     int64
	Categories []statRow
	Actions    []statRow
	Decisions  []statRow
	// Scoped: the figures are those of the user's communes only.
	Scoped bool
}

var frenchMonths = []string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}

// statsShow shows the month's figures: the deployment's, or, for a user
// restricted to some communes, the sum of their accounts' counters only.
func (s *Server) statsShow(w http.ResponseWriter, r *http.Request, se *session) {
	now := s.now().In(s.loc)
	var (
		m   map[string]int64
		err error
	)
	if sc := s.scope(se); sc != nil {
		m, err = s.o.Store.AccountStats(r.Context(), now, slices.Sorted(maps.Keys(sc)))
	} else {
		m, err = s.o.Store.Stats(r.Context(), now)
	}
	if err != nil {
		s.log.Warn("reading stats failed", zap.Error(err))
		s.fail(w, r, http.StatusServiceUnavailable, "Statistiques indisponibles", "Les compteurs ne peuvent pas être lus (base Redis injoignable).")
		return
	}
	d := statsData{Month: frenchMonths[now.Month()-1] + " " + now.Format("2006"), Judged: m["judged"], Scoped: s.scope(se) != nil}
	for _, c := range moderation.Categories {
		d.Categories = append(d.Categories, statRow{c.Label(), m["category:"+string(c)]})
	}
	d.Actions = []statRow{
		{"masqués automatiquement", m["outcome:hidden"]},
		{"auraient été masqués (mode observation)", m["outcome:would_hide"]},
		{"soumis au référent", m["outcome:queued"]},
		{"laissés visibles", m["outcome:classified"]},
		{"échecs d'action", m["outcome:action_failed"]},
	}
	for _, dec := range []review.Decision{review.Approve, review.Reject, review.Hide, review.Unhide, review.Delete, review.Reply} {
		d.Decisions = append(d.Decisions, statRow{strings.ToUpper(dec.Label()[:1]) + dec.Label()[1:], m["review:"+string(dec)]})
	}
	s.render(w, http.StatusOK, "stats", s.sessionView(r, se, "Statistiques", "statistiques", d))
}
