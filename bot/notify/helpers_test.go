package notify_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"io"
	"log"
	"math/big"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
	"github.com/redis/go-redis/v9"

	"github.com/vigie-fr/vigie/bot/fakeclock"
	"github.com/vigie-fr/vigie/bot/notify"
	"github.com/vigie-fr/vigie/bot/redistest"
	"github.com/vigie-fr/vigie/bot/store"
	"github.com/vigie-fr/vigie/moderation"
)

const (
	smtpUser = "vigie@saint-exemple.fr"
	smtpPass = "mot-de-passe-smtp"
	referent = "claire.martin@saint-exemple.fr"
	itEmail  = "informatique@saint-exemple.fr"
	escEmail = "maire@saint-exemple.fr"
)

// received is one message the test SMTP server accepted.
type received struct {
	From string
	To   []string
	Data []byte
	Auth bool // the client authenticated
	TLS  bool // over TLS
}

// smtpServer is an in-process SMTP server with STARTTLS and AUTH PLAIN,
// which refuses AUTH before TLS.
type smtpServer struct {
	t    testing.TB
	addr string
	tls  *tls.Config
	pool *x509.CertPool
	srv  *smtp.Server
	ln   net.Listener
	mu   sync.Mutex
	got  []received
	ch   chan received
}

func startSMTP(t testing.TB) *smtpServer {
	t.Helper()
	cert, pool := selfSigned(t)
	s := &smtpServer{t: t, tls: &tls.Config{Certificates: []tls.Certificate{cert}}, pool: pool, ch: make(chan received, 100)}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.addr = l.Addr().String()
	s.serve(l)
	t.Cleanup(s.stop)
	return s
}

func (s *smtpServer) serve(l net.Listener) {
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		_, isTLS := c.TLSConnectionState()
		return &session{s: s, tls: isTLS, conn: c}, nil
	}))
	srv.Domain = "localhost"
	srv.TLSConfig = s.tls
	srv.AllowInsecureAuth = false
	srv.ErrorLog = log.New(io.Discard, "", 0) // refused connections are the point of some tests
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	s.srv, s.ln = srv, l
	go func() { _ = srv.Serve(l) }()
}

// stop takes the server down; restart brings it back on the same port.
func (s *smtpServer) stop() {
	if s.srv != nil {
		_ = s.ln.Close() // Close misses a listener Serve has not registered yet
		_ = s.srv.Close()
		s.srv = nil
	}
}

func (s *smtpServer) restart() {
	s.t.Helper()
	var l net.Listener
	var err error
	for range 50 {
		if l, err = net.Listen("tcp", s.addr); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		s.t.Fatalf("smtp test server: listen again on %s: %v", s.addr, err)
	}
	s.serve(l)
}

func (s *smtpServer) port() int {
	_, p, _ := net.SplitHostPort(s.addr)
	n, _ := strconv.Atoi(p)
	return n
}

func (s *smtpServer) messages() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]received(nil), s.got...)
}

type session struct {
	s    *smtpServer
	conn *smtp.Conn
	tls  bool
	auth bool
	from string
	to   []string
}

func (x *session) AuthMechanisms() []string { return []string{sasl.Plain} }

func (x *session) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, user, pass string) error {
		if user != smtpUser || pass != smtpPass {
			// What real servers answer (go-smtp would say 454).
			return &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: "bad credentials"}
		}
		x.auth = true
		return nil
	}), nil
}

func (x *session) Mail(from string, _ *smtp.MailOptions) error {
	if !x.auth {
		return &smtp.SMTPError{Code: 530, Message: "authentication required"}
	}
	x.from = from
	return nil
}

func (x *session) Rcpt(to string, _ *smtp.RcptOptions) error { x.to = append(x.to, to); return nil }

func (x *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	_, isTLS := x.conn.TLSConnectionState()
	m := received{From: x.from, To: x.to, Data: b, Auth: x.auth, TLS: isTLS}
	x.s.mu.Lock()
	x.s.got = append(x.s.got, m)
	x.s.mu.Unlock()
	x.s.ch <- m
	return nil
}

func (x *session) Reset()        { x.from, x.to = "", nil }
func (x *session) Logout() error { return nil }

// selfSigned makes a certificate for 127.0.0.1 and localhost and a pool
// that trusts it.
func selfSigned(t testing.TB) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "localhost"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		DNSNames: []string{"localhost"}, IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true, IsCA: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool
}

func (s *smtpServer) mailer(t testing.TB, now func() time.Time) *notify.Mailer {
	t.Helper()
	m, err := notify.NewMailer(notify.MailerOptions{
		Host: "127.0.0.1", Port: s.port(), Username: smtpUser, Password: smtpPass,
		From: "Vigie <vigie@saint-exemple.fr>", TLS: notify.TLSStartTLS,
		TLSConfig: &tls.Config{RootCAs: s.pool}, Timeout: 5 * time.Second, Now: now,
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// parsed is a received e-mail, parsed with net/mail and mime/multipart.
type parsed struct {
	Header  mail.Header
	Subject string
	Text    string
	HTML    string
}

func parseMail(t testing.TB, raw []byte) parsed {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("read message: %v", err)
	}
	subj, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		t.Fatalf("decode subject: %v", err)
	}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/alternative" {
		t.Fatalf("content type %q: %v", msg.Header.Get("Content-Type"), err)
	}
	p := parsed{Header: msg.Header, Subject: subj}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("next part: %v", err)
		}
		ct, cp, _ := mime.ParseMediaType(part.Header.Get("Content-Type"))
		if cp["charset"] != "UTF-8" {
			t.Errorf("part %s charset %q", ct, cp["charset"])
		}
		// multipart.Reader decodes quoted-printable itself and removes
		// the header; read the raw part when it did not.
		var r io.Reader = part
		if part.Header.Get("Content-Transfer-Encoding") == "quoted-printable" {
			r = quotedprintable.NewReader(part)
		}
		b, err := io.ReadAll(r)
		if err != nil {
			t.Fatalf("read part %s: %v", ct, err)
		}
		switch ct {
		case "text/plain":
			p.Text = strings.ReplaceAll(string(b), "\r\n", "\n")
		case "text/html":
			p.HTML = strings.ReplaceAll(string(b), "\r\n", "\n")
		default:
			t.Errorf("unexpected part %s", ct)
		}
	}
	return p
}

