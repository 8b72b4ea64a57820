package moderation

import "testing"

func TestInsultDetector(t *testing.T) {
	runDetector(t, insultDetector{}, []detCase{
		// Must act: an insult addressed to a person, or said of one.
		{"T'es vraiment un connard.", true},
		{"Le maire est un abruti fini.", true},
		{"Ferme ta gueule, espèce de débile.", true},
		// Must not act: swearing at a situation, self-deprecation, a
		// delay, a place name.
		{"Putain de neige, encore bloqué sur la route.", false},
		{"Je suis vraiment trop con, j'ai oublié mes clés.", false},
		{"Le bus est attardé de vingt minutes ce matin.", false},
		{"Bonne fête à tous les habitants de Montcuq.", false},
	})
}
