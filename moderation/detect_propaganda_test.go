package moderation

import "testing"

func TestPropagandaDetector(t *testing.T) {
	runDetector(t, propagandaDetector{}, []detCase{
		// Must act: a call to vote for a list or a person, proselytism.
		{"Le 15 mars, votez pour la liste Agir Ensemble !", true},
		{"Tous derrière Paul Girard aux municipales, votez Girard !", true},
		// Must not act: civic information, a public debate, a religious
		// event notice.
		{"Le bureau de vote est ouvert de 8h à 18h, pensez aux procurations.", false},
		{"Débat public entre les candidats jeudi à 20h à la salle des fêtes.", false},
		{"Messe de Noël à 18h à l'église Saint-Martin.", false},
	})
}
