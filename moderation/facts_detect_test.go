package moderation_test

import (
	"strings"
	"testing"

	"github.com/vigie-fr/vigie/moderation"
)

// otherCommune is a second commune, with other people and other rumours
// than the labelled set, so the tables below test the rules and not one
// charter.
func otherCommune(t testing.TB) *moderation.Classifier {
	t.Helper()
	c, err := moderation.New(moderation.Facts{
		People: []moderation.Person{
			{Name: "Marie Dupont", Role: "maire", Aliases: []string{"Mme Dupont", "la maire", "Dupont"}},
			{Name: "Karim Haddad", Role: "premier adjoint", Aliases: []string{"M. Haddad", "Haddad"}},
			{Name: "Paul Ferrand", Role: "directeur général des services", Aliases: []string{"le DGS", "Ferrand"}},
			{Name: "Olivier Blanc", Role: "directeur de l'école", Aliases: []string{"M. Blanc"}},
		},
		Rumors: []moderation.Rumor{
			{ID: "piscine", Claim: "La piscine municipale va être privatisée", Keywords: []string{"piscine", "privatisée"},
				Correction: "La piscine reste un équipement municipal : aucune délégation à une entreprise privée n'a été votée."},
			{ID: "marche", Claim: "Le marché du samedi est supprimé", Keywords: []string{"marché", "supprimé"},
				Correction: "Le marché du samedi est maintenu ; il se tiendra place du Foirail pendant les travaux."},
			{ID: "legionellose", Claim: "Des cas de légionellose ont été découverts au gymnase",
				Correction: "Aucun cas de légionellose n'a été signalé ; les contrôles du gymnase sont conformes."},
		},
		UnreliableDomains: []string{"https://www.lecanardlibre-infos.com/"},
	}, nil, moderation.WithModel(nil)) // the rules alone
	if err != nil {
		t.Fatal(err)
	}
	return c
}

type catCase struct {
	name string
	text string
	want bool
}

func runCategory(t *testing.T, cat moderation.Category, tests []catCase) {
	t.Helper()
	c := otherCommune(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := c.Classify(tt.text)
			got := v.Acts() && v.Has(cat)
			if got != tt.want {
				t.Errorf("%s = %v, want %v\ntext: %s\nverdict: %+v", cat, got, tt.want, tt.text, v.Findings)
			}
			for _, f := range v.Findings {
				if f.Category != cat {
					continue
				}
				if f.Score < 0 || f.Score > 1 || f.Reason == "" || f.Clause == "" || len(f.Rules) == 0 {
					t.Errorf("incomplete finding: %+v", f)
				}
				for _, sp := range f.Evidence {
					if sp.Start < 0 || sp.End > len(tt.text) || sp.Start >= sp.End {
						t.Errorf("evidence %+v outside the text", sp)
					}
				}
			}
		})
	}
}

func TestDefamation(t *testing.T) {
	runCategory(t, moderation.Diffamatoire, []catCase{
		{"charter person, embezzlement", "Marie Dupont a détourné le budget des associations pour payer sa campagne.", true},
		{"alias, bribes", "Haddad a touché des pots-de-vin pour le permis du supermarché, c'est évident.", true},
		{"role, conviction", "Le DGS a déjà été condamné pour escroquerie dans le Gers.", true},
		{"role not in charter", "Le trésorier du club de rugby pique dans la caisse depuis deux saisons.", true},
		{"school head, abuse", "M. Blanc maltraite les élèves de CP, plusieurs parents l'ont vu.", true},
		{"rigged tender", "La maire a truqué l'appel d'offres de la salle polyvalente.", true},
		{"fact after the person, by", "Les comptes de la régie ont été falsifiés par le premier adjoint.", true},
		{"sms style", "dupont elle a truqué les élections tout le monde le sait", true},
		{"fake job", "Le fils de la maire a un emploi fictif au syndicat des eaux.", true},
		{"question", "Est-il vrai que la maire a détourné de l'argent ?", false},
		{"transparency demand", "Je demande que la maire publie les factures de la salle polyvalente, nous avons le droit de savoir.", false},
		{"political criticism", "Mme Dupont ment sur le coût du chantier, lisez le rapport de la commission.", false},
		{"conditional", "Selon certains, le DGS aurait détourné des fonds, mais rien n'est prouvé.", false},
		{"denial", "Je ne dis pas que Haddad est corrompu, je dis qu'il gère mal.", false},
		{"counter-accusation", "Arrêtez d'accuser la maire de corruption sans preuve, c'est grave.", false},
		{"victim", "Le premier adjoint a été victime d'un vol de voiture samedi.", false},
		{"fight against", "La maire a présenté le plan de lutte contre le harcèlement scolaire.", false},
		{"no person", "Le vol de gasoil sur le chantier a été signalé aux gendarmes.", false},
		{"the commune, not a person", "La commune a été condamnée à verser 10 000 € au riverain.", false},
		{"praise", "Merci à M. Blanc pour la kermesse, bravo à toute l'équipe.", false},
		{"condemns", "Le maire condamne fermement les tags sur l'église.", false},
		{"takes the money", "La maire a encore pris l'argent de nos impôts pour ses copains du BTP.", true},
		{"favouritism", "Haddad a favorisé son beau-frère pour le marché des espaces verts.", true},
		{"teacher hits", "la maitresse de CM1 tape les enfants, ma fille a peur d'aller à l'école", true},
		{"drugs", "Le policier municipal fume des joints dans sa voiture de service.", true},
		{"lining pockets", "Le DGS s'en met plein les poches avec les marchés publics.", true},
		{"envelopes", "Tout le monde sait que la maire a arrangé l'attribution des logements contre des enveloppes.", true},
		{"drunk at work", "La directrice de la crèche arrive ivre au travail, les parents l'ont vue.", true},
		{"beating", "Le policier municipal a tabassé un jeune devant la salle des fêtes.", true},
		{"topic, not imputation", "La maire a parlé de la fraude aux encombrants au dernier conseil.", false},
		{"suffered", "Merci à M. Blanc d'avoir réagi au harcèlement subi par ma fille.", false},
		{"reminder of the law", "Le DGS a rappelé que le harcèlement des agents est puni par la loi.", false},
		{"traffic diversion", "La maire a détourné la circulation par le chemin des Écoliers pendant les travaux.", false},
		{"figurative harassment", "Haddad harcèle la préfecture depuis un an pour obtenir la subvention, merci à lui.", false},
		{"passive victim", "Le premier adjoint a été harcelé par des inconnus au téléphone, soutien total.", false},
		{"reports a fight", "Le DGS dénonce le racket des automobilistes par les radars privés.", false},
		{"money from a developer", "Haddad a touché 15 000 euros de l'entreprise qui a construit le gymnase.", true},
		{"takes council equipment", "Haddad a piqué du matériel de la mairie pour son chalet.", true},
		{"helps himself", "Le DGS se sert dans les fournitures de la mairie pour son gîte.", true},
		{"sells seized drugs", "M. Blanc revend du cannabis à la sortie du collège.", true},
		{"a salary is no bribe", "La maire a touché 2 000 euros d'indemnités, c'est public.", false},
	})
}

func TestFakeNews(t *testing.T) {
	c := otherCommune(t)
	v := c.Classify("La piscine va être privatisée l'an prochain, c'est signé avec Vert Marine !")
	if !v.Has(moderation.FakeNews) || !strings.Contains(v.Correction, "équipement municipal") {
		t.Errorf("the verdict should carry the correction of the piscine rumour: %+v", v)
	}
	runCategory(t, moderation.FakeNews, []catCase{
		{"rumour restated", "La piscine va être privatisée l'an prochain, c'est signé avec Vert Marine !", true},
		{"rumour paraphrased", "Ils vont privatiser notre piscine municipale, préparez-vous à payer le double.", true},
		{"rumour with inflection", "Suppression du marché du samedi actée en conseil, les commerçants sont furieux.", true},
		{"keywords from the claim", "Plusieurs cas de légionellose au gymnase, ne laissez pas vos enfants y aller.", true},
		{"unreliable link", "Tout est là : https://lecanardlibre-infos.com/article/lavergne-mairie", true},
		{"viral panic", "Partagez avant suppression : un produit toxique dans les cantines du département, les médias se taisent.", true},
		{"viral hoax", "ALERTE : des seringues retrouvées dans le bac à sable du parc, partagez au maximum !!!", true},
		{"question about the rumour", "C'est vrai que la piscine va être privatisée ? Quelqu'un sait ?", false},
		{"denied rumour", "Non, la piscine ne sera pas privatisée, la maire l'a redit en conseil.", false},
		{"calling it a rumour", "Encore cette rumeur sur la suppression du marché, c'est faux !", false},
		{"dated closure", "Le marché du samedi 14 est supprimé pour cause de fête foraine, retour le 21.", false},
		{"conditional", "Si le marché était supprimé, ce serait une catastrophe pour les producteurs.", false},
		{"official link", "Le compte rendu est sur https://www.lavergne.fr/conseil, page 4.", false},
		{"benign viral words", "Partagez : le loto de l'école a lieu samedi à 20h !", false},
		{"c'est officiel, good news", "C'est officiel, la piscine rouvre le 1er juin !", false},
		{"another object", "La piscine va privatiser une partie de ses créneaux pour les clubs, dommage.", false},
		{"cancelled once, dated", "Le marché du samedi a été supprimé le 14 à cause de la tempête.", false},
		{"unrelated piscine", "La piscine est fermée pour vidange jusqu'au 3 mars.", false},
		{"keywords far apart", "Le marché de Noël a eu beaucoup de succès, bravo aux bénévoles et aux commerçants qui sont venus malgré le froid, mais c'est dommage d'avoir supprimé les illuminations.", false},
	})
}

func TestPersonalData(t *testing.T) {
	runCategory(t, moderation.DonneesPersonnelles, []catCase{
		{"neighbour's phone", "Le voisin qui fait brûler ses déchets, c'est le 06 44 87 12 09, appelez-le à 3h du matin.", true},
		{"elected official's mobile", "Le portable perso de Haddad : 07 12 34 98 76. Faites-vous plaisir.", true},
		{"home address", "Le chauffard habite 18 rue Jean Jaurès, la maison avec les volets bleus.", true},
		{"named person's address", "Sébastien Giraud, 5 impasse des Lilas, c'est lui qui a empoisonné les chats.", true},
		{"e-mail", "Son adresse mail c'est kevin.lopez81@hotmail.fr, dites-lui ce que vous en pensez.", true},
		{"NIR", "J'ai trouvé une attestation avec le numéro 1 77 02 31 555 089 70 dessus.", true},
		{"IBAN", "Voilà l'IBAN de l'escroc : FR05 1790 6000 3200 0851 2345 678.", true},
		{"health", "La maire est en dépression depuis des mois, elle n'est plus capable de rien.", true},
		{"private life", "Le DGS trompe sa femme avec la secrétaire, tout le monde le sait.", true},
		{"relative", "La fille de M. Haddad est enceinte à 16 ans, bel exemple.", true},
		{"licence plate", "Le chauffard en Clio grise immatriculée FG-456-HJ passe à 90 devant l'école tous les matins.", true},
		{"a child's health", "Le petit Léo du lotissement est suivi par un psychiatre, ses parents devraient le surveiller.", true},
		{"mairie's number", "Pour la cantine, appelez le secrétariat de la mairie au 05 61 22 33 44.", false},
		{"own number", "J'ai perdu mon chien vers le lavoir, appelez-moi au 06 11 22 33 44 svp.", false},
		{"business recommendation", "Pour l'élagage je recommande Jardins d'Oc, 06 22 33 44 55, travail soigné.", false},
		{"association contact", "Renseignements et réservations au 06 77 88 99 00 (association des parents d'élèves).", false},
		{"event venue", "Le repas des aînés aura lieu au 3 place de l'Église à midi.", false},
		{"shop address", "La nouvelle librairie est au 12 rue Gambetta, allez-y, elle est top.", false},
		{"service e-mail", "Envoyez vos photos à contact@lavergne.fr avant le 15.", false},
		{"get well soon", "Bon rétablissement à la maire après son opération !", false},
		{"own family", "Ma femme est enceinte de notre troisième, on cherche une nounou dans le village.", false},
		{"reference number", "Ma facture d'eau n° 2023 8812 4410 998 est fausse, à qui s'adresser ?", false},
		{"invalid iban", "FR76 3000 6000 0112 3456 7890 188", false},
		{"service named earlier, person closer", "La mairie ne répond jamais, voici le portable de la maire : 06 98 87 76 65", true},
		{"imperative with an article", "Offre des jardiniers de la vallée : taille de haies, appelez le 07 72 11 22 33.", false},
		{"a trade's number", "Mon voisin m'a donné le numéro du ramoneur : 06 41 52 63 74, très bien.", false},
		{"loudspeaker", "La maire a fait installer une enceinte sur la place pour la fête de la musique.", false},
		{"school teacher", "La maîtresse de CE1 a fait un super spectacle, merci à M. Blanc aussi.", false},
		{"adjective", "Le maire a interdit la vente de boissons alcooliques au stade.", false},
		{"figurative", "C'est suicidaire ce projet de parking, M. Haddad.", false},
		{"charity run", "Bravo à la maire qui a couru contre le cancer dimanche !", false},
		{"family named by its surname", "Le fils Moreau est interné en psychiatrie depuis l'été.", true},
		{"surname and kindness", "Le fils Moreau a repeint le lavoir, merci à lui.", false},
	})
}

