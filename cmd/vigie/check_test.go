package main

import (
	"strings"
	"testing"
)

func TestCheckExplainsInFrench(t *testing.T) {
	code, out, errOut := runCmd(t, "", "check", "Le maire est un gros c0nn4rd.")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"Verdict : masquer", "injure", "Motif", "Charte", "loi du 29 juillet 1881", "« c0nn4rd »", "Règles"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestCheckHarmless(t *testing.T) {
	code, out, _ := runCmd(t, "", "check", "Putain, enfin la fibre !")
	if code != 0 || !strings.Contains(out, "aucune action") {
		t.Errorf("exit %d:\n%s", code, out)
	}
}

func TestCheckStdin(t *testing.T) {
	code, out, _ := runCmd(t, "Je vais te buter.", "check", "-")
	if code != 0 || !strings.Contains(out, "urgent") || !strings.Contains(out, "menace") {
		t.Errorf("exit %d:\n%s", code, out)
	}
}

func TestCheckUsage(t *testing.T) {
	if code, _, errOut := runCmd(t, "", "check"); code != 2 || !strings.Contains(errOut, "Usage") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}
