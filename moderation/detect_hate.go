package moderation

// hateDetector finds les propos haineux (racisme, homophobie, sexisme, discriminations, négationnisme), from the lexicon marks of the document. Its rules are
// in hate*.go; their evidence is gathered with the other lexicon rules, see
// reading.ruleEvidence.
type hateDetector struct{}

func (hateDetector) Category() Category { return Haineux }

func (hateDetector) Detect(r *reading, _ *factIndex) []Finding {
	return one(r.ruleEvidence().hate.final(Haineux))
}
