// Package metrics is Vigie's metric registry: counters, gauges and
// histograms with labels, on the Prometheus client library, exposed with
// the Go runtime and process series (go_*, process_*) that operators'
// dashboards expect. Its small API keeps the rest of the daemon unaware of
// the client library, and lets tests read a series' value.
package metrics

import (
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
)

// Registry holds metric families. The zero value is not usable; call
// NewRegistry (with runtime series) or NewBareRegistry.
type Registry struct {
	reg *prometheus.Registry
	*families
	// labels are constant labels added to every family registered
	// through this view of the registry (With).
	labels prometheus.Labels
}

type families struct {
	mu  sync.Mutex
	all map[string]family
}

type family struct {
	kind      string
	labels    string
	collector prometheus.Collector
}

// NewRegistry returns a registry holding the Go runtime and process
// collectors.
func NewRegistry() *Registry {
	r := NewBareRegistry()
	r.reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	return r
}

// NewBareRegistry returns a registry with no series at all (tests).
func NewBareRegistry() *Registry {
	return &Registry{reg: prometheus.NewRegistry(), families: &families{all: map[string]family{}}}
}

// With returns a view of the registry whose families all carry the
// constant label name=value (e.g. page="1045…" for the Graph client of
// one Page token): several components register the same families, told
// apart by the label, and /metrics shows them all.
func (r *Registry) With(name, value string) *Registry {
	labels := prometheus.Labels{}
	maps.Copy(labels, r.labels)
	labels[name] = value
	return &Registry{reg: r.reg, families: r.families, labels: labels}
}

// key names a family with this view's constant labels.
func (r *Registry) key(name string) string {
	if len(r.labels) == 0 {
		return name
	}
	var b strings.Builder
	b.WriteString(name)
	for _, k := range slices.Sorted(maps.Keys(r.labels)) {
		b.WriteString("|" + k + "=" + r.labels[k])
	}
	return b.String()
}

// register returns the collector already registered under name, or
// registers the one make builds. A name registered twice with another
// shape is a programming error.
func (r *Registry) register(name, kind string, labels []string, make func() prometheus.Collector) prometheus.Collector {
	r.mu.Lock()
	defer r.mu.Unlock()
	shape := strings.Join(labels, ",")
	key := r.key(name)
	if f, ok := r.all[key]; ok {
		if f.kind != kind || f.labels != shape {
			panic(fmt.Sprintf("metrics: %s registered twice with different shapes", name))
		}
		return f.collector
	}
	c := make()
	r.reg.MustRegister(c)
	r.all[key] = family{kind: kind, labels: shape, collector: c}
	return c
}

// CounterVec is a counter family.
type CounterVec struct{ v *prometheus.CounterVec }

// Counter registers (or returns) a counter family with the given labels.
func (r *Registry) Counter(name, help string, labels ...string) *CounterVec {
	c := r.register(name, "counter", labels, func() prometheus.Collector {
		v := prometheus.NewCounterVec(prometheus.CounterOpts{Name: name, Help: help, ConstLabels: r.labels}, labels)
		if len(labels) == 0 {
			v.WithLabelValues() // a label-less counter shows 0 from the start
		}
		return v
	})
	return &CounterVec{c.(*prometheus.CounterVec)}
}

// With returns the counter for the label values, in label order.
func (c *CounterVec) With(values ...string) *Counter {
	return &Counter{c.v.WithLabelValues(values...)}
}

// Counter only goes up.
type Counter struct{ c prometheus.Counter }

// Inc adds one.
func (c *Counter) Inc() { c.c.Inc() }

// Add adds v; a negative v is ignored (counters only go up).
func (c *Counter) Add(v float64) {
	if v > 0 {
		c.c.Add(v)
	}
}

// Value returns the current count (for tests and the demo summary).
func (c *Counter) Value() float64 { return read(c.c).GetCounter().GetValue() }

// GaugeVec is a gauge family.
type GaugeVec struct{ v *prometheus.GaugeVec }

