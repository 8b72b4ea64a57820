package moderation

import (
	"embed"
	"fmt"
	"strconv"
	"strings"

	"github.com/vigie-fr/vigie/moderation/french"
)

// The charter lexicons. Each file says where its list comes from. They are
// embedded so the classifier reads no file at run time.
//
//go:embed lexicons/groups.txt lexicons/slurs.txt lexicons/dehumanising.txt
//go:embed lexicons/derogatory.txt lexicons/emotions.txt lexicons/violence.txt
//go:embed lexicons/intent.txt lexicons/exclusion.txt lexicons/worthless.txt
//go:embed lexicons/negation.txt lexicons/counter.txt lexicons/generalisation.txt
//go:embed lexicons/conspiracy.txt lexicons/negationism.txt lexicons/insults.txt
//go:embed lexicons/insult_phrases.txt lexicons/persons.txt lexicons/threats.txt
//go:embed lexicons/allowed.txt lexicons/function.txt lexicons/known.txt
//go:embed lexicons/positive.txt lexicons/coded.txt
var lexFS embed.FS

// charterLexicons are the files compiled into the main matcher.
var charterLexicons = []string{
	"groups", "slurs", "dehumanising", "derogatory", "emotions", "violence",
	"intent", "exclusion", "worthless", "negation", "counter",
	"generalisation", "conspiracy", "negationism", "insults",
	"insult_phrases", "persons", "threats", "positive", "coded",
}

// tag is what a lexicon entry says about the words it matches.
type tag uint8

const (
	tagNone       tag = iota
	tagGroup          // a protected group
	tagSlur           // a slur against a protected group
	tagDehum          // dehumanising comparison
	tagDerog          // derogatory attribute
	tagEmo            // hatred, contempt, disgust felt by the speaker
	tagViolence       // violent act or death
	tagIntent         // intent, wish, obligation
	tagExclusion      // expulsion, exclusion
	tagWorthless      // denial of worth or humanity (own negation included)
	tagNeg            // negation particle
	tagNegBlock       // looks negative but is not ("pas mieux que")
	tagReport         // reported speech (counter-speech frame)
	tagCondemn        // condemnation
	tagGeneric        // essentialising generalisation
	tagConspiracy     // conspiracy trope
	tagCrime          // crime against humanity (negationism)
	tagDenial         // denial or minimisation
	tagInsult         // insult to a person
	tagInsultDir      // insult addressed by its form ("ta gueule")
	tagPerson         // a person one can insult or threaten
	tagThreat         // intimidation
	tagEndorse        // endorsement of reported words ("quel est le problème de dire…")
	tagPos            // positive quality or regard, hateful when denied a group
	tagCoded          // coded reference to a group, dog whistle, or the stereotype it comes with
	numTags
)

var tagNames = map[string]tag{
	"group": tagGroup, "slur": tagSlur, "dehum": tagDehum, "derog": tagDerog,
	"emo": tagEmo, "violence": tagViolence, "intent": tagIntent,
	"exclusion": tagExclusion, "worthless": tagWorthless, "neg": tagNeg,
	"negblock": tagNegBlock, "report": tagReport, "condemn": tagCondemn,
	"generic": tagGeneric, "conspiracy": tagConspiracy, "crime": tagCrime,
	"denial": tagDenial, "insult": tagInsult, "insultdir": tagInsultDir,
	"person": tagPerson, "threat": tagThreat, "endorse": tagEndorse,
	"pos": tagPos, "coded": tagCoded,
}

// fuzzyTags are the tags whose words may match with a letter missing,
// added or swapped: the offensive vocabulary and the groups, not the
// grammar words.
var fuzzyTags = map[tag]bool{
	tagGroup: true, tagSlur: true, tagDehum: true, tagDerog: true, tagEmo: true,
	tagViolence: true, tagExclusion: true, tagInsult: true,
}

// lexEntry is one line of a lexicon.
type lexEntry struct {
	tag    tag
	weight float64
	kind   string // group kind: origine, religion, sexe…
	label  string // group name shown in reasons
	det    bool   // a group only after a determiner
	adj    bool   // insult also used of things
	noun   bool   // insult only as a noun: after an article or an epithet ("des nuls")
	demo   bool   // also a people's name, capitalised ("les Mongols")
	wish   bool   // carries intent by itself
	tgt    bool   // names its victim itself ("avec eux dedans")
	verb   bool   // a verb: its object, not its subject, is what it is about
	common bool   // a slur that is also an animal's or a thing's name
	self   bool   // a verb that counts only with the speaker as its subject
	far    bool   // may be said of a group named in the sentence before
	src    string // file:line, for errors
}

