package notify_test

import (
	"context"
	"crypto/tls"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vigie-fr/vigie/bot/notify"
)

func TestMailerModes(t *testing.T) {
	srv := startSMTP(t)
	// An implicit-TLS server (port 465 style) on the same backend.
	tlsSrv := &smtpServer{t: t, tls: srv.tls, pool: srv.pool, ch: make(chan received, 10)}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	tlsSrv.addr = l.Addr().String()
	tlsSrv.serve(tls.NewListener(l, srv.tls))
	t.Cleanup(tlsSrv.stop)
	down, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	downPort := down.Addr().(*net.TCPAddr).Port
	down.Close()

	msg := notify.Message{Key: "test:1", Kind: notify.KindAlert, To: []string{itEmail}, Subject: "Essai é", Text: "corps", HTML: "<p>corps</p>"}
	tests := []struct {
		name      string
		port      int
		mode      string
		user      string
		pass      string
		trust     bool
		wantErr   bool
		permanent bool
		got       *smtpServer
	}{
		{"starttls with auth", srv.port(), notify.TLSStartTLS, smtpUser, smtpPass, true, false, false, srv},
		{"implicit tls with auth", tlsSrv.port(), notify.TLSImplicit, smtpUser, smtpPass, true, false, false, tlsSrv},
		{"wrong password is permanent", srv.port(), notify.TLSStartTLS, smtpUser, "faux", true, true, true, nil},
		{"untrusted certificate is permanent", srv.port(), notify.TLSStartTLS, smtpUser, smtpPass, false, true, true, nil},
		{"server refuses auth in clear", srv.port(), notify.TLSNone, smtpUser, smtpPass, true, true, true, nil},
		{"server down is retryable", downPort, notify.TLSStartTLS, smtpUser, smtpPass, true, true, false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tc := &tls.Config{}
			if tt.trust {
				tc.RootCAs = srv.pool
			}
			m, err := notify.NewMailer(notify.MailerOptions{Host: "127.0.0.1", Port: tt.port, Username: tt.user, Password: tt.pass,
				From: "Vigie <vigie@saint-exemple.fr>", TLS: tt.mode, TLSConfig: tc, Timeout: 5 * time.Second})
			if err != nil {
				t.Fatal(err)
			}
			err = m.Notify(context.Background(), msg)
			if (err != nil) != tt.wantErr || notify.IsPermanent(err) != tt.permanent {
				t.Fatalf("err %v (permanent %v), want error %v permanent %v", err, notify.IsPermanent(err), tt.wantErr, tt.permanent)
			}
			if err != nil && strings.Contains(err.Error(), tt.pass) {
				t.Errorf("error %v holds the password", err)
			}
			if tt.got != nil {
				r := tt.got.wait(t, 5*time.Second)
				if p := parseMail(t, r.Data); p.Subject != "Essai é" || !r.TLS {
					t.Errorf("received %q over tls=%v", p.Subject, r.TLS)
				}
			}
		})
	}
}

func TestMailerRespectsContext(t *testing.T) {
	// A server that accepts and never greets.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	port, _ := strconv.Atoi(strings.TrimPrefix(l.Addr().String(), "127.0.0.1:"))
	m, err := notify.NewMailer(notify.MailerOptions{Host: "127.0.0.1", Port: port, From: "vigie@saint-exemple.fr", TLS: notify.TLSNone})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	began := time.Now()
	if err := m.Notify(ctx, notify.Message{Key: "k", To: []string{referent}}); err == nil || notify.IsPermanent(err) {
		t.Errorf("err %v, want a retryable error", err)
	}
	if time.Since(began) > 5*time.Second {
		t.Error("the exchange outlived its context")
	}
}
