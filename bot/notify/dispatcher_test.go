package notify_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/vigie-fr/vigie/bot/graph"
	"github.com/vigie-fr/vigie/bot/notify"
	"github.com/vigie-fr/vigie/bot/store"
	"github.com/vigie-fr/vigie/moderation"
)

var (
	threat = comment{id: "1000_901", text: "Je vais venir à la mairie et <b>te casser la gueule</b>, Morel.", author: "Kévin Durand",
		cats: []moderation.Category{moderation.Menace}, event: store.EventHidden}
	defam = comment{id: "1000_902", text: "Le maire a détourné l'argent de la cantine, tout le monde le sait.", author: "Sophie Leroy",
		cats: []moderation.Category{moderation.Diffamatoire}, event: store.EventQueued}
	rumour = comment{id: "1000_903", text: "L'eau du robinet est contaminée, ne la buvez pas !", author: "Marc Petit",
		cats: []moderation.Category{moderation.FakeNews}, event: store.EventQueued,
		correction: "L'eau de la commune est contrôlée chaque mois par l'ARS : elle est potable."}
	spam = comment{id: "1000_904", text: "Gagnez 5000 € par semaine depuis chez vous !!! bit.ly/xyz", author: "Promo Bot",
		cats: []moderation.Category{moderation.Spam}, event: store.EventHidden}
)

func TestImmediateThreatOverRealSMTP(t *testing.T) {
	e := newEnv(t)
	srv := startSMTP(t)
	d := e.dispatcher(t, srv.mailer(t, e.clk.Now), nil, nil)
	e.commit(t, threat)

	if n := step(t, d); n != 1 {
		t.Fatalf("sent %d messages, want 1", n)
	}
	got := srv.wait(t, 5*time.Second)
	if !got.TLS || !got.Auth {
		t.Errorf("delivered with tls=%v auth=%v, want both", got.TLS, got.Auth)
	}
	if len(got.To) != 1 || got.To[0] != referent {
		t.Errorf("to %v, want %s", got.To, referent)
	}
	m := parseMail(t, got.Data)
	if !strings.HasPrefix(m.Subject, "URGENT – menace") {
		t.Errorf("subject %q does not start with « URGENT – menace »", m.Subject)
	}
	for h, want := range map[string]string{"Importance": "high", "X-Priority": "1 (Highest)", "MIME-Version": "1.0", "Auto-Submitted": "auto-generated"} {
		if v := m.Header.Get(h); v != want {
			t.Errorf("header %s = %q, want %q", h, v, want)
		}
	}
	if d, err := m.Header.Date(); err != nil || !d.Equal(start) {
		t.Errorf("Date %v (%v), want %v", d, err, start)
	}
	if id := m.Header.Get("Message-ID"); !strings.HasPrefix(id, "<") || !strings.HasSuffix(id, "@saint-exemple.fr>") {
		t.Errorf("Message-ID %q", id)
	}
	if from, err := m.Header.AddressList("From"); err != nil || from[0].Address != "vigie@saint-exemple.fr" {
		t.Errorf("From %v %v", from, err)
	}
	for _, want := range []string{"Vigie a masqué ce commentaire.", "Kévin Durand", "menace ou appel à la violence",
		"04/03/2025 à 09:59", "Mairie de Saint-Exemple", "https://vigie.saint-exemple.fr/l/approve-1000_901", "https://vigie.saint-exemple.fr/l/reject-1000_901", "Pharos"} {
		if !strings.Contains(m.Text, want) {
			t.Errorf("text part lacks %q:\n%s", want, m.Text)
		}
	}
	if !strings.Contains(m.HTML, "&lt;b&gt;te casser la gueule&lt;/b&gt;") || strings.Contains(m.HTML, "<b>te casser") {
		t.Errorf("comment text not escaped in the HTML part:\n%s", m.HTML)
	}
	if !strings.Contains(m.HTML, `name="viewport"`) {
		t.Error("HTML part has no viewport for phones")
	}
	it, _, _ := e.st.Item(context.Background(), threat.id)
	if !it.NotifiedAt.Equal(start) {
		t.Errorf("notified_at %v, want %v", it.NotifiedAt, start)
	}
	if n, _ := e.st.OutboxLen(context.Background()); n != 0 {
		t.Errorf("outbox holds %d notices after delivery", n)
	}
	log, err := e.st.MailLog(context.Background(), 10)
	if err != nil || len(log) != 1 || !strings.HasPrefix(log[0].Subject, "URGENT – menace") || log[0].To[0] != referent {
		t.Errorf("mail log %+v %v", log, err)
	}
}

