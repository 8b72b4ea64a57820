package moderation

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

// Start-up figures (issue 7, « Speed and memory »): a process start to
// its first verdict within 150 ms, an idle daemon within 40 MB resident.
// They are reported, not asserted: the machine running the tests is
// shared.

var benchFacts = Facts{People: []Person{{Name: "Jean-Pierre Morel", Role: "maire", Aliases: []string{"Morel"}}}}

// withoutVerify runs f with the tests' check of matchers.bin off, as in
// the daemon: structures are loaded, not also compiled afresh.
func withoutVerify(f func()) {
	v := embedState.verify.Swap(false)
	defer embedState.verify.Store(v)
	f()
}

// BenchmarkNewClassifier measures what a process does before its first
// verdict, except what sync.Once keeps for the process: the charter
// vocabulary loaded, every embedded matcher decoded and a classifier
// built.
func BenchmarkNewClassifier(b *testing.B) {
	entries, err := parseEmbedded(matchersBin)
	if err != nil {
		b.Fatal(err)
	}
	// The process-wide loads first, checked like in the other tests.
	if _, err := New(benchFacts, nil); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	withoutVerify(func() {
		for b.Loop() {
			if _, err := loadVocab(); err != nil {
				b.Fatal(err)
			}
			for _, e := range entries {
				if e.kind == kindMatcher {
					if _, err := decodeMatcher(e.payload); err != nil {
						b.Fatal(err)
					}
				}
			}
			if _, err := New(benchFacts, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestReportHeap reports the live heap that the classifier holds.
func TestReportHeap(t *testing.T) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	c, err := New(benchFacts, nil)
	if err != nil {
		t.Fatal(err)
	}
	c.Classify("Le maire est un gros con")
	runtime.GC()
	runtime.ReadMemStats(&after)
	t.Logf("live heap after New: %.1f MB (%.1f MB before; includes what earlier tests left)",
		float64(after.HeapInuse)/1e6, float64(before.HeapInuse)/1e6)
	runtime.KeepAlive(c)
}

// BenchmarkStartToFirstVerdict builds cmd/vigie and times fresh
// processes of `vigie check` on one comment: start, classifier, verdict,
// exit. One process per iteration: run it with -benchtime 20x. (The
// resident set of a child is not measured here: Linux counts in it the
// parent's at the exec; /usr/bin/time -v vigie check … gives it.)
func BenchmarkStartToFirstVerdict(b *testing.B) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		b.Fatalf("no go command on PATH to build cmd/vigie (install Go 1.26): %v", err)
	}
	bin := filepath.Join(b.TempDir(), "vigie")
	build := exec.Command(goBin, "build", "-o", bin, "../cmd/vigie")
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	var total time.Duration
	n := 0
	for b.Loop() {
		cmd := exec.Command(bin, "check", "Le maire est un gros con")
		cmd.Stderr = os.Stderr
		start := time.Now()
		if err := cmd.Run(); err != nil {
			b.Fatal(err)
		}
		total += time.Since(start)
		n++
	}
	b.ReportMetric(float64(total.Microseconds())/1000/float64(n), "ms/process")
}

// BenchmarkMatcherFind compares the compact matcher with a walk of the
// trie it comes from, on the benchmark's comments.
func BenchmarkMatcherFind(b *testing.B) {
	v, err := sharedVocab()
	if err != nil {
		b.Fatal(err)
	}
	fl, err := loadFactLexicons()
	if err != nil {
		b.Fatal(err)
	}
	texts := make([]*Text, len(benchComments))
	for i, s := range benchComments {
		texts[i] = Normalize(s)
	}
	for _, p := range embeddedPairs(b, v, fl) {
		var hits []Hit
		b.Run(p.name+"/compact", func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				t := texts[i%len(texts)]
				for k := range t.Tokens {
					hits = p.m.FindAt(t, k, hits[:0])
				}
			}
		})
		b.Run(p.name+"/trie", func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				t := texts[i%len(texts)]
				for k := range t.Tokens {
					hits = p.tr.findAt(t, k, hits[:0])
				}
			}
		})
	}
}
