// Package app wires Vigie's daemon from its configuration: the Redis store,
// the Graph API client, the webhook endpoint, the workers, the poller and
// the operations endpoints (/healthz, /readyz, /metrics). It owns every
// component's lifetime: started in order, stopped in reverse, bounded.
package app

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
	"go.uber.org/zap"

	"github.com/vigie-fr/vigie/bot/graph"
	"github.com/vigie-fr/vigie/bot/ingest"
	"github.com/vigie-fr/vigie/bot/metrics"
	"github.com/vigie-fr/vigie/bot/notify"
	"github.com/vigie-fr/vigie/bot/poller"
	"github.com/vigie-fr/vigie/bot/store"
	"github.com/vigie-fr/vigie/bot/worker"
	"github.com/vigie-fr/vigie/config"
)

// ShutdownTimeout bounds the whole shutdown.
const ShutdownTimeout = 10 * time.Second

// Options are what the caller provides besides the configuration.
type Options struct {
	Config *config.Config
	Logger *zap.Logger
	// Redis is the client to use; when nil one is built from redis.url.
	// `vigie run` never passes one: only the demo does (embedded Redis).
	Redis redis.UniversalClient
	// Listener is where the public HTTP server listens (webhooks); when
	// nil, config listen.
	Listener net.Listener
	// AdminListener is where the private HTTP server listens (/metrics,
	// detailed /readyz); when nil, config admin_listen.
	AdminListener net.Listener
	// ConsoleListener is where the référent's console listens, when it is
	// enabled; when nil, config console.listen.
	ConsoleListener net.Listener
	// HTTPClient is used for Graph API calls; nil means the client's
	// default (20 s timeout from graph.timeout).
	HTTPClient *http.Client
	// Consumer names this instance's worker in the consumer group; keep it
	// stable across restarts (hostname by default).
	Consumer string
	// ClaimIdle overrides worker.claim_idle (tests).
	ClaimIdle time.Duration
	Now       func() time.Time
	// Ready is called once the daemon serves and its loops run (systemd's
	// READY=1); nil does nothing.
	Ready func()
	// Sleep waits d or until ctx ends (Graph API backoff, throttling waits);
	// a timer when nil. Tests inject one that moves a fake clock.
	Sleep func(ctx context.Context, d time.Duration) error
	// Mailer replaces the SMTP mailer (the demo's capture); nil sends
	// through smtp.host.
	Mailer notify.Notifier
	// NotifyScan overrides how often reminders, escalations and alerts
	// are looked for (tests); notify.DefaultScanEvery when zero.
	NotifyScan time.Duration
}

// App is the daemon.
type App struct {
	cfg      *config.Config
	log      *zap.Logger
	rdb      redis.UniversalClient
	ownRedis bool
	store    *store.Store
	graph    *graph.Client // the default account's client
	// clients holds one Graph client per Page token; router sends each
	// call to its account's client.
	clients  []*tokenClient
	router   *graph.Router
	ingest   *ingest.Handler
	worker   *worker.Worker
	poller   *poller.Poller
	metrics  *metrics.Registry
	listener net.Listener
	server   *http.Server
	// The private surface, apart from the one that faces the internet.
	adminListener net.Listener
	adminServer   *http.Server
	ui            consoleUI          // the review service and the web console (console.go)
	notifier      *notify.Dispatcher // nil when notifications are off (notify.go)
	ready         func()
	// mailerOverride is set when the e-mails are captured (the demo): no
	// monthly report then (report.go).
	mailerOverride bool
	notifyScan     time.Duration
	now            func() time.Time
}

