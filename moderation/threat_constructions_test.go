package moderation

import "testing"

// How real comments threaten, and how they use violent words without
// threatening anyone: each construction with hard negatives.

func TestThreatTargets(t *testing.T) {
	M := []Category{Menace}
	checkRules(t, []ruleCase{
		{"fire on a peopled place", "Faudrait incendier la permanence du député, ça leur apprendrait.", M},
		{"burst of gunfire in a hall", "Une bonne rafale de mitraillette dans la mairie et on n'en parle plus.", M},
		{"cleft target before the verb", "Ceux qui roulent à fond devant l'école, c'est sur eux qu'il faudrait taper.", M},
		{"first-person present with a pronoun", "Le prochain qui touche à ma haie je lui roule dessus.", M},
		{"oath after the threat", "Je te défonce si tu recommences, j'te jure.", M},
		{"group of people as antecedent", "Ces voleurs de poules, faut les brûler.", M},
		// Hard negatives: pests, plants and things; predictions; care.
		{"pests", "Les guêpes sous le toit, je vais toutes les exterminer ce week-end.", nil},
		{"hornets burned", "Le nid de frelons derrière l'église, faut le brûler de nuit.", nil},
		{"weeds", "Les ronces du cimetière, faudrait les brûler avant l'été.", nil},
		{"leaves at the technical centre", "Il faudrait brûler les feuilles mortes au centre technique.", nil},
		{"a prediction about a driver", "Ce camion va finir par écraser un gamin au carrefour.", nil},
		{"a casualty foreseen", "Si rien ne change il y aura des morts sur cette route.", nil},
		{"street name is not a person", "Faudrait un feu rue du Moulin, un jour il y aura un mort.", nil},
		{"run over in an accident", "Une voiture lui a roulé dessus au passage piéton, il va mieux.", nil},
		{"oath about a cake", "Je te jure que la galette du comité était excellente.", nil},
		{"warning with care", "Merci pour tout, mais à force de porter des sacs tu vas finir à l'hosto, repose-toi.", nil},
	})
}

func TestThreatWarnings(t *testing.T) {
	M := []Category{Menace}
	checkRules(t, []ruleCase{
		{"conditional warning", "S'il recommence à se garer devant chez moi, il va finir à l'hosto.", M},
		{"someday someone", "Un jour quelqu'un va lui régler son compte à ce petit chef.", M},
	})
}

func TestThreatsInEverydayWords(t *testing.T) {
	M := []Category{Menace}
	checkRules(t, []ruleCase{
		{"tyres of the mayor's car", "Je vais crever les pneus de l'adjoint, il l'aura cherché.", M},
		{"a good beating deserved", "Ce DGS mérite une bonne correction.", M},
		{"you will pay", "Vasseur, tu vas payer pour ce que tu as fait à ma mère.", M},
		{"watch out going home", "Qu'il fasse gaffe en rentrant chez lui, le garde champêtre.", M},
		{"head smashed", "La prochaine fois que je le vois je lui éclate la tête.", M},
		{"a visit with friends", "On passe chez toi ce soir avec les potes.", M},
		{"a bullet would solve it", "Une bonne balle dans la nuque, ça réglerait le problème du maire.", M},
		{"a quarter of an hour", "Si je le chope il va passer un sale quart d'heure.", M},
		{"wait till you meet me", "Attends de me croiser toi.", M},
		// Hard negatives.
		{"a party", "On va mettre le feu à la piste samedi au bal des pompiers !", nil},
		{"run over as a warning", "Tu vas te faire écraser à traverser là, prends le passage piéton.", nil},
		{"the cat", "Mon chat a griffé le canapé, je vais le tuer.", nil},
		{"paying a round", "Tu vas payer ta tournée samedi ?", nil},
		{"an evening visit", "On passe chez toi ce soir pour l'apéro, prépare les chips.", nil},
		{"who poisoned the dog is a person", "Celui qui a empoisonné mon chat, je vais le retrouver et l'étrangler.", M},
	})
}

func TestVeiledThreats(t *testing.T) {
	M := []Category{Menace}
	checkRules(t, []ruleCase{
		{"walk alone at night", "Un conseil à l'adjoint : qu'il ne se promène pas seul le soir.", M},
		{"where he parks", "On sait où il gare sa voiture, le DGS.", M},
		{"he will regret it", "Je vais retrouver celui qui a rayé ma voiture et il va le regretter.", M},
		{"pitchforks", "On arrive à la mairie avec des fourches, ils vont voir.", M},
		{"made to eat a ticket", "Je vais te faire manger ton PV, toi.", M},
		{"mutilation", "Faudrait leur couper les mains à ces voleurs d'élus.", M},
		// Hard negatives: votes and advice.
		{"beaten at the polls", "On aura sa peau aux prochaines élections, votez Perrin !", nil},
		{"regret at the polls", "Le maire va le regretter dans les urnes.", nil},
		{"advice to a friend", "Ne te promène pas seule la nuit près du canal, c'est mal éclairé.", nil},
		{"a hay fork", "J'ai retrouvé ma fourche dans la grange, merci au voisin.", nil},
	})
}
