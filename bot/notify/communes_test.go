package notify_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vigie-fr/vigie/bot/graph"
	"github.com/vigie-fr/vigie/bot/notify"
	"github.com/vigie-fr/vigie/bot/store"
	"github.com/vigie-fr/vigie/moderation"
)

// Two communes served by one deployment, each with its référent, its
// second contact and, for the first, shorter delays.
const (
	aliceA = "alice@mairie-a.fr"
	mayorA = "maire@mairie-a.fr"
	brunoB = "bruno@mairie-b.fr"
	mayorB = "maire@mairie-b.fr"
)

func twoCommunes(o *notify.Options) {
	o.Pages = map[string]string{"1000": "Mairie A", "2000": "Mairie B"}
	o.Escalation = "" // each commune has its own
	o.Communes = []notify.Commune{
		{ID: "a", Name: "Commune A", Accounts: []string{"1000"}, Referent: aliceA, ReferentName: "Alice Aubert", Escalation: mayorA,
			RemindAfter: 2 * time.Hour, EscalateAfter: 6 * time.Hour},
		{ID: "b", Name: "Commune B", Accounts: []string{"2000"}, Referent: brunoB, ReferentName: "Bruno Bel", Escalation: mayorB},
	}
}

var (
	queuedA1 = comment{id: "1000_1", page: "1000", text: "Le maire de A a détourné la caisse des écoles.", author: "Anne Alpha",
		cats: []moderation.Category{moderation.Diffamatoire}, event: store.EventQueued}
	queuedA2 = comment{id: "1000_2", page: "1000", text: "On dit que l'adjoint de A truque les marchés.", author: "Axel Alpha",
		cats: []moderation.Category{moderation.Diffamatoire}, event: store.EventQueued}
	queuedB1 = comment{id: "2000_1", page: "2000", text: "Le maire de B a payé sa piscine avec nos impôts.", author: "Béa Bravo",
		cats: []moderation.Category{moderation.Diffamatoire}, event: store.EventQueued}
)

// mails receives n e-mails and returns them by recipient.
func mails(t *testing.T, srv *smtpServer, n int) map[string][]parsed {
	t.Helper()
	out := map[string][]parsed{}
	for range n {
		got := srv.wait(t, 5*time.Second)
		if len(got.To) != 1 {
			t.Fatalf("one e-mail to %v: one recipient each", got.To)
		}
		out[got.To[0]] = append(out[got.To[0]], parseMail(t, got.Data))
	}
	return out
}

// only checks that an e-mail tells of exactly the comments want, among all.
func only(t *testing.T, what string, m parsed, want ...comment) {
	t.Helper()
	for _, c := range []comment{queuedA1, queuedA2, queuedB1} {
		has := strings.Contains(m.Text, c.text) || strings.Contains(m.HTML, c.author) || strings.Contains(m.Text, c.id)
		if mine := slices.ContainsFunc(want, func(w comment) bool { return w.id == c.id }); has != mine {
			t.Errorf("%s: comment %s shown = %v, want %v\n%s", what, c.id, has, mine, m.Text)
		}
	}
}

func TestCommunesDigestsRemindersAndEscalationsStayApart(t *testing.T) {
	e := newEnv(t)
	srv := startSMTP(t)
	d := e.dispatcher(t, srv.mailer(t, e.clk.Now), nil, twoCommunes)
	e.commit(t, queuedA1)
	e.commit(t, queuedA2)
	e.commit(t, queuedB1)
	scan(t, d)
	step(t, d) // parked for the digest
	e.clk.Advance(30 * time.Minute)
	if n := step(t, d); n != 2 {
		t.Fatalf("%d digests, want one per commune", n)
	}
	got := mails(t, srv, 2)
	only(t, "digest to A's référent", got[aliceA][0], queuedA1, queuedA2)
	only(t, "digest to B's référent", got[brunoB][0], queuedB1)

	// A's delays: a reminder after 2 h, the escalation after 6 h, to A only.
	e.clk.Advance(90 * time.Minute)
	scan(t, d)
	if n := step(t, d); n != 1 {
		t.Fatalf("%d messages after 2 h, want A's reminder", n)
	}
	got = mails(t, srv, 1)
	if len(got[aliceA]) != 1 || !strings.Contains(got[aliceA][0].Subject, "depuis plus de 2 h") {
		t.Fatalf("A's reminder: %v", got)
	}
	only(t, "reminder to A's référent", got[aliceA][0], queuedA1, queuedA2)
	e.clk.Advance(4 * time.Hour)
	scan(t, d)
	if n := step(t, d); n != 1 {
		t.Fatalf("%d messages after 6 h, want A's escalation", n)
	}
	got = mails(t, srv, 1)
	if len(got[mayorA]) != 1 {
		t.Fatalf("A's escalation went to %v", got)
	}
	esc := got[mayorA][0]
	if !strings.Contains(esc.Subject, "Commune A : 2 commentaires sans décision depuis plus de 6 h") || !strings.Contains(esc.Text, "Alice Aubert") {
		t.Errorf("A's escalation: %q\n%s", esc.Subject, esc.Text)
	}
	if strings.Contains(esc.Text+esc.HTML, "Bruno") || strings.Contains(esc.Text+esc.HTML, "Mairie B") {
		t.Errorf("A's escalation names commune B:\n%s", esc.Text)
	}
	only(t, "escalation to A's mayor", esc, queuedA1, queuedA2)

	// B keeps the shared delays: 24 h, then 72 h, to B's contacts only.
	e.clk.Advance(18 * time.Hour)
	scan(t, d)
	if n := step(t, d); n != 1 {
		t.Fatalf("%d messages after 24 h, want B's reminder", n)
	}
	got = mails(t, srv, 1)
	if len(got[brunoB]) != 1 {
		t.Fatalf("B's reminder went to %v", got)
	}
	only(t, "reminder to B's référent", got[brunoB][0], queuedB1)
	e.clk.Advance(48 * time.Hour)
	scan(t, d)
	if n := step(t, d); n != 1 {
		t.Fatalf("%d messages after 72 h, want B's escalation", n)
	}
	got = mails(t, srv, 1)
	if len(got[mayorB]) != 1 || !strings.Contains(got[mayorB][0].Text, "Bruno Bel") {
		t.Fatalf("B's escalation: %v", got)
	}
	only(t, "escalation to B's mayor", got[mayorB][0], queuedB1)
	e.clk.Advance(24 * time.Hour)
	scan(t, d)
	if n := step(t, d); n != 0 {
		t.Errorf("%d more messages: each follow-up goes once", n)
	}
}

