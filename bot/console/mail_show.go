package console

import (
	"net/http"

	"go.uber.org/zap"
)

func (s *Server) mailShow(w http.ResponseWriter, r *http.Request, se *session) {
	if s.restricted(w, r, se) {
		return
	}
	if s.o.MailLog == nil {
		s.fail(w, r, http.StatusNotFound, "Page introuvable", "Le journal des courriels n'est pas disponible.")
		return
	}
	mails, err := s.o.MailLog(r.Context(), 100)
	if err != nil {
		s.log.Warn("reading the mail log failed", zap.Error(err))
		s.fail(w, r, http.StatusServiceUnavailable, "Courriels indisponibles", "Le journal des courriels ne peut pas être lu (base Redis injoignable).")
		return
	}
	s.render(w, http.StatusOK, "mails", s.sessionView(r, se, "Courriels envoyés", "courriels", mails))
}
