// Package config loads Vigie's one YAML file: strict (unknown keys are
// errors), with defaults, secrets read only from environment variables or
// *_file keys, and a validation that reports every problem at once in words
// a commune's IT contact understands.
package config

import "time"

// Modes of the daemon.
const (
	// ModeObserve judges, records and notifies but never calls a Graph API
	// action: what a commune runs for its first weeks.
	ModeObserve = "observe"
	// ModeAct hides comments as the policy says.
	ModeAct = "act"
)

// Config is the whole configuration.
type Config struct {
	// Mode is "observe" (default) or "act".
	Mode string `yaml:"mode"`
	// Listen is the public address: the Meta webhook, /healthz and a
	// detail-free /readyz. Only this one faces the internet.
	Listen string `yaml:"listen"`
	// AdminListen is the private address (loopback by default): /metrics
	// and /readyz with the reason of each failing check.
	AdminListen string      `yaml:"admin_listen"`
	Log         Log         `yaml:"log"`
	Pages       []Page      `yaml:"pages"`
	Instagram   []Instagram `yaml:"instagram"`
	// Communes groups the accounts by commune (commune.go); absent, the
	// deployment is one commune.
	Communes   []Commune      `yaml:"communes"`
	Graph      Graph          `yaml:"graph"`
	Webhook    Webhook        `yaml:"webhook"`
	Redis      Redis          `yaml:"redis"`
	Poll       Poll           `yaml:"poll"`
	Worker     Worker         `yaml:"worker"`
	Moderation Moderation     `yaml:"moderation"`
	Charter    Charter        `yaml:"charter"`
	Referent   Referent       `yaml:"referent"`
	SMTP       SMTP           `yaml:"smtp"`
	Notify     Notify         `yaml:"notify"`
	Report     Report         `yaml:"report"`
	Retention  Retention      `yaml:"retention"`
	TimeZone   string         `yaml:"timezone"`
	location   *time.Location `yaml:"-"`
	source     string         `yaml:"-"`

	// Console is the référent's web console and link pages (console.go).
	Console Console `yaml:"console"`
}

// Log configures logging.
type Log struct {
	// Level is debug, info, warn or error.
	Level string `yaml:"level"`
	// Format is json (default, for journald and Docker) or console.
	Format string `yaml:"format"`
}

// Page is a Facebook Page to watch. A Page token works for one Page only:
// each Page takes its own (page_token_file, or env VIGIE_PAGE_TOKEN_<ID>);
// graph.page_token_file (or VIGIE_PAGE_TOKEN) is the default for Pages
// without one, such as the only Page of a single-Page config, or Pages
// managed by one system-user token.
type Page struct {
	ID   string `yaml:"id"`
	Name string `yaml:"name"`
	// PageTokenFile holds this Page's long-lived token.
	PageTokenFile string `yaml:"page_token_file"`
	PageToken     Secret `yaml:"-"`
}

// Instagram is an Instagram professional account linked to a Page
// (Instagram API with Facebook Login): it is reached with that Page's
// token, its comments are polled and received by webhook like the Page's.
type Instagram struct {
	ID     string `yaml:"id"`
	PageID string `yaml:"page_id"`
	Name   string `yaml:"name"`
}

// Graph configures the Graph API client.
type Graph struct {
	BaseURL string `yaml:"base_url"`
	Version string `yaml:"version"`
	AppID   string `yaml:"app_id"`
	// AppSecretFile holds the Meta App Secret (or env VIGIE_APP_SECRET):
	// it signs webhooks and the appsecret_proof of every call.
	AppSecretFile string `yaml:"app_secret_file"`
	// PageTokenFile holds the long-lived Page token (or env VIGIE_PAGE_TOKEN).
	PageTokenFile string   `yaml:"page_token_file"`
	Timeout       Duration `yaml:"timeout"`
	AppSecret     Secret   `yaml:"-"`
	PageToken     Secret   `yaml:"-"`
}

// Webhook configures the Meta webhook endpoint, GET/POST /webhooks/meta.
type Webhook struct {
	// VerifyTokenFile holds the verify token typed in the App Dashboard
	// (or env VIGIE_VERIFY_TOKEN).
	VerifyTokenFile string `yaml:"verify_token_file"`
	VerifyToken     Secret `yaml:"-"`
}

// Redis configures the state store.
type Redis struct {
	URL string `yaml:"url"`
	// PasswordFile holds the Redis password (or env VIGIE_REDIS_PASSWORD),
	// kept out of the URL.
	PasswordFile string `yaml:"password_file"`
	Prefix       string `yaml:"prefix"`
	Password     Secret `yaml:"-"`
}

// Poll configures the reconciliation poller.
type Poll struct {
	// Schedule is a cron spec (minute hour dom month dow), in the
	// configured time zone.
	Schedule string `yaml:"schedule"`
	// Backfill is how far back the poller looks for posts and comments.
	Backfill Duration `yaml:"backfill"`
}

// Worker configures the comment workers.
type Worker struct {
	Concurrency int `yaml:"concurrency"`
	// ClaimIdle is how long a comment read by a crashed worker waits
	// before another worker takes it over.
	ClaimIdle Duration `yaml:"claim_idle"`
}

