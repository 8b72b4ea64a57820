package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// The outbox holds the notifications owed to the référent and the IT
// contact until they are delivered. A notice about a decision is written in
// the same MULTI as the decision (Commit), so a crash can never leave a
// decision that nobody hears of; reminders, escalations and alerts are
// written by Lua scripts together with the marker that says they were
// owed, for the same reason. A notice leaves the outbox only once every
// channel has delivered it (AckNotices).
//
//	outbox:due             sorted set of notice keys, scored by the time the
//	                       notice is next due (Unix ms): now for a new one,
//	                       the digest slot for a parked one, now+backoff
//	                       after a failure, now+lease while claimed.
//	outbox:n:{key}         hash of one notice (fields below), TTL Retention.
//	notify:reminder:{id}   marker: the reminder about a queued comment was
//	notify:escalation:{id} owed (once), TTL Retention.
//	notify:outage:{kind}   marker of an open outage (token, permission,
//	                       webhooks): one alert per outage, TTL the repeat;
//	                       notify:outage:{kind}:{accounts} for the outage
//	                       of one token's accounts (comma-separated ids).
//	notify:alerts:cursor   last alerts stream id turned into a notice.
//	notify:webhooks        hash: what the webhook-silence watch last saw.
//	mail:log               list of the last e-mails sent (JSON), newest
//	                       first, capped, TTL Retention.
//
// Notice hash fields: kind, comment_id, event, categories, urgent, mode,
// at, alert_kind, alert_code, alert_subcode, alert_at, detail, accounts,
// audience, attempts,
// parked, last_error and done:{channel} once a channel delivered it. No
// comment text, no author name: those are read from the item at send time,
// so they expire with it.

// NoticeKind says what a notice is about.
type NoticeKind string

// Notice kinds.
const (
	NoticeItem       NoticeKind = "item"       // a decision the référent hears of
	NoticeReminder   NoticeKind = "reminder"   // a queued comment still pending
	NoticeEscalation NoticeKind = "escalation" // still pending, to the second contact
	NoticeAlert      NoticeKind = "alert"      // something the IT contact must fix
)

// AudienceReferent marks the alert notice owed to an account's référent,
// next to the IT contact's, when the account stops working.
const AudienceReferent = "referent"

// Notice is one notification owed.
type Notice struct {
	Key        string // idempotency key: the same notice is never owed twice
	Kind       NoticeKind
	CommentID  string
	Event      AuditEvent // of an item notice
	Categories []string
	Urgent     bool
	Mode       string // observe | act
	At         time.Time
	// AlertKind, AlertCode and AlertSubcode describe an alert notice;
	// Detail is Meta's message or the watch's explanation.
	AlertKind    string
	AlertCode    int
	AlertSubcode int
	AlertAt      time.Time
	Detail       string
	// Accounts are the Page and Instagram ids an alert is about (the
	// accounts of the token Meta refused); none for the whole deployment.
	Accounts []string
	// Audience is who an alert notice is for: "" the IT contact,
	// AudienceReferent the référent of Accounts (one account each).
	Audience  string
	Attempts  int
	Parked    bool            // waiting for the digest
	LastError string          // class of the last failure
	Done      map[string]bool // channels that delivered it
}

func (s *Store) dueKey() string                  { return s.Key("outbox", "due") }
func (s *Store) noticeKey(key string) string     { return s.Key("outbox", "n", key) }
func (s *Store) outageKey(kind string) string    { return s.Key("notify", "outage", kind) }
func (s *Store) mailLogKey() string              { return s.Key("mail", "log") }
func (s *Store) webhookWatchKey() string         { return s.Key("notify", "webhooks") }
func (s *Store) alertsCursorKey() string         { return s.Key("notify", "alerts", "cursor") }
func (s *Store) followUpKey(k NoticeKind) string { return s.Key("notify", string(k)) }

