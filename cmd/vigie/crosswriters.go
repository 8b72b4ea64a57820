package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sync"

	"github.com/vigie-fr/vigie/moderation"
	"github.com/vigie-fr/vigie/moderation/evalset"
	"github.com/vigie-fr/vigie/moderation/ngram"
)

// writerFile names the files of testdata/train: writer_X_NN.jsonl, X being
// the writer.
var writerFile = regexp.MustCompile(`^writer_([a-z]+)_[0-9]+\.jsonl$`)

// writerOf returns the writer of a training file, or "".
func writerOf(path string) string {
	if m := writerFile.FindStringSubmatch(filepath.Base(path)); m != nil {
		return m[1]
	}
	return ""
}

// writerRun is the judgement of one writer's comments by a model trained
// without them.
type writerRun struct {
	writer string
	rows   int
	// rules alone, model alone, combined
	scores [3]evalset.Scores
	// results of the combined judge, for --cross-writers-dump
	results    []evalset.Result
	rules      []evalset.Result
	thresholds []float32
	err        error
}

// crossWriters measures how the judge generalises to a writer it never
// read: for each writer of the writer_X_NN.jsonl files, a model is trained
// on every other file, and that writer's comments are judged by the rules
// alone, the model alone and both (the judge of the service), without any
// charter facts. It writes no model.
func crossWriters(sets []trainingSet, opt ngram.Options, jobs int, dump, cache string, stdout, stderr io.Writer) int {
	var writers []string
	for _, s := range sets {
		if w := writerOf(s.path); w != "" && !slices.Contains(writers, w) {
			writers = append(writers, w)
		}
	}
	slices.Sort(writers)
	if len(writers) < 2 {
		fmt.Fprintln(stderr, "vigie train : --cross-writers demande les fichiers d'au moins deux auteurs (writer_X_NN.jsonl)")
		return 2
	}
	rules, err := moderation.New(moderation.Facts{}, nil, moderation.WithModel(nil))
	if err != nil {
		fmt.Fprintf(stderr, "vigie train : %v\n", err)
		return 1
	}
	runs := make([]writerRun, len(writers))
	sem := make(chan struct{}, max(1, jobs))
	var wg sync.WaitGroup
	for i, w := range writers {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			runs[i] = judgeWriter(sets, w, rules, opt, cache)
		}()
	}
	wg.Wait()
	for _, r := range runs {
		if r.err != nil {
			fmt.Fprintf(stderr, "vigie train : auteur %s : %v\n", r.writer, r.err)
			return 1
		}
	}
	writeCrossWriters(stdout, runs)
	if dump != "" {
		if err := dumpCrossWriters(dump, runs); err != nil {
			fmt.Fprintf(stderr, "vigie train : %v\n", err)
			return 1
		}
	}
	return 0
}

func judgeWriter(sets []trainingSet, writer string, rules *moderation.Classifier, opt ngram.Options, cache string) writerRun {
	run := writerRun{writer: writer}
	var train []ngram.Example
	var held []evalset.Case
	for _, s := range sets {
		if writerOf(s.path) == writer {
			held = append(held, s.cases...)
		} else {
			train = append(train, s.examples...)
		}
	}
	run.rows = len(held)
	m, err := trainCached(train, opt, cache)
	if err != nil {
		run.err = err
		return run
	}
	run.thresholds = m.Threshold
	c, err := moderation.New(moderation.Facts{}, nil, moderation.WithModel(m))
	if err != nil {
		run.err = err
		return run
	}
	judges := [3]func(string) moderation.Verdict{
		rules.Classify,
		func(s string) moderation.Verdict { return c.ClassifyModelIn(s, moderation.Context{}) },
		c.Classify,
	}
	for j, judge := range judges {
		rs := evalset.RunWith(judge, held)
		run.scores[j] = evalset.Score(rs)
		switch j {
		case 0:
			run.rules = rs
		case 2:
			run.results = rs
		}
	}
	return run
}

// trainCached trains a model, or reads the one trained before on the same
// examples with the same options from the cache directory (none when
// cache is empty): training is reproducible, so the cached model is the
// one training would give, and trying a change of policy costs no
// training.
func trainCached(train []ngram.Example, opt ngram.Options, cache string) (*ngram.Model, error) {
	var path string
	if cache != "" {
		h := sha256.New()
		fmt.Fprintf(h, "%+v\n", opt)
		for _, ex := range train {
			fmt.Fprintf(h, "%q %q %q %v %v %q\n", ex.Doc.Words, ex.Doc.Tags, ex.Doc.Marks, ex.Labels, ex.Weight, ex.Group)
		}
		path = filepath.Join(cache, hex.EncodeToString(h.Sum(nil))[:24]+".model")
		if data, err := os.ReadFile(path); err == nil {
			if m, err := ngram.Parse(data); err == nil {
				return m, nil
			}
		}
	}
	m, _, err := ngram.Train(moderation.ModelLabels(), train, opt)
	if err != nil || path == "" {
		return m, err
	}
	data, err := m.MarshalBinary()
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(cache, 0o755); err != nil {
		return nil, err
	}
	return m, writeFileAtomic(path, data)
}

