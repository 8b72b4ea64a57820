package worker_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/vigie-fr/vigie/bot/redistest"
	"github.com/vigie-fr/vigie/bot/store"
	"github.com/vigie-fr/vigie/bot/worker"
)

type countingActor struct{ n atomic.Int64 }

func (a *countingActor) Hide(context.Context, string) error { a.n.Add(1); return nil }

func (a *countingActor) IsHidden(context.Context, string) (bool, error) { return false, nil }

// BenchmarkPipeline measures the store path end to end through a real
// redis-server: webhook-sized batches enqueued (dedup, inbox, audit,
// counters), then read, classified, hidden by a fake actor, recorded and
// acknowledged by a running worker. Reported as comments/s.
func BenchmarkPipeline(b *testing.B) {
	url, prefix := redistest.Shared(b)
	opt, err := redis.ParseURL(url)
	if err != nil {
		b.Fatal(err)
	}
	opt.PoolSize = 32
	rdb := redis.NewClient(opt)
	defer rdb.Close()
	s, err := store.New(store.Options{Client: rdb, Prefix: prefix})
	if err != nil {
		b.Fatal(err)
	}
	actor := &countingActor{}
	w, err := worker.New(worker.Options{Store: s, Classifier: classifier(b, nil), Actor: actor, Mode: worker.ModeAct, Consumer: "bench", Concurrency: 8})
	if err != nil {
		b.Fatal(err)
	}
	texts := []string{
		"Votre projet de parking est une erreur, il fallait consulter les riverains avant de lancer les travaux.",
		"Le maire est un connard qui ne respecte personne.",
		"Merci pour l'organisation du marché de Noël, c'était très réussi !",
		"Encore un connard qui se gare sur le trottoir devant l'école.",
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			b.Error(err)
		}
	}()

	b.ResetTimer()
	start := time.Now()
	const batch = 100
	for i := 0; i < b.N; i += batch {
		evs := make([]store.Event, 0, batch)
		for j := i; j < min(i+batch, b.N); j++ {
			evs = append(evs, store.Event{
				PageID: "1000", CommentID: fmt.Sprintf("1000_%d", j), PostID: "1000_1", ParentID: "1000_1",
				Verb: store.VerbAdd, Message: texts[j%len(texts)], FromID: "42", FromName: "Jean Dupont",
				CreatedTime: time.Now(), Source: store.SourceWebhook,
			})
		}
		if _, err := s.Enqueue(ctx, evs...); err != nil {
			b.Fatal(err)
		}
	}
	month := time.Now()
	for {
		stats, err := s.Stats(ctx, month)
		if err != nil {
			b.Fatal(err)
		}
		if stats["judged"] >= int64(b.N) {
			break
		}
		time.Sleep(2 * time.Millisecond)
	}
	elapsed := time.Since(start)
	b.StopTimer()
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "comments/s")
	if got, want := actor.n.Load(), int64(b.N/2); got < want-1 || got > want+1 {
		b.Errorf("hid %d comments, want about %d", got, want)
	}
}
