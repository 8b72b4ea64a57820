package console

import (
	"net/http"

	"go.uber.org/zap"
)

func (s *Server) hiddenShow(w http.ResponseWriter, r *http.Request, se *session) {
	page, order, oname := pageParams(r)
	items, total, err := s.scopedPage(r.Context(), se, s.o.Store.HiddenPage, order, (page-1)*PageSize, PageSize)
	if err != nil {
		s.log.Warn("listing hidden comments failed", zap.Error(err))
		s.fail(w, r, http.StatusServiceUnavailable, "Liste indisponible", "La liste des commentaires masqués ne peut pas être lue (base Redis injoignable).")
		return
	}
	cache := posts{}
	d := listData{Pager: newPager("/masques", page, total, oname), Return: r.URL.RequestURI(), Observe: s.o.Review.Observe()}
	for _, it := range items {
		d.Items = append(d.Items, s.itemView(r.Context(), cache, it))
	}
	s.render(w, http.StatusOK, "hidden", s.sessionView(r, se, "Masqués automatiquement", "masques", d))
}
