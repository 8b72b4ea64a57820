package moderation

import "testing"

// Who a word is thrown at decides its category: a sexist or ableist word
// thrown at one person insults that person; the same word, or a swear
// word, put on a protected group is hate, not an insult to a person.

func TestPersonalSlurs(t *testing.T) {
	I := []Category{Injurieux}
	H := []Category{Haineux}
	checkRules(t, []ruleCase{
		{"ableist word at the reader", "t'es gogol ou tu le fais exprès ?", I},
		{"ableist word at a crowd addressed", "Bande de trisos, relisez le compte rendu avant de râler.", I},
		{"sexist word said of an agent", "La dame de l'accueil est une vraie pétasse.", I},
		// Still hate: "sale" before it, a generalisation, a group.
		{"sale before it", "Sale gogol.", []Category{Haineux, Injurieux}},
		{"generalisation", "Les femmes comme toi sont toutes des salopes.", []Category{Haineux, Injurieux}},
		{"many of them", "Il y a de plus en plus de gogols dans ce village.", H},
		{"homophobic word addressed", "Dégage, sale fiotte.", []Category{Haineux, Injurieux}},
		// Hard negatives.
		{"reported", "Il m'a traitée de pétasse devant tout le monde, j'ai porté plainte.", nil},
		{"the word itself discussed", "Dire « gogol » pour se moquer, c'est blesser les familles.", nil},
	})
}

func TestGroupNotInsulted(t *testing.T) {
	H := []Category{Haineux}
	checkRules(t, []ruleCase{
		{"filth said of a group", "Les Roms c'est de la racaille, point.", H},
		{"swear word on a group", "Ces bâtards de migrants squattent le gymnase.", H},
		{"insult said of a person stays", "Le voisin c'est une ordure, il crache sur les gamins.", []Category{Injurieux}},
	})
}

func TestInsultAimedAtAPerson(t *testing.T) {
	I := []Category{Injurieux}
	checkRules(t, []ruleCase{
		{"apposition to agents", "Les employés du service technique, des gros parasites, on les paie à rien faire.", I},
		{"apposition after a name", "Lebrun, un vrai tocard, comme d'habitude.", I},
		{"all of them in apposition", "Les conseillers de l'opposition, tous des bouffons.", I},
		{"name with a definite article", "Encore une sortie de Perrin le boloss.", I},
		{"pointed at after the word", "Quel cassos ce voisin.", I},
		{"of service", "Voilà le guignol de service qui recommence.", I},
		{"a face that says it", "Le type du camping-car a une sale tronche de psychopathe.", I},
		{"obscene verb of a person", "Vous sucez l'adjoint pour avoir vos places en crèche ?", I},
		// Hard negatives.
		{"apposition of a thing", "Le nouveau rond-point, une vraie catastrophe.", nil},
		{"apposition of praise", "Le maire, un homme de parole, a tenu sa promesse.", nil},
		{"ice cream", "Les glaces à l'italienne, tu les suces ou tu les croques ?", nil},
		{"harsh criticism", "Le maire est incompétent sur ce dossier et son projet est une erreur.", nil},
		{"a face of someone tired", "Le matin j'ai une tête de déterré, c'est pas beau à voir.", nil},
	})
}

func TestInsultsInEverydayWords(t *testing.T) {
	I := []Category{Injurieux}
	checkRules(t, []ruleCase{
		{"opinion frame is not about the speaker", "Je pense que l'adjoint est un sale con.", I},
		{"equal sign and epithet", "Morel = gros nul.", I},
		{"lazy of shit", "Les agents de la voirie sont des fainéants de merde.", I},
		{"unusual word", "Le maire est un baltringue.", I},
		{"one n", "Garnier cette grosse conasse.", I},
		// Hard negatives.
		{"self-deprecation", "Je pense que je suis un gros nul en bricolage.", nil},
		{"a thing of shit", "Ce rond-point de merde est mal fichu.", nil},
	})
}

func TestInsultIdioms(t *testing.T) {
	I := []Category{Injurieux}
	checkRules(t, []ruleCase{
		{"clown of the day", "Perrin le pitre de service, toujours à faire son show.", I},
		{"stupid as her feet", "Elle est bête comme ses pieds, la nouvelle responsable.", I},
		// Hard negatives.
		{"taken for fools", "Le maire nous prend pour des imbéciles avec ce budget.", nil},
		{"worse than", "La circulation est pire qu'avant, c'est un fait.", nil},
		{"circus clown", "Le pitre du cirque était génial, les enfants ont adoré.", nil},
	})
}

func TestSlurAloneStaysHate(t *testing.T) {
	HI := []Category{Haineux, Injurieux}
	checkRules(t, []ruleCase{
		{"nothing but", "Tu n'es rien d'autre qu'une pétasse.", HI},
		{"a bare address", "T'es qu'un gogol.", HI},
		// In a comment about something, the same word insults the person.
		{"in a comment about a post", "T'es gogol ou quoi ? Relis l'arrêté avant de commenter.", []Category{Injurieux}},
	})
}