// noticeFor returns the notice a decision owes, if any: a hide (or what
// would have been one), a comment put in the référent's queue, or an
// action that failed for good and waits for a human. Which of them are
// sent, at once or in a digest, is the dispatcher's choice.
func noticeFor(d Decision, now time.Time) (Notice, bool) {
	a := d.Audit
	switch {
	case a.Event == EventHidden, a.Event == EventWouldHide:
	case a.Event == EventQueued, a.Event == EventActionFailed && d.Review == ReviewAdd:
	default:
		return Notice{}, false
	}
	it := d.Item
	n := Notice{Kind: NoticeItem, CommentID: it.CommentID, Event: a.Event, Categories: a.Categories, Mode: a.Mode, At: now}
	if it.Verdict != nil {
		n.Urgent = it.Verdict.Urgent
	}
	n.Key = "item:" + it.CommentID + ":" + it.TextHash + ":" + string(a.Event)
	return n, true
}

func (n *Notice) fields() []any {
	urgent := ""
	if n.Urgent {
		urgent = "1"
	}
	v := []any{"kind", string(n.Kind), "at", formatTime(n.At)}
	add := func(k, val string) {
		if val != "" {
			v = append(v, k, val)
		}
	}
	add("comment_id", n.CommentID)
	add("event", string(n.Event))
	add("categories", strings.Join(n.Categories, ","))
	add("urgent", urgent)
	add("mode", n.Mode)
	add("alert_kind", n.AlertKind)
	if n.AlertKind != "" {
		v = append(v, "alert_code", strconv.Itoa(n.AlertCode), "alert_subcode", strconv.Itoa(n.AlertSubcode))
	}
	add("alert_at", formatTime(n.AlertAt))
	add("detail", n.Detail)
	add("accounts", strings.Join(n.Accounts, ","))
	add("audience", n.Audience)
	return v
}

func parseNotice(key string, h map[string]string) Notice {
	n := Notice{
		Key: key, Kind: NoticeKind(h["kind"]), CommentID: h["comment_id"], Event: AuditEvent(h["event"]),
		Categories: splitList(h["categories"]), Urgent: h["urgent"] == "1", Mode: h["mode"],
		At: parseTime(h["at"]), AlertKind: h["alert_kind"], AlertAt: parseTime(h["alert_at"]),
		Detail: h["detail"], Parked: h["parked"] == "1", LastError: h["last_error"],
		Accounts: splitList(h["accounts"]), Audience: h["audience"],
	}
	n.AlertCode, _ = strconv.Atoi(h["alert_code"])
	n.AlertSubcode, _ = strconv.Atoi(h["alert_subcode"])
	n.Attempts, _ = strconv.Atoi(h["attempts"])
	for f := range h {
		if ch, ok := strings.CutPrefix(f, "done:"); ok {
			if n.Done == nil {
				n.Done = map[string]bool{}
			}
			n.Done[ch] = true
		}
	}
	return n
}

// outboxAdd queues on p the notice d owes, if any. ZADD NX keeps a notice
// already parked or backing off where it is.
func (s *Store) outboxAdd(ctx context.Context, p redis.Pipeliner, d Decision, now time.Time) {
	n, ok := noticeFor(d, now)
	if !ok {
		return
	}
	h := s.noticeKey(n.Key)
	p.HSet(ctx, h, n.fields()...)
	p.PExpire(ctx, h, s.retention)
	p.ZAddNX(ctx, s.dueKey(), redis.Z{Score: float64(now.UnixMilli()), Member: n.Key})
}

// AddNotice puts a notice in the outbox, due now, unless one with the same
// key is already there. It reports whether it was added.
func (s *Store) AddNotice(ctx context.Context, n Notice) (bool, error) {
	if n.Key == "" || n.Kind == "" {
		return false, fmt.Errorf("store: add notice: %w: key and kind are required", ErrInvalidEvent)
	}
	now := s.now()
	if n.At.IsZero() {
		n.At = now
	}
	args := append([]any{s.retention.Milliseconds(), now.UnixMilli(), n.Key}, n.fields()...)
	added, err := addNoticeScript.Run(ctx, s.rdb, []string{s.noticeKey(n.Key), s.dueKey()}, args...).Int()
	if err != nil {
		return false, fmt.Errorf("store: add notice %s: %w", n.Key, err)
	}
	return added == 1, nil
}

