package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/vigie-fr/vigie/bot/review/reviewtest"
	"github.com/vigie-fr/vigie/bot/store"
	"github.com/vigie-fr/vigie/config"
	"github.com/vigie-fr/vigie/moderation"
)

// queueConfig writes a configuration pointing at the fixture's Redis and
// emulator.
func queueConfig(t *testing.T, f *reviewtest.Fixture) string {
	t.Helper()
	t.Setenv(config.EnvPageToken, reviewtest.Token)
	t.Setenv(config.EnvAppSecret, reviewtest.Secret)
	t.Setenv(config.EnvVerifyToken, "verify")
	path := filepath.Join(t.TempDir(), "vigie.yaml")
	yaml := fmt.Sprintf("mode: act\npages: [{id: %q, name: Mairie}]\ngraph: {base_url: %q}\nredis: {url: %q, prefix: %q}\n",
		reviewtest.PageID, f.GraphURL, f.RedisURL, f.Store.Prefix())
	if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func vigie(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errw bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errw)
	return code, out.String(), errw.String()
}

func TestQueueCLI(t *testing.T) {
	f := reviewtest.New(t, false)
	cfg := queueConfig(t, f)
	insult := reviewtest.Verdict(moderation.ActionQueue, "", moderation.Injurieux)
	q := f.Seed("Ce maire est un vrai guignol", store.StateQueued, insult)
	h := f.Seed("Je vais te retrouver", store.StateHidden, reviewtest.Verdict(moderation.ActionHide, "", moderation.Menace))

	code, out, errw := vigie(t, "", "queue", "list", "--config", cfg)
	if code != 0 || !strings.Contains(out, "1 commentaire(s) en attente") || !strings.Contains(out, q.CommentID) || !strings.Contains(out, "injure ou propos grossier") {
		t.Fatalf("queue list = %d\n%s%s", code, out, errw)
	}
	code, out, _ = vigie(t, "", "queue", "list", "--masques", "--config", cfg)
	if code != 0 || !strings.Contains(out, h.CommentID) {
		t.Fatalf("queue list --masques = %d\n%s", code, out)
	}
	code, out, _ = vigie(t, "", "queue", "show", q.CommentID, "--config", cfg)
	if code != 0 || !strings.Contains(out, "vrai guignol") || !strings.Contains(out, "Action proposée : masquer le commentaire") {
		t.Fatalf("queue show = %d\n%s", code, out)
	}
	code, out, errw = vigie(t, "", "queue", "approve", q.CommentID, "--by", "marie", "--config", cfg)
	if code != 0 || !strings.Contains(out, "commentaire masqué") {
		t.Fatalf("queue approve = %d\n%s%s", code, out, errw)
	}
	if c, _ := f.Emu.Comment(q.CommentID); !c.Hidden {
		t.Fatal("the emulator does not show the approved comment hidden")
	}
	code, _, errw = vigie(t, "", "queue", "approve", q.CommentID, "--by", "paul", "--config", cfg)
	if code != 1 || !strings.Contains(errw, "Déjà traité par marie") {
		t.Fatalf("second approve = %d\n%s", code, errw)
	}
	code, out, errw = vigie(t, "", "queue", "reject", h.CommentID, "--config", cfg)
	if c, _ := f.Emu.Comment(h.CommentID); code != 0 || c.Hidden || !strings.Contains(out, "rendu visible") {
		t.Fatalf("queue reject = %d, hidden %v\n%s%s", code, c.Hidden, out, errw)
	}

	export := filepath.Join(t.TempDir(), "decisions.jsonl")
	if code, _, errw := vigie(t, "", "queue", "export-decisions", "--out", export, "--config", cfg); code != 0 {
		t.Fatalf("export = %d %s", code, errw)
	}
	raw, _ := os.ReadFile(export)
	var lines []map[string]any
	sc := bufio.NewScanner(bytes.NewReader(raw))
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("bad JSONL line %q: %v", sc.Text(), err)
		}
		lines = append(lines, m)
	}
	if len(lines) != 2 || lines[0]["decision"] != "approve" || lines[1]["decision"] != "reject" || lines[0]["text"] != q.Message {
		t.Fatalf("export = %s", raw)
	}
	for _, k := range []string{"id", "text", "labels", "decision", "decided_at"} {
		if _, ok := lines[1][k]; !ok {
			t.Errorf("export line lacks %q: %v", k, lines[1])
		}
	}

	code, out, _ = vigie(t, "", "audit", "--jsonl", "--event", "reviewed", "--config", cfg)
	if code != 0 || strings.Count(out, "\n") != 2 || !strings.Contains(out, `"by":"marie"`) || !strings.Contains(out, `"decision":"approve"`) {
		t.Fatalf("audit --jsonl = %d\n%s", code, out)
	}
	code, out, _ = vigie(t, "", "audit", "--category", "menace", "--config", cfg)
	if code != 0 || !strings.Contains(out, "rejeté (laissé visible) par cli:") {
		t.Fatalf("audit --category menace = %d\n%s", code, out)
	}
}

func TestUserAdd(t *testing.T) {
	code, out, errw := vigie(t, "une phrase de passe solide\n", "user", "add", "marie.dupont", "--cost", "10")
	if code != 0 {
		t.Fatalf("user add = %d %s", code, errw)
	}
	line := strings.TrimSpace(out)
	hash := strings.TrimSuffix(strings.SplitN(line, `password_hash: "`, 2)[1], `"}`)
	if !strings.HasPrefix(line, "- {name: marie.dupont, password_hash: ") || bcrypt.CompareHashAndPassword([]byte(hash), []byte("une phrase de passe solide")) != nil {
		t.Fatalf("user add printed %q", out)
	}
	if code, _, errw := vigie(t, "court\n", "user", "add", "paul"); code != 2 || !strings.Contains(errw, "trop court") {
		t.Fatalf("short password = %d %s", code, errw)
	}
	if code, _, _ := vigie(t, "une phrase de passe solide\n", "user", "add", "Paul Martin"); code != 2 {
		t.Fatalf("bad name accepted")
	}
}