// Moderation holds the per-category policy and the trained detector's
// settings.
type Moderation struct {
	Categories map[string]CategoryPolicy `yaml:"categories"`
	// Model is "on" (default: the trained detector runs beside the rules)
	// or "off" (the rules judge alone).
	Model string `yaml:"model"`
	// ModelFile is the commune's own model (`vigie train --out`), used
	// instead of the embedded one; relative to the configuration file.
	ModelFile string `yaml:"model_file"`
}

// CategoryPolicy is the action and threshold of one category.
type CategoryPolicy struct {
	Action    string   `yaml:"action"`
	Threshold *float64 `yaml:"threshold"`
	// ModelHideThreshold lets the trained detector alone take the action
	// (hide) from this score on; unset, it only queues for the référent.
	ModelHideThreshold *float64 `yaml:"model_hide_threshold"`
}

// Charter holds the commune's charter facts.
type Charter struct {
	People            []Person `yaml:"people"`
	Rumors            []Rumor  `yaml:"rumors"`
	UnreliableDomains []string `yaml:"unreliable_domains"`
	BlockedTerms      []string `yaml:"blocked_terms"`
	AllowedTerms      []string `yaml:"allowed_terms"`
	// PublicContacts are the phone numbers, e-mail and postal addresses
	// the commune publishes itself: quoting them is never personal data.
	PublicContacts []string        `yaml:"public_contacts"`
	ElectionPeriod *ElectionPeriod `yaml:"election_period"`
}

// Person is an élu, an agent or a resident a comment could defame.
type Person struct {
	Name    string   `yaml:"name"`
	Role    string   `yaml:"role"`
	Aliases []string `yaml:"aliases"`
}

// Rumor is a claim the commune has officially denied.
type Rumor struct {
	ID         string   `yaml:"id"`
	Claim      string   `yaml:"claim"`
	Keywords   []string `yaml:"keywords"`
	Correction string   `yaml:"correction"`
}

// ElectionPeriod is the pre-election period (dates inclusive, YYYY-MM-DD)
// during which propaganda is only queued, never hidden.
type ElectionPeriod struct {
	Start string `yaml:"start"`
	End   string `yaml:"end"`
	start time.Time
	end   time.Time
}

// Referent is the person who reviews queued decisions.
type Referent struct {
	Name  string `yaml:"name"`
	Email string `yaml:"email"`
	// NotifyURL receives a JSON POST for each notification, optionally.
	NotifyURL string `yaml:"notify_url"`
}

// SMTP configures outgoing e-mail.
type SMTP struct {
	Host     string `yaml:"host"`
	Port     int    `yaml:"port"`
	Username string `yaml:"username"`
	// PasswordFile holds the SMTP password (or env VIGIE_SMTP_PASSWORD).
	PasswordFile string `yaml:"password_file"`
	From         string `yaml:"from"`
	// TLS is "starttls" (default), "tls" or "none" (local relay only).
	TLS      string `yaml:"tls"`
	Password Secret `yaml:"-"`
}

// Report configures the monthly report.
type Report struct {
	// Schedule is a cron spec, by default 08:00 on the 1st of the month.
	Schedule string `yaml:"schedule"`
	// Recipients receive the report; the référent when empty (report.go).
	Recipients []string `yaml:"recipients"`
}

// Retention says how long stored data lives. Comments and author names are
// personal data: everything holding them expires.
type Retention struct {
	// Items is how long a comment and its decision are kept.
	Items Duration `yaml:"items"`
	// Audit is how long the decision history (ids and times, no text) is
	// kept: it is the mayor's proof.
	Audit Duration `yaml:"audit"`
	// Dedup is how long a comment id is remembered to absorb duplicate
	// deliveries; Meta retries for 36 hours.
	Dedup Duration `yaml:"dedup"`
	// Evidence is how long the capture of a comment Vigie acted on is kept
	// for a complaint (report.go).
	Evidence Duration `yaml:"evidence"`
}

// Location returns the configured time zone.
func (c *Config) Location() *time.Location {
	if c.location == nil {
		return time.UTC
	}
	return c.location
}

// InElectionPeriod reports whether t falls in the configured election
// period (dates inclusive, in the configured time zone).
func (c *Config) InElectionPeriod(t time.Time) bool {
	p := c.Charter.ElectionPeriod
	if p == nil || p.start.IsZero() {
		return false
	}
	t = t.In(c.Location())
	return !t.Before(p.start) && t.Before(p.end.AddDate(0, 0, 1))
}

// PageToken returns the token for a Page or an Instagram account (its
// linked Page's), the file it comes from ("" for the environment) and the
// environment variable that can carry it: the Page's own when set, else
// the default graph.page_token_file / VIGIE_PAGE_TOKEN.
func (c *Config) PageToken(accountID string) (token Secret, file, envName string) {
	for _, ig := range c.Instagram {
		if ig.ID == accountID {
			accountID = ig.PageID
		}
	}
	for _, p := range c.Pages {
		if p.ID == accountID && p.PageToken.IsSet() {
			return p.PageToken, p.PageTokenFile, PageTokenEnv(p.ID)
		}
	}
	return c.Graph.PageToken, c.Graph.PageTokenFile, EnvPageToken
}

// PageTokenEnv is the environment variable holding one Page's token.
func PageTokenEnv(pageID string) string { return EnvPageToken + "_" + pageID }

// Source is the path the configuration was loaded from.
func (c *Config) Source() string { return c.source }
