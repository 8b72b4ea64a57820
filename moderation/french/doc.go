package french

import "sort"

// Doc is one comment read once, for every detector: the tokens in two
// readings, and what the reader knows of each token (negation and its
// scope, questions, reported speech and quotation, the speaker, persons
// and places). The lexicon-based rules and the charter-fact detectors
// read the same Doc; neither normalises the comment again.
type Doc struct {
	// Text is the reading the lexicon rules use: words glued without
	// spaces are split ("jtebute") and words cut by a space rejoined
	// ("dé goûtent").
	Text *Text
	// Written is the reading the charter-fact detectors use, whose word
	// lists are written for whole words: the words as written when Text
	// split some, else Text itself.
	Written *Text
	// Allowed marks the tokens of Text inside an allowed term (built-in or
	// the commune's); nil when none.
	Allowed []bool
	// People marks the tokens of Text inside the name of one of the
	// charter's people; nil when none.
	People []bool
	// Lex is what the lexicon step found at each token of Text (see Lex);
	// nil until SetLex.
	Lex []Lex
}

// Lex records what the lexicon found at a token.
type Lex uint8

// Lexicon marks kept on the document.
const (
	// LexNeg: a negation phrase of the lexicon starts at the token.
	LexNeg Lex = 1 << iota
	// LexInPhrase: the token is inside a phrase of two words or more
	// that is not a negation ("pas" in "pas mieux que"): it is read with
	// its phrase, not alone.
	LexInPhrase
)

// Read reads a comment: written is the normaliser's reading, split the
// splitting of glued words (nil for none).
func Read(written *Text, split func(*Text) *Text) *Doc {
	d := new(Doc)
	d.Read(written, split)
	return d
}

// Read reads a comment into d, as the function Read does, so that a
// caller may keep the document inside a larger value.
func (d *Doc) Read(written *Text, split func(*Text) *Text) {
	*d = Doc{Text: written, Written: written}
	if split != nil {
		d.Text = split(written)
	}
	for _, tok := range d.Text.Tokens {
		if tok.Has(FlagGlued) {
			return
		}
	}
	d.Written = d.Text
}

// Norm returns the folded form of token i of Text, "" out of range.
func (d *Doc) Norm(i int) string {
	if i < 0 || i >= len(d.Text.Tokens) {
		return ""
	}
	return d.Text.Tokens[i].Norm
}

func (d *Doc) lex(i int, l Lex) bool {
	return i >= 0 && i < len(d.Lex) && d.Lex[i]&l != 0
}

// InPhrase reports a token inside a longer lexicon phrase (LexInPhrase).
func (d *Doc) InPhrase(i int) bool { return d.lex(i, LexInPhrase) }

// IsClauseBreak reports the punctuation that ends a clause.
func IsClauseBreak(b byte) bool {
	switch b {
	case ',', ';', ':', '.', '!', '?':
		return true
	}
	return false
}

// Negated reports whether the words [first, last) of Text are under a
// negation: a negation of the lexicon in the six words before, within the
// clause ("ne sont pas stupides", "tout sauf", "aucun … ne mérite"), or
// "ne … pas" around them ("je ne hais pas").
func (d *Doc) Negated(first, last int) bool {
	toks := d.Text.Tokens
	if first <= 0 || first > len(toks) {
		return false
	}
	sent := toks[first].Sent
	for j := first - 1; j >= 0 && j >= first-6; j-- {
		if toks[j].Sent != sent || IsClauseBreak(toks[j].Next) && (j < first-1 || d.ClauseOpener(first)) {
			break
		}
		w := toks[j].Norm
		if ClauseStop.Has(w) || d.newPredicate(j) {
			break
		}
		if d.lex(j, LexNeg) && !d.InPhrase(j) {
			if w == "plus" && !d.NeBefore(j) {
				continue
			}
			if Que.Has(d.Norm(j+1)) && d.Asks(j) {
				// "Ne trouvez-vous pas que les X sont des parasites ?"
				// asks for agreement: a rhetorical question.
				return false
			}
			return !d.counterfactual(j)
		}
	}
	if d.superlative(last) {
		return false // "rien ne me répugne plus que les X"
	}
	// "ne V pas": ne (and a clitic) just before, pas just after; or a
	// negative subject before "ne": "personne ne devrait haïr…".
	if d.NeBefore(first) {
		if d.negativeSubject(first) {
			return true
		}
		for j := last; j < len(toks) && j < last+2; j++ {
			if toks[j].Sent != sent {
				break
			}
			if NegationAfter.Has(toks[j].Norm) && !d.InPhrase(j) {
				return !d.counterfactual(j)
			}
		}
	}
	return false
}

// newPredicate reports a subject and a copula starting a main clause at
// j ("vous n'êtes pas juif vous êtes con"): a negation before it does not
// reach past it. After "que" it is a subordinate clause the negation
// governs ("je ne pense pas que tu sois con").
func (d *Doc) newPredicate(j int) bool {
	if !Copula.Has(d.Norm(j)) || !SubjectPronoun.Has(d.Norm(j-1)) {
		return false
	}
	return !PredicateGoverned.Has(d.Norm(j - 2))
}

