package console

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"go.uber.org/zap"

	"github.com/vigie-fr/vigie/bot/review"
	"github.com/vigie-fr/vigie/bot/store"
)

// maxBulk bounds one bulk decision (a page of the queue).
const maxBulk = PageSize

// decisionSubmit carries out one decision (button "act" = "decision|id",
// or fields "decision" and "id" with "texte" for a reply) or a bulk
// decision (button "bulk" = approve|reject on the checked "sel" ids), then
// returns to the page it came from with the outcome.
func (s *Server) decisionSubmit(w http.ResponseWriter, r *http.Request, se *session) {
	f := r.PostForm
	back := safeNext(f.Get("retour"))
	var reqs []review.Request
	switch {
	case f.Get("act") != "":
		d, id, _ := strings.Cut(f.Get("act"), "|")
		reqs = append(reqs, review.Request{CommentID: id, Decision: review.Decision(d)})
	case f.Get("bulk") != "":
		ids := f["sel"]
		if len(ids) == 0 {
			s.flash(r, se, "Aucun commentaire sélectionné.")
			http.Redirect(w, r, back, http.StatusSeeOther)
			return
		}
		if len(ids) > maxBulk {
			s.fail(w, r, http.StatusBadRequest, "Sélection trop grande", fmt.Sprintf("Au plus %d commentaires à la fois.", maxBulk))
			return
		}
		d := review.Decision(f.Get("bulk"))
		if d != review.Approve && d != review.Reject {
			s.fail(w, r, http.StatusBadRequest, "Action inconnue", "Seules l'approbation et le rejet s'appliquent à une sélection.")
			return
		}
		for _, id := range ids {
			reqs = append(reqs, review.Request{CommentID: id, Decision: d})
		}
	default:
		reqs = append(reqs, review.Request{CommentID: f.Get("id"), Decision: review.Decision(f.Get("decision")), Text: f.Get("texte")})
	}
	var done, already int
	var problems []string
	var last review.Outcome
	for _, rq := range reqs {
		if !store.ValidID(rq.CommentID) {
			problems = append(problems, "identifiant de commentaire invalide")
			continue
		}
		if _, err := review.ParseDecision(string(rq.Decision)); err != nil {
			problems = append(problems, "action inconnue")
			continue
		}
		if rq.Decision == review.Delete && f.Get("confirme") != "oui" {
			problems = append(problems, "suppression non confirmée : cochez la case de confirmation")
			continue
		}
		if s.scope(se) != nil {
			it, ok, err := s.o.Store.Item(r.Context(), rq.CommentID)
			if err != nil || !ok || !s.allowed(se, it.PageID) {
				problems = append(problems, "commentaire inconnu")
				continue
			}
		}
		rq.By = se.User
		out, err := s.o.Review.Decide(r.Context(), rq)
		var ad *review.AlreadyDecidedError
		switch {
		case err == nil:
			done++
			last = out
		case errors.As(err, &ad):
			already++
			if len(reqs) == 1 {
				problems = append(problems, fmt.Sprintf("déjà traité par %s le %s (%s)", ad.By, ad.At.In(s.loc).Format("02/01/2006 à 15:04"), ad.Decision.Label()))
			}
		default:
			s.log.Warn("decision failed", zap.String("comment", rq.CommentID), zap.Error(err))
			problems = append(problems, explain(err))
		}
	}
	var msg string
	switch {
	case len(reqs) == 1 && done == 1:
		msg = last.Summary()
	case len(reqs) > 1:
		msg = fmt.Sprintf("%d commentaire(s) traité(s)", done)
		if already > 0 {
			msg += fmt.Sprintf(", %d déjà traité(s) par quelqu'un d'autre", already)
		}
		msg += "."
		if s.o.Review.Observe() && done > 0 {
			msg += " Mode observation : rien n'a été fait sur Facebook."
		}
	}
	if len(problems) > 0 {
		msg = strings.TrimSpace(msg + " Problème : " + strings.Join(dedupe(problems), " ; ") + ".")
	}
	s.flash(r, se, msg)
	http.Redirect(w, r, back, http.StatusSeeOther)
}

func (s *Server) flash(r *http.Request, se *session, msg string) {
	if err := s.o.Store.SetFlash(r.Context(), se.hash, msg); err != nil {
		s.log.Warn("setting a flash message failed", zap.Error(err))
	}
}

// explain says in French why a decision failed.
func explain(err error) string {
	switch {
	case errors.Is(err, review.ErrNoItem):
		return "commentaire inconnu ou effacé au terme de la durée de conservation"
	case errors.Is(err, review.ErrNotPending):
		return "ce commentaire n'attend pas de décision"
	case errors.Is(err, review.ErrBusy):
		return "une autre décision sur ce commentaire est en cours : réessayez dans un instant"
	case errors.Is(err, review.ErrInvalid):
		return "demande incomplète (texte de la réponse vide ?)"
	}
	return "Facebook n'a pas accepté l'action (jeton, droits ou service indisponible) : le commentaire reste en attente, réessayez plus tard"
}

func dedupe(l []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range l {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
