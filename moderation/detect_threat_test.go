package moderation

import "testing"

func TestThreatDetector(t *testing.T) {
	runDetector(t, threatDetector{}, []detCase{
		// Must act: violence aimed at the reader or a person, intent or
		// wish, and intimidation without a weapon.
		{"Je vais te buter, sale rat.", true},
		{"On sait où tu habites, fais attention à toi.", true},
		{"Il faudrait le pendre, ce maire.", true},
		// Must not act: sport, traffic, a negation, a reported threat.
		{"On va les écraser au match de dimanche !", false},
		{"Je ne vais pas te frapper, calme-toi.", false},
		{"Il m'a dit « je vais te tuer », j'ai porté plainte.", false},
		{"Tu vas te faire écraser à traverser là sans regarder.", false},
	})
}
