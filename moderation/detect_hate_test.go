package moderation

import "testing"

func TestHateDetector(t *testing.T) {
	runDetector(t, hateDetector{}, []detCase{
		// Must act: dehumanising a group, exclusion, violence against a
		// group, a slur, essentialising.
		{"Les musulmans sont des rats.", true},
		{"Les Roms dehors, ils n'ont rien à faire ici.", true},
		{"Il faut tous les exterminer, ces homosexuels.", true},
		{"Les femmes sont toutes des incapables, c'est dans leur nature.", true},
		// Must not act: a negated judgement, a report of someone else's
		// words to condemn them, pests, a neutral mention of a group.
		{"Les musulmans ne sont pas des rats, arrêtez.", false},
		{"Il faut exterminer les chenilles processionnaires avant l'été.", false},
		{"Arrêtez de dire que les juifs sont des parasites, c'est odieux.", false},
		{"La communauté musulmane organise une collecte pour la banque alimentaire.", false},
	})
}
