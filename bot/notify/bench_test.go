package notify_test

import (
	"context"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/vigie-fr/vigie/bot/fakeclock"
	"github.com/vigie-fr/vigie/bot/notify"
	"github.com/vigie-fr/vigie/bot/redistest"
	"github.com/vigie-fr/vigie/bot/store"
)

// BenchmarkUrgentNotification measures the time from the worker's record
// of a threat (store.Commit) to the e-mail accepted by a real SMTP server
// over STARTTLS with AUTH, through a running dispatcher on the real clock
// with its default tick. The target is 5 s. Run it with
//
//	.ci/with-redis.sh go test ./bot/notify/ -run '^$' -bench UrgentNotification -benchtime 20x
func BenchmarkUrgentNotification(b *testing.B) {
	url, prefix := redistest.Shared(b)
	opt, err := redis.ParseURL(url)
	if err != nil {
		b.Fatal(err)
	}
	rdb := redis.NewClient(opt)
	defer rdb.Close()
	st, err := store.New(store.Options{Client: rdb, Prefix: prefix})
	if err != nil {
		b.Fatal(err)
	}
	// The fixtures' clock, moved to the present for each comment.
	clk := fakeclock.New(time.Now())
	e := &env{st: st, rdb: rdb, clk: clk}
	srv := startSMTP(b)
	d, err := notify.New(notify.Options{Store: st, Email: srv.mailer(b, time.Now), Referent: referent, Links: fakeLinks{}})
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx) }()
	var lat []time.Duration
	b.ResetTimer()
	for i := range b.N {
		c := threat
		c.id = "1000_b" + strconv.Itoa(i)
		// Arrive at a random point of the dispatcher's tick, as comments do.
		b.StopTimer()
		time.Sleep(time.Duration(rand.Int64N(int64(notify.DefaultTick))))
		b.StartTimer()
		clk.Advance(time.Since(clk.Now()))
		began := time.Now()
		e.commit(b, c)
		srv.wait(b, 10*time.Second)
		lat = append(lat, time.Since(began))
	}
	b.StopTimer()
	cancel()
	<-done
	slices.Sort(lat)
	var sum time.Duration
	for _, l := range lat {
		sum += l
	}
	b.ReportMetric(float64(sum.Milliseconds())/float64(len(lat)), "ms-mean")
	b.ReportMetric(float64(lat[len(lat)*95/100].Milliseconds()), "ms-p95")
	b.ReportMetric(float64(lat[len(lat)-1].Milliseconds()), "ms-max")
}
