package moderation

// defamationDetector finds accusations of precise facts against a person of the charter (rules in defamation.go).
type defamationDetector struct{}

func (defamationDetector) Category() Category { return Diffamatoire }

func (defamationDetector) Detect(r *reading, fx *factIndex) []Finding {
	sc := r.factScan(fx)
	if sc == nil {
		return nil
	}
	return one(fx.detectDefamation(sc))
}
