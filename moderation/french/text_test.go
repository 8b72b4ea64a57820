package french

import (
	"strings"
	"testing"
)

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

func TestNormalize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"case and accents", "Élodie a ÉTÉ là", "elodie a ete la"},
		{"ligatures", "Cœur ŒUVRE", "coeur oeuvre"},
		{"leetspeak", "c0nn4rd m3rd3 pu7e s@lope", "connard merde pute salope"},
		{"numbers stay numbers", "le 13h30 à 100$ ou 100 €, @user", "le 13h30 a 100 ou 100 user"},
		{"stretched letters", "connnnnard", "connard"},
		{"dotted letters", "c.o.n.n.a.r.d", "connard"},
		{"spaced letters", "b u t e r", "buter"},
		{"spaced after elision", "J'e m m e r d e tous", "j emmerde tous"},
		{"zero width", "con\u200bnard con\u00adnard", "connard connard"},
		{"combining marks", "e\u0301te\u0301", "ete"},
		{"cyrillic homoglyphs", "соnnаrd", "connard"},
		{"greek homoglyphs", "cοnnαrd", "connard"},
		{"full width", "ｃｏｎｎａｒｄ", "connard"},
		{"mathematical letters", "𝐜𝐨𝐧𝐧𝐚𝐫𝐝", "connard"},
		{"emoji as words", "les 🐀 et 🐒🐒", "les rat et singe singe"},
		{"other emoji are separators", "bravo👏merci 😀", "bravo merci"},
		{"elisions split", "l'arabe qu'ils d’eux", "l arabe qu ils d eux"},
		{"hyphens split", "sous-hommes", "sous hommes"},
		{"invalid utf8", "a\xffb\xfe", "a b"},
		{"only whitespace", " \t\n ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := norms(Normalize(tt.in)); got != tt.want {
				t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestNormalizeOffsets(t *testing.T) {
	in := "Le maire est un c0nnnnard, « vraiment »."
	tx := Normalize(in)
	want := []string{"Le", "maire", "est", "un", "c0nnnnard", "vraiment"}
	if len(tx.Tokens) != len(want) {
		t.Fatalf("got %d tokens, want %d", len(tx.Tokens), len(want))
	}
	for i, tok := range tx.Tokens {
		if got := in[tok.Start:tok.End]; got != want[i] {
			t.Errorf("token %d spans %q, want %q", i, got, want[i])
		}
	}
	if !tx.Tokens[5].Has(FlagQuoted) || tx.Tokens[4].Has(FlagQuoted) {
		t.Error("quotation marks not tracked")
	}
	if !tx.Tokens[4].Has(FlagLeet) || !tx.Tokens[4].Has(FlagStretched) {
		t.Errorf("flags of %q = %b", tx.Tokens[4].Norm, tx.Tokens[4].Flags)
	}
}

func TestNormalizeSentences(t *testing.T) {
	tx := Normalize("Bonjour, je pense. Vraiment ? Oui\nnon")
	var sents, clauses []int
	for _, tok := range tx.Tokens {
		sents = append(sents, tok.Sent)
		clauses = append(clauses, tok.Clause)
	}
	if got, want := sents, []int{0, 0, 0, 1, 2, 3}; !equalInts(got, want) {
		t.Errorf("sentences = %v, want %v", got, want)
	}
	if got, want := clauses, []int{0, 1, 1, 2, 3, 4}; !equalInts(got, want) {
		t.Errorf("clauses = %v, want %v", got, want)
	}
	if tx.Tokens[3].Next != '?' {
		t.Errorf("Next = %q, want '?'", tx.Tokens[3].Next)
	}
}

func TestNormalizeAbbreviations(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		sents []int
	}{
		{"title before a name", "M. Morel ment", []int{0, 0, 0}},
		{"madame with a period", "Mme. Garnier est là. Merci", []int{0, 0, 0, 0, 1}},
		{"title before an article", "M. le maire a tort.", []int{0, 0, 0, 0, 0}},
		{"initial before a name", "J. Dupont vole", []int{0, 0, 0}},
		{"doctor", "Le Dr. Leroy soigne", []int{0, 0, 0, 0}},
		{"a lower-case m ends its sentence", "il a dit m. Non", []int{0, 0, 0, 0, 1}},
		{"a single letter before a lower-case word ends it", "le plan B. ensuite", []int{0, 0, 0, 1}},
		{"a line break still ends it", "Voir M.\nMorel", []int{0, 0, 1}},
		{"an ellipsis still ends it", "Voir M... Morel", []int{0, 0, 1}},
		{"a title at the end", "Bonjour M.", []int{0, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tx := Normalize(tt.in)
			var got []int
			for _, tok := range tx.Tokens {
				got = append(got, tok.Sent)
			}
			if !equalInts(got, tt.sents) {
				t.Errorf("Normalize(%q) sentences = %v, want %v", tt.in, got, tt.sents)
			}
		})
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestNormalizeHugeInput(t *testing.T) {
	in := strings.Repeat("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 2000)
	tx := Normalize(in)
	for _, tok := range tx.Tokens {
		if tok.End < tok.Start || tok.End > len(in) {
			t.Fatalf("bad span %d:%d", tok.Start, tok.End)
		}
	}
}
