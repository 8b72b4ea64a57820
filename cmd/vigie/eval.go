package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/vigie-fr/vigie/moderation/evalset"
)

// cmdEval scores the classifier on labelled JSONL files: the commune
// format ({"labels": [...]}), Multilingual HateCheck and MLMA (see
// ../shared/eval/README.md). It prints precision and recall per category,
// the rate of must-act comments acted on and of must-not-act comments
// acted on, and a per-functionality table for HateCheck.
func cmdEval(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfgPath := fs.String("config", "", "fichier de configuration (faits de la charte du jeu commune)")
	errorsOut := fs.Bool("erreurs", false, "lister les identifiants des cas ratés")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage : vigie eval [--config FICHIER] [--erreurs] FICHIER.jsonl...")
		fs.PrintDefaults()
	}
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return 2
	}
	c, err := loadClassifier(*cfgPath)
	if err != nil {
		fmt.Fprintf(stderr, "vigie eval : %v\n", err)
		return 1
	}
	status := 0
	for _, path := range fs.Args() {
		f, err := os.Open(path)
		if err != nil {
			fmt.Fprintf(stderr, "vigie eval : %v\n", err)
			status = 1
			continue
		}
		cases, rerr := evalset.Read(f)
		f.Close()
		if rerr != nil {
			fmt.Fprintf(stderr, "vigie eval : %s : lignes ignorées :\n%v\n", path, rerr)
			status = 1
		}
		writeEval(stdout, path, evalset.Run(c, cases), *errorsOut)
	}
	return status
}

func writeEval(w io.Writer, path string, results []evalset.Result, listErrors bool) {
	fmt.Fprintf(w, "== %s\n", path)
	evalset.WriteScores(w, "Tous les cas", evalset.Score(results))
	hc := evalset.Filter(results, func(r evalset.Result) bool { return r.Format == evalset.HateCheck })
	if len(hc) > 0 {
		agreed := evalset.Filter(hc, func(r evalset.Result) bool { return !r.Disagreement })
		fmt.Fprintln(w)
		evalset.WriteScores(w, "HateCheck, cas où les annotateurs français approuvent l'étiquette (disagreement_in_case = false)", evalset.Score(agreed))
		fmt.Fprintln(w)
		evalset.WriteGroups(w, "HateCheck par fonctionnalité, tous les cas", evalset.ByFunctionality(hc))
		fmt.Fprintln(w)
		evalset.WriteGroups(w, "HateCheck par fonctionnalité, disagreement_in_case = false", evalset.ByFunctionality(agreed))
	}
	ml := evalset.Filter(results, func(r evalset.Result) bool { return r.Format == evalset.MLMA })
	if len(ml) > 0 {
		fmt.Fprintln(w)
		evalset.WriteGroups(w, "MLMA par étiquette d'hostilité", evalset.ByHostility(ml))
	}
	if listErrors {
		fmt.Fprintln(w, "\nCas ratés :")
		for _, r := range results {
			if r.Pass(r.Verdict) {
				continue
			}
			fmt.Fprintf(w, "  %s attendu=%v obtenu=%v\n", r.ID, expected(r), r.Verdict.Categories())
		}
	}
	fmt.Fprintln(w)
}

func expected(r evalset.Result) string {
	switch {
	case r.Format == evalset.Commune:
		return fmt.Sprint(r.Labels)
	case r.Positive:
		return "[" + r.Format.String() + " positif]"
	case r.MustNotAct():
		return "[aucune action]"
	}
	return "[pas haineux]"
}
