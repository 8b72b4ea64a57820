package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// enqueueScript marks a comment version seen and appends it to the inbox,
// the audit and the counters, atomically: a crash can never leave a seen
// marker without its inbox entry (which would lose the comment).
//
// KEYS: seen, inbox, audit, stats.
// ARGV: dedup ttl ms, event JSON, audit MINID, stats ttl s, source, verb,
// then audit field/value pairs.
var enqueueScript = redis.NewScript(`
if not redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[1]) then
  redis.call('HINCRBY', KEYS[4], 'duplicates', 1)
  redis.call('EXPIRE', KEYS[4], ARGV[4], 'NX')
  return 0
end
local id = redis.call('XADD', KEYS[2], '*', 'event', ARGV[2])
local audit = {'XADD', KEYS[3], 'MINID', '~', ARGV[3], '*', 'entry', id}
for i = 7, #ARGV do audit[#audit + 1] = ARGV[i] end
redis.call(unpack(audit))
if ARGV[6] ~= 'remove' then redis.call('HINCRBY', KEYS[4], 'received', 1) end
redis.call('HINCRBY', KEYS[4], 'source:' .. ARGV[5], 1)
redis.call('HINCRBY', KEYS[4], 'verb:' .. ARGV[6], 1)
redis.call('EXPIRE', KEYS[4], ARGV[4], 'NX')
return id
`)

// EnsureGroup creates the inbox stream and its consumer group when missing.
// A new group starts at the beginning of the stream, so events enqueued
// before any worker ran are not skipped.
func (s *Store) EnsureGroup(ctx context.Context) error {
	err := s.rdb.XGroupCreateMkStream(ctx, s.inboxKey(), Group, "0").Err()
	if err != nil && !redis.HasErrorPrefix(err, "BUSYGROUP") {
		return fmt.Errorf("store: create consumer group: %w", err)
	}
	return nil
}

// Enqueue durably adds events to the inbox, skipping versions already seen
// within the dedup TTL, in one round trip. It returns how many were new.
// Events are bounded (see Bound) and validated first; an invalid event
// fails the whole call with ErrInvalidEvent before anything is written.
// On error, some events may have been enqueued: calling again with the
// same events is safe, dedup absorbs them.
func (s *Store) Enqueue(ctx context.Context, events ...Event) (int, error) {
	if len(events) == 0 {
		return 0, nil
	}
	type prepared struct {
		keys []string
		args []any
	}
	preps := make([]prepared, len(events))
	for i := range events {
		e := events[i]
		if err := e.Validate(); err != nil {
			return 0, fmt.Errorf("store: enqueue: %w", err)
		}
		e.normalize()
		if e.ReceivedAt.IsZero() {
			e.ReceivedAt = s.now()
		}
		raw, err := json.Marshal(e)
		if err != nil {
			return 0, fmt.Errorf("store: enqueue %s: encode: %w", e.CommentID, err)
		}
		hash := e.dedupHash()
		preps[i] = prepared{
			keys: []string{s.Key("seen", e.CommentID, hash), s.inboxKey(), s.auditKey(), s.statsKey(e.ReceivedAt)},
			args: []any{
				s.dedupTTL.Milliseconds(), raw, s.auditMinID(), int64(s.statsTTL / time.Second), string(e.Source), string(e.Verb),
				"at", formatTime(s.now()), "comment_id", e.CommentID, "event", string(EventReceived),
				"page_id", e.PageID, "post_id", e.PostID, "source", string(e.Source), "verb", string(e.Verb),
				"text_hash", hash, "created_time", formatTime(e.CreatedTime), "received_at", formatTime(e.ReceivedAt),
			},
		}
	}
	run := func() ([]*redis.Cmd, error) {
		cmds := make([]*redis.Cmd, len(preps))
		_, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
			for i, pr := range preps {
				cmds[i] = enqueueScript.EvalSha(ctx, p, pr.keys, pr.args...)
			}
			return nil
		})
		return cmds, err
	}
	cmds, err := run()
	if err != nil && redis.HasErrorPrefix(err, "NOSCRIPT") {
		if err = enqueueScript.Load(ctx, s.rdb).Err(); err == nil {
			cmds, err = run()
		}
	}
	if err != nil {
		return 0, fmt.Errorf("store: enqueue %d events: %w", len(events), err)
	}
	n := 0
	for _, c := range cmds {
		if _, ok := c.Val().(string); ok {
			n++
		}
	}
	return n, nil
}

