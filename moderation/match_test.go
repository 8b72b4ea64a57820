package moderation

import (
	"reflect"
	"testing"
)

func TestMatcherFind(t *testing.T) {
	phrases := []string{
		"abject(e)(s)",    // 0
		"encul*",          // 1
		"briser _ cou",    // 2
		"sous-homme(s)",   // 3
		"con",             // 4
		"faire la peau",   // 5
		"cr(e|è)v(e|ent)", // 6
		"ordure(s)",       // 7
		"l'arabe",         // 8
	}
	m, err := CompileMatcher(phrases, MatchOptions{Fuzzy: true, Known: []string{"cancre"}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		text string
		want []int // phrase ids, in order
		fuzz bool
	}{
		{"optional suffixes", "Ils sont ABJECTES", []int{0}, false},
		{"wildcard ending", "bande d'enculés", []int{1}, false},
		{"any word slot", "je vais lui briser le cou", []int{2}, false},
		{"hyphen or space", "des sous hommes, des sous-hommes", []int{3, 3}, false},
		{"whole words only", "le conseil de Condom", nil, false},
		{"stretched letters", "coooooon", []int{4}, false},
		{"spaced letters", "c.o.n", []int{4}, false},
		{"phrase", "on va te faire la peau", []int{5}, false},
		{"choices", "qu'ils crèvent", []int{6}, false},
		{"elision", "L’arabe", []int{8}, false},
		{"missing letter", "des odures", []int{7}, true},
		{"swapped letters", "des odrures", []int{7}, true},
		{"extra letter", "des ordurres", []int{7}, true},
		{"leet", "des 0rdur3s", []int{7}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits := m.Find(Normalize(tt.text), nil)
			var got []int
			for _, h := range hits {
				got = append(got, h.Phrase)
				if h.Fuzzy != tt.fuzz {
					t.Errorf("hit %+v: fuzzy = %v, want %v", h, h.Fuzzy, tt.fuzz)
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Find(%q) = %v, want %v", tt.text, got, tt.want)
			}
		})
	}
}

func TestMatcherSpans(t *testing.T) {
	m, err := CompileMatcher([]string{"briser _ cou"}, MatchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	text := "Je vais te Briser le COU."
	tx := Normalize(text)
	hits := m.Find(tx, nil)
	if len(hits) != 1 {
		t.Fatalf("got %d hits, want 1", len(hits))
	}
	sp := tx.Span(hits[0].First, hits[0].Last)
	if got := text[sp.Start:sp.End]; got != "Briser le COU" {
		t.Errorf("span = %q, want %q", got, "Briser le COU")
	}
}

func TestMatcherKnownWordsAreNotFuzzy(t *testing.T) {
	m, err := CompileMatcher([]string{"cancer"}, MatchOptions{Fuzzy: true, Known: []string{"cancre"}})
	if err != nil {
		t.Fatal(err)
	}
	if m.Contains(Normalize("un cancre")) {
		t.Error("known word cancre read as cancer")
	}
	if !m.Contains(Normalize("un cnacer")) {
		t.Error("cnacer not read as cancer")
	}
}

func TestCompileMatcherErrors(t *testing.T) {
	for _, bad := range []string{"", "  ", "abject(e", "abject)e", "_ cou", "***"} {
		if _, err := CompileMatcher([]string{bad}, MatchOptions{}); err == nil {
			t.Errorf("CompileMatcher(%q): no error", bad)
		}
	}
}

func TestOneEdit(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want bool
	}{
		{"mencae", "menace", true},
		{"menac", "menace", true},
		{"menacee", "menace", true},
		{"menace", "menace", false},
		{"mnecae", "menace", false},
		{"abc", "xyz", false},
		{"", "a", true},
	} {
		if got := oneEdit(tt.a, tt.b); got != tt.want {
			t.Errorf("oneEdit(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}
