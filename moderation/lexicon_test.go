package moderation

import (
	"strings"
	"testing"
)

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

func TestMisreadings(t *testing.T) {
	got, err := Misreadings([]string{"voir", "prendre", "bonjour", "Voir"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"voir": true, "prendre": true}
	if len(got) != len(want) {
		t.Fatalf("Misreadings = %v, want voir (vomir) and prendre (pendre)", got)
	}
	for _, w := range got {
		if !want[w] {
			t.Errorf("unexpected misreading %q", w)
		}
	}
	// With the known-word list, the real words are read as themselves.
	c, err := New(Facts{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if v := c.Classify("Je vais voir les réfugiés et prendre de leurs nouvelles."); v.Acts() {
		t.Errorf("real words misread: %+v", v)
	}
}

func TestUnglue(t *testing.T) {
	v, err := loadVocab()
	if err != nil {
		t.Fatal(err)
	}
	for in, want := range map[string]string{
		"personneslesplusstupides": "personnes les plus stupides",
		"demourir":                 "de mourir",
		"deputes":                  "deputes",
		"bonjour":                  "bonjour",
		"conseil":                  "conseil",
	} {
		if got := norms(v.unglue(Normalize(in))); got != want {
			t.Errorf("unglue(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestSplitterAlone checks the glued-word splitter without the known-word
// list, as it meets words that list lacks (inflections, slang, names): it
// cuts runs of real words, never a word into letters and endings.
func TestSplitterAlone(t *testing.T) {
	v, err := loadVocabWith(false)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ in, want string }{
		// One word, not in the lexicons: left whole.
		{"transcendantale", "transcendantale"}, // not "trans ce n d a n ta le"
		{"homoparentales", "homoparentales"},   // not "homo par en ta les"
		{"ratonnade", "ratonnade"},             // not "raton n a de"
		{"vomirai", "vomirai"},                 // a verb ending, not "vomir ai"
		{"singeras", "singeras"},               // not "singe ras"
		{"bannissait", "bannissait"},           // not "bannis sait"
		{"transparent", "transparent"},         // "trans" needs a real word after it
		{"femmesn", "femmesn"},                 // a final clitic needs an apostrophe after it
		// Words glued together: split.
		{"personneslesplusstupides", "personnes les plus stupides"},
		{"lesarabesdehors", "les arabes dehors"},
		{"tuerlesjuifs", "tuer les juifs"},
		{"salearabe", "sale arabe"},
		{"mdegoute", "m degoute"}, // a first clitic before a consonant (SMS)
		{"dhomos", "d homos"},     // an elided clitic before a vowel or h
		{"femmesn'ont", "femmes n ont"},
	}
	for _, tt := range tests {
		if got := norms(v.unglue(Normalize(tt.in))); got != tt.want {
			t.Errorf("unglue(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func norms(t *Text) string {
	var b strings.Builder
	for i, tok := range t.Tokens {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(tok.Norm)
	}
	return b.String()
}
