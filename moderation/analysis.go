package moderation

// mark is one lexicon hit kept for the rules.
type mark struct {
	first, last int // tokens [first, last)
	e           *lexEntry
	fuzzy       bool
}

// analysis holds one comment's tokens and lexicon marks while the rules
// run. It lives for one ClassifyIn call.
type analysis struct {
	t       *Text
	v       *vocab
	marks   []mark
	tags    []uint32 // per token: tags of the marks starting there
	cover   []uint32 // per token: tags of the marks covering it
	allowed []bool   // per token: part of an allowed term; nil when none
	people  []bool   // per token: part of a charter person's name; nil when none
	sents   []sentence
}

// sentence is a token range and the range of its marks.
type sentence struct {
	a, b   int // tokens [a, b)
	ma, mb int // marks [ma, mb)
}

func (an *analysis) norm(i int) string {
	if i < 0 || i >= len(an.t.Tokens) {
		return ""
	}
	return an.t.Tokens[i].Norm
}

func (an *analysis) has(i int, tg tag) bool {
	return i >= 0 && i < len(an.tags) && an.tags[i]&(1<<tg) != 0
}

func (an *analysis) covered(i int, tg tag) bool {
	return i >= 0 && i < len(an.cover) && an.cover[i]&(1<<tg) != 0
}

// build runs the lexicon over t and keeps the marks the rules use.
func (an *analysis) build(hits []Hit) {
	toks := an.t.Tokens
	an.tags = make([]uint32, len(toks))
	an.cover = make([]uint32, len(toks))
	an.marks = an.marks[:0]
	bestFirst, bestLast, bestTag := -1, -1, tagNone
	for _, h := range hits {
		e := &an.v.entries[h.Phrase]
		if h.Fuzzy && !fuzzyTags[e.tag] && h.Last-h.First < 3 {
			continue // a phrase of three words or more is context enough
		}
		if an.allowed != nil && anyTrue(an.allowed[h.First:h.Last]) {
			continue
		}
		// A hit inside a longer one ("pute" in "fils de pute", "pas" in
		// "n'ont pas leur place") is not read on its own, except the
		// group and person words a "_" slot may hold.
		if bestLast >= h.Last && (bestFirst < h.First || bestLast > h.Last) && e.tag != tagGroup && e.tag != tagPerson &&
			!(e.tag == tagSlur && slotTag(bestTag)) {
			continue
		}
		if e.det && !an.determined(h.First) || (e.demo || h.Fuzzy && !an.pluralGroup(e, h.First)) && an.titled(h.First) {
			continue
		}
		if (e.tag == tagInsult || e.tag == tagSlur) && an.measure(h.Last) {
			continue // "attardé de vingt minutes": a delay, not a slur
		}
		if h.Last-h.First > 1 && h.Last > bestLast {
			bestFirst, bestLast, bestTag = h.First, h.Last, e.tag
		}
		an.marks = append(an.marks, mark{first: h.First, last: h.Last, e: e, fuzzy: h.Fuzzy})
		an.tags[h.First] |= 1 << e.tag
		for k := h.First; k < h.Last; k++ {
			an.cover[k] |= 1 << e.tag
		}
	}
	// Sentences and their marks.
	an.sents = an.sents[:0]
	mi := 0
	for a := 0; a < len(toks); {
		b := a + 1
		for b < len(toks) && toks[b].Sent == toks[a].Sent {
			b++
		}
		s := sentence{a: a, b: b, ma: mi}
		for mi < len(an.marks) && an.marks[mi].first < b {
			mi++
		}
		s.mb = mi
		an.sents = append(an.sents, s)
		a = b
	}
}

// measure reports "de" and a quantity at i: "de 20 minutes", "de deux
// heures".
func (an *analysis) measure(i int) bool {
	if w := an.norm(i); w != "de" && w != "d" {
		return false
	}
	w := an.norm(i + 1)
	if w != "" && w[0] >= '0' && w[0] <= '9' {
		return true
	}
	switch w {
	case "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "quinze", "vingt", "trente",
		"quarante", "cinquante", "soixante", "cent", "quelques", "plusieurs", "longues", "bonnes":
		return true
	}
	return false
}

