package moderation

import "testing"

func TestDefamationDetector(t *testing.T) {
	runDetector(t, defamationDetector{}, []detCase{
		// Must act: a precise dishonouring fact imputed to a person of
		// the charter.
		{"Hélène Morel a détourné l'argent de la cantine.", true},
		{"Paul Girard touche des pots-de-vin des promoteurs.", true},
		// Must not act: a question, a denial, criticism of a policy, a
		// conditional.
		{"Est-ce que Hélène Morel a détourné l'argent de la cantine ?", false},
		{"Paul Girard n'a jamais touché de pots-de-vin, arrêtez.", false},
		{"Je trouve la politique de Hélène Morel sur la cantine catastrophique.", false},
	})
}
