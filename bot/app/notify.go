package app

import (
	"context"
	"fmt"

	"github.com/vigie-fr/vigie/bot/console"
	"github.com/vigie-fr/vigie/bot/notify"
	"github.com/vigie-fr/vigie/moderation"
)

// newNotify builds the notification dispatcher when there is somewhere to
// send: an SMTP server (smtp.host), a chat webhook (referent.notify_url),
// or mailer, which replaces SMTP (the demo's capture). It needs the link
// signer, so it comes after newConsole.
func (a *App) newNotify(mailer notify.Notifier) error {
	cfg := a.cfg
	n := cfg.Notify
	var email, hook notify.Notifier
	switch {
	case mailer != nil:
		email = mailer
	case cfg.SMTP.Host != "":
		m, err := notify.NewMailer(notify.MailerOptions{
			Host: cfg.SMTP.Host, Port: cfg.SMTP.Port, Username: cfg.SMTP.Username, Password: cfg.SMTP.Password.Reveal(),
			From: cfg.SMTP.From, TLS: cfg.SMTP.TLS, Now: a.now, Location: cfg.Location(),
		})
		if err != nil {
			return fmt.Errorf("app: %w", err)
		}
		email = notify.Retry(m, notify.RetryOptions{})
	}
	if cfg.Referent.NotifyURL != "" {
		w, err := notify.NewWebhook(notify.WebhookOptions{URL: cfg.Referent.NotifyURL, Secret: []byte(n.WebhookSecret.Reveal()), Now: a.now})
		if err != nil {
			return fmt.Errorf("app: %w", err)
		}
		hook = notify.Retry(w, notify.RetryOptions{})
	}
	if email == nil && hook == nil {
		a.log.Info("notifications off: set smtp.host (and referent.email) or referent.notify_url")
		return nil
	}
	pages := make(map[string]string, len(cfg.Pages))
	for _, p := range cfg.Pages {
		pages[p.ID] = p.Name
	}
	for _, ig := range cfg.Instagram {
		pages[ig.ID] = ig.Name
	}
	o := notify.Options{
		Store: a.store, Email: email, Webhook: hook,
		Referent: cfg.Referent.Email, ReferentName: cfg.Referent.Name, Communes: notifyCommunes(cfg), WebhookAlertsOnly: len(cfg.Communes) > 0,
		Escalation: n.EscalationEmail, IT: cfg.ITContact(),
		Immediate: categories(n.Immediate), Quiet: categories(n.Quiet),
		DigestEvery: n.DigestEvery.D(), RemindAfter: n.RemindAfter.D(), EscalateAfter: n.EscalateAfter.D(),
		WebhookSilence: n.WebhookSilence.D(), LinkTTL: n.LinkTTL.D(),
		Pages: pages, Location: cfg.Location(), MailLogSize: n.MailLog,
		TokenValid: a.tokensValid, TokenStates: a.tokenStates, Scan: a.notifyScan,
		Logger: a.log, Now: a.now,
	}
	if a.ui.signer != nil { // a nil *links.Signer must not become a non-nil interface
		o.Links = a.ui.signer
	}
	d, err := notify.New(o)
	if err != nil {
		return fmt.Errorf("app: %w", err)
	}
	a.notifier = d
	return nil
}

func categories(names []string) []moderation.Category {
	out := make([]moderation.Category, len(names))
	for i, n := range names {
		out[i] = moderation.Category(n)
	}
	return out
}

// MailLog lists the e-mails sent, newest first, for the console's page
// and the demo.
func (a *App) MailLog(ctx context.Context, n int) ([]console.Mail, error) {
	recs, err := a.store.MailLog(ctx, n)
	if err != nil {
		return nil, err
	}
	out := make([]console.Mail, len(recs))
	for i, r := range recs {
		out[i] = console.Mail{At: r.At, To: r.To, Subject: r.Subject, Text: r.Text}
	}
	return out, nil
}

// Notifier is the notification dispatcher; nil when notifications are off.
func (a *App) Notifier() *notify.Dispatcher { return a.notifier }
