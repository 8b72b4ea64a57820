package notify

import (
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// Capture is the e-mail channel of the demo: it sends nothing and prints
// one line per message; the dispatcher records the message in the mail
// log as it would for a real e-mail, so the console can show it.
type Capture struct {
	mu  sync.Mutex
	out io.Writer
	loc *time.Location
	now func() time.Time
}

// NewCapture returns a Capture printing to out (nothing when nil).
func NewCapture(out io.Writer, loc *time.Location, now func() time.Time) *Capture {
	if out == nil {
		out = io.Discard
	}
	if loc == nil {
		loc = time.UTC
	}
	if now == nil {
		now = time.Now
	}
	return &Capture{out: out, loc: loc, now: now}
}

// Notify prints « ✉ 14:32 à claire@… : subject ».
func (c *Capture) Notify(_ context.Context, m Message) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, err := fmt.Fprintf(c.out, "%s  ✉ e-mail à %s : %s\n", c.now().In(c.loc).Format("15:04:05"), strings.Join(m.To, ", "), m.Subject)
	return err
}