func TestDigestOfTwoQueuedComments(t *testing.T) {
	e := newEnv(t)
	srv := startSMTP(t)
	d := e.dispatcher(t, srv.mailer(t, e.clk.Now), nil, nil)
	e.clk.Advance(5 * time.Minute)
	e.commit(t, defam)
	e.commit(t, rumour)
	e.commit(t, spam) // quiet: hidden, never notified on its own

	if n := step(t, d); n != 0 {
		t.Fatalf("sent %d messages before the digest time", n)
	}
	e.clk.Advance(20 * time.Minute) // 09:25: still before the 09:30 digest
	if n := step(t, d); n != 0 {
		t.Fatalf("sent %d messages before the digest time", n)
	}
	e.clk.Advance(5 * time.Minute) // 09:30
	if n := step(t, d); n != 1 {
		t.Fatalf("sent %d messages at the digest time, want 1", n)
	}
	m := parseMail(t, srv.wait(t, 5*time.Second).Data)
	if want := "Vigie – récapitulatif de 10:30 : 2 commentaires"; m.Subject != want {
		t.Errorf("subject %q, want %q", m.Subject, want)
	}
	if m.Header.Get("Importance") != "" {
		t.Error("a digest is not urgent")
	}
	for _, want := range []string{"Sophie Leroy", "Marc Petit", "diffamation possible", "fausse information",
		"répondre avec le démenti officiel", "L'eau de la commune est contrôlée", "Ils attendent votre décision"} {
		if !strings.Contains(m.Text, want) {
			t.Errorf("digest lacks %q:\n%s", want, m.Text)
		}
	}
	if strings.Contains(m.Text, "Promo Bot") {
		t.Error("the spam is in the digest")
	}
	e.clk.Advance(time.Hour)
	if n := step(t, d); n != 0 {
		t.Errorf("a second digest of %d messages", n)
	}
	if len(srv.messages()) != 1 {
		t.Errorf("%d e-mails received, want 1", len(srv.messages()))
	}
}

func TestNoDigestWhenNothingHappened(t *testing.T) {
	e := newEnv(t)
	srv := startSMTP(t)
	d := e.dispatcher(t, srv.mailer(t, e.clk.Now), nil, nil)
	for range 5 {
		scan(t, d)
		if n := step(t, d); n != 0 {
			t.Fatalf("sent %d messages with nothing to tell", n)
		}
		e.clk.Advance(30 * time.Minute)
	}
	if got := srv.messages(); len(got) != 0 {
		t.Errorf("%d e-mails received", len(got))
	}
}

func TestTokenAlertOncePerOutage(t *testing.T) {
	e := newEnv(t)
	srv := startSMTP(t)
	valid := false
	d := e.dispatcher(t, srv.mailer(t, e.clk.Now), nil, func(o *notify.Options) { o.TokenValid = func() bool { return valid } })
	ctx := context.Background()
	alert := graph.Alert{Kind: graph.AlertTokenInvalid, Code: 190, Subcode: 463, Message: "Error validating access token: Session has expired", At: e.clk.Now()}
	if err := e.st.RecordAlert(ctx, alert); err != nil {
		t.Fatal(err)
	}
	scan(t, d)
	if n := step(t, d); n != 1 {
		t.Fatalf("sent %d messages, want 1 alert", n)
	}
	got := srv.wait(t, 5*time.Second)
	if got.To[0] != itEmail {
		t.Errorf("alert to %v, want the IT contact %s", got.To, itEmail)
	}
	m := parseMail(t, got.Data)
	if !strings.Contains(m.Subject, "jeton de la Page Facebook est refusé") {
		t.Errorf("subject %q", m.Subject)
	}
	for _, want := range []string{"graph.page_token_file", "VIGIE_PAGE_TOKEN", "aucun redémarrage n'est nécessaire", "redémarrez Vigie", "pages_manage_engagement", "code 190, sous-code 463"} {
		if !strings.Contains(m.Text, want) {
			t.Errorf("alert lacks %q:\n%s", want, m.Text)
		}
	}
	// The same outage, seen again (another call, a restarted process): no
	// second alert.
	e.clk.Advance(time.Minute)
	if err := e.st.RecordAlert(ctx, alert); err != nil {
		t.Fatal(err)
	}
	scan(t, d)
	if n := step(t, d); n != 0 {
		t.Fatalf("a second alert for the same outage")
	}
	// The token is replaced; once it has been valid a while, a new expiry
	// is a new outage.
	valid = true
	scan(t, d)
	e.clk.Advance(20 * time.Minute)
	scan(t, d)
	valid = false
	if err := e.st.RecordAlert(ctx, alert); err != nil {
		t.Fatal(err)
	}
	scan(t, d)
	if n := step(t, d); n != 1 {
		t.Fatalf("sent %d messages for a new outage, want 1", n)
	}
}

