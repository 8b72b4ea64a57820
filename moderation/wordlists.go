package moderation

import (
	"github.com/vigie-fr/vigie/moderation/internal/wordset"
	wordfiles "github.com/vigie-fr/vigie/moderation/words"
)

// The word lists of the detectors (moderation/words), read once when the
// package starts. Each list is a set of normalised words (lower case,
// accents folded) that a word test asks about; hasPrefixIn asks a list of
// stems.

// listsRead names the lists read, for the test that no list is orphaned.
var listsRead = map[string]bool{}

// wordList reads moderation/words/NAME.txt; a missing or malformed list is
// a build defect the package's tests catch, so it panics.
func wordList(name string) *wordset.Set {
	listsRead[name+".txt"] = true
	return wordset.MustLoad(wordfiles.FS, name+".txt")
}

// hasPrefixIn reports whether w starts with one of the stems of the list.
func hasPrefixIn(stems *wordset.Set, w string) bool {
	for n := 1; n <= len(w); n++ {
		if stems.Has(w[:n]) {
			return true
		}
	}
	return false
}

// isIn is Text.Is asking a list: token i is one of its words.
func isIn(t *Text, i int, s *wordset.Set) bool {
	return i >= 0 && i < len(t.Tokens) && s.Has(t.Tokens[i].Norm)
}