func TestSpam(t *testing.T) {
	runCategory(t, moderation.Spam, []catCase{
		{"get rich", "Je gagne 450€ par jour depuis mon canapé grâce à cette appli, écris-moi en privé 💶", true},
		{"crypto", "Avec mon coach crypto j'ai transformé 300€ en 7000€ en deux semaines, contactez-le sur Telegram.", true},
		{"phishing", "Votre compte Facebook sera suspendu. Confirmez vos identifiants sur https://fb-verification-center.com", true},
		{"parcel", "Votre colis est en attente, payez les frais de livraison : https://colissimo-relivraison.top", true},
		{"dating", "Coucou, je suis célibataire et je cherche un homme sérieux dans le coin 😘 regarde mon profil", true},
		{"short link bait", "Gagnez un bon d'achat de 1000€ ici 👉 bit.ly/bonachat-1000", true},
		{"off-topic ad", "Pose de fenêtres PVC -40% ce mois-ci, devis gratuit, déplacement gratuit !", true},
		{"loan scam", "Besoin d'argent ? Prêt entre particuliers rapide sans justificatif.", true},
		{"English dating bait", "Hi dear, I want to be your friend, check my profile 😍", true},
		{"a salary is no promise", "Il paraît que le DGS touche 6000 euros par mois, c'est vrai ?", false},
		{"money per month", "Vous cherchez un travail ? 2500€/mois en travaillant 2h par jour depuis chez vous, écrivez-moi.", true},
		{"warning", "Attention à l'arnaque aux faux livreurs, ne cliquez jamais sur les liens des SMS.", false},
		{"local recommendation", "Le maraîcher du marché fait des prix sur les tomates en fin de matinée.", false},
		{"school lottery", "Tombola de l'APE : 2 € le ticket, à gagner un panier garni et un vélo.", false},
		{"official link", "Inscriptions au centre de loisirs : https://www.lavergne.fr/alsh", false},
		{"own hacked account", "Mon compte a été piraté hier, ne répondez pas aux messages envoyés en mon nom.", false},
		{"question about a business", "Quelqu'un connaît un plombier pas cher et sérieux sur la commune ?", false},
		{"follow my page", "Suivez ma page pour des réductions exclusives sur les bijoux 👉 bijoux-discount.net", true},
	})
}

