package notify_test

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vigie-fr/vigie/bot/graph"
	"github.com/vigie-fr/vigie/bot/notify"
	"github.com/vigie-fr/vigie/bot/store"
)

var update = flag.Bool("update", false, "rewrite the golden files of rendered e-mails")

// capture keeps the messages a dispatcher sends.
type capture struct{ msgs []notify.Message }

func (c *capture) Notify(_ context.Context, m notify.Message) error {
	c.msgs = append(c.msgs, m)
	return nil
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./bot/notify/ -run TestGolden -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the golden file; if the change is intended, run go test ./bot/notify/ -run TestGolden -update and review the diff.\n--- got ---\n%s", name, got)
	}
}

func TestGoldenMessages(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, e *env)
		mut   func(*notify.Options)
		// advance moves the clock before each of the three steps.
		advance time.Duration
	}{
		{name: "threat", setup: func(t *testing.T, e *env) { e.commit(t, threat) }},
		{name: "threat_observe_nolinks", setup: func(t *testing.T, e *env) {
			c := threat
			c.event, c.mode = store.EventWouldHide, "observe"
			e.commit(t, c)
		}, mut: func(o *notify.Options) { o.Links = nil }},
		{name: "digest", setup: func(t *testing.T, e *env) {
			e.commit(t, defam)
			e.commit(t, rumour)
		}, advance: 30 * time.Minute},
		{name: "reminder", setup: func(t *testing.T, e *env) {
			e.commit(t, defam)
			e.clk.Advance(25 * time.Hour)
		}, mut: func(o *notify.Options) { o.Escalation = "" }},
		{name: "escalation", setup: func(t *testing.T, e *env) {
			e.commit(t, rumour)
			e.clk.Advance(73 * time.Hour)
		}},
		{name: "alert_token", setup: func(t *testing.T, e *env) {
			err := e.st.RecordAlert(context.Background(), graph.Alert{Kind: graph.AlertTokenInvalid, Code: 190, Subcode: 463,
				Message: "Error validating access token: Session has expired", At: e.clk.Now()})
			if err != nil {
				t.Fatal(err)
			}
		}},
		{name: "alert_permission", setup: func(t *testing.T, e *env) {
			err := e.st.RecordAlert(context.Background(), graph.Alert{Kind: graph.AlertPermission, Code: 200,
				Message: "(#200) Requires pages_manage_engagement permission", At: e.clk.Now()})
			if err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			c := &capture{}
			d := e.dispatcher(t, c, nil, tt.mut)
			tt.setup(t, e)
			scan(t, d)
			for range 3 {
				step(t, d)
				e.clk.Advance(tt.advance)
			}
			// Reminders and escalations come after the item's own digest.
			var m notify.Message
			for _, x := range c.msgs {
				m = x
			}
			if m.Key == "" {
				t.Fatal("no message sent")
			}
			golden(t, tt.name+".txt", "Subject: "+m.Subject+"\nTo: "+strings.Join(m.To, ", ")+"\n\n"+m.Text)
			golden(t, tt.name+".html", m.HTML)
		})
	}
}

// TestGoldenMIME pins the whole message as the SMTP server receives it.
func TestGoldenMIME(t *testing.T) {
	e := newEnv(t)
	srv := startSMTP(t)
	d := e.dispatcher(t, srv.mailer(t, e.clk.Now), nil, nil)
	e.commit(t, threat)
	step(t, d)
	golden(t, "threat.eml", strings.ReplaceAll(string(srv.wait(t, 5*time.Second).Data), "\r\n", "\n"))
}
