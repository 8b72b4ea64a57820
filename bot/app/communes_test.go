package app

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/vigie-fr/vigie/bot/graphemu"
	"github.com/vigie-fr/vigie/bot/notify"
	"github.com/vigie-fr/vigie/bot/report"
	"github.com/vigie-fr/vigie/bot/store"
)

type mailbox struct {
	mu   sync.Mutex
	msgs []notify.Message
}

func (m *mailbox) Notify(_ context.Context, msg notify.Message) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.msgs = append(m.msgs, msg)
	return nil
}

func (m *mailbox) to(addr string) []notify.Message {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []notify.Message
	for _, msg := range m.msgs {
		if slices.Contains(msg.To, addr) {
			out = append(out, msg)
		}
	}
	return out
}

// Two communes, one Page each: each is judged with its own charter (a
// term blocked in one commune only), notified to its own référent, and
// reported on its own, and neither sees the other's comments in the
// e-mails or the report.
func TestCommunesAreJudgedNotifiedAndReportedApart(t *testing.T) {
	box := &mailbox{}
	h := newHarness(t, withSecondPage())
	h.mailer = box
	h.extraYAML = fmt.Sprintf(`smtp: {host: smtp.test, from: vigie@test.fr, tls: none}
notify: {immediate: [injurieux]}
communes:
  - id: test
    name: Mairie de Test
    pages: [%q]
    referent: {name: Alice, email: alice@test.fr}
  - id: deux
    name: Mairie de Deux
    pages: [%q]
    referent: {name: Bruno, email: bruno@deux.fr}
    charter: {blocked_terms: [zorglub]}
`, testPageID, testPage2ID)
	h.start(0)
	h.settle()
	ctx := context.Background()

	c1 := h.comment("Ce projet zorglub revient encore") // blocked in commune deux only
	h.webhook(c1.ID)
	c1b := h.comment("Quel tocard ce voisin")
	h.webhook(c1b.ID)
	c2, err := h.emu2.AddComment(h.post2.ID, graphemu.NewComment{FromID: "7000002", FromName: "Luc Voisin", Message: "Encore ce zorglub de projet", CreatedTime: h.now()})
	if err != nil {
		t.Fatal(err)
	}
	payload, _ := h.emu2.CommentWebhook(c2.ID, graphemu.VerbAdd)
	if status, err := h.emu2.SendWebhook(ctx, h.baseURL+"/webhooks/meta", payload); err != nil || status != 200 {
		t.Fatalf("webhook: %d %v", status, err)
	}
	h.waitState(c2.ID, store.StateHidden)
	h.waitState(c1b.ID, store.StateHidden)
	h.eventually("the first commune's comment judged", func() bool {
		it, ok, _ := h.store().Item(ctx, c1.ID)
		return ok && it.Verdict != nil
	})
	if it, _, _ := h.store().Item(ctx, c1.ID); it.State == store.StateHidden {
		t.Error("a term blocked in the other commune hid the first commune's comment")
	}

	h.eventually("each référent notified", func() bool { return len(box.to("alice@test.fr")) > 0 && len(box.to("bruno@deux.fr")) > 0 })
	for addr, leak := range map[string]string{"alice@test.fr": c2.ID, "bruno@deux.fr": c1b.ID} {
		for _, m := range box.to(addr) {
			if strings.Contains(m.Text+m.HTML, leak) || strings.Contains(m.Text, "Luc Voisin") && addr == "alice@test.fr" {
				t.Errorf("%s received another commune's comment %s", addr, leak)
			}
		}
	}

	svcs, err := NewCommuneReportServices(h.app.cfg, h.store(), h.now)
	if err != nil {
		t.Fatal(err)
	}
	if len(svcs) != 2 {
		t.Fatalf("%d report services, want one per commune", len(svcs))
	}
	month := report.PreviousMonth(h.now().AddDate(0, 1, 0), h.app.cfg.Location())
	for _, svc := range svcs {
		r, f, err := svc.Make(ctx, month)
		if err != nil {
			t.Fatal(err)
		}
		mine, other := c1b.ID, c2.ID
		wantTo, wantHidden := "alice@test.fr", 1 // c1b; c1 is not hidden in this commune
		if svc.Setting.Commune == "Mairie de Deux" {
			mine, other, wantTo = c2.ID, c1b.ID, "bruno@deux.fr"
		}
		if !slices.Equal(svc.To, []string{wantTo}) {
			t.Errorf("%s report sent to %v", svc.Setting.Commune, svc.To)
		}
		if len(r.Accounts) != 1 || r.Total.Hidden != wantHidden {
			t.Errorf("%s report: %d accounts, %d hidden; want 1 and %d", svc.Setting.Commune, len(r.Accounts), r.Total.Hidden, wantHidden)
		}
		all := string(f.CSV) + string(f.Text) + string(f.HTML)
		if strings.Contains(all, other) {
			t.Errorf("%s report shows the other commune's comment", svc.Setting.Commune)
		}
		if !strings.Contains(all, mine) {
			t.Errorf("%s report lacks its own comment %s", svc.Setting.Commune, mine)
		}
	}
}
