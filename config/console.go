package config

import (
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strings"
	"time"

	"golang.org/x/crypto/bcrypt"
)

// EnvLinkSecret carries the key that signs the one-click links
// (console.link_secret_file).
const EnvLinkSecret = "VIGIE_LINK_SECRET"

// Console configures the référent's web console and the pages the e-mail
// links open. It listens on its own address, so only /webhooks/meta need
// face the internet.
type Console struct {
	// Listen is the console's address, 127.0.0.1:8081 by default: put a
	// reverse proxy with TLS in front of it.
	Listen string `yaml:"listen"`
	// PublicURL is the address the référent's browser uses
	// (https://vigie.mairie.example.fr); the links in e-mails start with it.
	// Cookies are marked Secure when it is https.
	PublicURL string `yaml:"public_url"`
	// LinkSecretFile holds the key that signs the one-click links (or env
	// VIGIE_LINK_SECRET), at least 32 characters.
	LinkSecretFile string `yaml:"link_secret_file"`
	// SessionTTL is how long a login lasts.
	SessionTTL Duration `yaml:"session_ttl"`
	// Users may log in; `vigie user add NAME` prints a line to paste here.
	Users []ConsoleUser `yaml:"users"`

	LinkSecret Secret `yaml:"-"`
}

// ConsoleUser is a console account: a name and a bcrypt hash of its
// password.
type ConsoleUser struct {
	Name string `yaml:"name"`
	// Communes restricts the user to these communes' items (ids from
	// communes); empty, the user sees every commune.
	Communes     []string `yaml:"communes"`
	PasswordHash string   `yaml:"password_hash"`
}

// Enabled reports whether the console is served: someone may log in, or
// links are signed for e-mails.
func (c Console) Enabled() bool { return len(c.Users) > 0 || c.PublicURL != "" }

// Secure reports whether the public address is https (cookies Secure).
func (c Console) Secure() bool { return strings.HasPrefix(strings.ToLower(c.PublicURL), "https://") }

var reUserName = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,63}$`)

// ValidUserName reports whether name may name a console account.
func ValidUserName(name string) bool { return reUserName.MatchString(name) }

func (c *Console) applyDefaults() {
	if strings.TrimSpace(c.Listen) == "" {
		c.Listen = "127.0.0.1:8081"
	}
	if c.SessionTTL == 0 {
		c.SessionTTL = Duration(12 * time.Hour)
	}
	c.PublicURL = strings.TrimRight(strings.TrimSpace(c.PublicURL), "/")
}

func (c *Config) validateConsole(ps *problems) {
	k := &c.Console
	if !k.Enabled() {
		return
	}
	if _, port, err := net.SplitHostPort(k.Listen); err != nil || port == "" {
		ps.add("console.listen", "« %s » n'est pas une adresse d'écoute (exemple : « 127.0.0.1:8081 »)", k.Listen)
	} else if k.Listen == c.Listen {
		ps.add("console.listen", "doit différer de listen (%s) : seule l'adresse des webhooks doit être publique", c.Listen)
	}
	if k.PublicURL != "" {
		u, err := url.Parse(k.PublicURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
			ps.add("console.public_url", "« %s » n'est pas une adresse http(s) (exemple : https://vigie.mairie-exemple.fr)", redactURL(k.PublicURL))
		}
		switch {
		case !k.LinkSecret.IsSet() && k.LinkSecretFile == "":
			ps.add("console.link_secret_file", "clé de signature des liens absente : renseignez cette clé ou la variable %s (au moins 32 caractères, par exemple « openssl rand -hex 32 »)", EnvLinkSecret)
		case k.LinkSecret.IsSet() && len(k.LinkSecret.Reveal()) < 32:
			ps.add("console.link_secret_file", "la clé de signature des liens est trop courte : au moins 32 caractères (par exemple « openssl rand -hex 32 »)")
		}
	}
	if d := k.SessionTTL.D(); d < 5*time.Minute || d > 30*24*time.Hour {
		ps.add("console.session_ttl", "%s : doit être entre 5m et 30d", k.SessionTTL)
	}
	seen := map[string]bool{}
	for i, u := range k.Users {
		key := fmt.Sprintf("console.users[%d]", i)
		switch {
		case !ValidUserName(u.Name):
			ps.add(key+".name", "« %s » : un nom en minuscules, chiffres, point, tiret ou souligné (exemple : marie.dupont)", u.Name)
		case seen[u.Name]:
			ps.add(key+".name", "« %s » est listé deux fois", u.Name)
		}
		seen[u.Name] = true
		if _, err := bcrypt.Cost([]byte(u.PasswordHash)); err != nil {
			ps.add(key+".password_hash", "ce n'est pas une empreinte bcrypt : générez-la avec « vigie user add %s »", u.Name)
		}
	}
}
