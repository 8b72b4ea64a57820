package config

import (
	"fmt"
	"net/mail"
	"time"
)

// DefaultEvidenceRetention is the longest prescription of the loi du 29
// juillet 1881 (one year for provocation à la haine, art. 65-3) plus a
// margin to file the complaint.
const DefaultEvidenceRetention = 400 * 24 * time.Hour

func (c *Config) applyReportDefaults() {
	if c.Retention.Evidence == 0 {
		c.Retention.Evidence = Duration(DefaultEvidenceRetention)
	}
}

// ReportRecipients returns who receives the monthly report:
// report.recipients, else the référent; none when neither is set.
func (c *Config) ReportRecipients() []string {
	if len(c.Report.Recipients) > 0 {
		return c.Report.Recipients
	}
	if c.Referent.Email != "" {
		return []string{c.Referent.Email}
	}
	return nil
}

func (c *Config) validateReport(ps *problems) {
	for i, r := range c.Report.Recipients {
		if _, err := mail.ParseAddress(r); err != nil {
			ps.add(fmt.Sprintf("report.recipients[%d]", i), "« %s » n'est pas une adresse électronique", r)
		}
	}
	if len(c.Report.Recipients) > 0 && c.SMTP.Host == "" {
		ps.add("smtp.host", "un serveur SMTP est nécessaire pour envoyer le rapport mensuel à report.recipients")
	}
	r := c.Retention
	if r.Evidence.D() < r.Items.D() || r.Evidence.D() > 10*365*24*time.Hour {
		ps.add("retention.evidence", "%s : doit être entre retention.items (%s) et 3650d ; 400d par défaut couvre la prescription la plus longue des infractions de presse (1 an)", r.Evidence, r.Items)
	}
}
