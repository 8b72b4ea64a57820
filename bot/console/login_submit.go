package console

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"go.uber.org/zap"
	"golang.org/x/crypto/bcrypt"

	"github.com/vigie-fr/vigie/bot/store"
)

// Login throttling: after MaxLoginFailures wrong passwords for one name
// or from one address within LoginWindow, logins are refused until the
// window ends, even with the right password.
const (
	MaxLoginFailures = 5
	LoginWindow      = 15 * time.Minute
)

func (s *Server) loginSubmit(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if !s.checkPre(w, r) {
		s.fail(w, r, http.StatusForbidden, "Requête refusée", "Le formulaire de connexion a expiré : rechargez la page et recommencez.")
		return
	}
	name := strings.ToLower(strings.TrimSpace(r.PostForm.Get("nom")))
	pass := r.PostForm.Get("motdepasse")
	next := safeNext(r.PostForm.Get("suite"))
	retry := func(status int, msg string) {
		s.render(w, status, "login", view{Title: "Connexion", CSRF: s.preToken(w, r), Data: loginData{Next: next, Name: name, Error: msg}})
	}
	keys := []string{"user:" + name, "ip:" + clientIP(r)}
	counts, err := s.o.Store.LoginFailures(ctx, keys...)
	if err != nil {
		s.log.Warn("reading login failures failed", zap.Error(err))
		retry(http.StatusServiceUnavailable, "La console ne peut pas vérifier votre connexion pour l'instant (base Redis injoignable). Réessayez dans un moment.")
		return
	}
	for _, n := range counts {
		if n >= MaxLoginFailures {
			s.log.Info("login refused: too many failures", zap.String("ip", clientIP(r)))
			retry(http.StatusTooManyRequests, fmt.Sprintf("Trop d'essais infructueux : la connexion est bloquée pendant %d minutes. Réessayez plus tard.", int(LoginWindow.Minutes())))
			return
		}
	}
	hash, known := s.o.Users[name]
	if !known {
		hash = string(s.dummy)
	}
	if bcrypt.CompareHashAndPassword([]byte(hash), []byte(pass)) != nil || !known {
		if err := s.o.Store.AddLoginFailure(ctx, LoginWindow, keys...); err != nil {
			s.log.Warn("counting a login failure failed", zap.Error(err))
		}
		retry(http.StatusUnauthorized, "Nom ou mot de passe incorrect.")
		return
	}
	id := randomToken()
	se := store.Session{User: name, CSRF: randomToken(), CreatedAt: s.now()}
	if err := s.o.Store.CreateSession(ctx, hashID(id), se, s.o.SessionTTL); err != nil {
		s.log.Warn("creating a session failed", zap.Error(err))
		retry(http.StatusServiceUnavailable, "La session n'a pas pu être ouverte (base Redis injoignable). Réessayez dans un moment.")
		return
	}
	_ = s.o.Store.ClearLoginFailures(ctx, keys[0])
	s.setCookie(w, sessionCookie, id, int(s.o.SessionTTL.Seconds()))
	s.log.Info("login", zap.String("user", name))
	http.Redirect(w, r, next, http.StatusSeeOther)
}
