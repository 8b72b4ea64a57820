package config

import (
	"fmt"

	"github.com/vigie-fr/vigie/moderation"
)

// LoadCharter loads only what the classifier needs (moderation and
// charter keys) from a full configuration file or from a file holding just
// those keys, as `vigie scan --config` and `vigie check --config` do. Meta
// secrets are not required; unknown keys and invalid values still are
// errors.
func LoadCharter(path string) (*Config, error) {
	data, err := readFile(path)
	if err != nil {
		return nil, err
	}
	return parse(data, path, nil, false)
}

// NewClassifier builds the classifier from the charter facts and the
// policy: the defaults of design.md, overridden per category by
// moderation.categories.
func (c *Config) NewClassifier() (*moderation.Classifier, error) {
	f, p, err := c.Rules()
	if err != nil {
		return nil, err
	}
	return moderation.New(f, p)
}

// Rules returns the classifier's charter facts and policy.
func (c *Config) Rules() (moderation.Facts, moderation.Policy, error) {
	ch := c.Charter
	f := moderation.Facts{
		UnreliableDomains: append([]string(nil), ch.UnreliableDomains...),
		BlockedTerms:      append([]string(nil), ch.BlockedTerms...),
		AllowedTerms:      append([]string(nil), ch.AllowedTerms...),
	}
	for _, p := range ch.People {
		f.People = append(f.People, moderation.Person{Name: p.Name, Role: p.Role, Aliases: p.Aliases})
	}
	for _, r := range ch.Rumors {
		f.Rumors = append(f.Rumors, moderation.Rumor{ID: r.ID, Claim: r.Claim, Keywords: r.Keywords, Correction: r.Correction})
	}
	pol := moderation.DefaultPolicy()
	for name, cp := range c.Moderation.Categories {
		cat := moderation.Category(name)
		if !cat.Valid() {
			return f, nil, fmt.Errorf("moderation.categories.%s : catégorie inconnue", name)
		}
		p := pol[cat]
		if cp.Action != "" {
			a, err := moderation.ParseAction(cp.Action)
			if err != nil {
				return f, nil, fmt.Errorf("moderation.categories.%s.action : %w", name, err)
			}
			p.Action = a
		}
		if cp.Threshold != nil {
			p.Threshold = *cp.Threshold
		}
		pol[cat] = p
	}
	return f, pol, nil
}
