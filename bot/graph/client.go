package graph

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	fb "github.com/huandu/facebook/v2"
	"go.uber.org/zap"

	"github.com/vigie-fr/vigie/bot/metrics"
)

// Options configures a Client.
type Options struct {
	BaseURL     string // default "https://graph.facebook.com/"; a trailing "/" is added
	Version     string // default "v25.0"
	AccessToken string // the Page token
	// AppSecret, when set, makes every call carry appsecret_proof.
	AppSecret  string
	HTTPClient *http.Client // default: 20 s timeout
	Logger     *zap.Logger  // default: no logs
	// Metrics may be nil: the client then keeps a private registry.
	Metrics *metrics.Registry
	Now     func() time.Time // default time.Now
	// Sleep waits d or until ctx ends; default a timer. Tests inject it.
	Sleep func(ctx context.Context, d time.Duration) error
	// OnAlert is called once per new alert (token invalid, missing
	// permission, policy block, long throttling), from the calling
	// goroutine, without locks held.
	OnAlert func(Alert)
	// OnTokenValid is called when CheckToken succeeds after the token was
	// known bad: work refused meanwhile can be retried at once.
	OnTokenValid func()
	// MaxAttempts bounds tries of a transient failure; default 5.
	MaxAttempts int
	// MaxPaceWait bounds how long a call waits for its pace slot when usage
	// is high; a longer wait is refused as throttling (with RetryAfter) so
	// that the caller parks the work. Zero waits as long as needed.
	MaxPaceWait time.Duration
}

// Client calls the Graph API for one Page. It is safe for concurrent use.
type Client struct {
	// session is shared and read-only; calls go through WithContext
	// copies. SetAccessToken swaps it whole: huandu's SetAccessToken is
	// not synchronised.
	session      atomic.Pointer[fb.Session]
	newSession   func(token string) *fb.Session
	base         *url.URL
	version      string
	appSecret    string
	log          *zap.Logger
	now          func() time.Time
	sleep        func(ctx context.Context, d time.Duration) error
	customSleep  bool
	onAlert      func(Alert)
	onTokenValid func()
	maxAttempts  int
	maxPaceWait  time.Duration
	platform     platform
	m            clientMetrics

	mu            sync.Mutex
	secrets       []string // every token used so far, the secret and proofs: redacted from text
	tokenErr      *Error   // non-nil while the token is known bad
	budgets       map[string]*budget
	usage         float64 // latest usage reading, any account
	lastAlert     *Alert
	servedVersion string          // facebook-api-version of the latest answer
	activeAlerts  map[string]bool // alert keys raised and not yet cleared
}

// platform holds what differs between Facebook and Instagram calls, so
// Instagram (graph.instagram.com, "hide" instead of "is_hidden", "text"
// instead of "message") can be added without touching the call paths.
type platform struct {
	hideParam     string // the parameter that hides a comment
	readHidden    string // the field that says whether it is hidden
	replyEdge     string // the edge a reply is posted to
	postFields    string
	commentFields string
}

func facebookPlatform() platform {
	return platform{
		hideParam:     "is_hidden",
		readHidden:    "is_hidden",
		replyEdge:     "comments",
		postFields:    "id,message,created_time,permalink_url",
		commentFields: "id,message,from{id,name},created_time,parent{id},is_hidden,permalink_url",
	}
}

var versionRE = regexp.MustCompile(`^v[0-9]+\.[0-9]+$`)

// New checks the options and builds a client. It makes no call: use
// CheckToken to validate the token.
func New(opts Options) (*Client, error) {
	if opts.AccessToken == "" {
		return nil, errors.New("graph: new client: access token is empty")
	}
	if opts.BaseURL == "" {
		opts.BaseURL = "https://graph.facebook.com/"
	}
	if !strings.HasSuffix(opts.BaseURL, "/") {
		opts.BaseURL += "/"
	}
	base, err := url.Parse(opts.BaseURL)
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" || base.RawQuery != "" {
		return nil, fmt.Errorf("graph: new client: base url %q must be an http(s) URL such as https://graph.facebook.com/", opts.BaseURL)
	}
	if opts.Version == "" {
		opts.Version = "v25.0"
	}
	if !versionRE.MatchString(opts.Version) {
		return nil, fmt.Errorf("graph: new client: version %q must look like v25.0", opts.Version)
	}
	if opts.MaxAttempts < 0 {
		return nil, fmt.Errorf("graph: new client: max attempts %d must not be negative", opts.MaxAttempts)
	}
	if opts.MaxAttempts == 0 {
		opts.MaxAttempts = 5
	}
	hc := opts.HTTPClient
	if hc == nil {
		hc = &http.Client{Timeout: 20 * time.Second}
	}
	if opts.Logger == nil {
		opts.Logger = zap.NewNop()
	}
	if opts.Metrics == nil {
		opts.Metrics = metrics.NewRegistry()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	customSleep := opts.Sleep != nil
	if opts.Sleep == nil {
		opts.Sleep = sleepCtx
	}
	if opts.MaxPaceWait < 0 {
		return nil, fmt.Errorf("graph: new client: max pace wait %s must not be negative", opts.MaxPaceWait)
	}

	c := &Client{
		base:         base,
		version:      opts.Version,
		appSecret:    opts.AppSecret,
		log:          opts.Logger.With(zap.String("component", "graph")),
		now:          opts.Now,
		sleep:        opts.Sleep,
		customSleep:  customSleep,
		onAlert:      opts.OnAlert,
		onTokenValid: opts.OnTokenValid,
		maxAttempts:  opts.MaxAttempts,
		maxPaceWait:  opts.MaxPaceWait,
		platform:     facebookPlatform(),
		m:            newClientMetrics(opts.Metrics),
		budgets:      map[string]*budget{},
		activeAlerts: map[string]bool{},
	}
	c.newSession = func(token string) *fb.Session {
		app := fb.New("", opts.AppSecret)
		app.EnableAppsecretProof = opts.AppSecret != ""
		s := app.Session(token)
		s.BaseURL = opts.BaseURL
		s.Version = opts.Version
		s.HttpClient = recordingClient{hc: hc}
		// The proof is computed lazily and cached without a lock: compute
		// it now, before the session is shared, or concurrent first calls
		// race.
		_ = s.AppsecretProof()
		return s
	}
	s := c.newSession(opts.AccessToken)
	c.session.Store(s)
	c.secrets = []string{opts.AccessToken}
	if opts.AppSecret != "" {
		c.secrets = append(c.secrets, opts.AppSecret, s.AppsecretProof())
	}
	c.m.tokenValid.Set(1)
	return c, nil
}