// New builds the daemon; it contacts nothing yet.
func New(o Options) (*App, error) {
	cfg := o.Config
	if cfg == nil {
		return nil, errors.New("app: no configuration")
	}
	a := &App{cfg: cfg, log: o.Logger, rdb: o.Redis, now: o.Now, metrics: metrics.NewRegistry(), listener: o.Listener, adminListener: o.AdminListener, ready: o.Ready, mailerOverride: o.Mailer != nil}
	if a.log == nil {
		a.log = zap.NewNop()
	}
	if a.now == nil {
		a.now = time.Now
	}
	if a.rdb == nil {
		opt, err := redis.ParseURL(cfg.Redis.URL)
		if err != nil {
			return nil, fmt.Errorf("app: redis.url: %w", err)
		}
		if cfg.Redis.Password.IsSet() {
			opt.Password = cfg.Redis.Password.Reveal()
		}
		a.rdb = redis.NewClient(opt)
		a.ownRedis = true
	}

	var err error
	a.store, err = store.New(store.Options{
		Client:            a.rdb,
		Prefix:            cfg.Redis.Prefix,
		DedupTTL:          cfg.Retention.Dedup.D(),
		Retention:         cfg.Retention.Items.D(),
		AuditRetention:    cfg.Retention.Audit.D(),
		EvidenceRetention: cfg.Retention.Evidence.D(),
		Location:          cfg.Location(),
		Now:               a.now,
	})
	if err != nil {
		return nil, fmt.Errorf("app: %w", err)
	}

	httpClient := o.HTTPClient
	if httpClient == nil {
		httpClient = &http.Client{Timeout: cfg.Graph.Timeout.D()}
	}
	if err := a.newGraphClients(httpClient, o.Sleep); err != nil {
		return nil, err
	}

	classifier, err := cfg.NewClassifier()
	if err != nil {
		return nil, fmt.Errorf("app: %w", err)
	}
	pageIDs := make([]string, len(cfg.Pages))
	for i, p := range cfg.Pages {
		pageIDs[i] = p.ID
	}
	// Instagram accounts are reached with their linked Page's token.
	igIDs := make([]string, len(cfg.Instagram))
	for i, ig := range cfg.Instagram {
		igIDs[i] = ig.ID
	}

	a.ingest, err = ingest.New(ingest.Options{
		AppSecret:   cfg.Graph.AppSecret.Reveal(),
		VerifyToken: cfg.Webhook.VerifyToken.Reveal(),
		PageIDs:     append(append([]string(nil), pageIDs...), igIDs...),
		Store:       a.store,
		Logger:      a.log,
		Metrics:     a.metrics,
		Now:         a.now,
	})
	if err != nil {
		return nil, fmt.Errorf("app: %w", err)
	}

	judges, err := communeJudges(cfg)
	if err != nil {
		return nil, err
	}
	claimIdle := cfg.Worker.ClaimIdle.D()
	if o.ClaimIdle > 0 {
		claimIdle = o.ClaimIdle
	}
	a.worker, err = worker.New(worker.Options{
		Store:          a.store,
		Classifier:     classifier,
		Actor:          a.router,
		Mode:           worker.Mode(cfg.Mode),
		ElectionPeriod: cfg.InElectionPeriod,
		ByAccount:      judges,
		Consumer:       o.Consumer,
		Concurrency:    cfg.Worker.Concurrency,
		ClaimIdle:      claimIdle,
		Logger:         a.log,
		Metrics:        a.metrics,
		Now:            a.now,
	})
	if err != nil {
		return nil, fmt.Errorf("app: %w", err)
	}

	a.poller, err = poller.New(poller.Options{
		Source:       a.router,
		Store:        a.store,
		PageIDs:      pageIDs,
		InstagramIDs: igIDs,
		Backfill:     cfg.Poll.Backfill.D(),
		Schedule:     cfg.Poll.Schedule,
		Location:     cfg.Location(),
		Logger:       a.log,
		Metrics:      a.metrics,
		Now:          a.now,
	})
	if err != nil {
		return nil, fmt.Errorf("app: %w", err)
	}

	if err := a.newConsole(o.ConsoleListener); err != nil {
		return nil, err
	}
	a.notifyScan = o.NotifyScan
	if err := a.newNotify(o.Mailer); err != nil {
		return nil, err
	}
	a.server = newHTTPServer(a.Handler())
	a.adminServer = newHTTPServer(a.AdminHandler())
	return a, nil
}

func newHTTPServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
}

// Handler is the public HTTP surface: the webhook endpoint, /healthz and
// a /readyz that says ready or not without Meta's error text.
func (a *App) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/webhooks/meta", a.ingest)
	mux.HandleFunc("GET /healthz", healthz)
	mux.Handle("GET /readyz", readyz(a.checks(), false))
	return mux
}

// AdminHandler is the private HTTP surface (admin_listen, loopback by
// default): /metrics and /readyz with each check's reason.
func (a *App) AdminHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", healthz)
	mux.Handle("GET /readyz", readyz(a.checks(), true))
	mux.Handle("GET /metrics", a.metrics)
	return mux
}

// checks are the readiness conditions: Redis answers, the Page token is
// valid, the Graph API is not throttled for long.
func (a *App) checks() []Check {
	return []Check{
		{Name: "redis", Fn: a.store.Ping},
		{Name: "graph_token", Fn: func(context.Context) error {
			for _, tc := range a.clients {
				if st := tc.client.Status(); !st.TokenValid {
					return fmt.Errorf("jeton de Page refusé par Meta%s : %s", tc.label(), st.TokenError)
				}
			}
			return nil
		}},
		{Name: "graph_throttling", Fn: func(context.Context) error {
			for _, tc := range a.clients {
				if until := tc.client.Status().ThrottledUntil; until.Sub(a.now()) > 15*time.Minute {
					return fmt.Errorf("API Graph bridée%s jusqu'à %s", tc.label(), until.In(a.cfg.Location()).Format("15:04"))
				}
			}
			return nil
		}},
	}
}

// Metrics exposes the registry (the demo prints from it).
func (a *App) Metrics() *metrics.Registry { return a.metrics }

// Store exposes the store (the demo and tests read decisions from it).
func (a *App) Store() *store.Store { return a.store }

// Graph exposes the Graph API client.
func (a *App) Graph() *graph.Client { return a.graph }

