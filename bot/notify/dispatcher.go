package notify

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.uber.org/zap"

	"github.com/vigie-fr/vigie/bot/graph"
	"github.com/vigie-fr/vigie/bot/store"
	"github.com/vigie-fr/vigie/moderation"
)

// Defaults for Options.
const (
	DefaultDigestEvery    = 30 * time.Minute
	DefaultRemindAfter    = 24 * time.Hour
	DefaultEscalateAfter  = 72 * time.Hour
	DefaultLinkTTL        = 7 * 24 * time.Hour
	DefaultWebhookSilence = 6 * time.Hour
	DefaultAlertRepeat    = 24 * time.Hour
	DefaultTick           = 250 * time.Millisecond
	DefaultScanEvery      = 30 * time.Second
	DefaultLease          = 2 * time.Minute
	DefaultRetryBase      = 30 * time.Second
	DefaultRetryMax       = 30 * time.Minute
	// tokenClearAfter is how long the token must be seen valid before its
	// outage is closed: the Graph client starts out trusting the token, so
	// a restart must not reopen an outage that is still there.
	tokenClearAfter = 15 * time.Minute
	claimBatch      = 200
)

// Channel names, recorded per notice once delivered.
const (
	ChannelEmail   = "email"
	ChannelWebhook = "webhook"
)

// Options configure a Dispatcher.
type Options struct {
	Store *store.Store // required
	// Email sends e-mail (a *Mailer, wrapped in Retry); none when nil.
	Email Notifier
	// Webhook posts to the chat bridge (a *Webhook, wrapped in Retry);
	// none when nil.
	Webhook Notifier
	// Referent receives the comments, the digests and the reminders;
	// ReferentName names them in escalations.
	Referent, ReferentName string
	// Communes, when the deployment serves several, say each commune's
	// accounts, référent, second contact and delays. Comments, digests
	// and reminders go to each commune's own référent, escalations to its
	// own second contact, one message per recipient, so a commune never
	// reads another's comments; an account that stops working is told to
	// its commune's référent too.
	Communes []Commune
	// WebhookAlertsOnly sends only the technical alerts to the webhook
	// (the chat bridge): set when several communes share the deployment,
	// since one shared chat must not carry every commune's comments.
	WebhookAlertsOnly bool
	// Escalation is the second contact; no escalation when empty. With
	// Communes, each commune's own is used instead.
	Escalation string
	// IT receives the technical alerts; Referent when empty.
	IT string
	// Immediate lists the categories sent at once (menace always is);
	// menace and haineux when nil.
	Immediate []moderation.Category
	// Quiet lists the categories never notified on their own; spam when
	// nil. A comment is quiet when all its categories are.
	Quiet []moderation.Category
	// DigestEvery, RemindAfter, EscalateAfter, WebhookSilence and LinkTTL
	// take the Default values when zero.
	DigestEvery, RemindAfter, EscalateAfter, WebhookSilence, LinkTTL time.Duration
	// AlertRepeat is how long an open outage stays quiet before it is
	// alerted again.
	AlertRepeat time.Duration
	// Links makes the one-click links; when nil the messages say how to
	// review from the command line instead.
	Links LinkMaker
	// Pages names the Pages by id.
	Pages map[string]string
	// Location is the commune's time zone (Europe/Paris when nil).
	Location *time.Location
	// MailLogSize caps the log of sent e-mails (store.DefaultMailLogSize
	// when zero).
	MailLogSize int
	// TokenValid reports whether the Graph client currently trusts the
	// Page token (graph.Client.Status); the token outage is closed after
	// it has been true for a while. Never closed when nil (the marker
	// expires after AlertRepeat).
	TokenValid func() bool
	// TokenStates reports, for each Page token, the accounts it serves
	// and whether the Graph client trusts it: the outage of one token's
	// accounts is closed once that token has been valid for a while.
	TokenStates func() []TokenState
	// Tick is how often the outbox is read, Scan how often reminders,
	// alerts and the webhook watch are looked at.
	Tick, Scan time.Duration
	// Lease is how long claimed notices are kept from other dispatchers.
	Lease time.Duration
	// RetryBase and RetryMax bound the outbox backoff after a failed send.
	RetryBase, RetryMax time.Duration
	Logger              *zap.Logger
	Now                 func() time.Time
	// Rand draws the jitter, in [0, 1).
	Rand func() float64
}