// vocab is the compiled charter vocabulary.
type vocab struct {
	entries  []lexEntry
	m        *Matcher
	allowed  []string          // built-in allowed phrases
	known    map[string]bool   // real words never split or read as misspellings
	piecePfx pfxSet            // three-letter beginnings of the splitter's words
	function map[string]bool   // short words the glued-word splitter may cut out
	single   map[string]uint32 // single folded words → bitmask of tags
}

func loadVocab() (*vocab, error) { return loadVocabWith(true) }

// loadVocabWith loads the lexicons; without the known-word list when
// withKnown is false (to regenerate that list).
func loadVocabWith(withKnown bool) (*vocab, error) {
	lx := &vocab{known: map[string]bool{}, function: map[string]bool{}}
	var phrases []string
	for _, name := range charterLexicons {
		data, err := lexFS.ReadFile("lexicons/" + name + ".txt")
		if err != nil {
			return nil, fmt.Errorf("moderation: lexicon %s: %w", name, err)
		}
		if err := lx.parse(name, string(data), &phrases); err != nil {
			return nil, err
		}
	}
	allowed, err := lexFS.ReadFile("lexicons/allowed.txt")
	if err != nil {
		return nil, err
	}
	for _, line := range strings.Split(string(allowed), "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			lx.allowed = append(lx.allowed, line)
		}
	}
	var known []string
	lists := []string{"function", "known"}
	if !withKnown {
		lists = lists[:1]
	}
	for _, f := range lists {
		data, err := lexFS.ReadFile("lexicons/" + f + ".txt")
		if err != nil {
			return nil, err
		}
		for _, line := range strings.Split(string(data), "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "#") {
				continue
			}
			for _, w := range strings.Fields(line) {
				for _, tok := range Normalize(w).Tokens {
					if f == "function" {
						lx.function[tok.Norm] = true
					} else {
						lx.known[tok.Norm] = true
					}
					known = append(known, tok.Norm)
				}
			}
		}
	}
	for _, a := range lx.allowed {
		vs, err := expandPhrase(a)
		if err != nil {
			return nil, fmt.Errorf("moderation: allowed term %q: %w", a, err)
		}
		for _, v := range vs {
			known = append(known, v)
		}
	}
	m, err := CompileMatcher(phrases, MatchOptions{Fuzzy: true, Known: known})
	if err != nil {
		return nil, err
	}
	lx.m = m
	// Single words of every entry: what the glued-word splitter knows.
	// Words of longer phrases are known too, without their tag, so
	// "gorgesdefemmes" splits on "gorges" of "trancher _ gorges".
	// Expanding every phrase again takes long: the embedded lexicons'
	// words come from matchers.bin.
	key := newKeyHash(fmt.Sprintf("word tags %d", embedVersion))
	key.strs(phrases)
	tags := make([]byte, len(lx.entries))
	for i, e := range lx.entries {
		tags[i] = byte(e.tag)
	}
	key.bytes(tags)
	lx.single = cachedWordTags(key.sum(), func() map[string]uint32 { return singleWords(phrases, lx.entries) })
	for w := range lx.single {
		lx.piecePfx.add(w)
	}
	for w := range lx.function {
		lx.piecePfx.add(w)
	}
	return lx, nil
}

// singleWords returns the tags of the single words of every entry: a
// one-word variant has its entry's tag, the words of longer variants
// tagNone.
func singleWords(phrases []string, entries []lexEntry) map[string]uint32 {
	single := map[string]uint32{}
	for i, ph := range phrases {
		if entries[i].tag == tagPos {
			continue // qualities are never hidden in glued words
		}
		vs, _ := expandPhrase(ph)
		for _, v := range vs {
			if strings.ContainsAny(v, "*") {
				continue
			}
			toks := Normalize(v).Tokens
			if len(toks) > 1 || strings.Contains(v, "_") {
				for _, tok := range toks {
					if len(tok.Norm) >= 3 {
						single[tok.Norm] |= 1 << tagNone
					}
				}
				continue
			}
			for _, tok := range toks {
				single[tok.Norm] |= 1 << entries[i].tag
			}
		}
	}
	return single
}

