package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestConfigCheck(t *testing.T) {
	dir := t.TempDir()
	secret := filepath.Join(dir, "app_secret")
	if err := os.WriteFile(secret, []byte("s3cr3t-app-value"), 0o600); err != nil {
		t.Fatal(err)
	}
	good := filepath.Join(dir, "good.yaml")
	if err := os.WriteFile(good, []byte(`pages: [{id: "123", name: Mairie}]
graph: {app_secret_file: `+secret+`}
`), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("VIGIE_PAGE_TOKEN", "EAAG-very-secret-token")
	t.Setenv("VIGIE_VERIFY_TOKEN", "verify-me-secret")

	code, out, errOut := runCmd(t, "", "config", "check", "--config", good)
	if code != 0 {
		t.Fatalf("valid config: exit %d, %s", code, errOut)
	}
	if !strings.Contains(out, "configuration valide") || !strings.Contains(out, "<redacted>") {
		t.Errorf("unexpected output:\n%s", out)
	}

	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("mode: agir\npages: [{id: x}]\ncouleur: bleu\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut = runCmd(t, "", "config", "check", "--config", bad)
	if code != 2 {
		t.Fatalf("invalid config: exit %d, want 2", code)
	}
	for _, want := range []string{"mode :", "pages[0].id :", "clé inconnue « couleur »"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("missing %q in:\n%s", want, errOut)
		}
	}
	for _, s := range []string{"s3cr3t-app-value", "EAAG-very-secret-token", "verify-me-secret"} {
		if strings.Contains(out+errOut, s) {
			t.Fatalf("secret %q printed", s)
		}
	}

	code, _, errOut = runCmd(t, "", "config", "check", "--config", filepath.Join(dir, "absent.yaml"))
	if code != 2 || !strings.Contains(errOut, "absent.yaml") {
		t.Errorf("missing file: exit %d, %s", code, errOut)
	}
}

func TestUnknownCommand(t *testing.T) {
	code, _, errOut := runCmd(t, "", "frobnicate")
	if code != 2 || !strings.Contains(errOut, "commande inconnue") {
		t.Errorf("exit %d, %s", code, errOut)
	}
}

// The example configurations pass `vigie config check` once their secret
// files exist.
func TestExampleConfigsCheck(t *testing.T) {
	for _, name := range []string{"facebook-instagram.yaml", "trois-communes.yaml"} {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("..", "..", "deploy", "examples", name))
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			text := strings.ReplaceAll(string(data), "/etc/vigie/secrets/", dir+"/")
			for _, line := range strings.Split(text, "\n") {
				if _, f, ok := strings.Cut(line, "_file: "); ok {
					if err := os.WriteFile(strings.TrimSpace(f), []byte("secret-value-for-the-test\n"), 0o600); err != nil {
						t.Fatal(err)
					}
				}
			}
			path := filepath.Join(dir, name)
			if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
				t.Fatal(err)
			}
			code, out, errOut := runCmd(t, "", "config", "check", "--config", path)
			if code != 0 {
				t.Fatalf("exit %d:\n%s%s", code, out, errOut)
			}
			if strings.Contains(out+errOut, "secret-value-for-the-test") {
				t.Fatal("a secret was printed")
			}
		})
	}
}

// With communes, config check shows each commune's second contact and
// delays, and refuses a shared second contact next to a commune's own.
func TestConfigCheckCommuneSecondContacts(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("VIGIE_PAGE_TOKEN", "EAAG-token")
	t.Setenv("VIGIE_APP_SECRET", "app-secret")
	t.Setenv("VIGIE_VERIFY_TOKEN", "verify")
	base := `pages:
  - {id: "111", name: Mairie A}
  - {id: "222", name: Mairie B}
referent: {name: IT, email: it@interco.fr}
smtp: {host: smtp.interco.fr, from: vigie@interco.fr, tls: none}
`
	communes := `communes:
  - {id: a, name: Mairie A, pages: ["111"], notify: {escalation_email: maire@a.fr, remind_after: 12h, escalate_after: 48h}}
  - {id: b, name: Mairie B, pages: ["222"], referent: {name: Bea, email: bea@b.fr}}
`
	good := filepath.Join(dir, "good.yaml")
	if err := os.WriteFile(good, []byte(base+communes), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCmd(t, "", "config", "check", "--config", good)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"commune a (Mairie A) : 1 compte(s), référent it@interco.fr (rappel après 12 h), second contact maire@a.fr après 2 j",
		"commune b (Mairie B) : 1 compte(s), référent bea@b.fr (rappel après 1 j), aucun second contact",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte(base+"notify: {escalation_email: dgs@interco.fr}\n"+communes), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errOut = runCmd(t, "", "config", "check", "--config", bad)
	if code != 2 || !strings.Contains(errOut, "ligne 6 : notify.escalation_email : « dgs@interco.fr » servirait de second contact aux communes qui n'en ont pas, alors que la commune « a » a le sien") {
		t.Errorf("exit %d:\n%s", code, errOut)
	}
}