// slotTag reports the tags of phrases whose words may hold a slur of its
// own ("les _ dehors" holds "romanos"); an insult phrase does not ("fils
// de pute" is one insult, not a slur about women).
func slotTag(t tag) bool {
	switch t {
	case tagExclusion, tagViolence, tagIntent, tagThreat, tagConspiracy, tagWorthless, tagGeneric, tagEmo:
		return true
	}
	return false
}

func anyTrue(bs []bool) bool {
	for _, b := range bs {
		if b {
			return true
		}
	}
	return false
}

// determined reports whether the word at i follows a determiner, as the
// colour and nationality adjectives must to name people ("les noirs").
func (an *analysis) determined(i int) bool {
	switch an.norm(i - 1) {
	case "les", "des", "ces", "aux", "un", "une", "le", "la", "l", "du", "de", "d",
		"tous", "toutes", "sale", "sales", "ses", "leurs", "nos", "vos", "mes", "tes",
		"certains", "certaines", "quelques", "plusieurs", "ce", "cet", "cette", "ton", "ta",
		"votre", "ma", "mon", "sa", "son", "nombreux", "trop", "beaucoup", "prochain", "prochaine", "premier",
		"premiere", "dernier", "derniere", "chaque", "aucun", "aucune", "moindre", "seul", "seule":
		return i+1 >= len(an.t.Tokens) || !an.has(i+1, tagGroup)
	case "personnes", "personne", "gens", "hommes", "homme", "femmes", "femme", "familles", "famille", "enfants",
		"jeunes", "populations", "population", "communaute", "communautes", "mecs", "gars", "types", "citoyens":
		// "les personnes noires", "des familles blanches": a noun of
		// people before the adjective.
		return an.determined(i-1) || an.has(i-1, tagGroup)
	}
	return false
}

// clauseStop reports words that end the reach of a negation or a frame
// looking backwards: a new clause starts after them.
func clauseStop(w string) bool {
	switch w {
	case "mais", "car", "donc", "parce", "puisque", "pourtant", "cependant", "alors", "quand", "lorsque", "or":
		return true
	}
	return false
}

// negated reports whether the words [first, last) are under a negation:
// a particle in the six words before, within the clause ("ne sont pas
// stupides", "tout sauf", "aucun … ne mérite"), or "ne … pas" around
// them ("je ne hais pas").
func (an *analysis) negated(first, last int) bool {
	toks := an.t.Tokens
	if first <= 0 || first > len(toks) {
		return false
	}
	sent := toks[first].Sent
	for j := first - 1; j >= 0 && j >= first-6; j-- {
		if toks[j].Sent != sent || isClauseBreak(toks[j].Next) && (j < first-1 || an.clauseOpener(first)) {
			break
		}
		w := toks[j].Norm
		if clauseStop(w) || an.newPredicate(j) {
			break
		}
		if an.has(j, tagNeg) && !an.coveredByLonger(j) {
			if w == "plus" && !an.neBefore(j) {
				continue
			}
			if x := an.norm(j + 1); (x == "que" || x == "qu") && an.question(j) {
				// "Ne trouvez-vous pas que les X sont des parasites ?"
				// asks for agreement: a rhetorical question.
				return false
			}
			return !an.counterfactual(j)
		}
	}
	if an.superlative(last) {
		return false // "rien ne me répugne plus que les X"
	}
	// "ne V pas": ne (and a clitic) just before, pas just after; or a
	// negative subject before "ne": "personne ne devrait haïr…".
	if an.neBefore(first) {
		if an.negativeSubject(first) {
			return true
		}
		for j := last; j < len(toks) && j < last+2; j++ {
			if toks[j].Sent != sent {
				break
			}
			switch toks[j].Norm {
			case "pas", "jamais", "plus", "guere", "point", "nullement":
				if !an.coveredByLonger(j) {
					return !an.counterfactual(j)
				}
			}
		}
	}
	return false
}

// newPredicate reports a subject and a copula starting a main clause at
// j ("vous n'êtes pas juif vous êtes con"): a negation before it does not
// reach past it. After "que" it is a subordinate clause the negation
// governs ("je ne pense pas que tu sois con").
func (an *analysis) newPredicate(j int) bool {
	if !copula(an.norm(j)) || !subjectPronoun(an.norm(j-1)) {
		return false
	}
	switch an.norm(j - 2) {
	case "que", "qu", "ne", "n", "si", "s":
		return false
	}
	return true
}

