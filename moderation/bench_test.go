package moderation

import (
	"sort"
	"testing"
	"time"
)

// benchComments are realistic comments under a commune's posts, about 150
// characters, most of them harmless, as on a real page.
var benchComments = []string{
	"Est-ce que la déchetterie sera ouverte le lundi de Pâques ? Mon voisin dit que non mais sur le site c'est marqué ouvert de 9h à 12h.",
	"Merci à l'équipe des services techniques pour le déneigement ce matin, les routes du hameau étaient dégagées dès 7h. Bravo à eux !",
	"Votre projet de parking est une erreur, vous allez bétonner le seul espace vert du centre-bourg. On en reparlera aux élections.",
	"Le maire est un gros c0nnnnard qui se fout de nous depuis six ans, qu'il dégage avec toute sa clique de bras cassés.",
	"Les migrants du centre d'accueil sont de la vermine, faut les renvoyer chez eux avant qu'ils envahissent tout le quartier.",
	"On sait où tu habites Morel, fais gaffe quand tu rentres le soir, ça va mal finir pour toi et ta famille, crois-moi.",
	"Putain, enfin la fibre à la Croix-Blanche ! Ça fait trois ans qu'on attendait, merci à tous ceux qui ont poussé le dossier.",
	"La chatte de ma voisine a eu des chatons, si quelqu'un en veut un, ils sont sevrés et vaccinés, contactez-moi en message privé.",
	"Il fait un froid de canard au marché ce matin, pensez à passer voir les producteurs quand même, ils ont du mérite de tenir.",
	"Quelqu'un a tagué « les arabes dehors » sur l'abribus de l'école, c'est honteux, j'espère que la mairie va porter plainte.",
	"Réunion publique jeudi à 20h à la salle des fêtes sur le PLU, venez nombreux poser vos questions aux élus et au cabinet d'études.",
	"Bande de guignols à la mairie, trois mois pour reboucher un nid de poule rue des Écoles, pendant ce temps vos indemnités tombent.",
	"Les horaires de la bibliothèque changent à partir du 1er septembre : mardi et jeudi 16h-19h, mercredi et samedi 10h-12h30.",
	"Je vais te buter sale balance, tu crois que je sais pas que c'est toi qui as appelé les gendarmes pour le tapage de samedi ?",
	"Bravo pour le feu d'artifice du 14 juillet, les enfants étaient ravis ! Dommage pour les bouchons à la sortie du stade.",
	"Les femmes c'est fait pour rester à la cuisine, pas au conseil municipal, voilà pourquoi le budget part en vrille cette année.",
}

func BenchmarkClassify(b *testing.B) {
	c, err := New(Facts{People: []Person{{Name: "Jean-Pierre Morel", Role: "maire", Aliases: []string{"Morel"}}}}, nil)
	if err != nil {
		b.Fatal(err)
	}
	bytes := 0
	for _, s := range benchComments {
		bytes += len(s)
	}
	b.SetBytes(int64(bytes / len(benchComments)))
	lat := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		c.Classify(benchComments[i%len(benchComments)])
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	p99 := lat[len(lat)*99/100]
	b.ReportMetric(float64(p99.Microseconds()), "p99-µs")
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "comments/s")
}

func BenchmarkNormalize(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		Normalize(benchComments[i%len(benchComments)])
	}
}
