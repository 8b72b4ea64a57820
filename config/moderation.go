package config

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/vigie-fr/vigie/moderation"
	"github.com/vigie-fr/vigie/moderation/ngram"
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
	var opts []moderation.Option
	switch {
	case c.Moderation.Model == "off":
		opts = append(opts, moderation.WithModel(nil))
	case c.Moderation.ModelFile != "":
		data, err := os.ReadFile(c.ModelPath())
		if err != nil {
			return nil, fmt.Errorf("moderation.model_file : %w", err)
		}
		m, err := ngram.Parse(data)
		if err != nil {
			return nil, fmt.Errorf("moderation.model_file « %s » : %w", c.Moderation.ModelFile, err)
		}
		opts = append(opts, moderation.WithModel(m))
	}
	return moderation.New(f, p, opts...)
}

// ModelPath is moderation.model_file, relative to the configuration
// file's directory when it is not absolute.
func (c *Config) ModelPath() string {
	f := c.Moderation.ModelFile
	if f == "" || filepath.IsAbs(f) || c.source == "" {
		return f
	}
	return filepath.Join(filepath.Dir(c.source), f)
}

// Rules returns the classifier's charter facts and policy.
func (c *Config) Rules() (moderation.Facts, moderation.Policy, error) {
	ch := c.Charter
	f := moderation.Facts{
		UnreliableDomains: append([]string(nil), ch.UnreliableDomains...),
		BlockedTerms:      append([]string(nil), ch.BlockedTerms...),
		AllowedTerms:      append([]string(nil), ch.AllowedTerms...),
		PublicContacts:    append([]string(nil), ch.PublicContacts...),
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
		if cp.ModelHideThreshold != nil {
			p.ModelHideThreshold = *cp.ModelHideThreshold
		}
		pol[cat] = p
	}
	return f, pol, nil
}
