package config

import (
	"fmt"
	"net/mail"
	"time"

	"github.com/vigie-fr/vigie/moderation"
)

// EnvNotifyWebhookSecret carries the key that signs the JSON webhook
// (notify.webhook_secret_file).
const EnvNotifyWebhookSecret = "VIGIE_NOTIFY_WEBHOOK_SECRET"

// Notify configures the notifications to the référent, the second contact
// and the IT contact.
type Notify struct {
	// Immediate lists the categories notified at once, one e-mail per
	// comment; the others wait for the digest. A threat (menace) is always
	// immediate and marked urgent.
	Immediate []string `yaml:"immediate"`
	// Quiet lists the categories never notified on their own (spam by
	// default): they are hidden and counted in the monthly report.
	Quiet []string `yaml:"quiet"`
	// DigestEvery is the period of the digest of everything else; nothing
	// is sent when there is nothing.
	DigestEvery Duration `yaml:"digest_every"`
	// RemindAfter is how long a comment may wait for the référent before
	// one reminder.
	RemindAfter Duration `yaml:"remind_after"`
	// EscalateAfter is how long before the second contact is told.
	EscalateAfter Duration `yaml:"escalate_after"`
	// EscalationEmail is the second contact (the mayor, the DGS…); no
	// escalation when empty. With communes, it is every commune's second
	// contact, and only allowed when no commune names its own
	// (communes[].notify.escalation_email, validateSharedEscalation).
	EscalationEmail string `yaml:"escalation_email"`
	// ITEmail receives the technical alerts (token, permissions, silent
	// webhooks); referent.email when empty.
	ITEmail string `yaml:"it_email"`
	// WebhookSecretFile holds the key that signs the JSON webhook sent to
	// referent.notify_url (or env VIGIE_NOTIFY_WEBHOOK_SECRET).
	WebhookSecretFile string `yaml:"webhook_secret_file"`
	// LinkTTL is how long the « Approuver » / « Rejeter » links stay valid.
	LinkTTL Duration `yaml:"link_ttl"`
	// WebhookSilence is how long Meta's webhooks may stay silent while the
	// poller finds comments before the IT contact is alerted.
	WebhookSilence Duration `yaml:"webhook_silence"`
	// MailLog is how many sent e-mails are kept for the console and the demo.
	MailLog int `yaml:"mail_log"`

	WebhookSecret Secret `yaml:"-"`
}

// Notification defaults.
var defaultImmediate = []string{string(moderation.Menace), string(moderation.Haineux)}

func (n *Notify) applyDefaults() {
	if n.Immediate == nil {
		n.Immediate = append([]string(nil), defaultImmediate...)
	}
	if n.Quiet == nil {
		n.Quiet = []string{string(moderation.Spam)}
	}
	setDur := func(d *Duration, v time.Duration) {
		if *d == 0 {
			*d = Duration(v)
		}
	}
	setDur(&n.DigestEvery, 30*time.Minute)
	setDur(&n.RemindAfter, 24*time.Hour)
	setDur(&n.EscalateAfter, 72*time.Hour)
	setDur(&n.LinkTTL, 7*24*time.Hour)
	setDur(&n.WebhookSilence, 6*time.Hour)
	if n.MailLog == 0 {
		n.MailLog = 200
	}
}

// ITContact is where technical alerts go: notify.it_email, else the
// référent.
func (c *Config) ITContact() string {
	if c.Notify.ITEmail != "" {
		return c.Notify.ITEmail
	}
	return c.Referent.Email
}

func (c *Config) validateNotify(ps *problems) {
	n := &c.Notify
	cats := func(key string, list []string) {
		for i, name := range list {
			if !moderation.Category(name).Valid() {
				ps.add(fmt.Sprintf("%s[%d]", key, i), "« %s » : catégorie inconnue (catégories : %s)", name, categoryList())
			}
		}
	}
	cats("notify.immediate", n.Immediate)
	cats("notify.quiet", n.Quiet)
	for _, q := range n.Quiet {
		if q == string(moderation.Menace) {
			ps.add("notify.quiet", "une menace est toujours signalée au référent : retirez « menace » de cette liste")
		}
	}
	between := func(key string, d Duration, lo, hi time.Duration, los, his string) {
		if d.D() < lo || d.D() > hi {
			ps.add(key, "%s : doit être entre %s et %s", d, los, his)
		}
	}
	between("notify.digest_every", n.DigestEvery, time.Minute, 24*time.Hour, "1m", "24h")
	between("notify.remind_after", n.RemindAfter, time.Hour, 30*24*time.Hour, "1h", "30d")
	between("notify.escalate_after", n.EscalateAfter, time.Hour, 60*24*time.Hour, "1h", "60d")
	between("notify.link_ttl", n.LinkTTL, time.Hour, 30*24*time.Hour, "1h", "30d")
	between("notify.webhook_silence", n.WebhookSilence, 30*time.Minute, 7*24*time.Hour, "30m", "7d")
	if n.EscalateAfter.D() <= n.RemindAfter.D() {
		ps.add("notify.escalate_after", "%s : doit être plus long que notify.remind_after (%s), le rappel au référent vient d'abord", n.EscalateAfter, n.RemindAfter)
	}
	if n.MailLog < 1 || n.MailLog > 10000 {
		ps.add("notify.mail_log", "%d : doit être entre 1 et 10000", n.MailLog)
	}
	addr := func(key, v string) {
		if v == "" {
			return
		}
		if _, err := mail.ParseAddress(v); err != nil {
			ps.add(key, "« %s » n'est pas une adresse e-mail", v)
		} else if c.SMTP.Host == "" {
			ps.add("smtp.host", "un serveur SMTP est nécessaire pour écrire à %s (%s)", v, key)
		}
	}
	addr("notify.escalation_email", n.EscalationEmail)
	addr("notify.it_email", n.ITEmail)
	if c.Referent.NotifyURL != "" && !n.WebhookSecret.IsSet() && n.WebhookSecretFile == "" {
		ps.add("notify.webhook_secret_file", "clé de signature du webhook absente (referent.notify_url est renseignée) : renseignez cette clé ou la variable %s (par exemple : openssl rand -hex 32)", EnvNotifyWebhookSecret)
	}
}
