// Package console is the référent's web console: log in, review the queue
// of comments Vigie could not decide alone, undo what it hid, read the
// history and the month's figures, and confirm the one-click decisions of
// the e-mail links. Pages are rendered on the server from html/template and
// embedded assets, in French, and fit a phone screen.
//
// Every change is a POST checked twice against cross-site requests
// (http.CrossOriginProtection, then a per-session token); sessions live in
// Redis, the browser holding only a random id whose hash is the key.
package console

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"go.uber.org/zap"

	"github.com/vigie-fr/vigie/bot/graph"
	"github.com/vigie-fr/vigie/bot/links"
	"github.com/vigie-fr/vigie/bot/review"
	"github.com/vigie-fr/vigie/bot/store"
)

// PageSize is how many comments a page of the queue shows.
const PageSize = 50

// PostSource reads the post a comment answers (the Graph API client).
type PostSource interface {
	Post(ctx context.Context, postID string) (graph.Post, error)
}

// Mail is one e-mail Vigie sent, for the « Courriels envoyés » page.
type Mail struct {
	At      time.Time
	To      []string
	Subject string
	Text    string
}

// Options configure a Server.
type Options struct {
	Store  *store.Store
	Review *review.Service
	// Signer checks the one-click links; nil serves no link pages.
	Signer *links.Signer
	// Users maps a login to its bcrypt password hash.
	Users map[string]string
	// UserAccounts maps a login restricted to some communes to the
	// accounts (Page and Instagram ids) it may see; logins absent from it
	// see everything (scope.go).
	UserAccounts map[string]map[string]bool
	// Secure marks cookies Secure (the public address is https).
	Secure     bool
	SessionTTL time.Duration
	// Location is the time zone pages show times in (Europe/Paris).
	Location *time.Location
	// Posts reads posts for context; nil shows the post id only.
	Posts PostSource
	// MailLog lists the e-mails sent, newest first; nil hides the page.
	MailLog func(ctx context.Context, n int) ([]Mail, error)
	// LinkBy names the author of a decision made through an e-mail link
	// by someone not logged in: "lien e-mail" by default.
	LinkBy string
	// Demo shows a banner: nothing reaches a real Page.
	Demo   bool
	Logger *zap.Logger
	Now    func() time.Time
}

// Server serves the console.
type Server struct {
	o     Options
	log   *zap.Logger
	pages *pages
	now   func() time.Time
	loc   *time.Location
	dummy []byte // a bcrypt hash compared when the user is unknown, so timing says nothing
}

// New parses the templates (failing on any error) and returns a Server.
func New(o Options) (*Server, error) {
	if o.Store == nil || o.Review == nil {
		return nil, errors.New("console: store and review service are required")
	}
	s := &Server{o: o, log: o.Logger, now: o.Now, loc: o.Location}
	if s.log == nil {
		s.log = zap.NewNop()
	}
	s.log = s.log.With(zap.String("component", "console"))
	if s.now == nil {
		s.now = time.Now
	}
	if s.loc == nil {
		s.loc = time.UTC
	}
	if s.o.SessionTTL <= 0 {
		s.o.SessionTTL = 12 * time.Hour
	}
	if s.o.LinkBy == "" {
		s.o.LinkBy = "lien e-mail"
	}
	var err error
	if s.pages, err = parsePages(s.loc); err != nil {
		return nil, fmt.Errorf("console: %w", err)
	}
	s.dummy = []byte("$2a$10$0D362Ql.5QvBKDVBZoeJB.10ri137ACLrkRpxBguVDUbGR2jBAlH.")
	return s, nil
}

// Handler returns the console's routes behind the security layers.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /static/", staticHandler())
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/file", http.StatusSeeOther) })
	mux.HandleFunc("GET /connexion", s.loginShow)
	mux.HandleFunc("POST /connexion", s.loginSubmit)
	mux.HandleFunc("POST /deconnexion", s.authed(s.logoutSubmit))
	mux.HandleFunc("GET /file", s.authed(s.queueShow))
	mux.HandleFunc("GET /masques", s.authed(s.hiddenShow))
	mux.HandleFunc("GET /commentaire/{id}", s.authed(s.itemShow))
	mux.HandleFunc("POST /decision", s.authed(s.decisionSubmit))
	mux.HandleFunc("GET /historique", s.authed(s.historyShow))
	mux.HandleFunc("GET /statistiques", s.authed(s.statsShow))
	mux.HandleFunc("GET /courriels", s.authed(s.mailShow))
	mux.HandleFunc("GET /l/{token}", s.linkShow)
	mux.HandleFunc("POST /l/{token}", s.linkSubmit)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, http.StatusNotFound, "Page introuvable", "Cette adresse ne correspond à aucune page de la console.")
	})
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, http.StatusForbidden, "Requête refusée", "Cette action vient d'un autre site : elle a été refusée. Rouvrez la console et recommencez.")
	}))
	return securityHeaders(cop.Handler(mux))
}

// Run serves the console on l until ctx is cancelled, then shuts down
// within 5 s. It returns nil on a clean shutdown.
func (s *Server) Run(ctx context.Context, l net.Listener) error {
	srv := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(l) }()
	select {
	case err := <-errc:
		return fmt.Errorf("console: %w", err)
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil {
		s.log.Warn("console shutdown", zap.Error(err))
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("console: %w", err)
	}
	return nil
}

// securityHeaders sets the headers every answer carries.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cache-Control", "no-store")
		next.ServeHTTP(w, r)
	})
}