// Commune is one commune of a deployment serving several, its settings
// merged with the shared ones (config.ForCommune).
type Commune struct {
	ID, Name string
	// Accounts are its Page and Instagram ids.
	Accounts []string
	// Referent and ReferentName are its référent; "" for the shared one.
	Referent, ReferentName string
	// Escalation is its second contact; "" for none.
	Escalation string
	// RemindAfter and EscalateAfter are its delays; zero for the shared
	// ones.
	RemindAfter, EscalateAfter time.Duration
}

// TokenState is what the Graph client of one Page token says of it.
type TokenState struct {
	Accounts []string
	Valid    bool
}

// Dispatcher sends what the outbox owes. Run it once per process; several
// processes may share one outbox (notices are leased when claimed).
type Dispatcher struct {
	o          Options
	st         *store.Store
	c          *composer
	log        *zap.Logger
	now        func() time.Time
	immediate  map[moderation.Category]bool
	quiet      map[moderation.Category]bool
	started    time.Time
	tokenSince time.Time // since when the token has been seen valid
	// tokensSince is, per token (its accounts' outage key), since when it
	// has been seen valid.
	tokensSince map[string]time.Time
	lastScan    time.Time
	// commune holds each account's commune, with Communes.
	commune map[string]*Commune
}

// New checks the options and returns a Dispatcher; it parses the
// templates, so a broken template fails start-up.
func New(o Options) (*Dispatcher, error) {
	if o.Store == nil {
		return nil, errors.New("notify: no store")
	}
	r, err := newRenderer()
	if err != nil {
		return nil, err
	}
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&o.DigestEvery, DefaultDigestEvery)
	def(&o.RemindAfter, DefaultRemindAfter)
	def(&o.EscalateAfter, DefaultEscalateAfter)
	def(&o.WebhookSilence, DefaultWebhookSilence)
	def(&o.LinkTTL, DefaultLinkTTL)
	def(&o.AlertRepeat, DefaultAlertRepeat)
	def(&o.Tick, DefaultTick)
	def(&o.Scan, DefaultScanEvery)
	def(&o.Lease, DefaultLease)
	def(&o.RetryBase, DefaultRetryBase)
	def(&o.RetryMax, DefaultRetryMax)
	if o.Immediate == nil {
		o.Immediate = []moderation.Category{moderation.Menace, moderation.Haineux}
	}
	if o.Quiet == nil {
		o.Quiet = []moderation.Category{moderation.Spam}
	}
	if o.IT == "" {
		o.IT = o.Referent
	}
	if o.Location == nil {
		loc, err := time.LoadLocation("Europe/Paris")
		if err != nil {
			return nil, fmt.Errorf("notify: %w", err)
		}
		o.Location = loc
	}
	if o.Logger == nil {
		o.Logger = zap.NewNop()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Rand == nil {
		o.Rand = rand.Float64
	}
	d := &Dispatcher{
		o: o, st: o.Store, log: o.Logger.With(zap.String("component", "notify")), now: o.Now,
		c:         &composer{r: r, pages: o.Pages, loc: o.Location, links: o.Links, linkTTL: o.LinkTTL, referent: o.ReferentName},
		immediate: map[moderation.Category]bool{moderation.Menace: true},
		quiet:     map[moderation.Category]bool{},
	}
	for _, c := range o.Immediate {
		d.immediate[c] = true
	}
	d.tokensSince = map[string]time.Time{}
	d.commune = map[string]*Commune{}
	for i := range d.o.Communes {
		m := &d.o.Communes[i]
		if m.RemindAfter <= 0 {
			m.RemindAfter = o.RemindAfter
		}
		if m.EscalateAfter <= 0 {
			m.EscalateAfter = o.EscalateAfter
		}
		for _, acc := range m.Accounts {
			d.commune[acc] = m
		}
	}
	for _, c := range o.Quiet {
		if c != moderation.Menace {
			d.quiet[c] = true
		}
	}
	return d, nil
}

