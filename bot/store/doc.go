// Package store keeps Vigie's state in Redis: the inbox of comments waiting
// for a worker, the deduplication markers, one hash per comment, the
// référent's review queue, the append-only audit stream, monthly counters,
// poll cursors, leader locks and alerts.
//
// Every key starts with a configurable prefix ("vigie:" by default) so
// several deployments can share one server:
//
//	inbox                  stream; consumer group "workers". Field "event"
//	                       holds an Event as JSON. XADD by Enqueue, XREADGROUP
//	                       by workers, XACK in the same MULTI as the decision
//	                       (Commit). Idle pending entries are reclaimed with
//	                       XAUTOCLAIM; TrimInbox drops only acknowledged
//	                       entries (MINID = oldest pending, or last delivered);
//	                       PruneConsumers deletes idle consumers holding nothing.
//	seen:{comment}:{hash}  dedup marker, SET NX PX DedupTTL (72 h). {hash} is
//	                       TextHash(message), or "remove" for deletions: the
//	                       same text seen by webhook and poller is enqueued
//	                       once, an edit is enqueued again.
//	item:{comment}         hash, one per comment (fields below), TTL Retention
//	                       (90 days) refreshed on every write.
//	queue:pending          sorted set of comment ids the référent must review,
//	                       scored by arrival (Unix ms).
//	retry                  sorted set of comment ids whose action failed for a
//	                       reason a human must fix (token, permission, policy),
//	                       scored by the next attempt (Unix ms).
//	audit                  stream, one entry per event of a comment's life
//	                       (received, classified, hidden, would_hide, queued,
//	                       skipped, action_failed, deleted, gone, alert); ids,
//	                       categories, rules and timestamps only, never text
//	                       or names. Trimmed by age (MINID ~) to AuditRetention
//	                       (400 days) on every append.
//	stats:{yyyy-mm}        hash of counters for the monthly report (month in
//	                       Options.Location, Europe/Paris by default), TTL
//	                       StatsTTL (400 days) set once.
//	stats:{yyyy-mm}:account:{id}
//	                       the same counters for one account (judged,
//	                       categories, outcomes, decisions): one commune's
//	                       figures, for a console user restricted to it.
//	cursor:{object}        poll cursor: RFC 3339 time of the newest comment seen.
//	lock:{name}            leader lock: SET NX PX with a random token; renewed
//	                       and released with compare-and-set Lua scripts.
//	alerts                 stream of graph.Alert (token invalid, permission…),
//	                       capped at about 1000 entries.
//	evidence:{comment}     hash: for each text version whose verdict called for
//	                       an action, field {text_hash} holds the capture
//	                       (JSON of Capture: text, author, post, permalink,
//	                       times, verdict) and {text_hash}:sha256 its hash,
//	                       written once (HSETNX) in Commit's MULTI; TTL
//	                       EvidenceRetention (400 days), so a complaint has
//	                       its proof after the item and the comment are gone.
//	report:sent:{yyyy-mm}  the month's report went out (SET NX), TTL StatsTTL.
//	report:pseudokey       the key of the authors' pseudonyms in reports.
//
// Item hash fields: platform, page_id, post_id, parent_id, comment_id,
// permalink, message, truncated, text_hash, from_id, from_name, source, verb,
// seq (inbox id of the last event applied), verdict (JSON of
// moderation.Verdict), categories, rules, action, state, decided_hash (the
// text version whose decision is final: a redelivery of that version is
// skipped, so a comment is never acted on twice for the same text),
// attempts, last_error, retry_at, and the timestamps first_received_at,
// received_at, created_time, classified_at, acted_at, deleted_at,
// notified_at, reviewed_at, reviewed_by. Times are RFC 3339 in UTC.
//
// Every method takes a context and returns errors prefixed "store:" and
// wrapping the Redis error; Redis being down is an error, never a panic.
package store