// A commune without a second contact next to one with: its comments are
// escalated to nobody, never to the other commune's mayor.
func TestCommuneWithoutSecondContactIsNotEscalated(t *testing.T) {
	e := newEnv(t)
	srv := startSMTP(t)
	d := e.dispatcher(t, srv.mailer(t, e.clk.Now), nil, func(o *notify.Options) {
		twoCommunes(o)
		o.Communes[1].Escalation = ""
	})
	e.commit(t, queuedB1)
	scan(t, d)
	step(t, d)
	e.clk.Advance(30 * time.Minute)
	step(t, d)
	mails(t, srv, 1) // the digest
	e.clk.Advance(25 * time.Hour)
	scan(t, d)
	step(t, d)
	mails(t, srv, 1) // the reminder
	e.clk.Advance(72 * time.Hour)
	scan(t, d)
	if n := step(t, d); n != 0 {
		t.Fatalf("%d messages: B has no second contact", n)
	}
	if got := srv.messages(); len(got) != 2 {
		t.Errorf("%d e-mails in all, want the digest and the reminder", len(got))
	}
}

// A token refused for commune B's Page: the IT contact gets the technical
// alert, B's référent a plain one naming B's account only, A's référent
// nothing; A's own outage later is alerted on its own.
func TestAccountAlertTellsItsCommuneReferent(t *testing.T) {
	e := newEnv(t)
	srv := startSMTP(t)
	valid := map[string]bool{"1000": true, "2000": false}
	d := e.dispatcher(t, srv.mailer(t, e.clk.Now), nil, func(o *notify.Options) {
		twoCommunes(o)
		o.TokenStates = func() []notify.TokenState {
			return []notify.TokenState{{Accounts: []string{"1000"}, Valid: valid["1000"]}, {Accounts: []string{"2000"}, Valid: valid["2000"]}}
		}
	})
	ctx := context.Background()
	expired := graph.Alert{Kind: graph.AlertTokenInvalid, Code: 190, Subcode: 463, Message: "Error validating access token: Session has expired", At: e.clk.Now()}
	if err := e.st.RecordAccountAlert(ctx, expired, []string{"2000"}); err != nil {
		t.Fatal(err)
	}
	scan(t, d)
	if n := step(t, d); n != 2 {
		t.Fatalf("%d messages, want the IT alert and B's référent's", n)
	}
	got := mails(t, srv, 2)
	it, ref := got[itEmail], got[brunoB]
	if len(it) != 1 || len(ref) != 1 {
		t.Fatalf("alerts went to %v", got)
	}
	if !strings.Contains(it[0].Text, "Comptes concernés : Mairie B (2000)") || !strings.Contains(it[0].Text, "graph.page_token_file") {
		t.Errorf("IT alert:\n%s", it[0].Text)
	}
	r := ref[0]
	if r.Subject != "Vigie – vigie ne peut plus modérer votre compte" && !strings.Contains(r.Subject, "ne peut plus modérer votre compte") {
		t.Errorf("référent alert subject %q", r.Subject)
	}
	for _, want := range []string{"Comptes concernés : Mairie B", "Le service informatique (" + itEmail + ") a été prévenu", "surveillez vous-même"} {
		if !strings.Contains(r.Text, want) {
			t.Errorf("référent alert lacks %q:\n%s", want, r.Text)
		}
	}
	for _, leak := range []string{"Mairie A", "1000", "page_token_file", "VIGIE_PAGE_TOKEN"} {
		if strings.Contains(r.Text+r.HTML, leak) {
			t.Errorf("référent alert shows %q:\n%s", leak, r.Text)
		}
	}

	// B's outage is open: seen again, not alerted again. A's token fails
	// meanwhile: its own outage, alerted to IT and A's référent.
	e.clk.Advance(time.Minute)
	if err := e.st.RecordAccountAlert(ctx, expired, []string{"2000"}); err != nil {
		t.Fatal(err)
	}
	valid["1000"] = false
	if err := e.st.RecordAccountAlert(ctx, expired, []string{"1000"}); err != nil {
		t.Fatal(err)
	}
	scan(t, d)
	if n := step(t, d); n != 2 {
		t.Fatalf("%d messages, want A's outage told to IT and to A's référent", n)
	}
	got = mails(t, srv, 2)
	if len(got[itEmail]) != 1 || len(got[aliceA]) != 1 || !strings.Contains(got[aliceA][0].Text, "Mairie A") || strings.Contains(got[aliceA][0].Text, "Mairie B") {
		t.Fatalf("A's outage: %v", got)
	}

	// B's token is replaced and works for a while: its next expiry is a
	// new outage.
	valid["2000"] = true
	scan(t, d)
	e.clk.Advance(20 * time.Minute)
	scan(t, d)
	valid["2000"] = false
	if err := e.st.RecordAccountAlert(ctx, expired, []string{"2000"}); err != nil {
		t.Fatal(err)
	}
	scan(t, d)
	if n := step(t, d); n != 2 {
		t.Fatalf("%d messages for B's new outage, want 2", n)
	}
	mails(t, srv, 2)
}