// addNoticeScript: KEYS notice hash, due. ARGV retention ms, now ms, key,
// then field/value pairs.
var addNoticeScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 4))
redis.call('PEXPIRE', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[2], 'NX', ARGV[2], ARGV[3])
return 1
`)

// ClaimNotices returns up to count notices that are due, leased for lease:
// no other dispatcher takes them meanwhile, and if this one dies they are
// due again after the lease. Keys whose notice expired are dropped.
func (s *Store) ClaimNotices(ctx context.Context, lease time.Duration, count int) ([]Notice, error) {
	keys, err := claimRetriesScript.Run(ctx, s.rdb, []string{s.dueKey()},
		s.now().UnixMilli(), lease.Milliseconds(), count).StringSlice()
	if err != nil {
		return nil, fmt.Errorf("store: claim notices: %w", err)
	}
	if len(keys) == 0 {
		return nil, nil
	}
	cmds := make([]*redis.MapStringStringCmd, len(keys))
	_, err = s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, k := range keys {
			cmds[i] = p.HGetAll(ctx, s.noticeKey(k))
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: claim notices: %w", err)
	}
	out := make([]Notice, 0, len(keys))
	var stale []any
	for i, c := range cmds {
		if len(c.Val()) == 0 {
			stale = append(stale, keys[i])
			continue
		}
		out = append(out, parseNotice(keys[i], c.Val()))
	}
	if len(stale) > 0 {
		if err := s.rdb.ZRem(ctx, s.dueKey(), stale...).Err(); err != nil {
			return nil, fmt.Errorf("store: drop expired notices: %w", err)
		}
	}
	return out, nil
}

// ParkNotices makes notices due at the given time (the next digest).
func (s *Store) ParkNotices(ctx context.Context, keys []string, at time.Time) error {
	_, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		for _, k := range keys {
			p.HSet(ctx, s.noticeKey(k), "parked", "1")
			p.ZAddXX(ctx, s.dueKey(), redis.Z{Score: float64(at.UnixMilli()), Member: k})
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: park %d notices: %w", len(keys), err)
	}
	return nil
}

// dueNowScript makes every notice of the outbox due now.
var dueNowScript = redis.NewScript(`
local keys = redis.call('ZRANGE', KEYS[1], 0, -1)
for _, k in ipairs(keys) do redis.call('ZADD', KEYS[1], 'XX', ARGV[1], k) end
return #keys
`)

// DueNow makes every notice in the outbox due now: parked digests and
// backoffs alike (the demo's last flush, an operator's resend).
func (s *Store) DueNow(ctx context.Context) (int, error) {
	n, err := dueNowScript.Run(ctx, s.rdb, []string{s.dueKey()}, s.now().UnixMilli()).Int()
	if err != nil {
		return 0, fmt.Errorf("store: outbox due now: %w", err)
	}
	return n, nil
}

// RetryNotices counts a failed attempt and makes the notices due again at
// the given time.
func (s *Store) RetryNotices(ctx context.Context, keys []string, at time.Time, class string) error {
	_, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		for _, k := range keys {
			h := s.noticeKey(k)
			p.HIncrBy(ctx, h, "attempts", 1)
			p.HSet(ctx, h, "last_error", class)
			p.PExpire(ctx, h, s.retention)
			p.ZAddXX(ctx, s.dueKey(), redis.Z{Score: float64(at.UnixMilli()), Member: k})
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: reschedule %d notices: %w", len(keys), err)
	}
	return nil
}

// MarkNoticesDone records that channel delivered the notices, so a retry
// after another channel failed does not send them there twice.
func (s *Store) MarkNoticesDone(ctx context.Context, keys []string, channel string) error {
	_, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for _, k := range keys {
			p.HSet(ctx, s.noticeKey(k), "done:"+channel, "1")
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: mark %d notices sent on %s: %w", len(keys), channel, err)
	}
	return nil
}

// AckNotices takes delivered notices out of the outbox and, in the same
// transaction, records notified_at on the items they told of.
func (s *Store) AckNotices(ctx context.Context, keys, notified []string, at time.Time) error {
	_, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		for _, k := range keys {
			p.Del(ctx, s.noticeKey(k))
			p.ZRem(ctx, s.dueKey(), k)
		}
		for _, id := range notified {
			setIfExistsScript.Eval(ctx, p, []string{s.itemKey(id)}, "notified_at", formatTime(at))
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: acknowledge %d notices: %w", len(keys), err)
	}
	return nil
}

// OutboxLen returns how many notices wait in the outbox.
func (s *Store) OutboxLen(ctx context.Context) (int64, error) {
	n, err := s.rdb.ZCard(ctx, s.dueKey()).Result()
	if err != nil {
		return 0, fmt.Errorf("store: outbox length: %w", err)
	}
	return n, nil
}

// followUpScript owes a reminder (or escalation) once for every comment
// queued before a time: the marker and the notice are written together.
// With accounts, only the comments of those accounts (their item's
// page_id) are owed; the others are left for another call.
//
// KEYS: queue, due. ARGV: prefix of the marker, prefix of the notice
// hash, kind, before ms, now ms, retention ms, limit, at, prefix of the
// item hash, then the accounts (none: every comment).
var followUpScript = redis.NewScript(`
local ids = redis.call('ZRANGE', KEYS[1], '-inf', ARGV[4], 'BYSCORE', 'LIMIT', 0, tonumber(ARGV[7]))
local accounts = nil
if #ARGV > 9 then
  accounts = {}
  for i = 10, #ARGV do accounts[ARGV[i]] = true end
