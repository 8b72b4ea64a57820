package moderation

// propagandaDetector finds electoral propaganda and proselytism (rules in propaganda.go).
type propagandaDetector struct{}

func (propagandaDetector) Category() Category { return Propagande }

func (propagandaDetector) Detect(r *reading, fx *factIndex) []Finding {
	sc := r.factScan(fx)
	if sc == nil {
		return nil
	}
	return one(fx.detectPropaganda(sc))
}
