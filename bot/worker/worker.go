// Package worker consumes the inbox: for each comment event it classifies
// the text, decides, acts on the platform (hide) or queues the comment for
// the référent, and records the decision, the audit entry, the counters and
// the acknowledgement in one Redis transaction.
//
// Delivery is at least once; actions are idempotent by comment id: the item
// remembers the text version whose decision is final, so a redelivered
// entry (crash before the acknowledgement, reclaim, duplicate) causes no
// second Graph call. Events about one comment go to the same goroutine, in
// inbox order. No comment is dropped: a throttled call is parked in the
// store's retry set until Meta's wait is over (no goroutine sleeps on it,
// so other comments and the poller keep moving), a call failing for a
// reason a human must fix (token, permission, policy) is put in the retry
// set with backoff, and anything else leaves the entry pending to be
// reclaimed.
//
// Several workers (processes) may share one inbox. Events about one comment
// are ordered within a process; across processes, an older event reclaimed
// after a newer one was applied is recognised by its inbox id and skipped
// as superseded. A crash between a Hide and its record is covered by an
// intent written before the call: whoever takes the comment over finds the
// intent without a record and asks the platform whether the comment is
// hidden before acting, so no comment is acted on twice.
package worker

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"strconv"
	"sync"
	"time"

	"go.uber.org/zap"

	"github.com/vigie-fr/vigie/bot/metrics"
	"github.com/vigie-fr/vigie/bot/store"
	"github.com/vigie-fr/vigie/moderation"
)

// Classifier judges a comment; *moderation.Classifier implements it.
type Classifier interface {
	ClassifyIn(text string, ctx moderation.Context) moderation.Verdict
}

// Judge is how one commune judges: its classifier (its charter facts and
// policy) and its election period.
type Judge struct {
	Classifier     Classifier
	ElectionPeriod func(time.Time) bool
}

// Actor acts on the platform; *graph.Client implements it. Calls carry
// the comment's Page in their context (graph.WithAccount), so one Page's
// rate limits do not hold back another's.
type Actor interface {
	Hide(ctx context.Context, commentID string) error
	// IsHidden reads the comment's state on the platform; it is asked only
	// after a crash may have left a Hide unrecorded.
	IsHidden(ctx context.Context, commentID string) (bool, error)
}

// Mode says whether the worker acts on the platform.
type Mode string

// Modes.
const (
	// ModeObserve never calls the platform: hides are recorded as would_hide.
	ModeObserve Mode = "observe"
	// ModeAct hides comments on the platform.
	ModeAct Mode = "act"
)

// Defaults for Options.
const (
	DefaultConcurrency   = 4
	DefaultClaimIdle     = 5 * time.Minute
	DefaultShutdownGrace = 10 * time.Second
	DefaultRetryBase     = time.Minute
	DefaultRetryMax      = time.Hour
	// deadConsumerIdle is how long a consumer holding nothing may stay
	// silent before it is taken for a stopped worker and pruned.
	deadConsumerIdle = 24 * time.Hour
)

// Options configure a Worker.
type Options struct {
	Store      *store.Store // required
	Classifier Classifier   // required
	Actor      Actor        // required in ModeAct
	Mode       Mode         // required
	// ElectionPeriod tells whether a time falls in an election period
	// (propaganda is then queued, never hidden); never when nil.
	ElectionPeriod func(time.Time) bool
	// ByAccount judges the comments of these accounts (Page or Instagram
	// ids) with their commune's classifier; other accounts use Classifier
	// and ElectionPeriod.
	ByAccount map[string]Judge
	// Consumer names this worker in the consumer group; a restarted worker
	// should keep its name to take back its pending entries first.
	// Hostname-pid when empty.
	Consumer string
	// Concurrency is the number of comments handled at once.
	Concurrency int
	// ClaimIdle is how long an entry may stay pending and untouched before
	// another worker reclaims it.
	ClaimIdle time.Duration
	// ShutdownGrace bounds how long in-flight comments may take to finish
	// once Run's context is cancelled.
	ShutdownGrace time.Duration
	// RetryBase and RetryMax bound the backoff of actions that failed for a
	// reason a human must fix.
	RetryBase, RetryMax time.Duration
	Logger              *zap.Logger
	Metrics             *metrics.Registry
	Now                 func() time.Time
	// AfterHide, when set, is called after a successful Hide and before
	// its record; a non-nil error abandons the record as a crash at that
	// point would (tests of the intent).
	AfterHide func(commentID string) error
}

