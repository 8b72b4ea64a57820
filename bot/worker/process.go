package worker

import (
	"context"
	"errors"
	"time"

	"go.uber.org/zap"

	"github.com/vigie-fr/vigie/bot/graph"
	"github.com/vigie-fr/vigie/bot/store"
	"github.com/vigie-fr/vigie/moderation"
)

// process handles one task. Reads, calls and the final record use work,
// which outlives ctx by the shutdown grace, so a Hide and its record are
// not cut half-way.
func (w *Worker) process(ctx, work context.Context, t task) {
	if t.delivery != nil {
		w.handleDelivery(ctx, work, t.delivery)
		return
	}
	w.handleRetry(ctx, work, t.retryID)
	if err := w.store.DoneRetry(work, w.consumer, t.retryID); err != nil {
		w.log.Debug("forgetting a retry lease failed; released at the next start", zap.Error(err))
	}
}

func (w *Worker) handleDelivery(ctx, work context.Context, d *store.Delivery) {
	log := w.log.With(zap.String("entry", d.ID))
	if d.Err != nil {
		// Not a comment we could ever handle (we wrote it ourselves, so this
		// is a bug or a manual edit): acknowledge it so it is not redelivered
		// for ever.
		log.Error("undecodable inbox entry acknowledged", zap.Error(d.Err))
		if err := w.store.Ack(work, d.ID); err != nil {
			log.Warn("acknowledging an undecodable entry failed", zap.Error(err))
		}
		return
	}
	ev := d.Event
	log = log.With(zap.String("comment", ev.CommentID))
	it, exists, err := w.store.Item(work, ev.CommentID)
	if err != nil {
		log.Warn("loading the item failed; entry left pending", zap.Error(err))
		return
	}
	if !exists {
		it = store.Item{CommentID: ev.CommentID, FirstReceivedAt: ev.ReceivedAt, State: store.StateReceived}
	}
	if ev.Verb == store.VerbRemove {
		w.markDeleted(work, log, d, it)
		return
	}
	hash := store.TextHash(ev.Message)
	skip := ""
	switch {
	case it.State == store.StateDeleted:
		skip = "deleted"
	case it.Seq != "" && store.CompareIDs(d.ID, it.Seq) < 0:
		skip = "superseded" // a newer event about this comment was already applied
	case it.DecidedHash == hash:
		skip = "duplicate" // this text version was already decided: no second action
	}
	if skip != "" {
		w.skip(work, log, d, ev, it, skip)
		return
	}
	alreadyJudged := exists && it.TextHash == hash && it.Verdict != nil
	if it.TextHash != hash {
		it.Attempts, it.LastError = 0, ""
	}
	applyEvent(&it, d.ID, ev, hash)
	now := w.now()
	text, whole := judgeable(it.Message)
	classifier, election := w.judge(it.PageID)
	verdict := classifier.ClassifyIn(text, moderation.Context{ElectionPeriod: election(now)})
	if (!whole || it.Truncated) && verdict.Action != moderation.ActionHide {
		// Part of the text was not judged: a human reads it, it is never
		// left visible on the strength of its beginning.
		verdict.Action = moderation.ActionQueue
	}
	it.Verdict, it.ClassifiedAt = &verdict, now
	if !alreadyJudged {
		w.countJudged(verdict)
	}
	w.decide(ctx, work, log, &it, d.ID, !alreadyJudged)
}

// applyEvent copies what the event knows into the item. Fields an event may
// lack (remove events, privacy) do not erase what is known.
func applyEvent(it *store.Item, entry string, ev store.Event, hash string) {
	set := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	set(&it.Platform, ev.Platform)
	set(&it.PageID, ev.PageID)
	set(&it.PostID, ev.PostID)
	set(&it.ParentID, ev.ParentID)
	set(&it.FromID, ev.FromID)
	set(&it.FromName, ev.FromName)
	set(&it.Permalink, ev.Permalink)
	if !ev.CreatedTime.IsZero() {
		it.CreatedTime = ev.CreatedTime
	}
	it.Message, it.Truncated, it.TextHash = ev.Message, ev.Truncated, hash
	it.Source, it.Verb, it.Seq, it.ReceivedAt = ev.Source, ev.Verb, entry, ev.ReceivedAt
}