func TestWebhookSilenceAlert(t *testing.T) {
	e := newEnv(t)
	srv := startSMTP(t)
	d := e.dispatcher(t, srv.mailer(t, e.clk.Now), nil, nil)
	ctx := context.Background()
	enqueue := func(id string, src store.Source) {
		t.Helper()
		_, err := e.st.Enqueue(ctx, store.Event{PageID: "1000", CommentID: id, Verb: store.VerbAdd, Message: "bonjour " + id, Source: src})
		if err != nil {
			t.Fatal(err)
		}
	}
	enqueue("1000_1", store.SourceWebhook)
	scan(t, d)
	// Seven hours of comments found only by the poller.
	for h := range 7 {
		e.clk.Advance(time.Hour)
		enqueue("1000_p"+string(rune('a'+h)), store.SourcePoll)
		scan(t, d)
		if h < 5 {
			if n := step(t, d); n != 0 {
				t.Fatalf("alert after %d h of silence", h+1)
			}
		}
	}
	if n := step(t, d); n != 1 {
		t.Fatalf("sent %d messages after 7 h of silence, want 1 alert", n)
	}
	m := parseMail(t, srv.wait(t, 5*time.Second).Data)
	if !strings.Contains(m.Subject, "webhooks de Meta n'arrivent plus") || !strings.Contains(m.Text, "webhook.verify_token_file") {
		t.Errorf("silence alert: %q\n%s", m.Subject, m.Text)
	}
	e.clk.Advance(time.Hour)
	enqueue("1000_pz", store.SourcePoll)
	scan(t, d)
	if n := step(t, d); n != 0 {
		t.Error("a second alert for the same silence")
	}
}

func TestSMTPDownThenBackDeliversOnce(t *testing.T) {
	e := newEnv(t)
	srv := startSMTP(t)
	mailer := notify.Retry(srv.mailer(t, e.clk.Now), notify.RetryOptions{Attempts: 2, Sleep: e.clk.Sleep})
	d := e.dispatcher(t, mailer, nil, nil)
	srv.stop()
	e.commit(t, threat)
	for range 3 {
		if n := step(t, d); n != 0 {
			t.Fatal("sent while the SMTP server is down")
		}
		if n, _ := e.st.OutboxLen(context.Background()); n != 1 {
			t.Fatalf("outbox holds %d notices while the server is down, want 1", n)
		}
		e.clk.Advance(notify.DefaultRetryMax)
	}
	srv.restart()
	if n := step(t, d); n != 1 {
		t.Fatalf("sent %d messages once the server is back, want 1", n)
	}
	srv.wait(t, 5*time.Second)
	for range 3 {
		e.clk.Advance(notify.DefaultRetryMax)
		step(t, d)
	}
	if got := srv.messages(); len(got) != 1 {
		t.Fatalf("%d e-mails received, want exactly 1", len(got))
	}
}

func TestOutboxSurvivesRestart(t *testing.T) {
	e := newEnv(t)
	srv := startSMTP(t)
	first := e.dispatcher(t, srv.mailer(t, e.clk.Now), nil, nil)
	e.commit(t, defam)
	step(t, first) // parks it for the 09:30 digest, then the process "dies"

	e.clk.Advance(30 * time.Minute)
	second := e.dispatcher(t, srv.mailer(t, e.clk.Now), nil, nil)
	if n := step(t, second); n != 1 {
		t.Fatalf("the restarted dispatcher sent %d messages, want the digest", n)
	}
	if m := parseMail(t, srv.wait(t, 5*time.Second).Data); !strings.Contains(m.Text, "Sophie Leroy") {
		t.Errorf("digest after restart:\n%s", m.Text)
	}
}

