// Package demo runs the whole of Vigie against a simulated commune Page:
// an embedded Redis (miniredis), the Graph API emulator seeded with a
// week of posts and comments, the real daemon, and live webhook traffic.
// It prints each decision as one French line and a summary. Nothing here
// is used by `vigie run`.
package demo

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http/httptest"
	"strings"
	"sync"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"
	"go.uber.org/zap"

	"github.com/vigie-fr/vigie/bot/app"
	"github.com/vigie-fr/vigie/bot/graphemu"
	"github.com/vigie-fr/vigie/bot/notify"
	"github.com/vigie-fr/vigie/bot/store"
	"github.com/vigie-fr/vigie/config"
)

const (
	demoToken       = "demo-page-token"
	demoAppSecret   = "demo-app-secret"
	demoVerifyToken = "demo-verify-token"
)

// Options configure a demo run.
type Options struct {
	Out    io.Writer
	Logger *zap.Logger // the daemon's logs; nop when nil
	// Pace is the pause between two webhook deliveries, so a person can
	// follow; zero in tests.
	Pace time.Duration
	// Mode is "act" (default) or "observe".
	Mode string
	// ReportDir, when set, receives a sample monthly report and an
	// evidence dossier at the end (samples.go).
	ReportDir string
	// Console serves the référent's console on localhost with a demo
	// account, and keeps the demo running until ctx ends (console.go).
	Console bool
}

// Summary is what the demo measured.
type Summary struct {
	Comments   int // comments by visitors, to be judged
	Judged     int
	Hidden     int
	WouldHide  int
	Queued     int
	Visible    int
	HideCalls  int // hide calls the emulator received
	Duplicates int // duplicate webhook deliveries sent
	Mails      int // e-mails the référent would have received (mail log)
}

