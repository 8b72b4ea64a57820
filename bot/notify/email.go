package notify

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"strconv"
	"time"
)

// TLS modes of the SMTP connection.
const (
	TLSStartTLS = "starttls" // plain connection upgraded with STARTTLS (port 587)
	TLSImplicit = "tls"      // TLS from the first byte (port 465)
	TLSNone     = "none"     // no TLS: a relay on the same host only
)

// MailerOptions configure a Mailer.
type MailerOptions struct {
	Host     string
	Port     int
	Username string // no AUTH when empty
	Password string
	From     string // "Vigie <vigie@commune.fr>"
	TLS      string // starttls (default), tls or none
	// TLSConfig overrides the TLS settings (tests trust their own
	// certificate authority); ServerName defaults to Host.
	TLSConfig *tls.Config
	// Timeout bounds one whole exchange when ctx has no earlier deadline
	// (30 s when zero).
	Timeout time.Duration
	// LocalName is the name given in EHLO ("localhost" when empty).
	LocalName string
	// Now dates the messages; time.Now when nil.
	Now func() time.Time
	// Location is the time zone of the Date header; Europe/Paris when nil.
	Location *time.Location
}

// Mailer sends messages over SMTP with the standard library's net/smtp:
// it does STARTTLS and implicit TLS, and its PLAIN auth refuses to send a
// password in clear to anything but localhost.
type Mailer struct {
	o    MailerOptions
	from *mail.Address
	tls  *tls.Config
}

// NewMailer checks the options and returns a Mailer. It contacts nothing.
func NewMailer(o MailerOptions) (*Mailer, error) {
	if o.Host == "" {
		return nil, errors.New("notify: smtp: no host")
	}
	if o.Port <= 0 || o.Port > 65535 {
		return nil, fmt.Errorf("notify: smtp: port %d", o.Port)
	}
	from, err := mail.ParseAddress(o.From)
	if err != nil {
		return nil, fmt.Errorf("notify: smtp: from %q: %w", o.From, err)
	}
	switch o.TLS {
	case "":
		o.TLS = TLSStartTLS
	case TLSStartTLS, TLSImplicit, TLSNone:
	default:
		return nil, fmt.Errorf("notify: smtp: tls mode %q (expected starttls, tls or none)", o.TLS)
	}
	if o.Timeout <= 0 {
		o.Timeout = 30 * time.Second
	}
	if o.LocalName == "" {
		o.LocalName = "localhost"
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Location == nil {
		loc, err := time.LoadLocation("Europe/Paris")
		if err != nil {
			return nil, fmt.Errorf("notify: smtp: %w", err)
		}
		o.Location = loc
	}
	tc := &tls.Config{MinVersion: tls.VersionTLS12}
	if o.TLSConfig != nil {
		tc = o.TLSConfig.Clone()
	}
	if tc.ServerName == "" {
		tc.ServerName = o.Host
	}
	return &Mailer{o: o, from: from, tls: tc}, nil
}

// Notify sends m to m.To.
func (s *Mailer) Notify(ctx context.Context, m Message) error {
	date := m.Date
	if date.IsZero() {
		date = s.o.Now()
	}
	raw, err := compose(m, s.from, date.In(s.o.Location))
	if err != nil {
		return fmt.Errorf("notify: compose %s: %w", m.Key, err)
	}
	if err := s.send(ctx, m.To, raw); err != nil {
		return fmt.Errorf("notify: smtp %s: %w", net.JoinHostPort(s.o.Host, strconv.Itoa(s.o.Port)), err)
	}
	return nil
}

func (s *Mailer) send(ctx context.Context, to []string, raw []byte) (err error) {
	ctx, cancel := context.WithTimeout(ctx, s.o.Timeout)
	defer cancel()
	addr := net.JoinHostPort(s.o.Host, strconv.Itoa(s.o.Port))
	dialer := &net.Dialer{}
	var conn net.Conn
	if s.o.TLS == TLSImplicit {
		conn, err = (&tls.Dialer{NetDialer: dialer, Config: s.tls}).DialContext(ctx, "tcp", addr)
	} else {
		conn, err = dialer.DialContext(ctx, "tcp", addr)
	}
	if err != nil {
		return classify("connect", err)
	}
	// net/smtp takes no context: the deadline and a cancellation both
	// end the exchange through the connection.
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	stop := context.AfterFunc(ctx, func() { _ = conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	c, err := smtp.NewClient(conn, s.o.Host)
	if err != nil {
		conn.Close()
		return classify("greeting", err)
	}
	defer c.Close()
	if err := c.Hello(s.o.LocalName); err != nil {
		return classify("ehlo", err)
	}
	if s.o.TLS == TLSStartTLS {
		if ok, _ := c.Extension("STARTTLS"); !ok {
			return Permanent(errors.New("the server does not offer STARTTLS (set smtp.tls to tls for port 465)"))
		}
		if err := c.StartTLS(s.tls); err != nil {
			return classify("starttls", err)
		}
	}
	if s.o.Username != "" {
		if ok, _ := c.Extension("AUTH"); !ok {
			return Permanent(errors.New("the server offers no authentication"))
		}
		if err := c.Auth(smtp.PlainAuth("", s.o.Username, s.o.Password, s.o.Host)); err != nil {
			return classify("auth", err)
		}
	}
	if err := c.Mail(s.from.Address); err != nil {
		return classify("mail from", err)
	}
	for _, r := range to {
		a, err := mail.ParseAddress(r)
		if err != nil {
			return Permanent(fmt.Errorf("recipient %q: %w", r, err))
		}
		if err := c.Rcpt(a.Address); err != nil {
			return classify("rcpt", err)
		}
	}
	w, err := c.Data()
	if err != nil {
		return classify("data", err)
	}
	if _, err := w.Write(raw); err != nil {
		return classify("data", err)
	}
	if err := w.Close(); err != nil {
		return classify("data", err)
	}
	if err := c.Quit(); err != nil {
		// The message was accepted at the end of DATA; a failed QUIT does
		// not undo that.
		return nil
	}
	return nil
}

// classify marks as permanent what a retry of the same message cannot
// fix: a 5xx reply (refused recipient, bad password, message refused), a
// certificate that does not verify, a password net/smtp refuses to send in
// clear. Network errors and 4xx replies are worth retrying.
func classify(step string, err error) error {
	err = fmt.Errorf("%s: %w", step, err)
	var te *textproto.Error
	if errors.As(err, &te) && te.Code >= 500 {
		return Permanent(err)
	}
	var ue x509.UnknownAuthorityError
	var he x509.HostnameError
	var ce x509.CertificateInvalidError
	var tv *tls.CertificateVerificationError
	if errors.As(err, &ue) || errors.As(err, &he) || errors.As(err, &ce) || errors.As(err, &tv) {
		return Permanent(err)
	}
	if step == "auth" && te == nil {
		return Permanent(err) // net/smtp's own refusal: unencrypted connection
	}
	return err
}
