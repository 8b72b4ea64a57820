package app

import (
	"fmt"

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

// communeReferent returns the address of an account's commune référent,
// "" for the shared one; nil without communes.
func communeReferent(cfg *config.Config) func(string) string {
	if len(cfg.Communes) == 0 {
		return nil
	}
	by := map[string]string{}
	for _, m := range cfg.Communes {
		if m.Referent == nil || m.Referent.Email == "" {
			continue
		}
		for _, acc := range cfg.CommuneAccounts(m.ID) {
			by[acc] = m.Referent.Email
		}
	}
	return func(account string) string { return by[account] }
}
