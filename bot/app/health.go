package app

import (
	"context"
	"encoding/json"
	"net/http"
	"sync"
	"time"
)

// Check is one readiness condition; Fn returns an error explaining why
// Vigie is not ready.
type Check struct {
	Name string
	Fn   func(ctx context.Context) error
}

// healthz answers 200 while the process runs.
func healthz(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("ok\n"))
}

// readyz runs every check in parallel with a short timeout and answers 200
// only when all pass. With details, the JSON body names each check's state
// and reason (Meta's error text included): only the private listener
// gives them.
func readyz(checks []Check, details bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		type result struct {
			OK    bool   `json:"ok"`
			Error string `json:"error,omitempty"`
		}
		results := make(map[string]result, len(checks))
		var mu sync.Mutex
		var wg sync.WaitGroup
		for _, c := range checks {
			wg.Add(1)
			go func() {
				defer wg.Done()
				err := c.Fn(ctx)
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					results[c.Name] = result{Error: err.Error()}
				} else {
					results[c.Name] = result{OK: true}
				}
			}()
		}
		wg.Wait()
		status := http.StatusOK
		for _, res := range results {
			if !res.OK {
				status = http.StatusServiceUnavailable
			}
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		body := map[string]any{"ready": status == http.StatusOK}
		if details {
			body["checks"] = results
		}
		_ = json.NewEncoder(w).Encode(body)
	}
}
