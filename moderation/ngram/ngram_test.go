package ngram

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

var testLabels = []string{"insulte", "spam"}

// toyCorpus is a small deterministic corpus: insults, ads and harmless
// comments built from word lists.
func toyCorpus() []Example {
	insults := []string{"connard", "abruti", "cretin", "imbecile", "debile"}
	ads := []string{"vends", "promo", "gratuit", "cliquez", "gagnez"}
	plain := []string{"la", "mairie", "route", "marche", "ecole", "samedi", "travaux", "merci", "pluie", "bus"}
	var out []Example
	r := rand.New(rand.NewPCG(1, 2))
	pick := func(l []string) string { return l[r.IntN(len(l))] }
	for i := range 300 {
		words := []string{pick(plain), pick(plain), pick(plain)}
		var labels []int
		switch i % 3 {
		case 0:
			words = append(words, "le", "maire", "est", "un", pick(insults))
			labels = []int{0}
		case 1:
			words = append(words, pick(ads), pick(ads), "iphone")
			labels = []int{1}
		default:
			words = append(words, pick(plain), pick(plain))
		}
		out = append(out, Example{Doc: Doc{Words: words}, Labels: labels})
	}
	return out
}

var testOptions = Options{Settings: Settings{HashBits: 14, WordMin: 1, WordMax: 2, CharMin: 2, CharMax: 4}, Epochs: 4, Folds: 3}

func trainToy(t testing.TB, ex []Example) (*Model, []byte) {
	t.Helper()
	m, _, err := Train(testLabels, ex, testOptions)
	if err != nil {
		t.Fatal(err)
	}
	data, err := m.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	return m, data
}

// TestTrainReproducible: the same data gives the same bytes, whatever
// the order of the examples.
func TestTrainReproducible(t *testing.T) {
	ex := toyCorpus()
	_, a := trainToy(t, ex)
	_, b := trainToy(t, ex)
	if !bytes.Equal(a, b) {
		t.Fatal("two trainings on the same data gave different bytes")
	}
	rev := make([]Example, len(ex))
	for i, e := range ex {
		rev[len(ex)-1-i] = e
	}
	_, c := trainToy(t, rev)
	if !bytes.Equal(a, c) {
		t.Fatal("the order of the examples changed the model")
	}
}

func TestRoundTripAndScores(t *testing.T) {
	m, data := trainToy(t, toyCorpus())
	back, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := back.MarshalBinary()
	if !bytes.Equal(data, again) {
		t.Fatal("parse then marshal changed the bytes")
	}
	if back.ID() != m.ID() || back.ID() == "" {
		t.Errorf("ids %q and %q", back.ID(), m.ID())
	}
	tests := []struct {
		name  string
		words string
		want  []bool // per label: at or above its threshold
	}{
		{"insult", "samedi la route le maire est un connard", []bool{true, false}},
		{"ad", "promo gratuit iphone cliquez", []bool{false, true}},
		{"harmless", "merci pour les travaux de la route samedi", []bool{false, false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := make([]float64, len(back.Labels))
			back.Scores(Doc{Words: strings.Fields(tt.words)}, out)
			for k, w := range tt.want {
				if got := out[k] >= float64(back.Threshold[k]); got != w {
					t.Errorf("%s: score %.3f, threshold %.3f, want flagged=%v", back.Labels[k], out[k], back.Threshold[k], w)
				}
				if out[k] < 0 || out[k] > 1 {
					t.Errorf("%s: score %v outside [0, 1]", back.Labels[k], out[k])
				}
			}
		})
	}
}

func TestExplainNamesWords(t *testing.T) {
	m, _ := trainToy(t, toyCorpus())
	d := Doc{Words: strings.Fields("merci pour la route mais le maire est un connard")}
	ws := m.Explain(d, 0, 3)
	if len(ws) == 0 {
		t.Fatal("no word explains the insult")
	}
	var named []string
	for _, w := range ws {
		named = append(named, strings.Join(d.Words[w.First:w.Last], " "))
	}
	if !strings.Contains(strings.Join(named, "|"), "connard") {
		t.Errorf("explanation %q does not name the insult", named)
	}
}

func TestParseRejectsCorruptFiles(t *testing.T) {
	_, data := trainToy(t, toyCorpus())
	flip := bytes.Clone(data)
	flip[len(flip)/2] ^= 0x40
	badVersion := bytes.Clone(data)
	badVersion[len(magic)] = 9
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "ce n'est pas un modèle Vigie"},
		{"not a model", []byte("PK\x03\x04 a zip file, not a model"), "ce n'est pas un modèle Vigie"},
		{"truncated", data[:len(data)/2], "somme de contrôle"},
		{"one byte changed", flip, "somme de contrôle"},
		{"unknown version", badVersion, "somme de contrôle"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.data)
			if err == nil || !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse() error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestTrainRejectsBadInput(t *testing.T) {
	if _, _, err := Train(testLabels, toyCorpus()[:4], testOptions); err == nil {
		t.Error("four rows accepted")
	}
	var noSpam []Example
	for _, e := range toyCorpus() {
		if len(e.Labels) == 0 || e.Labels[0] != 1 {
			noSpam = append(noSpam, e)
		}
	}
	if _, _, err := Train(testLabels, noSpam, testOptions); err == nil || !strings.Contains(err.Error(), "spam") {
		t.Errorf("a label without examples: error %v", err)
	}
}

