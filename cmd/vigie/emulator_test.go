package main

import (
	"bufio"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
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

// exampleRehearsal writes a copy of deploy/examples/NAME ready to rehearse
// against the emulator at emuURL, as the README's rehearsal does: secret
// files in a temporary directory (each Page token different), act mode,
// local addresses, the test Redis with the copy's Redis password, an SMTP
// server that refuses connections. It returns the copy's path and the
// secrets by file name.
func exampleRehearsal(t *testing.T, name, emuURL string, rds *redistest.Server) (string, map[string]string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "deploy", "examples", name))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	text := strings.ReplaceAll(string(data), "/etc/vigie/secrets/", dir+"/")
	for _, r := range []struct{ re, repl string }{
		{`(?m)^mode: \w+`, "mode: act"},
		{`(?m)^listen: .*$`, `listen: "` + freeAddr(t) + `"`},
		{`(?m)^admin_listen: .*$`, `admin_listen: "127.0.0.1:0"`},
		{`(?m)^graph:\n`, "graph:\n  base_url: " + emuURL + "/\n"},
		{`redis://127\.0\.0\.1:6379/0`, rds.URL() + "/0"},
		{`(?m)^  host: .*$`, "  host: 127.0.0.1"},
		{`(?m)^  port: 587$`, "  port: " + strings.TrimPrefix(freeAddr(t), "127.0.0.1:")},
		{`(?m)^  listen: "127\.0\.0\.1:8081"`, `  listen: "` + freeAddr(t) + `"`},
	} {
		re := regexp.MustCompile(r.re)
		if !re.MatchString(text) && !strings.Contains(r.re, "host") && !strings.Contains(r.re, "port") && !strings.Contains(r.re, "8081") {
			t.Fatalf("%s: no %s to rewrite", name, r.re)
		}
		text = re.ReplaceAllLiteralString(text, r.repl)
	}
	secrets := map[string]string{}
	for _, m := range regexp.MustCompile(`(?m)_file:\s*(\S+)`).FindAllStringSubmatch(text, -1) {
		base := filepath.Base(m[1])
		secrets[base] = "test-" + base
		if err := os.WriteFile(m[1], []byte(secrets[base]+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if pw := secrets["redis_password"]; pw != "" {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := rds.Client().ConfigSet(ctx, "requirepass", pw).Err(); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path, secrets
}

// rehearse starts `vigie emulator serve` (in process, on emuLn) and
// `vigie run` on the configuration, both stopped at the end of the test.
func rehearse(t *testing.T, cfgPath string, emuLn net.Listener, pageSize int) (*rehearsal, *syncBuffer, *syncBuffer) {
	t.Helper()
	cfg, err := config.Load(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	reh, err := newRehearsal(cfg, pageSize)
	if err != nil {
		t.Fatal(err)
	}
	return reh, startEmulator(t, reh, emuLn), startRun(t, cfgPath)
}

func startEmulator(t *testing.T, reh *rehearsal, emuLn net.Listener) *syncBuffer {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var out syncBuffer
	done := make(chan error, 1)
	go func() { done <- reh.serve(ctx, emuLn, &out) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("emulator: %v", err)
		}
	})
	return &out
}

func startRun(t *testing.T, cfgPath string) *syncBuffer {
	t.Helper()
	var logs syncBuffer
	done := make(chan int, 1)
	go func() { done <- run([]string{"run", "--config", cfgPath}, strings.NewReader(""), &logs, &logs) }()
	t.Cleanup(func() {
		_ = syscall.Kill(os.Getpid(), syscall.SIGINT)
		select {
		case code := <-done:
			if code != 0 {
				t.Errorf("vigie run exit %d:\n%s", code, logs.String())
			}
		case <-time.After(30 * time.Second):
			t.Error("vigie run did not stop")
		}
	})
	return &logs
}

var publishedRE = regexp.MustCompile(`(?:Commentaire|Réponse) (\d+(?:_\d+)?) `)

// comment runs `vigie emulator comment` and returns the new comment's id.
func comment(t *testing.T, emuURL string, args ...string) (string, string) {
	t.Helper()
	code, out, errOut := runCmd(t, "", append([]string{"emulator", "comment", "--emulator", emuURL}, args...)...)
	if code != 0 {
		t.Fatalf("emulator comment %v: exit %d: %s%s", args, code, out, errOut)
	}
	m := publishedRE.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("emulator comment %v: no id in %q", args, out)
	}
	return m[1], out
}

// commentWebhook posts a comment that must reach Vigie by webhook.
func commentWebhook(t *testing.T, emuURL string, args ...string) string {
	t.Helper()
	id, out := comment(t, emuURL, args...)
	if !strings.Contains(out, "Webhook reçu par Vigie (200)") {
		t.Fatalf("the webhook did not reach Vigie: %s", out)
	}
	return id
}

// waitServing waits until `vigie run` answers on the configuration's
// public address.
func waitServing(t *testing.T, cfgPath string, logs *syncBuffer) {
	t.Helper()
	cfg, err := config.Load(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, "vigie run serving", logs, func() bool {
		resp, err := http.Get("http://" + loopbackAddr(cfg.Listen) + "/healthz")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	})
}

func waitFor(t *testing.T, what string, logs *syncBuffer, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: timed out\n%s", what, logs.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// hides counts the hide actions each emulated account accepted, by
// comment id.
func hides(reh *rehearsal) map[string]int {
	out := map[string]int{}
	for _, s := range reh.group.Servers() {
		for _, a := range s.Actions() {
			if a.Kind == "hide" {
				out[a.CommentID]++
			}
		}
	}
	return out
}

// The README's rehearsal of deploy/examples/facebook-instagram.yaml:
// `vigie emulator serve` stands in for Meta with the configuration's own
// Page, Instagram account and secrets, `vigie run` runs on that same
// configuration, and comments posted with `vigie emulator comment` reach
// Vigie by a signed webhook and are hidden on the emulated accounts.
func TestRehearsalWithTheEmulator(t *testing.T) {
	rds := redistest.Start(t)
	emuLn, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	emuURL := "http://" + emuLn.Addr().String()
	cfgPath, _ := exampleRehearsal(t, "facebook-instagram.yaml", emuURL, rds)
	reh, emuOut, logs := rehearse(t, cfgPath, emuLn, 0)
	waitServing(t, cfgPath, logs)

	fb := commentWebhook(t, emuURL, "--auteur", "Jean Test", "Le maire est un gros connard")
	ig := commentWebhook(t, emuURL, "--instagram", "--auteur", "jean.test", "Quel gros connard ce maire")
	waitFor(t, "both insults hidden", logs, func() bool {
		_, list, _ := runCmd(t, "", "emulator", "list", "--emulator", emuURL)
		return strings.Contains(list, "masqué    Facebook  Mairie de Saint-Exemple  "+fb+"  Jean Test : Le maire est un gros connard") &&
			strings.Contains(list, "masqué    Instagram @saintexemple  "+ig+"  jean.test : Quel gros connard ce maire")
	})
	if s := emuOut.String(); !strings.Contains(s, "Page 104512345678901 (Mairie de Saint-Exemple), compte Instagram relié 17841400000000001 (@saintexemple)") {
		t.Errorf("the emulator did not say which Page and Instagram account it plays: %s", s)
	}
	if h := hides(reh); h[fb] != 1 || h[ig] != 1 {
		t.Errorf("hide calls %v, want one each for %s and %s", h, fb, ig)
	}
}

// The README's rehearsal of deploy/examples/trois-communes.yaml: one
// emulator plays the three communes' Pages and Bourg-Voisin's Instagram
// account, each with its own token; `vigie run` polls each with its token
// (and finds, on a small page size, a reply on the third page of a
// comment's replies, on Facebook and on Instagram); a comment on each
// account is judged and the insults are hidden exactly once; another
// Page's token is refused.
func TestRehearsalThreeCommunes(t *testing.T) {
	rds := redistest.Start(t)
	emuLn, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	emuURL := "http://" + emuLn.Addr().String()
	cfgPath, secrets := exampleRehearsal(t, "trois-communes.yaml", emuURL, rds)
	cfg, err := config.Load(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	const (
		saint, bourg, val = "104500000000101", "104500000000202", "104500000000303"
		bourgIG           = "17841400000000202"
	)
	reh, err := newRehearsal(cfg, 2)
	if err != nil {
		t.Fatal(err)
	}
	emuOut := startEmulator(t, reh, emuLn)

	// Before Vigie starts, without webhooks: threads whose insult is on
	// the third page of replies (2 a page). Facebook lists the newest
	// first, so there the insult is the oldest reply; Instagram lists
	// replies oldest first, so there it is the newest.
	fbTop, _ := comment(t, emuURL, "--no-webhook", "--page", val, "--auteur", "Anne", "À quelle heure est le conseil municipal ?")
	var fbDeep string
	for i, text := range []string{"Le maire est un gros connard", "À 20 h", "Salle des fêtes", "Merci", "Bonne soirée"} {
		id, _ := comment(t, emuURL, "--no-webhook", "--reply-to", fbTop, "--auteur", "Voisin "+string(rune('A'+i)), text)
		if i == 0 {
			fbDeep = id
		}
	}
	igTop, _ := comment(t, emuURL, "--no-webhook", "--instagram="+bourgIG, "--auteur", "elise", "Le marché ouvre à quelle heure ?")
	var igDeep string
	for i, text := range []string{"À 9 h", "Place de l'église", "Merci", "Super", "Quel gros connard ce maire"} {
		id, _ := comment(t, emuURL, "--no-webhook", "--reply-to", igTop, "--auteur", "voisin"+string(rune('a'+i)), text)
		igDeep = id
	}

	logs := startRun(t, cfgPath)
	waitServing(t, cfgPath, logs)

	// Then with webhooks, once Vigie listens: each commune's accounts.
	insults := map[string]string{
		"Saint-Exemple": commentWebhook(t, emuURL, "--page", saint, "--auteur", "Jean Test", "Le maire est un gros connard"),
		"Bourg-Voisin":  commentWebhook(t, emuURL, "--page", bourg, "--auteur", "Paul Test", "Quel connard ce maire"),
		"Bourg-Voisin (Instagram)": commentWebhook(t, emuURL, "--instagram="+bourgIG, "--auteur", "paul.test",
			"Espèce de connard de maire"),
		"Val-Petit":                        commentWebhook(t, emuURL, "--page", val, "--auteur", "Anne Test", "Le maire est un sale connard"),
		"Val-Petit (3e page des réponses)": fbDeep,
		"Bourg-Voisin (3e page Instagram)": igDeep,
	}
	fine := commentWebhook(t, emuURL, "--page", saint, "--auteur", "Claire Test", "Votre projet de parking est une erreur")
	fineIG := commentWebhook(t, emuURL, "--instagram", "--auteur", "claire.test", "Votre projet de parking est une erreur")

	waitFor(t, "every insult hidden", logs, func() bool {
		h := hides(reh)
		for _, id := range insults {
			if h[id] == 0 {
				return false
			}
		}
		return true
	})
	// Judged: the audit holds a verdict for every comment, the criticism
	// included, and one "hidden" per insult.
	events := map[string][]string{}
	waitFor(t, "the criticism judged", logs, func() bool {
		code, out, errOut := runCmd(t, "", "audit", "--config", cfgPath, "--since", "1h", "--jsonl")
		if code != 0 {
			t.Fatalf("vigie audit: exit %d: %s", code, errOut)
		}
		events = map[string][]string{}
		sc := bufio.NewScanner(strings.NewReader(out))
		for sc.Scan() {
			var l auditLine
			if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
				t.Fatalf("audit line %q: %v", sc.Text(), err)
			}
			events[l.CommentID] = append(events[l.CommentID], l.Event)
		}
		return strings.Contains(strings.Join(events[fine], " "), "classified") &&
			strings.Contains(strings.Join(events[fineIG], " "), "classified")
	})
	time.Sleep(time.Second) // a second hide would come now
	h := hides(reh)
	for where, id := range insults {
		hidden := 0
		for _, e := range events[id] {
			if e == "hidden" {
				hidden++
			}
		}
		if h[id] != 1 || hidden != 1 {
			t.Errorf("%s: comment %s hidden %d time(s) on the emulator, %d in the audit (events %v), want once", where, id, h[id], hidden, events[id])
		}
	}
	for _, id := range []string{fine, fineIG, fbTop, igTop} {
		if h[id] != 0 {
			t.Errorf("comment %s hidden, want visible", id)
		}
	}
	// Each account was polled with its own token: a foreign token would
	// have been refused and nothing found.
	for _, id := range []string{saint, bourg, val} {
		s, _ := reh.group.Server(id)
		polled := false
		for _, q := range s.Requests() {
			if strings.HasSuffix(q.Path, "/"+id+"/published_posts") {
				polled = true
			}
		}
		if !polled {
			t.Errorf("page %s never polled", id)
		}
	}
	_, list, _ := runCmd(t, "", "emulator", "list", "--emulator", emuURL, "--page", val)
	if !strings.Contains(list, "masqué    Facebook  Mairie de Val-Petit  "+fbDeep+" (réponse à "+fbTop+")  Voisin A : Le maire est un gros connard") ||
		strings.Contains(list, "Saint-Exemple") {
		t.Errorf("list --page %s:\n%s", val, list)
	}
	if s := emuOut.String(); !strings.Contains(s, "pour 3 Page(s)") || !strings.Contains(s, "Page "+bourg+" (Mairie de Bourg-Voisin), compte Instagram relié "+bourgIG+" (@bourgvoisin)") {
		t.Errorf("serve output:\n%s", s)
	}

	// Unknown accounts: a French error naming the known ones.
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"comment", "--page", "999", "bonjour"}, "la Page 999 n'est pas dans la configuration ; Pages émulées : " + saint + " (Mairie de Saint-Exemple), " + bourg + " (Mairie de Bourg-Voisin), " + val + " (Mairie de Val-Petit)"},
		{[]string{"comment", "--instagram=123", "bonjour"}, "le compte Instagram 123 n'est pas dans la configuration ; comptes Instagram émulés : " + bourgIG + " (@bourgvoisin)"},
		{[]string{"comment", "--page", saint, "--instagram", "bonjour"}, "aucun compte Instagram n'est relié à la Page " + saint},
		{[]string{"list", "--page", "999"}, "Pages émulées : " + saint},
		{[]string{"comment", "--reply-to", "42_42", "bonjour"}, "le commentaire 42_42 n'existe pas"},
	} {
		args := append([]string{"emulator", tc.args[0], "--emulator", emuURL}, tc.args[1:]...)
		code, out, errOut := runCmd(t, "", args...)
		if code != 1 || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, %s%s; want %q", tc.args, code, out, errOut, tc.want)
		}
	}

	// Another Page's token, over HTTP, as Meta refuses it.
	get := func(path, token string) (int, map[string]any) {
		mac := hmac.New(sha256.New, []byte(secrets["app_secret"]))
		mac.Write([]byte(token))
		q := url.Values{"access_token": {token}, "appsecret_proof": {hex.EncodeToString(mac.Sum(nil))}}
		resp, err := http.Get(emuURL + "/v25.0/" + path + "?" + q.Encode())
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var body map[string]any
		if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, body
	}
	tokSaint, tokVal := secrets["page_token_"+saint], secrets["page_token_"+val]
	if st, body := get(val+"/published_posts", tokVal); st != 200 {
		t.Errorf("Val-Petit with its token: %d %v", st, body)
	}
	st, body := get(val+"/published_posts", tokSaint)
	if e, _ := body["error"].(map[string]any); st != 400 || e["code"] != float64(10) {
		t.Errorf("Val-Petit with Saint-Exemple's token: %d %v, want error #10", st, body)
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
	if code, _, errOut := runCmd(t, "", "emulator", "comment", "--instagram", "17841400000000202", "bonjour"); code != 2 || !strings.Contains(errOut, "--instagram=17841400000000202") {
		t.Errorf("--instagram ID without '=': exit %d %s", code, errOut)
	}
	if code, _, errOut := runCmd(t, "", "emulator", "comment", "--page", "mairie", "bonjour"); code != 2 || !strings.Contains(errOut, "id de Page « mairie » invalide") {
		t.Errorf("--page not a number: exit %d %s", code, errOut)
	}
	if code, _, errOut := runCmd(t, "", "emulator", "serve", "--page-size", "-1"); code != 2 || !strings.Contains(errOut, "--page-size") {
		t.Errorf("negative page size: exit %d %s", code, errOut)
	}
}

