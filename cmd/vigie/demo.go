package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	"github.com/vigie-fr/vigie/bot/demo"
	"github.com/vigie-fr/vigie/config"
)

// cmdDemo runs the whole pipeline on a simulated Page with an embedded
// Redis: nothing to install, nothing to configure.
func cmdDemo(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	observe := fs.Bool("observe", false, "mode observation : juger sans rien masquer")
	fast := fs.Bool("fast", false, "sans pause entre les commentaires")
	verbose := fs.Bool("v", false, "afficher aussi les journaux du service")
	console := fs.Bool("console", true, "servir la console du référent sur localhost et attendre Ctrl-C à la fin")
	outDir := fs.String("out", "", "dossier où écrire, à la fin, un rapport mensuel et un dossier de preuve d'exemple")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	o := demo.Options{Out: stdout, Pace: 300 * time.Millisecond, Mode: config.ModeAct, Console: *console, ReportDir: *outDir}
	if *fast {
		o.Pace = 0
	}
	if *observe {
		o.Mode = config.ModeObserve
	}
	if *verbose {
		logger, err := newLogger("info", "console", stderr)
		if err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		o.Logger = logger
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if _, err := demo.Run(ctx, o); err != nil {
		fmt.Fprintf(stderr, "La démonstration a échoué : %v\n", err)
		return 1
	}
	return 0
}
