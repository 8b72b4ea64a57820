// Package graph talks to Meta's Graph API for a Facebook Page and the
// Instagram professional account linked to it (instagram.go) through github.com/huandu/facebook/v2:
// listing posts and comments, hiding, unhiding, deleting and replying. It
// classifies every failure once and paces calls with a rate-limit governor.
package graph

import (
	"errors"
	"fmt"
	"time"
)

// Post is a Page post.
type Post struct {
	ID           string
	Message      string
	PermalinkURL string
	CreatedTime  time.Time
}

// Comment is a comment or a reply on a post.
type Comment struct {
	ID       string
	PostID   string
	ParentID string // the post id for a top-level comment, the parent comment id for a reply
	Message  string
	// FromID and FromName may be empty: Meta omits the author for privacy
	// reasons in some cases.
	FromID       string
	FromName     string
	PermalinkURL string
	CreatedTime  time.Time
	IsHidden     bool
}

// Class says what to do about a failed call.
type Class int

// Error classes.
const (
	ClassUnknown    Class = iota
	ClassTransient        // 1, 2, 5xx, HTML bodies, timeouts: retry with backoff
	ClassThrottled        // 4, 17, 32, 613, 80001, 80002: wait RetryAfter
	ClassToken            // 190, 102: stop calling, alert
	ClassPermission       // 10, 200-299: configuration problem, alert
	ClassNotFound         // 100/33, object deleted: the action is moot
	ClassInvalid          // other 100s and bad input: permanent
	ClassPolicy           // 368: blocked for policy, alert
)

func (c Class) String() string {
	switch c {
	case ClassTransient:
		return "transient"
	case ClassThrottled:
		return "throttled"
	case ClassToken:
		return "token"
	case ClassPermission:
		return "permission"
	case ClassNotFound:
		return "not_found"
	case ClassInvalid:
		return "invalid"
	case ClassPolicy:
		return "policy"
	}
	return "unknown"
}

// Error is a classified Graph API failure.
type Error struct {
	Op      string // "hide comment 123_456"
	Class   Class
	Code    int
	Subcode int
	Message string // Meta's message; never holds the access token
	TraceID string
	// RetryAfter is how long to wait before the next call, for throttling.
	RetryAfter time.Duration
	// Local is set when the client refused the call itself (token known
	// bad, throttling window, pace): nothing was sent to Meta.
	Local bool
	Err   error
}

func (e *Error) Error() string {
	if e.Code != 0 {
		return fmt.Sprintf("graph: %s: %s error %d/%d: %s", e.Op, e.Class, e.Code, e.Subcode, e.Message)
	}
	return fmt.Sprintf("graph: %s: %s: %s", e.Op, e.Class, e.Message)
}

func (e *Error) Unwrap() error { return e.Err }

// ClassOf returns the class of err, ClassUnknown if it is not a *Error.
func ClassOf(err error) Class {
	var e *Error
	if errors.As(err, &e) {
		return e.Class
	}
	return ClassUnknown
}

// IsLocal reports whether err is a call the client refused without
// sending anything to Meta.
func IsLocal(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Local
}

// Alert is raised once when the client meets a problem a human must fix:
// an invalid token, a missing permission, a policy block.
type Alert struct {
	Kind    string // "token_invalid", "permission", "policy", "throttled"
	Op      string // the call that raised it, e.g. "hide comment 123_456"
	Code    int
	Subcode int
	Message string
	At      time.Time
	// Advice says what to do, in French, for the référent and the IT
	// contact; filled by whoever records the alert (it knows where the
	// token comes from).
	Advice string
}

// Alert kinds.
const (
	AlertTokenInvalid = "token_invalid"
	AlertPermission   = "permission"
	AlertPolicy       = "policy"
	AlertThrottled    = "throttled"
)

// Status is the client's view of its own health, for /readyz and the
// console.
type Status struct {
	// TokenValid is false from the first token error until CheckToken
	// succeeds; it starts true (no evidence against the token yet).
	TokenValid bool
	TokenError string // Meta's message for the token error, without the token
	// ThrottledUntil is the end of the current throttling window, zero
	// when calls are allowed.
	ThrottledUntil time.Time
	// Usage is the highest percentage reported by the usage headers of the
	// latest answer that carried them (0 before any).
	Usage     float64
	LastAlert *Alert
}