// Run plays the demo and returns its summary.
func Run(ctx context.Context, o Options) (Summary, error) {
	var sum Summary
	if o.Logger == nil {
		o.Logger = zap.NewNop()
	}
	if o.Mode == "" {
		o.Mode = config.ModeAct
	}
	// The dispatcher's goroutine prints the e-mails while this one prints
	// the decisions.
	out := &syncWriter{w: o.Out}
	mr := miniredis.NewMiniRedis()
	if err := mr.Start(); err != nil {
		return sum, fmt.Errorf("demo: start embedded redis: %w", err)
	}
	defer mr.Close()
	rdb := redis.NewClient(&redis.Options{Addr: mr.Addr()})
	defer rdb.Close()

	emu := graphemu.New(graphemu.Options{PageID: demoPageID, PageName: demoPageName, AccessToken: demoToken, AppSecret: demoAppSecret})
	graphSrv := httptest.NewServer(emu)
	defer graphSrv.Close()

	start := time.Now()
	posts := map[string]graphemu.Post{}
	for _, p := range seedPosts {
		posts[p.key] = emu.AddPost(graphemu.NewPost{Message: p.message, CreatedTime: start.Add(-time.Duration(p.hours) * time.Hour)})
	}
	// Comments already on the Page before Vigie starts: the poller must
	// find them.
	byPost := map[string][]graphemu.Comment{}
	var live []seedComment
	for i, c := range seedComments {
		if !c.early {
			live = append(live, c)
			continue
		}
		at := start.Add(-time.Duration(len(seedComments)-i) * 7 * time.Minute)
		stored, err := addSeedComment(emu, posts[c.post].ID, byPost[c.post], c, at)
		if err != nil {
			return sum, err
		}
		byPost[c.post] = append(byPost[c.post], stored)
		if stored.FromID != demoPageID {
			sum.Comments++
		}
	}

	cfg, err := demoConfig(graphSrv.URL, o.Mode)
	if err != nil {
		return sum, err
	}
	cons, err := setupConsole(cfg, o)
	if err != nil {
		return sum, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return sum, fmt.Errorf("demo: listen: %w", err)
	}
	// The e-mails go to the mail log instead of an SMTP server, and one
	// line each to out.
	mailer := notify.NewCapture(out, cfg.Location(), nil)
	a, err := app.New(app.Options{Config: cfg, Logger: o.Logger, Redis: rdb, Listener: ln, Consumer: "demo", Mailer: mailer})
	if err != nil {
		return sum, err
	}
	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	runErr := make(chan error, 1)
	go func() { runErr <- a.Run(runCtx) }()
	webhookURL := "http://" + ln.Addr().String() + "/webhooks/meta"

	fmt.Fprintf(out, "Vigie — démonstration sur la page « %s » (simulée)\n", demoPageName)
	fmt.Fprintf(out, "Redis embarqué, API Graph simulée, mode %s. %d commentaires étaient déjà publiés avant le démarrage : le relevé les rattrape.\n\n", o.Mode, sum.Comments)

	pr := &printer{out: out, st: a.Store(), loc: cfg.Location(), sum: &sum}
	// The poller runs once at start; wait for its comments to be judged.
	if err := pr.follow(ctx, sum.Comments, 30*time.Second); err != nil {
		return sum, err
	}
	fmt.Fprintf(out, "\nNouveaux commentaires, reçus par webhook :\n\n")
	for _, c := range live {
		stored, err := addSeedComment(emu, posts[c.post].ID, byPost[c.post], c, time.Now())
		if err != nil {
			return sum, err
		}
		byPost[c.post] = append(byPost[c.post], stored)
		if stored.FromID != demoPageID {
			sum.Comments++
		}
		payload, err := emu.CommentWebhook(stored.ID, graphemu.VerbAdd)
		if err != nil {
			return sum, err
		}
		// Meta may deliver the same notification twice: send the first
		// live one twice to show it is handled once.
		times := 1
		if sum.Duplicates == 0 {
			times = 2
			sum.Duplicates = 1
		}
		statuses, err := emu.SendWebhookTimes(ctx, webhookURL, payload, times)
		if err != nil {
			return sum, fmt.Errorf("demo: send webhook: %w", err)
		}
		for _, s := range statuses {
			if s != 200 {
				return sum, fmt.Errorf("demo: webhook answered %d", s)
			}
		}
		if err := pr.follow(ctx, sum.Comments, 30*time.Second); err != nil {
			return sum, err
		}
		if o.Pace > 0 {
			select {
			case <-ctx.Done():
				return sum, ctx.Err()
			case <-time.After(o.Pace):
			}
		}
	}
	for _, act := range emu.Actions() {
		if act.Kind == "hide" {
			sum.HideCalls++
		}
	}
	if a.Notifier() != nil {
		fmt.Fprintln(out, "\nLes menaces et les propos haineux ont été envoyés au référent aussitôt ; le reste part en récapitulatif dans la minute (d'ordinaire toutes les 30 minutes).")
	}
	ctx = cons.wait(ctx, out)
	stop()
	if err := <-runErr; err != nil {
		return sum, err
	}
	// What the digest still holds goes now rather than at its time.
	if d := a.Notifier(); d != nil {
		if _, err := d.Flush(ctx); err != nil {
			return sum, fmt.Errorf("demo: send the digest: %w", err)
		}
	}
	mails, err := a.Store().MailLog(ctx, 1000)
	if err != nil {
		return sum, err
	}
	sum.Mails = len(mails)
	pr.summary(time.Since(start))
	if o.ReportDir != "" {
		if err := writeSamples(ctx, a.Store(), cfg, o.ReportDir, out); err != nil {
			return sum, err
		}
	}
	return sum, nil
}

func addSeedComment(emu *graphemu.Server, postID string, earlier []graphemu.Comment, c seedComment, at time.Time) (graphemu.Comment, error) {
	nc := graphemu.NewComment{FromID: authorID(c.from), FromName: c.from, Message: c.text, CreatedTime: at}
	if c.from == demoPageName {
		nc.FromID = demoPageID
	}
	if c.reply > 0 && c.reply <= len(earlier) {
		return emu.AddReply(earlier[c.reply-1].ID, nc)
	}
	return emu.AddComment(postID, nc)
}

// authorID derives a stable app-scoped-looking id from a name.
func authorID(name string) string {
	var h uint64 = 1469598103934665603
	for i := 0; i < len(name); i++ {
		h ^= uint64(name[i])
		h *= 1099511628211
	}
	return fmt.Sprintf("7%015d", h%1_000_000_000_000_000)
}