// Delivery is an inbox entry handed to a worker.
type Delivery struct {
	// ID is the inbox stream id, to acknowledge.
	ID    string
	Event Event
	// Err is set when the entry cannot be decoded; it must still be
	// acknowledged, or it would be redelivered for ever.
	Err error
}

func decode(msgs []redis.XMessage) []Delivery {
	out := make([]Delivery, 0, len(msgs))
	for _, m := range msgs {
		d := Delivery{ID: m.ID}
		raw, ok := m.Values["event"].(string)
		if !ok {
			d.Err = errors.New("store: inbox entry " + m.ID + " has no event")
		} else if err := json.Unmarshal([]byte(raw), &d.Event); err != nil {
			d.Err = fmt.Errorf("store: decode inbox entry %s: %w", m.ID, err)
		}
		out = append(out, d)
	}
	return out
}

// Read delivers up to count new inbox entries to consumer, waiting up to
// block for one (block <= 0: no wait). No entry is an empty slice, not an
// error. A missing group (the stream was deleted) is recreated.
func (s *Store) Read(ctx context.Context, consumer string, count int, block time.Duration) ([]Delivery, error) {
	return s.read(ctx, consumer, ">", count, block)
}

// ReadPending returns entries already delivered to consumer and not yet
// acknowledged, with ids after after ("0" for the start): what a worker
// that restarts under the same name had in hand when it stopped.
func (s *Store) ReadPending(ctx context.Context, consumer, after string, count int) ([]Delivery, error) {
	return s.read(ctx, consumer, after, count, -1)
}

func (s *Store) read(ctx context.Context, consumer, start string, count int, block time.Duration) ([]Delivery, error) {
	if block <= 0 {
		block = -1 // go-redis sends BLOCK 0 (for ever) for a zero duration
	}
	args := &redis.XReadGroupArgs{Group: Group, Consumer: consumer, Streams: []string{s.inboxKey(), start}, Count: int64(count), Block: block}
	res, err := s.rdb.XReadGroup(ctx, args).Result()
	if err != nil && redis.HasErrorPrefix(err, "NOGROUP") {
		if err = s.EnsureGroup(ctx); err == nil {
			res, err = s.rdb.XReadGroup(ctx, args).Result()
		}
	}
	if errors.Is(err, redis.Nil) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: read inbox: %w", err)
	}
	var out []Delivery
	for _, st := range res {
		out = append(out, decode(st.Messages)...)
	}
	return out, nil
}

// Reclaim transfers to consumer up to count pending entries idle for at
// least minIdle (their worker died or gave up), scanning from start ("0-0"
// first). It returns the entries and where the next scan should start
// ("0-0" when the whole pending list was scanned).
func (s *Store) Reclaim(ctx context.Context, consumer string, minIdle time.Duration, start string, count int) ([]Delivery, string, error) {
	msgs, next, err := s.rdb.XAutoClaim(ctx, &redis.XAutoClaimArgs{
		Stream: s.inboxKey(), Group: Group, Consumer: consumer, MinIdle: minIdle, Start: start, Count: int64(count),
	}).Result()
	if err != nil && redis.HasErrorPrefix(err, "NOGROUP") {
		return nil, "0-0", s.EnsureGroup(ctx)
	}
	if err != nil {
		return nil, start, fmt.Errorf("store: reclaim inbox: %w", err)
	}
	return decode(msgs), next, nil
}

// Touch resets the idle time of entries consumer still holds, so that no
// other worker reclaims an entry that is only waiting (for a throttling
// delay, say). It is the lease renewal of in-flight work.
func (s *Store) Touch(ctx context.Context, consumer string, ids ...string) error {
	if len(ids) == 0 {
		return nil
	}
	err := s.rdb.XClaimJustID(ctx, &redis.XClaimArgs{Stream: s.inboxKey(), Group: Group, Consumer: consumer, MinIdle: 0, Messages: ids}).Err()
	if err != nil {
		return fmt.Errorf("store: touch %d inbox entries: %w", len(ids), err)
	}
	return nil
}

// Ack acknowledges inbox entries without recording anything (Commit
// acknowledges with the decision).
func (s *Store) Ack(ctx context.Context, ids ...string) error {
	if len(ids) == 0 {
		return nil
	}
	if err := s.rdb.XAck(ctx, s.inboxKey(), Group, ids...).Err(); err != nil {
		return fmt.Errorf("store: ack %d inbox entries: %w", len(ids), err)
	}
	return nil
}

