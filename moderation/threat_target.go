package moderation

import "strings"

// Who or what a violence word is aimed at, beyond the pronoun or the
// person named next to it: a place where people are ("faut cramer le
// centre", "une rafale dans la salle du conseil"), and what is not a
// person at all (animals, pests, plants, things: "ces moustiques, je vais
// tous les exterminer"). And when the words announce no one's violence: a
// prediction about someone else ("ce chauffard va finir par tuer
// quelqu'un"), or a warning said with care ("prends soin de toi, tu vas
// finir à l'hosto").

// speakerPresent reports a violent verb in the present after "je" or "on"
// and an object pronoun: "je lui roule dessus", "on te défonce". The
// speaker announces it; no modal is needed.
func (an *analysis) speakerPresent(v mark) bool {
	if v.e.weight < 0.8 {
		return false
	}
	if objectClitic(an.norm(v.first)) {
		// The phrase opens with its pronoun: "je lui en colle une".
		switch an.norm(v.first - 1) {
		case "je", "j", "on":
			return true
		}
	}
	switch an.norm(v.first - 1) {
	case "te", "t", "lui", "leur", "vous", "le", "la", "les", "l":
	default:
		return false
	}
	switch an.norm(v.first - 2) {
	case "je", "j", "on":
		return true
	}
	return false
}

// nonHumanAntecedent reports an object pronoun at j standing for
// animals, pests, plants or things named before it, with no person or
// group in the sentence or the one before: "les frelons du grenier, faut
// les brûler". "Ces migrants sont des cafards, faut les exterminer" names
// people: the pest is a comparison.
func (an *analysis) nonHumanAntecedent(j int) bool {
	toks := an.t.Tokens
	if j < 0 || j >= len(toks) {
		return false
	}
	switch toks[j].Norm {
	case "le", "la", "l", "les":
	default:
		return false // "lui", "leur" stand for people
	}
	sent := toks[j].Sent
	thing := false
	for k := 0; k < len(toks); k++ {
		if toks[k].Sent < sent-1 || toks[k].Sent > sent || k == j {
			continue
		}
		w := toks[k].Norm
		if an.has(k, tagPerson) && !isWeakPerson(w) || an.covered(k, tagGroup) || an.covered(k, tagSlur) || an.properName(k) ||
			an.covered(k, tagInsult) || an.covered(k, tagDerog) || humanWord(w) {
			return false
		}
		if k < j && nonHuman(w) {
			thing = true
		}
	}
	return thing
}

// nonHuman reports nouns of animals, pests, plants and things that
// violent verbs are ordinarily used of.
func nonHuman(w string) bool {
	switch strings.TrimSuffix(strings.TrimSuffix(w, "s"), "x") {
	case "moustique", "guepe", "frelon", "souri", "cafard", "blatte", "puce", "pou", "tique", "punaise", "fourmi",
		"limace", "escargot", "taupe", "pigeon", "corbeau", "mouche", "chenille", "processionnaire", "termite",
		"ragondin", "sanglier", "renard", "nuisible", "rongeur", "mulot", "campagnol", "loir", "araignee", "ver",
		"moucheron", "doryphore", "puceron", "herbe", "ronce", "ortie", "pissenlit", "chardon", "liseron", "lierre",
		"feuille", "branche", "souche", "dechet", "carton", "papier", "pneu", "palette", "broussaille", "haie", "arbre",
		"buisson", "mauvaise", "bestiole", "insecte", "microbe", "bacterie", "viru", "germe", "champignon", "moisissure",
		"poubelle", "encombrant", "zombie", "monstre", "boss", "niveau", "ennemi", "orc", "orque", "adversaire", "calorie",
		"graisse", "kilo", "bouton", "tache", "bouchon", "bug", "facture", "dossier", "record", "gateau", "pizza",
		"steak", "saucisse", "merguez", "barbecue", "bbq", "chiendent", "moule", "crabe", "poisson", "lapin", "poulet",
		"chat", "chaton", "chien", "chiot", "cheval", "poule", "coq", "canape", "ordi", "ordinateur", "telephone", "imprimante":
		return true
	}
	return false
}