func demoConfig(graphURL, mode string) (*config.Config, error) {
	yaml := fmt.Sprintf(`mode: %s
listen: "127.0.0.1:0"
admin_listen: "127.0.0.1:0"
pages:
  - id: %q
    name: %q
graph:
  base_url: %q
poll:
  schedule: "*/2 * * * *"
  backfill: 2d
worker:
  concurrency: 4
referent:
  name: "Claire Martin"
  email: "referent@saint-exemple.invalid"
smtp:
  # never contacted: the demo captures the e-mails
  host: smtp.saint-exemple.invalid
  from: "Vigie <vigie@saint-exemple.invalid>"
notify:
  digest_every: 1m   # 30m by default; the demo is short
%s`, mode, demoPageID, demoPageName, graphURL+"/", demoCharter)
	env := map[string]string{
		config.EnvPageToken:   demoToken,
		config.EnvAppSecret:   demoAppSecret,
		config.EnvVerifyToken: demoVerifyToken,
	}
	return config.Parse([]byte(yaml), "demo", func(k string) (string, bool) { v, ok := env[k]; return v, ok })
}

// printer follows the audit stream and prints each decision.
type printer struct {
	out   io.Writer
	st    *store.Store
	loc   *time.Location
	after string
	sum   *Summary
}

// follow prints audit entries until want comments have been judged.
func (p *printer) follow(ctx context.Context, want int, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	if p.after == "" {
		p.after = "0"
	}
	for p.sum.Judged < want {
		entries, err := p.st.AuditAfter(ctx, p.after, 100)
		if err != nil {
			return fmt.Errorf("demo: read audit: %w", err)
		}
		for _, e := range entries {
			p.after = e.ID
			p.print(ctx, e)
		}
		if len(entries) == 0 {
			if time.Now().After(deadline) {
				return errors.New("demo: comments were not judged in time")
			}
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(50 * time.Millisecond):
			}
		}
	}
	return nil
}

func (p *printer) print(ctx context.Context, e store.AuditEntry) {
	var outcome string
	switch e.Event {
	case store.EventHidden:
		outcome, p.sum.Hidden = "masqué", p.sum.Hidden+1
	case store.EventWouldHide:
		outcome, p.sum.WouldHide = "serait masqué (mode observation)", p.sum.WouldHide+1
	case store.EventQueued:
		outcome, p.sum.Queued = "soumis au référent", p.sum.Queued+1
	case store.EventClassified:
		outcome, p.sum.Visible = "laissé visible", p.sum.Visible+1
	default:
		return
	}
	p.sum.Judged++
	it, ok, err := p.st.Item(ctx, e.CommentID)
	if err != nil || !ok {
		return
	}
	verdict := "conforme à la charte"
	var reasons []string
	if v := it.Verdict; v != nil && len(v.Findings) > 0 {
		labels := make([]string, 0, len(v.Findings))
		for _, f := range v.Findings {
			labels = append(labels, fmt.Sprintf("%s (%.0f %%)", f.Category.Label(), f.Score*100))
			reasons = append(reasons, f.Reason)
		}
		verdict = strings.Join(labels, ", ")
	}
	at := e.At.In(p.loc).Format("15:04:05")
	fmt.Fprintf(p.out, "%s  « %s »\n          → %s → %s\n", at, excerpt(it.Message, 70), verdict, outcome)
	for _, r := range reasons {
		fmt.Fprintf(p.out, "            %s\n", r)
	}
	if it.Verdict != nil && it.Verdict.Correction != "" {
		fmt.Fprintf(p.out, "            Réponse proposée : %s\n", it.Verdict.Correction)
	}
}

func (p *printer) summary(d time.Duration) {
	s := p.sum
	fmt.Fprintf(p.out, "\nBilan : %d commentaires jugés en %s.\n", s.Judged, d.Round(100*time.Millisecond))
	fmt.Fprintf(p.out, "  %d masqués, %d soumis au référent, %d laissés visibles", s.Hidden, s.Queued, s.Visible)
	if s.WouldHide > 0 {
		fmt.Fprintf(p.out, ", %d auraient été masqués (mode observation)", s.WouldHide)
	}
	fmt.Fprintf(p.out, ".\n  Appels « masquer » reçus par l'API Graph simulée : %d ; webhook envoyé en double : %d, traité une seule fois.\n", s.HideCalls, s.Duplicates)
	fmt.Fprintln(p.out, "  Les commentaires de la Page elle-même ne sont pas jugés.")
	fmt.Fprintf(p.out, "  E-mails au référent : %d (immédiats pour les menaces et la haine, le reste en récapitulatif) ; la console les montre.\n", s.Mails)
}

// excerpt shortens a comment for one line.
func excerpt(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// syncWriter serialises writes from several goroutines.
type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}
