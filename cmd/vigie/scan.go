package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"
	"unicode/utf8"

	"github.com/vigie-fr/vigie/moderation"
)

// maxCommentBytes bounds one comment read by check and scan; Facebook
// comments are far shorter (8,000 characters).
const maxCommentBytes = 1 << 20

// scanIn is one input line of vigie scan.
type scanIn struct {
	ID   json.RawMessage `json:"id"`
	Text *string         `json:"text"`
}

// scanOut is one output line of vigie scan (design.md).
type scanOut struct {
	ID         json.RawMessage    `json:"id"`
	Act        bool               `json:"act"`
	Action     moderation.Action  `json:"action"`
	Categories []string           `json:"categories"`
	Scores     map[string]float64 `json:"scores"`
	Reasons    []string           `json:"reasons"`
	Correction string             `json:"correction,omitempty"`
	Urgent     bool               `json:"urgent,omitempty"`
	// ModelScores are the trained detector's calibrated scores of every
	// category, acted on or not; absent when the model is off.
	ModelScores map[string]float64 `json:"model_scores,omitempty"`
	// Judge names the rules build, lexicons and model that decided.
	Judge string `json:"judge"`
}

// scanErr is the line written for an input line that cannot be judged.
type scanErr struct {
	ID    json.RawMessage `json:"id"`
	Error string          `json:"error"`
}

var jsonNull = json.RawMessage("null")

// cmdScan reads JSONL comments on standard input and writes one verdict
// per line on standard output, in the same order. A malformed line gets an
// error object on its line; the scan goes on.
func cmdScan(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("scan", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfgPath := fs.String("config", "", "fichier de configuration (faits de la charte : personnes, rumeurs, domaines)")
	election := fs.Bool("election", false, "juger comme en période électorale (sinon : charter.election_period du fichier de configuration)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage : vigie scan [--config FICHIER] [--election] < commentaires.jsonl > verdicts.jsonl")
		fmt.Fprintln(stderr, `Chaque ligne lue : {"id": "...", "text": "..."} ; chaque ligne écrite : {"id", "act", "action", "categories", "scores", "reasons"}.`)
		fs.PrintDefaults()
	}
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return 2
	}
	c, ctx, err := loadJudge(*cfgPath, *election, time.Now)
	if err != nil {
		fmt.Fprintf(stderr, "vigie scan : %v\n", err)
		return 1
	}
	in := bufio.NewReaderSize(stdin, 64*1024)
	out := bufio.NewWriter(stdout)
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	bad := 0
	for n := 1; ; n++ {
		line, tooLong, err := readLine(in, maxCommentBytes)
		if err == io.EOF && len(line) == 0 && !tooLong {
			break
		}
		if err != nil && err != io.EOF {
			fmt.Fprintf(stderr, "vigie scan : lecture ligne %d : %v\n", n, err)
			out.Flush()
			return 1
		}
		var rec any
		switch {
		case tooLong:
			rec = scanErr{ID: jsonNull, Error: fmt.Sprintf("ligne %d trop longue (plus de %d octets)", n, maxCommentBytes)}
		case len(bytes.TrimSpace(line)) == 0:
			rec = scanErr{ID: jsonNull, Error: fmt.Sprintf("ligne %d vide", n)}
		default:
			rec = scanLine(c, ctx, line, n)
		}
		if _, isErr := rec.(scanErr); isErr {
			bad++
		}
		if err := enc.Encode(rec); err != nil {
			fmt.Fprintf(stderr, "vigie scan : écriture : %v\n", err)
			return 1
		}
		if err == io.EOF {
			break
		}
	}
	if err := out.Flush(); err != nil {
		fmt.Fprintf(stderr, "vigie scan : écriture : %v\n", err)
		return 1
	}
	if bad > 0 {
		fmt.Fprintf(stderr, "vigie scan : %d ligne(s) illisible(s), signalée(s) par un objet « error »\n", bad)
	}
	return 0
}

// readLine reads one line without its newline. A line longer than limit
// is consumed and reported as tooLong.
func readLine(r *bufio.Reader, limit int) (line []byte, tooLong bool, err error) {
	for {
		chunk, isPrefix, err := r.ReadLine()
		if len(line)+len(chunk) > limit {
			tooLong = true
		} else {
			line = append(line, chunk...)
		}
		if err != nil || !isPrefix {
			if tooLong {
				line = nil
			}
			return line, tooLong, err
		}
	}
}

// scanLine judges one JSON line, or explains why it cannot.
func scanLine(c *moderation.Classifier, ctx moderation.Context, line []byte, n int) any {
	var in scanIn
	if err := json.Unmarshal(line, &in); err != nil {
		return scanErr{ID: recoverID(line), Error: fmt.Sprintf("ligne %d : JSON invalide (%s)", n, frenchJSONError(err))}
	}
	id := in.ID
	if len(id) == 0 {
		id = jsonNull
	}
	var s string
	if json.Unmarshal(id, &s) != nil && string(id) != "null" {
		var num json.Number
		if json.Unmarshal(id, &num) != nil {
			return scanErr{ID: jsonNull, Error: fmt.Sprintf("ligne %d : « id » doit être une chaîne ou un nombre", n)}
		}
	}
	if in.Text == nil {
		return scanErr{ID: id, Error: fmt.Sprintf("ligne %d : champ « text » manquant", n)}
	}
	if !utf8.ValidString(*in.Text) {
		return scanErr{ID: id, Error: fmt.Sprintf("ligne %d : « text » n'est pas de l'UTF-8 valide", n)}
	}
	v := c.ClassifyIn(*in.Text, ctx)
	out := scanOut{
		ID:         id,
		Act:        v.Acts(),
		Action:     v.Action,
		Categories: []string{},
		Scores:     map[string]float64{},
		Reasons:    []string{},
		Correction: v.Correction,
		Urgent:     v.Urgent,
		Judge:      v.Judge,
	}
	if v.ModelScores != nil {
		out.ModelScores = make(map[string]float64, len(v.ModelScores))
		for cat, p := range v.ModelScores {
			out.ModelScores[string(cat)] = p
		}
	}
	for _, f := range v.Findings {
		out.Categories = append(out.Categories, string(f.Category))
		out.Scores[string(f.Category)] = f.Score
		out.Reasons = append(out.Reasons, f.Reason)
	}
	return out
}

// recoverID finds the id of a line that is not valid JSON as a whole,
// when its "id" field can still be read.
func recoverID(line []byte) json.RawMessage {
	var probe struct {
		ID json.RawMessage `json:"id"`
	}
	if json.Unmarshal(line, &probe) == nil && len(probe.ID) > 0 {
		return probe.ID
	}
	i := bytes.Index(line, []byte(`"id"`))
	if i < 0 {
		return jsonNull
	}
	rest := bytes.TrimLeft(line[i+4:], " \t")
	if len(rest) == 0 || rest[0] != ':' {
		return jsonNull
	}
	dec := json.NewDecoder(bytes.NewReader(bytes.TrimLeft(rest[1:], " \t")))
	var id json.RawMessage
	if dec.Decode(&id) != nil {
		return jsonNull
	}
	var s string
	var num json.Number
	if json.Unmarshal(id, &s) == nil || json.Unmarshal(id, &num) == nil {
		return id
	}
	return jsonNull
}

// frenchJSONError words a JSON decoding error for the référent.
func frenchJSONError(err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return fmt.Sprintf("erreur de syntaxe à l'octet %d", se.Offset)
	case errors.As(err, &te):
		return fmt.Sprintf("le champ « %s » n'a pas le bon type", te.Field)
	}
	return "contenu illisible"
}