end
local n = 0
for _, id in ipairs(ids) do
  local marker = ARGV[1] .. ':' .. id
  local mine = true
  if accounts then
    mine = redis.call('EXISTS', marker) == 0 and accounts[redis.call('HGET', ARGV[9] .. id, 'page_id') or ''] == true
  end
  if mine and redis.call('SET', marker, '1', 'NX', 'PX', ARGV[6]) then
    local key = ARGV[3] .. ':' .. id
    local h = ARGV[2] .. key
    redis.call('HSET', h, 'kind', ARGV[3], 'comment_id', id, 'at', ARGV[8])
    redis.call('PEXPIRE', h, ARGV[6])
    redis.call('ZADD', KEYS[2], 'NX', ARGV[5], key)
    n = n + 1
  end
end
return n
`)

// maxFollowUps bounds one scan of the review queue.
const maxFollowUps = 5000

// OweFollowUps owes a notice of kind (NoticeReminder or NoticeEscalation)
// for every comment that arrived in the review queue before the given
// time, once per comment; with accounts, only for the comments of those
// accounts (one commune's, with its own delays). It returns how many were
// owed now.
func (s *Store) OweFollowUps(ctx context.Context, kind NoticeKind, queuedBefore time.Time, accounts ...string) (int, error) {
	if kind != NoticeReminder && kind != NoticeEscalation {
		return 0, fmt.Errorf("store: follow-up of kind %q", kind)
	}
	now := s.now()
	args := []any{s.followUpKey(kind), s.noticeKey(""), string(kind), queuedBefore.UnixMilli(), now.UnixMilli(),
		s.retention.Milliseconds(), maxFollowUps, formatTime(now), s.itemKey("")}
	for _, a := range accounts {
		args = append(args, a)
	}
	n, err := followUpScript.Run(ctx, s.rdb, []string{s.queueKey(), s.dueKey()}, args...).Int()
	if err != nil {
		return 0, fmt.Errorf("store: owe %ss: %w", kind, err)
	}
	return n, nil
}

// alertNoticesScript turns the alerts recorded since the cursor into
// notices, one per outage: an alert whose kind (and accounts) has an open
// outage marker is passed over. An alert about accounts also owes each
// account a notice for its référent. KEYS: alerts, cursor, due. ARGV:
// outage marker prefix, notice hash prefix, initial cursor, now ms, repeat
// ms, retention ms, count, at.
var alertNoticesScript = redis.NewScript(`
local cur = redis.call('GET', KEYS[2])
if not cur then cur = ARGV[3] end
local ms, seq = string.match(cur, '^(%d+)-(%d+)$')
if not ms then ms, seq = '0', '0' end
local msgs = redis.call('XRANGE', KEYS[1], ms .. '-' .. (tonumber(seq) + 1), '+', 'COUNT', tonumber(ARGV[7]))
local n = 0
for _, m in ipairs(msgs) do
  cur = m[1]
  local f = {}
  for i = 1, #m[2], 2 do f[m[2][i]] = m[2][i + 1] end
  local kind = f['kind'] or 'unknown'
  local accounts = f['accounts'] or ''
  local outage = kind
  if accounts ~= '' then outage = kind .. ':' .. accounts end
  if redis.call('SET', ARGV[1] .. outage, cur, 'NX', 'PX', ARGV[5]) then
    local key = 'alert:' .. kind .. ':' .. cur
    local h = ARGV[2] .. key
    redis.call('HSET', h, 'kind', 'alert', 'alert_kind', kind, 'alert_code', f['code'] or '0',
      'alert_subcode', f['subcode'] or '0', 'detail', f['message'] or '', 'alert_at', f['at'] or '', 'at', ARGV[8])
    if accounts ~= '' then redis.call('HSET', h, 'accounts', accounts) end
    redis.call('PEXPIRE', h, ARGV[6])
    redis.call('ZADD', KEYS[3], 'NX', ARGV[4], key)
    n = n + 1
    for acc in string.gmatch(accounts, '[^,]+') do
      local rkey = 'alert-referent:' .. kind .. ':' .. cur .. ':' .. acc
      local rh = ARGV[2] .. rkey
      redis.call('HSET', rh, 'kind', 'alert', 'alert_kind', kind, 'alert_code', f['code'] or '0',
        'alert_subcode', f['subcode'] or '0', 'alert_at', f['at'] or '', 'at', ARGV[8],
        'accounts', acc, 'audience', 'referent')
      redis.call('PEXPIRE', rh, ARGV[6])
      redis.call('ZADD', KEYS[3], 'NX', ARGV[4], rkey)
    end
  end