func (w *Worker) handleRetry(ctx, work context.Context, id string) {
	log := w.log.With(zap.String("comment", id), zap.String("retry", "true"))
	it, exists, err := w.store.Item(work, id)
	if err != nil {
		log.Warn("loading the item to retry failed", zap.Error(err))
		return // still in the retry set; due again after the lease
	}
	if !exists || it.Decided() || it.State == store.StateDeleted || it.Verdict == nil {
		if err := w.store.DropRetry(work, id); err != nil {
			log.Warn("dropping a settled retry failed", zap.Error(err))
		}
		return
	}
	w.decide(ctx, work, log, &it, "", false)
}

// decide applies the verdict of it and records the outcome. entry is the
// inbox id to acknowledge ("" for a retry); fresh is set the first time
// this text version is judged, for the counters.
func (w *Worker) decide(ctx, work context.Context, log *zap.Logger, it *store.Item, entry string, fresh bool) {
	d := store.Decision{Entry: entry, Item: *it}
	clearIntent := false
	final := func(state store.State, ev store.AuditEvent, review store.ReviewChange) {
		d.Item.State, d.Item.DecidedHash, d.Review = state, it.TextHash, review
		d.Item.Attempts, d.Item.LastError = 0, ""
		d.Audit = w.audit(&d.Item, ev, entry)
	}
	switch action := it.Verdict.Action; {
	case it.State == store.StateHidden:
		// Hidden stays hidden whatever the new text says: unhiding is the
		// référent's decision.
		final(store.StateHidden, store.EventClassified, store.ReviewKeep)
		d.Audit.Detail = "already_hidden"
		w.m.actions.With(string(action), "already_hidden").Inc()
	case action == moderation.ActionHide && w.mode == ModeObserve:
		final(store.StateWouldHide, store.EventWouldHide, store.ReviewRemove)
		w.m.actions.With("hide", "observe").Inc()
	case action == moderation.ActionHide:
		record, clear := w.hide(work, log, it, &d)
		if !record {
			return // left pending, or shutting down
		}
		clearIntent = clear
	case action == moderation.ActionQueue:
		final(store.StateQueued, store.EventQueued, store.ReviewAdd)
		if tooLong(it) {
			d.Audit.Detail = "too_long"
		}
		w.m.actions.With("queue", "ok").Inc()
	default:
		final(store.StateVisible, store.EventClassified, store.ReviewRemove)
	}
	d.Counters = []string{"outcome:" + string(d.Audit.Event)}
	if fresh {
		d.Counters = append(d.Counters, judgedCounters(*it.Verdict)...)
	}
	if !w.commit(work, log, d) {
		return
	}
	if clearIntent {
		if err := w.store.ClearIntent(work, it.CommentID); err != nil {
			// Harmless: the next attempt, if any, asks the platform first.
			log.Warn("clearing the hide intent failed", zap.Error(err))
		}
	}
	if d.Item.DecidedHash == it.TextHash && !it.ReceivedAt.IsZero() {
		w.m.latency.With(string(d.Audit.Event)).Observe(w.now().Sub(it.ReceivedAt).Seconds())
	}
}

