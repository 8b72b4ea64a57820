package main

import (
	"bytes"
	"io"
	"log"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/emersion/go-smtp"
)

// relay is a local SMTP relay without TLS or auth (smtp.tls: none).
type relay struct {
	mu   sync.Mutex
	data [][]byte
}

type relaySession struct{ r *relay }

func (s relaySession) Mail(string, *smtp.MailOptions) error { return nil }
func (s relaySession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (s relaySession) Reset()                               {}
func (s relaySession) Logout() error                        { return nil }
func (s relaySession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	s.r.mu.Lock()
	s.r.data = append(s.r.data, b)
	s.r.mu.Unlock()
	return err
}

// startRelay starts an in-process SMTP server on a free port that keeps
// every message it accepts; it stops with the test.
func startRelay(t *testing.T) (*relay, int) {
	t.Helper()
	r := &relay{}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return relaySession{r}, nil }))
	srv.Domain, srv.ErrorLog = "localhost", log.New(io.Discard, "", 0)
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() { l.Close(); srv.Close() })
	return r, l.Addr().(*net.TCPAddr).Port
}

func TestNotifyTestSendsAMail(t *testing.T) {
	r, smtpPort := startRelay(t)

	dir := t.TempDir()
	path := filepath.Join(dir, "vigie.yaml")
	port := strconv.Itoa(smtpPort)
	cfg := `pages: [{id: "123", name: Mairie}]
referent: {name: Claire, email: claire@saint-exemple.fr}
smtp: {host: 127.0.0.1, port: ` + port + `, tls: none, from: "Vigie <vigie@saint-exemple.fr>"}
`
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("VIGIE_PAGE_TOKEN", "p")
	t.Setenv("VIGIE_APP_SECRET", "a")
	t.Setenv("VIGIE_VERIFY_TOKEN", "v")
	code, out, errOut := runCmd(t, "", "notify", "test", "--config", path)
	if code != 0 || !strings.Contains(out, "accepté") {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.data) != 1 || !bytes.Contains(r.data[0], []byte("To: <claire@saint-exemple.fr>")) {
		t.Errorf("relay got %q", r.data)
	}
}
