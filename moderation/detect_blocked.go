package moderation

// blockedDetector finds the commune's own blocked terms (as on Facebook),
// whole words only, except where an allowed term covers them. Its findings
// are insults (injurieux) at score 1.
type blockedDetector struct {
	terms [][]string // folded words of each blocked term
}

func (blockedDetector) Category() Category { return Injurieux }

func (d blockedDetector) Detect(r *reading, _ *factIndex) []Finding {
	return one(blockedTerms(d.terms, r.doc.Text, r.doc.Allowed))
}
