package moderation

import "testing"

// Breadth: words of the completed lexicons in the constructions that
// already read them, and the constructions added with them. Each group
// has hard negatives: criticism of the maire, counter-speech, violent
// idioms, animals and place names.

func TestBreadthInsults(t *testing.T) {
	I := []Category{Injurieux}
	checkRules(t, []ruleCase{
		{"slang insult said of the maire", "Le maire est un vrai narvalo.", I},
		{"archaic insult with an epithet", "Espèce de faquin, rends-nous la salle des fêtes.", I},
		{"regional insult addressed", "T'es qu'une cagole, laisse parler les autres.", I},
		{"lazy agent", "Cet employé de la voirie, quelle feignasse.", I},
		{"old man said so", "Le conseiller Dubois, vieux schnock, n'écoute personne.", I},
		{"verlan", "Ferme-la, sale tepu.", []Category{Haineux, Injurieux}},
		{"bare apposition to the maire", "Morel, trouduc incapable de tenir un budget.", I},
		{"two bare insults in apposition", "Le maire, menteur et crapule.", I},
		{"insult named by its place", "Le blaireau du bar a encore garé sa voiture sur le trottoir.", I},
		{"the one at the counter", "La poufiasse du guichet m'a envoyé balader.", I},
		{"a title's period ends no sentence", "Mme. Garnier est complètement débile.", I},
		// Hard negatives.
		{"criticism of the maire", "Le maire se trompe sur le budget, ce projet est une erreur.", nil},
		{"an insult reported in quotes", "Un voisin m'a traité de « gros naze » devant l'école, c'est lamentable.", nil},
		{"a first word that names no one", "Bref, nul et non avenu, ce règlement.", nil},
		{"a place after a thing", "La saleté du quartier me désole.", nil},
		{"self-deprecation", "J'ai été un vrai zozo sur ce coup-là, pardon.", nil},
	})
}

func TestBreadthHate(t *testing.T) {
	H := []Category{Haineux}
	checkRules(t, []ruleCase{
		{"demonym with an attribute", "Les Albanais sont tous des voleurs.", H},
		{"old slur for Italians", "Encore un rital qui a eu le marché, sales ritals.", []Category{Haineux, Injurieux}},
		{"dehumanising word for a group", "Ces clandos, c'est de la vermine qui grouille.", H},
		{"vermin of a new kind", "Les réfugiés sont des termites qui rongent la France.", H},
		{"group that cannot fit in", "Les Tchétchènes sont inassimilables.", H},
		{"echo", "Les médias sont tenus par (((eux))), comme d'habitude.", H},
		{"good one leaves", "Une bonne réfugiée est une réfugiée qui s'en va.", H},
		{"predicate after a question", "Des homos au conseil municipal ?? C'est des dégénérés.", H},
		{"laws imposed", "Les musulmans finiront par imposer leurs coutumes à toute la commune.", H},
		{"kitchen", "Laissez la politique aux hommes et retournez faire le ménage mesdames.", H},
		{"kept at home", "Les autistes, faudrait les garder chez eux.", H},
		{"blood and theft", "Les Roumains pillent les jardins, c'est dans leur sang.", H},
		{"blood of people hinted at", "On accueille toute la misère du monde, et ils ont la violence dans le sang.", H},
		// Hard negatives.
		{"predicate with its own subject", "Ce nouvel horaire est stupide, les femmes seules rentrent tard de la gare.", nil},
		{"counter-speech", "Dire que les Albanais sont des voleurs, c'est du racisme pur.", nil},
		{"animals", "Les termites ont attaqué la charpente de l'église.", nil},
		{"the good one comes", "Un bon voisin est un voisin qui dit bonjour.", nil},
		{"a policy debate", "Accueillir les réfugiés coûte cher mais c'est notre devoir.", nil},
		{"parentheses in a remark", "Le budget (voir page 3) est en hausse.", nil},
		{"kept at home by the flu", "Les enfants malades, gardez-les à la maison, merci.", nil},
	})
}

func TestBreadthThreats(t *testing.T) {
	M := []Category{Menace}
	checkRules(t, []ruleCase{
		{"future of a new verb", "Si le voisin recommence, je le zigouille.", M},
		{"a slap announced", "Si la secrétaire me raccroche encore au nez, je lui en colle une.", M},
		{"welcomed with a gun", "Le premier huissier qui vient, je l'accueille au fusil.", M},
		{"feet first", "Le prochain qui rentre chez moi repartira les pieds devant.", M},
		{"arson of their homes", "Brûlez leurs maisons, qu'ils comprennent.", M},
		{"death wish", "Puisse-t-il crever, ce maire.", M},
		{"a visit at night", "Avec les copains on pourrait faire un petit tour chez l'adjoint cette nuit.", M},
		{"a visit by day", "Le maire rendra une petite visite aux écoles un matin de juin.", nil},
		// Hard negatives.
		{"violent idiom", "Ce match m'a tué, je suis mort de rire.", nil},
		{"a party", "On va tout défoncer au bal du 14 juillet !", nil},
		{"a gun in a hunting story", "Mon grand-père partait à la chasse au fusil tous les dimanches.", nil},
		{"care", "Surveillez les enfants au bord du lac, qu'ils ne se noient pas.", nil},
		{"burning weeds", "Brûlez les mauvaises herbes avant l'été, c'est autorisé.", nil},
	})
}
