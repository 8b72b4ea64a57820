// Package sdnotify speaks systemd's notify protocol (sd_notify): READY=1
// once the daemon serves, STOPPING=1 on shutdown, and WATCHDOG=1 pings
// while the daemon's loops are alive, so a unit with Type=notify and
// WatchdogSec= restarts a Vigie that hangs. Outside systemd
// (NOTIFY_SOCKET unset) every call does nothing.
package sdnotify

import (
	"context"
	"fmt"
	"net"
	"strconv"
	"time"
)

// Notifier sends state lines to systemd.
type Notifier struct {
	socket string
	// interval is half of WatchdogSec, or 0 without a watchdog.
	interval time.Duration
}

// Env looks up an environment variable; os.LookupEnv in production.
type Env func(string) (string, bool)

// New reads NOTIFY_SOCKET and WATCHDOG_USEC (and WATCHDOG_PID, which must
// be this process when set).
func New(env Env, pid int) *Notifier {
	n := &Notifier{}
	n.socket, _ = env("NOTIFY_SOCKET")
	if usec, ok := env("WATCHDOG_USEC"); ok {
		if p, ok := env("WATCHDOG_PID"); ok && p != strconv.Itoa(pid) {
			return n
		}
		if v, err := strconv.ParseInt(usec, 10, 64); err == nil && v > 0 {
			n.interval = time.Duration(v) * time.Microsecond / 2
		}
	}
	return n
}

// Enabled reports whether systemd listens.
func (n *Notifier) Enabled() bool { return n.socket != "" }

// WatchdogInterval is how often Watch pings, or 0 without a watchdog.
func (n *Notifier) WatchdogInterval() time.Duration {
	if !n.Enabled() {
		return 0
	}
	return n.interval
}

// Send writes one state line ("READY=1", "STOPPING=1", ...).
func (n *Notifier) Send(state string) error {
	if !n.Enabled() {
		return nil
	}
	addr := n.socket
	if addr[0] == '@' { // abstract socket namespace
		addr = "\x00" + addr[1:]
	}
	conn, err := net.DialUnix("unixgram", nil, &net.UnixAddr{Name: addr, Net: "unixgram"})
	if err != nil {
		return fmt.Errorf("sdnotify: %w", err)
	}
	defer conn.Close()
	if _, err := conn.Write([]byte(state)); err != nil {
		return fmt.Errorf("sdnotify: %w", err)
	}
	return nil
}

// Watch pings the watchdog every interval while alive returns nil, and
// stops pinging (so systemd restarts the service) while it returns an
// error. It returns nil when ctx ends.
func (n *Notifier) Watch(ctx context.Context, alive func(context.Context) error) error {
	iv := n.WatchdogInterval()
	if iv <= 0 {
		<-ctx.Done()
		return nil
	}
	t := time.NewTicker(iv)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
			cctx, cancel := context.WithTimeout(ctx, iv)
			err := alive(cctx)
			cancel()
			if err == nil {
				_ = n.Send("WATCHDOG=1")
			}
		}
	}
}