var (
	wlAmbiguousCondemnations        = wordList("ambiguous_condemnations")
	wlCapacityNouns                 = wordList("capacity_nouns")
	wlCasualtyDeterminers           = wordList("casualty_determiners")
	wlCasualtyVerbs                 = wordList("casualty_verbs")
	wlClauseOpenersBeforeWish       = wordList("clause_openers_before_wish")
	wlConnaitreForms                = wordList("connaitre_forms")
	wlCopulaPredicateOpeners        = wordList("copula_predicate_openers")
	wlCrimeVerbs                    = wordList("crime_verbs")
	wlDeadParticiples               = wordList("dead_participles")
	wlDeathVerbs                    = wordList("death_verbs")
	wlDirectObjectFillers           = wordList("direct_object_fillers")
	wlEpithetAdjectives             = wordList("epithet_adjectives")
	wlEpithetCollectiveNouns        = wordList("epithet_collective_nouns")
	wlEpithetIntensifierDeterminers = wordList("epithet_intensifier_determiners")
	wlEpithetIntensifiers           = wordList("epithet_intensifiers")
	wlFirstPersonEtre               = wordList("first_person_etre")
	wlFragmentOpeners               = wordList("fragment_openers")
	wlGluedCopulaRests              = wordList("glued_copula_rests")
	wlGoneWords                     = wordList("gone_words")
	wlGoodOnlyOne                   = wordList("good_only_one")
	wlGroupBackReference            = wordList("group_back_reference")
	wlGroupCopulaSubjects           = wordList("group_copula_subjects")
	wlGroupPhraseDeterminers        = wordList("group_phrase_determiners")
	wlIdiomDeComplements            = wordList("idiom_de_complements")
	wlInfinitiveLookalikes          = wordList("infinitive_lookalikes")
	wlLightWords                    = wordList("light_words")
	wlNatureWords                   = wordList("nature_words")
	wlNominalViolenceHeads          = wordList("nominal_violence_heads")
	wlNounsAboutGroup               = wordList("nouns_about_group")
	wlOpinionWords                  = wordList("opinion_words")
	wlOrdinaryNounContext           = wordList("ordinary_noun_context")
	wlOthersAsAntecedent            = wordList("others_as_antecedent")
	wlPluralDeterminers             = wordList("plural_determiners")
	wlPronounSubjects               = wordList("pronoun_subjects")
	wlProudForms                    = wordList("proud_forms")
	wlQuantityWords                 = wordList("quantity_words")
	wlResterForms                   = wordList("rester_forms")
	wlScareWords                    = wordList("scare_words")
	wlSpeakerBeforeFeeling          = wordList("speaker_before_feeling")
	wlSpeakerInFeeling              = wordList("speaker_in_feeling")
	wlSportAndParty                 = wordList("sport_and_party")
	wlStereotypeNouns               = wordList("stereotype_nouns")
	wlSufferedStems                 = wordList("suffered_stems")
	wlSufferingStems                = wordList("suffering_stems")
	wlVerminVerbStems               = wordList("vermin_verb_stems")
	wlAppositionFillers             = wordList("apposition_fillers")
	wlAppositionIntensifiers        = wordList("apposition_intensifiers")
	wlArticleIntensifiers           = wordList("article_intensifiers")
	wlBareEpithetNouns              = wordList("bare_epithet_nouns")
	wlBareEpithets                  = wordList("bare_epithets")
	wlFaireForms                    = wordList("faire_forms")
	wlInstitutions                  = wordList("institutions")
	wlInterjections                 = wordList("interjections")
	wlLaughterStems                 = wordList("laughter_stems")
	wlLaughterWords                 = wordList("laughter_words")
	wlObsceneObjectDeterminers      = wordList("obscene_object_determiners")
	wlStrongEpithetNouns            = wordList("strong_epithet_nouns")
	wlSucerForms                    = wordList("sucer_forms")
	wlVocativeEpithets              = wordList("vocative_epithets")
	wlWorkplaceNouns                = wordList("workplace_nouns")
	wlArsonStems                    = wordList("arson_stems")
	wlCaringWords                   = wordList("caring_words")
	wlElectionWords                 = wordList("election_words")
	wlHumanWords                    = wordList("human_words")
	wlImpersonalOpeners             = wordList("impersonal_openers")
	wlNonHumanNouns                 = wordList("non_human_nouns")
	wlPeopledPlaces                 = wordList("peopled_places")
	wlPlaceTargetFillers            = wordList("place_target_fillers")
	wlPluralTargets                 = wordList("plural_targets")
	wlSecondPersonTargets           = wordList("second_person_targets")
	wlThingAfterWords               = wordList("thing_after_words")
	wlThirdPersonTargets            = wordList("third_person_targets")
	wlThreatObjectClitics           = wordList("threat_object_clitics")
	wlWeakPersonWords               = wordList("weak_person_words")
	wlWeaponBringVerbs              = wordList("weapon_bring_verbs")
	wlWeaponNouns                   = wordList("weapon_nouns")
	wlCountUnits                    = wordList("count_units")
	wlCurrencyUnits                 = wordList("currency_units")
	wlObjectDeterminers             = wordList("object_determiners")
	wlShareCalls                    = wordList("share_calls")
	wlTimeNouns                     = wordList("time_nouns")
	wlWarningImperatives            = wordList("warning_imperatives")
	wlClaimStopwords                = wordList("claim_stopwords")
	wlGrammaticalWords              = wordList("grammatical_words")
	wlFoughtAgainstStems            = wordList("fought_against_stems")
	wlPassiveAuxiliaries            = wordList("passive_auxiliaries")
	wlVictimVerbStems               = wordList("victim_verb_stems")
	wlSentenceConnectors            = wordList("sentence_connectors")
	wlDeterminersBeforeName         = wordList("determiners_before_name")
	wlRelativeObjectPronouns        = wordList("relative_object_pronouns")
	wlWillObjectClitics             = wordList("will_object_clitics")
	wlMoneyTimeSpans                = wordList("money_time_spans")
	wlOfferImperatives              = wordList("offer_imperatives")
	wlPricedUnits                   = wordList("priced_units")
	wlMonthsAndDays                 = wordList("months_and_days")
	wlServiceMailboxes              = wordList("service_mailboxes")
	wlPhoneCallFollowers            = wordList("phone_call_followers")
	wlStreetNameParticles           = wordList("street_name_particles")
	wlHabiterForms                  = wordList("habiter_forms")
	wlKinNouns                      = wordList("kin_nouns")
	wlOfficialTitles                = wordList("official_titles")
	wlTradeDeterminers              = wordList("trade_determiners")
	wlShopDeterminers               = wordList("shop_determiners")
	wlInLawKinNouns                 = wordList("in_law_kin_nouns")
	wlPartnerAndKinNouns            = wordList("partner_and_kin_nouns")
	wlComplementPrepositions        = wordList("complement_prepositions")
	wlVocativeCalls                 = wordList("vocative_calls")
	wlVocativeFillers               = wordList("vocative_fillers")
	wlPersonTitleWords              = wordList("person_title_words")
)
