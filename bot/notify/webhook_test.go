package notify_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vigie-fr/vigie/bot/notify"
)

// validSignature is what a receiving bridge checks.
func validSignature(secret, body []byte, header string) bool {
	return header == notify.Sign(secret, body)
}

func TestWebhookSigned(t *testing.T) {
	secret := []byte("secret-partagé")
	var mu sync.Mutex
	var bodies [][]byte
	var sigs, keys []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		bodies, sigs, keys = append(bodies, b), append(sigs, r.Header.Get(notify.HeaderSignature)), append(keys, r.Header.Get(notify.HeaderKey))
		mu.Unlock()
		if r.Header.Get("Content-Type") != "application/json; charset=utf-8" {
			w.WriteHeader(http.StatusUnsupportedMediaType)
		}
	}))
	defer srv.Close()
	wh, err := notify.NewWebhook(notify.WebhookOptions{URL: srv.URL + "/hooks/abc", Secret: secret})
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t)
	d := e.dispatcher(t, nil, wh, nil)
	e.commit(t, threat)
	if n := step(t, d); n != 1 {
		t.Fatalf("sent %d messages, want 1", n)
	}
	if len(bodies) != 1 {
		t.Fatalf("%d webhook calls, want 1", len(bodies))
	}
	if !validSignature(secret, bodies[0], sigs[0]) || !strings.HasPrefix(sigs[0], "sha256=") {
		t.Errorf("signature %q does not match the body", sigs[0])
	}
	if validSignature([]byte("autre secret"), bodies[0], sigs[0]) {
		t.Error("signature valid under another secret")
	}
	var p notify.WebhookPayload
	if err := json.Unmarshal(bodies[0], &p); err != nil {
		t.Fatal(err)
	}
	if p.Kind != notify.KindItem || !p.Urgent || !strings.HasPrefix(p.Subject, "URGENT – menace") || p.Key != keys[0] {
		t.Errorf("payload %+v, key header %q", p, keys[0])
	}
	if len(p.Items) != 1 || p.Items[0].ID != threat.id || p.Items[0].ApproveURL == "" || !strings.Contains(p.Text, "Vigie a masqué") {
		t.Errorf("payload items %+v", p.Items)
	}
	// No e-mail channel: the mail log stays empty.
	if log, _ := e.st.MailLog(context.Background(), 10); len(log) != 0 {
		t.Errorf("mail log %+v without e-mail", log)
	}
}

func TestWebhookStatusClasses(t *testing.T) {
	tests := []struct {
		name      string
		status    int
		wantErr   bool
		permanent bool
	}{
		{"accepted", http.StatusOK, false, false},
		{"no content", http.StatusNoContent, false, false},
		{"server error is retried", http.StatusBadGateway, true, false},
		{"throttled is retried", http.StatusTooManyRequests, true, false},
		{"gone is permanent", http.StatusGone, true, true},
		{"forbidden is permanent", http.StatusForbidden, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(tt.status) }))
			defer srv.Close()
			wh, err := notify.NewWebhook(notify.WebhookOptions{URL: srv.URL, Secret: []byte("k")})
			if err != nil {
				t.Fatal(err)
			}
			err = wh.Notify(context.Background(), notify.Message{Key: "k1", Kind: notify.KindAlert, Subject: "s"})
			if (err != nil) != tt.wantErr || notify.IsPermanent(err) != tt.permanent {
				t.Errorf("err %v (permanent %v), want error %v permanent %v", err, notify.IsPermanent(err), tt.wantErr, tt.permanent)
			}
		})
	}
}

func TestWebhookErrorHidesURL(t *testing.T) {
	wh, err := notify.NewWebhook(notify.WebhookOptions{URL: "http://127.0.0.1:1/hooks/T000/B000/sekret-token", Secret: []byte("k"),
		Client: &http.Client{Timeout: time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	err = wh.Notify(context.Background(), notify.Message{Key: "k"})
	if err == nil || strings.Contains(err.Error(), "sekret-token") {
		t.Errorf("error %v leaks the URL", err)
	}
}
