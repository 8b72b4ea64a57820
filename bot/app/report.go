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

// runReport sends the previous month's report on report.schedule, once
// across replicas. It does nothing without an SMTP server or a recipient,
// or when the e-mails are captured (the demo).
func (a *App) runReport(ctx context.Context) error {
	cfg := a.cfg
	if a.mailerOverride || cfg.SMTP.Host == "" || len(cfg.ReportRecipients()) == 0 {
		a.log.Info("monthly report e-mail off: set smtp.host and report.recipients or referent.email")
		return nil
	}
	svc, err := NewReportService(cfg, a.store, a.now)
	if err != nil {
		return err
	}
	sched, err := report.NewScheduler(report.SchedulerOptions{
		Store: a.store, Logger: a.log, Schedule: cfg.Report.Schedule, Location: cfg.Location(), Send: svc.Send, Now: a.now,
	})
	if err != nil {
		return fmt.Errorf("app: %w", err)
	}
	a.log.Info("monthly report scheduled", zap.String("schedule", cfg.Report.Schedule), zap.Int("recipients", len(svc.To)))
	return sched.Run(ctx)
}