// arson reports violence done to a place with people in it: fire,
// explosives, gunfire.
func arson(w string) bool {
	for _, p := range []string{"cram", "brul", "incendi", "mitraill", "rafale", "bomb", "kalash", "kalach", "dynamit", "explos", "plastiqu"} {
		if strings.HasPrefix(w, p) {
			return true
		}
	}
	return false
}

// peopledPlace reports places where people live, meet or work.
func peopledPlace(w string) bool {
	switch w {
	case "mairie", "conseil", "salle", "ecole", "college", "lycee", "creche", "mosquee", "mosquees", "eglise", "eglises",
		"synagogue", "synagogues", "temple", "centre", "foyer", "foyers", "camp", "campement", "campements", "terrain",
		"quartier", "cite", "immeuble", "immeubles", "permanence", "gendarmerie", "commissariat", "prefecture", "maison",
		"maisons", "baraque", "local", "locaux", "caravane", "caravanes", "hlm", "assemblee", "cantine", "gymnase",
		"association", "asso", "logements", "logement", "squat", "bar", "boite", "club", "siege":
		return true
	}
	return false
}

// placeTarget finds a peopled place a fire, a bomb or gunfire is aimed
// at, just after the violence word: "cramer le centre", "une rafale dans
// la salle du conseil", "brûler leur mosquée".
func (an *analysis) placeTarget(s sentence, v mark) int {
	if !arson(an.norm(v.first)) && !arson(an.norm(v.last-1)) {
		return -1
	}
	toks := an.t.Tokens
	for j := v.last; j < s.b && j < v.last+6; j++ {
		w := toks[j].Norm
		if peopledPlace(w) {
			return j
		}
		switch w {
		case "le", "la", "l", "les", "ce", "cet", "cette", "ces", "leur", "leurs", "sa", "son", "ses", "notre", "nos",
			"votre", "vos", "tout", "toute", "dans", "sur", "a", "au", "aux", "en", "de", "kalash", "kalach", "kalachnikov",
			"balles", "bonne", "grosse", "petite", "vieille":
			continue
		}
		return -1
	}
	return -1
}

// prediction reports violence that the words foresee from someone else,
// not the speaker: "il va finir par tuer quelqu'un".
func (an *analysis) prediction(v mark) bool {
	if an.norm(v.first-1) != "par" || !strings.HasPrefix(an.norm(v.first-2), "fini") {
		return false
	}
	// "je vais finir par lui en coller une" is the speaker's own.
	for j := v.first - 3; j >= 0 && j >= v.first-6; j-- {
		switch an.norm(j) {
		case "je", "j", "on", "nous":
			return false
		}
	}
	return true
}

// caring reports a comment that wishes the person well or thanks them:
// a warning in it ("tu vas finir à l'hosto") is concern, not a threat.
func (an *analysis) caring() bool {
	toks := an.t.Tokens
	for i := range toks {
		switch toks[i].Norm {
		case "merci", "bravo", "courage", "felicitations", "chapeau", "repose", "reposez", "menage", "menagez":
			return true
		case "soin":
			if w := an.norm(i - 1); w == "prends" || w == "prenez" || w == "prenne" {
				return true
			}
		case "force":
			if an.norm(i-1) == "a" {
				return true // "à force de courir"
			}
		}
	}
	return strings.Contains(an.t.Original, "😅") || strings.Contains(an.t.Original, "❤")
}

// humanWord reports words that stand for people a threat may be aimed
// at: "celui qui a empoisonné mon chien, je vais le trouver".
func humanWord(w string) bool {
	switch w {
	case "tu", "vous", "toi", "te", "celui", "celle", "ceux", "celles", "quiconque", "auteur", "auteurs", "coupable",
		"coupables", "responsable", "responsables", "chasseur", "chasseurs", "proprietaire", "conducteur", "conductrice",
		"automobiliste", "chauffeur", "pilote", "fils", "fille", "frere", "soeur", "pere", "mere", "cousin", "gamin", "gamine":
		return true
	}
	return false
}