func (s *smtpServer) wait(t testing.TB, d time.Duration) received {
	t.Helper()
	select {
	case m := <-s.ch:
		return m
	case <-time.After(d):
		t.Fatalf("no e-mail received within %s", d)
	}
	return received{}
}

// env is a store on a private Redis with a fake clock.
type env struct {
	st  *store.Store
	rdb *redis.Client
	clk *fakeclock.Clock
}

// start is a Tuesday morning in Paris, on a digest boundary.
var start = time.Date(2025, 3, 4, 9, 0, 0, 0, time.UTC)

func newEnv(t testing.TB) *env {
	t.Helper()
	url, prefix := redistest.Shared(t)
	opt, err := redis.ParseURL(url)
	if err != nil {
		t.Fatal(err)
	}
	rdb := redis.NewClient(opt)
	t.Cleanup(func() { _ = rdb.Close() })
	clk := fakeclock.New(start)
	st, err := store.New(store.Options{Client: rdb, Prefix: prefix, Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	return &env{st: st, rdb: rdb, clk: clk}
}

// comment describes a fixture.
type comment struct {
	id, text, author string
	cats             []moderation.Category
	event            store.AuditEvent
	mode             string
	correction       string
	page             string // the account; "1000" when empty
}

// commit records a decision about c as the worker would.
func (e *env) commit(t testing.TB, c comment) {
	t.Helper()
	now := e.clk.Now()
	v := moderation.Verdict{Action: moderation.ActionHide, Correction: c.correction}
	review := store.ReviewRemove
	state := store.StateHidden
	switch c.event {
	case store.EventQueued:
		v.Action, review, state = moderation.ActionQueue, store.ReviewAdd, store.StateQueued
	case store.EventWouldHide:
		state = store.StateWouldHide
	}
	var cats []string
	for _, cat := range c.cats {
		v.Findings = append(v.Findings, moderation.Finding{
			Category: cat, Score: 0.9, Rules: []string{string(cat) + ".test"},
			Reason: "Motif de test pour « " + cat.Label() + " ».", Action: v.Action,
		})
		cats = append(cats, string(cat))
		if cat == moderation.Menace {
			v.Urgent = true
		}
	}
	if c.mode == "" {
		c.mode = "act"
	}
	if c.page == "" {
		c.page = "1000"
	}
	it := store.Item{
		Platform: store.PlatformFacebook, PageID: c.page, CommentID: c.id, PostID: c.page + "_77",
		Permalink: "https://www.facebook.com/" + c.page + "/posts/77?comment_id=" + c.id,
		Message:   c.text, TextHash: store.TextHash(c.text), FromID: "42", FromName: c.author,
		Source: store.SourceWebhook, Verb: store.VerbAdd, Verdict: &v, State: state, DecidedHash: store.TextHash(c.text),
		FirstReceivedAt: now, ReceivedAt: now, CreatedTime: now.Add(-time.Minute), ClassifiedAt: now,
	}
	if state == store.StateHidden {
		it.ActedAt = now
	}
	d := store.Decision{Item: it, Review: review, Audit: store.AuditEntry{
		At: now, CommentID: c.id, Event: c.event, Mode: c.mode, Action: string(v.Action), State: string(state), Categories: cats,
	}}
	if _, err := e.st.Commit(context.Background(), d); err != nil {
		t.Fatal(err)
	}
}

// fakeLinks makes predictable links.
type fakeLinks struct{}

func (fakeLinks) URL(id, action string, ttl time.Duration) string {
	return "https://vigie.saint-exemple.fr/l/" + action + "-" + id + "?ttl=" + ttl.String()
}

// dispatcher builds a dispatcher on e with the given channels.
func (e *env) dispatcher(t testing.TB, email, webhook notify.Notifier, mut func(*notify.Options)) *notify.Dispatcher {
	t.Helper()
	o := notify.Options{
		Store: e.st, Email: email, Webhook: webhook,
		Referent: referent, ReferentName: "Claire Martin", Escalation: escEmail, IT: itEmail,
		Links: fakeLinks{}, Pages: map[string]string{"1000": "Mairie de Saint-Exemple"},
		Now: e.clk.Now, Rand: func() float64 { return 0.5 }, Scan: time.Nanosecond,
	}
	if mut != nil {
		mut(&o)
	}
	d, err := notify.New(o)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func step(t testing.TB, d *notify.Dispatcher) int {
	t.Helper()
	n, err := d.Step(context.Background())
	if err != nil {
		t.Fatalf("step: %v", err)
	}
	return n
}

func scan(t testing.TB, d *notify.Dispatcher) {
	t.Helper()
	if err := d.Scan(context.Background()); err != nil {
		t.Fatalf("scan: %v", err)
	}
}
