package moderation

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// The package's tests check every structure loaded from matchers.bin
// against the same compiled now (see precompiledMatcher).
func init() { embedState.verify.Store(true) }

// TestEmbeddedMatchersUpToDate fails when a lexicon or the matcher's
// compiler changed and matchers.bin was not regenerated.
func TestEmbeddedMatchersUpToDate(t *testing.T) {
	if _, err := sharedVocab(); err != nil {
		t.Fatal(err)
	}
	if _, err := loadFactLexicons(); err != nil {
		t.Fatal(err)
	}
	entries, err := parseEmbedded(matchersBin)
	if err != nil {
		t.Fatalf("matchers.bin: %v; run go generate ./moderation", err)
	}
	embedState.mu.Lock()
	defer embedState.mu.Unlock()
	for _, err := range embedState.errs {
		t.Errorf("%v; run go generate ./moderation", err)
	}
	names := map[string]bool{}
	for _, e := range entries {
		names[e.name] = true
		if !embedState.hits[e.key] {
			t.Errorf("matchers.bin: %s (kind %d) was not used: it is stale; run go generate ./moderation", e.name, e.kind)
		}
	}
	for _, want := range []string{"vocab", "facts"} {
		if !names[want] {
			t.Errorf("matchers.bin has no %s entry; run go generate ./moderation", want)
		}
	}
}

func TestMatcherEncodeRoundTrip(t *testing.T) {
	m, err := compileMatcher([]string{"abject(e)(s)", "encul*", "briser _ cou", "coonnard", "l'arabe", "ordure(s)"},
		MatchOptions{Fuzzy: true, Known: []string{"cancre"}})
	if err != nil {
		t.Fatal(err)
	}
	b := m.encode()
	d, err := decodeMatcher(string(b))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(d.encode(), b) || !reflect.DeepEqual(d.stemLens, m.stemLens) || d.singlePfx != m.singlePfx || d.deletePfx != m.deletePfx {
		t.Errorf("decoded matcher differs:\n%+v\n%+v", m, d)
	}
	txt := Normalize("des ordures abjectes, l'arabe, encule, briser le cou, coonnnard, des odrures, o*dure")
	if got, want := d.Find(txt, nil), m.Find(txt, nil); !reflect.DeepEqual(got, want) || len(got) < 7 {
		t.Errorf("decoded matcher finds %v, want %v", got, want)
	}
	// A damaged encoding fails to decode, it does not panic.
	for i := 0; i < len(b); i += 7 {
		c := append([]byte(nil), b...)
		c[i] ^= 0x5a
		if d, err := decodeMatcher(string(c)); err == nil {
			d.Find(Normalize("des ordures abjectes, l'arabe, encule, briser le cou, coonnnard"), nil)
		}
	}
	for n := range len(b) {
		if _, err := decodeMatcher(string(b[:n])); err == nil {
			t.Fatalf("truncated at %d: no error", n)
		}
	}
}

// TestMatcherSameAsTrie checks the compact matcher against a plain walk
// of the trie it was minimised from, on every token of every comment in
// testdata/ and of variants that exercise stretched, masked, glued and
// misspelt words.
func TestMatcherSameAsTrie(t *testing.T) {
	v, err := sharedVocab()
	if err != nil {
		t.Fatal(err)
	}
	fl, err := loadFactLexicons()
	if err != nil {
		t.Fatal(err)
	}
	texts := corpusTexts(t)
	pairs := embeddedPairs(t, v, fl)
	var got, want []Hit
	n := 0
	for _, s := range texts {
		for _, txt := range []*Text{Normalize(s), v.unglue(Normalize(s))} {
			for _, p := range pairs {
				for i := range txt.Tokens {
					got = p.m.FindAt(txt, i, got[:0])
					want = p.tr.findAt(txt, i, want[:0])
					n++
					if !reflect.DeepEqual(got, want) && (len(got) > 0 || len(want) > 0) {
						t.Fatalf("%s: %q token %d (%q): got %v, want %v", p.name, s, i, txt.Tokens[i].Norm, got, want)
					}
				}
			}
		}
	}
	t.Logf("%d texts, %d positions compared", len(texts), n)
}

// corpusTexts are the texts of testdata/*/*.jsonl (their labels are not
// read), the benchmark's comments, and variants of each with letters
// stretched, masked, dropped and swapped.
func corpusTexts(t *testing.T) []string {
	files, err := filepath.Glob("../testdata/*/*.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	texts := append([]string(nil), benchComments...)
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(fh)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			var r struct {
				Text string `json:"text"`
			}
			if json.Unmarshal(sc.Bytes(), &r) == nil && r.Text != "" {
				texts = append(texts, r.Text)
			}
		}
		fh.Close()
	}
	n := len(texts)
	for k, s := range texts[:n] {
		ws := strings.Fields(s)
		for i, w := range ws {
			if len(w) < 4 {
				continue
			}
			switch (k + i) % 5 {
			case 0: // stretched
				ws[i] = w[:2] + strings.Repeat(w[2:3], 3) + w[2:]
			case 1: // masked
				ws[i] = w[:1] + "*" + w[2:]
			case 2: // a letter dropped
				ws[i] = w[:2] + w[3:]
			case 3: // two letters swapped
				ws[i] = w[:1] + w[2:3] + w[1:2] + w[3:]
			}
		}
		texts = append(texts, strings.Join(ws, " "))
	}
	return texts
}

// matcherPair is an embedded matcher and the trie built again from the
// same inputs, for comparing the two.
type matcherPair struct {
	name string
	m    *Matcher
	tr   *trie
}

// embeddedPairs pairs each matcher loaded from matchers.bin (the
// lexicons' and the charter facts') with its reference trie.
func embeddedPairs(tb testing.TB, v *vocab, fl *factLexicons) []matcherPair {
	tb.Helper()
	var pairs []matcherPair
	for _, p := range []struct {
		name string
		m    *Matcher
	}{{"vocab", v.m}, {"facts", fl.shared.m}} {
		embedState.mu.Lock()
		in, ok := embedState.inputs[p.name]
		embedState.mu.Unlock()
		if !ok {
			tb.Fatalf("%s was not loaded from matchers.bin", p.name)
		}
		tr, err := buildTrie(in.phrases, in.opts)
		if err != nil {
			tb.Fatal(err)
		}
		pairs = append(pairs, matcherPair{p.name, p.m, tr})
	}
	return pairs
}
