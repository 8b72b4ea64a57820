package config

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestNotifyDefaults(t *testing.T) {
	c, err := Parse([]byte(minimal), "t.yaml", fullEnv)
	if err != nil {
		t.Fatal(err)
	}
	n := c.Notify
	if strings.Join(n.Immediate, ",") != "menace,haineux" || strings.Join(n.Quiet, ",") != "spam" {
		t.Errorf("immediate %v quiet %v", n.Immediate, n.Quiet)
	}
	for key, got := range map[string][2]time.Duration{
		"digest_every":    {n.DigestEvery.D(), 30 * time.Minute},
		"remind_after":    {n.RemindAfter.D(), 24 * time.Hour},
		"escalate_after":  {n.EscalateAfter.D(), 72 * time.Hour},
		"link_ttl":        {n.LinkTTL.D(), 7 * 24 * time.Hour},
		"webhook_silence": {n.WebhookSilence.D(), 6 * time.Hour},
	} {
		if got[0] != got[1] {
			t.Errorf("notify.%s = %v, want %v", key, got[0], got[1])
		}
	}
	if n.MailLog != 200 {
		t.Errorf("notify.mail_log = %d", n.MailLog)
	}
}

func TestNotifyEveryProblemAtOnce(t *testing.T) {
	yaml := minimal + `referent:
  notify_url: https://chat.example/hooks/abc
notify:
  immediate: [menace, insultes]
  quiet: [menace]
  digest_every: 10s
  remind_after: 48h
  escalate_after: 24h
  escalation_email: pas-une-adresse
  it_email: it@example.fr
  link_ttl: 90d
  webhook_silence: 1m
  mail_log: 0
`
	_, err := Parse([]byte(yaml), "t.yaml", fullEnv)
	var ce *Error
	if !errors.As(err, &ce) {
		t.Fatalf("want a config error, got %v", err)
	}
	msg := err.Error()
	for _, key := range []string{
		"notify.immediate[1]", "notify.quiet", "notify.digest_every", "notify.escalate_after",
		"notify.escalation_email", "smtp.host", "notify.link_ttl", "notify.webhook_silence", "notify.webhook_secret_file",
	} {
		if !strings.Contains(msg, key+" :") {
			t.Errorf("no problem reported for %s in:\n%s", key, msg)
		}
	}
	// mail_log: 0 means the default, not an error.
	if strings.Contains(msg, "notify.mail_log") {
		t.Errorf("mail_log 0 reported:\n%s", msg)
	}
}

func TestNotifyWebhookSecretNeverPrinted(t *testing.T) {
	env := envOf(map[string]string{
		EnvPageToken: "p", EnvAppSecret: "a", EnvVerifyToken: "v", EnvNotifyWebhookSecret: "webhook-secret-value",
	})
	c, err := Parse([]byte(minimal+"referent:\n  notify_url: https://chat.example/hooks/abc\n"), "t.yaml", env)
	if err != nil {
		t.Fatal(err)
	}
	if c.Notify.WebhookSecret.Reveal() != "webhook-secret-value" {
		t.Fatal("secret not read from VIGIE_NOTIFY_WEBHOOK_SECRET")
	}
	for _, out := range []string{fmt.Sprintf("%v", c), fmt.Sprintf("%+v", c.Notify), fmt.Sprintf("%#v", c.Notify)} {
		if strings.Contains(out, "webhook-secret-value") {
			t.Fatalf("secret printed in %q", out)
		}
	}
}

const communesBase = `
pages:
  - {id: "111", name: Mairie A}
  - {id: "222", name: Mairie B}
  - {id: "333", name: Mairie C}
referent: {name: IT, email: it@interco.fr}
smtp: {host: smtp.interco.fr, from: vigie@interco.fr, tls: none}
`

func TestCommuneEscalation(t *testing.T) {
	env := envOf(map[string]string{EnvPageToken: "t", EnvAppSecret: "s", EnvVerifyToken: "v"})
	c, err := Parse([]byte(communesBase+`notify: {remind_after: 12h, escalate_after: 48h}
communes:
  - id: a
    pages: ["111"]
    notify: {escalation_email: maire@a.fr, remind_after: 2h, escalate_after: 6h}
  - id: b
    pages: ["222"]
    notify: {escalation_email: ""}
  - id: c
    pages: ["333"]
`), "t.yaml", env)
	if err != nil {
		t.Fatal(err)
	}
	if a := c.ForCommune("a").Notify; a.EscalationEmail != "maire@a.fr" || a.RemindAfter.D() != 2*time.Hour || a.EscalateAfter.D() != 6*time.Hour {
		t.Errorf("commune a: %+v", a)
	}
	if b := c.ForCommune("b").Notify; b.EscalationEmail != "" || b.RemindAfter.D() != 12*time.Hour || b.EscalateAfter.D() != 48*time.Hour {
		t.Errorf("commune b: %+v", b)
	}
	if cc := c.ForCommune("c").Notify; cc.EscalationEmail != "" {
		t.Errorf("commune c without a second contact got %q", cc.EscalationEmail)
	}

	// A shared second contact for every commune is fine.
	shared, err := Parse([]byte(communesBase+`notify: {escalation_email: dgs@interco.fr}
communes:
  - {id: a, pages: ["111"]}
  - {id: b, pages: ["222", "333"], notify: {remind_after: 3h}}
`), "t.yaml", env)
	if err != nil {
		t.Fatal(err)
	}
	if got := shared.ForCommune("b").Notify; got.EscalationEmail != "dgs@interco.fr" || got.RemindAfter.D() != 3*time.Hour {
		t.Errorf("commune b with the shared contact: %+v", got)
	}
}

func TestCommuneEscalationProblems(t *testing.T) {
	env := envOf(map[string]string{EnvPageToken: "t", EnvAppSecret: "s", EnvVerifyToken: "v"})
	yaml := communesBase + `notify:
  escalation_email: dgs@interco.fr
communes:
  - id: a
    pages: ["111"]
    notify:
      escalation_email: pas-une-adresse
      remind_after: 10m
  - id: b
    pages: ["222"]
    notify:
      escalation_email: maire@b.fr
      escalate_after: 2h
  - id: c
    pages: ["333"]
`
	_, err := Parse([]byte(yaml), "t.yaml", env)
	if err == nil {
		t.Fatal("no error")
	}
	msg := err.Error()
	for _, want := range []string{
		"ligne 9 : notify.escalation_email : « dgs@interco.fr » servirait de second contact aux communes qui n'en ont pas, alors que les communes « a » et « b » ont chacune le sien",
		"ligne 14 : communes[0].notify.escalation_email : « pas-une-adresse » n'est pas une adresse e-mail",
		"ligne 15 : communes[0].notify.remind_after : 10m0s : doit être entre 1h et 30d",
		"ligne 20 : communes[1].notify.escalate_after : le second contact (après 2h0m0s) doit être prévenu après le rappel au référent (après 1d)",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("missing %q in:\n%s", want, msg)
		}
	}
}
