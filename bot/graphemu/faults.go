package graphemu

import (
	"net/http"
	"time"
)

// APIError is a Meta-shaped error the emulator can be told to return.
type APIError struct {
	Status      int // HTTP status; default 400
	Message     string
	Type        string // default "OAuthException"
	Code        int
	Subcode     int
	IsTransient bool
}

// Throttle makes every request fail with a throttling error until Until on
// the emulator's clock.
type Throttle struct {
	Code  int       // 80001 (Pages BUC, default), 80002, 4, 17, 32 or 613
	Until time.Time // end of the block
	// OmitETA leaves estimated_time_to_regain_access at 0 in the
	// X-Business-Use-Case-Usage header, so the client must back off on its own.
	OmitETA bool
}

// Usage sets the percentages the usage headers report (0–100 or more).
type Usage struct {
	App  int // X-App-Usage call_count
	BUC  int // X-Business-Use-Case-Usage call_count for the Page
	Page int // X-Page-Usage call_count; the header is sent only when > 0
}

// Token failures Meta returns with code 190.
const (
	SubcodeExpired = 463
	SubcodeInvalid = 467
)

type failure struct {
	pass   bool // answer normally: lets a fault hit a later request
	html   bool
	status int
	apiErr APIError
}

type faults struct {
	tokenSubcode int // 0: token fine
	throttle     *Throttle
	next         []failure
	latency      time.Duration
	usage        Usage
}

// ExpireToken makes every call fail with 190/463 (expired) until
// RestoreToken. Use SubcodeInvalid for a logged-out, revoked token.
func (s *Server) ExpireToken(subcode int) {
	if subcode == 0 {
		subcode = SubcodeExpired
	}
	s.mu.Lock()
	s.faults.tokenSubcode = subcode
	s.mu.Unlock()
}

// RestoreToken ends a token failure set by ExpireToken.
func (s *Server) RestoreToken() {
	s.mu.Lock()
	s.faults.tokenSubcode = 0
	s.mu.Unlock()
}

// SetThrottle starts a throttling window.
func (s *Server) SetThrottle(t Throttle) {
	if t.Code == 0 {
		t.Code = 80001
	}
	s.mu.Lock()
	s.faults.throttle = &t
	s.mu.Unlock()
}

// ClearThrottle ends a throttling window early.
func (s *Server) ClearThrottle() {
	s.mu.Lock()
	s.faults.throttle = nil
	s.mu.Unlock()
}

// FailNextHTML makes the next n requests answer with the given 5xx status
// and an HTML body, as Meta's edge does when the backend is down.
func (s *Server) FailNextHTML(n, status int) {
	if status == 0 {
		status = http.StatusBadGateway
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.faults.next = append(s.faults.next, failure{html: true, status: status})
	}
}

// FailNextWith makes the next n requests answer with e.
func (s *Server) FailNextWith(n int, e APIError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.faults.next = append(s.faults.next, failure{apiErr: e})
	}
}

// PassNext queues n normal answers before the faults queued after it, so
// that PassNext(1) then FailNextHTML(1, 502) fails the second request (the
// second page of a listing, say).
func (s *Server) PassNext(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.faults.next = append(s.faults.next, failure{pass: true})
	}
}

// SetLatency delays every answer by d (cut short when the client gives up).
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	s.faults.latency = d
	s.mu.Unlock()
}

// SetUsage sets the figures reported in the usage headers.
func (s *Server) SetUsage(u Usage) {
	s.mu.Lock()
	s.faults.usage = u
	s.mu.Unlock()
}

// ClearFaults removes every injected fault and resets usage to zero.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	s.faults = faults{}
	s.mu.Unlock()
}

func throttleMessage(code int) string {
	switch code {
	case 4:
		return "(#4) Application request limit reached"
	case 17:
		return "(#17) User request limit reached"
	case 32:
		return "(#32) Page request limit reached"
	case 613:
		return "(#613) Calls to this api have exceeded the rate limit."
	case 80002:
		return "(#80002) There have been too many calls to this Instagram account. Wait a bit and try again. For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting."
	}
	return "(#80001) There have been too many calls to this Page account. Wait a bit and try again. For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting."
}
