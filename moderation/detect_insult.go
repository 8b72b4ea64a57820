package moderation

// insultDetector finds les injures visant une personne, from the lexicon marks of the document. Its rules are
// in insult*.go; their evidence is gathered with the other lexicon rules, see
// reading.ruleEvidence.
type insultDetector struct{}

func (insultDetector) Category() Category { return Injurieux }

func (insultDetector) Detect(r *reading, _ *factIndex) []Finding {
	return one(r.ruleEvidence().insult.final(Injurieux))
}
