package moderation

import "testing"

func TestFakeNewsDetector(t *testing.T) {
	runDetector(t, fakeNewsDetector{}, []detCase{
		// Must act: the denied rumour restated, a link to an unreliable
		// source.
		{"L'eau du robinet est contaminée, ne la buvez surtout pas !", true},
		{"Lisez ça avant qu'ils le censurent : https://verites-cachees.info/mairie", true},
		// Must not act: the rumour asked about, denied, another topic.
		{"Est-ce que l'eau du robinet est contaminée ?", false},
		{"Non, l'eau du robinet n'est pas contaminée, la mairie l'a dit.", false},
		{"Coupure d'eau mardi matin rue des Lilas pour travaux.", false},
	})
}
