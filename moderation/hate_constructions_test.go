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

func TestImplicitDerogation(t *testing.T) {
	H := []Category{Haineux}
	checkRules(t, []ruleCase{
		{"good for one thing only", "Les Tziganes ne sont bons qu'à mendier.", H},
		{"serve only to", "Les immigrées ne servent qu'à toucher les allocs.", H},
		{"their place is", "Leur place est en prison, à ces Algériens.", H},
		{"the place of a group", "La place des autistes est dans un institut.", H},
		{"kept in their place", "Les Africains doivent rester à leur place.", H},
		{"made for", "Une femme, c'est fait pour obéir à son mari.", H},
		{"presence brings theft", "Cachez vos bijoux, des gitans traînent sur le parking.", H},
		{"you know how it ends", "Avec les Comoriens, on sait ce que ça donne.", H},
		{"the neighbourhood becomes", "Depuis que les Maliens sont là, le quartier est devenu un coupe-gorge.", H},
		{"brain of a bird", "Les blondes musulmanes ont un cerveau de moineau.", H},
		{"essentialising tautology", "Un Marocain, ça restera toujours un Marocain.", H},
		{"vanish", "J'espère que les Kurdes vont disparaître.", H},
		// Hard negatives.
		{"place at the council", "La place des femmes est au conseil municipal, comme celle des hommes.", nil},
		{"hide your bike", "Cachez vos vélos, il y a eu des vols près de la gare.", nil},
		{"prejudices must vanish", "Les préjugés sur les musulmans doivent disparaître.", nil},
		{"deplored inequality", "Les femmes sont toujours en bas de l'échelle des salaires, c'est injuste.", nil},
		{"different words around rester", "Un réfugié reste un être humain.", nil},
		{"good at something", "Les Sénégalais du club sont bons au foot.", nil},
	})
}

func TestHatredAndAttributes(t *testing.T) {
	H := []Category{Haineux}
	checkRules(t, []ruleCase{
		{"loathe", "J'exècre les Tunisiens.", H},
		{"past tense of hate", "Je haïssais les juives et je les hais toujours.", H},
		{"make me sick", "Les sourds me font gerber.", H},
		{"contempt as a noun", "Tout mon mépris pour les bouddhistes.", H},
		{"revolting, feminine plural", "Les Algériennes sont répugnantes.", H},
		{"backward", "Les Afghans sont des arriérés.", H},
		{"sly", "Les Chinois sont sournois, tous.", H},
		{"stink", "Des Roms campent derrière l'école. Ils puent.", H},
		{"livestock", "Les réfugiés, c'est du bétail.", H},
		{"burden", "Les infirmes sont un fardeau.", H},
		{"infection", "Les Arméniens sont comme une infection.", H},
		// Hard negatives.
		{"non-protected group, insult", "Les chasseurs sont des abrutis.", []Category{Injurieux}},
		{"non-protected group, disgust", "Les banquiers m'écœurent.", nil},
		{"negated hatred", "Je ne hais pas les Tunisiens.", nil},
		{"a smell", "Les poubelles puent depuis lundi.", nil},
		{"a thing is a burden", "Ce crédit est un fardeau pour la commune.", nil},
	})
}

func TestThreatsToGroups(t *testing.T) {
	HM := []Category{Haineux, Menace}
	checkRules(t, []ruleCase{
		{"arson, future", "Je mettrai le feu à la mosquée des Turcs.", HM},
		{"bomb where a group meets", "On va poser une bombe au local des lesbiennes.", HM},
		{"thrown in the river", "Je vais balancer les Roms dans le canal, je vais les jeter à l'eau.", HM},
		{"make them pay", "Je vais leur faire payer, à ces juifs.", HM},
		{"shot at", "Les Kurdes mériteraient qu'on leur tire dessus.", HM},
		{"a service to the country", "Ce serait rendre service à la France que de pendre les Syriens.", HM},
		{"group addressed then threatened", "Les Africains, je vais tous vous égorger.", HM},
		// Hard negatives.
		{"threat to a person, not a group", "Je vais te faire payer ça, Kevin.", []Category{Menace}},
		{"throwing things", "Je vais jeter ces vieux meubles à la déchetterie.", nil},
		{"arson of weeds is forbidden", "Il est interdit de mettre le feu aux broussailles.", nil},
	})
}

