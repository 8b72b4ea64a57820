package moderation

import "testing"

// How French hateful sentences are built, one construction per test, each
// with hard negatives: neutral and positive mentions, negated negatives,
// counter-speech, groups the law does not protect, objects.

func TestDeniedQuality(t *testing.T) {
	H := []Category{Haineux}
	checkRules(t, []ruleCase{
		{"group, copula, negated worth", "Les Gitans ne sont pas dignes de confiance.", H},
		{"never any respect for", "Jamais je n'aurai de respect pour ces juives.", H},
		{"no respect for", "Aucun respect pour les Maghrébins, aucun.", H},
		{"nothing admirable about", "Franchement, rien de respectable chez les lesbiennes.", H},
		{"trust denied with a clitic", "Les Tunisiens, on ne peut jamais leur faire confiance.", H},
		{"verb of regard denied", "Je ne respecterai jamais les bouddhistes.", H},
		{"not real human beings", "Les sourds ne seront jamais de vrais êtres humains.", H},
		{"no compassion deserved", "Aucun demandeur d'asile ne mérite notre compassion.", H},
		{"not welcome", "Les Algériennes ne sont vraiment pas les bienvenues au club.", H},
		// Hard negatives.
		{"negated comparison", "Les autistes ne sont pas moins intelligents que nous.", nil},
		{"passive: how a group is treated", "Les femmes ne sont toujours pas respectées au travail.", nil},
		{"positive, not negated", "Les Tunisiens sont dignes de confiance, comme tout le monde.", nil},
		{"regard for a group", "J'ai beaucoup de respect pour les réfugiés qui apprennent le français.", nil},
		{"the group does not like something", "Les juifs que je connais n'aiment pas le foot.", nil},
		{"no regard for haters", "Je n'ai aucun respect pour ceux qui insultent les musulmans.", nil},
		{"non-protected group", "Les chasseurs ne sont pas dignes de confiance.", nil},
		{"a thing", "Cette voiture n'est pas fiable du tout.", nil},
	})
}

func TestGroupNotTheTarget(t *testing.T) {
	H := []Category{Haineux}
	checkRules(t, []ruleCase{
		{"hatred of the group", "Je hais les Roms.", H},
		{"disgust at the group's presence", "Ça me dégoûte de croiser des homos à chaque coin de rue.", H},
		// Hard negatives: the group is named, the words are about something else.
		{"relative clause about haters", "Les gens qui détestent les lesbiennes me dégoûtent.", nil},
		{"those who insult", "Je méprise ceux qui crachent sur les réfugiés.", nil},
		{"complement of a condemned noun", "Je déteste le racisme envers les Noirs.", nil},
		{"situation of a group", "La situation des migrants à Calais est révoltante.", nil},
		{"act as the subject", "Insulter les musulmans est ignoble.", nil},
		{"act as the subject with c'est", "Frapper des handicapés, c'est immonde et lâche.", nil},
	})
}
