package moderation

import "testing"

// A word of contempt in a sentence that names a group is hate only when
// it is said of the group. Real comments name groups next to diseases,
// rubbish, crimes and feelings that have nothing to do with them.

func TestContemptSaidOfTheGroup(t *testing.T) {
	H := []Category{Haineux}
	checkRules(t, []ruleCase{
		{"copula", "Les Tchétchènes du quartier sont vraiment crasseux.", H},
		{"copula of no group", "Les pigeons du quartier sont vraiment crasseux.", nil},
		{"copula with a listed group", "Les Afghans du foyer sont vraiment crasseux.", H},
		{"adjective right after", "Encore des Roumains crasseux devant la gare.", H},
		{"c'est des", "Les Algériens, c'est des cafards.", H},
		{"inverted question", "Pourquoi les lesbiennes sont-elles toutes si hystériques ?", H},
		{"verbless clause after", "Les femmes au conseil, c'est comme les poules au volant, inutile et dangereux.", H},
		{"speaker's feeling", "Les Gitans, je les déteste.", H},
		{"feeling as subject with me", "Les musulmanes voilées me dégoûtent.", H},
		// Hard negatives: the word is said of something else.
		{"crime is abject", "Les musulmans du village sont choqués par ce crime abject.", nil},
		{"disease", "Un réfugié syrien atteint d'une maladie grave a été soigné à Rodez.", nil},
		{"rubbish collected", "Les musulmans de la commune ont ramassé les déchets après la tempête.", nil},
		{"cancer", "Ma voisine africaine a un cancer, on organise une collecte.", nil},
		{"treated like dogs", "Les Roms ont été expulsés comme des chiens, c'est une honte.", nil},
		{"victims", "Les Noirs sont victimes de discrimination à l'embauche, c'est un fléau.", nil},
		{"the group feels it", "Les femmes du village détestent ce nouveau projet de parking.", nil},
		{"olives", "Les Marocains du marché vendent des olives dégueulasses cette semaine.", nil},
		{"another subject", "Les handicapés ont des places réservées, les gens qui s'y garent sont des ordures.", []Category{Injurieux}},
		{"a sad situation", "Les homosexuels sont encore mal acceptés dans nos villages, c'est triste et pitoyable.", nil},
	})
}

func TestContemptAfterTheGroup(t *testing.T) {
	H := []Category{Haineux}
	checkRules(t, []ruleCase{
		{"exclamation", "Les Tziganes, quelle plaie.", H},
		{"c'est and a strong word", "Trop de Comoriens dans ce lotissement, c'est écœurant.", H},
		// Hard negative: a lament about what a group suffers.
		{"lament", "Les lesbiennes sont encore mal acceptées au club, c'est pitoyable.", nil},
	})
}

func TestTopicsAndOpinions(t *testing.T) {
	H := []Category{Haineux}
	checkRules(t, []ruleCase{
		{"feeling about a topic", "Les bisexuels, ça donne envie de vomir.", H},
		{"opinion words before the predicate", "Les Tunisiens sont selon moi des sangsues.", H},
		{"a vote mentioned in a call", "Faudrait gazer les Kurdes avant qu'ils puissent voter.", []Category{Haineux, Menace}},
	})
}
