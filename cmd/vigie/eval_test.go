package main

import (
	"os"
	"strings"
	"testing"

	"github.com/vigie-fr/vigie/moderation/evalset"
)

// TestCommuneFloors holds the classifier to the floors on the
// commune's own labelled comments, with the commune's charter facts: at
// least 90 % of must-act comments acted on with a right category, at most
// 3 % of must-not-act comments acted on.
func TestCommuneFloors(t *testing.T) {
	c, err := loadClassifier("../../testdata/commune/charter.yaml")
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open("../../testdata/commune/commune.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cases, err := evalset.Read(f)
	if err != nil {
		t.Fatal(err)
	}
	s := evalset.Score(evalset.Run(c, cases))
	t.Log(s.Summary())
	if s.Acted.Of < 100 || s.FalsePositives.Of < 100 {
		t.Fatalf("too few cases: %+v", s)
	}
	if v := s.Acted.Value(); v < 0.90 {
		t.Errorf("must-act comments acted on with a right category = %s, want ≥ 90 %%", s.Acted)
	}
	if v := s.FalsePositives.Value(); v > 0.03 {
		t.Errorf("must-not-act comments acted on = %s, want ≤ 3 %%", s.FalsePositives)
	}
}

func TestEvalCommand(t *testing.T) {
	code, out, errOut := runCmd(t, "", "eval", "../../testdata/eval/mhc_fr_dev.jsonl")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"Tous les cas", "disagreement_in_case = false", "par fonctionnalité", "derog_dehum_h", "counter_quote_nh", "précision", "rappel", "haineux"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
}

func TestEvalBadLines(t *testing.T) {
	dir := t.TempDir()
	path := dir + "/x.jsonl"
	if err := os.WriteFile(path, []byte("{\"id\": \"a\", \"text\": \"Connard !\", \"labels\": [\"injurieux\"]}\nnimporte quoi\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCmd(t, "", "eval", path)
	if code != 1 || !strings.Contains(errOut, "ligne 2") || !strings.Contains(out, "100.0 % (1/1)") {
		t.Errorf("exit %d\nstdout %s\nstderr %s", code, out, errOut)
	}
}
