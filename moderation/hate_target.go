package moderation

// Whether a group named in a sentence is what a predicate is about. A
// group can be named without being the target: inside a relative clause
// about other people ("je déteste ceux qui insultent les musulmans"), as
// the complement of a noun ("je hais le racisme envers les Noirs"), or as
// the object of an act that is the subject ("menacer les Noirs, c'est un
// délit"). Then what the sentence says is about the people, the noun or
// the act, not the group.

// notTheTarget reports a group that mark m is not said of.
func (an *analysis) notTheTarget(s sentence, m mark, g groupRef) bool {
	return an.inOthersRelative(s, g) || an.nounComplement(g, m) || an.actSubject(s, m, g) || an.selfNamed(g) ||
		m.first < g.tok && (m.e.tag == tagEmo || m.e.tag == tagPos && m.e.verb) && !an.directObject(m, g)
}

// groupStart returns the first token of the noun phrase of the group at
// g: its determiners and a noun of people before it ("les personnes
// noires", "tous ces migrants").
func (an *analysis) groupStart(g int) int {
	i := g
	for i > 0 {
		switch an.norm(i - 1) {
		case "les", "des", "ces", "aux", "du", "la", "le", "l", "une", "un", "tous", "toutes", "certains", "certaines",
			"personnes", "gens", "familles", "populations", "nos", "vos", "leurs", "ses", "mes", "tes", "quelques", "plusieurs":
			i--
			continue
		}
		return i
	}
	return i
}

// inOthersRelative reports a group inside a relative clause whose
// antecedent is other people: "ceux qui détestent les gays", "les gens qui
// insultent les femmes", "quiconque s'en prend aux juifs".
func (an *analysis) inOthersRelative(s sentence, g groupRef) bool {
	for j := g.tok - 1; j > s.a && j >= g.tok-8; j-- {
		switch an.norm(j) {
		case "qui", "que", "qu", "dont":
		default:
			continue
		}
		switch an.norm(j - 1) {
		case "ceux", "celles", "celui", "celle", "gens", "quiconque", "individus", "types", "mecs", "racistes",
			"homophobes", "sexistes", "fachos", "imbeciles", "idiots", "abrutis", "cons", "personnes":
			return !an.has(j-1, tagGroup) && !an.has(j-1, tagSlur)
		case "la", "ci":
			return an.norm(j-2) == "ceux" || an.norm(j-2) == "celles"
		}
		if an.norm(j) == "qui" && an.norm(j-1) == "quiconque" {
			return true
		}
	}
	return an.norm(g.tok-1) == "quiconque"
}

// nounComplement reports a group named as the complement of a noun that
// is what the sentence speaks of, other than the mark m itself: "le
// racisme envers les Noirs", "les insultes contre les femmes", "la
// situation des réfugiés".
func (an *analysis) nounComplement(g groupRef, m mark) bool {
	i := an.groupStart(g.tok)
	prep, head := an.norm(i-1), i-2
	if w := an.norm(i); w == "des" || w == "aux" || w == "du" {
		prep, head = w, i-1 // "des" is "de les"
	}
	switch prep {
	case "envers", "contre", "visant", "vis", "anti":
	case "de", "des", "d", "du", "aux", "a", "pour":
		if w := an.norm(head); w == "egard" || w == "encontre" {
			return true // "à l'égard des", "à l'encontre des"
		}
	default:
		return false
	}
	if prep == "vis" || prep == "anti" {
		return true
	}
	if head >= m.first && head < m.last {
		return false // "tout mon mépris pour les…": the noun is the mark
	}
	return aboutNoun(an.norm(head))
}

// aboutNoun reports nouns a sentence can be about while it names a group
// after them: what is done to the group, felt or said against it.
func aboutNoun(w string) bool {
	switch w {
	case "racisme", "haine", "discrimination", "discriminations", "violence", "violences", "prejuges", "prejuge",
		"stereotypes", "cliches", "amalgames", "insultes", "insulte", "propos", "agressions", "agression", "attaques",
		"harcelement", "stigmatisation", "rejet", "persecution", "persecutions", "exclusion", "hostilite", "oppression",
		"droits", "defense", "protection", "situation", "souffrance", "souffrances", "sort", "accueil", "integration",
		"soutien", "traitement", "conditions", "lutte", "homophobie", "transphobie", "islamophobie", "antisemitisme",
		"misogynie", "sexisme", "xenophobie", "negrophobie", "deportation", "massacre", "massacres", "genocide",
		"extermination", "meurtre", "meurtres", "crimes", "moqueries", "blagues", "caricatures", "representation",
		"marginalisation", "precarite", "pauvrete", "cause", "mepris", "menaces", "peur", "mefiance", "commentaires",
		"messages", "tags", "slogans", "expulsion", "expulsions", "inegalites", "injustices", "humiliation", "humiliations":
		return true
	}
	return false
}