// counterfactual reports a negation in an unreal condition: "je serais
// d'accord avec eux s'ils n'étaient pas des raclures" asserts they are.
func (d *Doc) counterfactual(neg int) bool {
	toks := d.Text.Tokens
	for j := neg - 1; j >= 0 && j >= neg-5 && toks[j].Clause == toks[neg].Clause; j-- {
		if w := toks[j].Norm; w == "si" || w == "s" && SubjectPronoun.Has(d.Norm(j+1)) {
			for k := j + 1; k < neg+2 && k < len(toks); k++ {
				if PastUnreal.Has(toks[k].Norm) {
					return true
				}
			}
		}
	}
	return false
}

// NeBefore reports "ne"/"n'" in the three words before i.
func (d *Doc) NeBefore(i int) bool {
	for j := i - 1; j >= 0 && j >= i-3; j-- {
		if Ne.Has(d.Norm(j)) {
			return true
		}
	}
	return false
}

// Asks reports whether the sentence of token i of Text ends with a
// question mark.
func (d *Doc) Asks(i int) bool { return EndsInQuestion(d.Text, i) }

// superlative reports "plus que" or "autant que" after a negated verb:
// "rien ne me dégoûte plus que…" says the most, not the least.
func (d *Doc) superlative(last int) bool {
	return Comparative.Has(d.Norm(last)) && Que.Has(d.Norm(last+1))
}

// negativeSubject reports a negative subject before the "ne" of the verb
// at i, in its clause: "personne ne", "aucun élu ne", "rien n'".
func (d *Doc) negativeSubject(i int) bool {
	toks := d.Text.Tokens
	for j := i - 1; j >= 0 && j >= i-8; j-- {
		if toks[j].Sent != toks[i].Sent || j < i-1 && IsClauseBreak(toks[j].Next) {
			return false
		}
		if NegativeSubject.Has(toks[j].Norm) {
			return j+1 < len(toks) && (Ne.Has(d.Norm(j+1)) || j+2 < len(toks) && Ne.Has(d.Norm(j+2)))
		}
	}
	return false
}

// ClauseOpener reports a subject pronoun opening a clause at i: "j'irai
// pas, je préfère…" — the negation before the comma stays in its clause.
func (d *Doc) ClauseOpener(i int) bool { return ClauseSubject.Has(d.Norm(i)) }

// AskedAgreement reports a negated reporting verb in a question: "ne
// pensez-vous pas que…?", "vous ne trouvez pas que…?" asks the reader to
// agree with what follows; it does not report it.
func (d *Doc) AskedAgreement(i int) bool { return d.NeBefore(i) && d.Asks(i) }

// SpeakerReports reports whether a reporting verb at i is the speaker's
// own ("je dis que", "je pense que"): then what follows is an opinion,
// not a report of someone else's words.
func (d *Doc) SpeakerReports(i int) bool {
	sent := d.Text.Tokens[i].Sent
	for j := i - 1; j >= 0 && j >= i-3; j-- {
		if d.Text.Tokens[j].Sent != sent {
			return false
		}
		switch w := d.Norm(j); {
		case FirstPerson.Has(w):
			return true
		case OtherSpeaker.Has(w):
			return false
		}
	}
	return false
}

// Meaning reports "vouloir dire" (to mean) at i: "ça veut dire des X qui
// vont…" states what the speaker concludes; it reports no one's words.
func (d *Doc) Meaning(i int) bool {
	return d.Norm(i) == "dire" && Vouloir.Has(d.Norm(i-1))
}

