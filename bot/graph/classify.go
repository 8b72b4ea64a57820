package graph

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"

	fb "github.com/huandu/facebook/v2"
)

// errForeignLink is returned when a paging link points away from the
// configured Graph API host: the client will not send the token there.
var errForeignLink = errors.New("paging link points to another host")

// classify turns any failure of one HTTP exchange into a *Error. It is the
// only place that decides what a failure means. status is the HTTP status
// (0 when no answer arrived); reading holds the usage headers of the
// answer; redact removes secrets from text.
func classify(op string, err error, status int, reading usageReading, redact func(string) string) *Error {
	e := &Error{Op: op, Err: &redactedError{msg: redact(err.Error()), err: scrub(err, redact)}}
	var fe *fb.Error
	var ue *fb.UnmarshalError
	switch {
	case errors.As(err, &fe):
		e.Code, e.Subcode, e.TraceID = fe.Code, fe.ErrorSubcode, fe.TraceID
		e.Message = redact(fe.Message)
		e.Class = classOfCode(fe, status)
		if e.Class == ClassThrottled {
			e.RetryAfter = reading.regain // 0: the caller backs off on its own
		}
	case errors.As(err, &ue):
		e.Class = ClassTransient
		e.Message = "answer is not JSON (an error page?)"
		if status != 0 {
			e.Message += " with HTTP status " + http.StatusText(status)
		}
	case errors.Is(err, errForeignLink):
		e.Class = ClassInvalid
		e.Message = err.Error()
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		e.Class = ClassTransient
		e.Message = redact(err.Error())
	case isNetworkError(err):
		e.Class = ClassTransient
		e.Message = redact(err.Error())
	default:
		e.Class = ClassUnknown
		e.Message = redact(err.Error())
	}
	return e
}

// classOfCode maps Meta's error codes to a class (reference §4.2).
func classOfCode(fe *fb.Error, status int) Class {
	switch c := fe.Code; {
	case c == 4 || c == 17 || c == 32 || c == 613 || c == 80001 || c == 80002 || c == 80006:
		return ClassThrottled
	case c == 190 || c == 102 || c == 104:
		return ClassToken
	case c == 10 || c >= 200 && c <= 299:
		return ClassPermission
	case c == 368:
		return ClassPolicy
	case c == 100 && (fe.ErrorSubcode == 33 || strings.Contains(strings.ToLower(fe.Message), "does not exist")):
		return ClassNotFound
	case c == 1 || c == 2 || fe.IsTransient:
		return ClassTransient
	case c == 100:
		return ClassInvalid
	case status >= 500:
		return ClassTransient
	}
	return ClassUnknown
}

// isNetworkError reports transport failures worth retrying: timeouts,
// refused or reset connections, truncated answers.
func isNetworkError(err error) bool {
	var ne net.Error
	if errors.As(err, &ne) {
		return true
	}
	var oe *net.OpError
	if errors.As(err, &oe) {
		return true
	}
	msg := err.Error()
	return strings.Contains(msg, "cannot reach facebook server") || strings.Contains(msg, "cannot read facebook response")
}

// scrub drops the URL-bearing layers of a transport error: huandu/facebook
// removes access_token from the *url.Error it wraps but leaves
// appsecret_proof. What remains (the *url.Error with a cleaned URL, and its
// cause) still answers errors.Is(err, context.DeadlineExceeded) and
// errors.As(err, &netErr).
func scrub(err error, redact func(string) string) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return &url.Error{Op: ue.Op, URL: redact(ue.URL), Err: ue.Err}
	}
	return err
}

// redactedError carries a failure whose text has been cleaned of secrets;
// Unwrap still gives the original for errors.Is (context.DeadlineExceeded).
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }
