package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/vigie-fr/vigie/moderation"
	"github.com/vigie-fr/vigie/moderation/evalset"
	"github.com/vigie-fr/vigie/moderation/ngram"
)

// measureSets are the sets that measure how the judge generalises: no
// model is ever trained on them.
var measureSets = []string{"blind4.jsonl", "mhc_style_fr_check.jsonl"}

// measureDirs are the directories of sets kept to measure the judge: no
// model is ever trained on a file inside one.
var measureDirs = []struct{ dir, why string }{
	{"heldout", "le jeu de test réservé (heldout) ne sert jamais à l'entraînement"},
	{"unseen", "ce jeu d'auteurs jamais appris (unseen) mesure la généralisation du juge, on n'entraîne jamais dessus"},
}

// listFlag is a flag that may be repeated.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(s string) error { *l = append(*l, s); return nil }

// cmdTrain trains the n-gram detector on labelled JSONL and writes the
// model: the same files give the same bytes.
func cmdTrain(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("train", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "fichier du modèle à écrire (obligatoire)")
	var decisions listFlag
	fs.Var(&decisions, "from-decisions", "décisions du référent (JSONL, répétable) : approve = catégories justes, reject = rien à faire")
	weight := fs.Float64("decision-weight", 3, "poids des décisions du référent par rapport au corpus livré")
	opt := ngram.DefaultOptions
	fs.IntVar(&opt.Epochs, "epochs", opt.Epochs, "passes sur le corpus (réglage avancé)")
	fs.Float64Var(&opt.LearningRate, "learning-rate", opt.LearningRate, "pas d'apprentissage AdaGrad (réglage avancé)")
	fs.Float64Var(&opt.MinPrecision, "min-precision", opt.MinPrecision, "précision minimale visée par catégorie en validation (réglage avancé)")
	fs.Float64Var(&opt.MaxLegitRate, "max-legit-rate", opt.MaxLegitRate, "part maximale de commentaires légitimes signalés par catégorie en validation (réglage avancé)")
	fs.Float64Var(&opt.MaxPositiveWeight, "max-positive-weight", opt.MaxPositiveWeight, "poids maximal d'un exemple positif d'une catégorie rare (réglage avancé)")
	var precisionOf listFlag
	fs.Var(&precisionOf, "min-precision-of", "précision minimale d'une catégorie, CATÉGORIE=P (répétable ; réglage avancé)")
	fs.Float64Var(&opt.MinThreshold, "min-threshold", opt.MinThreshold, "seuil minimal d'une catégorie sur le score calibré (réglage avancé)")
	fs.Float64Var(&opt.MaxThreshold, "max-threshold", opt.MaxThreshold, "seuil maximal d'une catégorie sur le score calibré (réglage avancé)")
	fs.Float64Var(&opt.LegitBudget, "legit-budget", opt.LegitBudget, "part maximale de commentaires légitimes signalés par le modèle en validation, toutes catégories ensemble ; seuils choisis ensemble (réglage avancé)")
	minFeatures := fs.Uint("min-features", uint(opt.Settings.MinFeatures), "nombre de traits sous lequel un commentaire court est normalisé comme s'il en avait autant (réglage avancé)")
	families := fs.String("features", featureNames(opt.Settings.Flags), "familles de traits en plus des n-grammes : length, cross, marks, skip, séparées par des virgules (réglage avancé)")
	bits := fs.Uint("hash-bits", uint(opt.Settings.HashBits), "log2 du nombre de cases de hachage (réglage avancé)")
	charMin := fs.Uint("char-min", uint(opt.Settings.CharMin), "plus petits n-grammes de caractères (réglage avancé)")
	charMax := fs.Uint("char-max", uint(opt.Settings.CharMax), "plus grands n-grammes de caractères (réglage avancé)")
	mlma := fs.Bool("mlma", false, "lire les lignes MLMA « hateful » visant un groupe comme haineux (les autres sont ignorées)")
	cross := fs.Bool("cross-writers", false, "valider sans écrire de modèle : pour chaque auteur des fichiers writer_X_NN.jsonl, entraîner sur tout le reste et juger ses commentaires (règles, modèle, combiné)")
	dump := fs.String("cross-writers-dump", "", "avec --cross-writers : écrire chaque commentaire jugé (JSONL) dans ce fichier")
	cache := fs.String("cross-writers-cache", "", "avec --cross-writers : garder les modèles entraînés dans ce répertoire et les relire quand les données et réglages sont les mêmes")
	jobs := fs.Int("jobs", 2, "entraînements menés en parallèle avec --cross-writers")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage : vigie train DONNÉES.jsonl... --out MODÈLE [--from-decisions DÉCISIONS.jsonl]...")
		fmt.Fprintln(stderr, "        vigie train DONNÉES.jsonl... --cross-writers")
		fmt.Fprintln(stderr, "Entraîne le détecteur appris (n-grammes) sur des commentaires étiquetés : format commune")
		fmt.Fprintln(stderr, `{"id", "text", "labels": [...]}, HateCheck ou MLMA. Mêmes données, même modèle, octet pour octet.`)
		fs.PrintDefaults()
	}
	files, code, ok := parseInterleaved(fs, args)
	if !ok {
		return code
	}
	if *cross && (len(files) == 0 || len(decisions) > 0) {
		fs.Usage()
		return 2
	}
	if !*cross && (*out == "" || len(files) == 0 && len(decisions) == 0) {
		fs.Usage()
		return 2
	}
	if *bits > 24 || *charMin > 8 || *charMax > 8 {
		fmt.Fprintln(stderr, "vigie train : --hash-bits ≤ 24, --char-min et --char-max ≤ 8")
		return 2
	}
	opt.Settings.HashBits, opt.Settings.CharMin, opt.Settings.CharMax = uint8(*bits), uint8(*charMin), uint8(*charMax)
	if *minFeatures > 4096 {
		fmt.Fprintln(stderr, "vigie train : --min-features ≤ 4096")
		return 2
	}
	opt.Settings.MinFeatures = uint16(*minFeatures)
	flags, err := parseFeatureNames(*families)
	if err != nil {
		fmt.Fprintf(stderr, "vigie train : %v\n", err)
		return 2
	}
	opt.Settings.Flags = flags
	for _, kv := range precisionOf {
		name, val, ok := strings.Cut(kv, "=")
		p, err := strconv.ParseFloat(val, 64)
		if !ok || err != nil || p <= 0 || p > 1 || !moderation.Category(name).Valid() {
			fmt.Fprintf(stderr, "vigie train : --min-precision-of %q : CATÉGORIE=P attendu, P dans ]0, 1]\n", kv)
			return 2
		}
		if opt.PrecisionOf == nil {
			opt.PrecisionOf = map[string]float64{}
		}
		opt.PrecisionOf[name] = p
	}
	if *weight <= 0 || *weight > 100 {
		fmt.Fprintln(stderr, "vigie train : --decision-weight doit être entre 0 et 100")
		return 2
	}
	reader, err := moderation.New(moderation.Facts{}, nil, moderation.WithModel(nil))
	if err != nil {
		fmt.Fprintf(stderr, "vigie train : %v\n", err)
		return 1
	}
	sets, err := loadTraining(reader, files, *mlma)
	if err != nil {
		fmt.Fprintf(stderr, "vigie train : %v\n", err)
		return 1
	}
	if *cross {
		return crossWriters(sets, opt, *jobs, *dump, *cache, stdout, stderr)
	}
	var examples []ngram.Example
	for _, s := range sets {
		examples = append(examples, s.examples...)
	}
	nDecisions := 0
	for _, path := range decisions {
		ds, err := readDecisions(path)
		if err != nil {
			fmt.Fprintf(stderr, "vigie train : %v\n", err)
			return 1
		}
		for _, d := range ds {
			examples = append(examples, example(reader, d.text, d.labels, float32(*weight), ""))
		}
		nDecisions += len(ds)
	}
	m, rep, err := ngram.Train(moderation.ModelLabels(), examples, opt)
	if err != nil {
		fmt.Fprintf(stderr, "vigie train : %v\n", err)
		return 1
	}
	data, err := m.MarshalBinary()
	if err != nil {
		fmt.Fprintf(stderr, "vigie train : %v\n", err)
		return 1
	}
	if err := writeFileAtomic(*out, data); err != nil {
		fmt.Fprintf(stderr, "vigie train : %v\n", err)
		return 1
	}
	counts := map[moderation.Category]int{}
	legit := 0
	for _, ex := range examples {
		for _, k := range ex.Labels {
			counts[moderation.Categories[k]]++
		}
		if len(ex.Labels) == 0 {
			legit++
		}
	}
	writeTrainSummary(stdout, len(examples), legit, nDecisions, counts, opt.Folds, rep)
	fmt.Fprintf(stdout, "\nModèle écrit dans %s (%.1f Mo, identifiant %s).\n", *out, float64(len(data))/(1<<20), m.ID())
	return 0
}

var featureFlags = []struct {
	name string
	flag uint8
}{{"length", ngram.FlagLength}, {"cross", ngram.FlagCrossWord}, {"marks", ngram.FlagMarks}, {"skip", ngram.FlagSkip}}

func featureNames(flags uint8) string {
	var names []string
	for _, f := range featureFlags {
		if flags&f.flag != 0 {
			names = append(names, f.name)
		}
	}
	return strings.Join(names, ",")
}

func parseFeatureNames(s string) (uint8, error) {
	var flags uint8
	for _, name := range strings.Split(s, ",") {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		known := false
		for _, f := range featureFlags {
			if f.name == name {
				flags |= f.flag
				known = true
			}
		}
		if !known {
			return 0, fmt.Errorf("--features : famille « %s » inconnue (length, cross, marks, skip)", name)
		}
	}
	return flags, nil
}

// trainingSet is one training file read into examples; cases keeps the
// rows the examples came from, in order, for --cross-writers.
type trainingSet struct {
	path     string
	cases    []evalset.Case
	examples []ngram.Example
}

// loadTraining reads the training files into examples, refusing the sets
// that measure generalisation.
func loadTraining(reader *moderation.Classifier, files []string, mlma bool) ([]trainingSet, error) {
	var sets []trainingSet
	for _, path := range files {
		if err := refuseMeasureSet(path); err != nil {
			return nil, err
		}
		cases, err := readCases(path)
		if err != nil {
			return nil, err
		}
		s := trainingSet{path: path}
		for _, c := range cases {
			labels, group, use := trainingLabels(c, mlma)
			if !use {
				continue
			}
			s.cases = append(s.cases, c)
			s.examples = append(s.examples, example(reader, c.Text, labels, 1, group))
		}
		sets = append(sets, s)
	}
	return sets, nil
}

// example reads one labelled comment as the model will see it.
func example(reader *moderation.Classifier, text string, labels []moderation.Category, w float32, group string) ngram.Example {
	ex := ngram.Example{Doc: reader.ModelDoc(text), Weight: w, Group: group}
	for _, l := range labels {
		for k, c := range moderation.Categories {
			if c == l {
				ex.Labels = append(ex.Labels, k)
			}
		}
	}
	return ex
}

// parseInterleaved parses flags placed before, between or after the file
// names ("vigie train a.jsonl b.jsonl --out m.bin").
func parseInterleaved(fs *flag.FlagSet, args []string) (files []string, code int, ok bool) {
	for {
		if code, ok := parseFlags(fs, args); !ok {
			return nil, code, false
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return files, 0, true
		}
		files = append(files, rest[0])
		args = rest[1:]
	}
}

// refuseMeasureSet stops training on the sets kept to measure
// generalisation.
func refuseMeasureSet(path string) error {
	base := filepath.Base(path)
	for _, m := range measureSets {
		if base == m {
			return fmt.Errorf("%s : ce jeu mesure la généralisation du juge, on n'entraîne jamais dessus", path)
		}
	}
	slashed := "/" + filepath.ToSlash(path)
	for _, d := range measureDirs {
		if strings.Contains(slashed, "/"+d.dir+"/") {
			return fmt.Errorf("%s : %s", path, d.why)
		}
	}
	return nil
}

func readCases(path string) ([]evalset.Case, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	cases, err := evalset.Read(f)
	if err != nil {
		return nil, fmt.Errorf("%s : lignes illisibles :\n%w", path, err)
	}
	return cases, nil
}

