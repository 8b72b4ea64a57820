package console

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"go.uber.org/zap"

	"github.com/vigie-fr/vigie/bot/review"
)

type resultData struct {
	Message string
	ItemID  string
	OK      bool
}

// linkSubmit acts once: the link's nonce is consumed first (SET NX), so a
// replay, even at the same instant, is refused.
func (s *Server) linkSubmit(w http.ResponseWriter, r *http.Request) {
	if !s.checkPre(w, r) {
		s.fail(w, r, http.StatusForbidden, "Requête refusée", "Le formulaire de confirmation a expiré : rouvrez le lien reçu par e-mail.")
		return
	}
	c, ok := s.checkLink(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	fresh, err := s.o.Store.ConsumeLinkNonce(ctx, c.Nonce, c.Expires)
	if err != nil {
		s.log.Warn("consuming a link failed", zap.Error(err))
		s.fail(w, r, http.StatusServiceUnavailable, "Lien indisponible", "Le lien ne peut pas être utilisé pour l'instant (base Redis injoignable). Réessayez dans un moment.")
		return
	}
	if !fresh {
		s.fail(w, r, http.StatusConflict, "Lien déjà utilisé", "Ce lien a déjà servi : une décision ne se prend qu'une fois. Ouvrez la console pour voir ce qui a été fait.")
		return
	}
	by := s.o.LinkBy
	if se, ok := s.currentSession(r); ok {
		by = se.User + " (lien e-mail)"
	}
	out, err := s.o.Review.Decide(ctx, review.Request{CommentID: c.ItemID, Decision: review.Decision(c.Action), By: by})
	var ad *review.AlreadyDecidedError
	switch {
	case err == nil:
		s.render(w, http.StatusOK, "result", view{Title: "Décision enregistrée", Data: resultData{Message: out.Summary(), ItemID: c.ItemID, OK: true}})
	case errors.As(err, &ad):
		msg := fmt.Sprintf("Ce commentaire a déjà été traité par %s le %s (%s). Rien de plus n'a été fait.", ad.By, ad.At.In(s.loc).Format("02/01/2006 à 15:04"), ad.Decision.Label())
		s.render(w, http.StatusConflict, "result", view{Title: "Déjà traité", Data: resultData{Message: msg, ItemID: c.ItemID}})
	case errors.Is(err, review.ErrNotPending) || errors.Is(err, review.ErrNoItem):
		s.render(w, http.StatusConflict, "result", view{Title: "Rien à décider", Data: resultData{Message: "Ce commentaire n'attend plus de décision. Rien n'a été fait.", ItemID: c.ItemID}})
	default:
		// Worth retrying: give the link back.
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		if rerr := s.o.Store.ReleaseLinkNonce(rctx, c.Nonce); rerr != nil {
			s.log.Warn("releasing a link failed", zap.Error(rerr))
		}
		s.log.Warn("link decision failed", zap.String("comment", c.ItemID), zap.Error(err))
		s.render(w, http.StatusBadGateway, "result", view{Title: "Échec", Data: resultData{Message: "La décision n'a pas pu être appliquée : " + explain(err) + ". Le lien reste valable.", ItemID: c.ItemID}})
	}
}
