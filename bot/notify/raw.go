package notify

import (
	"context"
	"fmt"
	"net"
	"strconv"
)

// SendRaw sends an already composed RFC 5322 message to to, over the same
// connection rules as Notify (STARTTLS, implicit TLS, PLAIN only over TLS).
// The monthly report uses it: its message carries an inline chart and an
// attachment, which Notify's text-and-HTML messages do not.
func (s *Mailer) SendRaw(ctx context.Context, to []string, raw []byte) error {
	if len(to) == 0 {
		return Permanent(fmt.Errorf("notify: smtp: no recipient"))
	}
	if err := s.send(ctx, to, raw); err != nil {
		return fmt.Errorf("notify: smtp %s: %w", net.JoinHostPort(s.o.Host, strconv.Itoa(s.o.Port)), err)
	}
	return nil
}