func BenchmarkScores(b *testing.B) {
	m, _ := trainToy(b, toyCorpus())
	d := Doc{Words: strings.Fields("Est-ce que la decheterie sera ouverte le lundi de Paques mon voisin dit que non mais sur le site c'est marque ouvert")}
	out := make([]float64, len(m.Labels))
	b.ReportAllocs()
	for b.Loop() {
		m.Scores(d, out)
	}
}

func ExampleModel_Scores() {
	m, _, err := Train(testLabels, toyCorpus(), testOptions)
	if err != nil {
		panic(err)
	}
	out := make([]float64, len(m.Labels))
	m.Scores(Doc{Words: strings.Fields("le maire est un abruti")}, out)
	fmt.Println(m.Labels[0], out[0] >= float64(m.Threshold[0]))
	// Output: insulte true
}

// TestFeatureFamilies: the optional families add features, train
// reproducibly and read back with their settings.
func TestFeatureFamilies(t *testing.T) {
	base := testOptions.Settings
	d := Doc{Words: strings.Fields("tu vas voir ce soir"), Marks: []string{"toi"}}
	n0, _ := base.features(d, nil)
	for _, flag := range []uint8{FlagLength, FlagCrossWord, FlagMarks, FlagSkip} {
		s := base
		s.Flags = flag
		n, _ := s.features(d, nil)
		if len(n) <= len(n0) {
			t.Errorf("flag %b adds no feature (%d, %d)", flag, len(n), len(n0))
		}
	}
	// A skip-gram is the same whatever word stands between its two.
	skip := base
	skip.Flags = FlagSkip
	fa, _ := skip.features(Doc{Words: strings.Fields("tu es mort")}, nil)
	fb, _ := skip.features(Doc{Words: strings.Fields("tu seras mort")}, nil)
	if fa[len(fa)-1].bucket != fb[len(fb)-1].bucket || fa[len(fa)-1].width != 3 {
		t.Errorf("skip-grams %+v and %+v differ", fa[len(fa)-1], fb[len(fb)-1])
	}
	// A short comment is normalised as if it had MinFeatures features.
	s := base
	s.MinFeatures = 400
	if _, norm := s.features(d, nil); math.Abs(float64(norm)-1/20.0) > 1e-6 {
		t.Errorf("norm %v, want 1/20", norm)
	}
	opt := testOptions
	opt.Settings.Flags = FlagLength | FlagCrossWord | FlagMarks | FlagSkip
	opt.Settings.MinFeatures = 30
	a, _, err := Train(testLabels, toyCorpus(), opt)
	if err != nil {
		t.Fatal(err)
	}
	b, _, _ := Train(testLabels, toyCorpus(), opt)
	da, _ := a.MarshalBinary()
	db, _ := b.MarshalBinary()
	if !bytes.Equal(da, db) {
		t.Fatal("two trainings with every feature family differ")
	}
	back, err := Parse(da)
	if err != nil {
		t.Fatal(err)
	}
	if back.Settings != opt.Settings {
		t.Errorf("settings read back %+v, want %+v", back.Settings, opt.Settings)
	}
}

// TestParseVersion1: a model of format version 1 (no min features, no
// flags) still reads.
func TestParseVersion1(t *testing.T) {
	_, data := trainToy(t, toyCorpus())
	p := len(magic)
	v1 := append([]byte(nil), data[:p]...)
	v1 = append(v1, 1, 0)
	v1 = append(v1, data[p+2:p+2+6]...)
	v1 = append(v1, data[p+2+6+3:len(data)-4]...)
	v1 = binary.LittleEndian.AppendUint32(v1, crc32.ChecksumIEEE(v1))
	m, err := Parse(v1)
	if err != nil {
		t.Fatal(err)
	}
	if m.Settings != testOptions.Settings {
		t.Errorf("settings %+v", m.Settings)
	}
}

// TestJointThresholds: thresholds chosen together keep the legitimate
// comments flagged within the budget.
func TestJointThresholds(t *testing.T) {
	opt := testOptions
	opt.LegitBudget = 0.01
	opt.MinPrecision = 0.5
	_, rep, err := Train(testLabels, toyCorpus(), opt)
	if err != nil {
		t.Fatal(err)
	}
	if rep.LegitFlagged > 0.01 {
		t.Errorf("%.3f of legitimate comments flagged, budget 0.01", rep.LegitFlagged)
	}
	if rep.Acted < 0.5 {
		t.Errorf("only %.2f acted on the toy corpus", rep.Acted)
	}
}