// counterfactual reports a negation in an unreal condition: "je serais
// d'accord avec eux s'ils n'étaient pas des raclures" asserts they are.
func (an *analysis) counterfactual(neg int) bool {
	toks := an.t.Tokens
	for j := neg - 1; j >= 0 && j >= neg-5 && toks[j].Clause == toks[neg].Clause; j-- {
		if w := toks[j].Norm; w == "si" || w == "s" && subjectPronoun(an.norm(j+1)) {
			for k := j + 1; k < neg+2 && k < len(toks); k++ {
				switch toks[k].Norm {
				case "etaient", "etait", "etais", "avaient", "avait", "avais", "etiez", "aviez":
					return true
				}
			}
		}
	}
	return false
}

// neBefore reports "ne"/"n'" in the three words before i.
func (an *analysis) neBefore(i int) bool {
	for j := i - 1; j >= 0 && j >= i-3; j-- {
		if w := an.norm(j); w == "ne" || w == "n" {
			return true
		}
	}
	return false
}

// coveredByLonger reports a token that is part of a multi-word mark
// ("pas" in "pas mieux que"): it is read with its phrase, not alone.
func (an *analysis) coveredByLonger(i int) bool {
	for k := range an.marks {
		m := &an.marks[k]
		if m.first > i {
			break
		}
		if m.last-m.first > 1 && m.first <= i && i < m.last && m.e.tag != tagNeg {
			return true
		}
	}
	return false
}

func isClauseBreak(b byte) bool {
	switch b {
	case ',', ';', ':', '.', '!', '?':
		return true
	}
	return false
}

// firstPerson reports whether a reporting verb at i is the speaker's own
// ("je dis que", "je pense que"): then what follows is an opinion, not a
// report of someone else's words.
func (an *analysis) firstPerson(i int) bool {
	sent := an.t.Tokens[i].Sent
	for j := i - 1; j >= 0 && j >= i-3; j-- {
		if an.t.Tokens[j].Sent != sent {
			return false
		}
		switch an.norm(j) {
		case "je", "j", "moi", "g", "jsuis", "chui", "jss", "jsui":
			return true
		case "tu", "vous", "il", "elle", "ils", "elles", "on", "qui", "de", "d", "gens":
			return false
		}
	}
	return false
}

// reported reports whether the words at p are framed as someone else's
// speech: a reporting verb or noun earlier in the sentence that is not the
// speaker's own ("arrêtez de dire que…", "traiter les femmes de…", "des
// messages du type…"), or quotation marks around both p and the target
// while the comment has words outside them.
func (an *analysis) reported(s sentence, p, target int) bool {
	frame := false
	for k := s.ma; k < s.mb; k++ {
		m := an.marks[k]
		if m.e.tag == tagEndorse {
			return false // "c'est quoi le problème de dire que…"
		}
		if m.first < p && m.e.tag == tagReport && !an.firstPerson(m.first) && !an.askedAgreement(m.first) && !an.meaning(m.first) {
			frame = true
		}
	}
	return frame || an.quoted(p, target)
}

// quoted reports whether p and target are both inside quotation marks and
// the comment has words outside them: a quotation, not an assertion.
func (an *analysis) quoted(p, target int) bool {
	toks := an.t.Tokens
	if !toks[p].Has(FlagQuoted) || target >= 0 && !toks[target].Has(FlagQuoted) {
		return false
	}
	outside := 0
	for _, tk := range toks {
		if !tk.Has(FlagQuoted) {
			outside++
		}
	}
	return outside >= 2
}

// victim reports "se faire tuer", "se font agresser": the group suffers
// the violence, the comment does not call for it.
func (an *analysis) victim(v int) bool {
	toks := an.t.Tokens
	for j := v - 1; j >= 0 && j >= v-3; j-- {
		if isClauseBreak(toks[j].Next) {
			break // "ils me font chier, qu'ils crèvent": another clause
		}
		switch an.norm(j) {
		case "faire", "fait", "font", "fasse", "fassent", "faisait", "faisaient", "fera", "feront", "fassiez":
			if w := an.norm(j - 1); w == "se" || w == "s" || w == "me" || w == "m" {
				return true
			}
			if w := an.norm(j - 1); (w == "te" || w == "t" || w == "vous") && accident(an.norm(v)) {
				return true // "tu vas te faire écraser à traverser là"
			}
		case "victime", "victimes", "contre":
			return true
		}
	}
	return false
}

