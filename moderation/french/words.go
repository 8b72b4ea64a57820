package french

import (
	"embed"

	"github.com/vigie-fr/vigie/moderation/internal/wordset"
)

// The reader's word classes: closed classes of French grammar words, one
// list a file in words/, each with its provenance header. Entries are
// normalised forms (lower case, no accents), as tokens' Norm. The judge's
// version (moderation.Judge) hashes these files with the lexicons.
//
//go:embed words/*.txt
var WordFS embed.FS

func load(name string) *wordset.Set { return wordset.MustLoad(WordFS, "words/"+name+".txt") }

// Word classes. Each list's header says what it holds.
var (
	Quantity          = load("quantity")
	Determiner        = load("determiner")
	PeopleNoun        = load("people_noun")
	ClauseStop        = load("clause_stop")
	NegationAfter     = load("negation_after")
	Ne                = load("ne")
	Que               = load("que")
	PastUnreal        = load("past_unreal")
	PredicateGoverned = load("predicate_governed")
	FirstPerson       = load("first_person")
	OtherSpeaker      = load("other_speaker")
	Faire             = load("faire")
	SelfClitic        = load("self_clitic")
	YouClitic         = load("you_clitic")
	VictimWord        = load("victim_word")
	SpeakerCopula     = load("speaker_copula")
	Speaker           = load("speaker")
	NotSpeaker        = load("not_speaker")
	SelfLink          = load("self_link")
	SecondPerson      = load("second_person")
	ObjectClitic      = load("object_clitic")
	SubjectPronoun    = load("subject_pronoun")
	Copula            = load("copula")
	Reflexive         = load("reflexive")
	SpeakerSubject    = load("speaker_subject")
	Comparative       = load("comparative")
	NegativeSubject   = load("negative_subject")
	PluralArticle     = load("plural_article")
	ArticleLa         = load("article_la")
	Of                = load("of")
	De                = load("de")
	PlaceNoun         = load("place_noun")
	Vouloir           = load("vouloir")
	AccidentStem      = load("accident_stem")
	ClauseSubject     = load("clause_subject")
	NegationWord      = load("negation_word")
	QuestionWord      = load("question_word")
	QuestionOpener    = load("question_opener")
	NewSubject        = load("new_subject")
	Coordination      = load("coordination")
	ConditionalEnding = load("conditional_ending")
	Title             = load("title")
	CliticGluedJ      = load("clitic_glued_j")
	CliticGluedC      = load("clitic_glued_c")
	TesAttribute      = load("tes_attribute")
	InflectionEnding  = load("inflection_ending")
)

// maxAffix bounds the stems and endings of the affix lists (AccidentStem,
// ConditionalEnding): TestAffixLists checks every entry is shorter.
const maxAffix = 8

// HasPrefixIn reports whether w starts with an entry of s (w may be the
// entry itself).
func HasPrefixIn(s *wordset.Set, w string) bool {
	for k := 1; k <= maxAffix && k <= len(w); k++ {
		if s.Has(w[:k]) {
			return true
		}
	}
	return false
}

// HasSuffixIn reports whether w ends with an entry of s and is longer
// than it.
func HasSuffixIn(s *wordset.Set, w string) bool {
	for k := 1; k <= maxAffix && k < len(w); k++ {
		if s.Has(w[len(w)-k:]) {
			return true
		}
	}
	return false
}
