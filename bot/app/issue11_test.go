package app

import (
	"context"
	"fmt"
	"io"
	"log"
	"mime"
	"mime/multipart"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/vigie-fr/vigie/bot/fakeclock"
	"github.com/vigie-fr/vigie/bot/graphemu"
	"github.com/vigie-fr/vigie/bot/store"
)

// smtpBox is an in-process SMTP relay (no TLS, no auth: smtp.tls: none)
// keeping every message it accepts, parsed.
type smtpBox struct {
	t    *testing.T
	port int
	mu   sync.Mutex
	got  []boxMail
}

type boxMail struct {
	To      []string
	Subject string
	Text    string
}

func startSMTPBox(t *testing.T) *smtpBox {
	t.Helper()
	b := &smtpBox{t: t}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	b.port = l.Addr().(*net.TCPAddr).Port
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &boxSession{b: b}, nil }))
	srv.Domain = "localhost"
	srv.ErrorLog = log.New(io.Discard, "", 0)
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() { _ = l.Close(); _ = srv.Close() })
	return b
}

type boxSession struct {
	b  *smtpBox
	to []string
}

func (x *boxSession) Mail(string, *smtp.MailOptions) error { return nil }
func (x *boxSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	x.to = append(x.to, to)
	return nil
}
func (x *boxSession) Data(r io.Reader) error {
	msg, err := mail.ReadMessage(r)
	if err != nil {
		return err
	}
	subject, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	m := boxMail{To: x.to, Subject: subject}
	_, params, _ := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := mr.NextPart()
		if err != nil {
			break
		}
		if strings.HasPrefix(p.Header.Get("Content-Type"), "text/plain") {
			body, _ := io.ReadAll(p)
			m.Text = strings.ReplaceAll(string(body), "\r\n", "\n")
		}
	}
	x.b.mu.Lock()
	x.b.got = append(x.b.got, m)
	x.b.mu.Unlock()
	return nil
}
func (x *boxSession) Reset()        { x.to = nil }
func (x *boxSession) Logout() error { return nil }

// to returns the messages sent to addr whose subject contains subject.
func (b *smtpBox) to(addr, subject string) []boxMail {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []boxMail
	for _, m := range b.got {
		for _, t := range m.To {
			if t == addr && strings.Contains(m.Subject, subject) {
				out = append(out, m)
			}
		}
	}
	return out
}

func (b *smtpBox) all() []boxMail {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]boxMail(nil), b.got...)
}

// commentOn2 posts a comment on the second commune's Page and sends its
// webhook.
func (h *harness) commentOn2(text string) graphemu.Comment {
	h.t.Helper()
	c, err := h.emu2.AddComment(h.post2.ID, graphemu.NewComment{FromID: "7000002", FromName: "Luc Voisin", Message: text, CreatedTime: h.now()})
	if err != nil {
		h.t.Fatal(err)
	}
	payload, _ := h.emu2.CommentWebhook(c.ID, graphemu.VerbAdd)
	if status, err := h.emu2.SendWebhook(context.Background(), h.baseURL+"/webhooks/meta", payload); err != nil || status != 200 {
		h.t.Fatalf("webhook: %d %v", status, err)
	}
	return c
}

const communesYAML = `smtp: {host: 127.0.0.1, port: %d, from: vigie@interco.fr, tls: none}
referent: {name: Service commun, email: it@interco.fr}
notify: {remind_after: 1h, escalate_after: 2h, it_email: it@interco.fr}
moderation: {categories: {injurieux: {action: queue}}}
communes:
  - id: test
    name: Mairie de Test
    pages: [%q]
    referent: {name: Alice, email: alice@test.fr}
    notify: {escalation_email: maire@test.fr}
  - id: deux
    name: Mairie de Deux
    pages: [%q]
    referent: {name: Bruno, email: bruno@deux.fr}
    notify: {escalation_email: maire@deux.fr, escalate_after: 3h}
`