// firstPersonClause reports a clause about the speaker: "je suis", "j'ai
// été", "m'être comporté comme": an insult there is self-deprecation.
//
// The speaker must be what the insult is said of: a copula or a
// comparison stands between them ("je vais quitter ce réseau d'attardés"
// is about others).
func (an *analysis) firstPersonClause(i int) bool {
	toks := an.t.Tokens
	cl := toks[i].Clause
	linked := false
	for j := i - 1; j >= 0 && toks[j].Clause == cl && j >= i-8; j-- {
		switch w := toks[j].Norm; w {
		case "jsuis", "chui", "jss", "jsui", "jui":
			return true
		case "je", "j", "me", "m", "moi":
			if linked {
				return true
			}
		case "tu", "t", "te", "vous", "il", "elle", "ils", "elles", "toi", "que", "qu":
			return false // "je pense que le maire est un sale con" is about the maire
		default:
			if an.has(j, tagPerson) && !isWeakPerson(w) || an.properName(j) {
				return false
			}
			if copula(w) || w == "ete" || w == "comme" || w == "sens" || w == "sentais" || w == "fais" || w == "faisais" || w == "comporte" {
				linked = true
			}
		}
	}
	return false
}

// secondPerson reports a word addressing the reader.
func secondPerson(w string) bool {
	switch w {
	case "tu", "t", "toi", "te", "vous", "ta", "ton", "tes", "votre", "vos", "vs":
		return true
	}
	return false
}

// objectClitic reports pronouns that stand for a person before a verb.
func objectClitic(w string) bool {
	switch w {
	case "te", "t", "vous", "le", "la", "l", "les", "lui", "leur", "leurs":
		return true
	}
	return false
}

// subjectPronoun reports pronouns that can be the subject of a copula.
func subjectPronoun(w string) bool {
	switch w {
	case "tu", "t", "vous", "il", "elle", "ils", "elles", "toi", "vs":
		return true
	}
	return false
}

// copula reports forms of "être" and "devenir".
func copula(w string) bool {
	switch w {
	case "es", "est", "etes", "sont", "etait", "etaient", "etais", "serait", "seraient",
		"sera", "seront", "seras", "serez", "deviens", "devient", "deviennent", "reste", "restent", "suis", "etre",
		"soit", "soient", "sois", "soyez":
		return true
	}
	return false
}

// properName reports a capitalised word in the middle of a sentence, or a
// word of a charter person's name.
func (an *analysis) properName(i int) bool {
	if i < 0 || i >= len(an.t.Tokens) {
		return false
	}
	if an.people != nil && an.people[i] {
		return true
	}
	tk := an.t.Tokens[i]
	if !tk.Has(FlagCapital) || i == 0 || an.t.Tokens[i-1].Sent != tk.Sent || len(tk.Norm) < 2 || an.placeName(i) {
		return false
	}
	// A capital after a quotation mark or a colon starts a sentence too.
	return !isClauseBreak(an.t.Tokens[i-1].Next) || an.t.Tokens[i-1].Next == ','
}

// reflexivePast reports a participle after a reflexive verb's auxiliary:
// "tu t'es (plutôt) attardé", "il s'est attardé", "je me suis attardé".
func (an *analysis) reflexivePast(i int) bool {
	for j := i - 1; j >= 1 && j >= i-3; j-- {
		if !copula(an.norm(j)) {
			continue
		}
		switch an.norm(j - 1) {
		case "t", "s", "m", "me", "te", "se":
			w := an.norm(j - 2)
			return subjectPronoun(w) || w == "je" || w == "j" || w == "on"
		}
		return false
	}
	return false
}

// verbal reports a word used as a verb after a reflexive pronoun: "il
// s'attarde", "je m'attarde" fold to the same letters as the slur
// "attardé".
func (an *analysis) verbal(i int) bool {
	w := an.norm(i - 1)
	if w == "y" {
		w = an.norm(i - 2)
	}
	switch w {
	case "m", "t", "s", "me", "te", "se":
		return true
	}
	return false
}

