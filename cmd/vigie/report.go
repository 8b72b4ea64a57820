package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/vigie-fr/vigie/bot/app"
	"github.com/vigie-fr/vigie/bot/report"
	"github.com/vigie-fr/vigie/bot/store"
	"github.com/vigie-fr/vigie/config"
)

// cmdReport builds a month's report from Redis: to files (--out), by
// e-mail (--send), or as text on stdout.
func cmdReport(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.SetOutput(stderr)
	path := fs.String("config", defaultConfigPath, "fichier de configuration")
	month := fs.String("month", "", "mois AAAA-MM (par défaut le mois précédent)")
	out := fs.String("out", "", "dossier où écrire report.html, report.txt, decisions.csv et chart.png")
	send := fs.Bool("send", false, "envoyer le rapport par courriel (smtp et report.recipients)")
	commune := fs.String("commune", "", "avec communes : le rapport de cette commune seulement (id), à ses destinataires")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	cfg, err := config.Load(*path)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	if *month == "" {
		*month = report.PreviousMonth(time.Now(), cfg.Location())
	}
	if _, err := time.Parse("2006-01", *month); err != nil {
		fmt.Fprintf(stderr, "vigie report : --month « %s » : attendu AAAA-MM, par exemple 2026-10\n", *month)
		return 2
	}
	st, closeFn, err := openStore(cfg)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	defer closeFn()
	svc, err := app.NewReportService(cfg, st, time.Now)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	if *commune != "" || len(cfg.Communes) > 0 {
		if _, ok := cfg.Commune(*commune); !ok {
			ids := make([]string, len(cfg.Communes))
			for i, m := range cfg.Communes {
				ids[i] = m.ID
			}
			fmt.Fprintf(stderr, "vigie report : --commune « %s » : choisissez une commune de la configuration (%s) ; chaque commune a son propre rapport\n", *commune, strings.Join(ids, ", "))
			return 2
		}
		svcs, err := app.NewCommuneReportServices(cfg, st, time.Now)
		if err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		for i, m := range cfg.Communes {
			if m.ID == *commune {
				svc = svcs[i]
			}
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	return writeReport(ctx, svc, *month, *out, *send, *commune, stdout, stderr)
}

// writeReport makes the report of month and writes it where asked; part
// is the commune whose report it is ("" for the deployment's).
func writeReport(ctx context.Context, svc *report.Service, month, out string, send bool, part string, stdout, stderr io.Writer) int {
	r, f, err := svc.Make(ctx, month)
	if err != nil {
		fmt.Fprintf(stderr, "vigie report : %v\n", err)
		return 1
	}
	if out != "" {
		if err := f.WriteDir(out); err != nil {
			fmt.Fprintf(stderr, "vigie report : %v\n", err)
			return 1
		}
		fmt.Fprintf(stdout, "Rapport %s écrit dans %s : report.html, report.txt, decisions.csv, chart.png (%d commentaires jugés).\n", r.OfMonth(), out, r.Total.Judged)
	}
	if send {
		if err := svc.Deliver(ctx, r, f); err != nil {
			fmt.Fprintf(stderr, "vigie report : envoi impossible : %v\n", err)
			return 1
		}
		// Recorded as sent, so the daemon does not send it again: a
		// commune's report as that commune's only, the others still due.
		mark := func() (bool, error) { return svc.Store.MarkReportSent(ctx, month, time.Now()) }
		if part != "" {
			mark = func() (bool, error) { return svc.Store.MarkReportPartSent(ctx, month, part, time.Now()) }
		}
		if _, err := mark(); err != nil {
			fmt.Fprintf(stderr, "vigie report : envoyé, mais non enregistré comme envoyé : %v\n", err)
		}
		fmt.Fprintf(stdout, "Rapport %s envoyé à %d destinataire(s).\n", r.OfMonth(), len(svc.To))
	}
	if out == "" && !send {
		_, _ = stdout.Write(f.Text)
	}
	return 0
}

// openStore connects to the configured Redis, as the daemon does.
func openStore(cfg *config.Config) (*store.Store, func(), error) {
	opt, err := redis.ParseURL(cfg.Redis.URL)
	if err != nil {
		return nil, nil, fmt.Errorf("redis.url : %w", err)
	}
	if cfg.Redis.Password.IsSet() {
		opt.Password = cfg.Redis.Password.Reveal()
	}
	rdb := redis.NewClient(opt)
	st, err := store.New(store.Options{
		Client: rdb, Prefix: cfg.Redis.Prefix, DedupTTL: cfg.Retention.Dedup.D(), Retention: cfg.Retention.Items.D(),
		AuditRetention: cfg.Retention.Audit.D(), EvidenceRetention: cfg.Retention.Evidence.D(), Location: cfg.Location(),
	})
	if err != nil {
		_ = rdb.Close()
		return nil, nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := st.Ping(ctx); err != nil {
		_ = rdb.Close()
		return nil, nil, fmt.Errorf("Redis (%s) ne répond pas : %w", cfg.Redis.URL, err)
	}
	return st, func() { _ = rdb.Close() }, nil
}