func TestObserveModeWording(t *testing.T) {
	e := newEnv(t)
	srv := startSMTP(t)
	d := e.dispatcher(t, srv.mailer(t, e.clk.Now), nil, func(o *notify.Options) { o.Links = nil })
	c := threat
	c.event, c.mode = store.EventWouldHide, "observe"
	e.commit(t, c)
	step(t, d)
	m := parseMail(t, srv.wait(t, 5*time.Second).Data)
	if !strings.HasPrefix(m.Subject, "URGENT – menace : Vigie aurait masqué") {
		t.Errorf("subject %q", m.Subject)
	}
	for _, want := range []string{"Vigie aurait masqué ce commentaire", "mode observation", "vigie queue list"} {
		if !strings.Contains(m.Text, want) {
			t.Errorf("observe mail lacks %q:\n%s", want, m.Text)
		}
	}
	if strings.Contains(m.Text, "Vigie a masqué") || strings.Contains(m.Text, "/l/approve") {
		t.Errorf("observe mail claims a hide or carries links:\n%s", m.Text)
	}
}

func TestReminderThenEscalation(t *testing.T) {
	e := newEnv(t)
	srv := startSMTP(t)
	d := e.dispatcher(t, srv.mailer(t, e.clk.Now), nil, nil)
	e.commit(t, defam)
	scan(t, d)
	step(t, d)                      // parked
	e.clk.Advance(30 * time.Minute) // the digest
	step(t, d)
	srv.wait(t, 5*time.Second)

	e.clk.Advance(23 * time.Hour) // 23 h 30 pending: no reminder yet
	scan(t, d)
	if n := step(t, d); n != 0 {
		t.Fatal("reminder before remind_after")
	}
	e.clk.Advance(time.Hour)
	scan(t, d)
	if n := step(t, d); n != 1 {
		t.Fatalf("sent %d messages after 24 h, want the reminder", n)
	}
	got := srv.wait(t, 5*time.Second)
	m := parseMail(t, got.Data)
	if got.To[0] != referent || !strings.HasPrefix(m.Subject, "Rappel – 1 commentaire attend votre décision depuis plus de 24 h") {
		t.Errorf("reminder to %v: %q", got.To, m.Subject)
	}
	for range 3 { // once only
		e.clk.Advance(time.Hour)
		scan(t, d)
		if n := step(t, d); n != 0 {
			t.Fatal("a second reminder")
		}
	}
	e.clk.Advance(48 * time.Hour)
	scan(t, d)
	if n := step(t, d); n != 1 {
		t.Fatalf("sent %d messages after 72 h, want the escalation", n)
	}
	got = srv.wait(t, 5*time.Second)
	m = parseMail(t, got.Data)
	if got.To[0] != escEmail || !strings.Contains(m.Subject, "sans décision depuis plus de 3 jours") || !strings.Contains(m.Text, "Claire Martin") {
		t.Errorf("escalation to %v: %q\n%s", got.To, m.Subject, m.Text)
	}
	e.clk.Advance(time.Hour)
	scan(t, d)
	if n := step(t, d); n != 0 {
		t.Fatal("a second escalation")
	}
}

func TestReminderSkipsDecidedComments(t *testing.T) {
	e := newEnv(t)
	srv := startSMTP(t)
	d := e.dispatcher(t, srv.mailer(t, e.clk.Now), nil, nil)
	e.commit(t, defam)
	e.clk.Advance(25 * time.Hour)
	scan(t, d)                                                               // the reminder is owed…
	if err := e.st.QueueRemove(context.Background(), defam.id); err != nil { // …and the référent decides
		t.Fatal(err)
	}
	for range 3 {
		step(t, d)
		e.clk.Advance(30 * time.Minute)
	}
	for _, r := range srv.messages() {
		if strings.Contains(parseMail(t, r.Data).Subject, "Rappel") {
			t.Error("a reminder about a decided comment")
		}
	}
}
