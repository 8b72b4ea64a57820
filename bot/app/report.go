package app

import (
	"context"
	"fmt"
	"time"

	"go.uber.org/zap"

	"github.com/vigie-fr/vigie/bot/notify"
	"github.com/vigie-fr/vigie/bot/report"
	"github.com/vigie-fr/vigie/bot/store"
	"github.com/vigie-fr/vigie/config"
)

// NewReportService builds the monthly report's service from the
// configuration: it can always build a report; it can send one when
// smtp.host is set.
func NewReportService(cfg *config.Config, st *store.Store, now func() time.Time) (*report.Service, error) {
	rd, err := report.NewRenderer()
	if err != nil {
		return nil, err
	}
	svc := &report.Service{Store: st, Renderer: rd, Setting: report.SettingFromConfig(cfg), From: cfg.SMTP.From, To: cfg.ReportRecipients(), Now: now}
	if cfg.SMTP.Host != "" {
		m, err := notify.NewMailer(notify.MailerOptions{
			Host: cfg.SMTP.Host, Port: cfg.SMTP.Port, Username: cfg.SMTP.Username, Password: cfg.SMTP.Password.Reveal(),
			From: cfg.SMTP.From, TLS: cfg.SMTP.TLS, Now: now, Location: cfg.Location(),
		})
		if err != nil {
			return nil, fmt.Errorf("app: %w", err)
		}
		svc.Sender = m
	}
	return svc, nil
}

// NewCommuneReportServices builds one report service per commune, each
// limited to the commune's accounts and sent to the commune's recipients
// (its report_recipients, else its référent, else the shared ones);
// without communes, the one service of NewReportService.
func NewCommuneReportServices(cfg *config.Config, st *store.Store, now func() time.Time) ([]*report.Service, error) {
	if len(cfg.Communes) == 0 {
		svc, err := NewReportService(cfg, st, now)
		if err != nil {
			return nil, err
		}
		return []*report.Service{svc}, nil
	}
	var out []*report.Service
	for _, m := range cfg.Communes {
		sub := cfg.ForCommune(m.ID)
		svc, err := NewReportService(sub, st, now)
		if err != nil {
			return nil, err
		}
		svc.Setting.Scoped = true
		if m.Name != "" {
			svc.Setting.Commune = m.Name
		}
		out = append(out, svc)
	}
	return out, nil
}

// runReport sends the previous month's report on report.schedule, once
// across replicas. It does nothing without an SMTP server or a recipient,
// or when the e-mails are captured (the demo).
func (a *App) runReport(ctx context.Context) error {
	cfg := a.cfg
	if a.mailerOverride || cfg.SMTP.Host == "" || len(cfg.ReportRecipients()) == 0 {
		a.log.Info("monthly report e-mail off: set smtp.host and report.recipients or referent.email")
		return nil
	}
	svcs, err := NewCommuneReportServices(cfg, a.store, a.now)
	if err != nil {
		return err
	}
	recipients := 0
	for _, svc := range svcs {
		recipients += len(svc.To)
	}
	o := report.SchedulerOptions{Store: a.store, Logger: a.log, Schedule: cfg.Report.Schedule, Location: cfg.Location(), Now: a.now}
	if len(cfg.Communes) == 0 {
		o.Send = svcs[0].Send
	} else {
		// One report per commune, each recorded as sent on its own: a
		// retry after one commune's mail failed sends only the missing.
		for i, svc := range svcs {
			if len(svc.To) > 0 {
				o.Parts = append(o.Parts, report.Part{ID: cfg.Communes[i].ID, Send: svc.Send})
			}
		}
	}
	if o.Send == nil && len(o.Parts) == 0 {
		a.log.Info("monthly report e-mail off: no commune has a report recipient")
		return nil
	}
	sched, err := report.NewScheduler(o)
	if err != nil {
		return fmt.Errorf("app: %w", err)
	}
	a.log.Info("monthly report scheduled", zap.String("schedule", cfg.Report.Schedule), zap.Int("recipients", recipients), zap.Int("reports", len(svcs)))
	return sched.Run(ctx)
}
