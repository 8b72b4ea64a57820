package config

import (
	"errors"
	"strings"
	"testing"
)

// oneOfEachKind holds one mistake of each kind a commune's IT contact makes:
// a bad duration, an unknown key, a wrong type, a value out of range, an
// unknown action, a long value, and problems found only by validation.
const oneOfEachKind = `mode: agir
listen: ":8080"
pages:
  - id: "123"
    name: Mairie
graph:
  timeout: 20 secondes
redis:
  url: redis://127.0.0.1:6379/0
  prefx: "x"
poll:
  backfill: 3 jours
worker:
  concurrency: beaucoup
moderation:
  categories:
    haineux: {action: hide, threshold: 2}
    spam: {action: cacher, threshold: 0.5}
    menace: {action: hide, threshold: -1}
charter:
  people: "Jean"
referent:
  email: infos-communication-mairie-de-saint-julien-des-pres@@example
`

func TestConfigCheckListsEveryProblemWithItsLine(t *testing.T) {
	_, err := Parse([]byte(oneOfEachKind), "bad.yaml", fullEnv)
	var ce *Error
	if !errors.As(err, &ce) {
		t.Fatalf("want *Error, got %v", err)
	}
	want := []string{
		"ligne 1 : mode : « agir »",
		"ligne 7 : graph.timeout : durée invalide « 20 secondes »",
		"ligne 10 : clé inconnue « prefx »",
		"ligne 12 : poll.backfill : durée invalide « 3 jours »",
		"ligne 14 : worker.concurrency : valeur « beaucoup » de type texte alors qu'il faut un nombre",
		"ligne 17 : moderation.categories.haineux.threshold : 2 : doit être entre 0 et 1",
		"ligne 18 : moderation.categories.spam.action : « cacher »",
		"ligne 19 : moderation.categories.menace.threshold : -1",
		"ligne 21 : charter.people : valeur « Jean » de type texte alors qu'il faut une liste",
		"ligne 23 : referent.email : « infos-communication-mairie-de-saint-julien-des-pres@@example »",
	}
	msg := err.Error()
	last := -1
	for _, w := range want {
		i := strings.Index(msg, w)
		if i < 0 {
			t.Errorf("missing %q in:\n%s", w, msg)
			continue
		}
		if i < last {
			t.Errorf("%q is out of line order in:\n%s", w, msg)
		}
		last = i
	}
	if strings.Contains(msg, "...") {
		t.Errorf("a value was cut:\n%s", msg)
	}
	// The same file gives the same list, in the same order, every time.
	for range 20 {
		_, again := Parse([]byte(oneOfEachKind), "bad.yaml", fullEnv)
		if again.Error() != msg {
			t.Fatalf("order changed between runs:\n%s\n---\n%s", msg, again.Error())
		}
	}
}

func TestSyntaxErrorPointsAtItsLine(t *testing.T) {
	tests := []struct {
		name, yaml string
		line       string
		words      string
	}{
		{"unclosed flow list", "mode: act\npages:\n  - id: \"1\"\n    name: [a\nlisten: x\n", "ligne 4 :", "crochets"},
		{"bad indentation far below its block", "mode: act\ncharter:\n  people:\n    - name: A\n      role: maire\n    - name: B\n      role: adjoint\n   rumors: []\n", "ligne 8 :", "syntaxe"},
		{"tab indentation", "mode: act\nredis:\n\turl: x\n", "ligne 3 :", "tabulation"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.yaml), "s.yaml", fullEnv)
			if err == nil {
				t.Fatal("want an error")
			}
			msg := err.Error()
			if !strings.Contains(msg, tt.line) || !strings.Contains(msg, tt.words) {
				t.Errorf("want %q and %q in:\n%s", tt.line, tt.words, msg)
			}
			if strings.Contains(msg, "did not") || strings.Contains(msg, "found") {
				t.Errorf("message left in English:\n%s", msg)
			}
		})
	}
}