func TestPropaganda(t *testing.T) {
	runCategory(t, moderation.Propagande, []catCase{
		{"vote for a list", "Le 23 mars, votez pour la liste Lavergne Demain !", true},
		{"vote for a person", "Votez Haddad, le seul qui connaît vraiment les dossiers.", true},
		{"vote against", "Surtout ne votez pas Dupont dimanche, elle a ruiné la commune.", true},
		{"party", "Aux législatives, votez Rassemblement national pour reprendre le contrôle.", true},
		{"recruitment", "Rejoignez la France insoumise, le comité local se réunit jeudi.", true},
		{"proselytism", "Convertissez-vous pendant qu'il est temps, Jésus vous aime et vous attend.", true},
		{"sect", "Découvrez la Scientologie, test de personnalité gratuit ce samedi.", true},
		{"leaflets", "Militants LFI, venez nombreux au marché samedi distribuer des tracts.", true},
		{"any list", "Allez voter pour la liste de votre choix, c'est important.", false},
		{"we all vote for", "Dimanche on vote tous pour Haddad, point final.", true},
		{"do not let them back", "Ne laissez pas Dupont repasser, elle a ruiné la commune.", true},
		{"candidate's own call", "Le 15 mars, nous comptons sur votre voix : une équipe au service de tous.", true},
		{"public debate", "Débat public entre les deux listes le 10 mars à la salle des fêtes, entrée libre.", false},
		{"civic info", "Votez nombreux dimanche, les bureaux sont ouverts de 8h à 18h !", false},
		{"proxy", "Pour voter par procuration, passez à la gendarmerie avec votre pièce d'identité.", false},
		{"council vote", "Le conseil a voté la subvention du club à l'unanimité.", false},
		{"mass times", "Messe de la Toussaint à 10h30 à l'église, suivie d'un passage au cimetière.", false},
		{"question", "Qui sont les candidats pour les municipales cette année ?", false},
		{"exclamation", "Mon Dieu, quelle pluie ce matin !", false},
		{"photo contest", "Votez pour votre photo préférée du concours des Maisons Fleuries !", false},
		{"volunteers", "Rejoignez la liste des bénévoles du Téléthon, on a besoin de bras.", false},
	})
}

// TestRumourFigures checks that a figure in a rumour keeps its unit: "20
// euros" on a tax notice is not the denied "20 %".
func TestRumourFigures(t *testing.T) {
	checkRumour(t, moderation.Rumor{
		ID: "taxe", Claim: "La taxe d'habitation augmente de 20 %", Keywords: []string{"taxe", "20"},
		Correction: "La taxe d'habitation sur les résidences principales est supprimée ; le taux communal est inchangé.",
	}, map[string]bool{
		"La taxe d'habitation augmente de 20 % cette année, merci la mairie.":             true,
		"Encore +20% sur la taxe, bravo.":                                                 true,
		"Ma taxe d'habitation a augmenté de 20 euros, c'est la revalorisation des bases.": false,
		"20 ans que je paie la taxe sans rien voir changer dans le quartier.":             false,
	})
}

// checkRumour builds a classifier knowing only r and checks which texts
// restate it.
func checkRumour(t *testing.T, r moderation.Rumor, want map[string]bool) {
	t.Helper()
	c, err := moderation.New(moderation.Facts{Rumors: []moderation.Rumor{r}}, nil, moderation.WithModel(nil))
	if err != nil {
		t.Fatal(err)
	}
	for text, w := range want {
		if got := c.Classify(text).Has(moderation.FakeNews); got != w {
			t.Errorf("fake_news(%q) = %v, want %v", text, got, w)
		}
	}
}

// TestFactsValidation checks that facts that cannot work are refused when
// the classifier is built, with a message naming the culprit.
func TestFactsValidation(t *testing.T) {
	tests := []struct {
		name  string
		facts moderation.Facts
		want  string
	}{
		{"person without a name", moderation.Facts{People: []moderation.Person{{Role: "maire"}}}, "no name"},
		{"rumour without correction", moderation.Facts{Rumors: []moderation.Rumor{{ID: "x", Claim: "L'eau est polluée"}}}, "no correction"},
		{"rumour without claim", moderation.Facts{Rumors: []moderation.Rumor{{ID: "x", Correction: "Faux."}}}, "no claim"},
		{"domain with a path", moderation.Facts{UnreliableDomains: []string{"exemple.fr/articles"}}, "not a domain"},
		{"domain without a dot", moderation.Facts{UnreliableDomains: []string{"exemple"}}, "not a domain"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := moderation.New(tt.facts, nil)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("New() error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}
