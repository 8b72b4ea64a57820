package main

import (
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/vigie-fr/vigie/config"
)

const defaultConfigPath = "/etc/vigie/vigie.yaml"

// cmdConfigCheck loads the configuration as `vigie run` would and lists
// every problem. Exit 0 when valid, 2 when not. It never prints a secret.
func cmdConfigCheck(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("config check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	path := fs.String("config", defaultConfigPath, "fichier de configuration")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	c, err := config.Load(*path)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	if _, err := c.NewClassifier(); err != nil {
		fmt.Fprintf(stderr, "%s : règles de modération invalides : %v\n", *path, err)
		return 2
	}
	fmt.Fprintf(stdout, "%s : configuration valide.\n", *path)
	fmt.Fprintf(stdout, "  mode : %s\n", modeLabel(c.Mode))
	for _, p := range c.Pages {
		tok, file, env := c.PageToken(p.ID)
		src := env
		if file != "" {
			src = file
		}
		fmt.Fprintf(stdout, "  Page surveillée : %s (%s), jeton %s (%s)\n", p.Name, p.ID, tok, src)
	}
	for _, ig := range c.Instagram {
		fmt.Fprintf(stdout, "  compte Instagram surveillé : %s (%s), relié à la Page %s\n", ig.Name, ig.ID, ig.PageID)
	}
	for _, m := range c.Communes {
		sub := c.ForCommune(m.ID)
		if _, err := sub.NewClassifier(); err != nil {
			fmt.Fprintf(stderr, "%s : commune %s : règles de modération invalides : %v\n", *path, m.ID, err)
			return 2
		}
		second := "aucun second contact"
		if e := sub.Notify.EscalationEmail; e != "" {
			second = fmt.Sprintf("second contact %s après %s", e, delay(sub.Notify.EscalateAfter.D()))
		}
		fmt.Fprintf(stdout, "  commune %s (%s) : %d compte(s), référent %s (rappel après %s), %s\n",
			m.ID, m.Name, len(m.Pages)+len(m.Instagram), sub.Referent.Email, delay(sub.Notify.RemindAfter.D()), second)
	}
	fmt.Fprintf(stdout, "  API Graph : %s%s, jeton de Page %s, secret d'application %s\n", c.Graph.BaseURL, c.Graph.Version, c.Graph.PageToken, c.Graph.AppSecret)
	fmt.Fprintf(stdout, "  jeton de vérification du webhook : %s\n", c.Webhook.VerifyToken)
	fmt.Fprintf(stdout, "  relevé : « %s », sur %s\n", c.Poll.Schedule, c.Poll.Backfill)
	fmt.Fprintf(stdout, "  conservation : commentaires %s, historique %s\n", c.Retention.Items, c.Retention.Audit)
	return 0
}

// delay says a follow-up delay in French: « 12 h », « 3 j ».
func delay(d time.Duration) string {
	switch {
	case d >= 24*time.Hour && d%(24*time.Hour) == 0:
		return fmt.Sprintf("%d j", d/(24*time.Hour))
	case d%time.Hour == 0:
		return fmt.Sprintf("%d h", d/time.Hour)
	}
	return d.String()
}

func modeLabel(m string) string {
	if m == config.ModeAct {
		return "act (Vigie masque les commentaires)"
	}
	return "observe (Vigie juge et enregistre, sans rien masquer)"
}
