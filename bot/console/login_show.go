package console

import "net/http"

type loginData struct {
	Next  string
	Name  string
	Error string
}

func (s *Server) loginShow(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.currentSession(r); ok {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("suite")), http.StatusSeeOther)
		return
	}
	s.render(w, http.StatusOK, "login", view{Title: "Connexion", CSRF: s.preToken(w, r), Data: loginData{Next: safeNext(r.URL.Query().Get("suite"))}})
}