// The README's rehearsal section rehearses both examples, and the
// accounts its commands name are those of the examples.
func TestReadmeRehearsalNamesTheExamplesAccounts(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(readme)
	start, end := strings.Index(s, "### Répéter sans Meta"), strings.Index(s, "## Console du référent")
	if start < 0 || end < start {
		t.Fatal("the README has no rehearsal section before the console's")
	}
	section := s[start:end]
	ids := map[string]bool{}
	for _, name := range []string{"trois-communes.yaml", "facebook-instagram.yaml"} {
		if !strings.Contains(section, "deploy/examples/"+name) && !strings.Contains(section, "`"+name+"`") {
			t.Errorf("the rehearsal section does not rehearse %s", name)
		}
		data, err := os.ReadFile(filepath.Join("..", "..", "deploy", "examples", name))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range regexp.MustCompile(`id: "(\d+)"`).FindAllStringSubmatch(string(data), -1) {
			ids[m[1]] = true
		}
	}
	named := regexp.MustCompile(`--(?:page |instagram=)(\d+)`).FindAllStringSubmatch(section, -1)
	if len(named) < 4 {
		t.Errorf("the rehearsal names %d accounts, want each commune's", len(named))
	}
	for _, m := range named {
		if !ids[m[1]] {
			t.Errorf("the README rehearses account %s, which no example lists", m[1])
		}
	}
}
