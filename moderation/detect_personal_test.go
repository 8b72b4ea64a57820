package moderation

import "testing"

func TestPersonalDetector(t *testing.T) {
	runDetector(t, personalDetector{}, []detCase{
		// Must act: a resident's phone, NIR (with spaces), address.
		{"Son numéro c'est le 06 12 34 56 78, appelez-le tous.", true},
		{"Voici son numéro de sécu : 1 85 05 78 006 084 91", true},
		{"Il habite au 12 rue des Lilas, allez lui dire en face.", true},
		// Must not act: the commune's published contacts, a date, a
		// price.
		{"Appelez la mairie au 05 61 00 00 00 pour vous inscrire.", false},
		{"Écrivez à mairie@saint-exemple.fr pour la salle des fêtes.", false},
		{"Réunion le 12/03/2026 à 18h30, entrée 5 €.", false},
	})
}