func TestSlurContexts(t *testing.T) {
	H := []Category{Haineux}
	checkRules(t, []ruleCase{
		{"too many of them", "Il y a beaucoup trop de bamboulas à la gare.", H},
		{"one more of them", "Encore une pétasse qui se croit au-dessus des lois.", H},
		{"swearing on a group", "Putain de juifs.", H},
		// A swear word put on a protected group is hate, not an insult to a person.
		{"insult with de before a group", "Ces enfoirés de Maghrébins ont encore gagné.", H},
		// Hard negatives.
		{"animals at the zoo", "Les macaques du zoo de Beauval ont eu des petits.", nil},
		{"fruit", "Les melons du marché sont bien mûrs.", nil},
		{"reclaimed with pride", "Gouine et fière, à la marche de samedi !", nil},
		{"reclaimed as a we", "On est des pédés, et alors ?", nil},
	})
}

func TestObfuscatedHate(t *testing.T) {
	H := []Category{Haineux}
	checkRules(t, []ruleCase{
		{"as many digits as letters", "Je h41s les Roms.", H},
		{"space inside a word", "Les Gitans sont des para sites.", H},
		{"space inside a verb", "Les juifs me dé goûtent.", H},
		{"short word slip at the end of a phrase", "Les autistes ne valent absolument rin.", H},
		// Hard negatives.
		{"four by four", "Mon 4x4 est en panne depuis 1h30.", nil},
		{"two real words", "Tu es venu à la réunion ?", nil},
	})
}

func TestNegationScope(t *testing.T) {
	H := []Category{Haineux}
	checkRules(t, []ruleCase{
		{"rhetorical question", "Vous ne pensez pas que les Kurdes sont des sangsues ?", H},
		{"nothing more than", "Personne ne me dégoûte plus que les Gitans.", H},
		{"good one is a dead one", "Le seul bon Rom est un Rom mort.", H},
		{"one of its kind", "Ma voisine est juive. Elle est fourbe comme tous ses semblables.", H},
		{"swear word plural on a group", "Ces putains de Tunisiens.", H},
		{"feeling owned by the speaker", "J'ai une haine viscérale pour les Roumains.", H},
		{"cannot stand", "Je peux pas blairer les Comoriennes.", H},
		// Hard negatives.
		{"opinion denied", "Je ne crois pas que les Tunisiens soient violents.", nil},
		{"nobody should", "Personne ne devrait mépriser les sourds.", nil},
		{"no one deserves", "Aucun réfugié ne mérite d'être humilié.", nil},
		{"fight the hatred of others", "Luttons contre la haine envers les Roms.", nil},
		{"speaker of the group", "Je suis une gouine et je vous emmerde.", nil},
		{"animals, plural", "Les macaques de Gibraltar volent les sandwichs des touristes.", nil},
		{"a party", "Hier soir on a fait la bamboula jusqu'à l'aube.", nil},
		{"opinion of others presented", "Les tracts qui présentent les Kurdes comme des parasites sont dangereux.", nil},
	})
}

func TestMoreConstructions(t *testing.T) {
	H := []Category{Haineux}
	checkRules(t, []ruleCase{
		{"refused service", "Je ne louerai jamais mon studio à des Maghrébins.", H},
		{"refused hiring", "Moi, je refuse d'embaucher des femmes voilées.", H},
		{"trouble comes with them", "Dès qu'il y a des Tchétchènes, il y a des bagarres, et des Roms, toujours des vols.", H},
		{"better off without", "Le village serait tellement plus tranquille sans les Gitans.", H},
		{"one less", "Un Rom de moins, ça fait toujours ça de gagné.", H},
		{"deserve blows", "Les lesbiennes mériteraient une bonne correction.", []Category{Haineux, Menace}},
		{"topic question, fragment answer", "Les Kurdes ? Des menteurs, rien de plus.", H},
		{"abstract noun of a group", "La transidentité est une maladie mentale.", H},
		{"next Black man", "Je vais frapper le prochain Noir qui passe.", []Category{Haineux, Menace}},
		{"what they do to children", "Les gays, on sait ce qu'ils font aux enfants.", H},
		// Hard negatives.
		{"policy on hosting", "La commune n'a pas les moyens d'accueillir des réfugiés cet hiver.", nil},
		{"sided with the group", "Les musulmanes ne méritent pas d'être insultées dans la rue.", nil},
		{"trouble without a group", "Dès qu'il pleut, il y a des problèmes de voirie.", nil},
		{"better off without cars", "Le centre serait plus agréable sans les voitures.", nil},
		{"one fewer problem", "Un problème de moins, c'est une bonne nouvelle.", nil},
		{"a question with no fragment", "Les réfugiés ? Ils arrivent demain à la salle des fêtes.", nil},
	})
}
