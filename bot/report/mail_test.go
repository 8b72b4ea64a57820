package report_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"image/png"
	"io"
	"log"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/vigie-fr/vigie/bot/notify"
	"github.com/vigie-fr/vigie/bot/report"
)

// smtpSink is an in-process SMTP server keeping what it receives. It
// refuses the mail of the addresses in refuse (550 at RCPT, as a full
// mailbox or a typo does).
type smtpSink struct {
	addr   string
	mu     sync.Mutex
	got    [][]byte
	rcpt   [][]string // recipients of each message accepted
	refuse map[string]bool
}

func startSMTP(t *testing.T) *smtpSink {
	t.Helper()
	s := &smtpSink{refuse: map[string]bool{}}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.addr = l.Addr().String()
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &sinkSession{s: s}, nil }))
	srv.Domain = "localhost"
	srv.ErrorLog = log.New(io.Discard, "", 0)
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() { _ = l.Close(); _ = srv.Close() })
	return s
}

func (s *smtpSink) messages() [][]byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([][]byte(nil), s.got...)
}

func (s *smtpSink) setRefused(addr string, refused bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refuse[addr] = refused
}

func (s *smtpSink) recipients() [][]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.rcpt)
}

func (s *smtpSink) mailer(t *testing.T) *notify.Mailer {
	t.Helper()
	host, p, _ := net.SplitHostPort(s.addr)
	port, _ := strconv.Atoi(p)
	m, err := notify.NewMailer(notify.MailerOptions{Host: host, Port: port, From: "Vigie <vigie@saint-exemple.fr>", TLS: notify.TLSNone, Location: paris})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

type sinkSession struct {
	s  *smtpSink
	to []string
}

func (x *sinkSession) Mail(string, *smtp.MailOptions) error { return nil }
func (x *sinkSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	x.s.mu.Lock()
	refused := x.s.refuse[to]
	x.s.mu.Unlock()
	if refused {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "mailbox unavailable"}
	}
	x.to = append(x.to, to)
	return nil
}
func (x *sinkSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	x.s.mu.Lock()
	x.s.got, x.s.rcpt = append(x.s.got, b), append(x.s.rcpt, x.to)
	x.s.mu.Unlock()
	return nil
}
func (x *sinkSession) Reset()        { x.to = nil }
func (x *sinkSession) Logout() error { return nil }

// part is a decoded MIME leaf.
type part struct {
	ctype, cid, disposition string
	body                    []byte
}

// leaves walks a multipart body and returns its leaves, with the content
// types of the multiparts met on the way.
func leaves(t *testing.T, ctype string, body io.Reader, path *[]string) []part {
	t.Helper()
	mt, params, err := mime.ParseMediaType(ctype)
	if err != nil {
		t.Fatalf("content type %q: %v", ctype, err)
	}
	if !strings.HasPrefix(mt, "multipart/") {
		b, _ := io.ReadAll(body)
		return []part{{ctype: mt, body: b}}
	}
	*path = append(*path, mt)
	var out []part
	mr := multipart.NewReader(body, params["boundary"])
	for {
		p, err := mr.NextRawPart()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		var r io.Reader = p
		switch p.Header.Get("Content-Transfer-Encoding") {
		case "base64":
			r = base64Reader(p)
		case "quoted-printable":
			r = qpReader(p)
		}
		sub := leaves(t, p.Header.Get("Content-Type"), r, path)
		if len(sub) == 1 && !strings.HasPrefix(p.Header.Get("Content-Type"), "multipart/") {
			sub[0].cid, sub[0].disposition = p.Header.Get("Content-ID"), p.Header.Get("Content-Disposition")
		}
		out = append(out, sub...)
	}
}

// TestMailOverSMTP sends the report through the notify mailer to a real
// SMTP server and reads it back as a mail client would.
func TestMailOverSMTP(t *testing.T) {
	in, _ := fixture()
	r, f := build(t, in)
	sink := startSMTP(t)
	to := []string{"Claire Martin <referent@saint-exemple.fr>", "maire@saint-exemple.fr"}
	raw, err := report.Compose(r, f, "Vigie <vigie@saint-exemple.fr>", to, at("2026-11-01 08:00:00"))
	if err != nil {
		t.Fatal(err)
	}
	if err := sink.mailer(t).SendRaw(context.Background(), to, raw); err != nil {
		t.Fatal(err)
	}
	msgs := sink.messages()
	if len(msgs) != 1 || len(sink.rcpt[0]) != 2 {
		t.Fatalf("received %d messages, recipients %v", len(msgs), sink.rcpt)
	}
	m, err := mail.ReadMessage(bytes.NewReader(msgs[0]))
	if err != nil {
		t.Fatalf("the message does not parse: %v", err)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	if err != nil || subject != "Vigie – rapport de modération d'octobre 2026 – Mairie de Saint-Exemple" {
		t.Errorf("subject %q (%v)", subject, err)
	}
	var path []string
	parts := leaves(t, m.Header.Get("Content-Type"), m.Body, &path)
	if strings.Join(path, " > ") != "multipart/mixed > multipart/related > multipart/alternative" {
		t.Errorf("structure %v", path)
	}
	byType := map[string]part{}
	for _, p := range parts {
		byType[p.ctype] = p
	}
	if len(parts) != 4 {
		t.Fatalf("%d parts: %+v", len(parts), path)
	}
	if !bytes.Equal(crlfToLF(byType["text/plain"].body), f.Text) {
		t.Error("the text part differs from the rendered text")
	}
	html := byType["text/html"].body
	if !bytes.Contains(html, []byte(`src="cid:chart.png"`)) {
		t.Error("the HTML does not show the chart inline")
	}
	img := byType["image/png"]
	if img.cid != "<chart.png>" || !strings.HasPrefix(img.disposition, "inline") {
		t.Errorf("chart part: cid %q disposition %q", img.cid, img.disposition)
	}
	if _, err := png.Decode(bytes.NewReader(img.body)); err != nil {
		t.Errorf("the inline chart is not a PNG: %v", err)
	}
	csvPart := byType["text/csv"]
	if !strings.HasPrefix(csvPart.disposition, `attachment; filename="decisions-2026-10.csv"`) || !bytes.Equal(csvPart.body, f.CSV) {
		t.Errorf("CSV attachment: %q, %d bytes (want %d)", csvPart.disposition, len(csvPart.body), len(f.CSV))
	}
	for _, n := range authorNames {
		if bytes.Contains(msgs[0], []byte(n)) {
			t.Errorf("the e-mail names %q", n)
		}
	}
}

func crlfToLF(b []byte) []byte { return bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n")) }

func base64Reader(r io.Reader) io.Reader { return base64.NewDecoder(base64.StdEncoding, r) }
func qpReader(r io.Reader) io.Reader     { return quotedprintable.NewReader(r) }
