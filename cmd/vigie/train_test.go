package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vigie-fr/vigie/moderation/ngram"
)

const communeSet = "../../testdata/commune/commune.jsonl"

// trainSmall trains on the commune set with a small hash table, fast
// enough for a test.
func trainSmall(t *testing.T, out string, extra ...string) string {
	t.Helper()
	args := append([]string{"train", communeSet, "--out", out, "--hash-bits", "16", "--epochs", "3"}, extra...)
	code, stdout, stderr := runCmd(t, "", args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	return stdout
}

func TestTrainReproducible(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.model"), filepath.Join(dir, "b.model")
	out := trainSmall(t, a)
	trainSmall(t, b)
	da, _ := os.ReadFile(a)
	db, _ := os.ReadFile(b)
	if len(da) == 0 || !bytes.Equal(da, db) {
		t.Fatalf("two trainings on the same data differ (%d and %d bytes)", len(da), len(db))
	}
	if _, err := ngram.Parse(da); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Corpus : ", "Validation croisée", "précision", "rappel", "haineux", "Modèle écrit dans"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
}

func TestTrainFromDecisions(t *testing.T) {
	dir := t.TempDir()
	dec := filepath.Join(dir, "decisions.jsonl")
	lines := `{"id": "d1", "text": "Ce zorglubard de voisin encore", "labels": ["injurieux"], "decision": "approve"}
{"id": "d2", "text": "Putain de neige, encore bloqué", "labels": ["injurieux"], "decision": "reject"}
`
	if err := os.WriteFile(dec, []byte(lines), 0o600); err != nil {
		t.Fatal(err)
	}
	plain, withDec := filepath.Join(dir, "plain.model"), filepath.Join(dir, "dec.model")
	trainSmall(t, plain)
	out := trainSmall(t, withDec, "--from-decisions", dec)
	if !strings.Contains(out, "dont 2 décisions du référent") {
		t.Errorf("summary does not count the decisions:\n%s", out)
	}
	a, _ := os.ReadFile(plain)
	b, _ := os.ReadFile(withDec)
	if bytes.Equal(a, b) {
		t.Error("the decisions did not change the model")
	}
	bad := filepath.Join(dir, "bad.jsonl")
	os.WriteFile(bad, []byte(`{"text": "x", "labels": [], "decision": "peut-être"}`+"\n"), 0o600)
	code, _, stderr := runCmd(t, "", "train", communeSet, "--out", filepath.Join(dir, "x.model"), "--from-decisions", bad)
	if code != 1 || !strings.Contains(stderr, "approve ou reject") {
		t.Errorf("exit %d, stderr %s", code, stderr)
	}
}

func TestTrainRefusesMeasureSets(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"blind4.jsonl", "mhc_style_fr_check.jsonl", "heldout/x.jsonl", "unseen/writer_v.jsonl"} {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o700)
		os.WriteFile(p, []byte(`{"id": "a", "text": "x", "labels": []}`+"\n"), 0o600)
		code, _, stderr := runCmd(t, "", "train", p, "--out", filepath.Join(dir, "m.model"))
		if code != 1 || !strings.Contains(stderr, "jamais") {
			t.Errorf("%s: exit %d, stderr %s", name, code, stderr)
		}
	}
	if code, _, _ := runCmd(t, "", "train", communeSet); code != 2 {
		t.Errorf("no --out: exit %d, want 2", code)
	}
}

func TestEvalSideBySide(t *testing.T) {
	code, out, stderr := runCmd(t, "", "eval", "--config", "../../testdata/commune/charter.yaml", communeSet)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"Juge : règles", "règles seules", "modèle seul", "combiné (service)", "à signaler, signalés avec une bonne catégorie", "haineux : précision"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
}

func TestScanAndCheckWithCommuneModel(t *testing.T) {
	dir := t.TempDir()
	model := filepath.Join(dir, "commune.model")
	trainSmall(t, model)
	m, err := os.ReadFile(model)
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := ngram.Parse(m)
	if err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, "charte.yaml")
	os.WriteFile(cfg, []byte("moderation:\n  model_file: commune.model\n"), 0o600)
	code, out, stderr := runCmd(t, `{"id": "a", "text": "Merci pour le marché de samedi"}`+"\n", "scan", "--config", cfg)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got scanOut
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.ModelScores) != 8 || !strings.Contains(got.Judge, "modèle "+parsed.ID()) {
		t.Errorf("scan line %s", out)
	}
	code, out, _ = runCmd(t, "", "check", "--config", cfg, "Merci pour le marché")
	if code != 0 || !strings.Contains(out, "Juge : règles") || !strings.Contains(out, parsed.ID()) {
		t.Errorf("check: exit %d\n%s", code, out)
	}
	os.WriteFile(cfg, []byte("moderation:\n  model: off\n"), 0o600)
	_, out, _ = runCmd(t, `{"id": "a", "text": "Merci"}`+"\n", "scan", "--config", cfg)
	if strings.Contains(out, "model_scores") || !strings.Contains(out, "modèle désactivé") {
		t.Errorf("model off: %s", out)
	}
}

func TestElectionPeriodFromConfig(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "charte.yaml")
	os.WriteFile(cfg, []byte("timezone: Europe/Paris\ncharter:\n  election_period: {start: 2026-03-01, end: 2026-03-22}\n"), 0o600)
	for _, tt := range []struct {
		now  string
		flag bool
		want bool
	}{
		{"2026-03-10", false, true},
		{"2026-04-10", false, false},
		{"2026-04-10", true, true},
	} {
		now, _ := time.Parse(time.DateOnly, tt.now)
		_, ctx, err := loadJudge(cfg, tt.flag, func() time.Time { return now.Add(12 * time.Hour) })
		if err != nil {
			t.Fatal(err)
		}
		if ctx.ElectionPeriod != tt.want {
			t.Errorf("%s (flag %v): election period %v, want %v", tt.now, tt.flag, ctx.ElectionPeriod, tt.want)
		}
	}
}

// TestTrainCrossWriters runs the leave-one-writer-out validation on two
// writers cut from the commune set.
func TestTrainCrossWriters(t *testing.T) {
	data, err := os.ReadFile(communeSet)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	dir := t.TempDir()
	var files []string
	for i, w := range []string{"a", "b"} {
		var part []string
		for j := i; j < len(lines); j += 2 {
			part = append(part, lines[j])
		}
		f := filepath.Join(dir, "writer_"+w+"_01.jsonl")
		if err := os.WriteFile(f, []byte(strings.Join(part, "\n")+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	dump := filepath.Join(dir, "dump.jsonl")
	args := append([]string{"train"}, files...)
	args = append(args, "--cross-writers", "--cross-writers-dump", dump, "--hash-bits", "16", "--epochs", "2", "--jobs", "1")
	code, stdout, stderr := runCmd(t, "", args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"auteur", "\na ", "\nb ", "moyenne", "cumul", "Seuils"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("report lacks %q:\n%s", want, stdout)
		}
	}
	rows, err := os.ReadFile(dump)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(rows), "\n"); n != len(lines) {
		t.Errorf("dump has %d rows, want %d", n, len(lines))
	}
	var first map[string]any
	if err := json.Unmarshal([]byte(strings.SplitN(string(rows), "\n", 2)[0]), &first); err != nil || first["writer"] == nil {
		t.Errorf("dump row %v (%v)", first, err)
	}
	// One writer only: nothing to hold out.
	code, _, _ = runCmd(t, "", "train", files[0], "--cross-writers")
	if code != 2 {
		t.Errorf("one writer: exit %d, want 2", code)
	}
}
