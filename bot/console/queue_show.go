package console

import (
	"net/http"
	"strconv"

	"go.uber.org/zap"

	"github.com/vigie-fr/vigie/bot/store"
)

type listData struct {
	Items   []itemView
	Pager   pager
	Return  string
	Observe bool
}

// pageParams reads ?page= and ?ordre= (recent: newest first, the default;
// arrivee: oldest first).
func pageParams(r *http.Request) (page int, order store.Order, name string) {
	page, _ = strconv.Atoi(r.URL.Query().Get("page"))
	page = max(page, 1)
	if r.URL.Query().Get("ordre") == "arrivee" {
		return page, store.OldestFirst, "arrivee"
	}
	return page, store.NewestFirst, "recent"
}

func (s *Server) queueShow(w http.ResponseWriter, r *http.Request, se *session) {
	page, order, oname := pageParams(r)
	items, total, err := s.scopedPage(r.Context(), se, s.o.Store.QueuePage, order, (page-1)*PageSize, PageSize)
	if err != nil {
		s.log.Warn("listing the queue failed", zap.Error(err))
		s.fail(w, r, http.StatusServiceUnavailable, "File indisponible", "La file d'attente ne peut pas être lue (base Redis injoignable). Réessayez dans un moment.")
		return
	}
	cache := posts{}
	d := listData{Pager: newPager("/file", page, total, oname), Return: r.URL.RequestURI(), Observe: s.o.Review.Observe()}
	for _, it := range items {
		d.Items = append(d.Items, s.itemView(r.Context(), cache, it))
	}
	s.render(w, http.StatusOK, "queue", s.sessionView(r, se, "Commentaires à examiner", "file", d))
}

// sessionView fills the layout's fields for a logged-in page, taking the
// session's one-time message.
func (s *Server) sessionView(r *http.Request, se *session, title, nav string, data any) view {
	flash, err := s.o.Store.PopFlash(r.Context(), se.hash)
	if err != nil {
		s.log.Warn("reading a flash message failed", zap.Error(err))
	}
	return view{Title: title, User: se.User, CSRF: se.CSRF, Flash: flash, Nav: nav, Data: data}
}
