package moderation

// spamDetector finds advertisements, scams and links to sell or recruit,
// on the words as written (rules in spam.go).
type spamDetector struct{}

func (spamDetector) Category() Category { return Spam }

func (spamDetector) Detect(r *reading, fx *factIndex) []Finding {
	return one(r.spamVerdict(fx))
}
