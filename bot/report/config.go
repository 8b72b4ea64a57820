package report

import (
	"time"

	"github.com/vigie-fr/vigie/config"
)

// SettingFromConfig reads what the report needs from the configuration:
// the watched accounts, the commune's name (its first Page's), the mode
// and the election period.
func SettingFromConfig(cfg *config.Config) Setting {
	s := Setting{Mode: cfg.Mode}
	for _, p := range cfg.Pages {
		s.Accounts = append(s.Accounts, Account{Platform: "facebook", ID: p.ID, Name: p.Name})
	}
	for _, ig := range cfg.Instagram {
		s.Accounts = append(s.Accounts, Account{Platform: "instagram", ID: ig.ID, Name: ig.Name})
	}
	if len(cfg.Pages) > 0 {
		s.Commune = cfg.Pages[0].Name
	}
	if p := cfg.Charter.ElectionPeriod; p != nil {
		start, err1 := time.ParseInLocation(time.DateOnly, p.Start, cfg.Location())
		end, err2 := time.ParseInLocation(time.DateOnly, p.End, cfg.Location())
		if err1 == nil && err2 == nil {
			s.Election = &Period{Start: start, End: end}
		}
	}
	return s
}
