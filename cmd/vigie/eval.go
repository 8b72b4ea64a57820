package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/vigie-fr/vigie/moderation"
	"github.com/vigie-fr/vigie/moderation/evalset"
)

// cmdEval scores the classifier on labelled JSONL files: the commune
// format ({"labels": [...]}), Multilingual HateCheck and MLMA (see
// testdata/eval/README.md). It prints precision and recall per category,
// the rate of must-act comments acted on and of must-not-act comments
// acted on, and a per-functionality table for HateCheck.
func cmdEval(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfgPath := fs.String("config", "", "fichier de configuration (faits de la charte du jeu commune)")
	errorsOut := fs.Bool("erreurs", false, "lister les identifiants des cas ratés")
	election := fs.Bool("election", false, "juger comme en période électorale (sinon : charter.election_period du fichier de configuration)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage : vigie eval [--config FICHIER] [--election] [--erreurs] FICHIER.jsonl...")
		fmt.Fprintln(stderr, "Compare les règles seules, le modèle appris seul et les deux ensemble (le juge du service).")
		fs.PrintDefaults()
	}
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return 2
	}
	c, ctx, err := loadJudge(*cfgPath, *election, time.Now)
	if err != nil {
		fmt.Fprintf(stderr, "vigie eval : %v\n", err)
		return 1
	}
	rulesOnly, err := c.RulesOnly()
	if err != nil {
		fmt.Fprintf(stderr, "vigie eval : %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "Juge : %s\n\n", c.Judge())
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
		rules := evalset.RunWith(func(s string) moderation.Verdict { return rulesOnly.ClassifyIn(s, ctx) }, cases)
		model := evalset.RunWith(func(s string) moderation.Verdict { return c.ClassifyModelIn(s, ctx) }, cases)
		both := evalset.RunWith(func(s string) moderation.Verdict { return c.ClassifyIn(s, ctx) }, cases)
		writeEval(stdout, path, [3][]evalset.Result{rules, model, both}, *errorsOut)
	}
	return status
}

// judgeNames are the columns of vigie eval.
var judgeNames = []string{"règles seules", "modèle seul", "combiné (service)"}

// writeEval prints the three judges side by side, then the detailed
// tables of the combined judge, the one the daemon runs.
func writeEval(w io.Writer, path string, runs [3][]evalset.Result, listErrors bool) {
	fmt.Fprintf(w, "== %s\n", path)
	results := runs[2]
	scores := func(f func(evalset.Result) bool) []evalset.Scores {
		out := make([]evalset.Scores, len(runs))
		for i, rs := range runs {
			if f != nil {
				rs = evalset.Filter(rs, f)
			}
			out[i] = evalset.Score(rs)
		}
		return out
	}
	evalset.WriteComparison(w, "Tous les cas", judgeNames, scores(nil))
	hc := evalset.Filter(results, func(r evalset.Result) bool { return r.Format == evalset.HateCheck })
	if len(hc) > 0 {
		agreed := evalset.Filter(hc, func(r evalset.Result) bool { return !r.Disagreement })
		fmt.Fprintln(w)
		evalset.WriteComparison(w, "HateCheck, cas où les annotateurs français approuvent l'étiquette (disagreement_in_case = false)",
			judgeNames, scores(func(r evalset.Result) bool { return r.Format == evalset.HateCheck && !r.Disagreement }))
		fmt.Fprintln(w)
		evalset.WriteGroups(w, "HateCheck par fonctionnalité, tous les cas (juge combiné)", evalset.ByFunctionality(hc))
		fmt.Fprintln(w)
		evalset.WriteGroups(w, "HateCheck par fonctionnalité, disagreement_in_case = false (juge combiné)", evalset.ByFunctionality(agreed))
	}
	ml := evalset.Filter(results, func(r evalset.Result) bool { return r.Format == evalset.MLMA })
	if len(ml) > 0 {
		fmt.Fprintln(w)
		evalset.WriteGroups(w, "MLMA par étiquette d'hostilité (juge combiné)", evalset.ByHostility(ml))
	}
	if listErrors {
		fmt.Fprintln(w, "\nCas ratés (juge combiné) :")
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