// Worker consumes the inbox.
type Worker struct {
	store         *store.Store
	classifier    Classifier
	actor         Actor
	mode          Mode
	election      func(time.Time) bool
	byAccount     map[string]Judge
	consumer      string
	concurrency   int
	claimIdle     time.Duration
	grace         time.Duration
	retryBase     time.Duration
	retryMax      time.Duration
	log           *zap.Logger
	m             *workerMetrics
	now           func() time.Time
	afterHide     func(string) error
	mu            sync.Mutex
	inflight      map[string]bool // inbox ids handed to a shard and not yet settled
	pendingRetry  map[string]bool // comment ids of retry tasks handed to a shard
	room          chan struct{}   // signalled when a task is settled
	batch         int
	maxInflight   int // tasks held in memory before reading pauses
	block         time.Duration
	retryInterval time.Duration
	trimInterval  time.Duration
}

// New checks the options and returns a Worker.
func New(o Options) (*Worker, error) {
	var errs []error
	if o.Store == nil {
		errs = append(errs, errors.New("worker: no store"))
	}
	if o.Classifier == nil {
		errs = append(errs, errors.New("worker: no classifier"))
	}
	switch o.Mode {
	case ModeAct:
		if o.Actor == nil {
			errs = append(errs, errors.New("worker: mode act needs an actor"))
		}
	case ModeObserve:
	default:
		errs = append(errs, fmt.Errorf("worker: mode %q (expected observe or act)", o.Mode))
	}
	if o.Concurrency < 0 || o.ClaimIdle < 0 || o.ShutdownGrace < 0 || o.RetryBase < 0 || o.RetryMax < 0 {
		errs = append(errs, errors.New("worker: negative concurrency or duration"))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	w := &Worker{
		store: o.Store, classifier: o.Classifier, actor: o.Actor, mode: o.Mode, election: o.ElectionPeriod, byAccount: o.ByAccount,
		consumer: o.Consumer, concurrency: o.Concurrency, claimIdle: o.ClaimIdle, grace: o.ShutdownGrace,
		retryBase: o.RetryBase, retryMax: o.RetryMax, log: o.Logger, now: o.Now, afterHide: o.AfterHide,
		inflight: map[string]bool{}, pendingRetry: map[string]bool{}, room: make(chan struct{}, 1),
	}
	if w.election == nil {
		w.election = func(time.Time) bool { return false }
	}
	for id, j := range w.byAccount {
		if j.Classifier == nil {
			return nil, fmt.Errorf("worker: account %s has no classifier", id)
		}
	}
	if w.consumer == "" {
		host, _ := os.Hostname()
		w.consumer = host + "-" + strconv.Itoa(os.Getpid())
	}
	if w.concurrency == 0 {
		w.concurrency = DefaultConcurrency
	}
	if w.claimIdle == 0 {
		w.claimIdle = DefaultClaimIdle
	}
	if w.grace == 0 {
		w.grace = DefaultShutdownGrace
	}
	if w.retryBase == 0 {
		w.retryBase = DefaultRetryBase
	}
	if w.retryMax == 0 {
		w.retryMax = DefaultRetryMax
	}
	if w.log == nil {
		w.log = zap.NewNop()
	}
	w.log = w.log.With(zap.String("component", "worker"), zap.String("consumer", w.consumer), zap.String("mode", string(w.mode)))
	if o.Metrics == nil {
		o.Metrics = metrics.NewRegistry()
	}
	w.m = newMetrics(o.Metrics)
	registerBacklog(o.Metrics, w.store)
	if w.now == nil {
		w.now = time.Now
	}
	w.batch = 16 * w.concurrency
	w.maxInflight = 4 * w.batch
	w.block = min(time.Second, w.claimIdle/2)
	// Parked work (throttling) is due at the end of Meta's wait: look for
	// it every second so the backlog goes within seconds of that end.
	w.retryInterval = min(time.Second, w.claimIdle/2)
	w.trimInterval = time.Minute
	return w, nil
}

// task is one unit of work for a shard: an inbox delivery, or a comment id
// from the retry set.
type task struct {
	delivery *store.Delivery
	retryID  string
}

func (t task) commentID() string {
	if t.delivery != nil {
		return t.delivery.Event.CommentID
	}
	return t.retryID
}

// Run consumes the inbox until ctx is cancelled, then lets in-flight
// comments finish for up to the shutdown grace; what is not finished stays
// pending for the next start. It returns nil on cancellation.
func (w *Worker) Run(ctx context.Context) error {
	if err := w.ensureGroup(ctx); err != nil {
		return nil // cancelled while Redis was unreachable
	}
	// work outlives ctx by the grace period so an in-flight Hide and its
	// record complete instead of being cut half-way.
	work, cancelWork := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelWork()
	var wg sync.WaitGroup
	done := make(chan struct{})
	wg.Add(1)
	go func() { // owner: Run; joined below
		defer wg.Done()
		select {
		case <-ctx.Done():
			t := time.NewTimer(w.grace)
			defer t.Stop()
			select {
			case <-t.C:
				cancelWork()
			case <-done:
			}
		case <-done:
		}
	}()
	wg.Add(1)
	go func() { defer wg.Done(); w.heartbeat(ctx) }()

	shards := make([]*shardQueue, w.concurrency)
	var shardWG sync.WaitGroup
	for i := range shards {
		shards[i] = newShardQueue()
		shardWG.Add(1)
		go func(q *shardQueue) { // owner: Run; joined by shardWG
			defer shardWG.Done()
			for {
				t, ok := q.pop()
				if !ok {
					return
				}
				if ctx.Err() != nil {
					w.settle(t) // not started: stays pending for the next start
					continue
				}
				w.process(ctx, work, t)
				w.settle(t)
			}
		}(shards[i])
	}
	w.fetch(ctx, shards)
	for _, q := range shards {
		q.close()
	}
	shardWG.Wait()
	close(done)
	wg.Wait()
	w.log.Info("worker stopped")
	return nil
}

func (w *Worker) ensureGroup(ctx context.Context) error {
	b := backoff{min: 100 * time.Millisecond, max: 10 * time.Second}
	for {
		err := w.store.EnsureGroup(ctx)
		if err == nil {
			return nil
		}
		w.log.Warn("cannot create the consumer group; retrying", zap.Error(err))
		if err := sleepCtx(ctx, b.next()); err != nil {
			return err
		}
	}
}

// fetch reads the inbox and hands entries to shards until ctx is done.
func (w *Worker) fetch(ctx context.Context, shards []*shardQueue) {
	b := backoff{min: 100 * time.Millisecond, max: 5 * time.Second}
	fail := func(what string, err error) {
		w.log.Warn(what+" failed; retrying", zap.Error(err))
		_ = sleepCtx(ctx, b.next())
	}
	// First what this consumer held when it last stopped.
	for after := "0"; ctx.Err() == nil; {
		ds, err := w.store.ReadPending(ctx, w.consumer, after, w.batch)
		if err != nil {
			fail("reading own pending entries", err)
			continue
		}
		if len(ds) == 0 {
			break
		}
		w.log.Info("resuming own pending entries", zap.Int("entries", len(ds)))
		after = ds[len(ds)-1].ID
		w.dispatch(ctx, shards, ds)
	}
	// Retries this consumer had claimed when it stopped (a kill) would
	// otherwise wait out their lease.
	if n, err := w.store.ReleaseRetries(ctx, w.consumer); err != nil {
		w.log.Warn("releasing retries held before the restart failed; they wait out their lease", zap.Error(err))
	} else if n > 0 {
		w.log.Info("retries held before the restart are due again", zap.Int("comments", n))
	}
	w.housekeeping(ctx)
	claim := time.NewTicker(max(w.claimIdle/2, time.Millisecond))
	defer claim.Stop()
	retry := time.NewTicker(max(w.retryInterval, time.Millisecond))
	defer retry.Stop()
	trim := time.NewTicker(w.trimInterval)
	defer trim.Stop()
	w.reclaim(ctx, shards)
	w.retries(ctx, shards)
	for ctx.Err() == nil {
		select {
		case <-claim.C:
			w.reclaim(ctx, shards)
		case <-retry.C:
			w.retries(ctx, shards)
		case <-trim.C:
			w.housekeeping(ctx)
		default:
		}
		if !w.waitRoom(ctx) {
			continue // full: the tickers still run while shards catch up
		}
		ds, err := w.store.Read(ctx, w.consumer, w.batch, w.block)
		if err != nil {
			if ctx.Err() == nil {
				fail("reading the inbox", err)
			}
			continue
		}
		b.reset()
		w.dispatch(ctx, shards, ds)
	}
}

// housekeeping drops acknowledged inbox entries (they hold comment text)
// and consumers of stopped workers that hold nothing.
func (w *Worker) housekeeping(ctx context.Context) {
	if n, err := w.store.TrimInbox(ctx); err != nil {
		w.log.Warn("trimming the inbox failed", zap.Error(err))
	} else if n > 0 {
		w.log.Debug("inbox trimmed", zap.Int64("entries", n))
	}
	if n, err := w.store.PruneConsumers(ctx, deadConsumerIdle); err != nil {
		w.log.Warn("pruning idle consumers failed", zap.Error(err))
	} else if n > 0 {
		w.log.Info("pruned consumers of stopped workers", zap.Int64("consumers", n))
	}
	if d, err := w.store.QueueDepth(ctx); err == nil {
		w.m.queueDepth.With().Set(float64(d))
	}
}

// reclaim takes over entries left pending too long by any worker.
func (w *Worker) reclaim(ctx context.Context, shards []*shardQueue) {
	start := "0-0"
	for i := 0; i < 100 && ctx.Err() == nil; i++ {
		ds, next, err := w.store.Reclaim(ctx, w.consumer, w.claimIdle, start, w.batch)
		if err != nil {
			w.log.Warn("reclaiming idle entries failed", zap.Error(err))
			return
		}
		if len(ds) > 0 {
			w.log.Info("reclaimed idle entries", zap.Int("entries", len(ds)))
			w.m.reclaimed.With().Add(float64(len(ds)))
			w.dispatch(ctx, shards, ds)
		}
		if next == "0-0" || next == "" {
			return
		}
		start = next
	}
}

// retries hands the comments of the retry set that are due to shards.
func (w *Worker) retries(ctx context.Context, shards []*shardQueue) {
	// Batch after batch while room is left: at the end of a throttling
	// wait, every parked comment is due at once.
	for ctx.Err() == nil && w.held() < w.maxInflight {
		ids, err := w.store.ClaimRetriesFor(ctx, w.consumer, max(w.claimIdle, 5*time.Minute), w.batch)
		if err != nil {
			w.log.Warn("claiming retries failed", zap.Error(err))
			return
		}
		for _, id := range ids {
			w.mu.Lock()
			busy := w.pendingRetry[id]
			w.pendingRetry[id] = true
			w.mu.Unlock()
			if busy {
				continue
			}
			if !w.send(ctx, shards, task{retryID: id}) {
				return
			}
		}
		if len(ids) < w.batch {
			return
		}
	}
}

// held is the number of tasks handed to shards and not yet settled.
func (w *Worker) held() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.inflight) + len(w.pendingRetry)
}

