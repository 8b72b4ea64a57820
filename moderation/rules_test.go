package moderation

import (
	"slices"
	"testing"
)

// ruleCase is one comment and the categories among haineux, menace and
// injurieux it must get (nil: none of them).
type ruleCase struct {
	name string
	text string
	want []Category
}

// mine are the categories the rules of this package produce.
var mine = []Category{Haineux, Menace, Injurieux}

func checkRules(t *testing.T, tests []ruleCase) {
	t.Helper()
	// The rules alone: these tables state constructions of French.
	c, err := New(Facts{People: []Person{{Name: "Jean-Pierre Morel", Role: "maire", Aliases: []string{"Morel"}}}}, nil, WithModel(nil))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := c.Classify(tt.text)
			var got []Category
			for _, cat := range mine {
				if v.Has(cat) {
					got = append(got, cat)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Classify(%q) = %v, want %v (findings %+v)", tt.text, got, tt.want, v.Findings)
			}
		})
	}
}

func TestHate(t *testing.T) {
	H := []Category{Haineux}
	checkRules(t, []ruleCase{
		{"dehumanisation", "Ces migrants sont de la vermine qui envahit nos quartiers.", H},
		{"derogation with generalisation", "Les Roms sont tous des voleurs, c'est dans leur nature.", H},
		{"hatred felt", "Moi je hais les musulmans, voilà.", H},
		{"exclusion call", "Les arabes dehors, rentrez chez vous !", H},
		{"exclusion with obligation", "Les réfugiés devraient être renvoyés dans leur pays.", H},
		{"worth denied", "La vie d'un handicapé ne vaut rien.", H},
		{"slur alone", "Encore un bougnoule qui traîne devant la mairie.", H},
		{"epithet on a group", "Sale juif.", H},
		{"homophobic slur addressed", "Espèce de tapette.", []Category{Haineux, Injurieux}},
		{"sexist exclusion", "Les femmes c'est fait pour rester à la cuisine, pas au conseil.", H},
		{"anaphora across sentences", "Des gitans se sont installés au stade. Je les déteste.", H},
		{"negated positive", "Les homosexuels ne méritent pas de vivre.", H},
		{"leetspeak and spacing", "L3s n01rs s0nt d3s s i n g e s.", H},
		{"glued words", "lesarabessontdesparasites", H},
		{"homoglyphs", "Lеs musulmаns sont une рlaie.", H},
		{"stereotype", "Encore un travail d'arabe, ce rond-point.", H},
		{"conspiracy", "Les juifs contrôlent les médias, réveillez-vous.", H},
		{"negationism", "La Shoah est un mensonge inventé après la guerre.", H},
		{"threat to a group", "Il faudrait brûler tous ces migrants.", []Category{Haineux, Menace}},
		// Hard negatives.
		{"neutral mention", "Les musulmans de la commune organisent une collecte samedi.", nil},
		{"positive mention", "Les réfugiés accueillis l'an dernier sont formidables.", nil},
		{"negated derogation", "Les Roms ne sont pas des voleurs, arrêtez les amalgames.", nil},
		{"counter-speech report", "Arrêtez de dire que les migrants sont des parasites, c'est faux.", nil},
		{"counter-speech quote", "Quelqu'un a tagué « les arabes dehors » sur l'abribus, c'est honteux.", nil},
		{"victims", "Trois réfugiés se sont fait agresser près de la gare hier soir.", nil},
		{"news of deaths", "Deux migrants sont morts noyés dans la Manche.", nil},
		{"question about a group", "Y a-t-il des familles juives dans le village ?", nil},
		{"black cat", "Les chats noirs ne portent pas malheur.", nil},
		{"colour adjective", "Les sacs noirs sont ramassés le mardi.", nil},
		{"reflexive verb", "Je m'attarde un peu sur le budget des écoles.", nil},
		{"counterfactual is still hate", "Je les accepterais si les trans n'étaient pas des dégénérés.", H},
		{"slur in an exclusion slot", "Les bougnoules dehors.", H},
		{"negated verb, epithet on the group", "On ne veut pas de ces parasites de clandestins ici.", H},
		{"epithet with de", "On n'en veut pas, de ces barbares de réfugiés.", H},
		{"group said to steal", "Les gitans volent tout, c'est dans leurs gènes.", H},
		{"group said to cost", "Les réfugiés nous coûtent un pognon de dingue.", H},
		{"not human", "Les Roms c'est pas des humains.", H},
		{"go back home", "Retourne dans ton bled, toi.", H},
		{"sent back to the kitchen", "Qu'elle retourne à ses fourneaux, la politique c'est pas pour les femmes.", H},
		{"moved aside", "Les trisomiques il faut les mettre à part, pas avec nos gosses.", H},
		{"asian mockery", "Ching chong, encore un resto chinois.", H},
		{"real-word slip in a long phrase", "Ces réfugiés ne valent absolument rein, franchement.", H},
		{"a race of", "Les Roms c'est une race de profiteurs.", H},
		{"indifference", "Les migrants qui se noient, j'en ai rien à foutre de leur sort.", H},
		// Hard negatives.
		{"indifference to a party", "Franchement j'en ai rien à foutre de leur fête des voisins.", nil},
		{"Mongolia", "Nous rentrons de Mongolie : les Mongols nous ont accueillis comme des rois.", nil},
		{"slur quoted with apostrophes", "Écrire 'sale bougnoule' sur un mur, c'est un délit, signalez-le.", nil},
		{"a thing not for children", "Ce film c'est pas pour les enfants, attention.", nil},
	})
}

