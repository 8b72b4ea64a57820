// Package ngram is Vigie's trained detector: a linear model over hashed
// word n-grams and character n-grams of the normalised comment, one
// logistic output per charter category (one-vs-rest), with scores
// calibrated by Platt scaling and a decision threshold per category.
//
// It is pure Go and reads no file by itself: a model is trained with
// Train, written with MarshalBinary and read with Parse. The package knows
// nothing of French or of the charter: moderation turns a comment into a
// Doc and a category id into a label.
package ngram

import (
	"math"
	"sort"
	"sync"
)

// Model is a trained detector. It is immutable and safe for concurrent
// use.
type Model struct {
	Settings Settings
	Labels   []string
	// Per label: the quantisation scale of its weights, its bias, the
	// Platt calibration p = 1/(1+exp(-(A·margin+B))) and the decision
	// threshold on the calibrated score.
	Scale, Bias, PlattA, PlattB, Threshold []float32
	// Info describes the training run.
	Info Info
	// w holds the int8 weights, bucket-major: w[bucket*len(Labels)+k].
	w []byte
	// sum is the SHA-256 of the encoded model, its identity.
	sum [32]byte
}

// Info describes how a model was trained.
type Info struct {
	Rows   uint32 // training rows, after merging repeated ones
	Epochs uint16
	Folds  uint16
	Seed   uint64
}

var featurePool = sync.Pool{New: func() any { b := make([]feature, 0, 1024); return &b }}

// margins computes the raw margin of every label into out.
func (m *Model) margins(d Doc, out []float64) {
	bp := featurePool.Get().(*[]feature)
	fs, norm := m.Settings.features(d, (*bp)[:0])
	m.marginsOf(fs, norm, out)
	*bp = fs[:0]
	featurePool.Put(bp)
}

func (m *Model) marginsOf(fs []feature, norm float32, out []float64) {
	nl := len(m.Labels)
	var acc [maxLabels]int32
	for _, f := range fs {
		row := m.w[int(f.bucket)*nl : int(f.bucket)*nl+nl]
		for k, q := range row {
			acc[k] += int32(int8(q))
		}
	}
	for k := range nl {
		out[k] = float64(m.Bias[k]) + float64(m.Scale[k])*float64(norm)*float64(acc[k])
	}
}

// Scores returns the calibrated score in [0, 1] of every label, in the
// order of Labels, into out (which must have len(Labels) elements).
func (m *Model) Scores(d Doc, out []float64) {
	m.margins(d, out)
	for k := range out {
		out[k] = sigmoid(float64(m.PlattA[k])*out[k] + float64(m.PlattB[k]))
	}
}

// Label returns the index of a label, or -1.
func (m *Model) Label(name string) int {
	for k, l := range m.Labels {
		if l == name {
			return k
		}
	}
	return -1
}

// Weighed is a run of consecutive words that pushed a label up, words
// [First, Last) of the Doc, with their share of the margin.
type Weighed struct {
	First, Last int
	Weight      float64
}

// Explain returns up to max runs of words that weighed most towards label
// k, strongest first. Each word is credited with its unigram, its
// character n-grams and half of each bigram it belongs to; adjacent words
// that both weighed are reported together.
func (m *Model) Explain(d Doc, k, max int) []Weighed {
	if k < 0 || k >= len(m.Labels) || max <= 0 {
		return nil
	}
	fs, norm := m.Settings.features(d, nil)
	nl := len(m.Labels)
	n := min(len(d.Words), maxWords)
	credit := make([]float64, n)
	unit := float64(m.Scale[k]) * float64(norm)
	for _, f := range fs {
		if f.width == 0 || f.word < 0 {
			continue
		}
		v := unit * float64(int8(m.w[int(f.bucket)*nl+k]))
		share := v / float64(f.width)
		for j := f.word; j < f.word+f.width && int(j) < n; j++ {
			credit[j] += share
		}
	}
	best := 0.0
	for _, c := range credit {
		best = math.Max(best, c)
	}
	if best <= 0 {
		return nil
	}
	// Keep the words that weighed at least a third of the strongest one,
	// then join neighbours.
	var runs []Weighed
	for i := 0; i < n; i++ {
		if credit[i] < best/3 {
			continue
		}
		if l := len(runs); l > 0 && runs[l-1].Last == i {
			runs[l-1].Last = i + 1
			runs[l-1].Weight += credit[i]
			continue
		}
		runs = append(runs, Weighed{i, i + 1, credit[i]})
	}
	sort.SliceStable(runs, func(a, b int) bool { return runs[a].Weight > runs[b].Weight })
	if len(runs) > max {
		runs = runs[:max]
	}
	return runs
}

func sigmoid(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}