// trainingLabels maps a labelled case onto the categories. HateCheck:
// hateful is haineux, threats are haineux and menace, abuse of a
// non-protected target is left out (an insult but not hate: neither a
// positive nor a clean negative), other non-hateful cases are clean.
// MLMA is read only with --mlma: hateful tweets aimed at a group are
// haineux, the rest is too noisy to use. Examples of one HateCheck
// template share a group so validation never sees a sibling.
func trainingLabels(c evalset.Case, mlma bool) (labels []moderation.Category, group string, use bool) {
	switch c.Format {
	case evalset.Commune:
		return c.Labels, "", true
	case evalset.HateCheck:
		group = "hatecheck:" + c.Functionality
		if c.Template != "" {
			group = "hatecheck:template:" + c.Template
		}
		switch {
		case c.Positive && strings.HasPrefix(c.Functionality, "threat_"):
			return []moderation.Category{moderation.Haineux, moderation.Menace}, group, true
		case c.Positive:
			return []moderation.Category{moderation.Haineux}, group, true
		case c.Functionality == "target_indiv_nh" || c.Functionality == "target_group_nh":
			return nil, "", false
		}
		return nil, group, true
	case evalset.MLMA:
		if !mlma || !strings.Contains(c.Hostility, "hateful") {
			return nil, "", false
		}
		switch c.TargetGroup {
		case "", "individual", "other", "left_wing_people":
			return nil, "", false
		}
		return []moderation.Category{moderation.Haineux}, "", true
	}
	return nil, "", false
}

// decision is one decision of the référent.
type decision struct {
	text   string
	labels []moderation.Category
}

// readDecisions reads the référent's decisions: {"id", "text",
// "labels": [...], "decision": "approve" | "reject"}. Approve keeps the
// labels; reject means nothing should have been done.
func readDecisions(path string) ([]decision, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []decision
	var errs []error
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), 4<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var raw struct {
			Text     *string  `json:"text"`
			Labels   []string `json:"labels"`
			Decision string   `json:"decision"`
		}
		if err := json.Unmarshal([]byte(line), &raw); err != nil {
			errs = append(errs, fmt.Errorf("ligne %d : JSON invalide : %v", n, err))
			continue
		}
		if raw.Text == nil {
			errs = append(errs, fmt.Errorf("ligne %d : champ « text » manquant", n))
			continue
		}
		d := decision{text: *raw.Text}
		switch raw.Decision {
		case "approve":
			for _, l := range raw.Labels {
				c := moderation.Category(l)
				if !c.Valid() {
					errs = append(errs, fmt.Errorf("ligne %d : catégorie inconnue « %s »", n, l))
					continue
				}
				d.labels = append(d.labels, c)
			}
		case "reject":
		default:
			errs = append(errs, fmt.Errorf("ligne %d : « decision » doit valoir approve ou reject, pas « %s »", n, raw.Decision))
			continue
		}
		out = append(out, d)
	}
	if err := sc.Err(); err != nil {
		errs = append(errs, err)
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("%s : %w", path, errors.Join(errs...))
	}
	return out, nil
}

// writeFileAtomic writes through a temporary file so a daemon loading
// the model never reads half of it.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".vigie-model-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func writeTrainSummary(w io.Writer, rows, legit, decisions int, counts map[moderation.Category]int, folds int, rep *ngram.Report) {
	fmt.Fprintf(w, "Corpus : %d lignes lues", rows)
	if decisions > 0 {
		fmt.Fprintf(w, " dont %d décisions du référent", decisions)
	}
	fmt.Fprintf(w, " ; %d lignes distinctes après fusion des doublons.\n", rep.Rows)
	fmt.Fprintf(w, "  %-22s %6d\n", "sans catégorie", legit)
	for _, c := range moderation.Categories {
		fmt.Fprintf(w, "  %-22s %6d\n", c, counts[c])
	}
	fmt.Fprintf(w, "\nValidation croisée (%d plis ; chaque ligne jugée par un modèle qui ne l'a pas vue) :\n", folds)
	fmt.Fprintf(w, "  %-22s %6s %10s %8s\n", "catégorie", "seuil", "précision", "rappel")
	for _, l := range rep.Labels {
		fmt.Fprintf(w, "  %-22s %6.2f %9.1f %% %6.1f %%\n", l.Label, l.Threshold, 100*l.Precision(), 100*l.Recall())
	}
	fmt.Fprintf(w, "Modèle seul : %.1f %% des commentaires à traiter repérés avec une bonne catégorie, %.1f %% des commentaires légitimes signalés.\n",
		100*rep.Acted, 100*rep.LegitFlagged)
}
