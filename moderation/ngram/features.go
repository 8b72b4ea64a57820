package ngram

import "math"

// Doc is a comment as the model reads it: the normaliser's folded words,
// in order, and tags that belong to no word (emoji, currency signs). An
// empty word is a hole: it yields no feature and no n-gram spans it. The
// caller builds it from moderation's normalised text, so training and
// judging read comments the same way.
type Doc struct {
	Words []string
	Tags  []string
	// Marks are facts about the whole comment (it names a protected
	// group, it addresses the reader). With FlagMarks, every word is
	// also read joined to each mark, so the model can weigh a word
	// differently where a group is named or the reader addressed.
	Marks []string
}

// NegatedMark starts a word read under negation: it keeps its word
// n-grams but has no character n-grams, which would carry the weight of
// the word asserted.
const NegatedMark = '!'

// Settings are the feature settings a model was trained with; they are
// stored in the model file so a model is always read as it was trained.
type Settings struct {
	// HashBits is the log2 of the number of hash buckets.
	HashBits uint8
	// WordMin and WordMax bound the word n-grams (1–2).
	WordMin, WordMax uint8
	// CharMin and CharMax bound the character n-grams, taken inside each
	// word padded with '<' and '>' (1–4 by default: on comments of a
	// writer held out of training they found more than 2–5 at the same
	// false-alarm rate).
	CharMin, CharMax uint8
	// MinFeatures is the least number of features a comment is
	// normalised as if it had: a comment of two words weighs its few
	// n-grams no more than a longer one would, so its scores stay near
	// the prior (0: none). Format version 2.
	MinFeatures uint16
	// Flags are the optional families of features. Format version 2.
	Flags uint8
}

// Feature families of Settings.Flags.
const (
	// FlagLength adds one tag for the comment's length in words.
	FlagLength = 1 << iota
	// FlagCrossWord adds character n-grams across the boundary of two
	// words (« t'es mort » gives "s m", "es m", "s mo"…).
	FlagCrossWord
	// FlagMarks joins every word to each of the Doc's marks.
	FlagMarks
	// FlagSkip adds the pairs of words one word apart (« tu … mort » in
	// « tu es mort », « tu seras mort »).
	FlagSkip
	flagsKnown = FlagLength | FlagCrossWord | FlagMarks | FlagSkip
)

// DefaultSettings are the settings `vigie train` uses. Trained without
// one writer's files of testdata/train and judged on them (vigie train
// --cross-writers), at 2.5 % of legitimate comments acted on by the
// combined judge: the length tag and MinFeatures 120 found 5.0 points more
// of the comments to act on than neither, the marks with the group class
// 1.2 more; n-grams across word boundaries (FlagCrossWord) found nothing
// more and are left out.
var DefaultSettings = Settings{HashBits: 18, WordMin: 1, WordMax: 2, CharMin: 1, CharMax: 4, MinFeatures: 120, Flags: FlagLength | FlagMarks}

func (s Settings) valid() bool {
	return s.HashBits >= 10 && s.HashBits <= 24 &&
		s.WordMin >= 1 && s.WordMin <= s.WordMax && s.WordMax <= 3 &&
		(s.CharMax == 0 || s.CharMin >= 1 && s.CharMin <= s.CharMax && s.CharMax <= 8) &&
		s.MinFeatures <= 4096 && s.Flags&^flagsKnown == 0
}

// maxWords bounds the words read from one comment, so a pathological
// comment costs no more than a long one.
const maxWords = 256

// FNV-1a, 64 bits, with one offset per namespace so that a word, a
// character n-gram and a tag never share a hash by construction.
const (
	fnvPrime   = 1099511628211
	seedWord   = 14695981039346656037
	seedChar   = seedWord ^ 0x9e3779b97f4a7c15
	seedTag    = seedWord ^ 0xc2b2ae3d27d4eb4f
	seedCross  = seedWord ^ 0x165667b19e3779f9
	seedMark   = seedWord ^ 0x27d4eb2f165667c5
	seedSkip   = seedWord ^ 0x85ebca6b0b4f6a3d
	wordJoiner = ' '
)

func fnvAdd(h uint64, b byte) uint64 { return (h ^ uint64(b)) * fnvPrime }

func fnvString(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * fnvPrime
	}
	return h
}

// mix spreads the bits of an FNV hash before masking: FNV's low bits are
// weak for short inputs.
func mix(h uint64) uint64 {
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	return h
}

// feature is one hashed feature of a comment. Word is the index of the
// first word it comes from and Width the number of words it spans (0 for
// a tag), so an explanation can credit words.
type feature struct {
	bucket uint32
	word   int32
	width  int32
}

