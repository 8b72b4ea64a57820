package config

import (
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/vigie-fr/vigie/moderation"
)

var (
	reNumericID = regexp.MustCompile(`^[0-9]{1,25}$`)
	reVersion   = regexp.MustCompile(`^v[0-9]{1,2}\.[0-9]$`)
	reDomain    = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$`)
)

// validate checks every key and returns every problem found.
func (c *Config) validate() []error {
	var ps problems
	c.validateService(&ps)
	c.validateMeta(&ps)
	c.validateModeration(&ps)
	c.validateCharter(&ps)
	c.validateContacts(&ps)
	c.validateConsole(&ps)
	c.validateNotify(&ps)
	c.validateReport(&ps)
	c.validateCommunes(&ps)
	return ps
}

type problems []error

func (ps *problems) add(key, format string, args ...any) {
	*ps = append(*ps, fmt.Errorf("%s : %s", key, fmt.Sprintf(format, args...)))
}

func (c *Config) validateService(ps *problems) {
	if c.Mode != ModeObserve && c.Mode != ModeAct {
		ps.add("mode", "« %s » n'est pas un mode : « observe » (juger sans agir) ou « act » (masquer)", c.Mode)
	}
	if _, port, err := net.SplitHostPort(c.Listen); err != nil || port == "" {
		ps.add("listen", "« %s » n'est pas une adresse d'écoute (exemples : « :8080 », « 127.0.0.1:8080 »)", c.Listen)
	}
	if _, port, err := net.SplitHostPort(c.AdminListen); err != nil || port == "" {
		ps.add("admin_listen", "« %s » n'est pas une adresse d'écoute (exemple : « 127.0.0.1:9090 »)", c.AdminListen)
	} else if c.AdminListen == c.Listen && port != "0" {
		ps.add("admin_listen", "doit différer de listen (%s) : /metrics et le détail de /readyz ne doivent pas être publics", c.Listen)
	}
	switch c.Log.Level {
	case "debug", "info", "warn", "error":
	default:
		ps.add("log.level", "« %s » : niveaux possibles debug, info, warn, error", c.Log.Level)
	}
	if c.Log.Format != "json" && c.Log.Format != "console" {
		ps.add("log.format", "« %s » : formats possibles json, console", c.Log.Format)
	}
	c.validateTimeZone(ps)
	u, err := url.Parse(c.Redis.URL)
	switch {
	case err != nil || (u.Scheme != "redis" && u.Scheme != "rediss" && u.Scheme != "unix"):
		ps.add("redis.url", "« %s » n'est pas une adresse Redis (exemple : redis://redis:6379/0)", redactURL(c.Redis.URL))
	case u.User != nil:
		if _, hasPass := u.User.Password(); hasPass {
			ps.add("redis.url", "ne mettez pas le mot de passe dans l'adresse : utilisez redis.password_file ou %s", EnvRedisPassword)
		}
	}
	if strings.ContainsAny(c.Redis.Prefix, " \t\n*?[]") {
		ps.add("redis.prefix", "« %s » ne doit contenir ni espace ni caractère * ? [ ]", c.Redis.Prefix)
	}
	if _, err := cron.ParseStandard(c.Poll.Schedule); err != nil {
		ps.add("poll.schedule", "« %s » n'est pas une planification cron à 5 champs (exemple : « */2 * * * * » pour toutes les 2 minutes)", c.Poll.Schedule)
	}
	if b := c.Poll.Backfill.D(); b < 10*time.Minute || b > 60*24*time.Hour {
		ps.add("poll.backfill", "%s : doit être entre 10m et 60d", c.Poll.Backfill)
	}
	if n := c.Worker.Concurrency; n < 1 || n > 64 {
		ps.add("worker.concurrency", "%d : doit être entre 1 et 64", n)
	}
	if c.Worker.ClaimIdle.D() < 5*time.Second {
		ps.add("worker.claim_idle", "%s : doit être d'au moins 5s", c.Worker.ClaimIdle)
	}
	if _, err := cron.ParseStandard(c.Report.Schedule); err != nil {
		ps.add("report.schedule", "« %s » n'est pas une planification cron à 5 champs (exemple : « 0 8 1 * * », le 1er du mois à 8 h)", c.Report.Schedule)
	}
	r := c.Retention
	if r.Items.D() < 24*time.Hour || r.Items.D() > 3*365*24*time.Hour {
		ps.add("retention.items", "%s : doit être entre 1d et 1095d", r.Items)
	}
	if r.Audit.D() < r.Items.D() {
		ps.add("retention.audit", "%s : doit être au moins égale à retention.items (%s)", r.Audit, r.Items)
	}
	if r.Dedup.D() < 36*time.Hour {
		ps.add("retention.dedup", "%s : doit être d'au moins 36h (Meta renvoie les webhooks pendant 36 heures)", r.Dedup)
	}
}

func (c *Config) validateTimeZone(ps *problems) {
	loc, err := time.LoadLocation(c.TimeZone)
	if err != nil {
		ps.add("timezone", "fuseau horaire inconnu « %s » (exemple : Europe/Paris)", c.TimeZone)
		return
	}
	c.location = loc
}

func (c *Config) validateMeta(ps *problems) {
	if len(c.Pages) == 0 {
		ps.add("pages", "au moins une Page Facebook à surveiller est nécessaire (id et name)")
	}
	seen := map[string]bool{}
	for i, p := range c.Pages {
		key := fmt.Sprintf("pages[%d]", i)
		if !reNumericID.MatchString(p.ID) {
			ps.add(key+".id", "« %s » : l'identifiant d'une Page est numérique (Paramètres de la Page > Transparence de la Page)", p.ID)
		} else if seen[p.ID] {
			ps.add(key+".id", "la Page %s est listée deux fois", p.ID)
		}
		seen[p.ID] = true
	}
	if !c.Graph.PageToken.IsSet() && c.Graph.PageTokenFile == "" {
		var missing []string
		for i, p := range c.Pages {
			if !p.PageToken.IsSet() && p.PageTokenFile == "" {
				missing = append(missing, fmt.Sprintf("pages[%d] (%s)", i, p.ID))
			}
		}
		switch {
		case len(c.Pages) == 0:
		case len(missing) == len(c.Pages) && len(c.Pages) == 1:
			ps.add("graph.page_token_file", "jeton de Page absent : renseignez cette clé ou la variable %s (ou pages[0].page_token_file)", EnvPageToken)
		case len(missing) > 0:
			ps.add("graph.page_token_file", "jeton de Page absent pour %s : renseignez pages[].page_token_file ou la variable %s_<id de la Page> pour chaque Page, ou un jeton par défaut dans graph.page_token_file / %s", strings.Join(missing, ", "), EnvPageToken, EnvPageToken)
		}
	}
	for i, ig := range c.Instagram {
		key := fmt.Sprintf("instagram[%d]", i)
		if !reNumericID.MatchString(ig.ID) {
			ps.add(key+".id", "« %s » : l'identifiant du compte Instagram professionnel est numérique", ig.ID)
		}
		if !seen[ig.PageID] {
			ps.add(key+".page_id", "« %s » doit être l'id d'une Page listée dans pages", ig.PageID)
		}
	}
	if u, err := url.Parse(c.Graph.BaseURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		ps.add("graph.base_url", "« %s » n'est pas une adresse http(s) (par défaut https://graph.facebook.com/)", c.Graph.BaseURL)
	}
	if !reVersion.MatchString(c.Graph.Version) {
		ps.add("graph.version", "« %s » n'est pas une version de l'API Graph (exemple : v25.0)", c.Graph.Version)
	}
	if c.Graph.Timeout.D() < time.Second || c.Graph.Timeout.D() > 5*time.Minute {
		ps.add("graph.timeout", "%s : doit être entre 1s et 5m", c.Graph.Timeout)
	}
	if !c.Graph.AppSecret.IsSet() && c.Graph.AppSecretFile == "" {
		ps.add("graph.app_secret_file", "secret de l'application Meta absent : renseignez cette clé ou la variable %s", EnvAppSecret)
	}
	if !c.Webhook.VerifyToken.IsSet() && c.Webhook.VerifyTokenFile == "" {
		ps.add("webhook.verify_token_file", "jeton de vérification du webhook absent : renseignez cette clé ou la variable %s", EnvVerifyToken)
	}
}

func (c *Config) validateModeration(ps *problems) {
	for name, cp := range c.Moderation.Categories {
		key := "moderation.categories." + name
		if !moderation.Category(name).Valid() {
			ps.add(key, "catégorie inconnue (catégories : %s)", categoryList())
			continue
		}
		if _, err := moderation.ParseAction(cp.Action); err != nil && cp.Action != "" {
			ps.add(key+".action", "« %s » : actions possibles hide (masquer), queue (soumettre au référent), none", cp.Action)
		}
		if cp.Threshold != nil && (*cp.Threshold < 0 || *cp.Threshold > 1) {
			ps.add(key+".threshold", "%v : doit être entre 0 et 1", *cp.Threshold)
		}
		if t := cp.ModelHideThreshold; t != nil && (*t <= 0 || *t > 1) {
			ps.add(key+".model_hide_threshold", "%v : doit être supérieur à 0 et au plus 1", *t)
		}
	}
	switch m := c.Moderation.Model; m {
	case "", "on", "off":
	default:
		ps.add("moderation.model", "« %s » : valeurs possibles on (le modèle appris juge à côté des règles) ou off (les règles seules)", m)
	}
	if f := c.Moderation.ModelFile; f != "" {
		if c.Moderation.Model == "off" {
			ps.add("moderation.model_file", "inutile avec moderation.model: off")
		} else if _, err := os.Stat(c.ModelPath()); err != nil {
			ps.add("moderation.model_file", "« %s » : fichier introuvable (créez-le avec vigie train … --out %s)", f, f)
		}
	}
}

func categoryList() string {
	names := make([]string, len(moderation.Categories))
	for i, c := range moderation.Categories {
		names[i] = string(c)
	}
	return strings.Join(names, ", ")
}

func (c *Config) validateCharter(ps *problems) {
	ch := &c.Charter
	for i, p := range ch.People {
		if strings.TrimSpace(p.Name) == "" {
			ps.add(fmt.Sprintf("charter.people[%d].name", i), "le nom est obligatoire")
		}
	}
	ids := map[string]bool{}
	for i, r := range ch.Rumors {
		key := fmt.Sprintf("charter.rumors[%d]", i)
		if strings.TrimSpace(r.ID) == "" {
			ps.add(key+".id", "un identifiant court est obligatoire (exemple : eau-contaminee)")
		} else if ids[r.ID] {
			ps.add(key+".id", "« %s » est déjà utilisé", r.ID)
		}
		ids[r.ID] = true
		if strings.TrimSpace(r.Claim) == "" {
			ps.add(key+".claim", "la rumeur démentie est obligatoire")
		}
		if strings.TrimSpace(r.Correction) == "" {
			ps.add(key+".correction", "le démenti officiel de la commune est obligatoire : c'est la réponse proposée au référent")
		}
	}
	for i, d := range ch.UnreliableDomains {
		n := normaliseDomain(d)
		if !reDomain.MatchString(n) {
			ps.add(fmt.Sprintf("charter.unreliable_domains[%d]", i), "« %s » n'est pas un nom de domaine (exemple : infos-choc.fr)", d)
			continue
		}
		ch.UnreliableDomains[i] = n
	}
	for i, t := range ch.BlockedTerms {
		if !hasLetterOrDigit(t) {
			ps.add(fmt.Sprintf("charter.blocked_terms[%d]", i), "« %s » ne contient aucune lettre", t)
		}
	}
	for i, t := range ch.AllowedTerms {
		if !hasLetterOrDigit(t) {
			ps.add(fmt.Sprintf("charter.allowed_terms[%d]", i), "« %s » ne contient aucune lettre", t)
		}
	}
	for i, t := range ch.PublicContacts {
		if !hasLetterOrDigit(t) {
			ps.add(fmt.Sprintf("charter.public_contacts[%d]", i), "« %s » n'est ni un numéro, ni une adresse électronique, ni une adresse postale", t)
		}
	}
	if p := ch.ElectionPeriod; p != nil {
		var err1, err2 error
		p.start, err1 = time.ParseInLocation(time.DateOnly, p.Start, c.Location())
		p.end, err2 = time.ParseInLocation(time.DateOnly, p.End, c.Location())
		if err1 != nil {
			ps.add("charter.election_period.start", "« %s » : date attendue au format AAAA-MM-JJ", p.Start)
		}
		if err2 != nil {
			ps.add("charter.election_period.end", "« %s » : date attendue au format AAAA-MM-JJ", p.End)
		}
		if err1 == nil && err2 == nil && p.end.Before(p.start) {
			ps.add("charter.election_period", "la fin (%s) précède le début (%s)", p.End, p.Start)
		}
	}
}

func normaliseDomain(d string) string {
	d = strings.ToLower(strings.TrimSpace(d))
	if u, err := url.Parse(d); err == nil && u.Host != "" {
		d = u.Host
	}
	d = strings.TrimPrefix(d, "www.")
	return strings.TrimSuffix(d, "/")
}

func hasLetterOrDigit(s string) bool {
	for _, r := range s {
		if r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 127 {
			return true
		}
	}
	return false
}

func (c *Config) validateContacts(ps *problems) {
	if e := c.Referent.Email; e != "" {
		if _, err := mail.ParseAddress(e); err != nil {
			ps.add("referent.email", "« %s » n'est pas une adresse e-mail", e)
		}
	}
	if u := c.Referent.NotifyURL; u != "" {
		if p, err := url.Parse(u); err != nil || (p.Scheme != "https" && p.Scheme != "http") || p.Host == "" {
			ps.add("referent.notify_url", "« %s » n'est pas une adresse http(s)", redactURL(u))
		}
	}
	s := c.SMTP
	if s.Host != "" {
		if s.From == "" {
			ps.add("smtp.from", "l'expéditeur est obligatoire quand smtp.host est renseigné")
		} else if _, err := mail.ParseAddress(s.From); err != nil {
			ps.add("smtp.from", "« %s » n'est pas une adresse e-mail", s.From)
		}
		if s.Port < 1 || s.Port > 65535 {
			ps.add("smtp.port", "%d n'est pas un port", s.Port)
		}
		if s.Username != "" && !s.Password.IsSet() && s.PasswordFile == "" {
			ps.add("smtp.password_file", "mot de passe SMTP absent : renseignez cette clé ou la variable %s", EnvSMTPPassword)
		}
	}
	switch s.TLS {
	case "starttls", "tls", "none":
	default:
		ps.add("smtp.tls", "« %s » : valeurs possibles starttls, tls, none", s.TLS)
	}
	if c.Referent.Email != "" && s.Host == "" {
		ps.add("smtp.host", "un serveur SMTP est nécessaire pour écrire au référent (%s)", c.Referent.Email)
	}
}

// redactURL drops credentials and query strings from a URL before it is
// printed.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "<adresse illisible>"
	}
	if u.User != nil {
		u.User = url.User(u.User.Username())
	}
	u.RawQuery = ""
	return u.String()
}
