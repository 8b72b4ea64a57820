package ingest

import "github.com/vigie-fr/vigie/bot/metrics"

type ingestMetrics struct {
	webhooks *metrics.CounterVec
	changes  *metrics.CounterVec
	enqueued *metrics.CounterVec
	latency  *metrics.HistogramVec
}

func newMetrics(r *metrics.Registry) *ingestMetrics {
	return &ingestMetrics{
		webhooks: r.Counter("vigie_webhooks_received_total", "Webhook requests received, by HTTP status answered.", "status"),
		changes:  r.Counter("vigie_webhook_changes_total", "Changes in webhook notifications, by item, verb and what ingest did with them.", "item", "verb", "result"),
		enqueued: r.Counter("vigie_inbox_enqueued_total", "Comment events offered to the inbox, by source and whether they were new or already seen.", "source", "result"),
		latency:  r.Histogram("vigie_webhook_enqueue_seconds", "Time from receiving a notification to its durable enqueue.", nil),
	}
}

// Label values are bounded: they come from the payload, and every distinct
// value is a new time series.

func itemLabel(item string) string {
	switch item {
	case "comment", "post", "status", "photo", "video", "share", "reaction", "like", "album", "event", "story":
		return item
	case "":
		return "none"
	}
	return "other"
}

func verbLabel(verb string) string {
	switch verb {
	case "add", "block", "edit", "edited", "delete", "follow", "hide", "mute", "remove", "unblock", "unhide", "update":
		return verb
	case "":
		return "none"
	}
	return "other"
}

func objectLabel(object string) string {
	switch object {
	case "instagram", "user", "permissions", "application":
		return object
	}
	return "other"
}
