// Command vigie watches a French commune's Facebook Page and Instagram
// account, judges every new comment against the commune's charter, hides
// what clearly breaks it and queues the rest for the référent.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	// The static binary runs in images without /usr/share/zoneinfo; the
	// poller and the report need Europe/Paris.
	_ "time/tzdata"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// command is one subcommand: run gets the arguments after the command name
// and returns the process exit code.
type command struct {
	summary string // French, shown by `vigie help`
	run     func(args []string, stdin io.Reader, stdout, stderr io.Writer) int
}

func commands() map[string]command {
	return map[string]command{
		"version":         {"affiche la version", cmdVersion},
		"run":             {"lance le service (webhooks, relevé, modération)", cmdRun},
		"demo":            {"démonstration sur une page de commune simulée, sans rien installer", cmdDemo},
		"healthcheck":     {"vérifie qu'un Vigie en marche répond (pour Docker)", cmdHealthcheck},
		"config check":    {"vérifie le fichier de configuration et liste tous les problèmes", cmdConfigCheck},
		"accounts check":  {"interroge l'API Graph pour chaque compte : jeton, autorisations, webhooks", cmdAccountsCheck},
		"check":           {"juge un commentaire et explique le verdict", cmdCheck},
		"scan":            {"juge des commentaires JSONL lus sur l'entrée standard", cmdScan},
		"eval":            {"mesure le classifieur sur des jeux étiquetés JSONL", cmdEval},
		"queue":           {"file du référent : list, show, approve, reject, export-decisions", cmdQueue},
		"audit":           {"journal des décisions, filtré (texte ou JSONL)", cmdAudit},
		"user":            {"comptes de la console : « user add NOM » imprime la ligne à coller", cmdUser},
		"emulator":        {"simule l'API Graph et une Page pour répéter « vigie run » sans Meta", cmdEmulator},
		"train":           {"entraîne le détecteur appris sur des commentaires étiquetés", cmdTrain},
		"report":          {"rapport mensuel : fichiers (--out) ou courriel (--send)", cmdReport},
		"notify":          {"« notify test » envoie un courriel d'essai au référent (et au webhook)", cmdNotify},
		"evidence export": {"dossier de preuve d'un commentaire (JSON, page imprimable, empreinte)", cmdEvidenceExport},
		"evidence verify": {"vérifie l'empreinte d'un dossier de preuve", cmdEvidenceVerify},
	}
}

func main() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cmds := commands()
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stdout, cmds)
		return 0
	}
	name := args[0]
	// "vigie config check", "vigie accounts check" and "vigie evidence
	// export" are two words.
	if (name == "config" || name == "evidence" || name == "accounts") && len(args) > 1 {
		name += " " + args[1]
		args = args[1:]
	}
	c, ok := cmds[name]
	if !ok {
		fmt.Fprintf(stderr, "vigie : commande inconnue « %s »\n\n", name)
		usage(stderr, cmds)
		return 2
	}
	return c.run(args[1:], stdin, stdout, stderr)
}

func usage(w io.Writer, cmds map[string]command) {
	fmt.Fprintln(w, "Vigie — modération des commentaires de la page d'une commune")
	fmt.Fprintln(w, "\nUsage : vigie <commande> [options]\n\nCommandes :")
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-16s %s\n", n, cmds[n].summary)
	}
	fmt.Fprintln(w, "\n« vigie <commande> -h » détaille les options d'une commande.")
}

func cmdVersion(_ []string, _ io.Reader, stdout, _ io.Writer) int {
	fmt.Fprintf(stdout, "vigie %s\n", version)
	return 0
}

// parseFlags parses a subcommand's flags. It returns ok=false with the exit
// code to use when the command must stop: 0 after -h, 2 on a bad flag.
func parseFlags(fs *flag.FlagSet, args []string) (code int, ok bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0, false
		}
		return 2, false
	}
	return 0, true
}
