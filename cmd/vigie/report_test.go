package main

import (
	"context"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vigie-fr/vigie/bot/review/reviewtest"
	"github.com/vigie-fr/vigie/bot/store"
	"github.com/vigie-fr/vigie/config"
	"github.com/vigie-fr/vigie/moderation"
)

// TestReportAndEvidenceCLI runs `vigie report` and `vigie evidence` on a
// real Redis holding what the worker recorded.
func TestReportAndEvidenceCLI(t *testing.T) {
	f := reviewtest.New(t, false)
	cfg := queueConfig(t, f)
	hidden := f.Seed("Le maire est un incapable et un menteur", store.StateHidden, reviewtest.Verdict(moderation.ActionHide, "", moderation.Injurieux))
	f.Seed("Quand ouvre la piscine ?", store.StateVisible, reviewtest.Verdict(moderation.ActionNone, ""))
	month := f.Store.Month(time.Now())

	dir := filepath.Join(t.TempDir(), "rapport")
	code, out, errw := vigie(t, "", "report", "--config", cfg, "--month", month, "--out", dir)
	if code != 0 || !strings.Contains(out, "2 commentaires jugés") {
		t.Fatalf("vigie report = %d\n%s%s", code, out, errw)
	}
	for _, name := range []string{"report.html", "report.txt", "decisions.csv", "chart.png"} {
		if st, err := os.Stat(filepath.Join(dir, name)); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", name, err)
		}
	}
	img, err := os.Open(filepath.Join(dir, "chart.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer img.Close()
	if _, err := png.Decode(img); err != nil {
		t.Errorf("chart.png: %v", err)
	}
	text, _ := os.ReadFile(filepath.Join(dir, "report.txt"))
	csv, _ := os.ReadFile(filepath.Join(dir, "decisions.csv"))
	for _, data := range [][]byte{text, csv} {
		if strings.Contains(string(data), "Jean Habitant") {
			t.Error("the report names the author")
		}
	}
	code, out, _ = vigie(t, "", "report", "--config", cfg, "--month", month)
	if code != 0 || !strings.Contains(out, "RAPPORT MENSUEL DE MODÉRATION") {
		t.Fatalf("vigie report to stdout = %d\n%s", code, out)
	}
	if code, _, errw := vigie(t, "", "report", "--config", cfg, "--month", "octobre"); code != 2 || !strings.Contains(errw, "AAAA-MM") {
		t.Errorf("a bad month: %d %s", code, errw)
	}
	if code, _, errw := vigie(t, "", "report", "--config", cfg, "--month", month, "--send"); code != 1 || !strings.Contains(errw, "smtp") {
		t.Errorf("--send without smtp: %d %s", code, errw)
	}

	ev := filepath.Join(t.TempDir(), "preuve")
	code, out, errw = vigie(t, "", "evidence", "export", hidden.CommentID, "--config", cfg, "--out", ev)
	if code != 0 || !strings.Contains(out, "SHA-256") {
		t.Fatalf("vigie evidence export = %d\n%s%s", code, out, errw)
	}
	page, _ := os.ReadFile(filepath.Join(ev, "evidence.html"))
	if !strings.Contains(string(page), "incapable et un menteur") || !strings.Contains(string(page), "Jean Habitant") {
		t.Error("evidence.html lacks the comment or its author")
	}
	if code, out, _ := vigie(t, "", "evidence", "verify", ev); code != 0 || !strings.Contains(out, "Intègre") {
		t.Fatalf("vigie evidence verify = %d\n%s", code, out)
	}
	js := filepath.Join(ev, "evidence.json")
	raw, _ := os.ReadFile(js)
	if err := os.WriteFile(js, []byte(strings.Replace(string(raw), "menteur", "menteuse", 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, out, _ := vigie(t, "", "evidence", "verify", ev); code != 1 || !strings.Contains(out, "ALTÉRÉ") {
		t.Fatalf("a tampered dossier verified: %d\n%s", code, out)
	}
	if code, _, errw := vigie(t, "", "evidence", "export", "1_404", "--config", cfg, "--out", t.TempDir()); code != 1 || !strings.Contains(errw, "ne conserve rien") {
		t.Errorf("unknown comment: %d %s", code, errw)
	}
	if code, _, _ := vigie(t, "", "evidence", "export", "--config", cfg); code != 2 {
		t.Errorf("missing id: %d", code)
	}
}

// `vigie report --commune a --send` records that commune's report only:
// the daemon still owes the other commune its report.
func TestReportSendOneCommune(t *testing.T) {
	f := reviewtest.New(t, false)
	_, smtpPort := startRelay(t)
	t.Setenv(config.EnvPageToken, reviewtest.Token)
	t.Setenv(config.EnvAppSecret, reviewtest.Secret)
	t.Setenv(config.EnvVerifyToken, "verify")
	path := filepath.Join(t.TempDir(), "vigie.yaml")
	yaml := fmt.Sprintf(`pages: [{id: %q, name: Mairie A}, {id: "104500000000999", name: Mairie B}]
graph: {base_url: %q}
redis: {url: %q, prefix: %q}
smtp: {host: 127.0.0.1, port: %d, tls: none, from: vigie@interco.fr}
referent: {name: IT, email: it@interco.fr}
communes:
  - {id: a, pages: [%q], referent: {name: Alice, email: alice@a.fr}}
  - {id: b, pages: ["104500000000999"], referent: {name: Bea, email: bea@b.fr}}
`, reviewtest.PageID, f.GraphURL, f.RedisURL, f.Store.Prefix(), smtpPort, reviewtest.PageID)
	if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	month := f.Store.Month(time.Now())
	code, out, errw := vigie(t, "", "report", "--config", path, "--month", month, "--commune", "a", "--send")
	if code != 0 || !strings.Contains(out, "envoyé à 1 destinataire") {
		t.Fatalf("vigie report --send = %d\n%s%s", code, out, errw)
	}
	ctx := context.Background()
	if _, done, err := f.Store.ReportPartSent(ctx, month, "a"); err != nil || !done {
		t.Errorf("commune a's report not recorded as sent: %v", err)
	}
	if _, done, _ := f.Store.ReportPartSent(ctx, month, "b"); done {
		t.Error("commune b's report recorded as sent")
	}
	if _, done, _ := f.Store.ReportSent(ctx, month); done {
		t.Error("the whole month recorded as sent after one commune's report")
	}
}
