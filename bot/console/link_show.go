package console

import (
	"errors"
	"net/http"

	"go.uber.org/zap"

	"github.com/vigie-fr/vigie/bot/links"
	"github.com/vigie-fr/vigie/bot/review"
)

type linkData struct {
	Token   string
	Action  string // approve | reject
	Label   string // what the button does, in French
	Item    itemView
	Observe bool
}

// checkLink parses the link of the request and refuses, with a French
// page, a forged, expired or already used one. ok is false when the page
// was written.
func (s *Server) checkLink(w http.ResponseWriter, r *http.Request) (links.Claim, bool) {
	if s.o.Signer == nil {
		s.fail(w, r, http.StatusNotFound, "Lien inconnu", "Les liens de décision ne sont pas activés sur ce Vigie (console.public_url).")
		return links.Claim{}, false
	}
	c, err := s.o.Signer.Parse(r.PathValue("token"))
	switch {
	case errors.Is(err, links.ErrExpired):
		s.fail(w, r, http.StatusGone, "Lien expiré", "Ce lien de décision a expiré. Ouvrez la console pour décider de ce commentaire.")
		return c, false
	case err != nil:
		s.fail(w, r, http.StatusForbidden, "Lien invalide", "Ce lien de décision n'est pas valide : il a été modifié ou ne vient pas de Vigie. Aucune action n'a été faite.")
		return c, false
	}
	used, err := s.o.Store.LinkNonceUsed(r.Context(), c.Nonce)
	if err != nil {
		s.log.Warn("checking a link failed", zap.Error(err))
		s.fail(w, r, http.StatusServiceUnavailable, "Lien indisponible", "Le lien ne peut pas être vérifié pour l'instant (base Redis injoignable). Réessayez dans un moment.")
		return c, false
	}
	if used {
		s.fail(w, r, http.StatusConflict, "Lien déjà utilisé", "Ce lien a déjà servi : une décision ne se prend qu'une fois. Ouvrez la console pour voir ce qui a été fait.")
		return c, false
	}
	return c, true
}

func actionLabel(a string) string {
	if a == links.Approve {
		return "Approuver l'action proposée"
	}
	return "Rejeter : laisser le commentaire visible"
}

// linkShow shows the comment and a button: a GET never acts, because
// mail scanners open links.
func (s *Server) linkShow(w http.ResponseWriter, r *http.Request) {
	c, ok := s.checkLink(w, r)
	if !ok {
		return
	}
	it, found, err := s.o.Store.Item(r.Context(), c.ItemID)
	if err != nil || !found {
		s.fail(w, r, http.StatusNotFound, "Commentaire inconnu", "Vigie ne connaît plus ce commentaire (durée de conservation dépassée).")
		return
	}
	d := linkData{Token: r.PathValue("token"), Action: c.Action, Label: actionLabel(c.Action), Item: s.itemView(r.Context(), posts{}, it), Observe: s.o.Review.Observe()}
	if c.Action == links.Approve {
		d.Item.Proposed = review.Proposed(it)
	}
	s.render(w, http.StatusOK, "link", view{Title: "Confirmer la décision", CSRF: s.preToken(w, r), Data: d})
}
