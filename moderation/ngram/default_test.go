package ngram

import "testing"

// BenchmarkModelLoad parses the embedded model: the header, the
// calibration and a checksum of the weights (2 MiB by default), used in
// place, not copied.
func BenchmarkModelLoad(b *testing.B) {
	if len(defaultModel) == 0 {
		b.Fatal("no embedded model: run make model")
	}
	b.SetBytes(int64(len(defaultModel)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(defaultModel); err != nil {
			b.Fatal(err)
		}
	}
}
