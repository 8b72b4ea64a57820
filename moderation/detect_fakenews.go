package moderation

// fakeNewsDetector finds the rumours the commune denied, restated, and links to unreliable sources (rules in rumor*.go).
type fakeNewsDetector struct{}

func (fakeNewsDetector) Category() Category { return FakeNews }

func (fakeNewsDetector) Detect(r *reading, fx *factIndex) []Finding {
	sc := r.factScan(fx)
	if sc == nil {
		return nil
	}
	return one(fx.detectFakeNews(sc))
}
