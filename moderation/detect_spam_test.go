package moderation

import "testing"

func TestSpamDetector(t *testing.T) {
	runDetector(t, spamDetector{}, []detCase{
		// Must act: easy money, crypto bait, a phishing-shaped link.
		{"Gagnez 3000€ par semaine depuis chez vous, écrivez-moi en privé !", true},
		{"J'ai reçu 8500€ en 7 jours grâce au bitcoin, contactez Mme Laura sur WhatsApp", true},
		{"Votre colis est bloqué, cliquez ici : laposte-suivi-colis.info", true},
		// Must not act: a warning against a scam, the commune's own
		// announcement, a price in a discussion.
		{"Attention arnaque : ne cliquez pas sur le lien du faux colis !", false},
		{"Le marché de Noël aura lieu samedi sur la place de la mairie.", false},
		{"La cantine passe à 3,50 € le repas, c'est trop cher.", false},
	})
}
