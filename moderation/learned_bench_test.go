package moderation

import (
	"testing"

	"github.com/vigie-fr/vigie/moderation/ngram"
)

// BenchmarkClassify (bench_test.go) runs the combined judge, the embedded
// model beside the rules; these split its cost.

func BenchmarkClassifyRulesOnly(b *testing.B) {
	c, err := New(Facts{People: []Person{{Name: "Jean-Pierre Morel", Role: "maire", Aliases: []string{"Morel"}}}}, nil, WithModel(nil))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		c.Classify(benchComments[i%len(benchComments)])
		i++
	}
	b.ReportMetric(float64(i)/b.Elapsed().Seconds(), "comments/s")
}

// BenchmarkModelScores is the model's own share: features, scores and
// calibration of one read comment.
func BenchmarkModelScores(b *testing.B) {
	c, err := New(Facts{}, nil)
	if err != nil || c.model == nil {
		b.Fatal(err, "no embedded model")
	}
	docs := make([]ngram.Doc, len(benchComments))
	for i, s := range benchComments {
		docs[i] = c.ModelDoc(s)
	}
	out := make([]float64, len(c.model.m.Labels))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		c.model.m.Scores(docs[i%len(docs)], out)
		i++
	}
	b.ReportMetric(float64(i)/b.Elapsed().Seconds(), "comments/s")
}
