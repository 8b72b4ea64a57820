package main

import (
	"github.com/vigie-fr/vigie/config"
	"github.com/vigie-fr/vigie/moderation"
)

// loadClassifier builds the classifier for check, scan and eval: the
// defaults of design.md without a configuration file, or the commune's
// charter facts and policy from one (a full configuration or a file with
// only the charter and moderation keys).
func loadClassifier(path string) (*moderation.Classifier, error) {
	if path == "" {
		return moderation.New(moderation.Facts{}, nil)
	}
	cfg, err := config.LoadCharter(path)
	if err != nil {
		return nil, err
	}
	return cfg.NewClassifier()
}
