package report_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/vigie-fr/vigie/bot/report"
)

// Two communes' reports on one schedule: the SMTP server refuses the
// second commune's recipient; the first commune's report is recorded as
// sent, and the retry sends only the second's, once.
func TestSchedulerRetriesOnlyTheMissingCommuneReport(t *testing.T) {
	s, _, clk := newStore(t, time.Date(2026, 11, 1, 9, 0, 0, 0, paris))
	srv := startSMTP(t)
	rd, err := report.NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	service := func(commune, account, to string) *report.Service {
		return &report.Service{
			Store: s, Renderer: rd, Sender: srv.mailer(t), From: "Vigie <vigie@interco.fr>", To: []string{to}, Now: clk.Now,
			Setting: report.Setting{Commune: commune, Mode: "act", Scoped: true, Accounts: []report.Account{{Platform: "facebook", ID: account, Name: commune}}},
		}
	}
	a := service("Mairie A", "1000", "alice@mairie-a.fr")
	b := service("Mairie B", "2000", "bruno@mairie-b.fr")
	sc, err := report.NewScheduler(report.SchedulerOptions{
		Store: s, Schedule: "0 8 1 * *", Location: paris, Now: clk.Now,
		Parts: []report.Part{{ID: "a", Send: a.Send}, {ID: "b", Send: b.Send}},
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	const month = "2026-10"

	srv.setRefused("bruno@mairie-b.fr", true)
	sent, err := sc.SendOnce(ctx, month)
	if !sent || err == nil {
		t.Fatalf("first try: sent=%v err=%v; want A's report sent and B's failure", sent, err)
	}
	if got := srv.recipients(); len(got) != 1 || !slices.Equal(got[0], []string{"alice@mairie-a.fr"}) {
		t.Fatalf("first try delivered %v", got)
	}
	if _, done, _ := s.ReportSent(ctx, month); done {
		t.Fatal("the month is recorded as sent with B's report missing")
	}
	if _, done, _ := s.ReportPartSent(ctx, month, "a"); !done {
		t.Fatal("A's report is not recorded as sent")
	}

	// Still refused: the retry tries B only.
	clk.Advance(30 * time.Minute)
	if _, err := sc.SendOnce(ctx, month); err == nil {
		t.Fatal("second try: no error while B's recipient is still refused")
	}
	if got := srv.recipients(); len(got) != 1 {
		t.Fatalf("the retry sent A's report again: %v", got)
	}

	srv.setRefused("bruno@mairie-b.fr", false)
	clk.Advance(30 * time.Minute)
	if sent, err := sc.SendOnce(ctx, month); !sent || err != nil {
		t.Fatalf("third try: sent=%v err=%v", sent, err)
	}
	got := srv.recipients()
	if len(got) != 2 || !slices.Equal(got[1], []string{"bruno@mairie-b.fr"}) {
		t.Fatalf("after the retry: %v; want A's report once and B's once", got)
	}
	if _, done, _ := s.ReportSent(ctx, month); !done {
		t.Fatal("the month is not recorded as sent once every report went out")
	}
	if sent, err := sc.SendOnce(ctx, month); sent || err != nil {
		t.Fatalf("a fourth try did something: sent=%v err=%v", sent, err)
	}
	if n := len(srv.recipients()); n != 2 {
		t.Fatalf("%d reports delivered in all, want 2", n)
	}
}

// The Run loop retries after a commune's report failed, and sends the
// missing report only.
func TestSchedulerRunRetriesTheMissingReport(t *testing.T) {
	s, _, clk := newStore(t, time.Date(2026, 10, 15, 9, 0, 0, 0, paris))
	// A month with activity, so the start-up catch-up sends it.
	seed(t, s, "1000_1", "u1", "Un Habitant", "classified")
	clk.Advance(time.Date(2026, 11, 1, 9, 0, 0, 0, paris).Sub(clk.Now()))
	var mu sync.Mutex
	sends := map[string]int{}
	failB := true
	part := func(id string) report.Part {
		return report.Part{ID: id, Send: func(context.Context, string) error {
			mu.Lock()
			defer mu.Unlock()
			if id == "b" && failB {
				failB = false
				return &smtp.SMTPError{Code: 550, Message: "mailbox unavailable"}
			}
			sends[id]++
			return nil
		}}
	}
	sc, err := report.NewScheduler(report.SchedulerOptions{
		Store: s, Schedule: "0 8 1 * *", Location: paris, Now: clk.Now, Retry: 10 * time.Millisecond,
		Parts: []report.Part{part("a"), part("b")},
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	done := make(chan struct{})
	go func() { _ = sc.Run(ctx); close(done) }()
	for {
		mu.Lock()
		n := sends["b"]
		mu.Unlock()
		if n > 0 || ctx.Err() != nil {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond)
	cancel()
	<-done
	mu.Lock()
	defer mu.Unlock()
	if sends["a"] != 1 || sends["b"] != 1 {
		t.Fatalf("reports sent: %v; want each commune's once", sends)
	}
}
