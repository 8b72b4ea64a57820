package main

import (
	"time"

	"github.com/vigie-fr/vigie/config"
	"github.com/vigie-fr/vigie/moderation"
)

// loadClassifier builds the classifier for check, scan and eval: the
// defaults of design.md without a configuration file, or the commune's
// charter facts and policy from one (a full configuration or a file with
// only the charter and moderation keys).
func loadClassifier(path string) (*moderation.Classifier, error) {
	c, _, err := loadJudge(path, false, time.Now)
	return c, err
}

// loadJudge builds the classifier and the context of judgement: an
// election period when the flag says so or when now falls in the
// configuration's charter.election_period.
func loadJudge(path string, election bool, now func() time.Time) (*moderation.Classifier, moderation.Context, error) {
	ctx := moderation.Context{ElectionPeriod: election}
	if path == "" {
		c, err := moderation.New(moderation.Facts{}, nil)
		return c, ctx, err
	}
	cfg, err := config.LoadCharter(path)
	if err != nil {
		return nil, ctx, err
	}
	ctx.ElectionPeriod = ctx.ElectionPeriod || cfg.InElectionPeriod(now())
	c, err := cfg.NewClassifier()
	return c, ctx, err
}
