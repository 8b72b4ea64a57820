package metrics

import (
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

func TestExposition(t *testing.T) {
	r := NewBareRegistry()
	c := r.Counter("vigie_test_total", "Things counted.", "kind")
	c.With("a").Inc()
	c.With("a").Add(2)
	c.With(`quo"te`).Inc()
	c.With("neg").Add(-5) // ignored: counters only go up
	g := r.Gauge("vigie_test_gauge", "A gauge.")
	g.With().Set(4)
	g.With().Add(-1.5)
	r.GaugeFunc("vigie_test_func", "Computed.", func() float64 { return 7 })
	h := r.Histogram("vigie_test_seconds", "Latency.", []float64{0.1, 1}, "op")
	h.With("hide").Observe(0.05)
	h.With("hide").Observe(0.5)
	h.With("hide").Observe(3)

	rec := httptest.NewRecorder()
	r.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	got := rec.Body.String()
	want := `# HELP vigie_test_func Computed.
# TYPE vigie_test_func gauge
vigie_test_func 7
# HELP vigie_test_gauge A gauge.
# TYPE vigie_test_gauge gauge
vigie_test_gauge 2.5
# HELP vigie_test_seconds Latency.
# TYPE vigie_test_seconds histogram
vigie_test_seconds_bucket{op="hide",le="0.1"} 1
vigie_test_seconds_bucket{op="hide",le="1"} 2
vigie_test_seconds_bucket{op="hide",le="+Inf"} 3
vigie_test_seconds_sum{op="hide"} 3.55
vigie_test_seconds_count{op="hide"} 3
# HELP vigie_test_total Things counted.
# TYPE vigie_test_total counter
vigie_test_total{kind="a"} 3
vigie_test_total{kind="neg"} 0
vigie_test_total{kind="quo\"te"} 1
`
	if got != want {
		t.Errorf("exposition:\n%s\nwant:\n%s", got, want)
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/plain; version=0.0.4") {
		t.Errorf("content type %q", ct)
	}
}

func TestSameNameSameFamily(t *testing.T) {
	r := NewRegistry()
	r.Counter("x_total", "x", "a").With("1").Inc()
	r.Counter("x_total", "x", "a").With("1").Inc()
	if v := r.Counter("x_total", "x", "a").With("1").Value(); v != 2 {
		t.Errorf("value %v, want 2", v)
	}
	defer func() {
		if recover() == nil {
			t.Error("re-registering with another shape did not panic")
		}
	}()
	r.Gauge("x_total", "x")
}

func TestConcurrentUse(t *testing.T) {
	r := NewRegistry()
	c := r.Counter("c_total", "c", "k")
	h := r.Histogram("h_seconds", "h", nil)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 1000 {
				c.With([]string{"a", "b"}[i%2]).Inc()
				h.With().Observe(0.01)
				_, _ = r.WriteTo(&strings.Builder{})
			}
		}()
	}
	wg.Wait()
	if n := h.With().Count(); n != 8000 {
		t.Errorf("histogram count %d", n)
	}
}

// TestRuntimeSeries: the daemon's registry carries the Go runtime and
// process series that dashboards and alerts are built on.
func TestRuntimeSeries(t *testing.T) {
	r := NewRegistry()
	r.Counter("vigie_x_total", "x").With().Inc()
	rec := httptest.NewRecorder()
	r.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	for _, want := range []string{"go_goroutines ", "go_memstats_heap_inuse_bytes ", "process_resident_memory_bytes ", "process_start_time_seconds ", "vigie_x_total 1"} {
		if !strings.Contains(rec.Body.String(), want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}

// Two components register the same families through views with their own
// label (the Graph clients of two Page tokens): both series are exposed,
// apart.
func TestLabelledViews(t *testing.T) {
	r := NewBareRegistry()
	a, b := r.With("page", "111"), r.With("page", "222")
	a.Counter("vigie_graph_calls_total", "Calls.", "op").With("hide").Add(2)
	b.Counter("vigie_graph_calls_total", "Calls.", "op").With("hide").Inc()
	a.Gauge("vigie_graph_token_valid", "Token.").With().Set(1)
	b.Gauge("vigie_graph_token_valid", "Token.").With().Set(0)
	a.Counter("vigie_graph_calls_total", "Calls.", "op").With("hide").Inc() // the same family again
	var out strings.Builder
	if _, err := r.WriteTo(&out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`vigie_graph_calls_total{op="hide",page="111"} 3`, `vigie_graph_calls_total{op="hide",page="222"} 1`,
		`vigie_graph_token_valid{page="111"} 1`, `vigie_graph_token_valid{page="222"} 0`,
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("exposition lacks %s:\n%s", want, out.String())
		}
	}
}