end
redis.call('SET', KEYS[2], cur)
return n
`)

// OweAlerts turns the alerts recorded by the Graph client (RecordAlert)
// since the last call into notices for the IT contact, one per outage: a
// kind whose outage is open (alerted less than repeat ago and not cleared
// by ClearOutage) is not alerted again. The first call starts at alerts
// recorded after since.
func (s *Store) OweAlerts(ctx context.Context, since time.Time, repeat time.Duration) (int, error) {
	now := s.now()
	n, err := alertNoticesScript.Run(ctx, s.rdb, []string{s.alertsKey(), s.alertsCursorKey(), s.dueKey()},
		s.outageKey(""), s.noticeKey(""), strconv.FormatInt(since.UnixMilli(), 10)+"-0", now.UnixMilli(),
		repeat.Milliseconds(), s.retention.Milliseconds(), 100, formatTime(now)).Int()
	if err != nil {
		return 0, fmt.Errorf("store: owe alerts: %w", err)
	}
	return n, nil
}

// outageScript owes one alert notice unless the outage is open. KEYS:
// outage marker, notice hash, due. ARGV: repeat ms, retention ms, now ms,
// key, then field/value pairs.
var outageScript = redis.NewScript(`
if not redis.call('SET', KEYS[1], ARGV[4], 'NX', 'PX', ARGV[1]) then return 0 end
redis.call('HSET', KEYS[2], unpack(ARGV, 5))
redis.call('PEXPIRE', KEYS[2], ARGV[2])
redis.call('ZADD', KEYS[3], 'NX', ARGV[3], ARGV[4])
return 1
`)

// RaiseOutage owes an alert of the given kind unless an outage of that
// kind is already open; it reports whether an alert is owed.
func (s *Store) RaiseOutage(ctx context.Context, kind, detail string, repeat time.Duration) (bool, error) {
	now := s.now()
	n := Notice{Kind: NoticeAlert, AlertKind: kind, AlertAt: now, Detail: detail, At: now}
	n.Key = "alert:" + kind + ":" + strconv.FormatInt(now.UnixMilli(), 10)
	args := append([]any{repeat.Milliseconds(), s.retention.Milliseconds(), now.UnixMilli(), n.Key}, n.fields()...)
	raised, err := outageScript.Run(ctx, s.rdb, []string{s.outageKey(kind), s.noticeKey(n.Key), s.dueKey()}, args...).Int()
	if err != nil {
		return false, fmt.Errorf("store: raise outage %s: %w", kind, err)
	}
	return raised == 1, nil
}

// ClearOutage closes the outage of a kind: the next problem of that kind
// is alerted again.
func (s *Store) ClearOutage(ctx context.Context, kind string) (bool, error) {
	n, err := s.rdb.Del(ctx, s.outageKey(kind)).Result()
	if err != nil {
		return false, fmt.Errorf("store: clear outage %s: %w", kind, err)
	}
	return n == 1, nil
}

// WebhookWatch is what the webhook-silence watch remembers between checks.
type WebhookWatch struct {
	Month     string    // of the counters below
	Webhook   int64     // source:webhook counter of that month
	Poll      int64     // source:poll counter of that month
	WebhookAt time.Time // last time a webhook delivery was seen (or the watch started)
	PollAt    time.Time // last time the poller found a comment the webhooks missed
}

// WebhookWatch loads the watch's state; zero when never saved.
func (s *Store) WebhookWatch(ctx context.Context) (WebhookWatch, error) {
	h, err := s.rdb.HGetAll(ctx, s.webhookWatchKey()).Result()
	if err != nil {
		return WebhookWatch{}, fmt.Errorf("store: load webhook watch: %w", err)
	}
	w := WebhookWatch{Month: h["month"], WebhookAt: parseTime(h["webhook_at"]), PollAt: parseTime(h["poll_at"])}
	w.Webhook, _ = strconv.ParseInt(h["webhook"], 10, 64)
	w.Poll, _ = strconv.ParseInt(h["poll"], 10, 64)
	return w, nil
}

// SaveWebhookWatch stores the watch's state.
func (s *Store) SaveWebhookWatch(ctx context.Context, w WebhookWatch) error {
	err := s.rdb.HSet(ctx, s.webhookWatchKey(), "month", w.Month, "webhook", w.Webhook, "poll", w.Poll,
		"webhook_at", formatTime(w.WebhookAt), "poll_at", formatTime(w.PollAt)).Err()
	if err != nil {
		return fmt.Errorf("store: save webhook watch: %w", err)
	}
	return nil
}

// MailRecord is one e-mail sent, as the demo and the console show it.
type MailRecord struct {
	At      time.Time `json:"at"`
	Key     string    `json:"key"`
	Kind    string    `json:"kind"`
	To      []string  `json:"to"`
	Subject string    `json:"subject"`
	Text    string    `json:"text"`
}

// DefaultMailLogSize is how many e-mails the mail log keeps.
const DefaultMailLogSize = 200

// AppendMailLog records an e-mail sent, keeping the last max (the text
// holds comments and names: the log expires after the retention).
func (s *Store) AppendMailLog(ctx context.Context, r MailRecord, max int) error {
	if max <= 0 {
		max = DefaultMailLogSize
	}
	if r.At.IsZero() {
		r.At = s.now()
	}
	raw, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("store: encode mail record: %w", err)
	}
	_, err = s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.LPush(ctx, s.mailLogKey(), raw)
		p.LTrim(ctx, s.mailLogKey(), 0, int64(max-1))
		p.PExpire(ctx, s.mailLogKey(), s.retention)
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: append mail log: %w", err)
	}
	return nil
}

// MailLog returns up to count e-mails sent, newest first.
func (s *Store) MailLog(ctx context.Context, count int) ([]MailRecord, error) {
	raws, err := s.rdb.LRange(ctx, s.mailLogKey(), 0, int64(count-1)).Result()
	if err != nil {
		return nil, fmt.Errorf("store: read mail log: %w", err)
	}
	out := make([]MailRecord, 0, len(raws))
	for _, raw := range raws {
		var r MailRecord
		if err := json.Unmarshal([]byte(raw), &r); err != nil {
			continue // a record we did not write: skip it rather than hide the others
		}
		out = append(out, r)
	}
	return out, nil
}
