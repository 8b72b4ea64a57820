package app

import (
	"context"
	"fmt"
	"net"

	"go.uber.org/zap"

	"github.com/vigie-fr/vigie/bot/console"
	"github.com/vigie-fr/vigie/bot/links"
	"github.com/vigie-fr/vigie/bot/review"
	"github.com/vigie-fr/vigie/config"
)

// consoleUI is the référent's side: the review service (always), the
// link signer (when console.public_url is set) and the web console (when
// enabled), on its own listener.
type consoleUI struct {
	review   *review.Service
	signer   *links.Signer
	server   *console.Server
	listener net.Listener
}

// newConsole builds the review service and, when the configuration enables
// it, the console. l overrides console.listen (tests, demo).
func (a *App) newConsole(l net.Listener) error {
	cfg := a.cfg
	var err error
	a.ui.review, err = review.New(review.Options{Store: a.store, Actor: a.router, Observe: cfg.Mode == config.ModeObserve, Logger: a.log, Now: a.now})
	if err != nil {
		return fmt.Errorf("app: %w", err)
	}
	k := cfg.Console
	if k.PublicURL != "" {
		a.ui.signer = links.NewSigner([]byte(k.LinkSecret.Reveal()), k.PublicURL, a.now)
	}
	if !k.Enabled() {
		return nil
	}
	users := make(map[string]string, len(k.Users))
	var scoped map[string]map[string]bool
	for _, u := range k.Users {
		users[u.Name] = u.PasswordHash
		if len(u.Communes) > 0 {
			if scoped == nil {
				scoped = map[string]map[string]bool{}
			}
			mine := map[string]bool{}
			for _, id := range u.Communes {
				for _, acc := range cfg.CommuneAccounts(id) {
					mine[acc] = true
				}
			}
			scoped[u.Name] = mine
		}
	}
	linkBy := "lien e-mail"
	if cfg.Referent.Name != "" {
		linkBy = cfg.Referent.Name + " (lien e-mail)"
	}
	a.ui.server, err = console.New(console.Options{
		Store: a.store, Review: a.ui.review, Signer: a.ui.signer, Users: users, UserAccounts: scoped, Secure: k.Secure(),
		SessionTTL: k.SessionTTL.D(), Location: cfg.Location(), Posts: a.router, LinkBy: linkBy,
		MailLog: a.MailLog, Logger: a.log, Now: a.now,
	})
	if err != nil {
		return fmt.Errorf("app: %w", err)
	}
	a.ui.listener = l
	return nil
}

// runConsole serves the console until ctx ends.
func (a *App) runConsole(ctx context.Context) error {
	if a.ui.listener == nil {
		l, err := net.Listen("tcp", a.cfg.Console.Listen)
		if err != nil {
			return fmt.Errorf("listen on %s (console.listen): %w", a.cfg.Console.Listen, err)
		}
		a.ui.listener = l
	}
	a.log.Info("console started", zap.String("addr", a.ui.listener.Addr().String()), zap.String("public_url", a.cfg.Console.PublicURL))
	return a.ui.server.Run(ctx, a.ui.listener)
}

// Review is the service that carries out the référent's decisions.
func (a *App) Review() *review.Service { return a.ui.review }

// Links signs the one-click links of e-mails; nil unless
// console.public_url is set.
func (a *App) Links() *links.Signer { return a.ui.signer }

// Console is the web console's handler; nil when it is not enabled.
func (a *App) Console() *console.Server { return a.ui.server }

// OpenReview builds, for one-shot tools (`vigie queue`, `vigie audit`),
// the store on redis.url and the review service acting through the Graph
// API as the daemon would. close releases the Redis connection.
func OpenReview(cfg *config.Config, logger *zap.Logger) (svc *review.Service, close func(), err error) {
	if logger == nil {
		logger = zap.NewNop()
	}
	a, err := New(Options{Config: cfg, Logger: logger, Consumer: "cli"})
	if err != nil {
		return nil, nil, err
	}
	return a.ui.review, func() {
		if a.ownRedis {
			_ = a.rdb.Close()
		}
	}, nil
}