// SetAccessToken replaces the Page token (the secret file was rewritten).
// Calls in flight finish with the old one. The client stays suspended, if
// the old token was known bad, until CheckToken succeeds with the new one.
func (c *Client) SetAccessToken(token string) error {
	if token == "" {
		return errors.New("graph: set access token: token is empty")
	}
	s := c.newSession(token)
	c.mu.Lock()
	c.secrets = append(c.secrets, token)
	if c.appSecret != "" {
		c.secrets = append(c.secrets, s.AppsecretProof())
	}
	c.mu.Unlock()
	c.session.Store(s)
	return nil
}

// sess is the current session.
func (c *Client) sess() *fb.Session { return c.session.Load() }

func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Status reports the token state, throttling, usage and the last alert.
func (c *Client) Status() Status {
	c.mu.Lock()
	defer c.mu.Unlock()
	st := Status{TokenValid: c.tokenErr == nil, Usage: c.usage}
	if c.tokenErr != nil {
		st.TokenError = c.tokenErr.Message
	}
	now := c.now()
	for _, b := range c.budgets {
		if now.Before(b.throttledUntil) && b.throttledUntil.After(st.ThrottledUntil) {
			st.ThrottledUntil = b.throttledUntil
		}
	}
	if c.lastAlert != nil {
		a := *c.lastAlert
		st.LastAlert = &a
	}
	return st
}

var secretParamRE = regexp.MustCompile(`(access_token|appsecret_proof|input_token|client_secret)=[^&\s"']*`)

// redact removes the token, the secret and token-bearing URL parameters
// from text that may reach an error or a log.
func (c *Client) redact(s string) string {
	s = secretParamRE.ReplaceAllString(s, "$1=REDACTED")
	c.mu.Lock()
	secrets := c.secrets
	c.mu.Unlock()
	for _, secret := range secrets {
		if secret != "" {
			s = strings.ReplaceAll(s, secret, "REDACTED")
		}
	}
	return s
}

// exchange records what the transport saw for one call: whether a request
// went out, the HTTP status and the headers. huandu/facebook ignores the
// status and drops usage headers of paging answers that fail; this keeps
// both.
type exchange struct {
	mu     sync.Mutex
	sent   int
	status int
	header http.Header
}

type exchangeKey struct{}

// recordingClient is the http client handed to huandu/facebook: it finds
// the call's exchange in the request context and fills it.
type recordingClient struct{ hc *http.Client }

func (r recordingClient) Do(req *http.Request) (*http.Response, error) {
	resp, err := r.hc.Do(req)
	if ex, ok := req.Context().Value(exchangeKey{}).(*exchange); ok {
		ex.mu.Lock()
		ex.sent++
		if resp != nil {
			ex.status = resp.StatusCode
			ex.header = resp.Header.Clone()
		}
		ex.mu.Unlock()
	}
	return resp, err
}

func (r recordingClient) Get(u string) (*http.Response, error) { return r.hc.Get(u) }

func (r recordingClient) Post(u, bodyType string, body io.Reader) (*http.Response, error) {
	return r.hc.Post(u, bodyType, body)
}

type clientMetrics struct {
	calls      *metrics.CounterVec
	requests   *metrics.CounterVec
	errors     *metrics.CounterVec
	throttled  *metrics.CounterVec
	paced      *metrics.Counter
	retries    *metrics.CounterVec
	alerts     *metrics.CounterVec
	latency    *metrics.HistogramVec
	usage      *metrics.Gauge
	tokenValid *metrics.Gauge
}

func newClientMetrics(r *metrics.Registry) clientMetrics {
	return clientMetrics{
		calls:      r.Counter("vigie_graph_calls_total", "Graph API calls by operation and outcome (ok or error class).", "op", "outcome"),
		requests:   r.Counter("vigie_graph_requests_total", "HTTP requests sent to the Graph API, retries included.", "op"),
		errors:     r.Counter("vigie_graph_errors_total", "Graph API failures by class, retried attempts included.", "class"),
		throttled:  r.Counter("vigie_graph_throttled_total", "Throttling: answers from Meta (meta) and calls refused locally while throttled (governor).", "source"),
		paced:      r.Counter("vigie_graph_paced_total", "Calls delayed because usage was above 75 %.").With(),
		retries:    r.Counter("vigie_graph_retries_total", "Transient failures retried.", "op"),
		alerts:     r.Counter("vigie_graph_alerts_total", "Alerts raised.", "kind"),
		latency:    r.Histogram("vigie_graph_request_duration_seconds", "Duration of Graph API HTTP exchanges.", nil, "op"),
		usage:      r.Gauge("vigie_graph_usage_percent", "Highest usage percentage in the latest usage headers.").With(),
		tokenValid: r.Gauge("vigie_graph_token_valid", "1 while the Page token is not known to be invalid.").With(),
	}
}
