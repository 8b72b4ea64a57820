package console

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"net"
	"net/http"
	"net/url"
	"strings"

	"go.uber.org/zap"

	"github.com/vigie-fr/vigie/bot/store"
)

const (
	sessionCookie = "vigie_session"
	preCookie     = "vigie_pre" // double-submit token of the forms shown before a session exists
	maxForm       = 64 << 10
)

type ctxKey int

const sessionKey ctxKey = 0

// session is the logged-in user of a request.
type session struct {
	store.Session
	hash string
}

func randomToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic("console: no randomness: " + err.Error()) // crypto/rand does not fail on supported systems
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

func hashID(id string) string {
	sum := sha256.Sum256([]byte(id))
	return hex.EncodeToString(sum[:])
}

func (s *Server) cookieName(base string) string {
	if s.o.Secure {
		return "__Host-" + base // bound to this host, https only
	}
	return base
}

func (s *Server) setCookie(w http.ResponseWriter, name, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: s.cookieName(name), Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: s.o.Secure, SameSite: http.SameSiteLaxMode})
}

// currentSession loads the request's session, if any.
func (s *Server) currentSession(r *http.Request) (*session, bool) {
	c, err := r.Cookie(s.cookieName(sessionCookie))
	if err != nil || c.Value == "" || len(c.Value) > 100 {
		return nil, false
	}
	h := hashID(c.Value)
	se, ok, err := s.o.Store.Session(r.Context(), h)
	if err != nil {
		s.log.Warn("loading a session failed", zap.Error(err))
		return nil, false
	}
	if !ok {
		return nil, false
	}
	return &session{Session: se, hash: h}, true
}

// authed requires a session; a POST also requires the session's token.
func (s *Server) authed(h func(http.ResponseWriter, *http.Request, *session)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		se, ok := s.currentSession(r)
		if !ok {
			if r.Method == http.MethodGet {
				http.Redirect(w, r, "/connexion?suite="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			s.fail(w, r, http.StatusForbidden, "Session expirée", "Votre session a expiré : reconnectez-vous, puis recommencez.")
			return
		}
		if r.Method == http.MethodPost {
			r.Body = http.MaxBytesReader(w, r.Body, maxForm)
			if err := r.ParseForm(); err != nil || !sameToken(r.PostForm.Get("csrf"), se.CSRF) {
				s.fail(w, r, http.StatusForbidden, "Requête refusée", "Le jeton de sécurité du formulaire manque ou ne correspond pas : rechargez la page et recommencez.")
				return
			}
		}
		h(w, r.WithContext(context.WithValue(r.Context(), sessionKey, se)), se)
	}
}

func sameToken(a, b string) bool {
	return a != "" && b != "" && subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// preToken returns the double-submit token of forms shown without a
// session (login, link confirmation), setting its cookie when missing.
func (s *Server) preToken(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie(s.cookieName(preCookie)); err == nil && len(c.Value) >= 32 && len(c.Value) <= 100 {
		return c.Value
	}
	t := randomToken()
	s.setCookie(w, preCookie, t, 0)
	return t
}

// checkPre checks a form shown without a session: its token must match
// the cookie.
func (s *Server) checkPre(w http.ResponseWriter, r *http.Request) bool {
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if err := r.ParseForm(); err != nil {
		return false
	}
	c, err := r.Cookie(s.cookieName(preCookie))
	return err == nil && sameToken(r.PostForm.Get("csrf"), c.Value)
}

// clientIP is the peer's address; behind a reverse proxy on the same host,
// the address the proxy saw.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
			parts := strings.Split(xff, ",")
			if p := strings.TrimSpace(parts[len(parts)-1]); net.ParseIP(p) != nil {
				return p
			}
		}
	}
	return host
}

// safeNext keeps a redirect after login on this site.
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/file"
	}
	return next
}