// Issue 11: two communes in one deployment, each with its référent and
// its own second contact; comments of both wait for a decision. Over real
// SMTP, each digest, reminder and escalation carries its commune's
// comments only, each at its commune's delay.
func TestCommunesDigestsAndEscalationsOverSMTP(t *testing.T) {
	clk := fakeclock.New(time.Now())
	box := startSMTPBox(t)
	h := newHarness(t, withClock(clk), withSecondPage())
	h.extraYAML = fmt.Sprintf(communesYAML, box.port, testPageID, testPage2ID)
	h.notifyScan = time.Second // on the fake clock: every round after an Advance
	h.start(0)
	h.settle()

	a1 := h.comment("Quel tocard ce conseiller de Test")
	h.webhook(a1.ID)
	a2 := h.comment("Encore un tocard à la mairie de Test")
	h.webhook(a2.ID)
	b1 := h.commentOn2("Le tocard de Deux a encore frappé")
	for _, id := range []string{a1.ID, a2.ID, b1.ID} {
		h.waitState(id, store.StateQueued)
	}
	texts := map[string]string{a1.ID: a1.Message, a2.ID: a2.Message, b1.ID: b1.Message}
	only := func(what string, m boxMail, want ...string) {
		t.Helper()
		for id, text := range texts {
			mine := false
			for _, w := range want {
				mine = mine || w == id
			}
			if has := strings.Contains(m.Text, text); has != mine {
				t.Errorf("%s: comment %q shown = %v, want %v\n%s", what, text, has, mine, m.Text)
			}
		}
	}

	h.eventually("the three notices parked for the digest", func() bool {
		keys, err := h.rdb.ZRange(context.Background(), "e2e:outbox:due", 0, -1).Result()
		if err != nil || len(keys) != 3 {
			return false
		}
		for _, k := range keys {
			if p, _ := h.rdb.HGet(context.Background(), "e2e:outbox:n:"+k, "parked").Result(); p != "1" {
				return false
			}
		}
		return true
	})
	clk.Advance(31 * time.Minute) // the digest
	h.eventually("a digest to each référent", func() bool {
		return len(box.to("alice@test.fr", "récapitulatif")) == 1 && len(box.to("bruno@deux.fr", "récapitulatif")) == 1
	})
	only("digest to Test's référent", box.to("alice@test.fr", "récapitulatif")[0], a1.ID, a2.ID)
	only("digest to Deux's référent", box.to("bruno@deux.fr", "récapitulatif")[0], b1.ID)

	clk.Advance(2*time.Hour + time.Minute) // reminders to both, Test's escalation
	h.eventually("Test's escalation", func() bool { return len(box.to("maire@test.fr", "sans décision")) == 1 })
	h.eventually("the reminders", func() bool {
		return len(box.to("alice@test.fr", "Rappel")) == 1 && len(box.to("bruno@deux.fr", "Rappel")) == 1
	})
	only("reminder to Test's référent", box.to("alice@test.fr", "Rappel")[0], a1.ID, a2.ID)
	only("reminder to Deux's référent", box.to("bruno@deux.fr", "Rappel")[0], b1.ID)
	esc := box.to("maire@test.fr", "sans décision")[0]
	only("escalation to Test's mayor", esc, a1.ID, a2.ID)
	if !strings.Contains(esc.Subject, "Mairie de Test") || !strings.Contains(esc.Text, "Alice") || strings.Contains(esc.Text, "Bruno") {
		t.Errorf("Test's escalation: %q\n%s", esc.Subject, esc.Text)
	}
	if n := len(box.to("maire@deux.fr", "")); n != 0 {
		t.Fatalf("Deux's mayor told after 2 h, before its commune's 3 h")
	}

	clk.Advance(time.Hour)
	h.eventually("Deux's escalation", func() bool { return len(box.to("maire@deux.fr", "sans décision")) == 1 })
	only("escalation to Deux's mayor", box.to("maire@deux.fr", "sans décision")[0], b1.ID)
	time.Sleep(500 * time.Millisecond) // a few more rounds of the dispatcher
	for _, m := range box.all() {
		if len(m.To) != 1 {
			t.Errorf("an e-mail to %v: one recipient each", m.To)
		}
	}
	if n := len(box.to("maire@test.fr", "")) + len(box.to("maire@deux.fr", "")); n != 2 {
		t.Errorf("%d escalations, want one per commune", n)
	}
}

// Issue 11: the token of the second commune's Page is refused. The IT
// contact gets the technical alert naming that Page; the commune's
// référent gets a plain one about its own account; the other commune's
// référent hears nothing. /metrics labels the Graph series by Page.
func TestRefusedTokenToldToItsCommune(t *testing.T) {
	box := startSMTPBox(t)
	h := newHarness(t, withSecondPage())
	h.extraYAML = fmt.Sprintf(strings.Replace(communesYAML, "moderation: {categories: {injurieux: {action: queue}}}\n", "", 1), box.port, testPageID, testPage2ID)
	h.notifyScan = 100 * time.Millisecond
	h.start(0)
	h.settle()
	h.emu2.ExpireToken(0)
	c := h.commentOn2("Quel tocard ce voisin")
	h.waitState(c.ID, store.StateActionFailed)
	h.eventually("the IT alert and Deux's référent's", func() bool {
		return len(box.to("it@interco.fr", "jeton")) == 1 && len(box.to("bruno@deux.fr", "ne peut plus modérer")) == 1
	})
	it := box.to("it@interco.fr", "jeton")[0]
	if !strings.Contains(it.Text, "Mairie de Deux ("+testPage2ID+")") || strings.Contains(it.Text, testPageID) {
		t.Errorf("IT alert:\n%s", it.Text)
	}
	ref := box.to("bruno@deux.fr", "ne peut plus modérer")[0]
	if !strings.Contains(ref.Text, "Mairie de Deux") || strings.Contains(ref.Text, "Mairie de Test") || strings.Contains(ref.Text, testPageID) {
		t.Errorf("référent alert:\n%s", ref.Text)
	}
	time.Sleep(300 * time.Millisecond)
	if got := box.to("alice@test.fr", ""); len(got) != 0 {
		t.Errorf("the other commune's référent was told: %q", got[0].Subject)
	}
	_, body := h.getFrom(h.adminURL, "/metrics")
	for _, want := range []string{`vigie_graph_token_valid{page="` + testPage2ID + `"} 0`, `vigie_graph_token_valid{page="` + testPageID + `"} 1`} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}