// question reports a sentence that ends with a question mark.
func (an *analysis) question(i int) bool {
	toks := an.t.Tokens
	for j := i; j < len(toks) && toks[j].Sent == toks[i].Sent; j++ {
		if toks[j].Next == '?' {
			return true
		}
	}
	return false
}

// superlative reports "plus que" or "autant que" after a negated verb:
// "rien ne me dégoûte plus que…" says the most, not the least.
func (an *analysis) superlative(last int) bool {
	w, x := an.norm(last), an.norm(last+1)
	return (w == "plus" || w == "autant" || w == "davantage") && (x == "que" || x == "qu")
}

// negativeSubject reports a negative subject before the "ne" of the verb
// at i, in its clause: "personne ne", "aucun élu ne", "rien n'".
func (an *analysis) negativeSubject(i int) bool {
	toks := an.t.Tokens
	for j := i - 1; j >= 0 && j >= i-8; j-- {
		if toks[j].Sent != toks[i].Sent || j < i-1 && isClauseBreak(toks[j].Next) {
			return false
		}
		switch toks[j].Norm {
		case "personne", "aucun", "aucune", "nul", "nulle", "rien":
			return j+1 < len(toks) && (an.norm(j+1) == "ne" || an.norm(j+1) == "n" || j+2 < len(toks) &&
				an.norm(j+2) == "ne" || j+2 < len(toks) && an.norm(j+2) == "n")
		}
	}
	return false
}

// askedAgreement reports a negated reporting verb in a question: "ne
// pensez-vous pas que…?", "vous ne trouvez pas que…?" asks the reader to
// agree with what follows; it does not report it.
func (an *analysis) askedAgreement(i int) bool {
	return an.neBefore(i) && an.question(i)
}

// pluralGroup reports a group word after a plural article: "les Nioirs"
// is a misspelt group, capital or not; a capital alone would make it a
// name ("Mongolie").
func (an *analysis) pluralGroup(e *lexEntry, i int) bool {
	if e.tag != tagGroup {
		return false
	}
	switch an.norm(i - 1) {
	case "les", "des", "ces":
		return true
	}
	return false
}

// placeName reports a capitalised word that names a street or a place,
// not a person: "rue de la Gare", "place du Marché", "quartier des Pins".
func (an *analysis) placeName(i int) bool {
	j := i - 1
	switch an.norm(j) {
	case "la", "l":
		j--
	}
	switch an.norm(j) {
	case "de", "du", "des", "d":
		j--
	}
	switch an.norm(j) {
	case "rue", "avenue", "av", "boulevard", "bd", "place", "chemin", "impasse", "allee", "route", "quai", "quartier",
		"lieu", "dit", "lotissement", "residence", "cite", "square", "parc", "pont", "hameau", "ruelle", "sentier",
		"cours", "passage", "rond", "point", "zone", "zac", "za", "ecole", "college", "lycee", "salle", "gare", "stade",
		"gymnase", "moulin", "ferme", "domaine", "chateau", "eglise", "rivage", "bois", "foret", "etang", "lac", "riviere",
		"saint", "sainte", "st", "ste":
		return j < i
	}
	return false
}

// meaning reports "vouloir dire" (to mean): "ça veut dire des X qui
// vont…" states what the speaker concludes; it reports no one's words.
func (an *analysis) meaning(i int) bool {
	if an.norm(i) != "dire" {
		return false
	}
	switch an.norm(i - 1) {
	case "veut", "veux", "voulait", "voudrait", "voudra", "voulez", "veulent":
		return true
	}
	return false
}

// accident reports violence verbs that traffic does: "se faire écraser",
// "renverser", "faucher".
func accident(w string) bool {
	for _, p := range []string{"ecras", "renvers", "percut", "fauch", "rouler"} {
		if len(w) >= len(p) && w[:len(p)] == p {
			return true
		}
	}
	return false
}

// clauseOpener reports a subject pronoun opening a clause at i: "j'irai
// pas, je préfère…" — the negation before the comma stays in its clause.
func (an *analysis) clauseOpener(i int) bool {
	switch an.norm(i) {
	case "je", "j", "on", "nous", "il", "elle", "ils", "elles", "tu", "vous":
		return true
	}
	return false
}
