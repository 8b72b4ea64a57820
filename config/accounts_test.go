package config

import (
	"os"
	"path/filepath"
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