func (w *Worker) dispatch(ctx context.Context, shards []*shardQueue, ds []store.Delivery) {
	for i := range ds {
		w.mu.Lock()
		busy := w.inflight[ds[i].ID]
		w.inflight[ds[i].ID] = true
		w.mu.Unlock()
		if busy {
			continue // reclaimed while a shard still holds it
		}
		if !w.send(ctx, shards, task{delivery: &ds[i]}) {
			return
		}
	}
}

// send hands t to the shard of its comment, so events about one comment are
// handled one at a time and in order. It never blocks: a shard busy with a
// slow call keeps its own backlog while the others go on; reading pauses
// only when maxInflight tasks are held in all (waitRoom).
func (w *Worker) send(ctx context.Context, shards []*shardQueue, t task) bool {
	if ctx.Err() != nil {
		w.settle(t)
		return false
	}
	h := fnv.New32a()
	h.Write([]byte(t.commentID()))
	shards[h.Sum32()%uint32(len(shards))].push(t)
	return true
}

// settle forgets t once its shard is done with it (or will not start it).
func (w *Worker) settle(t task) {
	w.mu.Lock()
	if t.delivery != nil {
		delete(w.inflight, t.delivery.ID)
	} else {
		delete(w.pendingRetry, t.retryID)
	}
	w.mu.Unlock()
	select {
	case w.room <- struct{}{}:
	default:
	}
}