// features appends the hashed features of d to buf. Every feature has the
// value 1/sqrt(n); the returned norm is that value.
func (s Settings) features(d Doc, buf []feature) ([]feature, float32) {
	mask := uint64(1)<<s.HashBits - 1
	words := d.Words
	if len(words) > maxWords {
		words = words[:maxWords]
	}
	for i, w := range words {
		if w == "" {
			continue
		}
		// Word n-grams: the hash of a bigram continues the hash of its
		// first word, so each n-gram costs only its last word.
		h := fnvString(seedWord, w)
		if s.WordMin <= 1 {
			buf = append(buf, feature{uint32(mix(h) & mask), int32(i), 1})
		}
		for n := 2; n <= int(s.WordMax) && i+n <= len(words) && words[i+n-1] != ""; n++ {
			h = fnvString(fnvAdd(h, wordJoiner), words[i+n-1])
			if n >= int(s.WordMin) {
				buf = append(buf, feature{uint32(mix(h) & mask), int32(i), int32(n)})
			}
		}
		if s.CharMax == 0 || w[0] == NegatedMark {
			continue
		}
		// Character n-grams of "<word>".
		L := len(w) + 2
		at := func(k int) byte {
			switch k {
			case 0:
				return '<'
			case L - 1:
				return '>'
			}
			return w[k-1]
		}
		for start := 0; start < L; start++ {
			h := uint64(seedChar)
			for n := 1; n <= int(s.CharMax) && start+n <= L; n++ {
				h = fnvAdd(h, at(start+n-1))
				if n >= int(s.CharMin) {
					buf = append(buf, feature{uint32(mix(h) & mask), int32(i), 1})
				}
			}
		}
	}
	if s.Flags&FlagSkip != 0 {
		for i := 0; i+2 < len(words); i++ {
			if words[i] == "" || words[i+2] == "" {
				continue
			}
			h := fnvString(fnvAdd(fnvString(seedSkip, words[i]), wordJoiner), words[i+2])
			buf = append(buf, feature{uint32(mix(h) & mask), int32(i), 3})
		}
	}
	if s.Flags&FlagCrossWord != 0 && s.CharMax >= 3 {
		buf = s.crossWord(words, mask, buf)
	}
	if s.Flags&FlagMarks != 0 {
		for _, m := range d.Marks {
			hm := fnvAdd(fnvString(seedMark, m), '|')
			for i, w := range words {
				if w != "" {
					buf = append(buf, feature{uint32(mix(fnvString(hm, w)) & mask), int32(i), 1})
				}
			}
		}
	}
	for _, t := range d.Tags {
		buf = append(buf, feature{uint32(mix(fnvString(seedTag, t)) & mask), -1, 0})
	}
	if s.Flags&FlagLength != 0 {
		n := 0
		for _, w := range words {
			if w != "" {
				n++
			}
		}
		buf = append(buf, feature{uint32(mix(fnvAdd(seedTag, lengthClass(n))) & mask), -1, 0})
	}
	if len(buf) == 0 {
		return buf, 0
	}
	return buf, float32(1 / math.Sqrt(float64(max(len(buf), int(s.MinFeatures)))))
}

// lengthClass buckets a comment's length in words.
func lengthClass(n int) byte {
	for c, limit := range [...]int{0, 1, 2, 3, 5, 8, 12, 20} {
		if n <= limit {
			return byte(c)
		}
	}
	return 8
}

// crossWord appends the character n-grams (3 to CharMax) that span the
// space between two consecutive words, credited to both.
func (s Settings) crossWord(words []string, mask uint64, buf []feature) []feature {
	var b [16]byte
	for i := 0; i+1 < len(words); i++ {
		a, c := words[i], words[i+1]
		if a == "" || c == "" || a[0] == NegatedMark || c[0] == NegatedMark {
			continue
		}
		k := int(s.CharMax) - 1
		tail := a[max(0, len(a)-k):]
		head := c[:min(len(c), k)]
		n := copy(b[:], tail)
		sp := n
		b[n] = ' '
		n++
		n += copy(b[n:], head)
		// Every n-gram that contains the space.
		for start := max(0, sp-k); start <= sp; start++ {
			h := uint64(seedCross)
			for end := start; end < n && end-start < int(s.CharMax); end++ {
				h = fnvAdd(h, b[end])
				if end >= sp && end-start+1 >= 3 {
					buf = append(buf, feature{uint32(mix(h) & mask), int32(i), 2})
				}
			}
		}
	}
	return buf
}
