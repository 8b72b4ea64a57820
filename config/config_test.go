package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vigie-fr/vigie/moderation"
)

func envOf(m map[string]string) Env {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

var fullEnv = envOf(map[string]string{
	EnvPageToken:    "EAAG-page-token-value",
	EnvAppSecret:    "app-secret-value",
	EnvVerifyToken:  "verify-token-value",
	EnvSMTPPassword: "smtp-password-value",
})

func TestExampleConfigLoads(t *testing.T) {
	data, err := os.ReadFile("../deploy/vigie.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// The example points at /run/secrets files; drop them so env is used.
	text := string(data)
	for _, key := range []string{"app_secret_file", "page_token_file", "verify_token_file", "password_file"} {
		text = dropKey(text, key)
	}
	c, err := Parse([]byte(text), "vigie.example.yaml", fullEnv)
	if err != nil {
		t.Fatalf("example does not load: %v", err)
	}
	if c.Mode != ModeObserve || c.Pages[0].ID != "104512345678901" {
		t.Errorf("unexpected values: mode %q pages %+v", c.Mode, c.Pages)
	}
	if c.Graph.PageToken.Reveal() != "EAAG-page-token-value" {
		t.Error("page token not taken from VIGIE_PAGE_TOKEN")
	}
	if c.Retention.Items.D() != 90*24*time.Hour || c.Poll.Backfill.D() != 7*24*time.Hour {
		t.Errorf("durations: items %v backfill %v", c.Retention.Items, c.Poll.Backfill)
	}
	cl, err := c.NewClassifier()
	if err != nil || cl == nil {
		t.Fatalf("classifier from example: %v", err)
	}
}

func dropKey(text, key string) string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), key+":") {
			continue
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

const minimal = `
pages:
  - id: "123"
    name: Mairie
`

func TestDefaults(t *testing.T) {
	c, err := Parse([]byte(minimal), "t.yaml", fullEnv)
	if err != nil {
		t.Fatal(err)
	}
	checks := map[string][2]string{
		"mode":           {c.Mode, "observe"},
		"listen":         {c.Listen, ":8080"},
		"graph.version":  {c.Graph.Version, "v25.0"},
		"graph.base_url": {c.Graph.BaseURL, "https://graph.facebook.com/"},
		"poll.schedule":  {c.Poll.Schedule, "*/2 * * * *"},
		"redis.prefix":   {c.Redis.Prefix, "vigie:"},
		"timezone":       {c.Location().String(), "Europe/Paris"},
	}
	for k, v := range checks {
		if v[0] != v[1] {
			t.Errorf("%s = %q, want %q", k, v[0], v[1])
		}
	}
	_, pol, err := c.Rules()
	if err != nil {
		t.Fatal(err)
	}
	if pol[moderation.Diffamatoire].Action != moderation.ActionQueue || pol[moderation.Haineux].Action != moderation.ActionHide {
		t.Errorf("default policy not applied: %+v", pol)
	}
}

func TestEveryProblemAtOnce(t *testing.T) {
	bad := `
mode: agir
listen: "8080"
pages:
  - id: "ma-page"
graph:
  version: "25"
  base_url: "ftp://x"
poll:
  schedule: "toutes les 2 minutes"
  backfill: 1m
moderation:
  categories:
    haineux: {action: supprimer, threshold: 2}
    grossier: {action: hide}
charter:
  rumors:
    - id: r1
      claim: "x"
  unreliable_domains: ["pas un domaine"]
  election_period: {start: "2026-03-22", end: "2026-02-01"}
retention:
  dedup: 1h
unknown_key: 1
`
	_, err := Parse([]byte(bad), "bad.yaml", envOf(nil))
	var ce *Error
	if !errors.As(err, &ce) {
		t.Fatalf("want *Error, got %v", err)
	}
	msg := err.Error()
	for _, key := range []string{
		"clé inconnue « unknown_key »", "mode :", "listen :", "pages[0].id :", "graph.page_token_file :",
		"graph.version :", "graph.base_url :", "poll.schedule :", "poll.backfill :",
		"moderation.categories.haineux.action :", "moderation.categories.haineux.threshold :",
		"moderation.categories.grossier :", "charter.rumors[0].correction :",
		"charter.unreliable_domains[0] :", "charter.election_period :", "retention.dedup :",
		"graph.app_secret_file :", "webhook.verify_token_file :",
	} {
		if !strings.Contains(msg, key) {
			t.Errorf("missing problem %q in:\n%s", key, msg)
		}
	}
	if len(ce.Problems) < 18 {
		t.Errorf("want every problem listed, got %d:\n%s", len(ce.Problems), msg)
	}
}

func TestWrongTypesAreReported(t *testing.T) {
	_, err := Parse([]byte("pages: oui\nworker:\n  concurrency: beaucoup\n"), "t.yaml", fullEnv)
	if err == nil {
		t.Fatal("want error")
	}
	for _, want := range []string{"ligne 1", "une liste", "ligne 3", "un nombre"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("missing %q in %v", want, err)
		}
	}
}

func TestSecretsFromFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name, v string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(v+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cfg := fmt.Sprintf(`pages: [{id: "1", name: M}]
graph: {app_secret_file: %s, page_token_file: %s}
webhook: {verify_token_file: %s}
`, write("s", "file-secret"), write("t", "file-token"), filepath.Join(dir, "missing"))
	_, err := Parse([]byte(cfg), "t.yaml", fullEnv)
	if err == nil || !strings.Contains(err.Error(), "webhook.verify_token_file : le fichier") {
		t.Fatalf("missing secret file not reported: %v", err)
	}
	cfg = strings.Replace(cfg, filepath.Join(dir, "missing"), write("v", "file-verify"), 1)
	c, err := Parse([]byte(cfg), "t.yaml", envOf(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Graph.AppSecret.Reveal() != "file-secret" || c.Graph.PageToken.Reveal() != "file-token" || c.Webhook.VerifyToken.Reveal() != "file-verify" {
		t.Error("secrets not read from files (trimmed)")
	}
}

func TestSecretsNeverPrinted(t *testing.T) {
	c, err := Parse([]byte(minimal), "t.yaml", fullEnv)
	if err != nil {
		t.Fatal(err)
	}
	outputs := []string{
		fmt.Sprintf("%v", c), fmt.Sprintf("%+v", c), fmt.Sprintf("%#v", c), fmt.Sprintf("%s", c.Graph.AppSecret),
		fmt.Sprintf("%q", c.Graph.PageToken), fmt.Sprint(c.Webhook.VerifyToken), c.Graph.PageToken.String(),
	}
	// An invalid config must not echo secrets either.
	_, err = Parse([]byte(minimal+"mode: x\n"), "t.yaml", fullEnv)
	outputs = append(outputs, err.Error())
	for _, out := range outputs {
		for _, secret := range []string{"EAAG-page-token-value", "app-secret-value", "verify-token-value", "smtp-password-value"} {
			if strings.Contains(out, secret) {
				t.Fatalf("secret %q printed in %q", secret, out)
			}
		}
	}
}

func TestRedisPasswordNotInURL(t *testing.T) {
	_, err := Parse([]byte(minimal+"redis: {url: \"redis://:hunter2@r:6379/0\"}\n"), "t.yaml", fullEnv)
	if err == nil || !strings.Contains(err.Error(), "redis.url") || strings.Contains(err.Error(), "hunter2") {
		t.Fatalf("want a redis.url problem without the password, got %v", err)
	}
}

func TestElectionPeriod(t *testing.T) {
	c, err := Parse([]byte(minimal+`charter: {election_period: {start: "2026-03-01", end: "2026-03-22"}}`), "t.yaml", fullEnv)
	if err != nil {
		t.Fatal(err)
	}
	paris := c.Location()
	tests := []struct {
		at   time.Time
		want bool
	}{
		{time.Date(2026, 2, 28, 23, 59, 0, 0, paris), false},
		{time.Date(2026, 3, 1, 0, 0, 0, 0, paris), true},
		{time.Date(2026, 3, 22, 23, 59, 0, 0, paris), true},
		{time.Date(2026, 3, 23, 0, 0, 0, 0, paris), false},
	}
	for _, tt := range tests {
		if got := c.InElectionPeriod(tt.at); got != tt.want {
			t.Errorf("InElectionPeriod(%v) = %v, want %v", tt.at, got, tt.want)
		}
	}
}

func TestLoadCharterNeedsNoSecrets(t *testing.T) {
	p := filepath.Join(t.TempDir(), "charter.yaml")
	if err := os.WriteFile(p, []byte("charter:\n  people: [{name: Jean Morel, role: maire}]\n  blocked_terms: [bouffon]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := LoadCharter(p)
	if err != nil {
		t.Fatal(err)
	}
	cl, err := c.NewClassifier()
	if err != nil {
		t.Fatal(err)
	}
	if v := cl.Classify("quel bouffon"); v.Action != moderation.ActionHide {
		t.Errorf("blocked term from charter not applied: %+v", v)
	}
	if err := os.WriteFile(p, []byte("charter:\n  rumeurs: []\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadCharter(p); err == nil || !strings.Contains(err.Error(), "rumeurs") {
		t.Errorf("unknown charter key accepted: %v", err)
	}
}

func TestDuration(t *testing.T) {
	for in, want := range map[string]time.Duration{"90d": 90 * 24 * time.Hour, "36h": 36 * time.Hour, "1h30m": 90 * time.Minute} {
		got, err := ParseDuration(in)
		if err != nil || got != want {
			t.Errorf("ParseDuration(%q) = %v, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "d", "-3d", "trois jours"} {
		if _, err := ParseDuration(in); err == nil {
			t.Errorf("ParseDuration(%q) accepted", in)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(minimal))
	f.Add([]byte("pages: [{id: 1}]\nretention: {items: 3d}\n"))
	f.Add([]byte("charter:\n  rumors: [{id: a, claim: b, correction: c}]\n"))
	f.Add([]byte("\t- :\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse(data, "fuzz.yaml", fullEnv)
		if err == nil && c == nil {
			t.Fatal("nil config without error")
		}
		if err != nil && strings.Contains(err.Error(), "app-secret-value") {
			t.Fatal("secret in error")
		}
	})
}
