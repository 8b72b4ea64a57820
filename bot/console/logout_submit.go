package console

import (
	"net/http"

	"go.uber.org/zap"
)

func (s *Server) logoutSubmit(w http.ResponseWriter, r *http.Request, se *session) {
	if err := s.o.Store.DeleteSession(r.Context(), se.hash); err != nil {
		s.log.Warn("deleting a session failed", zap.Error(err))
	}
	s.setCookie(w, sessionCookie, "", -1)
	http.Redirect(w, r, "/connexion", http.StatusSeeOther)
}
