package console_test

import (
	"fmt"
	"io"
	"net/http"
	"sort"
	"testing"
	"time"

	"github.com/vigie-fr/vigie/bot/review/reviewtest"
	"github.com/vigie-fr/vigie/bot/store"
	"github.com/vigie-fr/vigie/moderation"
)

// BenchmarkQueuePage renders pages of a queue of 10,000 pending comments
// over HTTP, from real Redis, and reports the 95th percentile of one page
// (50 comments with their evidence, findings and post).
func BenchmarkQueuePage(b *testing.B) {
	const pending = 10_000
	s := newSite(b, false)
	v := reviewtest.Verdict(moderation.ActionQueue, "", moderation.Injurieux, moderation.Diffamatoire)
	v.Findings[0].Evidence = []moderation.Span{{Start: 11, End: 17}, {Start: 30, End: 37}}
	start := time.Now().Add(-pending * time.Second)
	for i := range pending {
		s.SeedAt(fmt.Sprintf("Le maire abruti numéro %d a détourné l'argent de la cantine <b>%d</b>", i, i), store.StateQueued, v, start.Add(time.Duration(i)*time.Second))
	}
	c := s.client()
	s.login(b, c)
	pages := pending / 50
	var took []time.Duration
	i := 0
	b.ResetTimer()
	for b.Loop() {
		path := fmt.Sprintf("/file?page=%d", 1+(i*37)%pages)
		i++
		t0 := time.Now()
		resp, err := c.Get(s.srv.URL + path)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		took = append(took, time.Since(t0))
		if resp.StatusCode != http.StatusOK {
			b.Fatalf("GET %s = %d", path, resp.StatusCode)
		}
	}
	sort.Slice(took, func(a, z int) bool { return took[a] < took[z] })
	p95 := took[min(len(took)-1, len(took)*95/100)]
	b.ReportMetric(float64(p95.Microseconds())/1000, "p95-ms")
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
}
