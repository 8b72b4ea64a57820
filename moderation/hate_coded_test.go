package moderation

import "testing"

// Hate that names no group: ironic names, euphemisms, scare quotes and
// knowing hints; and the ordinary comments that use the same words.

func TestCodedHate(t *testing.T) {
	H := []Category{Haineux}
	checkRules(t, []ruleCase{
		{"ironic name", "Encore une soirée animée grâce à nos chances pour la France du quartier Sud.", H},
		{"friends of diversity", "Nos amis de la diversité ont encore redécoré l'abribus.", H},
		{"scare quotes and trouble", "Des « jeunes » ont encore fait des rodéos sur le parking de la poste.", H},
		{"two hints", "Les « individus » de la place, on sait tous de quelle origine ils sont.", H},
		{"euphemism and a marker of origin", "Ces gens-là, tu les reconnais à l'odeur de leur cuisine, ils puent le curry.", H},
		{"not at home any more", "Bientôt on pourra plus fêter Noël à l'école, on sera plus chez nous.", H},
		// Hard negatives.
		{"sincere opinion", "Les réfugiés sont une chance pour la France, ils font vivre nos fermes.", nil},
		{"young hikers in quotes", "Les « jeunes » du club de marche ont entre 65 et 80 ans, bravo à eux.", nil},
		{"officials as ces gens-là", "Ces gens-là au conseil se moquent de nous depuis six ans.", nil},
		{"neighbours burning leaves", "Ces gens-là brûlent leurs déchets verts tous les dimanches, l'odeur est insupportable.", nil},
		{"a village feast", "Soirée couscous à la salle des fêtes, on se croirait au Maroc, merci au comité.", nil},
		{"tiger mosquitoes", "Les moustiques tigres, ils sont partout cette année, une vraie invasion.", nil},
		{"a secret about a party", "Il faut pas le dire mais le feu d'artifice était raté.", nil},
		{"reported irony", "Arrêtez de traiter les réfugiés de « chances pour la France », c'est minable.", nil},
	})
}

func TestHateBeyondTemplates(t *testing.T) {
	H := []Category{Haineux}
	checkRules(t, []ruleCase{
		{"disclaimer then a wish", "J'ai rien contre les Turcs, mais qu'ils rentrent chez eux.", H},
		{"sent back where they come from", "Retourne d'où tu viens, personne ne t'a invité.", H},
		{"national preference", "Pourquoi la commune loge des Afghans ? Y avait pas de Français au chômage ?", H},
		{"one more misdeed", "C'est encore un coup des Gitans, comme d'habitude.", H},
		{"in their blood", "Les Roumains, on les connaît, c'est dans leur sang.", H},
		{"crimes to come", "Avec leur centre, des dizaines d'Afghans vont agresser nos filles.", H},
		{"licence denied", "Les femmes devraient même pas avoir le droit de conduire.", H},
		{"wheelchair and vegetable", "Une adjointe en fauteuil roulant ? On va gouverner avec une plante verte maintenant ?", H},
		{"denial with a lie", "Les chambres à gaz, on nous ment depuis le début.", H},
		// Hard negatives.
		{"means, not worth", "Je suis contre ce centre : on n'a pas les moyens de les accueillir dignement.", nil},
		{"policy opinion", "L'immigration doit être mieux encadrée, c'est un vrai sujet pour le conseil.", nil},
		{"a nature praised", "Mes voisins kurdes, c'est dans leur nature d'être accueillants.", nil},
		{"disclaimer about tourists", "J'ai rien contre les touristes mais qu'ils restent sur les sentiers.", nil},
		{"it means", "Ça veut dire que les travaux vont encore durer tout l'été ?", nil},
		{"workers welcomed", "Les Africains qui vont travailler chez les maraîchers sont bien accueillis.", nil},
		{"wheelchair praised", "Un élu en fauteuil roulant au conseil, c'est une bonne nouvelle pour l'accessibilité.", nil},
		{"a club's misdeed", "Encore un coup des jeunes du foot, le vestiaire est dans un état !", nil},
		{"someone's budget is a lie", "On nous ment sur le budget depuis six ans.", nil},
	})
}

func TestHateInEverydayWords(t *testing.T) {
	H := []Category{Haineux}
	checkRules(t, []ruleCase{
		{"fed up with them", "Y en a marre de ces Roumains qui mendient devant la boulangerie.", H},
		{"not the same mind", "Les Maghrébins n'ont pas la même mentalité que nous, faut arrêter.", H},
		{"what they do all day", "Les Comoriens du bâtiment C font que gueuler et foutre le bordel.", H},
		{"understand nothing", "Une adjointe autiste, elle va rien comprendre aux dossiers.", H},
		{"money and hidden hands", "Les juifs et leurs banques, c'est toujours eux derrière.", H},
		{"law imposed", "Une salle de prière pour les musulmans ? Bientôt la charia au village.", H},
		{"refused by the speaker", "Je veux pas de Gitans dans ma rue.", H},
		{"told to hide", "Les lesbiennes devraient rester discrètes.", H},
		{"equal sign", "Les réfugiés = des profiteurs.", H},
		{"rather die", "Je préfère encore crever que d'avoir un médecin musulman.", H},
		{"a place become foreign", "Notre village est devenu une annexe du Maghreb.", H},
		{"verbless answer", "Les trans au conseil des jeunes ? Tous des malades.", H},
		// Hard negatives.
		{"fed up with works", "Y en a marre de ces travaux qui n'en finissent pas rue du Moulin.", nil},
		{"their money is public", "Les élus et leurs indemnités, ça mérite un débat.", nil},
		{"refusing noise", "Je veux pas de bruit après 22 heures dans la salle des fêtes.", nil},
		{"a different point of view", "Les jeunes n'ont pas la même vision que nous sur la fête, c'est normal.", nil},
		{"a hot day", "On se croirait en Afrique avec cette chaleur !", nil},
		{"kin in an insult is not a people", "Je vais défoncer ta race au tournoi de belote.", nil},
	})
}