// parse reads one lexicon file: "#!" lines set defaults (tag=, kind=,
// weight=, label=, det=, adj=, wish=) for the lines after them; other "#"
// lines are comments; an entry is "pattern" or "pattern ; key=value…".
func (lx *vocab) parse(name, data string, phrases *[]string) error {
	def := lexEntry{weight: 1}
	for n, line := range strings.Split(data, "\n") {
		line = strings.TrimSpace(line)
		src := fmt.Sprintf("%s.txt:%d", name, n+1)
		switch {
		case line == "":
			continue
		case strings.HasPrefix(line, "#!"):
			def = lexEntry{weight: 1}
			if err := setAttrs(&def, strings.Fields(line[2:]), src); err != nil {
				return err
			}
			continue
		case strings.HasPrefix(line, "#"):
			continue
		}
		e := def
		e.src = src
		pattern, attrs, _ := strings.Cut(line, ";")
		if err := setAttrs(&e, strings.Fields(attrs), src); err != nil {
			return err
		}
		if e.tag == tagNone {
			return fmt.Errorf("moderation: lexicon %s: no tag", src)
		}
		lx.entries = append(lx.entries, e)
		*phrases = append(*phrases, strings.TrimSpace(pattern))
	}
	return nil
}

func setAttrs(e *lexEntry, fields []string, src string) error {
	// A value runs to the next key=value field: "label=personnes noires".
	var kvs []string
	for _, f := range fields {
		if !strings.Contains(f, "=") && len(kvs) > 0 {
			kvs[len(kvs)-1] += " " + f
			continue
		}
		kvs = append(kvs, f)
	}
	for _, kv := range kvs {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			return fmt.Errorf("moderation: lexicon %s: %q is not key=value", src, kv)
		}
		switch k {
		case "tag":
			t, ok := tagNames[v]
			if !ok {
				return fmt.Errorf("moderation: lexicon %s: unknown tag %q", src, v)
			}
			e.tag = t
		case "weight":
			w, err := strconv.ParseFloat(v, 64)
			if err != nil || w < 0 || w > 1 {
				return fmt.Errorf("moderation: lexicon %s: weight %q is not in [0, 1]", src, v)
			}
			e.weight = w
		case "kind":
			e.kind = v
		case "label":
			e.label = strings.ReplaceAll(v, "_", " ")
		case "det":
			e.det = v == "1"
		case "adj":
			e.adj = v == "1"
		case "noun":
			e.noun = v == "1"
		case "demonym":
			e.demo = v == "1"
		case "wish":
			e.wish = v == "1"
		case "tgt":
			e.tgt = v == "1"
		case "verb":
			e.verb = v == "1"
		case "common":
			e.common = v == "1"
		case "self":
			e.self = v == "1"
		case "far":
			e.far = v == "1"
		default:
			return fmt.Errorf("moderation: lexicon %s: unknown attribute %q", src, k)
		}
	}
	return nil
}

// contentTags are the tags a glued word must contain one of to be split:
// splitting is for offensive words hidden in a run of letters.
const contentTags = 1<<tagGroup | 1<<tagSlur | 1<<tagDehum | 1<<tagDerog | 1<<tagEmo |
	1<<tagViolence | 1<<tagExclusion | 1<<tagInsult

// minGlued is the shortest run of letters the splitter looks into.
const minGlued = 6

// unglue splits words written without spaces ("personneslesplusstupides",
// "demourir") into lexicon words, when the whole run splits into known
// words and one of them is offensive or names a group. It returns t itself
// when nothing is split.
func (lx *vocab) unglue(t *Text) *Text {
	t = lx.rejoin(t)
	var out []Token
	for i, tok := range t.Tokens {
		var cuts [MaxTokenBytes / 2]int
		n := 0
		if cliticGlued(tok.Norm, t, i) {
			cuts[0], n = 1, 1
		} else if len(tok.Norm) >= minGlued && !tok.Has(FlagEmoji) {
			n = lx.split(tok.Norm, cuts[:], tok.Next == '\'')
		}
		if n == 0 {
			if out != nil {
				out = append(out, tok)
			}
			continue
		}
		if out == nil {
			out = make([]Token, i, len(t.Tokens)+n+2)
			copy(out, t.Tokens[:i])
		}
		exact := tok.End-tok.Start == len(tok.Norm) // byte offsets map one to one
		from := 0
		for k := 0; k <= n; k++ {
			to := len(tok.Norm)
			if k < n {
				to = cuts[k]
			}
			part := tok
			part.Norm = tok.Norm[from:to]
			part.Flags |= FlagGlued
			if k > 0 {
				part.Flags &^= FlagCapital
			}
			if exact {
				part.Start, part.End = tok.Start+from, tok.Start+to
			}
			if k < n {
				part.Next = ' '
			}
			out = append(out, part)
			from = to
		}
	}
	if out == nil {
		return t
	}
	return &Text{Original: t.Original, Tokens: out}
}

