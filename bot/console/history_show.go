package console

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"time"

	"go.uber.org/zap"

	"github.com/vigie-fr/vigie/bot/review"
	"github.com/vigie-fr/vigie/bot/store"
	"github.com/vigie-fr/vigie/moderation"
)

// historyLimit bounds the entries one history page scans.
const historyLimit = 5000

type auditView struct {
	At         time.Time
	CommentID  string
	What       string
	By         string
	Categories []string
	Mode       string
	Error      string
}

type option struct{ Value, Label string }

type historyData struct {
	Entries    []auditView
	Categories []option
	Decisions  []option
	Category   string
	Decision   string
	By         string
	Author     string
	From, To   string
	Truncated  bool
}

// eventLabel says what an audit entry records, in French.
func eventLabel(e store.AuditEntry) string {
	switch e.Event {
	case store.EventReviewed:
		l := "décision du référent : " + review.Decision(e.Detail).Label()
		if e.Mode == "observe" {
			l += " (mode observation, rien fait sur Facebook)"
		}
		return l
	case store.EventHidden:
		return "masqué automatiquement"
	case store.EventWouldHide:
		return "aurait été masqué (mode observation)"
	case store.EventQueued:
		return "soumis au référent"
	case store.EventActionFailed:
		if e.By != "" {
			return "échec de la décision de " + e.By + " sur Facebook"
		}
		return "échec de l'action sur Facebook"
	case store.EventClassified:
		return "jugé conforme ou laissé en l'état"
	case store.EventReceived:
		return "reçu"
	case store.EventDeleted:
		return "supprimé par son auteur ou la Page"
	case store.EventGone:
		return "n'existe plus sur Facebook"
	case store.EventSkipped:
		return "doublon ignoré"
	case store.EventAlert:
		return "alerte technique"
	}
	return string(e.Event)
}

func newAuditView(e store.AuditEntry) auditView {
	v := auditView{At: e.At, CommentID: e.CommentID, What: eventLabel(e), By: e.By, Mode: e.Mode, Error: e.Error}
	for _, c := range e.Categories {
		v.Categories = append(v.Categories, moderation.Category(c).Label())
	}
	return v
}

// matches applies the « décision » filter: a référent's decision, or
// auto (hidden by Vigie), queued, or every event worth showing.
func matches(e store.AuditEntry, decision string) bool {
	switch decision {
	case "":
		return e.Event != store.EventReceived && e.Event != store.EventSkipped && e.Event != store.EventClassified
	case "auto":
		return e.Event == store.EventHidden || e.Event == store.EventWouldHide
	case "queued":
		return e.Event == store.EventQueued
	case "tout":
		return true
	}
	return e.Event == store.EventReviewed && e.Detail == decision
}

func (s *Server) historyShow(w http.ResponseWriter, r *http.Request, se *session) {
	q := r.URL.Query()
	d := historyData{Category: q.Get("categorie"), Decision: q.Get("decision"), By: strings.TrimSpace(q.Get("par")), Author: strings.TrimSpace(q.Get("auteur")), From: q.Get("du"), To: q.Get("au")}
	for _, c := range moderation.Categories {
		d.Categories = append(d.Categories, option{string(c), c.Label()})
	}
	d.Decisions = []option{{"", "toutes (sauf reçus et conformes)"}, {"auto", "masqués automatiquement"}, {"queued", "soumis au référent"}}
	for _, dec := range []review.Decision{review.Approve, review.Reject, review.Hide, review.Unhide, review.Delete, review.Reply} {
		d.Decisions = append(d.Decisions, option{string(dec), "référent : " + dec.Label()})
	}
	d.Decisions = append(d.Decisions, option{"tout", "tout le journal"})
	var from, to time.Time
	if t, err := time.ParseInLocation("2006-01-02", d.From, s.loc); err == nil {
		from = t
	}
	if t, err := time.ParseInLocation("2006-01-02", d.To, s.loc); err == nil {
		to = t.AddDate(0, 0, 1).Add(-time.Millisecond)
	}
	entries, err := s.o.Store.AuditRev(r.Context(), from, to, historyLimit)
	if err != nil {
		s.log.Warn("reading the audit failed", zap.Error(err))
		s.fail(w, r, http.StatusServiceUnavailable, "Historique indisponible", "Le journal ne peut pas être lu (base Redis injoignable).")
		return
	}
	d.Truncated = len(entries) == historyLimit
	if sc := s.scope(se); sc != nil {
		entries = s.entriesOf(r.Context(), entries, func(it store.Item) bool { return sc[it.PageID] })
	}
	if d.Author != "" {
		// The audit holds no names (personal data): the author is read
		// from the comments still kept, within their retention.
		want := strings.ToLower(d.Author)
		entries = s.entriesOf(r.Context(), entries, func(it store.Item) bool {
			return it.FromID == d.Author || strings.Contains(strings.ToLower(it.FromName), want)
		})
	}
	for _, e := range entries {
		if !matches(e, d.Decision) || (d.By != "" && !strings.EqualFold(e.By, d.By)) || (d.Category != "" && !slices.Contains(e.Categories, d.Category)) {
			continue
		}
		d.Entries = append(d.Entries, newAuditView(e))
		if len(d.Entries) == 500 {
			d.Truncated = true
			break
		}
	}
	s.render(w, http.StatusOK, "history", s.sessionView(r, se, "Historique", "historique", d))
}

// entriesOf keeps the audit entries about the comments keep accepts: the
// user's accounts, or one author. Entries without a comment, or whose item
// has expired, are left out: their account and author are unknown.
func (s *Server) entriesOf(ctx context.Context, entries []store.AuditEntry, keep func(store.Item) bool) []store.AuditEntry {
	var ids []string
	seen := map[string]bool{}
	for _, e := range entries {
		if e.CommentID != "" && !seen[e.CommentID] {
			seen[e.CommentID] = true
			ids = append(ids, e.CommentID)
		}
	}
	items, err := s.o.Store.Items(ctx, ids)
	if err != nil {
		s.log.Warn("reading items for a filtered history failed", zap.Error(err))
		return nil
	}
	mine := map[string]bool{}
	for _, it := range items {
		if keep(it) {
			mine[it.CommentID] = true
		}
	}
	var out []store.AuditEntry
	for _, e := range entries {
		if mine[e.CommentID] {
			out = append(out, e)
		}
	}
	return out
}
