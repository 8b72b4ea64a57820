package config

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const twoPages = `
pages:
  - {id: "111", name: Mairie A}
  - {id: "222", name: Mairie B, page_token_file: %s}
instagram:
  - {id: "17841", page_id: "222", name: mairie.b}
`

func TestPageTokens(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "b.token")
	if err := os.WriteFile(file, []byte("EAAG-token-b\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	yaml := strings.Replace(twoPages, "%s", file, 1)
	base := map[string]string{EnvAppSecret: "s", EnvVerifyToken: "v"}

	t.Run("a Page without a token is named", func(t *testing.T) {
		_, err := Parse([]byte(yaml), "t.yaml", envOf(base))
		if err == nil || !strings.Contains(err.Error(), "pages[0] (111)") || strings.Contains(err.Error(), "pages[1]") {
			t.Fatalf("error %v, want pages[0] named alone", err)
		}
	})
	t.Run("per-Page env and file", func(t *testing.T) {
		env := map[string]string{PageTokenEnv("111"): "EAAG-token-a"}
		for k, v := range base {
			env[k] = v
		}
		c, err := Parse([]byte(yaml), "t.yaml", envOf(env))
		if err != nil {
			t.Fatal(err)
		}
		for _, tt := range []struct{ account, token, file, env string }{
			{"111", "EAAG-token-a", "", "VIGIE_PAGE_TOKEN_111"},
			{"222", "EAAG-token-b", file, "VIGIE_PAGE_TOKEN_222"},
			{"17841", "EAAG-token-b", file, "VIGIE_PAGE_TOKEN_222"}, // the linked Page's
		} {
			tok, f, e := c.PageToken(tt.account)
			if tok.Reveal() != tt.token || f != tt.file || e != tt.env {
				t.Errorf("PageToken(%s) = %q %q %q", tt.account, tok.Reveal(), f, e)
			}
		}
	})
	t.Run("the default token serves Pages without their own", func(t *testing.T) {
		env := map[string]string{EnvPageToken: "EAAG-default"}
		for k, v := range base {
			env[k] = v
		}
		c, err := Parse([]byte(yaml), "t.yaml", envOf(env))
		if err != nil {
			t.Fatal(err)
		}
		if tok, _, e := c.PageToken("111"); tok.Reveal() != "EAAG-default" || e != EnvPageToken {
			t.Errorf("PageToken(111) = %q from %s", tok.Reveal(), e)
		}
	})
}

func TestCommunes(t *testing.T) {
	env := envOf(map[string]string{EnvPageToken: "t", EnvAppSecret: "s", EnvVerifyToken: "v"})
	const base = `
pages:
  - {id: "111", name: Mairie A}
  - {id: "222", name: Mairie B}
instagram:
  - {id: "17841", page_id: "222", name: mairie.b}
charter: {blocked_terms: [partout]}
moderation: {categories: {spam: {action: queue}}}
referent: {name: IT, email: it@interco.fr}
smtp: {host: smtp.interco.fr, from: vigie@interco.fr, tls: none}
`
	c, err := Parse([]byte(base+`communes:
  - id: a
    pages: ["111"]
  - id: b
    name: Commune B
    pages: ["222"]
    instagram: ["17841"]
    referent: {name: Bea, email: bea@b.fr}
    charter: {blocked_terms: [ici]}
    moderation: {categories: {propagande: {action: none}}}
console:
  users:
    - {name: bea, password_hash: "$2a$10$abcdefghijklmnopqrstuuKq0hjbJ0b7mF6eHsW1sE0oD6ZyqTz3a", communes: [b]}
`), "t.yaml", env)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.CommuneOf("17841"); got != "b" {
		t.Errorf("CommuneOf(17841) = %q", got)
	}
	b := c.ForCommune("b")
	if b.Referent.Email != "bea@b.fr" || !slices.Equal(b.Charter.BlockedTerms, []string{"partout", "ici"}) ||
		b.Moderation.Categories["spam"].Action != "queue" || b.Moderation.Categories["propagande"].Action != "none" ||
		len(b.Pages) != 1 || len(b.Instagram) != 1 || !slices.Equal(b.ReportRecipients(), []string{"bea@b.fr"}) {
		t.Errorf("commune b: %+v", b)
	}
	if a := c.ForCommune("a"); a.Referent.Email != "it@interco.fr" || !slices.Equal(a.Charter.BlockedTerms, []string{"partout"}) {
		t.Errorf("commune a inherits the defaults: %+v %v", a.Referent, a.Charter.BlockedTerms)
	}

	_, err = Parse([]byte(base+`communes:
  - id: A!
    pages: ["111", "999"]
  - id: b
    pages: ["111"]
`), "t.yaml", env)
	for _, want := range []string{"communes[0].id", "communes[0].pages[1]", "communes[1].pages[0]", "17841 n'appartient à aucune commune", "222 n'appartient"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v lacks %q", err, want)
		}
	}
}
