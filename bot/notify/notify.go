// Package notify tells people what Vigie did and what it needs: the
// référent hears of every comment hidden or waiting for a decision (at once
// for threats and hate, in a digest for the rest, then a reminder and an
// escalation while it waits), and the IT contact hears of what only they
// can fix (an expired token, a missing permission, silent webhooks).
//
// A Notifier sends one Message on one channel: e-mail over SMTP (Mailer) or
// a signed JSON webhook (Webhook). The Dispatcher reads the durable outbox
// the worker fills in the same Redis transaction as its decision
// (store.Commit), renders the messages in French from embedded templates,
// sends them, and takes a notice out of the outbox only once every channel
// has delivered it, so nothing is lost across a crash, a restart or an SMTP
// outage.
//
// Logs carry ids, counts and durations, never comment text or names.
package notify

import (
	"context"
	"errors"
	"time"
)

// Kind says what a message is.
type Kind string

// Message kinds.
const (
	KindItem       Kind = "item"       // one comment, sent at once
	KindDigest     Kind = "digest"     // the comments of the last period
	KindReminder   Kind = "reminder"   // comments still waiting for the référent
	KindEscalation Kind = "escalation" // still waiting, to the second contact
	KindAlert      Kind = "alert"      // for the IT contact
	// KindReferentAlert tells a commune's référent that its own account
	// stopped working; by e-mail only (the chat carries the IT alert).
	KindReferentAlert Kind = "referent_alert"
)

// Message is one notification, rendered.
type Message struct {
	// Key identifies the message: a retry of the same message carries the
	// same key (Message-ID, X-Vigie-Idempotency-Key), so a receiver can
	// drop a duplicate sent after a crash between sending and recording.
	Key     string
	Kind    Kind
	To      []string // e-mail recipients; the webhook ignores them
	Subject string
	Text    string // plain text body
	HTML    string // HTML body
	Urgent  bool
	Date    time.Time
	Items   []ItemView // what the message tells of, for the webhook
	Alert   *AlertView
}

// A Notifier sends a message on one channel. It wraps failures no retry
// can fix (a refused recipient, a bad password, a 4xx) with Permanent.
type Notifier interface {
	Notify(ctx context.Context, m Message) error
}

// NotifierFunc adapts a function to a Notifier.
type NotifierFunc func(ctx context.Context, m Message) error

// Notify calls f.
func (f NotifierFunc) Notify(ctx context.Context, m Message) error { return f(ctx, m) }

type permanentError struct{ err error }

func (e permanentError) Error() string { return e.err.Error() }
func (e permanentError) Unwrap() error { return e.err }

// Permanent marks err as not worth retrying as it is.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return permanentError{err}
}

// IsPermanent reports whether err was marked with Permanent.
func IsPermanent(err error) bool {
	var p permanentError
	return errors.As(err, &p)
}

// LinkMaker makes the one-click links of a message: a URL that opens a
// confirmation page for action ("approve" or "reject") on an item, valid
// for ttl. *links.Signer implements it.
type LinkMaker interface {
	URL(itemID, action string, ttl time.Duration) string
}
