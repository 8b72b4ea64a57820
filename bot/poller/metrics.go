package poller

import "github.com/vigie-fr/vigie/bot/metrics"

type pollMetrics struct {
	runs        *metrics.CounterVec
	errors      *metrics.CounterVec
	comments    *metrics.CounterVec
	lastSuccess *metrics.GaugeVec
}

func newMetrics(r *metrics.Registry) *pollMetrics {
	return &pollMetrics{
		runs:        r.Counter("vigie_poll_runs_total", "Poll rounds, by result (ok, not_leader, error, or the Graph error class that ended the round).", "result"),
		errors:      r.Counter("vigie_poll_errors_total", "Failed Graph listings during polls, by error class.", "class"),
		comments:    r.Counter("vigie_poll_comments_total", "Comments seen by the poller, by result (new, duplicate, own, hidden, old, invalid).", "result"),
		lastSuccess: r.Gauge("vigie_poll_last_success_timestamp_seconds", "Unix time of the last complete poll round."),
	}
}
