package moderation

import (
	"strings"
	"testing"
	"unicode/utf8"
)

var fuzzSeeds = []string{
	"", " ", "c.o.n.n.a.r.d", "b u t e r", "J'e m m e r d e tous", "c0nn4rd", "соnnаrd",
	"ｃｏｎｎａｒｄ", "con\u200bnard", "connnnnard", "p*te", "les 🐀 🐒", "\xff\xfe", "« cité » \"x\"",
	"Les migrants sont de la vermine.", "Je vais te buter.", "Putain, enfin la fibre !",
	"lesarabessontdesparasites", "e\u0301\u0301\u0301", "@user 100$ 13h30", "Morel = débile",
	strings.Repeat("a ", 300), strings.Repeat("*a", 100),
}

func FuzzNormalize(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tx := Normalize(s)
		last := -1
		for i, tok := range tx.Tokens {
			if tok.Norm == "" {
				t.Fatalf("token %d is empty", i)
			}
			if tok.Start < 0 || tok.End > len(s) || tok.Start >= tok.End {
				t.Fatalf("token %d has span %d:%d in %d bytes", i, tok.Start, tok.End, len(s))
			}
			if tok.Start < last {
				t.Fatalf("token %d starts before the previous one", i)
			}
			last = tok.Start
			if !utf8.ValidString(tok.Norm) {
				t.Fatalf("token %d is not UTF-8: %q", i, tok.Norm)
			}
			if strings.ToLower(tok.Norm) != tok.Norm {
				t.Fatalf("token %d is not folded: %q", i, tok.Norm)
			}
		}
		// Normalising is deterministic.
		if again := Normalize(s); len(again.Tokens) != len(tx.Tokens) {
			t.Fatal("two runs disagree")
		}
	})
}

func FuzzClassify(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	c, err := New(Facts{People: []Person{{Name: "Jean Morel", Aliases: []string{"Morel"}}}, BlockedTerms: []string{"tocard"}}, nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v := c.Classify(s)
		if v.Acts() != (len(v.Findings) > 0) {
			t.Fatalf("action %q with %d findings", v.Action, len(v.Findings))
		}
		for _, fd := range v.Findings {
			if fd.Score < 0 || fd.Score > 1 || !fd.Category.Valid() || fd.Reason == "" {
				t.Fatalf("bad finding %+v", fd)
			}
			for _, sp := range fd.Evidence {
				if sp.Start < 0 || sp.End > len(s) || sp.Start >= sp.End {
					t.Fatalf("bad span %+v in %d bytes", sp, len(s))
				}
			}
		}
	})
}