func TestThreats(t *testing.T) {
	M := []Category{Menace}
	checkRules(t, []ruleCase{
		{"direct", "Je vais te buter, tu m'entends.", M},
		{"on va", "On va lui faire la peau, au maire.", M},
		{"wish", "Le maire mérite une balle dans la tête.", M},
		{"obfuscated", "je vais te t.u.e.r", M},
		{"knows the address", "On sait où tu habites, fais attention à toi.", M},
		{"weapon brought", "Au prochain conseil je viens avec mon fusil.", M},
		{"arson call", "Mettez le feu à la mairie, ça les calmera.", M},
		{"conditional threat", "Si je croise Morel je lui casse la gueule, il est prévenu.", M},
		{"hang the official", "Faut le pendre, ce maire.", M},
		{"waiting outside", "Je la guette, je l'attends à la sortie du conseil.", M},
		{"elided address", "on sait où t'habites mon gars", M},
		{"ending in a ditch", "Vous allez finir dans le fossé à ce rythme, croyez-moi.", M},
		{"wished accident", "J'aimerais bien qu'il lui arrive un accident, à celui-là.", M},
		{"see what happens", "Tu vas voir ce qui va t'arriver ce soir.", M},
		{"knife", "Quelqu'un va lui planter un couteau un de ces jours.", M},
		{"guns taken", "S'ils ouvrent le centre on prend les carabines.", M},
		// Hard negatives.
		{"figure of speech", "Je suis mort de rire en lisant le bulletin municipal.", nil},
		{"killing time", "On a tué le temps en attendant le bus.", nil},
		{"heat", "On crève de chaud dans la salle des fêtes.", nil},
		{"negated", "Personne ne va tuer qui que ce soit, calmez-vous.", nil},
		{"news", "Un chevreuil a été tué sur la départementale.", nil},
		{"self harm is not a threat to others", "Je me tue à vous le répéter depuis des mois.", nil},
		{"firework", "Le feu d'artifice va faire sauter le plafond de bonheur !", nil},
		{"match", "Samedi on va les écraser au match de rugby.", nil},
		{"burning garden waste", "Il est interdit de brûler les feuilles mortes dans son jardin.", nil},
		{"must burn the weeds", "Il faut brûler les ronces avant l'hiver.", nil},
		{"intimidation words at a match", "Dimanche au foot on va les défoncer, les gars de Lavaur.", nil},
		{"sms threat", "jvais te buter toi", M},
		{"to death as an intensifier", "Je vais m'ennuyer à mort à cette réunion.", nil},
	})
}

