package main

import (
	"context"
	"flag"
	"fmt"
	"html"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/vigie-fr/vigie/bot/notify"
	"github.com/vigie-fr/vigie/config"
)

// cmdNotify is « vigie notify test » : send one test e-mail (and the chat
// webhook when configured) with the settings `vigie run` would use, so the
// IT contact sees at install time whether the mail gets through.
func cmdNotify(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "test" {
		fmt.Fprintln(stderr, "usage : vigie notify test [--config FICHIER] [--to ADRESSE]")
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return 0
		}
		return 2
	}
	fs := flag.NewFlagSet("notify test", flag.ContinueOnError)
	fs.SetOutput(stderr)
	path := fs.String("config", defaultConfigPath, "fichier de configuration")
	to := fs.String("to", "", "destinataire (par défaut referent.email)")
	if code, ok := parseFlags(fs, args[1:]); !ok {
		return code
	}
	c, err := config.Load(*path)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	if *to == "" {
		*to = c.Referent.Email
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	host, _ := os.Hostname()
	now := time.Now()
	text := fmt.Sprintf("Ceci est un courriel d'essai envoyé par « vigie notify test » depuis %s.\nS'il vous parvient, Vigie pourra prévenir le référent.\n", host)
	m := notify.Message{
		Key: "test:" + host + ":" + strconv.FormatInt(now.UnixNano(), 10), Kind: notify.KindAlert, To: []string{*to},
		Subject: "Vigie – courriel d'essai", Text: text, HTML: "<p>" + html.EscapeString(text) + "</p>", Date: now,
	}
	failed := false
	switch {
	case c.SMTP.Host == "":
		fmt.Fprintln(stdout, "courriel : smtp.host n'est pas renseigné, rien à essayer")
	case *to == "":
		fmt.Fprintln(stdout, "courriel : aucun destinataire (referent.email ou --to)")
	default:
		mailer, err := notify.NewMailer(notify.MailerOptions{
			Host: c.SMTP.Host, Port: c.SMTP.Port, Username: c.SMTP.Username, Password: c.SMTP.Password.Reveal(),
			From: c.SMTP.From, TLS: c.SMTP.TLS, Location: c.Location(),
		})
		if err == nil {
			err = mailer.Notify(ctx, m)
		}
		if err != nil {
			failed = true
			fmt.Fprintf(stdout, "courriel : échec vers %s : %v\n", *to, err)
		} else {
			fmt.Fprintf(stdout, "courriel : accepté par %s:%d pour %s\n", c.SMTP.Host, c.SMTP.Port, *to)
		}
	}
	if c.Referent.NotifyURL != "" {
		w, err := notify.NewWebhook(notify.WebhookOptions{URL: c.Referent.NotifyURL, Secret: []byte(c.Notify.WebhookSecret.Reveal())})
		if err == nil {
			err = w.Notify(ctx, m)
		}
		if err != nil {
			failed = true
			fmt.Fprintf(stdout, "webhook : échec : %v\n", err)
		} else {
			fmt.Fprintln(stdout, "webhook : accepté")
		}
	}
	if failed {
		return 1
	}
	return 0
}