// waitRoom reports whether fewer than maxInflight tasks are held, waiting
// a little for one to settle if not.
func (w *Worker) waitRoom(ctx context.Context) bool {
	if w.held() < w.maxInflight {
		return true
	}
	t := time.NewTimer(100 * time.Millisecond)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-w.room:
	case <-t.C:
	}
	return w.held() < w.maxInflight
}

// heartbeat renews the lease on entries the shards hold, so a comment
// waiting behind a throttling delay is not reclaimed by another worker.
func (w *Worker) heartbeat(ctx context.Context) {
	t := time.NewTicker(max(w.claimIdle/3, time.Millisecond))
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		w.mu.Lock()
		ids := make([]string, 0, len(w.inflight))
		for id := range w.inflight {
			ids = append(ids, id)
		}
		w.mu.Unlock()
		if err := w.store.Touch(ctx, w.consumer, ids...); err != nil && ctx.Err() == nil {
			w.log.Warn("renewing in-flight entries failed", zap.Error(err))
		}
	}
}

// judge returns the classifier and election period of an account's
// commune.
func (w *Worker) judge(account string) (Classifier, func(time.Time) bool) {
	if j, ok := w.byAccount[account]; ok {
		if j.ElectionPeriod == nil {
			return j.Classifier, func(time.Time) bool { return false }
		}
		return j.Classifier, j.ElectionPeriod
	}
	return w.classifier, w.election
}
