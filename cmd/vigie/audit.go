package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/vigie-fr/vigie/bot/app"
	"github.com/vigie-fr/vigie/bot/review"
	"github.com/vigie-fr/vigie/bot/store"
	"github.com/vigie-fr/vigie/config"
	"github.com/vigie-fr/vigie/moderation"
)

// auditLine is one JSONL line of `vigie audit --jsonl`.
type auditLine struct {
	ID         string    `json:"id"`
	At         time.Time `json:"at"`
	CommentID  string    `json:"comment_id"`
	Event      string    `json:"event"`
	Decision   string    `json:"decision,omitempty"`
	By         string    `json:"by,omitempty"`
	Mode       string    `json:"mode,omitempty"`
	Action     string    `json:"action,omitempty"`
	State      string    `json:"state,omitempty"`
	Categories []string  `json:"categories,omitempty"`
	Rules      []string  `json:"rules,omitempty"`
	Detail     string    `json:"detail,omitempty"`
	Error      string    `json:"error,omitempty"`
}

// cmdAudit prints the audit (the history of every decision), filtered.
func cmdAudit(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("audit", flag.ContinueOnError)
	fs.SetOutput(stderr)
	path := fs.String("config", defaultConfigPath, "fichier de configuration")
	since := fs.String("since", "7d", "depuis : une durée (36h, 7d) ou une date AAAA-MM-JJ")
	category := fs.String("category", "", "seulement cette catégorie (haineux, menace, injurieux…)")
	event := fs.String("event", "", "seulement cet événement (reviewed, hidden, queued, would_hide…)")
	jsonl := fs.Bool("jsonl", false, "une ligne JSON par entrée")
	limit := fs.Int("limit", 10000, "nombre maximal d'entrées lues")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if *category != "" && !moderation.Category(*category).Valid() {
		fmt.Fprintf(stderr, "vigie audit : catégorie inconnue « %s »\n", *category)
		return 2
	}
	cfg, err := config.Load(*path)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	from, err := parseSince(*since, time.Now(), cfg.Location())
	if err != nil {
		fmt.Fprintf(stderr, "vigie audit : --since %v\n", err)
		return 2
	}
	svc, closeFn, err := app.OpenReview(cfg, nil)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	defer closeFn()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	entries, err := svc.Store().Audit(ctx, from, time.Time{}, *limit)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	enc := json.NewEncoder(stdout)
	n := 0
	for _, e := range entries {
		if (*category != "" && !slices.Contains(e.Categories, *category)) || (*event != "" && string(e.Event) != *event) {
			continue
		}
		n++
		if *jsonl {
			l := auditLine{ID: e.ID, At: e.At, CommentID: e.CommentID, Event: string(e.Event), By: e.By, Mode: e.Mode, Action: e.Action,
				State: e.State, Categories: e.Categories, Rules: e.Rules, Detail: e.Detail, Error: e.Error}
			if e.Event == store.EventReviewed {
				l.Decision, l.Detail = e.Detail, ""
			}
			if err := enc.Encode(l); err != nil {
				fmt.Fprintln(stderr, err)
				return 1
			}
			continue
		}
		fmt.Fprintf(stdout, "%s  %-14s %s", e.At.In(cfg.Location()).Format("02/01/2006 15:04:05"), e.CommentID, e.Event)
		if e.Event == store.EventReviewed {
			fmt.Fprintf(stdout, " : %s par %s", review.Decision(e.Detail).Label(), e.By)
			if e.Mode == config.ModeObserve {
				fmt.Fprint(stdout, " (mode observation)")
			}
		} else if e.Detail != "" {
			fmt.Fprintf(stdout, " (%s)", e.Detail)
		}
		if len(e.Categories) > 0 {
			fmt.Fprintf(stdout, " [%s]", strings.Join(e.Categories, ", "))
		}
		if e.Error != "" {
			fmt.Fprintf(stdout, " erreur %s", e.Error)
		}
		fmt.Fprintln(stdout)
	}
	if !*jsonl {
		fmt.Fprintf(stdout, "%d entrée(s) depuis le %s.\n", n, from.In(cfg.Location()).Format("02/01/2006 15:04"))
	}
	return 0
}

// parseSince reads a duration back from now ("36h", "7d") or a date.
func parseSince(s string, now time.Time, loc *time.Location) (time.Time, error) {
	if t, err := time.ParseInLocation("2006-01-02", s, loc); err == nil {
		return t, nil
	}
	d, err := config.ParseDuration(s)
	if err != nil {
		return time.Time{}, fmt.Errorf("« %s » : une durée (36h, 7d) ou une date AAAA-MM-JJ", s)
	}
	return now.Add(-d), nil
}