// trimScript trims the inbox below the oldest entry still needed: the
// oldest pending one, else the last delivered one (entries after it have
// not been read yet). Acknowledged entries go; un-acknowledged never do.
var trimScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local last
for _, g in ipairs(redis.call('XINFO', 'GROUPS', KEYS[1])) do
  local name, ld
  for i = 1, #g, 2 do
    if g[i] == 'name' then name = g[i + 1] elseif g[i] == 'last-delivered-id' then ld = g[i + 1] end
  end
  if name == ARGV[1] then last = ld end
end
if not last then return 0 end
local p = redis.call('XPENDING', KEYS[1], ARGV[1])
local minid = last
if p[1] > 0 then minid = p[2] end
return redis.call('XTRIM', KEYS[1], 'MINID', minid)
`)

// TrimInbox deletes acknowledged inbox entries (they hold comment text) and
// returns how many went.
func (s *Store) TrimInbox(ctx context.Context) (int64, error) {
	n, err := trimScript.Run(ctx, s.rdb, []string{s.inboxKey()}, Group).Int64()
	if err != nil {
		return 0, fmt.Errorf("store: trim inbox: %w", err)
	}
	return n, nil
}

// pruneScript deletes consumers that hold no pending entry and have been
// idle for longer than ARGV[2] ms. Worker names change across restarts
// (hostname-pid), so without it the group collects dead consumers. A
// consumer with pending entries is never deleted: that would drop them.
var pruneScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local n = 0
for _, c in ipairs(redis.call('XINFO', 'CONSUMERS', KEYS[1], ARGV[1])) do
  local name, pending, idle
  for i = 1, #c, 2 do
    if c[i] == 'name' then name = c[i + 1] elseif c[i] == 'pending' then pending = c[i + 1] elseif c[i] == 'idle' then idle = c[i + 1] end
  end
  if pending == 0 and idle > tonumber(ARGV[2]) then
    redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], name)
    n = n + 1
  end
end
return n
`)

// PruneConsumers deletes consumers of the group idle for longer than idle
// and holding nothing, and returns how many went.
func (s *Store) PruneConsumers(ctx context.Context, idle time.Duration) (int64, error) {
	n, err := pruneScript.Run(ctx, s.rdb, []string{s.inboxKey()}, Group, idle.Milliseconds()).Int64()
	if err != nil {
		if redis.HasErrorPrefix(err, "NOGROUP") {
			return 0, nil
		}
		return 0, fmt.Errorf("store: prune consumers: %w", err)
	}
	return n, nil
}

// InboxInfo is the state of the inbox.
type InboxInfo struct {
	Length  int64 // entries in the stream
	Pending int64 // delivered, not acknowledged
	Lag     int64 // not yet delivered (Redis >= 7.0), -1 when unknown
}

// Inbox returns the size of the inbox, for metrics and the CLI.
func (s *Store) Inbox(ctx context.Context) (InboxInfo, error) {
	info := InboxInfo{Lag: -1}
	groups, err := s.rdb.XInfoGroups(ctx, s.inboxKey()).Result()
	if err != nil {
		if redis.HasErrorPrefix(err, "ERR no such key") {
			return info, nil
		}
		return info, fmt.Errorf("store: inbox info: %w", err)
	}
	for _, g := range groups {
		if g.Name == Group {
			info.Pending = g.Pending
			info.Lag = g.Lag
		}
	}
	if info.Length, err = s.rdb.XLen(ctx, s.inboxKey()).Result(); err != nil {
		return info, fmt.Errorf("store: inbox length: %w", err)
	}
	return info, nil
}

// PendingIDs lists up to count un-acknowledged inbox ids with their owner
// and delivery count, oldest first (for tests and the CLI).
func (s *Store) PendingIDs(ctx context.Context, count int) ([]redis.XPendingExt, error) {
	res, err := s.rdb.XPendingExt(ctx, &redis.XPendingExtArgs{Stream: s.inboxKey(), Group: Group, Start: "-", End: "+", Count: int64(count)}).Result()
	if err != nil {
		if redis.HasErrorPrefix(err, "NOGROUP") {
			return nil, nil
		}
		return nil, fmt.Errorf("store: list pending: %w", err)
	}
	return res, nil
}

func ms(t time.Time) string { return strconv.FormatInt(t.UnixMilli(), 10) }