func TestInsults(t *testing.T) {
	I := []Category{Injurieux}
	checkRules(t, []ruleCase{
		{"to the mayor", "Le maire est un gros c0nn4rd.", I},
		{"addressed", "T'es vraiment qu'un abruti.", I},
		{"epithet", "Espèce d'enfoiré !", I},
		{"vocative", "Connard !", I},
		{"named person", "Morel est une ordure.", I},
		{"adjective said of a person", "Vous êtes complètement débiles à la mairie.", I},
		{"shut up", "Ferme ta gueule.", I},
		{"stretched", "Bande de connnnnards", I},
		{"masked", "Le DGS c'est un fils de p*te.", I},
		{"demonstrative", "Ce guignol de maire nous prend pour des idiots.", I},
		{"middle finger", "🖕🖕", I},
		{"vocative with va", "gros débile va", I},
		{"vocative after a user name", "@Jordan abruti", I},
		{"vocative clause", "Perrin, pauv' tâche, tu sers à rien.", I},
		{"apposition to toi", "je réponds pas à toi le tocard", I},
		{"abbreviated shut up", "tg le nain", I},
		{"noun-only insult", "Vous êtes des lâches, tous.", I},
		{"vermin said of elected people", "Les élus de la majorité sont des sangsues.", I},
		// An ableist word thrown at one person insults that person.
		{"ableist slur said of the mayor", "Le maire est un attardé mental.", []Category{Injurieux}},
		{"IQ mockery", "T'as le QI d'une moule toi.", I},
		{"sms t'es", "tes un gros naze toi", I},
		{"shut your mouth", "Ferme ta bouche, personne t'a sonné.", I},
		{"epithet on a noun-only insult", "espèce de cornichon", I},
		{"the other one", "Encore l'autre guignol qui se plaint du marché.", I},
		{"simile", "Il conduit comme un abruti dans le lotissement.", I},
		{"definite article at the end", "ok l'abruti", I},
		{"epithet after a demonstrative", "Ce gros crétin a encore bloqué l'allée.", I},
		{"bare epithet under a verb's negation", "Ton avis m'intéresse pas, sale bouffon.", I},
		{"negation does not cross a new predicate", "Vous n'êtes pas d'ici, vous êtes débiles ou quoi ?", I},
		{"noun of merde", "Encore ce militant de merde qui colle ses affiches.", I},
		{"speaker is not the insult", "Je vais quitter ce forum d'attardés mentaux.", []Category{Haineux}},
		{"sms c'est", "cest un bouffon ce type", I},
		{"insult of the intercommunality", "ces abrutis de la comcom ont encore changé les horaires", I},
		// Hard negatives.
		{"harsh criticism", "Votre projet de parking est une erreur, vous n'écoutez personne.", nil},
		{"incompetence", "Le maire est incompétent et son budget est une honte.", nil},
		{"profanity of joy", "Putain, enfin la fibre !", nil},
		{"thing called stupid", "Ce sens interdit est complètement débile.", nil},
		{"self-deprecation", "J'ai été un vrai con de ne pas venir à la réunion.", nil},
		{"reported insult", "Il m'a traité de connard devant tout le monde, c'est inadmissible.", nil},
		{"cat", "La chatte de ma voisine a eu des chatons.", nil},
		{"duck weather", "Il fait un froid de canard ce matin au marché.", nil},
		{"place names", "Je reviens de Condom, puis Montcuq et Bitche.", nil},
		{"conseil", "Le conseil municipal se réunit jeudi.", nil},
		{"negated insult", "Le maire n'est pas un idiot, il a ses raisons.", nil},
		{"shit weather", "Quel temps de merde pour la brocante.", nil},
		{"demonstrative and a thing", "Cette saloperie de pluie a noyé les semis.", nil},
		{"animal called a pig", "Notre labrador est un vrai gros porc à table.", nil},
		{"null as criticism", "Le maire est nul en gestion.", nil},
		{"sms possessive", "tes enfants sont adorables sur la photo", nil},
		{"a late bus", "Le bus était attardé de dix minutes, il était attardé de 10 min hier aussi.", nil},
		{"list of meats", "Au menu de la cantine : porc, haricots, compote.", nil},
		{"interjection", "Merde, j'ai oublié le formulaire.", nil},
		{"reflexive past", "Tu t'es un peu attardé sur le budget, non ?", nil},
		{"acting silly", "Arrête de faire le con avec ton scooter.", nil},
		{"thing of merde", "Encore un projet de merde, ce parking.", nil},
		{"plural of a known word", "Vous nous cassez les couilles avec ces travaux.", nil},
		{"the swelling", "L'enflure de ma cheville a dégonflé.", nil},
	})
}
