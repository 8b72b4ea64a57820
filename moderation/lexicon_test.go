package moderation

import "testing"

func TestLoadLexicon(t *testing.T) {
	lx, err := loadVocab()
	if err != nil {
		t.Fatal(err)
	}
	if len(lx.entries) < 500 {
		t.Errorf("only %d entries", len(lx.entries))
	}
	for _, e := range lx.entries {
		if e.tag == tagGroup && e.label == "" {
			t.Errorf("%s: group without a label", e.src)
		}
		if e.tag == tagSlur && e.label == "" {
			t.Errorf("%s: slur without a label", e.src)
		}
	}
}