// Gauge registers (or returns) a gauge family with the given labels.
func (r *Registry) Gauge(name, help string, labels ...string) *GaugeVec {
	g := r.register(name, "gauge", labels, func() prometheus.Collector {
		v := prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: name, Help: help, ConstLabels: r.labels}, labels)
		if len(labels) == 0 {
			v.WithLabelValues()
		}
		return v
	})
	return &GaugeVec{g.(*prometheus.GaugeVec)}
}

// With returns the gauge for the label values.
func (g *GaugeVec) With(values ...string) *Gauge { return &Gauge{g.v.WithLabelValues(values...)} }

// Gauge goes up and down.
type Gauge struct{ g prometheus.Gauge }

// Set sets the value.
func (g *Gauge) Set(v float64) { g.g.Set(v) }

// Add adds v (which may be negative).
func (g *Gauge) Add(v float64) { g.g.Add(v) }

// Value returns the current value.
func (g *Gauge) Value() float64 { return read(g.g).GetGauge().GetValue() }

// GaugeFunc registers a label-less gauge whose value fn computes at scrape
// time (e.g. the review queue depth, read from Redis). Registering the
// same name again keeps the first function.
func (r *Registry) GaugeFunc(name, help string, fn func() float64) {
	r.register(name, "gaugefunc", nil, func() prometheus.Collector {
		return prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help, ConstLabels: r.labels}, fn)
	})
}

// DefBuckets suits latencies in seconds, from 1 ms to 60 s.
var DefBuckets = []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60}

// HistogramVec is a histogram family.
type HistogramVec struct{ v *prometheus.HistogramVec }

// Histogram registers (or returns) a histogram family. Nil buckets means
// DefBuckets.
func (r *Registry) Histogram(name, help string, buckets []float64, labels ...string) *HistogramVec {
	if buckets == nil {
		buckets = DefBuckets
	}
	b := append([]float64(nil), buckets...)
	sort.Float64s(b)
	h := r.register(name, "histogram", labels, func() prometheus.Collector {
		return prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: name, Help: help, Buckets: b, ConstLabels: r.labels}, labels)
	})
	return &HistogramVec{h.(*prometheus.HistogramVec)}
}

// With returns the histogram for the label values.
func (h *HistogramVec) With(values ...string) *Histogram {
	return &Histogram{h.v.WithLabelValues(values...).(prometheus.Histogram)}
}

// Histogram counts observations in buckets.
type Histogram struct{ h prometheus.Histogram }

// Observe records v.
func (h *Histogram) Observe(v float64) { h.h.Observe(v) }

// Count returns the number of observations.
func (h *Histogram) Count() uint64 { return read(h.h).GetHistogram().GetSampleCount() }

// read snapshots one series.
func read(m prometheus.Metric) *dto.Metric {
	var out dto.Metric
	if err := m.Write(&out); err != nil {
		panic(fmt.Sprintf("metrics: read series: %v", err))
	}
	return &out
}

// ServeHTTP writes the registry in the Prometheus text exposition format.
func (r *Registry) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	promhttp.HandlerFor(r.reg, promhttp.HandlerOpts{}).ServeHTTP(w, req)
}

// WriteTo writes every family in the text exposition format, sorted by
// name.
func (r *Registry) WriteTo(w io.Writer) (int64, error) {
	fams, err := r.reg.Gather()
	if err != nil {
		return 0, err
	}
	var n int64
	enc := expfmt.NewEncoder(countingWriter{w, &n}, expfmt.NewFormat(expfmt.TypeTextPlain))
	for _, f := range fams {
		if err := enc.Encode(f); err != nil {
			return n, err
		}
	}
	return n, nil
}

type countingWriter struct {
	w io.Writer
	n *int64
}

func (c countingWriter) Write(p []byte) (int, error) {
	k, err := c.w.Write(p)
	*c.n += int64(k)
	return k, err
}