// Quoted reports whether p and target (-1 for none) are both inside
// quotation marks and the comment has words outside them: a quotation,
// not an assertion.
func (d *Doc) Quoted(p, target int) bool {
	toks := d.Text.Tokens
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

// ProperName reports a capitalised word in the middle of a sentence, or a
// word of a charter person's name.
func (d *Doc) ProperName(i int) bool {
	if i < 0 || i >= len(d.Text.Tokens) {
		return false
	}
	if d.People != nil && d.People[i] {
		return true
	}
	tk := d.Text.Tokens[i]
	if !tk.Has(FlagCapital) || i == 0 || d.Text.Tokens[i-1].Sent != tk.Sent || len(tk.Norm) < 2 || d.PlaceName(i) {
		return false
	}
	// A capital after a quotation mark or a colon starts a sentence too.
	return !IsClauseBreak(d.Text.Tokens[i-1].Next) || d.Text.Tokens[i-1].Next == ','
}

// PlaceName reports a word that follows the noun of a street or a place,
// so that a capital there names no person: "rue de la Gare", "place du
// Marché", "quartier des Pins".
func (d *Doc) PlaceName(i int) bool {
	j := i - 1
	if ArticleLa.Has(d.Norm(j)) {
		j--
	}
	if Of.Has(d.Norm(j)) {
		j--
	}
	return PlaceNoun.Has(d.Norm(j)) && j < i
}

// ReflexivePast reports a participle after a reflexive verb's auxiliary:
// "tu t'es (plutôt) attardé", "il s'est attardé", "je me suis attardé".
func (d *Doc) ReflexivePast(i int) bool {
	for j := i - 1; j >= 1 && j >= i-3; j-- {
		if !Copula.Has(d.Norm(j)) {
			continue
		}
		if Reflexive.Has(d.Norm(j - 1)) {
			w := d.Norm(j - 2)
			return SubjectPronoun.Has(w) || SpeakerSubject.Has(w)
		}
		return false
	}
	return false
}

// Verbal reports a word used as a verb after a reflexive pronoun: "il
// s'attarde", "je m'attarde" fold to the same letters as the slur
// "attardé".
func (d *Doc) Verbal(i int) bool {
	w := d.Norm(i - 1)
	if w == "y" {
		w = d.Norm(i - 2)
	}
	return Reflexive.Has(w)
}

// The reading of sentences that the charter-fact detectors do on Written.

// SentenceBounds returns the tokens [first, last) of sentence s of t.
// Tokens are numbered by sentence in order, so both ends are found by
// binary search: long comments cost no more than short ones per lookup.
func SentenceBounds(t *Text, s int) (first, last int) {
	toks := t.Tokens
	first = sort.Search(len(toks), func(i int) bool { return toks[i].Sent >= s })
	last = sort.Search(len(toks), func(i int) bool { return toks[i].Sent > s })
	if first >= last {
		return 0, 0
	}
	return first, last
}

// EndsInQuestion reports whether the sentence of token i of t ends with a
// question mark. A '?' always ends a sentence, so only its last token can
// carry one.
func EndsInQuestion(t *Text, i int) bool {
	toks := t.Tokens
	for j := i; j < len(toks) && toks[j].Sent == toks[i].Sent; j++ {
		if toks[j].Next == '?' {
			return true
		}
	}
	return false
}

// QuestionSentence reports whether sentence s of t ends with a question
// mark or opens like one ("est-ce que", "c'est vrai que").
func QuestionSentence(t *Text, s int) bool {
	first, last := SentenceBounds(t, s)
	if last == 0 {
		return false
	}
	return t.Tokens[last-1].Next == '?' || questionOpener(t, first)
}

// QuestionAt reports whether token i of t is asked about rather than
// asserted: its sentence opens like a question, or ends with a question
// mark and token i is in its last clause. "Perrin a été viré pour vol, et
// il nous donne des leçons ?" asks only about the lessons.
func QuestionAt(t *Text, i int) bool {
	first, last := SentenceBounds(t, t.Tokens[i].Sent)
	if last == 0 {
		return false
	}
	if questionOpener(t, first) {
		return true
	}
	if t.Tokens[last-1].Next != '?' || t.Tokens[i].Clause != t.Tokens[last-1].Clause {
		return false
	}
	// "… condamné pour violences et on le laisse patrouiller ??": the
	// question starts with the new proposition.
	for k := i + 1; k+1 < last; k++ {
		if Coordination.Has(t.Tokens[k].Norm) && NewSubject.Has(t.Tokens[k+1].Norm) {
			return false
		}
	}
	return true
}

// questionOpener reports a sentence starting at first with an
// interrogative word or an opener of words/question_opener.txt.
func questionOpener(t *Text, first int) bool {
	if first < 0 || first >= len(t.Tokens) {
		return false
	}
	if QuestionWord.Has(t.Tokens[first].Norm) {
		return true
	}
	var buf [48]byte
	b := buf[:0]
	for k := first; k < first+3 && k < len(t.Tokens); k++ {
		if k > first {
			b = append(b, ' ')
		}
		b = append(b, t.Tokens[k].Norm...)
		if QuestionOpener.Has(string(b)) {
			return true
		}
	}
	return false
}

// HypothesisBefore reports a "si" earlier in the sentence of token i:
// what follows is a hypothesis, not an assertion.
func HypothesisBefore(t *Text, i int) bool {
	for k := i - 1; k >= 0 && t.Tokens[k].Sent == t.Tokens[i].Sent; k-- {
		if t.Tokens[k].Norm == "si" {
			return true
		}
	}
	return false
}

// NegationBefore reports whether one of the n tokens before token i, in
// the same clause and after any "mais", is a word of
// words/negation_word.txt. It is the charter-fact detectors' narrow
// reading of negation; Doc.Negated is the scope the lexicon rules read.
func NegationBefore(t *Text, i, n int) bool {
	for k := i - 1; k >= 0 && k >= i-n; k-- {
		if t.Tokens[k].Clause != t.Tokens[i].Clause || t.Tokens[k].Norm == "mais" {
			return false
		}
		if NegationWord.Has(t.Tokens[k].Norm) {
			return true
		}
	}
	return false
}

// ConditionalMood reports whether tokens [first, last) of t hold a verb
// in the conditional ("aurait", "serait", "pourrait"): reported, not
// asserted.
func ConditionalMood(t *Text, first, last int) bool {
	for i := max(first, 0); i < last && i < len(t.Tokens); i++ {
		if HasSuffixIn(ConditionalEnding, t.Tokens[i].Norm) {
			return true
		}
	}
	return false
}