// actSubject reports a group that is the object of an infinitive opening
// the clause, when the predicate comes after it: "Menacer les Noirs,
// c'est un délit", "Comparer les femmes à des animaux est inacceptable".
// The predicate is said of the act.
func (an *analysis) actSubject(s sentence, m mark, g groupRef) bool {
	if m.first < g.tok {
		return false
	}
	inf := an.groupStart(g.tok) - 1
	if inf < s.a || !infinitive(an.norm(inf)) || an.has(inf, tagGroup) || an.has(inf, tagPerson) {
		return false
	}
	return inf == s.a || isClauseBreak(an.t.Tokens[inf-1].Next)
}

// infinitive reports a word that looks like a French infinitive and is
// not one of the common words with the same endings.
func infinitive(w string) bool {
	if len(w) < 5 {
		return false
	}
	switch w {
	case "hier", "super", "enfer", "premier", "dernier", "entier", "contre", "entre", "notre", "votre", "autre",
		"outre", "encore", "genre", "titre", "lettre", "maitre", "ordre", "livre", "monstre", "centre", "quatre",
		"derriere", "arriere", "premiere", "derniere", "entiere", "lumiere", "frontiere", "priere", "matiere",
		"plaisir", "avenir", "loisir", "desir", "souvenir", "ministre", "sinistre", "propre", "pauvre", "libre",
		"chaque", "cinema", "semestre", "trimestre", "nombre", "membre", "chambre", "fenetre", "mettre":
		return false
	}
	n := len(w)
	switch w[n-2:] {
	case "er", "ir":
		return true
	case "re":
		return w[n-3] != 'e' && w[n-3] != 'i'
	}
	return false
}

// directObject reports that a verb of feeling or regard is followed by
// the group as its object, with only light words between: "je hais les
// juifs", "je ne respecterai jamais tous ces migrants", "ça me rend malade
// de voir des handicapés"; not "je déteste le racisme envers les Noirs".
func (an *analysis) directObject(m mark, g groupRef) bool {
	if g.tok-m.last > 7 {
		return false
	}
	for j := m.last; j < g.tok; j++ {
		switch an.norm(j) {
		case "les", "des", "ces", "aux", "la", "le", "l", "du", "de", "d", "a", "pour", "envers", "chez", "en",
			"tous", "toutes", "tout", "certains", "certaines", "personnes", "gens", "profondement", "vraiment",
			"tellement", "trop", "pas", "plus", "jamais", "rien", "que", "qu", "quand", "voir", "entendre", "croiser",
			"cotoyer", "supporter", "cette", "ce", "cet", "un", "une", "nos", "vos", "leurs", "mes", "tes",
			"ses", "autant", "aussi", "bien", "franchement", "carrement", "completement", "totalement", "absolument",
			"moindre", "aucun", "aucune", "y", "avoir", "partout", "ici", "comme", "vis", "par", "ressens", "ressent",
			"eprouve", "ai", "j", "je", "contre", "profonde", "profond", "viscerale", "visceral", "totale", "total",
			"immense", "absolue", "absolu", "sincere", "infinie", "infini", "sans", "bornes", "limite", "reelle", "vraie",
			"mon", "ma", "appartement", "maison", "logement", "chambre", "studio", "local", "boutique", "magasin",
			"restaurant", "bar", "entreprise", "equipe", "cabinet", "club":
		default:
			return false
		}
	}
	return true
}

// selfNamed reports a group the speaker says they belong to: "je suis une
// gouine et je t'emmerde", "nous sommes musulmans".
func (an *analysis) selfNamed(g groupRef) bool {
	i := g.tok - 1
	switch an.norm(i) {
	case "un", "une", "des":
		i--
	}
	switch an.norm(i) {
	case "suis", "jsuis", "chui":
		return true
	case "sommes":
		return an.norm(i-1) == "nous"
	case "est":
		return an.norm(i-1) == "on"
	}
	return false
}