// minRejoined is the shortest word rejoin puts back together: shorter
// joins of two real words are too often other words ("tu es", "tues").
const minRejoined = 8

// rejoin joins two neighbouring words that together, and only together,
// make an offensive word or a group: a space put inside a word to pass
// filters ("dé goûtent", "far deaux", "para sites").
func (lx *vocab) rejoin(t *Text) *Text {
	var out []Token
	toks := t.Tokens
	for i := 0; i < len(toks); i++ {
		a := toks[i]
		if i+1 >= len(toks) || a.Next != ' ' || a.Has(FlagEmoji) || toks[i+1].Has(FlagEmoji) {
			if out != nil {
				out = append(out, a)
			}
			continue
		}
		b := toks[i+1]
		n := len(a.Norm) + len(b.Norm)
		joined := false
		if n >= minRejoined && n <= MaxTokenBytes && len(a.Norm) >= 2 && len(b.Norm) >= 2 && lx.piecePfx.has(a.Norm) {
			var buf [MaxTokenBytes]byte
			w := append(append(buf[:0], a.Norm...), b.Norm...)
			tags := lx.single[string(w)]
			joined = tags&contentTags != 0 && lx.single[a.Norm]&contentTags == 0 && lx.single[b.Norm]&contentTags == 0 &&
				!lx.function[b.Norm]
			if joined {
				if out == nil {
					out = make([]Token, i, len(toks))
					copy(out, toks[:i])
				}
				a.Norm = string(w)
				a.End, a.Next = b.End, b.Next
				a.Flags |= b.Flags&^FlagCapital | FlagSpaced
				out = append(out, a)
				i++
				continue
			}
		}
		if out != nil {
			out = append(out, a)
		}
	}
	if out == nil {
		return t
	}
	return &Text{Original: t.Original, Tokens: out}
}

// cliticGlued reports the clitics that text messages glue to the next
// word without an apostrophe: "cest" (c'est), "jsuis", "jvais", "jte",
// and "tes" read as "t'es" when what follows is an attribute ("tes un
// naze", "tes trop con"), not a noun ("tes enfants").
func cliticGlued(w string, t *Text, i int) bool {
	if len(w) < 3 || len(w) > 7 {
		return false
	}
	rest := w[1:]
	switch w[0] {
	case 'c':
		return french.CliticGluedC.Has(rest)
	case 'j':
		return french.CliticGluedJ.Has(rest)
	case 't':
		return rest == "es" && french.TesAttribute.Has(nextNorm(t, i))
	}
	return false
}

func nextNorm(t *Text, i int) string {
	if i+1 < len(t.Tokens) && t.Tokens[i].Sent == t.Tokens[i+1].Sent {
		return t.Tokens[i+1].Norm
	}
	return ""
}