// hide calls the platform and fills d with the outcome. record is false
// when nothing is to be recorded now (the entry stays pending); clearIntent
// is set when, once recorded, no Hide of this attempt can be in doubt.
//
// The intent written before the call is what makes a crash between the
// call and the record harmless: whoever takes the comment over finds an
// intent and asks the platform whether the comment is hidden before
// acting again.
func (w *Worker) hide(work context.Context, log *zap.Logger, it *store.Item, d *store.Decision) (record, clearIntent bool) {
	actx := graph.WithPlatform(graph.WithAccount(work, it.PageID), it.Platform)
	id := it.CommentID
	_, intent, err := w.store.Intent(work, id)
	if err != nil {
		log.Warn("reading the hide intent failed; entry left pending", zap.Error(err))
		return false, false
	}
	var callErr error
	if intent {
		var hidden bool
		hidden, callErr = w.actor.IsHidden(actx, id)
		if callErr == nil && hidden {
			w.hidden(it, d, "hidden_before_restart")
			w.m.actions.With("hide", "already_hidden").Inc()
			log.Info("comment already hidden by an attempt that was not recorded; not hidden again")
			return true, true
		}
	}
	if callErr == nil {
		in := store.Intent{Action: "hide", TextHash: it.TextHash, Consumer: w.consumer, At: w.now()}
		if err := w.store.SetIntent(work, id, in); err != nil {
			log.Warn("recording the hide intent failed; entry left pending", zap.Error(err))
			return false, false
		}
		callErr = w.actor.Hide(actx, id)
		if callErr == nil && w.afterHide != nil {
			if err := w.afterHide(id); err != nil {
				return false, false
			}
		}
	}
	now := w.now()
	d.Item.Attempts, d.Item.LastError = it.Attempts, it.LastError
	if callErr == nil {
		w.hidden(it, d, "")
		w.m.actions.With("hide", "ok").Inc()
		return true, true
	}
	class, local := graph.ClassOf(callErr), graph.IsLocal(callErr)
	w.m.actions.With("hide", class.String()).Inc()
	if work.Err() != nil {
		log.Info("shutdown during hide; entry left pending", zap.Error(callErr))
		return false, false
	}
	level := zap.WarnLevel
	switch class {
	case graph.ClassThrottled:
		// Parked in the retry set until Meta's wait is over: no goroutine
		// sleeps on it, so other comments, other Pages and the poller go
		// on. Not a failure of the action: no attempt is counted.
		wait := time.Minute
		var ge *graph.Error
		if errors.As(callErr, &ge) && ge.RetryAfter > 0 {
			wait = ge.RetryAfter
		}
		d.Item.LastError = class.String()
		d.RetryAt = now.Add(wait + spread(wait))
		d.Item.RetryAt = d.RetryAt
		d.Audit = w.audit(&d.Item, store.EventDeferred, d.Entry)
		d.Audit.Error = class.String()
		log.Debug("hide throttled; parked until the wait is over", zap.Duration("retry_after", wait), zap.Bool("local", local))
		return true, local
	case graph.ClassNotFound:
		// Already gone: nothing left to hide.
		d.Item.LastError = class.String()
		d.Item.State, d.Item.DecidedHash, d.Item.DeletedAt, d.Review = store.StateDeleted, it.TextHash, now, store.ReviewRemove
		d.Audit = w.audit(&d.Item, store.EventGone, d.Entry)
		clearIntent = true
	case graph.ClassInvalid:
		// Permanent for this comment (an admin's comment, say): a human decides.
		d.Item.LastError = class.String()
		d.Item.State, d.Item.DecidedHash, d.Review = store.StateActionFailed, it.TextHash, store.ReviewAdd
		d.Audit = w.audit(&d.Item, store.EventActionFailed, d.Entry)
		clearIntent = true
	case graph.ClassToken, graph.ClassPermission, graph.ClassPolicy:
		// A human must fix it; the alert says so once per outage, not once
		// per comment. Calls Vigie refused itself count no attempt: they
		// wait, and run as soon as the token works again (the app expedites
		// them).
		level = zap.DebugLevel
		d.Item.LastError = class.String()
		d.Item.State = store.StateActionFailed
		if local {
			d.RetryAt = now.Add(jitter(min(w.retryMax, localRefusalWait)))
		} else {
			d.Item.Attempts++
			d.RetryAt = now.Add(retryDelay(w.retryBase, w.retryMax, d.Item.Attempts))
		}
		d.Item.RetryAt = d.RetryAt
		d.Audit = w.audit(&d.Item, store.EventActionFailed, d.Entry)
		clearIntent = local
	default:
		d.Item.LastError = class.String()
		d.Item.State = store.StateActionFailed
		d.Item.Attempts++
		d.Audit = w.audit(&d.Item, store.EventActionFailed, d.Entry)
		if d.Entry != "" {
			// The client already retried: leave the entry pending, it is
			// reclaimed after the claim-idle time.
			d.Entry = ""
			d.Audit.Detail = "left_pending"
		} else {
			d.RetryAt = now.Add(retryDelay(w.retryBase, w.retryMax, d.Item.Attempts))
			d.Item.RetryAt = d.RetryAt
		}
		clearIntent = local
	}
	d.Audit.Error = class.String()
	log.Log(level, "hide failed", zap.String("class", class.String()), zap.Bool("local", local), zap.Int("attempts", d.Item.Attempts), zap.Error(callErr))
	return true, clearIntent
}

