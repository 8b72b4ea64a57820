package main

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vigie-fr/vigie/bot/graphemu"
)

func TestAccountsCheck(t *testing.T) {
	const token, secret = "EAAG-accounts-check-token", "accounts-app-secret"
	emu := graphemu.New(graphemu.Options{PageID: "104500000000777", PageName: "Mairie de Test", AccessToken: token, AppSecret: secret})
	srv := httptest.NewServer(emu)
	defer srv.Close()
	dir := t.TempDir()
	cfg := filepath.Join(dir, "vigie.yaml")
	if err := os.WriteFile(cfg, []byte(`pages: [{id: "104500000000777", name: Mairie de Test}]
instagram: [{id: "`+emu.InstagramID()+`", page_id: "104500000000777", name: mairie.test}]
graph: {base_url: "`+srv.URL+`/"}
`), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("VIGIE_PAGE_TOKEN_104500000000777", token)
	t.Setenv("VIGIE_APP_SECRET", secret)
	t.Setenv("VIGIE_VERIFY_TOKEN", "verify")

	tests := []struct {
		name  string
		setup func()
		code  int
		want  []string
	}{
		{"everything works", func() {}, 0, []string{"✓ jeton valide : c'est celui de la Page « Mairie de Test »", "✓ autorisations de la Page accordées", "✓ webhooks : l'application est abonnée", "✓ compte relié à la Page", "Tous les comptes sont prêts", "variable VIGIE_PAGE_TOKEN_104500000000777"}},
		{"missing permission and subscription", func() {
			emu.SetScopes("pages_show_list", "pages_read_engagement", "pages_read_user_content", "instagram_basic")
			emu.SetSubscribedFields()
		}, 1, []string{"pages_manage_engagement (masquer, supprimer et répondre)", "instagram_manage_comments", "subscribed_apps?subscribed_fields=feed", "→ ", "point(s) à corriger"}},
		{"expired token", func() { emu.ExpireToken(graphemu.SubcodeExpired) }, 1, []string{"jeton refusé par Meta (token)", "créez un nouveau jeton"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.setup()
			code, out, errOut := runCmd(t, "", "accounts", "check", "--config", cfg)
			if code != tt.code {
				t.Fatalf("exit %d, want %d\n%s%s", code, tt.code, out, errOut)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			if strings.Contains(out+errOut, token) || strings.Contains(out+errOut, secret) {
				t.Fatal("a secret was printed")
			}
		})
	}
}
