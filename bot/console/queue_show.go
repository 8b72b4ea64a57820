package console

import (
	"context"
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
	s.listShow(w, r, se, commentList{
		read: s.o.Store.QueuePage, path: "/file", template: "queue", title: "Commentaires à examiner", nav: "file",
		failTitle: "File indisponible", failure: "La file d'attente ne peut pas être lue (base Redis injoignable). Réessayez dans un moment.",
	})
}

// commentList is one paginated list of comments: the queue or the hidden.
type commentList struct {
	read                       func(ctx context.Context, o store.Order, offset, limit int) ([]store.Item, int64, error)
	path, template, title, nav string
	failTitle, failure         string
}

// listShow renders one page of a list, limited to the user's communes.
func (s *Server) listShow(w http.ResponseWriter, r *http.Request, se *session, l commentList) {
	page, order, oname := pageParams(r)
	items, total, err := s.scopedPage(r.Context(), se, l.read, order, (page-1)*PageSize, PageSize)
	if err != nil {
		s.log.Warn("listing comments failed", zap.String("list", l.template), zap.Error(err))
		s.fail(w, r, http.StatusServiceUnavailable, l.failTitle, l.failure)
		return
	}
	cache := posts{}
	d := listData{Pager: newPager(l.path, page, total, oname), Return: r.URL.RequestURI(), Observe: s.o.Review.Observe()}
	for _, it := range items {
		d.Items = append(d.Items, s.itemView(r.Context(), cache, it))
	}
	s.render(w, http.StatusOK, l.template, s.sessionView(r, se, l.title, l.nav, d))
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
