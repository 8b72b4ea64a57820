package config

import (
	"errors"
	"strings"
	"testing"
	"time"
)

const consoleBase = `pages: [{id: "104512345678901", name: "Mairie"}]
`

// A bcrypt hash of "correct horse" (cost 10).
const testHash = "$2a$10$0D362Ql.5QvBKDVBZoeJB.10ri137ACLrkRpxBguVDUbGR2jBAlH."

func TestConsoleConfig(t *testing.T) {
	env := envOf(map[string]string{
		EnvPageToken: "t", EnvAppSecret: "s", EnvVerifyToken: "v",
		EnvLinkSecret: "0123456789abcdef0123456789abcdef-link",
	})
	c, err := Parse([]byte(consoleBase+`console:
  public_url: https://vigie.mairie.example.fr/
  users: [{name: marie, password_hash: "`+testHash+`"}]
`), "c.yaml", env)
	if err != nil {
		t.Fatal(err)
	}
	k := c.Console
	if !k.Enabled() || !k.Secure() || k.Listen != "127.0.0.1:8081" || k.SessionTTL.D() != 12*time.Hour || k.PublicURL != "https://vigie.mairie.example.fr" {
		t.Fatalf("console = %+v", k)
	}
	if k.LinkSecret.Reveal() != "0123456789abcdef0123456789abcdef-link" {
		t.Fatal("link secret not read from VIGIE_LINK_SECRET")
	}
	none, err := Parse([]byte(consoleBase), "c.yaml", env)
	if err != nil || none.Console.Enabled() {
		t.Fatalf("no console section: enabled=%v err=%v", none.Console.Enabled(), err)
	}
}

func TestConsoleConfigProblems(t *testing.T) {
	env := envOf(map[string]string{EnvPageToken: "t", EnvAppSecret: "s", EnvVerifyToken: "v", EnvLinkSecret: "short-secret-value"})
	_, err := Parse([]byte(consoleBase+`listen: ":8080"
console:
  listen: ":8080"
  public_url: "ftp://x"
  session_ttl: 1m
  users:
    - {name: Marie Dupont, password_hash: "motdepasse"}
    - {name: paul, password_hash: "`+testHash+`"}
    - {name: paul, password_hash: "`+testHash+`"}
`), "c.yaml", env)
	var ce *Error
	if !errors.As(err, &ce) {
		t.Fatalf("err = %v", err)
	}
	msg := err.Error()
	for _, want := range []string{"console.listen", "console.public_url", "console.link_secret_file : la clé de signature des liens est trop courte",
		"console.session_ttl", "console.users[0].name", "console.users[0].password_hash", "console.users[2].name : « paul » est listé deux fois"} {
		if !strings.Contains(msg, want) {
			t.Errorf("missing %q in:\n%s", want, msg)
		}
	}
	if strings.Contains(msg, "short-secret-value") {
		t.Error("the link secret appears in the error")
	}
}
