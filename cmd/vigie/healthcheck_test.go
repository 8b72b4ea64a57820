package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// The image's HEALTHCHECK asks readiness at the configured private
// address: Redis down or a refused token make the container unhealthy.
func TestHealthcheckFollowsTheConfiguredAdminAddress(t *testing.T) {
	var ready atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/readyz" {
			http.NotFound(w, r)
			return
		}
		if !ready.Load() {
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte(`{"ready":false,"checks":{"redis":{"ok":false}}}`))
			return
		}
		_, _ = w.Write([]byte(`{"ready":true}`))
	}))
	defer srv.Close()
	cfg := filepath.Join(t.TempDir(), "vigie.yaml")
	addr := strings.TrimPrefix(srv.URL, "http://")
	if err := os.WriteFile(cfg, []byte("listen: \":8080\"\nadmin_listen: \""+addr+"\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := runCmd(t, "", "healthcheck", "--config", cfg)
	if code != 1 || !strings.Contains(errOut, "pas prêt") || !strings.Contains(errOut, "redis") {
		t.Errorf("unready: exit %d, %s", code, errOut)
	}
	ready.Store(true)
	if code, out, errOut := runCmd(t, "", "healthcheck", "--config", cfg); code != 0 || !strings.Contains(out, "prêt") {
		t.Errorf("ready: exit %d, %s%s", code, out, errOut)
	}
	srv.Close()
	if code, _, errOut := runCmd(t, "", "healthcheck", "--config", cfg); code != 1 || !strings.Contains(errOut, "ne répond pas") {
		t.Errorf("down: exit %d, %s", code, errOut)
	}
}

func TestAdminAddressWildcardIsLoopback(t *testing.T) {
	dir := t.TempDir()
	for in, want := range map[string]string{
		"admin_listen: \":9191\"\n":         "127.0.0.1:9191",
		"admin_listen: \"0.0.0.0:9191\"\n":  "127.0.0.1:9191",
		"admin_listen: \"10.0.0.5:9191\"\n": "10.0.0.5:9191",
		"listen: \":8080\"\n":               "127.0.0.1:9090",
	} {
		p := filepath.Join(dir, "c.yaml")
		if err := os.WriteFile(p, []byte(in), 0o600); err != nil {
			t.Fatal(err)
		}
		got, err := adminAddress(p)
		if err != nil || got != want {
			t.Errorf("%q: %q %v, want %q", in, got, err, want)
		}
	}
}