// recallOf is the recall of one category, or an empty rate.
func recallOf(s evalset.Scores, c moderation.Category) evalset.Rate {
	for _, cs := range s.Categories {
		if cs.Category == c {
			return cs.Recall
		}
	}
	return evalset.Rate{}
}

func writeCrossWriters(w io.Writer, runs []writerRun) {
	fmt.Fprintln(w, "Validation par auteur : chaque auteur jugé par un modèle entraîné sans ses fichiers, sans faits de charte.")
	fmt.Fprintln(w, "« traités » : commentaires à traiter traités avec une bonne catégorie ; « faux » : commentaires légitimes traités.")
	fmt.Fprintf(w, "\n%-7s %6s  %-17s %-17s %-17s %-9s %-9s\n", "auteur", "lignes", "règles seules", "modèle seul", "combiné (service)", "menaces", "haine")
	fmt.Fprintf(w, "%-7s %6s  %-17s %-17s %-17s %-9s %-9s\n", "", "", "traités   faux", "traités   faux", "traités   faux", "combiné", "combiné")
	var mean [3][2]float64
	var meanThreat, meanHate float64
	var nThreat, nHate int
	var pooled [3][2]evalset.Rate
	var pooledThreat, pooledHate evalset.Rate
	for _, r := range runs {
		fmt.Fprintf(w, "%-7s %6d ", r.writer, r.rows)
		for j, s := range r.scores {
			fmt.Fprintf(w, " %6.1f %% %5.1f %%", 100*s.Acted.Value(), 100*s.FalsePositives.Value())
			mean[j][0] += s.Acted.Value() / float64(len(runs))
			mean[j][1] += s.FalsePositives.Value() / float64(len(runs))
			pooled[j][0].N += s.Acted.N
			pooled[j][0].Of += s.Acted.Of
			pooled[j][1].N += s.FalsePositives.N
			pooled[j][1].Of += s.FalsePositives.Of
		}
		th, ha := recallOf(r.scores[2], moderation.Menace), recallOf(r.scores[2], moderation.Haineux)
		fmt.Fprintf(w, "  %s  %s\n", pct(th), pct(ha))
		if th.Of > 0 {
			meanThreat += th.Value()
			nThreat++
		}
		if ha.Of > 0 {
			meanHate += ha.Value()
			nHate++
		}
		pooledThreat.N += th.N
		pooledThreat.Of += th.Of
		pooledHate.N += ha.N
		pooledHate.Of += ha.Of
	}
	fmt.Fprintf(w, "%-7s %6s ", "moyenne", "")
	for j := range mean {
		fmt.Fprintf(w, " %6.1f %% %5.1f %%", 100*mean[j][0], 100*mean[j][1])
	}
	fmt.Fprintf(w, "  %6.1f %%  %6.1f %%\n", 100*meanThreat/float64(max(1, nThreat)), 100*meanHate/float64(max(1, nHate)))
	fmt.Fprintf(w, "%-7s %6s ", "cumul", "")
	for j := range pooled {
		fmt.Fprintf(w, " %6.1f %% %5.1f %%", 100*pooled[j][0].Value(), 100*pooled[j][1].Value())
	}
	fmt.Fprintf(w, "  %s  %s\n", pct(pooledThreat), pct(pooledHate))
	fmt.Fprintf(w, "\nSeuils du modèle de chaque auteur :\n%-7s", "")
	for _, c := range moderation.Categories {
		fmt.Fprintf(w, " %6.6s", c)
	}
	fmt.Fprintln(w)
	for _, r := range runs {
		fmt.Fprintf(w, "%-7s", r.writer)
		for _, t := range r.thresholds {
			fmt.Fprintf(w, " %6.2f", t)
		}
		fmt.Fprintln(w)
	}
}

func pct(r evalset.Rate) string {
	if r.Of == 0 {
		return fmt.Sprintf("%8s", "–")
	}
	return fmt.Sprintf("%6.1f %%", 100*r.Value())
}

// dumpCrossWriters writes one JSON line per judged comment: its writer,
// id, text, labels, the categories the combined judge acted on, the
// rules that fired and the model's scores.
func dumpCrossWriters(path string, runs []writerRun) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for _, r := range runs {
		for n, res := range r.results {
			var rules []string
			for _, f := range res.Verdict.Findings {
				rules = append(rules, f.Rules...)
			}
			ruleScores := map[moderation.Category]float64{}
			for _, f := range r.rules[n].Verdict.Findings {
				ruleScores[f.Category] = f.Score
			}
			if err := enc.Encode(map[string]any{
				"rule_scores": ruleScores,
				"writer":      r.writer, "id": res.ID, "text": res.Text, "labels": res.Labels,
				"acted": res.Verdict.Acts(), "action": res.Verdict.Action, "categories": res.Verdict.Categories(),
				"rules": rules, "scores": res.Verdict.ModelScores,
				"rules_alone": r.rules[n].Verdict.Categories(), "rules_acted": r.rules[n].Verdict.Acts(),
			}); err != nil {
				return err
			}
		}
	}
	return writeFileAtomic(path, buf.Bytes())
}
