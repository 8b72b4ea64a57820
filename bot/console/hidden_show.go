package console

import "net/http"

func (s *Server) hiddenShow(w http.ResponseWriter, r *http.Request, se *session) {
	s.listShow(w, r, se, commentList{
		read: s.o.Store.HiddenPage, path: "/masques", template: "hidden", title: "Masqués automatiquement", nav: "masques",
		failTitle: "Liste indisponible", failure: "La liste des commentaires masqués ne peut pas être lue (base Redis injoignable).",
	})
}
