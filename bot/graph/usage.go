package graph

import (
	"bytes"
	"encoding/json"
	"math"
	"net/http"
	"strconv"
	"time"
)

// usageReading is what the usage headers of one answer say.
type usageReading struct {
	// present is false when no usage header could be read: Meta sends them
	// only "once enough calls have been made", so absence is not zero.
	present bool
	// percent is the highest figure (call count, total time, CPU time) over
	// X-App-Usage, X-Page-Usage and every X-Business-Use-Case-Usage entry.
	percent float64
	// regain is the longest estimated_time_to_regain_access (minutes in the
	// header).
	regain time.Duration
}

const (
	maxUsagePercent = 1000           // clamp absurd figures
	maxRegain       = 24 * time.Hour // clamp absurd waits
)

// parseUsage reads the usage headers. huandu's UsageInfo does the same, but
// into ints, silently losing a fractional or quoted figure, and it cannot
// tell a missing header from zero usage.
func parseUsage(h http.Header) usageReading {
	var r usageReading
	for _, name := range []string{"X-App-Usage", "X-Page-Usage"} {
		if v := h.Get(name); v != "" {
			var m map[string]json.RawMessage
			if decodeJSON(v, &m) == nil && m != nil {
				r.present = true
				r.add(m)
			}
		}
	}
	if v := h.Get("X-Business-Use-Case-Usage"); v != "" {
		var m map[string][]map[string]json.RawMessage
		if decodeJSON(v, &m) == nil && m != nil {
			r.present = true
			for _, entries := range m {
				for _, e := range entries {
					r.add(e)
				}
			}
		}
	}
	return r
}

func decodeJSON(s string, v any) error {
	dec := json.NewDecoder(bytes.NewReader([]byte(s)))
	dec.UseNumber()
	return dec.Decode(v)
}

func (r *usageReading) add(m map[string]json.RawMessage) {
	for _, k := range []string{"call_count", "total_time", "total_cputime"} {
		if f, ok := figure(m[k]); ok {
			r.percent = max(r.percent, min(f, maxUsagePercent))
		}
	}
	if f, ok := figure(m["estimated_time_to_regain_access"]); ok {
		d := maxRegain
		if f < maxRegain.Minutes() {
			d = time.Duration(f * float64(time.Minute))
		}
		r.regain = max(r.regain, d)
	}
}

// figure reads a non-negative number, given as a JSON number or a quoted
// one.
func figure(raw json.RawMessage) (float64, bool) {
	if len(raw) == 0 {
		return 0, false
	}
	var s string
	if raw[0] == '"' {
		if json.Unmarshal(raw, &s) != nil {
			return 0, false
		}
	} else {
		s = string(raw)
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || f < 0 {
		return 0, false
	}
	return f, true
}

// paceDelay is how far apart calls should be at a given usage: nothing
// below 75 %, then from 1 s at 75 % growing geometrically to 60 s at 100 %,
// so Vigie slows down before Meta throttles it.
func paceDelay(percent float64) time.Duration {
	const threshold = 75.0
	if percent < threshold {
		return 0
	}
	frac := min((percent-threshold)/(100-threshold), 1)
	return time.Duration(float64(time.Second) * math.Pow(60, frac))
}