// PollOnce runs one reconciliation poll now, as the schedule would.
func (a *App) PollOnce(ctx context.Context) error { return a.poller.PollOnce(ctx) }

// Addr is the address the public HTTP server listens on, once Run has
// started.
func (a *App) Addr() string {
	if a.listener == nil {
		return a.cfg.Listen
	}
	return a.listener.Addr().String()
}

// AdminAddr is the address of the private HTTP server, once Run has
// started.
func (a *App) AdminAddr() string {
	if a.adminListener == nil {
		return a.cfg.AdminListen
	}
	return a.adminListener.Addr().String()
}

// Alive reports whether the daemon still serves: its public listener
// answers /healthz. The systemd watchdog pings only while it does.
func (a *App) Alive(ctx context.Context) error {
	if a.listener == nil {
		return errors.New("app: not started")
	}
	addr := a.listener.Addr().(*net.TCPAddr)
	host := addr.IP.String()
	if addr.IP.IsUnspecified() {
		host = "127.0.0.1"
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+net.JoinHostPort(host, fmt.Sprint(addr.Port))+"/healthz", nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("app: healthz: %w", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("app: healthz: %s", resp.Status)
	}
	return nil
}

// Run starts everything and blocks until ctx is cancelled or a component
// fails; it then stops the components in reverse order within
// ShutdownTimeout. It returns nil on a clean shutdown.
func (a *App) Run(ctx context.Context) error {
	if a.ownRedis {
		defer a.rdb.Close()
	}
	if a.listener == nil {
		l, err := net.Listen("tcp", a.cfg.Listen)
		if err != nil {
			return fmt.Errorf("app: listen on %s: %w", a.cfg.Listen, err)
		}
		a.listener = l
	}
	if a.adminListener == nil {
		l, err := net.Listen("tcp", a.cfg.AdminListen)
		if err != nil {
			a.listener.Close()
			return fmt.Errorf("app: listen on %s (admin_listen): %w", a.cfg.AdminListen, err)
		}
		a.adminListener = l
	}
	a.log.Info("vigie started", zap.String("addr", a.listener.Addr().String()), zap.String("admin_addr", a.adminListener.Addr().String()), zap.String("mode", a.cfg.Mode), zap.Int("pages", len(a.cfg.Pages)))

	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	errc := make(chan error, 4)
	var wg sync.WaitGroup
	start := func(name string, run func(context.Context) error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := run(runCtx); err != nil {
				errc <- fmt.Errorf("%s: %w", name, err)
				cancel()
			}
		}()
	}
	// HTTP first: /healthz answers and /readyz explains while Redis is
	// still coming up (webhooks get 503 until then, and Meta retries).
	for _, srv := range []struct {
		s *http.Server
		l net.Listener
	}{{a.server, a.listener}, {a.adminServer, a.adminListener}} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := srv.s.Serve(srv.l); err != nil && !errors.Is(err, http.ErrServerClosed) {
				errc <- fmt.Errorf("http %s: %w", srv.l.Addr(), err)
				cancel()
			}
		}()
	}
	// The consumer group starts at the beginning of the inbox, so nothing
	// enqueued before it exists is skipped.
	a.prepareRedis(runCtx)
	if runCtx.Err() == nil {
		start("worker", a.worker.Run)
		start("poller", a.poller.Run)
		for _, tc := range a.clients {
			start("token watch", func(ctx context.Context) error { return a.watchToken(ctx, tc) })
		}
		start("report", a.runReport)
		if a.ui.server != nil {
			start("console", a.runConsole)
		}
		if a.notifier != nil {
			start("notify", a.notifier.Run)
		}
		if a.ready != nil {
			a.ready()
		}
	}

	<-runCtx.Done()
	// Stop accepting webhooks first, then let workers finish in-flight
	// comments (their own bounded grace), in reverse order of start.
	shutCtx, shutCancel := context.WithTimeout(context.Background(), ShutdownTimeout)
	defer shutCancel()
	if err := a.server.Shutdown(shutCtx); err != nil {
		a.log.Warn("http shutdown", zap.Error(err))
	}
	if err := a.adminServer.Shutdown(shutCtx); err != nil {
		a.log.Warn("admin http shutdown", zap.Error(err))
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-shutCtx.Done():
		a.log.Warn("shutdown timed out; unfinished comments stay pending for the next start")
	}
	a.log.Info("vigie stopped")
	select {
	case err := <-errc:
		return err
	default:
		return nil
	}
}

// prepareRedis waits for Redis at start-up (it may come up after Vigie in
// a compose file) and creates the consumer group.
func (a *App) prepareRedis(ctx context.Context) {
	delay := 500 * time.Millisecond
	for attempt := 1; ; attempt++ {
		err := a.store.EnsureGroup(ctx)
		if err == nil {
			return
		}
		if attempt == 1 || attempt%10 == 0 {
			a.log.Warn("redis not reachable yet", zap.Error(err), zap.String("hint", redisHint(err)), zap.Int("attempt", attempt))
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(delay):
		}
		delay = min(delay*2, 15*time.Second)
	}
}
