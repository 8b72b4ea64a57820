package worker

import "github.com/vigie-fr/vigie/bot/metrics"

type workerMetrics struct {
	judged     *metrics.CounterVec
	actions    *metrics.CounterVec
	skipped    *metrics.CounterVec
	reclaimed  *metrics.CounterVec
	latency    *metrics.HistogramVec
	queueDepth *metrics.GaugeVec
}

func newMetrics(r *metrics.Registry) *workerMetrics {
	return &workerMetrics{
		judged:    r.Counter("vigie_comments_judged_total", "Comment versions judged, by category found (none for none) and verdict action.", "category", "action"),
		actions:   r.Counter("vigie_actions_total", "Actions attempted, by action and outcome (ok, observe, already_hidden, or the Graph error class).", "action", "outcome"),
		skipped:   r.Counter("vigie_worker_skipped_total", "Inbox entries skipped, by reason (duplicate, superseded, deleted).", "reason"),
		reclaimed: r.Counter("vigie_worker_reclaimed_total", "Inbox entries reclaimed from a worker that stopped or stalled."),
		latency: r.Histogram("vigie_comment_latency_seconds", "Time from receiving a comment to its recorded decision, by outcome.",
			[]float64{0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600}, "outcome"),
		queueDepth: r.Gauge("vigie_review_queue_depth", "Comments waiting for the référent."),
	}
}
