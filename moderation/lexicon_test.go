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
