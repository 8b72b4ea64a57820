package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Environment variables that carry secrets.
const (
	EnvPageToken     = "VIGIE_PAGE_TOKEN"
	EnvAppSecret     = "VIGIE_APP_SECRET"
	EnvVerifyToken   = "VIGIE_VERIFY_TOKEN"
	EnvSMTPPassword  = "VIGIE_SMTP_PASSWORD"
	EnvRedisPassword = "VIGIE_REDIS_PASSWORD"
)

// MaxFileSize bounds the configuration file and secret files.
const MaxFileSize = 1 << 20

// Env looks up an environment variable; os.LookupEnv in production.
type Env func(key string) (string, bool)

// Load reads, decodes, completes and validates the file at path, taking
// secrets from the process environment or the *_file keys.
func Load(path string) (*Config, error) {
	return LoadWith(path, os.LookupEnv)
}

// LoadWith is Load with an injected environment.
func LoadWith(path string, env Env) (*Config, error) {
	data, err := readFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(data, path, env)
}

func readFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("lecture de la configuration : %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("lecture de %s : %w", path, err)
	}
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("%s : fichier trop gros (plus de 1 Mio)", path)
	}
	return data, nil
}

// Parse decodes data (named path in messages), applies defaults, reads
// secrets and validates. On failure the error joins every problem found,
// one per line.
func Parse(data []byte, path string, env Env) (*Config, error) {
	return parse(data, path, env, true)
}

// parse decodes and validates; when full is false only the keys the
// classifier uses are validated and no secret is read.
func parse(data []byte, path string, env Env, full bool) (*Config, error) {
	c := &Config{source: path}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, &Error{Path: path, Problems: []error{syntaxProblem(data, err)}}
	}
	sm := newSourceMap(&root)
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var found []error
	if err := dec.Decode(c); err != nil && !errors.Is(err, io.EOF) {
		var te *yaml.TypeError
		if !errors.As(err, &te) {
			return nil, &Error{Path: path, Problems: []error{syntaxProblem(data, err)}}
		}
		for _, e := range te.Errors {
			found = append(found, errors.New(frenchYAML(e, sm)))
		}
	}
	c.applyDefaults()
	if full {
		found = append(found, c.readSecrets(env)...)
		found = append(found, c.validate()...)
	} else {
		var light problems
		c.validateTimeZone(&light)
		c.validateModeration(&light)
		c.validateCharter(&light)
		found = append(found, light...)
	}
	if len(found) > 0 {
		return nil, &Error{Path: path, Problems: sm.locate(found)}
	}
	return c, nil
}

// Error lists every problem of a configuration file.
type Error struct {
	Path     string
	Problems []error
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s : %d problème(s) de configuration :", e.Path, len(e.Problems))
	for _, p := range e.Problems {
		b.WriteString("\n  - ")
		b.WriteString(p.Error())
	}
	return b.String()
}

// Unwrap exposes the problems to errors.Is and errors.As.
func (e *Error) Unwrap() []error { return e.Problems }

var (
	reUnknownField = regexp.MustCompile(`^line (\d+): field (\S+) not found in type \S+$`)
	reCannotDecode = regexp.MustCompile(`^line (\d+): cannot unmarshal !!(\w+) ` + "`" + `?(.*?)` + "`" + `? into (\S+)$`)
	reLine         = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)
)

// frenchYAML rewords yaml.v3 messages for the IT contact.
func frenchYAML(msg string, sm *sourceMap) string {
	if m := reUnknownField.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("ligne %s : clé inconnue « %s » (vérifiez l'orthographe et l'indentation ; voir deploy/vigie.example.yaml)", m[1], m[2])
	}
	if m := reCannotDecode.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		return fmt.Sprintf("ligne %s : valeur « %s » de type %s alors qu'il faut %s", m[1], sm.fullValue(line, m[3]), yamlKind(m[2]), goKind(m[4]))
	}
	if m := reLine.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("ligne %s : %s", m[1], m[2])
	}
	return strings.TrimPrefix(msg, "yaml: ")
}

func yamlKind(k string) string {
	switch k {
	case "str":
		return "texte"
	case "int", "float":
		return "nombre"
	case "bool":
		return "booléen"
	case "seq":
		return "liste"
	case "map":
		return "dictionnaire"
	}
	return k
}

func goKind(t string) string {
	switch {
	case strings.HasPrefix(t, "[]"):
		return "une liste"
	case strings.HasPrefix(t, "map["):
		return "un dictionnaire (clé: valeur)"
	case t == "string":
		return "un texte"
	case t == "int" || t == "float64" || t == "*float64":
		return "un nombre"
	case t == "bool":
		return "true ou false"
	}
	return "un bloc de clés (" + t + ")"
}

