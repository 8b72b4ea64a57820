package console

import (
	"net/http"

	"go.uber.org/zap"

	"github.com/vigie-fr/vigie/bot/store"
)

type itemData struct {
	Item    itemView
	Pending bool
	Reply   string // prefilled reply: the official correction, if any
	Audit   []auditView
	Observe bool
}

func (s *Server) itemShow(w http.ResponseWriter, r *http.Request, se *session) {
	id := r.PathValue("id")
	ctx := r.Context()
	it, ok, err := s.o.Store.Item(ctx, id)
	if err != nil {
		s.log.Warn("loading an item failed", zap.Error(err))
		s.fail(w, r, http.StatusServiceUnavailable, "Commentaire indisponible", "Ce commentaire ne peut pas être lu (base Redis injoignable).")
		return
	}
	if !ok || !store.ValidID(id) || !s.allowed(se, it.PageID) {
		s.fail(w, r, http.StatusNotFound, "Commentaire inconnu", "Vigie ne connaît pas ce commentaire, ou il a été effacé au terme de la durée de conservation.")
		return
	}
	queued, _ := s.o.Store.InQueue(ctx, id)
	hidden, _ := s.o.Store.InHidden(ctx, id)
	d := itemData{Item: s.itemView(ctx, posts{}, it), Pending: queued || hidden, Observe: s.o.Review.Observe()}
	if it.Verdict != nil {
		d.Reply = it.Verdict.Correction
	}
	entries, err := s.o.Store.CommentAudit(ctx, id, 5000)
	if err == nil {
		for _, e := range entries {
			d.Audit = append(d.Audit, newAuditView(e))
		}
	}
	s.render(w, http.StatusOK, "item", s.sessionView(r, se, "Commentaire", "", d))
}
