package report

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/vigie-fr/vigie/bot/store"
)

// Sender delivers a composed message; notify.Mailer is one.
type Sender interface {
	SendRaw(ctx context.Context, to []string, raw []byte) error
}

// Service builds a month's report from the store and sends it.
type Service struct {
	Store    *store.Store
	Renderer *Renderer
	Setting  Setting
	Sender   Sender   // nil: the report can be built, not sent
	From     string   // "Vigie <vigie@commune.fr>"
	To       []string // recipients
	Now      func() time.Time
}

// Make gathers, builds and renders the report of month.
func (s *Service) Make(ctx context.Context, month string) (*Report, *Files, error) {
	in, err := Gather(ctx, s.Store, month, s.Now(), s.Setting)
	if err != nil {
		return nil, nil, err
	}
	r, err := Build(in)
	if err != nil {
		return nil, nil, err
	}
	f, err := s.Renderer.Render(r)
	if err != nil {
		return nil, nil, err
	}
	return r, f, nil
}

// Send builds the report of month and e-mails it, whether or not it was
// sent before (`vigie report --send`). The scheduler calls it under its
// lock and records the month as sent.
func (s *Service) Send(ctx context.Context, month string) error {
	if s.Sender == nil {
		return errors.New("report: no smtp server configured (smtp.host)")
	}
	if len(s.To) == 0 {
		return errors.New("report: no recipient (report.recipients or referent.email)")
	}
	r, f, err := s.Make(ctx, month)
	if err != nil {
		return err
	}
	return s.Deliver(ctx, r, f)
}

// Deliver e-mails a report already made.
func (s *Service) Deliver(ctx context.Context, r *Report, f *Files) error {
	if s.Sender == nil {
		return errors.New("report: no smtp server configured (smtp.host)")
	}
	if len(s.To) == 0 {
		return errors.New("report: no recipient (report.recipients or referent.email)")
	}
	raw, err := Compose(r, f, s.From, s.To, s.Now().In(r.Location))
	if err != nil {
		return err
	}
	if err := s.Sender.SendRaw(ctx, s.To, raw); err != nil {
		return fmt.Errorf("report: send %s: %w", r.Month, err)
	}
	return nil
}