// split finds the fewest known words that make up w, one of them
// offensive or a group; it writes the cut positions and returns their
// number, or 0 when w is a word of its own or does not split. elided says
// the token is followed by an apostrophe ("femmesn'ont").
//
// Only a few cuts are plausible in a run of glued words, so that a word
// missing from the known-word list is not cut into letters
// ("transcendantale" is not "trans ce n d a n ta le"):
//   - a one-letter piece is an elided clitic (l', d', j', m', n', s', t',
//     c'), either first in the run ("jtebute", "mdegoute") or before a
//     vowel or an h ("lesarabesdehors" aside, "darabes", "lhomo");
//   - two short pieces (one or two letters, a first clitic aside) never
//     follow each other: "en ta les" is the tail of a word, not words;
//   - a piece that is also an inflection ending ("ai", "ont", "ras",
//     "sent"…) never follows a word of three letters or more: "vomirai",
//     "singeras" are verbs, not "vomir ai", "singe ras";
//   - the offensive piece has four letters or more.
func (lx *vocab) split(w string, cuts []int, elided bool) int {
	if lx.known[w] || lx.function[w] || lx.single[w] != 0 || len(w) > MaxTokenBytes {
		return 0
	}
	const inf = 1 << 30
	// State [i][s]: the best split of w[:i] whose last piece is short (s=1)
	// or not (s=0).
	var best [MaxTokenBytes + 1][2]int
	var from [MaxTokenBytes + 1][2]int32 // previous position*2 + state
	var content [MaxTokenBytes + 1][2]bool
	for i := range len(w) + 1 {
		best[i] = [2]int{inf, inf}
	}
	best[0][0] = 0
	for i := 1; i <= len(w); i++ {
		for j := max(0, i-24); j < i; j++ {
			if best[j][0] == inf && best[j][1] == inf {
				continue
			}
			if i-j >= 3 && !lx.piecePfx.has(w[j:]) {
				continue
			}
			piece := w[j:i]
			tags, fn := lx.single[piece], lx.function[piece]
			if tags == 0 && !fn {
				continue
			}
			short := len(piece) <= 2
			if len(piece) == 1 {
				if !elisionLetter(piece[0]) {
					continue
				}
				switch {
				case j == 0 && i < len(w):
					short = false // "j" of "jtebute" leaves room for "te"
				case i < len(w) && vowelOrH(w[i]):
				case i == len(w) && elided:
				default:
					continue
				}
			}
			c := tags&contentTags != 0 && len(piece) >= 4
			ending := j > 0 && inflectionEnding(piece)
			for ps := range 2 {
				if best[j][ps] == inf || short && ps == 1 {
					continue
				}
				if ending && (ps == 0 && j >= 3 || ps == 1 && len(piece) > 2) {
					continue // "je te", "jte" are clitics; "en tes" is an ending
				}
				s := 0
				if short {
					s = 1
				}
				cc := c || content[j][ps]
				cost := best[j][ps] + 1
				if cost < best[i][s] || cost == best[i][s] && cc && !content[i][s] {
					best[i][s], from[i][s], content[i][s] = cost, int32(j*2+ps), cc
				}
			}
		}
	}
	end := -1
	for s := range 2 {
		if best[len(w)][s] == inf || !content[len(w)][s] {
			continue
		}
		if end < 0 || best[len(w)][s] < best[len(w)][end] {
			end = s
		}
	}
	if end < 0 || best[len(w)][end] < 2 || best[len(w)][end] > len(cuts)+1 {
		return 0
	}
	n := best[len(w)][end] - 1
	i, s := len(w), end
	for k := n - 1; k >= 0; k-- {
		f := from[i][s]
		i, s = int(f/2), int(f%2)
		cuts[k] = i
	}
	return n
}

// inflectionEnding reports pieces that are also verb or adjective
// endings: glued after a word, they are more likely its ending than a
// word of their own.
func inflectionEnding(p string) bool { return french.InflectionEnding.Has(p) }

// elisionLetter reports the consonants French elides before a vowel:
// l', d', j', m', n', s', t', c'.
func elisionLetter(c byte) bool {
	switch c {
	case 'l', 'd', 'j', 'm', 'n', 's', 't', 'c':
		return true
	}
	return false
}

func vowelOrH(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u', 'y', 'h':
		return true
	}
	return false
}

// Misreadings returns the words of list that the classifier, without its
// list of known words (lexicons/known.txt), would read as a misspelt
// offensive word or a group ("voir" as "vomir"), or would split as words
// glued together. known.txt is made of them (see internal/genknown), so
// real French words are never misread.
func Misreadings(list []string) ([]string, error) {
	lx, err := loadVocabWith(false)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []string
	var cuts [MaxTokenBytes / 2]int
	var hits []Hit
	for _, w := range list {
		t := Normalize(w)
		for i, tok := range t.Tokens {
			if seen[tok.Norm] {
				continue
			}
			seen[tok.Norm] = true
			misread := len(tok.Norm) >= minGlued && lx.split(tok.Norm, cuts[:], false) > 0
			if !misread {
				hits = lx.m.FindAt(t, i, hits[:0])
				for _, h := range hits {
					if h.Fuzzy && fuzzyTags[lx.entries[h.Phrase].tag] {
						misread = true
						break
					}
				}
			}
			if misread {
				out = append(out, tok.Norm)
			}
		}
	}
	return out, nil
}
