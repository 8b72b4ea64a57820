package french

import (
	"strings"
	"testing"
)

// read reads s with no splitting of glued words, marking as the lexicon
// would the negation words given.
func read(s string, neg ...string) *Doc {
	d := Read(Normalize(s), nil)
	d.Lex = make([]Lex, len(d.Text.Tokens))
	for i, tok := range d.Text.Tokens {
		for _, w := range neg {
			if tok.Norm == w {
				d.Lex[i] |= LexNeg
			}
		}
	}
	return d
}

// at returns the index of the first token whose folded form is w.
func at(t *testing.T, d *Doc, w string) int {
	t.Helper()
	for i, tok := range d.Text.Tokens {
		if tok.Norm == w {
			return i
		}
	}
	t.Fatalf("no token %q in %q", w, d.Text.Original)
	return -1
}

func TestNegated(t *testing.T) {
	negs := []string{"pas", "jamais", "aucun", "plus", "sans"}
	for _, c := range []struct {
		text, word string
		want       bool
	}{
		{"Les voisins ne sont pas stupides.", "stupides", true},
		{"Je ne hais pas les chasseurs.", "hais", true},
		{"Personne ne devrait haïr ses voisins.", "hair", true},
		{"Ce n'est jamais méchant.", "mechant", true},
		{"Pas de souci, ils sont stupides.", "stupides", false},                     // the comma ends the clause
		{"Vous n'êtes pas juif vous êtes con.", "con", false},                       // a new predicate
		{"Je serais d'accord s'ils n'étaient pas des raclures.", "raclures", false}, // unreal condition
		{"Ne trouvez-vous pas que les voisins sont des parasites ?", "parasites", false},
		{"Il n'y a pas de souci mais ils sont nuls.", "nuls", false},
		{"Rien ne me dégoûte plus que les élus.", "degoute", false}, // superlative
		{"Ils sont stupides.", "stupides", false},
	} {
		d := read(c.text, negs...)
		i := at(t, d, c.word)
		if got := d.Negated(i, i+1); got != c.want {
			t.Errorf("%q: Negated(%s) = %v, want %v", c.text, c.word, got, c.want)
		}
	}
}

func TestQuestions(t *testing.T) {
	for _, c := range []struct {
		text, word     string
		asks, sentence bool
		questionAt     bool
	}{
		{"Le maire a menti ?", "menti", true, true, true},
		{"Est-ce que le maire a menti.", "menti", false, true, true},
		{"C'est vrai que la mairie ferme", "ferme", false, true, true},
		{"Pourquoi la mairie ferme", "ferme", false, true, true},
		{"Perrin a été viré pour vol, et il nous donne des leçons ?", "vol", true, true, false},
		{"Il a été condamné et on le laisse patrouiller ?", "condamne", true, true, false},
		{"Le maire a menti.", "menti", false, false, false},
	} {
		d := read(c.text)
		i := at(t, d, c.word)
		if got := d.Asks(i); got != c.asks {
			t.Errorf("%q: Asks = %v, want %v", c.text, got, c.asks)
		}
		if got := QuestionSentence(d.Written, d.Written.Tokens[i].Sent); got != c.sentence {
			t.Errorf("%q: QuestionSentence = %v, want %v", c.text, got, c.sentence)
		}
		if got := QuestionAt(d.Written, i); got != c.questionAt {
			t.Errorf("%q: QuestionAt = %v, want %v", c.text, got, c.questionAt)
		}
	}
}

func TestNarrowNegationAndMood(t *testing.T) {
	d := read("Il n'a jamais volé, mais il a menti. Il aurait volé si on le laissait.")
	if !NegationBefore(d.Written, at(t, d, "vole"), 3) {
		t.Error("jamais volé: no negation")
	}
	if NegationBefore(d.Written, at(t, d, "menti"), 6) {
		t.Error("the clause after the comma is not negated")
	}
	if !ConditionalMood(d.Written, 0, len(d.Written.Tokens)) {
		t.Error("aurait: no conditional")
	}
	if ConditionalMood(d.Written, 0, at(t, d, "aurait")) {
		t.Error("conditional found before aurait")
	}
	if !HypothesisBefore(d.Written, at(t, d, "laissait")) || HypothesisBefore(d.Written, at(t, d, "menti")) {
		t.Error("si: hypothesis misplaced")
	}
}

func TestSpeakerQuotationNames(t *testing.T) {
	d := read("Je dis que le maire ment.")
	if !d.SpeakerReports(at(t, d, "dis")) {
		t.Error("je dis: not the speaker's")
	}
	d = read("Ils disent que le maire ment.")
	if d.SpeakerReports(at(t, d, "disent")) {
		t.Error("ils disent: read as the speaker's")
	}
	d = read("Ça veut dire que tout augmente.")
	if !d.Meaning(at(t, d, "dire")) {
		t.Error("veut dire: not a meaning")
	}
	d = read(`Il m'a traité de « gros nul » devant tout le monde.`)
	if !d.Quoted(at(t, d, "nul"), -1) || d.Quoted(at(t, d, "traite"), -1) {
		t.Error("quotation misread")
	}
	d = read("On se retrouve rue de la Gare avec Morel.")
	if d.ProperName(at(t, d, "gare")) || !d.PlaceName(at(t, d, "gare")) {
		t.Error("Gare after rue de la: read as a person")
	}
	if !d.ProperName(at(t, d, "morel")) {
		t.Error("Morel: not a name")
	}
	d = read("Tu t'es attardé et il s'attarde.")
	if !d.ReflexivePast(at(t, d, "attarde")) {
		t.Error("t'es attardé: not a reflexive past")
	}
}

func TestReadWritten(t *testing.T) {
	split := func(t *Text) *Text {
		out := &Text{Original: t.Original, Tokens: append([]Token(nil), t.Tokens...)}
		out.Tokens[0].Flags |= FlagGlued
		return out
	}
	d := Read(Normalize("jtebute demain"), split)
	if d.Written == d.Text || d.Written.Tokens[0].Has(FlagGlued) {
		t.Error("a split reading must keep the words as written apart")
	}
	d = Read(Normalize("bonjour"), nil)
	if d.Written != d.Text {
		t.Error("nothing split: one reading")
	}
}

func TestAffixLists(t *testing.T) {
	for _, s := range []string{"accident_stem", "conditional_ending"} {
		data, err := WordFS.ReadFile("words/" + s + ".txt")
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(data), "\n") {
			if line != "" && !strings.HasPrefix(line, "#") && len(line) > maxAffix {
				t.Errorf("%s: %q is longer than maxAffix", s, line)
			}
		}
	}
	if !HasPrefixIn(AccidentStem, "ecrase") || HasPrefixIn(AccidentStem, "ecr") {
		t.Error("HasPrefixIn")
	}
	if !HasSuffixIn(ConditionalEnding, "serait") || HasSuffixIn(ConditionalEnding, "erait") {
		t.Error("HasSuffixIn: the ending alone is no verb")
	}
}

func TestTitleAbbreviation(t *testing.T) {
	for w, want := range map[string]bool{"M": true, "Mme": true, "MME": true, "Dr": true, "mme": false, "MMe": false, "Madame": false, "": false} {
		if got := titleAbbreviation(w); got != want {
			t.Errorf("titleAbbreviation(%q) = %v, want %v", w, got, want)
		}
	}
}
