package poller

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"go.uber.org/zap"

	"github.com/vigie-fr/vigie/bot/graph"
	"github.com/vigie-fr/vigie/bot/store"
)

// PollOnce runs one reconciliation round under the leader lock: for each
// Page, it lists the posts of the backfill window with their comments,
// enqueues the comments created since the cursor (minus the overlap), and
// advances the cursor. Another instance holding the lock makes it a no-op.
// An account whose listing fails is skipped until the next round; the
// others are still polled. Cursors only advance for Pages whose comments were all enqueued.
func (p *Poller) PollOnce(ctx context.Context) error {
	lock, err := p.store.TryLock(ctx, lockName, p.lockTTL)
	if errors.Is(err, store.ErrLockHeld) {
		p.m.runs.With("not_leader").Inc()
		p.log.Debug("another instance is polling")
		return nil
	}
	if err != nil {
		p.m.runs.With("error").Inc()
		return fmt.Errorf("poller: %w", err)
	}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); p.renew(ctx, cancel, lock) }()
	defer func() {
		cancel()
		wg.Wait()
		// Released with a fresh context: the round's may be cancelled.
		rctx, rcancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer rcancel()
		if err := lock.Release(rctx); err != nil {
			p.log.Warn("releasing the poller lock failed; it expires by itself", zap.Error(err))
		}
	}()

	start := p.now()
	var errs []error
	type account struct{ platform, id string }
	var accounts []account
	for _, id := range p.pages {
		accounts = append(accounts, account{store.PlatformFacebook, id})
	}
	for _, id := range p.ig {
		accounts = append(accounts, account{store.PlatformInstagram, id})
	}
	// One account's throttling or token failure does not end the round:
	// each account has its own budget (and, with several Pages, its own
	// token), and the Graph client refuses calls for a blocked account
	// without sending them, so the other accounts are still polled.
	result := ""
	for _, a := range accounts {
		err := p.pollPage(ctx, a.platform, a.id)
		if err == nil {
			continue
		}
		errs = append(errs, err)
		if class := graph.ClassOf(err); stopsRound(class) && result == "" {
			result = class.String()
		}
		if ctx.Err() != nil {
			break
		}
	}
	if err := errors.Join(errs...); err != nil {
		if result == "" {
			result = "error"
		}
		p.m.runs.With(result).Inc()
		return err
	}
	p.m.runs.With("ok").Inc()
	p.m.lastSuccess.With().Set(float64(p.now().Unix()))
	p.log.Debug("poll round done", zap.Duration("took", p.now().Sub(start)))
	return nil
}

func stopsRound(c graph.Class) bool {
	switch c {
	case graph.ClassThrottled, graph.ClassToken, graph.ClassPermission, graph.ClassPolicy:
		return true
	}
	return false
}

// renew keeps the leader lock while the round runs, and cancels the round
// if the lock is lost (another instance may have started polling).
func (p *Poller) renew(ctx context.Context, cancel context.CancelFunc, lock *store.Lock) {
	t := time.NewTicker(max(p.lockTTL/3, time.Millisecond))
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if err := lock.Renew(ctx); err != nil {
			if ctx.Err() != nil {
				return
			}
			if errors.Is(err, store.ErrLockLost) {
				p.log.Warn("poller lock lost; stopping this round")
				cancel()
				return
			}
			p.log.Warn("renewing the poller lock failed", zap.Error(err))
		}
	}
}

func (p *Poller) pollPage(ctx context.Context, platform, page string) error {
	log := p.log.With(zap.String("page", page), zap.String("platform", platform))
	now := p.now()
	floor := now.Add(-p.backfill)
	since := floor
	cursor, ok, err := p.store.Cursor(ctx, page)
	if err != nil {
		return fmt.Errorf("poller: page %s: %w", page, err)
	}
	if ok && cursor.Add(-p.overlap).After(floor) {
		since = cursor.Add(-p.overlap)
	}
	// Posts of the whole window (a new comment may land on an old post),
	// their comments from the cursor only: Meta lists them newest first,
	// so an idle post costs nothing past its first page.
	// The listing counts against the Page's own rate-limit budget, as its
	// hides do.
	var comments []graph.Comment
	if platform == store.PlatformInstagram {
		_, comments, err = p.igSource.InstagramComments(graph.WithAccount(ctx, page), page, floor, since)
	} else {
		_, comments, err = p.source.RecentComments(graph.WithAccount(ctx, page), page, floor, since)
	}
	if err != nil {
		class := graph.ClassOf(err)
		p.m.errors.With(class.String()).Inc()
		log.Warn("listing comments failed", zap.String("class", class.String()), zap.Error(err))
		return fmt.Errorf("poller: page %s: %w", page, err)
	}
	newest := cursor
	var events []store.Event
	for _, c := range comments {
		if c.CreatedTime.After(newest) {
			newest = c.CreatedTime
		}
		result := p.keep(page, c, since)
		if result != "" {
			p.m.comments.With(result).Inc()
			continue
		}
		events = append(events, store.Event{
			Platform: platform, PageID: page, CommentID: c.ID, PostID: c.PostID, ParentID: c.ParentID,
			Verb: store.VerbAdd, Message: c.Message, FromID: c.FromID, FromName: c.FromName,
			Permalink: c.PermalinkURL, CreatedTime: c.CreatedTime, Source: store.SourcePoll, ReceivedAt: now,
		})
	}
	fresh := 0
	for i := 0; i < len(events); i += enqueueChunk {
		n, err := p.store.Enqueue(ctx, events[i:min(i+enqueueChunk, len(events))]...)
		if err != nil {
			return fmt.Errorf("poller: page %s: %w", page, err)
		}
		fresh += n
	}
	p.m.comments.With("new").Add(float64(fresh))
	p.m.comments.With("duplicate").Add(float64(len(events) - fresh))
	if newest.After(cursor) {
		if err := p.store.SetCursor(ctx, page, newest); err != nil {
			return fmt.Errorf("poller: page %s: %w", page, err)
		}
	}
	log.Debug("page polled", zap.Int("comments", len(comments)), zap.Int("offered", len(events)), zap.Int("new", fresh))
	if fresh > 0 {
		log.Info("poll found comments the webhooks missed", zap.Int("new", fresh))
	}
	return nil
}

// keep returns "" for a comment to enqueue, else why it is left out.
func (p *Poller) keep(page string, c graph.Comment, since time.Time) string {
	switch {
	case c.FromID != "" && (c.FromID == page || p.own[c.FromID]):
		return "own"
	case c.IsHidden:
		return "hidden" // already hidden: by us, or by a Page admin
	case !c.CreatedTime.IsZero() && c.CreatedTime.Before(since):
		return "old"
	}
	e := store.Event{PageID: page, CommentID: c.ID, PostID: c.PostID, ParentID: c.ParentID, Verb: store.VerbAdd, Source: store.SourcePoll}
	if e.Validate() != nil {
		return "invalid"
	}
	return ""
}
