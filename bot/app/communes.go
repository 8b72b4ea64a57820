package app

import (
	"fmt"

	"github.com/vigie-fr/vigie/bot/notify"
	"github.com/vigie-fr/vigie/bot/worker"
	"github.com/vigie-fr/vigie/config"
)

// communeJudges builds each commune's classifier (the shared charter and
// policy with the commune's own facts and overrides) for its accounts;
// nil without communes.
func communeJudges(cfg *config.Config) (map[string]worker.Judge, error) {
	if len(cfg.Communes) == 0 {
		return nil, nil
	}
	out := map[string]worker.Judge{}
	for _, m := range cfg.Communes {
		sub := cfg.ForCommune(m.ID)
		cls, err := sub.NewClassifier()
		if err != nil {
			return nil, fmt.Errorf("app: commune %s: %w", m.ID, err)
		}
		j := worker.Judge{Classifier: cls, ElectionPeriod: sub.InElectionPeriod}
		for _, acc := range cfg.CommuneAccounts(m.ID) {
			out[acc] = j
		}
	}
	return out, nil
}

// notifyCommunes tells the notifications each commune's accounts,
// référent, second contact and delays (the shared ones merged in); nil
// without communes.
func notifyCommunes(cfg *config.Config) []notify.Commune {
	var out []notify.Commune
	for _, m := range cfg.Communes {
		sub := cfg.ForCommune(m.ID)
		c := notify.Commune{
			ID: m.ID, Name: m.Name, Accounts: cfg.CommuneAccounts(m.ID), Escalation: sub.Notify.EscalationEmail,
			RemindAfter: sub.Notify.RemindAfter.D(), EscalateAfter: sub.Notify.EscalateAfter.D(),
		}
		if m.Referent != nil && m.Referent.Email != "" {
			c.Referent, c.ReferentName = m.Referent.Email, m.Referent.Name
		}
		out = append(out, c)
	}
	return out
}