func (c *Config) applyDefaults() {
	def := func(s *string, v string) {
		if strings.TrimSpace(*s) == "" {
			*s = v
		}
	}
	def(&c.Mode, ModeObserve)
	def(&c.Listen, ":8080")
	def(&c.AdminListen, "127.0.0.1:9090")
	def(&c.Log.Level, "info")
	def(&c.Log.Format, "json")
	def(&c.Graph.BaseURL, "https://graph.facebook.com/")
	if !strings.HasSuffix(c.Graph.BaseURL, "/") {
		c.Graph.BaseURL += "/"
	}
	def(&c.Graph.Version, "v25.0")
	if c.Graph.Timeout == 0 {
		c.Graph.Timeout = Duration(20 * time.Second)
	}
	def(&c.Redis.URL, "redis://127.0.0.1:6379/0")
	def(&c.Redis.Prefix, "vigie:")
	def(&c.Poll.Schedule, "*/2 * * * *")
	if c.Poll.Backfill == 0 {
		c.Poll.Backfill = Duration(7 * 24 * time.Hour)
	}
	if c.Worker.Concurrency == 0 {
		c.Worker.Concurrency = 4
	}
	if c.Worker.ClaimIdle == 0 {
		c.Worker.ClaimIdle = Duration(time.Minute)
	}
	def(&c.SMTP.TLS, "starttls")
	if c.SMTP.Port == 0 {
		c.SMTP.Port = 587
	}
	def(&c.Report.Schedule, "0 8 1 * *")
	c.applyReportDefaults()
	c.Console.applyDefaults()
	c.Notify.applyDefaults()
	def(&c.TimeZone, "Europe/Paris")
	if c.Retention.Items == 0 {
		c.Retention.Items = Duration(90 * 24 * time.Hour)
	}
	if c.Retention.Audit == 0 {
		c.Retention.Audit = Duration(400 * 24 * time.Hour)
	}
	if c.Retention.Dedup == 0 {
		c.Retention.Dedup = Duration(72 * time.Hour)
	}
}

// readSecrets fills every secret from its *_file key, else from its
// environment variable. A *_file that cannot be read is an error; an unset
// secret is left for validate to judge.
func (c *Config) readSecrets(env Env) []error {
	var problems []error
	read := func(key, file, envName string, dst *Secret) {
		if file != "" {
			v, err := readSecretFile(file)
			if err != nil {
				problems = append(problems, fmt.Errorf("%s : %w", key, err))
				return
			}
			*dst = NewSecret(v)
			return
		}
		if envName != "" {
			if v, ok := env(envName); ok {
				*dst = NewSecret(strings.TrimSpace(v))
			}
		}
	}
	read("graph.app_secret_file", c.Graph.AppSecretFile, EnvAppSecret, &c.Graph.AppSecret)
	read("graph.page_token_file", c.Graph.PageTokenFile, EnvPageToken, &c.Graph.PageToken)
	for i := range c.Pages {
		p := &c.Pages[i]
		if reNumericID.MatchString(p.ID) {
			read(fmt.Sprintf("pages[%d].page_token_file", i), p.PageTokenFile, PageTokenEnv(p.ID), &p.PageToken)
		}
	}
	read("webhook.verify_token_file", c.Webhook.VerifyTokenFile, EnvVerifyToken, &c.Webhook.VerifyToken)
	read("smtp.password_file", c.SMTP.PasswordFile, EnvSMTPPassword, &c.SMTP.Password)
	read("console.link_secret_file", c.Console.LinkSecretFile, EnvLinkSecret, &c.Console.LinkSecret)
	read("notify.webhook_secret_file", c.Notify.WebhookSecretFile, EnvNotifyWebhookSecret, &c.Notify.WebhookSecret)
	read("redis.password_file", c.Redis.PasswordFile, EnvRedisPassword, &c.Redis.Password)
	return problems
}

func readSecretFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return "", fmt.Errorf("le fichier %s n'existe pas", path)
		}
		if errors.Is(err, os.ErrPermission) {
			return "", fmt.Errorf("le fichier %s n'est pas lisible par l'utilisateur de Vigie", path)
		}
		return "", fmt.Errorf("lecture de %s impossible", path)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, MaxFileSize))
	if err != nil {
		return "", fmt.Errorf("lecture de %s impossible", path)
	}
	v := strings.TrimSpace(string(b))
	if v == "" {
		return "", fmt.Errorf("le fichier %s est vide", path)
	}
	return v, nil
}