// Without communes, when the référent is the IT contact, one alert only.
func TestAccountAlertNotDoubledForTheSameAddress(t *testing.T) {
	e := newEnv(t)
	srv := startSMTP(t)
	d := e.dispatcher(t, srv.mailer(t, e.clk.Now), nil, func(o *notify.Options) { o.IT = "" })
	alert := graph.Alert{Kind: graph.AlertTokenInvalid, Code: 190, At: e.clk.Now()}
	if err := e.st.RecordAccountAlert(context.Background(), alert, []string{"1000"}); err != nil {
		t.Fatal(err)
	}
	scan(t, d)
	if n := step(t, d); n != 1 {
		t.Fatalf("%d messages, want the one alert to the référent", n)
	}
	if got := srv.wait(t, 5*time.Second); got.To[0] != referent {
		t.Errorf("alert to %v", got.To)
	}
	scan(t, d)
	if n := step(t, d); n != 0 {
		t.Errorf("%d more messages", n)
	}
}

// Throttling passes by itself: the IT contact hears of it, not the
// commune's référent.
func TestThrottlingIsNotToldToTheReferent(t *testing.T) {
	e := newEnv(t)
	srv := startSMTP(t)
	d := e.dispatcher(t, srv.mailer(t, e.clk.Now), nil, twoCommunes)
	alert := graph.Alert{Kind: graph.AlertThrottled, Code: 32, At: e.clk.Now()}
	if err := e.st.RecordAccountAlert(context.Background(), alert, []string{"2000"}); err != nil {
		t.Fatal(err)
	}
	scan(t, d)
	if n := step(t, d); n != 1 {
		t.Fatalf("%d messages, want the IT alert only", n)
	}
	if got := srv.wait(t, 5*time.Second); got.To[0] != itEmail {
		t.Errorf("throttling alert to %v", got.To)
	}
	if n := step(t, d); n != 0 {
		t.Errorf("%d more messages", n)
	}
}

// Two communes without a référent of their own share the deployment's:
// they still get one digest per commune, each naming its commune.
func TestSharedReferentGetsOneDigestPerCommune(t *testing.T) {
	e := newEnv(t)
	srv := startSMTP(t)
	d := e.dispatcher(t, srv.mailer(t, e.clk.Now), nil, func(o *notify.Options) {
		twoCommunes(o)
		o.Communes[0].Referent, o.Communes[1].Referent = "", ""
	})
	e.commit(t, queuedA1)
	e.commit(t, queuedB1)
	e.commit(t, queuedA2)
	scan(t, d)
	step(t, d)
	e.clk.Advance(30 * time.Minute)
	if n := step(t, d); n != 2 {
		t.Fatalf("%d digests, want one per commune", n)
	}
	got := mails(t, srv, 2)[referent]
	if len(got) != 2 {
		t.Fatalf("%d digests to the shared référent, want 2", len(got))
	}
	for _, m := range got {
		switch {
		case strings.HasPrefix(m.Subject, "Vigie – Commune A : récapitulatif de 10:30, 2 commentaires"):
			only(t, "commune A's digest", m, queuedA1, queuedA2)
		case strings.HasPrefix(m.Subject, "Vigie – Commune B : récapitulatif de 10:30, 1 commentaire"):
			only(t, "commune B's digest", m, queuedB1)
		default:
			t.Errorf("digest subject %q", m.Subject)
		}
	}
}
