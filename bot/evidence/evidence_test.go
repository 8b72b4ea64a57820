package evidence_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/vigie-fr/vigie/bot/evidence"
	"github.com/vigie-fr/vigie/bot/fakeclock"
	"github.com/vigie-fr/vigie/bot/redistest"
	"github.com/vigie-fr/vigie/bot/store"
	"github.com/vigie-fr/vigie/moderation"
)

const insult = "Le maire est un <gros> incapable & un menteur"

func setup(t *testing.T) (*store.Store, *redis.Client, *fakeclock.Clock) {
	t.Helper()
	url, prefix := redistest.Shared(t)
	opt, err := redis.ParseURL(url)
	if err != nil {
		t.Fatal(err)
	}
	rdb := redis.NewClient(opt)
	t.Cleanup(func() { _ = rdb.Close() })
	clk := fakeclock.New(time.Now().Truncate(time.Millisecond))
	s, err := store.New(store.Options{Client: rdb, Prefix: prefix, Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	return s, rdb, clk
}

func verdict() *moderation.Verdict {
	return &moderation.Verdict{Action: moderation.ActionHide, Findings: []moderation.Finding{{
		Category: moderation.Injurieux, Score: 0.93, Severity: moderation.SeverityMedium, Rules: []string{"injurieux.insult_person"},
		Reason: "Insulte visant une personne", Clause: "propos injurieux", Law: "loi du 29 juillet 1881, art. 33", Action: moderation.ActionHide,
	}}, Judge: "règles 2026.12-7, lexiques 1a2b3c4d, modèle 5e6f7a8b"}
}

// judged records a comment the way the worker does: hidden, then the same
// version again (a redelivery), which must not rewrite the capture.
func judged(t *testing.T, s *store.Store, clk *fakeclock.Clock, id string) {
	t.Helper()
	ctx := context.Background()
	created := clk.Now().Add(-time.Minute)
	it := store.Item{
		Platform: "facebook", PageID: "1000", CommentID: id, PostID: "1000_1", Permalink: "https://www.facebook.com/1000_1?comment_id=" + id,
		Message: insult, TextHash: store.TextHash(insult), FromID: "42", FromName: "Paul Trolleur",
		CreatedTime: created, ReceivedAt: created.Add(2 * time.Second), ClassifiedAt: clk.Now(), Verdict: verdict(),
		State: store.StateHidden, ActedAt: clk.Now(), DecidedHash: store.TextHash(insult),
	}
	d := store.Decision{Item: it, Audit: store.AuditEntry{Event: store.EventHidden, Mode: "act", Action: "hide", Categories: []string{"injurieux"}, CreatedTime: created}}
	if _, err := s.Commit(ctx, d); err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Second)
	it.FromName, it.ClassifiedAt = "Renamed Later", clk.Now()
	d.Item, d.Audit = it, store.AuditEntry{Event: store.EventClassified, Detail: "already_hidden", Mode: "act"}
	if _, err := s.Commit(ctx, d); err != nil {
		t.Fatal(err)
	}
}

func TestExportVerifyTamper(t *testing.T) {
	ctx := context.Background()
	s, rdb, clk := setup(t)
	const id = "1000_1_77"
	judged(t, s, clk, id)
	clk.Advance(time.Hour)
	if err := s.RecordReview(ctx, store.Review{CommentID: id, Decision: "approve", By: "claire", State: store.StateHidden}); err != nil {
		t.Fatal(err)
	}
	// The comment is deleted on Facebook and its item expires: the
	// capture remains, with its own retention.
	if err := rdb.Del(ctx, s.Key("item", id)).Err(); err != nil {
		t.Fatal(err)
	}
	if ttl := rdb.PTTL(ctx, s.Key("evidence", id)).Val(); ttl < 399*24*time.Hour {
		t.Errorf("evidence TTL %s, want about 400 days", ttl)
	}
	d, err := evidence.Export(ctx, s, id, "Mairie de Saint-Exemple", clk.Now())
	if err != nil {
		t.Fatal(err)
	}
	if d.Source != "capture" || len(d.Captures) != 1 {
		t.Fatalf("source %s, %d captures", d.Source, len(d.Captures))
	}
	var rec store.Capture
	if err := json.Unmarshal(d.Captures[0].Record, &rec); err != nil {
		t.Fatal(err)
	}
	if rec.Message != insult || rec.FromName != "Paul Trolleur" || rec.FromID != "42" || rec.CreatedTime.IsZero() || rec.Permalink == "" {
		t.Errorf("capture %+v", rec)
	}
	if d.Captures[0].RecordSHA256 != d.Captures[0].CapturedSHA256 {
		t.Error("the hash at export differs from the hash at capture")
	}
	var events []string
	for _, e := range d.History {
		events = append(events, e.Event)
	}
	if got := strings.Join(events, ","); got != "hidden,classified,reviewed" {
		t.Errorf("history %s", got)
	}

	dir := t.TempDir()
	if err := d.WriteDir(dir); err != nil {
		t.Fatal(err)
	}
	html, _ := os.ReadFile(filepath.Join(dir, "evidence.html"))
	for _, want := range []string{"Dossier de preuve", "Paul Trolleur", "injure ou propos grossier", "&lt;gros&gt; incapable &amp; un menteur", d.Captures[0].RecordSHA256, "décision du référent", "règles 2026.12-7, lexiques 1a2b3c4d, modèle 5e6f7a8b"} {
		if !bytes.Contains(html, []byte(want)) {
			t.Errorf("evidence.html lacks %q", want)
		}
	}
	if n, problems, err := evidence.VerifyDir(dir); err != nil || n != 1 || len(problems) != 0 {
		t.Fatalf("verify: %d %v %v", n, problems, err)
	}

	// One character changed in the dossier's record: detected.
	js, _ := os.ReadFile(filepath.Join(dir, "evidence.json"))
	tampered := bytes.Replace(js, []byte("menteur"), []byte("menteux"), 1)
	if bytes.Equal(tampered, js) {
		t.Fatal("the text is not in evidence.json")
	}
	if err := os.WriteFile(filepath.Join(dir, "evidence.json"), tampered, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, problems, err := evidence.VerifyDir(dir); err != nil || len(problems) == 0 {
		t.Fatalf("tampered evidence.json not detected: %v %v", problems, err)
	}
	// The record file changed alone: detected too.
	if err := os.WriteFile(filepath.Join(dir, "evidence.json"), js, 0o600); err != nil {
		t.Fatal(err)
	}
	rf := filepath.Join(dir, "record.json")
	raw, _ := os.ReadFile(rf)
	if err := os.WriteFile(rf, bytes.Replace(raw, []byte("Paul"), []byte("Pierre"), 1), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, problems, err := evidence.VerifyDir(dir); err != nil || len(problems) == 0 {
		t.Fatalf("tampered record.json not detected: %v %v", problems, err)
	}
}

func TestExportWithoutCapture(t *testing.T) {
	ctx := context.Background()
	s, _, clk := setup(t)
	if _, err := evidence.Export(ctx, s, "1000_1_404", "", clk.Now()); !errors.Is(err, evidence.ErrNotFound) {
		t.Fatalf("unknown comment: %v", err)
	}
	// A comment judged compliant has no capture; the item still gives a
	// dossier, marked as rebuilt.
	it := store.Item{Platform: "facebook", PageID: "1000", CommentID: "1000_1_5", Message: "Votre projet de parking est une erreur.", TextHash: "h", FromID: "7", FromName: "Anne", Verdict: &moderation.Verdict{Action: moderation.ActionNone}, State: store.StateVisible}
	if _, err := s.Commit(ctx, store.Decision{Item: it, Audit: store.AuditEntry{Event: store.EventClassified}}); err != nil {
		t.Fatal(err)
	}
	caps, err := s.Evidence(ctx, "1000_1_5")
	if err != nil || len(caps) != 0 {
		t.Fatalf("a compliant comment was captured: %v %v", caps, err)
	}
	d, err := evidence.Export(ctx, s, "1000_1_5", "", clk.Now())
	if err != nil || d.Source != "item" {
		t.Fatalf("export from the item: %v %+v", err, d)
	}
	js, _ := d.JSON()
	if n, problems, err := evidence.VerifyJSON(js); err != nil || n != 1 || len(problems) != 0 {
		t.Fatalf("verify: %d %v %v", n, problems, err)
	}
}
