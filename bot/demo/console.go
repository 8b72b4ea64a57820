package demo

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/vigie-fr/vigie/config"
)

// demoUser is the console account the demo creates, with a fresh password
// printed at start.
const demoUser = "demo"

// demoConsole is the référent's console of a demo run.
type demoConsole struct {
	on  bool
	url string
}

// setupConsole enables the console on localhost (127.0.0.1:8081 when free)
// with a demo account, and prints how to open it.
func setupConsole(cfg *config.Config, o Options) (demoConsole, error) {
	if !o.Console {
		return demoConsole{}, nil
	}
	addr := "127.0.0.1:8081"
	if l, err := net.Listen("tcp", addr); err == nil {
		l.Close()
	} else if l, err = net.Listen("tcp", "127.0.0.1:0"); err == nil {
		addr = l.Addr().String()
		l.Close()
	} else {
		return demoConsole{}, fmt.Errorf("demo: console: %w", err)
	}
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		return demoConsole{}, fmt.Errorf("demo: console: %w", err)
	}
	password := hex.EncodeToString(b)
	hash, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	if err != nil {
		return demoConsole{}, fmt.Errorf("demo: console: %w", err)
	}
	secret := make([]byte, 32)
	if _, err := rand.Read(secret); err != nil {
		return demoConsole{}, fmt.Errorf("demo: console: %w", err)
	}
	c := &cfg.Console
	c.Listen = addr
	c.PublicURL = "http://" + addr
	c.LinkSecret = config.NewSecret(hex.EncodeToString(secret))
	c.SessionTTL = config.Duration(12 * time.Hour)
	c.Users = []config.ConsoleUser{{Name: demoUser, PasswordHash: string(hash)}}
	fmt.Fprintf(o.Out, "Console du référent : %s — compte « %s », mot de passe « %s »\n\n", c.PublicURL, demoUser, password)
	return demoConsole{on: true, url: c.PublicURL}, nil
}

// wait keeps the demo running, console open, until ctx ends (Ctrl-C). It
// returns the context for the demo's last steps (summary): ctx itself, or,
// once Ctrl-C ended the wait, one that is not cancelled.
func (d demoConsole) wait(ctx context.Context, out io.Writer) context.Context {
	if !d.on {
		return ctx
	}
	fmt.Fprintf(out, "\nLa démonstration continue : ouvrez %s pour décider des commentaires en attente, rétablir un commentaire masqué et lire les courriels envoyés. Ctrl-C pour terminer.\n", d.url)
	<-ctx.Done()
	return context.WithoutCancel(ctx)
}