// Run sends until ctx is cancelled, then returns nil. Redis or channel
// failures are logged and retried; they never stop it.
func (d *Dispatcher) Run(ctx context.Context) error {
	d.started = d.now()
	d.log.Info("notifications started", zap.Bool("email", d.o.Email != nil), zap.Bool("webhook", d.o.Webhook != nil),
		zap.Bool("links", d.o.Links != nil), zap.Duration("digest_every", d.o.DigestEvery))
	t := time.NewTicker(d.o.Tick)
	defer t.Stop()
	for {
		if now := d.now(); d.lastScan.IsZero() || now.Sub(d.lastScan) >= d.o.Scan {
			d.lastScan = now
			if err := d.Scan(ctx); err != nil && ctx.Err() == nil {
				d.log.Warn("notification scan failed", zap.Error(err))
			}
		}
		if _, err := d.Step(ctx); err != nil && ctx.Err() == nil {
			d.log.Warn("sending notifications failed", zap.Error(err))
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// Scan owes the reminders, escalations and alerts that are due, and
// watches the webhooks. Run calls it every Options.Scan.
func (d *Dispatcher) Scan(ctx context.Context) error {
	now := d.now()
	if d.started.IsZero() {
		d.started = now
	}
	var errs []error
	errs = append(errs, d.oweFollowUps(ctx, now))
	// Alerts recorded since a little before this process started: those
	// of a previous run were owed by it.
	n, err := d.st.OweAlerts(ctx, d.started.Add(-time.Hour), d.o.AlertRepeat)
	errs = append(errs, err)
	if n > 0 {
		d.log.Info("alerts owed", zap.Int("count", n))
	}
	errs = append(errs, d.watchToken(ctx, now), d.watchWebhooks(ctx, now))
	return errors.Join(errs...)
}

// oweFollowUps owes the reminders and escalations that are due: for the
// whole queue with the shared delays, or commune by commune with each
// commune's delays and second contact.
func (d *Dispatcher) oweFollowUps(ctx context.Context, now time.Time) error {
	var errs []error
	owe := func(kind store.NoticeKind, after time.Duration, commune string, accounts []string) {
		n, err := d.st.OweFollowUps(ctx, kind, now.Add(-after), accounts...)
		errs = append(errs, err)
		if n > 0 {
			d.log.Info(string(kind)+"s owed", zap.Int("count", n), zap.String("commune", commune))
		}
	}
	if len(d.o.Communes) == 0 {
		owe(store.NoticeReminder, d.o.RemindAfter, "", nil)
		if d.o.Escalation != "" {
			owe(store.NoticeEscalation, d.o.EscalateAfter, "", nil)
		}
		return errors.Join(errs...)
	}
	for _, m := range d.o.Communes {
		if len(m.Accounts) == 0 {
			continue
		}
		owe(store.NoticeReminder, m.RemindAfter, m.ID, m.Accounts)
		if m.Escalation != "" {
			owe(store.NoticeEscalation, m.EscalateAfter, m.ID, m.Accounts)
		}
	}
	return errors.Join(errs...)
}

// watchToken closes the token outage once the token has been valid for a
// while, so the next expiry is alerted again: each token's own outage
// with TokenStates, the deployment's with TokenValid.
func (d *Dispatcher) watchToken(ctx context.Context, now time.Time) error {
	var errs []error
	if d.o.TokenStates != nil {
		for _, ts := range d.o.TokenStates() {
			key := graph.AlertTokenInvalid + ":" + accountsKey(ts.Accounts)
			if len(ts.Accounts) == 0 {
				continue
			}
			if !ts.Valid {
				delete(d.tokensSince, key)
				continue
			}
			since, ok := d.tokensSince[key]
			if !ok {
				d.tokensSince[key] = now
				continue
			}
			if now.Sub(since) >= tokenClearAfter {
				_, err := d.st.ClearOutage(ctx, key)
				errs = append(errs, err)
			}
		}
	}
	errs = append(errs, d.watchSharedToken(ctx, now))
	return errors.Join(errs...)
}

// accountsKey is how an alert names its accounts in the outage marker
// (store.RecordAccountAlert): sorted, comma-separated.
func accountsKey(accounts []string) string {
	s := slices.Clone(accounts)
	slices.Sort(s)
	return strings.Join(slices.Compact(s), ",")
}

func (d *Dispatcher) watchSharedToken(ctx context.Context, now time.Time) error {
	if d.o.TokenValid == nil {
		return nil
	}
	if !d.o.TokenValid() {
		d.tokenSince = time.Time{}
		return nil
	}
	if d.tokenSince.IsZero() {
		d.tokenSince = now
	}
	if now.Sub(d.tokenSince) < tokenClearAfter {
		return nil
	}
	_, err := d.st.ClearOutage(ctx, "token_invalid")
	return err
}

// watchWebhooks raises an alert when no webhook delivery was counted for
// WebhookSilence while the poller found comments the webhooks missed. It
// reads the monthly counters source:webhook and source:poll, and keeps
// when each last moved in Redis.
func (d *Dispatcher) watchWebhooks(ctx context.Context, now time.Time) error {
	stats, err := d.st.Stats(ctx, now)
	if err != nil {
		return err
	}
	w, err := d.st.WebhookWatch(ctx)
	if err != nil {
		return err
	}
	month := d.st.Month(now)
	if w.Month != month { // the counters started again at zero
		w.Month, w.Webhook, w.Poll = month, 0, 0
	}
	if w.WebhookAt.IsZero() {
		w.WebhookAt = now // watching starts now
	}
	if c := stats["source:webhook"]; c > w.Webhook {
		w.Webhook, w.WebhookAt = c, now
		if cleared, err := d.st.ClearOutage(ctx, AlertWebhookSilence); err != nil {
			return err
		} else if cleared {
			d.log.Info("webhooks delivered again")
		}
	}
	if c := stats["source:poll"]; c > w.Poll {
		w.Poll, w.PollAt = c, now
	}
	if err := d.st.SaveWebhookWatch(ctx, w); err != nil {
		return err
	}
	if now.Sub(w.WebhookAt) < d.o.WebhookSilence || !w.PollAt.After(w.WebhookAt) {
		return nil
	}
	detail := fmt.Sprintf("Aucun webhook reçu depuis le %s, alors que le relevé a trouvé de nouveaux commentaires (dernier le %s).",
		frenchTime(w.WebhookAt, d.o.Location), frenchTime(w.PollAt, d.o.Location))
	raised, err := d.st.RaiseOutage(ctx, AlertWebhookSilence, detail, d.o.AlertRepeat)
	if raised {
		d.log.Warn("webhooks silent", zap.Duration("silence", now.Sub(w.WebhookAt)))
	}
	return err
}

// Flush sends everything the outbox holds now, the digest included,
// without waiting for its time: the demo's last word, once Run has
// returned.
func (d *Dispatcher) Flush(ctx context.Context) (int, error) {
	if _, err := d.st.DueNow(ctx); err != nil {
		return 0, err
	}
	total := 0
	for range 10 {
		n, err := d.step(ctx, true)
		total += n
		if err != nil || n == 0 {
			return total, err
		}
	}
	return total, nil
}

// nextDigest is the end of the current digest period, on the wall clock
// (every 30 minutes: at :00 and :30), so a restart keeps the rhythm.
func (d *Dispatcher) nextDigest(now time.Time) time.Time {
	return now.Truncate(d.o.DigestEvery).Add(d.o.DigestEvery)
}

// batch is one message to send and the notices it delivers.
type batch struct {
	keys     []string
	notified []string // comment ids whose notified_at the message records
	msg      Message
	channels []string // channels that must deliver it
}

// Step claims the notices that are due and sends them. It returns how many
// messages were delivered.
func (d *Dispatcher) Step(ctx context.Context) (int, error) { return d.step(ctx, false) }

// step is Step; flush sends the digest now instead of parking it.
func (d *Dispatcher) step(ctx context.Context, flush bool) (int, error) {
	now := d.now()
	notices, err := d.st.ClaimNotices(ctx, d.o.Lease, claimBatch)
	if err != nil || len(notices) == 0 {
		return 0, err
	}
	var (
		batches           []batch
		drop, park        []string
		digest            []store.Notice
		digestViews       []ItemView
		reminders, escals []store.Notice
		reminderViews     []ItemView
		escalViews        []ItemView
		observeDigest     bool
		errs              []error
		// digestTo holds each digest notice's commune and référent
		// (followUpGroup): one message per commune and référent. reminderTo and escalTo hold each follow-up's group
		// (followUpGroup): one message per recipient and delay.
		digestTo, reminderTo, escalTo []string
		// refAlerts are the alerts owed to the référents of accounts that
		// stopped working, grouped by référent and outage.
		refAlerts  []store.Notice
		refAlertTo []string
	)
	for _, n := range notices {
		switch n.Kind {
		case store.NoticeItem:
			it, ok, err := d.st.Item(ctx, n.CommentID)
			if err != nil {
				errs = append(errs, err)
				continue // due again after the lease
			}
			// Nothing to tell: expired, quiet, gone, or already decided.
			if !ok || d.isQuiet(n) || it.State == store.StateDeleted || it.ReviewedAt.After(n.At) {
				drop = append(drop, n.Key)
				continue
			}
			v := d.c.itemView(it, n.Event, n.Mode, now)
			observe := n.Mode == "observe" || n.Event == store.EventWouldHide
			switch {
			case d.isImmediate(n, it):
				m, err := d.c.itemMessage("item:"+n.Key, v, observe, d.to(d.referentOf(it.PageID)), now)
				if err != nil {
					errs = append(errs, err)
					continue
				}
				batches = append(batches, batch{keys: []string{n.Key}, notified: []string{n.CommentID}, msg: m})
			case !n.Parked && !flush:
				park = append(park, n.Key)
			default:
				digest, digestViews = append(digest, n), append(digestViews, v)
				digestTo = append(digestTo, d.followUpGroup(it.PageID, d.referentOf(it.PageID), 0))
				observeDigest = observeDigest || observe
			}
		case store.NoticeReminder, store.NoticeEscalation:
			it, ok, err := d.st.Item(ctx, n.CommentID)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			waiting := false
			if ok {
				if waiting, err = d.st.InQueue(ctx, n.CommentID); err != nil {
					errs = append(errs, err)
					continue
				}
			}
			if !waiting || (n.Kind == store.NoticeEscalation && d.escalationOf(it.PageID) == "") {
				drop = append(drop, n.Key)
				continue
			}
			v := d.c.itemView(it, eventOfState(it.State), "", now)
			v.Waiting = frenchDuration(now.Sub(it.FirstReceivedAt).Truncate(time.Hour))
			if n.Kind == store.NoticeReminder {
				reminders, reminderViews = append(reminders, n), append(reminderViews, v)
				reminderTo = append(reminderTo, d.followUpGroup(it.PageID, d.referentOf(it.PageID), d.remindAfter(it.PageID)))
			} else {
				escals, escalViews = append(escals, n), append(escalViews, v)
				escalTo = append(escalTo, d.followUpGroup(it.PageID, d.escalationOf(it.PageID), d.escalateAfter(it.PageID)))
			}
		case store.NoticeAlert:
			if n.Audience == store.AudienceReferent {
				to := ""
				if len(n.Accounts) == 1 {
					to = d.referentOf(n.Accounts[0])
				}
				switch {
				case !referentAlert[n.AlertKind], to == "", strings.EqualFold(to, d.o.IT):
					// Throttling passes by itself; and the IT contact's
					// alert tells them already.
					drop = append(drop, n.Key)
					continue
				}
				refAlerts = append(refAlerts, n)
				refAlertTo = append(refAlertTo, to+"\x00"+n.AlertKind+"\x00"+n.AlertAt.String())
				continue
			}
			m, err := d.c.alertMessage(n, d.to(d.o.IT), now)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			batches = append(batches, batch{keys: []string{n.Key}, msg: m})
		default:
			drop = append(drop, n.Key)
		}
	}
	for _, g := range groupBy(digestTo) {
		keys, ids := noticeKeys(pick(digest, g.idx))
		account, to, _ := d.splitFollowUpGroup(g.to)
		m, err := d.c.digestMessage(keys, pick(digestViews, g.idx), observeDigest, d.to(to), d.communeName(account), now)
		if err != nil {
			errs = append(errs, err)
		} else {
			batches = append(batches, batch{keys: keys, notified: ids, msg: m})
		}
	}
	type followUp struct {
		kind    Kind
		notices []store.Notice
		views   []ItemView
		group   string
	}
	var followUps []followUp
	for _, g := range groupBy(reminderTo) {
		followUps = append(followUps, followUp{KindReminder, pick(reminders, g.idx), pick(reminderViews, g.idx), g.to})
	}
	for _, g := range groupBy(escalTo) {
		followUps = append(followUps, followUp{KindEscalation, pick(escals, g.idx), pick(escalViews, g.idx), g.to})
	}
	for _, g := range followUps {
		if len(g.notices) == 0 {
			continue
		}
		keys, _ := noticeKeys(g.notices)
		account, to, after := d.splitFollowUpGroup(g.group)
		m, err := d.c.followUpMessage(g.kind, keys, g.views, after, d.to(to), d.referentNameOf(account), d.communeName(account), now)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		batches = append(batches, batch{keys: keys, msg: m})
	}
	for _, g := range groupBy(refAlertTo) {
		ns := pick(refAlerts, g.idx)
		keys, _ := noticeKeys(ns)
		to, _, _ := strings.Cut(g.to, "\x00")
		m, err := d.c.referentAlertMessage(keys, ns[0], d.accountNames(ns), d.o.IT, d.to(to), now)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		batches = append(batches, batch{keys: keys, msg: m})
	}
	if len(drop) > 0 {
		errs = append(errs, d.st.AckNotices(ctx, drop, nil, now))
		d.log.Debug("notices dropped (quiet, decided or expired)", zap.Int("count", len(drop)))
	}
	if len(park) > 0 {
		errs = append(errs, d.st.ParkNotices(ctx, park, d.nextDigest(now)))
	}
	sent := 0
	for _, b := range batches {
		ok, err := d.send(ctx, b, notices)
		if ok {
			sent++
		}
		errs = append(errs, err)
	}
	return sent, errors.Join(errs...)
}

func noticeKeys(ns []store.Notice) (keys, ids []string) {
	for _, n := range ns {
		keys = append(keys, n.Key)
		if n.CommentID != "" {
			ids = append(ids, n.CommentID)
		}
	}
	return keys, ids
}

// referentAlert lists the alert kinds that mean an account stopped being
// moderated, told to its référent too.
var referentAlert = map[string]bool{graph.AlertTokenInvalid: true, graph.AlertPermission: true, graph.AlertPolicy: true}

// referentOf is the référent of an account's commune.
func (d *Dispatcher) referentOf(account string) string {
	if m := d.commune[account]; m != nil && m.Referent != "" {
		return m.Referent
	}
	return d.o.Referent
}

// referentNameOf names the référent of an account's commune.
func (d *Dispatcher) referentNameOf(account string) string {
	if m := d.commune[account]; m != nil && m.Referent != "" {
		return m.ReferentName
	}
	return d.o.ReferentName
}

// communeName names an account's commune, "" without communes.
func (d *Dispatcher) communeName(account string) string {
	if m := d.commune[account]; m != nil {
		return cmp.Or(m.Name, m.ID)
	}
	return ""
}

// escalationOf is the second contact of an account's commune: with
// communes, the commune's own (an account in no commune has none), else
// Options.Escalation.
func (d *Dispatcher) escalationOf(account string) string {
	if len(d.o.Communes) == 0 {
		return d.o.Escalation
	}
	if m := d.commune[account]; m != nil {
		return m.Escalation
	}
	return ""
}

func (d *Dispatcher) remindAfter(account string) time.Duration {
	if m := d.commune[account]; m != nil {
		return m.RemindAfter
	}
	return d.o.RemindAfter
}

func (d *Dispatcher) escalateAfter(account string) time.Duration {
	if m := d.commune[account]; m != nil {
		return m.EscalateAfter
	}
	return d.o.EscalateAfter
}

// followUpGroup is the grouping key of a reminder or escalation: its
// commune (by one of its accounts), recipient and delay. Two communes
// never share a follow-up message, even with one second contact.
func (d *Dispatcher) followUpGroup(account, to string, after time.Duration) string {
	key := ""
	if m := d.commune[account]; m != nil {
		key = m.ID
	}
	return key + "\x00" + to + "\x00" + strconv.FormatInt(int64(after), 10)
}

// splitFollowUpGroup reads a followUpGroup key back: an account of the
// commune (for its names; "" without communes), the recipient, the delay.
func (d *Dispatcher) splitFollowUpGroup(g string) (account, to string, after time.Duration) {
	parts := strings.SplitN(g, "\x00", 3)
	n, _ := strconv.ParseInt(parts[2], 10, 64)
	for _, m := range d.o.Communes {
		if m.ID == parts[0] && len(m.Accounts) > 0 {
			account = m.Accounts[0]
		}
	}
	return account, parts[1], time.Duration(n)
}

// accountNames names the accounts of référent alert notices.
func (d *Dispatcher) accountNames(ns []store.Notice) []string {
	var out []string
	for _, n := range ns {
		for _, acc := range n.Accounts {
			name := d.o.Pages[acc]
			if name == "" {
				name = acc
			}
			if !slices.Contains(out, name) {
				out = append(out, name)
			}
		}
	}
	return out
}

type recipientGroup struct {
	to  string
	idx []int
}

// groupBy groups indexes by recipient, in order of first appearance.
func groupBy(to []string) []recipientGroup {
	var out []recipientGroup
	at := map[string]int{}
	for i, r := range to {
		j, ok := at[r]
		if !ok {
			j = len(out)
			at[r] = j
			out = append(out, recipientGroup{to: r})
		}
		out[j].idx = append(out[j].idx, i)
	}
	return out
}

func pick[T any](s []T, idx []int) []T {
	out := make([]T, len(idx))
	for i, j := range idx {
		out[i] = s[j]
	}
	return out
}

func (d *Dispatcher) to(addr string) []string {
	if addr == "" {
		return nil
	}
	return []string{addr}
}

// isImmediate reports whether a comment is told of at once: a threat, a
// verdict marked urgent, or a category configured as immediate.
func (d *Dispatcher) isImmediate(n store.Notice, it store.Item) bool {
	if n.Urgent || (it.Verdict != nil && it.Verdict.Urgent) {
		return true
	}
	for _, c := range n.Categories {
		if d.immediate[moderation.Category(c)] {
			return true
		}
	}
	return false
}

// isQuiet reports whether all the categories of a hidden comment are
// quiet (spam): hidden, counted, not notified. A comment waiting for the
// référent is never quiet.
func (d *Dispatcher) isQuiet(n store.Notice) bool {
	if len(n.Categories) == 0 || (n.Event != store.EventHidden && n.Event != store.EventWouldHide) {
		return false
	}
	for _, c := range n.Categories {
		if !d.quiet[moderation.Category(c)] {
			return false
		}
	}
	return true
}

// send delivers b on every channel that has not delivered it yet. On
// failure the notices stay in the outbox and are due again after a
// backoff; a channel that succeeded is recorded so it is not repeated.
func (d *Dispatcher) send(ctx context.Context, b batch, claimed []store.Notice) (bool, error) {
	start := d.now()
	done := map[string]bool{}
	attempts := 0
	for _, n := range claimed {
		if slices.Contains(b.keys, n.Key) {
			attempts = max(attempts, n.Attempts)
			for ch := range n.Done {
				done[ch] = true // a channel counts as done only if it delivered every notice
			}
		}
	}
	for _, n := range claimed {
		if slices.Contains(b.keys, n.Key) {
			for ch := range done {
				if !n.Done[ch] {
					delete(done, ch)
				}
			}
		}
	}
	type channel struct {
		name string
		n    Notifier
	}
	var chans []channel
	if d.o.Email != nil && len(b.msg.To) > 0 {
		chans = append(chans, channel{ChannelEmail, d.o.Email})
	}
	if d.o.Webhook != nil && b.msg.Kind != KindReferentAlert && (!d.o.WebhookAlertsOnly || b.msg.Kind == KindAlert) {
		chans = append(chans, channel{ChannelWebhook, d.o.Webhook})
	}
	log := d.log.With(zap.String("message", b.msg.Key), zap.String("kind", string(b.msg.Kind)), zap.Int("notices", len(b.keys)))
	mailed := false
	for i, ch := range chans {
		if done[ch.name] {
			continue
		}
		err := ch.n.Notify(ctx, b.msg)
		if err != nil {
			delay := backoff(d.o.RetryBase, d.o.RetryMax, attempts+1, d.o.Rand)
			class := "retryable"
			if IsPermanent(err) {
				// Kept anyway: a permanent error is often a setting the IT
				// contact fixes (password, address); retry slowly.
				delay, class = d.o.RetryMax, "permanent"
			}
			log.Warn("notification failed; kept in the outbox", zap.String("channel", ch.name), zap.String("class", class),
				zap.Int("attempts", attempts+1), zap.Duration("retry_in", delay), zap.Error(err))
			if rerr := d.st.RetryNotices(ctx, b.keys, d.now().Add(delay), class); rerr != nil {
				return false, rerr
			}
			return false, nil
		}
		if ch.name == ChannelEmail {
			mailed = true
		}
		if i < len(chans)-1 {
			if err := d.st.MarkNoticesDone(ctx, b.keys, ch.name); err != nil {
				return false, err
			}
		}
	}
	now := d.now()
	if err := d.st.AckNotices(ctx, b.keys, b.notified, now); err != nil {
		// Delivered but still in the outbox: it will be sent again after
		// the lease, with the same key (Message-ID) for the receiver.
		return true, err
	}
	if mailed {
		rec := store.MailRecord{At: now, Key: b.msg.Key, Kind: string(b.msg.Kind), To: b.msg.To, Subject: b.msg.Subject, Text: b.msg.Text}
		if err := d.st.AppendMailLog(ctx, rec, d.o.MailLogSize); err != nil {
			log.Warn("mail log", zap.Error(err))
		}
	}
	if len(chans) == 0 {
		log.Debug("notification with no channel to carry it: dropped")
		return false, nil
	}
	log.Info("notification sent", zap.Int("channels", len(chans)), zap.Bool("urgent", b.msg.Urgent), zap.Duration("took", now.Sub(start)))
	return true, nil
}