// hidden fills d for a comment hidden on the platform.
func (w *Worker) hidden(it *store.Item, d *store.Decision, detail string) {
	d.Item.State, d.Item.DecidedHash, d.Item.ActedAt, d.Review = store.StateHidden, it.TextHash, w.now(), store.ReviewRemove
	d.Item.Attempts, d.Item.LastError, d.Item.RetryAt, d.RetryAt = 0, "", time.Time{}, time.Time{}
	d.Audit = w.audit(&d.Item, store.EventHidden, d.Entry)
	d.Audit.Detail = detail
}

func (w *Worker) markDeleted(work context.Context, log *zap.Logger, d *store.Delivery, it store.Item) {
	ev := d.Event
	if it.PageID == "" { // first news of this comment: keep its ids only
		it.Platform, it.PageID, it.PostID, it.ParentID = ev.Platform, ev.PageID, ev.PostID, ev.ParentID
	}
	it.State, it.DeletedAt, it.Seq, it.Verb, it.Source = store.StateDeleted, w.now(), d.ID, ev.Verb, ev.Source
	dec := store.Decision{Entry: d.ID, Item: it, Review: store.ReviewRemove, Counters: []string{"outcome:deleted"}}
	dec.Audit = w.audit(&it, store.EventDeleted, d.ID)
	w.commit(work, log, dec)
}

func (w *Worker) skip(work context.Context, log *zap.Logger, d *store.Delivery, ev store.Event, it store.Item, reason string) {
	a := w.audit(&it, store.EventSkipped, d.ID)
	a.Detail, a.Source, a.Verb, a.TextHash, a.ReceivedAt = reason, string(ev.Source), string(ev.Verb), store.TextHash(ev.Message), ev.ReceivedAt
	a.ClassifiedAt, a.ActedAt = time.Time{}, time.Time{}
	if err := w.store.AppendAudit(work, a); err != nil {
		log.Warn("recording a skip failed; entry left pending", zap.Error(err))
		return
	}
	if err := w.store.Ack(work, d.ID); err != nil {
		log.Warn("acknowledging a skipped entry failed", zap.Error(err))
		return
	}
	w.m.skipped.With(reason).Inc()
	log.Debug("entry skipped", zap.String("reason", reason))
}

// commit records d, retrying briefly if Redis hiccups. If it cannot, the
// entry stays pending and is reclaimed: the worst case is a second Hide
// of an already hidden comment, which the platform treats as a no-op.
func (w *Worker) commit(work context.Context, log *zap.Logger, d store.Decision) bool {
	b := backoff{min: 50 * time.Millisecond, max: 2 * time.Second}
	for attempt := 1; ; attempt++ {
		depth, err := w.store.Commit(work, d)
		if err == nil {
			w.m.queueDepth.With().Set(float64(depth))
			log.Debug("decision recorded", zap.String("event", string(d.Audit.Event)), zap.String("state", string(d.Item.State)))
			return true
		}
		if attempt == 5 || work.Err() != nil {
			log.Error("recording the decision failed; entry left pending", zap.String("event", string(d.Audit.Event)), zap.Error(err))
			return false
		}
		if sleepCtx(work, b.next()) != nil {
			return false
		}
	}
}

func (w *Worker) audit(it *store.Item, ev store.AuditEvent, entry string) store.AuditEntry {
	a := store.AuditEntry{
		At: w.now(), CommentID: it.CommentID, Event: ev, Mode: string(w.mode), State: string(it.State),
		Source: string(it.Source), Verb: string(it.Verb), TextHash: it.TextHash, Entry: entry,
		CreatedTime: it.CreatedTime, ReceivedAt: it.ReceivedAt, ClassifiedAt: it.ClassifiedAt, ActedAt: it.ActedAt,
	}
	if it.Verdict != nil {
		a.Action = string(it.Verdict.Action)
		for _, f := range it.Verdict.Findings {
			a.Categories = append(a.Categories, string(f.Category))
			a.Rules = append(a.Rules, f.Rules...)
		}
	}
	return a
}

func judgedCounters(v moderation.Verdict) []string {
	out := []string{"judged", "action:" + string(v.Action)}
	for _, f := range v.Findings {
		out = append(out, "category:"+string(f.Category))
	}
	return out
}

func (w *Worker) countJudged(v moderation.Verdict) {
	if len(v.Findings) == 0 {
		w.m.judged.With("none", string(v.Action)).Inc()
	}
	for _, f := range v.Findings {
		w.m.judged.With(string(f.Category), string(v.Action)).Inc()
	}
}
