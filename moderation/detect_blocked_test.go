package moderation

import "testing"

func TestBlockedDetector(t *testing.T) {
	c, err := detectClassifier()
	if err != nil {
		t.Fatal(err)
	}
	d := blockedDetector{terms: c.blocked}
	runDetector(t, d, []detCase{
		// The commune's term, whole words, any case or accent.
		{"Encore ce chiffon rouge agité par l'opposition.", true},
		{"CHIFFON ROUGE !", true},
		// Not part of other words, not one word alone.
		{"Un chiffon pour la vitre, un pull rouge.", false},
		{"Les chiffons rouges du marché.", false},
	})
}
