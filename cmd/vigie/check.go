package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/vigie-fr/vigie/moderation"
)

// cmdCheck judges one comment given on the command line (or on standard
// input with "-") and prints the verdict in French with its reasons.
func cmdCheck(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfgPath := fs.String("config", "", "fichier de configuration (faits de la charte : personnes, rumeurs, domaines)")
	election := fs.Bool("election", false, "juger comme en période électorale (sinon : charter.election_period du fichier de configuration)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage : vigie check [--config FICHIER] [--election] \"texte du commentaire\"")
		fmt.Fprintln(stderr, "        vigie check [--config FICHIER] -   (lit le texte sur l'entrée standard)")
		fs.PrintDefaults()
	}
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return 2
	}
	text := strings.Join(fs.Args(), " ")
	if text == "-" {
		b, err := io.ReadAll(io.LimitReader(stdin, maxCommentBytes+1))
		if err != nil {
			fmt.Fprintf(stderr, "vigie check : lecture de l'entrée standard : %v\n", err)
			return 1
		}
		text = string(b)
	}
	c, ctx, err := loadJudge(*cfgPath, *election, time.Now)
	if err != nil {
		fmt.Fprintf(stderr, "vigie check : %v\n", err)
		return 1
	}
	v := c.ClassifyIn(text, ctx)
	writeVerdict(stdout, text, v)
	fmt.Fprintf(stdout, "\nJuge : %s\n", v.Judge)
	return 0
}

// writeVerdict prints a verdict for a person: the decision, then each
// finding with its score, severity, reason, charter clause, law and the
// words that made it fire.
func writeVerdict(w io.Writer, text string, v moderation.Verdict) {
	if !v.Acts() {
		fmt.Fprintln(w, "Verdict : aucune action — le commentaire respecte la charte.")
		return
	}
	fmt.Fprintf(w, "Verdict : %s", v.Action.Label())
	if v.Urgent {
		fmt.Fprint(w, " (urgent : prévenir le référent tout de suite)")
	}
	fmt.Fprintln(w)
	for _, f := range v.Findings {
		fmt.Fprintf(w, "\n• %s — confiance %.0f %%, gravité %s, action : %s\n", f.Category.Label(), f.Score*100, f.Severity, f.Action.Label())
		fmt.Fprintf(w, "  Motif : %s\n", f.Reason)
		if f.Clause != "" {
			fmt.Fprintf(w, "  Charte : %s\n", f.Clause)
		}
		if f.Law != "" {
			fmt.Fprintf(w, "  Référence : %s\n", f.Law)
		}
		if ev := evidence(text, f.Evidence); ev != "" {
			fmt.Fprintf(w, "  Passages : %s\n", ev)
		}
		fmt.Fprintf(w, "  Règles : %s\n", strings.Join(f.Rules, ", "))
	}
	if v.Correction != "" {
		fmt.Fprintf(w, "\nRectificatif officiel à publier en réponse :\n  %s\n", v.Correction)
	}
}

// evidence quotes the spans of the comment, for the person who typed it.
func evidence(text string, spans []moderation.Span) string {
	var parts []string
	for _, s := range spans {
		if s.Start < 0 || s.End > len(text) || s.Start >= s.End {
			continue
		}
		parts = append(parts, fmt.Sprintf("« %s » (octets %d–%d)", text[s.Start:s.End], s.Start, s.End))
	}
	return strings.Join(parts, ", ")
}
