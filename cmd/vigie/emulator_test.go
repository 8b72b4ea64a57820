package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/vigie-fr/vigie/bot/redistest"
	"github.com/vigie-fr/vigie/config"
)

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// The README's rehearsal: `vigie emulator serve` stands in for Meta with
// the configuration's own Page and secrets, `vigie run` runs on that same
// configuration, and a comment posted with `vigie emulator comment` reaches
// Vigie by a signed webhook and is hidden on the emulated Page.
func TestRehearsalWithTheEmulator(t *testing.T) {
	rds := redistest.Start(t)
	emuLn, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	emuURL := "http://" + emuLn.Addr().String()
	dir := t.TempDir()
	secret := func(name, v string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(v+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cfgPath := filepath.Join(dir, "vigie.yaml")
	yaml := fmt.Sprintf(`mode: act
listen: %q
admin_listen: "127.0.0.1:0"
pages: [{id: "104500000000042", name: "Mairie de Répétition"}]
instagram: [{id: "17841400000000042", page_id: "104500000000042", name: "mairie.repetition"}]
graph:
  base_url: %s/
  app_secret_file: %s
  page_token_file: %s
webhook:
  verify_token_file: %s
redis: {url: %q}
`, freeAddr(t), emuURL, secret("app_secret", "rehearsal-app-secret"), secret("page_token", "EAAG-rehearsal"), secret("verify_token", "rehearsal-verify"), rds.URL())
	if err := os.WriteFile(cfgPath, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var emuOut syncBuffer
	emuDone := make(chan error, 1)
	go func() { emuDone <- serveEmulator(ctx, cfg, emuLn, &emuOut) }()
	defer func() {
		cancel()
		if err := <-emuDone; err != nil {
			t.Errorf("emulator: %v", err)
		}
	}()

	var logs syncBuffer
	runDone := make(chan int, 1)
	go func() { runDone <- run([]string{"run", "--config", cfgPath}, strings.NewReader(""), &logs, &logs) }()
	defer func() {
		_ = syscall.Kill(os.Getpid(), syscall.SIGINT)
		select {
		case code := <-runDone:
			if code != 0 {
				t.Errorf("vigie run exit %d:\n%s", code, logs.String())
			}
		case <-time.After(30 * time.Second):
			t.Error("vigie run did not stop")
		}
	}()

	// Vigie may still be starting: the poller would catch the comment,
	// but the rehearsal shows the webhook path, so wait for a 200.
	var out string
	deadline := time.Now().Add(20 * time.Second)
	for {
		code, o, errOut := runCmd(t, "", "emulator", "comment", "--emulator", emuURL, "--auteur", "Jean Test", "Le maire est un gros connard")
		if code != 0 {
			t.Fatalf("emulator comment: exit %d: %s", code, errOut)
		}
		out = o
		if strings.Contains(out, "(200)") || time.Now().After(deadline) {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	if !strings.Contains(out, "Webhook reçu par Vigie (200)") {
		t.Fatalf("the webhook did not reach Vigie: %s\n%s", out, logs.String())
	}
	deadline = time.Now().Add(20 * time.Second)
	for {
		_, list, _ := runCmd(t, "", "emulator", "list", "--emulator", emuURL)
		if strings.Contains(list, "masqué") && strings.Contains(list, "Jean Test : Le maire est un gros connard") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the insult was not hidden on the emulated Page:\n%s\n%s", list, logs.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	if s := emuOut.String(); !strings.Contains(s, "Page 104500000000042") || !strings.Contains(s, "17841400000000042") {
		t.Errorf("the emulator did not say which Page and Instagram account it plays: %s", s)
	}

	// The Instagram account linked to the Page: same path, hide=true.
	code, out, errOut := runCmd(t, "", "emulator", "comment", "--emulator", emuURL, "--instagram", "--auteur", "jean.test", "Quel gros connard ce maire")
	if code != 0 || !strings.Contains(out, "Webhook reçu par Vigie (200)") {
		t.Fatalf("emulator comment --instagram: exit %d: %s%s", code, out, errOut)
	}
	deadline = time.Now().Add(20 * time.Second)
	for {
		_, list, _ := runCmd(t, "", "emulator", "list", "--emulator", emuURL)
		if strings.Contains(list, "masqué    Instagram") && strings.Contains(list, "jean.test : Quel gros connard ce maire") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the Instagram insult was not hidden:\n%s\n%s", list, logs.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func TestEmulatorCommandErrors(t *testing.T) {
	if code, _, errOut := runCmd(t, "", "emulator"); code != 2 || !strings.Contains(errOut, "vigie emulator serve") {
		t.Errorf("no action: exit %d %s", code, errOut)
	}
	if code, _, errOut := runCmd(t, "", "emulator", "comment", "--emulator", "http://"+freeAddr(t), "bonjour"); code != 1 || !strings.Contains(errOut, "ne répond pas") {
		t.Errorf("no emulator: exit %d %s", code, errOut)
	}
	if code, _, errOut := runCmd(t, "", "emulator", "comment"); code != 2 || !strings.Contains(errOut, "texte") {
		t.Errorf("no text: exit %d %s", code, errOut)
	}
}
