package moderation

// threatDetector finds les menaces et les appels à la violence, from the lexicon marks of the document. Its rules are
// in threat*.go; their evidence is gathered with the other lexicon rules, see
// reading.ruleEvidence.
type threatDetector struct{}

func (threatDetector) Category() Category { return Menace }

func (threatDetector) Detect(r *reading, _ *factIndex) []Finding {
	return one(r.ruleEvidence().threat.final(Menace))
}
