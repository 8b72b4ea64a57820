package moderation

// personalDetector finds personal data: telephone numbers, addresses,
// NIR, IBAN, e-mail addresses, other than those the commune publishes
// (rules in personal*.go). Contact details inside an advertisement are the
// advertiser's: a spam finding of 0.5 or more tells it so.
type personalDetector struct{}

func (personalDetector) Category() Category { return DonneesPersonnelles }

func (personalDetector) Detect(r *reading, fx *factIndex) []Finding {
	sc := r.factScan(fx)
	if sc == nil {
		return nil
	}
	spam, isSpam := r.spamVerdict(fx)
	return one(fx.detectPersonal(sc, isSpam && spam.Score >= 0.5))
}
