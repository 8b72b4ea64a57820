package moderation

import (
	"fmt"
	"strings"
)

// A Matcher finds a fixed list of words and phrases in a normalised Text.
// It is built once (CompileMatcher) and is safe for concurrent use.
//
// Phrase syntax, one phrase per string:
//
//   - words are separated by spaces and folded like comment text, so case,
//     accents, hyphens and apostrophes do not matter ("sous-homme" is the
//     two words "sous homme", "l'arabe" is "l arabe");
//   - "(…)" in a word is optional, and "(a|b)" is a choice:
//     "abject(e)(s)" is abject, abjecte, abjects, abjectes;
//     "cr(e|è)v(e|ent)" is creve, crevent; choices may hold several words:
//     "hors de (france|notre pays)"; choices nest: "(m(e|é)rite|vaut)";
//   - a trailing "*" matches any ending: "encul*" matches encule, enculés…;
//   - "_" alone matches any one word: "briser _ cou" matches "briser le cou"
//     and "briser ton cou".
//
// Matching is on whole tokens, so "con" never matches "conseil" nor
// "Condom". A token whose letters were stretched ("coooon") also matches
// the word with its repeated letters squeezed. With MatchOptions.Fuzzy, a
// single-word phrase of at least five letters also matches a token with one
// letter missing, one extra or two neighbours swapped ("ignbles",
// "odrures"); such hits are marked Fuzzy.
//
// Inside, the trie of words is a minimised graph held in flat arrays of
// integers (see match_build.go): no pointer for the garbage collector to
// follow, a few hundred kilobytes for the charter's lexicons, and a form
// that the lexicons embedded in the binary load from without compiling
// (see match_embed.go).
type Matcher struct {
	// words are every word the matcher compares a token with: trie
	// edges, stems, single-word phrases, their deletions and the known
	// words. The arrays below name words by their id in this table.
	words wordTable

	// Node k's exact edges are edgeWord[i], edgeNode[i] for i in
	// [nodeEdge[k], nodeEdge[k+1]), sorted by word id; its edges by the
	// squeezed word (when the word has repeated letters) are sqWord,
	// sqNode in [nodeSq[k], nodeSq[k+1]), sorted too; its edges by stem
	// (trailing "*") are stemWord, stemNode in [nodeStem[k],
	// nodeStem[k+1]); nodeAny[k] is its "_" child plus one, or 0; the
	// phrases that end at it are phr[nodePhr[k]:nodePhr[k+1]].
	nodeEdge, edgeWord, edgeNode []uint32
	nodeSq, sqWord, sqNode       []uint32
	nodeStem, stemWord, stemNode []uint32
	nodeAny                      []uint32
	nodePhr, phr                 []uint32
	root                         uint32
	// rootSq are the first words with repeated letters, squeezed;
	// prefix are the first-word stems (trailing *). Both sorted by word.
	rootSqWord, rootSqNode []uint32
	prefixWord, prefixNode []uint32
	// Fuzzy indexes of single-word phrases, by word id: the phrases whose
	// word it is, single[singleOff[w]:singleOff[w+1]], and those whose
	// word it is with one letter deleted, del[delOff[w]:delOff[w+1]].
	singleOff, single []uint32
	delOff, del       []uint32
	// known is a bit set of the word ids never read as a misspelling.
	known []uint32
	fuzzy bool
	// nphrases is the length of the caller's list.
	nphrases int

	// Derived when built or loaded (see finish).
	stemLens []int // distinct first-word stem lengths, ascending
	// singlePfx and deletePfx hold the three-letter beginnings of the
	// words with single-word phrases and deletions: most tokens are
	// rejected without hashing.
	singlePfx, deletePfx pfxSet
}

// MatchOptions tune a Matcher.
type MatchOptions struct {
	// Fuzzy lets single words of five letters or more match with one
	// letter missing, one extra, or two neighbouring letters swapped.
	Fuzzy bool
	// Known are real words that must never be read as a misspelling of a
	// phrase (e.g. "cancre" is not "cancer"). Folded like the phrases.
	Known []string
}

// Hit is one match of a phrase in a Text.
type Hit struct {
	// Phrase is the index of the phrase in the list given to CompileMatcher.
	Phrase int
	// First and Last delimit the matched tokens: Tokens[First:Last].
	First, Last int
	// Fuzzy is set when the token only matched with a letter missing,
	// added or swapped.
	Fuzzy bool
}

// minFuzzyLen is the shortest phrase word that fuzzy matching applies to:
// shorter words have too many real neighbours ("rien"/"rein").
const minFuzzyLen = 5

// CompileMatcher compiles phrases. It fails on an empty phrase, unbalanced
// parentheses or a phrase that starts with "_".
//
// The embedded lexicons' matchers were compiled by go generate: when
// phrases and opts are exactly those of one of them, it is loaded from the
// binary instead of compiled (see match_embed.go).
func CompileMatcher(phrases []string, opts MatchOptions) (*Matcher, error) {
	key := matcherKey(phrases, opts)
	if m := precompiledMatcher(key, phrases, opts); m != nil {
		return m, nil
	}
	m, err := compileMatcher(phrases, opts)
	if err != nil {
		return nil, err
	}
	recordMatcher(key, m)
	return m, nil
}

// expandPhrase expands "(a|b)" choices and "(x)" optional parts.
func expandPhrase(ph string) ([]string, error) {
	if strings.TrimSpace(ph) == "" {
		return nil, fmt.Errorf("empty phrase")
	}
	return expandAlternatives(ph)
}

func expandAlternatives(s string) ([]string, error) {
	open := strings.IndexByte(s, '(')
	if open < 0 {
		if strings.ContainsAny(s, ")|") {
			return nil, fmt.Errorf("unbalanced parentheses")
		}
		return []string{s}, nil
	}
	if strings.ContainsAny(s[:open], ")|") {
		return nil, fmt.Errorf("unbalanced parentheses")
	}
	// Find the matching ")" and the top-level "|" inside.
	depth, closeAt := 0, -1
	var bars []int
	for i := open; i < len(s) && closeAt < 0; i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				closeAt = i
			}
		case '|':
			if depth == 1 {
				bars = append(bars, i)
			}
		}
	}
	if closeAt < 0 {
		return nil, fmt.Errorf("unbalanced parentheses")
	}
	var choices []string
	from := open + 1
	for _, b := range bars {
		choices = append(choices, s[from:b])
		from = b + 1
	}
	choices = append(choices, s[from:closeAt])
	if len(choices) == 1 {
		choices = append(choices, "")
	}
	rests, err := expandAlternatives(s[closeAt+1:])
	if err != nil {
		return nil, err
	}
	var out []string
	for _, c := range choices {
		cs, err := expandAlternatives(c)
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			for _, r := range rests {
				out = append(out, s[:open]+c+r)
			}
		}
	}
	if len(out) > 4096 {
		return nil, fmt.Errorf("too many variants")
	}
	return out, nil
}

// squeeze cuts every run of identical letters to one.
func squeeze(s string) string {
	for i := 1; i < len(s); i++ {
		if s[i] == s[i-1] {
			b := make([]byte, 0, len(s))
			b = append(b, s[:i]...)
			for j := i; j < len(s); j++ {
				if s[j] != s[j-1] {
					b = append(b, s[j])
				}
			}
			return string(b)
		}
	}
	return s
}

// squeezeInto writes squeeze(s) into buf and returns it; no allocation for
// short words.
func squeezeInto(buf []byte, s string) []byte {
	buf = buf[:0]
	for i := 0; i < len(s); i++ {
		if i == 0 || s[i] != s[i-1] {
			buf = append(buf, s[i])
		}
	}
	return buf
}

// Len is the number of phrases the matcher was compiled from.
func (m *Matcher) Len() int { return m.nphrases }

// Find appends to dst every hit in t, ordered by first token, longer hits
// first at the same token, and returns it. The same phrase is reported once
// per starting token.
func (m *Matcher) Find(t *Text, dst []Hit) []Hit {
	for i := range t.Tokens {
		dst = m.findAt(t, i, dst)
	}
	return dst
}

// FindAt appends the hits that start at token i to dst.
func (m *Matcher) FindAt(t *Text, i int, dst []Hit) []Hit {
	if i < 0 || i >= len(t.Tokens) {
		return dst
	}
	return m.findAt(t, i, dst)
}

// Longest returns the longest hit starting at token i.
func (m *Matcher) Longest(t *Text, i int) (Hit, bool) {
	var arr [8]Hit
	hs := m.FindAt(t, i, arr[:0])
	if len(hs) == 0 {
		return Hit{}, false
	}
	return hs[0], true
}

// Contains reports whether any phrase occurs in t.
func (m *Matcher) Contains(t *Text) bool {
	var arr [8]Hit
	for i := range t.Tokens {
		if len(m.findAt(t, i, arr[:0])) > 0 {
			return true
		}
	}
	return false
}

// search returns the node that word w leads to among the edges words,
// nodes (words sorted).
func search(words, nodes []uint32, w uint32) (uint32, bool) {
	lo, hi := 0, len(words)
	for lo < hi {
		h := int(uint(lo+hi) >> 1)
		if words[h] < w {
			lo = h + 1
		} else {
			hi = h
		}
	}
	if lo < len(words) && words[lo] == w {
		return nodes[lo], true
	}
	return 0, false
}

func (m *Matcher) findAt(t *Text, i int, dst []Hit) []Hit {
	start := len(dst)
	tok := t.Tokens[i]
	w := tok.Norm
	if id, ok := m.words.lookup(w); ok {
		r0, r1 := m.nodeEdge[m.root], m.nodeEdge[m.root+1]
		if n, ok := search(m.edgeWord[r0:r1], m.edgeNode[r0:r1], id); ok {
			dst = m.walk(t, i, i+1, n, false, dst)
		}
	}
	if tok.Flags&FlagStretched != 0 && len(w) <= MaxTokenBytes {
		var b [MaxTokenBytes]byte
		sq := squeezeInto(b[:0], w)
		if id, ok := m.words.lookupBytes(sq); ok {
			if n, ok := search(m.rootSqWord, m.rootSqNode, id); ok {
				dst = m.walk(t, i, i+1, n, false, dst)
			}
			if len(sq) != len(w) {
				r0, r1 := m.nodeEdge[m.root], m.nodeEdge[m.root+1]
				if n, ok := search(m.edgeWord[r0:r1], m.edgeNode[r0:r1], id); ok {
					dst = m.walk(t, i, i+1, n, false, dst)
				}
			}
		}
	}
	for _, l := range m.stemLens {
		if l > len(w) {
			break
		}
		if id, ok := m.words.lookup(w[:l]); ok {
			if n, ok := search(m.prefixWord, m.prefixNode, id); ok {
				dst = m.walk(t, i, i+1, n, false, dst)
			}
		}
	}
	if tok.Flags&FlagMasked != 0 && len(dst) == start {
		dst = m.maskedAt(t, i, dst)
	}
	if m.fuzzy && len(dst) == start {
		dst = m.fuzzyAt(t, i, dst)
	}
	hs := dst[start:]
	// Longer hits first, then exact before fuzzy, then phrase order (an
	// insertion sort: there are few hits per token, and sort.Slice would
	// allocate).
	for a := 1; a < len(hs); a++ {
		for b := a; b > 0 && hitBefore(hs[b], hs[b-1]); b-- {
			hs[b], hs[b-1] = hs[b-1], hs[b]
		}
	}
	// Drop repeats of one phrase.
	out := dst[:start]
	for _, h := range hs {
		dup := false
		for _, o := range out[start:] {
			if o.Phrase == h.Phrase {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, h)
		}
	}
	return out
}

func hitBefore(a, b Hit) bool {
	if a.Last != b.Last {
		return a.Last > b.Last
	}
	if a.Fuzzy != b.Fuzzy {
		return !a.Fuzzy // an exact variant of a phrase beats a fuzzy one
	}
	return a.Phrase < b.Phrase
}

// walk records the phrases ending at node n (tokens [i, j) matched) and
// follows the next token down the trie.
func (m *Matcher) walk(t *Text, i, j int, n uint32, fuzzy bool, dst []Hit) []Hit {
	for _, id := range m.phr[m.nodePhr[n]:m.nodePhr[n+1]] {
		dst = append(dst, Hit{Phrase: int(id), First: i, Last: j, Fuzzy: fuzzy})
	}
	if j >= len(t.Tokens) {
		return dst
	}
	tok := t.Tokens[j]
	w := tok.Norm
	matched := false
	e0, e1 := m.nodeEdge[n], m.nodeEdge[n+1]
	if e0 < e1 {
		if id, ok := m.words.lookup(w); ok {
			if c, ok := search(m.edgeWord[e0:e1], m.edgeNode[e0:e1], id); ok {
				dst = m.walk(t, i, j+1, c, fuzzy, dst)
				matched = true
			}
		}
	}
	if s0, s1 := m.nodeSq[n], m.nodeSq[n+1]; tok.Flags&FlagStretched != 0 && s0 < s1 && len(w) <= MaxTokenBytes {
		var b [MaxTokenBytes]byte
		if id, ok := m.words.lookupBytes(squeezeInto(b[:0], w)); ok {
			if c, ok := search(m.sqWord[s0:s1], m.sqNode[s0:s1], id); ok {
				dst = m.walk(t, i, j+1, c, fuzzy, dst)
				matched = true
			}
		}
	}
	for k := m.nodeStem[n]; k < m.nodeStem[n+1]; k++ {
		stem := m.words.word(m.stemWord[k])
		if strings.HasPrefix(w, stem) || tok.Flags&FlagMasked != 0 && maskMatch(w, stem, true) {
			dst = m.walk(t, i, j+1, m.stemNode[k], fuzzy, dst)
			matched = true
		}
	}
	if a := m.nodeAny[n]; a != 0 {
		dst = m.walk(t, i, j+1, a-1, fuzzy, dst)
	}
	if matched || e0 == e1 {
		return dst
	}
	masked := tok.Flags&FlagMasked != 0
	// With Fuzzy, one later word of five letters or more may be misspelt
	// ("une mencae pour"); a masked word may stand for any word it fits.
	// After two words matched exactly, the phrase is context enough to
	// read a real word as a slip of four letters or more: "ne valent
	// absolument rein", "avoir un cancre".
	// After three exact words, even a word of three letters may be a
	// slip of one of four: "ne servent à rin".
	ctx := j-i >= 2
	ctx3 := j-i >= 3
	tryFuzzy := m.fuzzy && !fuzzy && (ctx && len(w) >= 4 || ctx3 && len(w) >= 3 || len(w) >= minFuzzyLen-1 && !m.isKnown(w))
	if !masked && !tryFuzzy {
		return dst
	}
	for e := e0; e < e1; e++ {
		key := m.words.word(m.edgeWord[e])
		switch {
		case masked && maskMatch(w, key, false):
			dst = m.walk(t, i, j+1, m.edgeNode[e], fuzzy, dst)
		case tryFuzzy && (len(key) >= minFuzzyLen || ctx && len(key) >= 4) && oneEdit(w, key):
			dst = m.walk(t, i, j+1, m.edgeNode[e], true, dst)
		}
	}
	return dst
}

// fuzzyAt tries token i against single-word phrases with one letter
// missing, one extra, or two neighbours swapped.
func (m *Matcher) fuzzyAt(t *Text, i int, dst []Hit) []Hit {
	tok := t.Tokens[i]
	w := tok.Norm
	if len(w) < minFuzzyLen-1 || len(w) > 30 || tok.Flags&FlagEmoji != 0 || m.isKnown(w) || !isASCIIWord(w) {
		return dst
	}
	add := func(ids []uint32) {
		for _, id := range ids {
			dst = append(dst, Hit{Phrase: int(id), First: i, Last: i + 1, Fuzzy: true})
		}
	}
	// The token lacks one letter of a phrase word.
	if m.deletePfx.has(w) {
		if id, ok := m.words.lookup(w); ok {
			add(m.del[m.delOff[id]:m.delOff[id+1]])
		}
	}
	var b [32]byte
	if len(w)-1 >= minFuzzyLen {
		// The token has one extra letter.
		for k := 0; k < len(w); k++ {
			buf := append(append(b[:0], w[:k]...), w[k+1:]...)
			if m.singlePfx.hasBytes(buf) {
				if id, ok := m.words.lookupBytes(buf); ok {
					add(m.single[m.singleOff[id]:m.singleOff[id+1]])
				}
			}
		}
	}
	if len(w) >= minFuzzyLen {
		// Two neighbouring letters are swapped.
		for k := 0; k+1 < len(w); k++ {
			if w[k] == w[k+1] {
				continue
			}
			buf := append(b[:0], w...)
			buf[k], buf[k+1] = buf[k+1], buf[k]
			if m.singlePfx.hasBytes(buf) {
				if id, ok := m.words.lookupBytes(buf); ok {
					add(m.single[m.singleOff[id]:m.singleOff[id+1]])
				}
			}
		}
	}
	return dst
}

func isASCIIWord(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// isKnown reports a real word, or the plural of one: the word lists lack
// many plurals ("couilles" is "couille" plus s, not a misspelt slur).
func (m *Matcher) isKnown(w string) bool {
	if m.knownWord(w) {
		return true
	}
	n := len(w)
	return n > 3 && (w[n-1] == 's' || w[n-1] == 'x') && m.knownWord(w[:n-1])
}

func (m *Matcher) knownWord(w string) bool {
	id, ok := m.words.lookup(w)
	return ok && m.known[id/32]&(1<<(id%32)) != 0
}

// oneEdit reports whether a is b with one letter missing, one extra, or
// two neighbouring letters swapped.
func oneEdit(a, b string) bool {
	switch len(a) - len(b) {
	case 0:
		i := 0
		for i < len(a) && a[i] == b[i] {
			i++
		}
		return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
	case -1:
		a, b = b, a
		fallthrough
	case 1:
		i := 0
		for i < len(b) && a[i] == b[i] {
			i++
		}
		return a[i+1:] == b[i:]
	}
	return false
}

// maskedAt matches a token with letters hidden by asterisks ("p*te")
// against every first word it can stand for. Masked tokens are rare, so a
// scan of the first words is affordable.
func (m *Matcher) maskedAt(t *Text, i int, dst []Hit) []Hit {
	w := t.Tokens[i].Norm
	if len(w) < 3 {
		return dst
	}
	for e := m.nodeEdge[m.root]; e < m.nodeEdge[m.root+1]; e++ {
		if first := m.words.word(m.edgeWord[e]); first[0] == w[0] && maskMatch(w, first, false) {
			dst = m.walk(t, i, i+1, m.edgeNode[e], false, dst)
		}
	}
	for k, id := range m.prefixWord {
		if stem := m.words.word(id); stem[0] == w[0] && maskMatch(w, stem, true) {
			dst = m.walk(t, i, i+1, m.prefixNode[k], false, dst)
		}
	}
	return dst
}

// maskMatch reports whether masked (letters and '*', each '*' standing for
// one to three letters) can be word; with prefix, word may be followed by
// more letters. The first letter must be shown.
func maskMatch(masked, word string, prefix bool) bool {
	if masked == "" || word == "" || masked[0] == '*' {
		return false
	}
	var rec func(a, b int) bool
	steps := 0
	rec = func(a, b int) bool {
		if steps++; steps > 256 {
			return false
		}
		if a == len(masked) {
			return b == len(word) || prefix
		}
		if b == len(word) && prefix && masked[a-1] != '*' {
			return true // the ending after a stem is free
		}
		if masked[a] == '*' {
			for n := 1; n <= 3 && b+n <= len(word); n++ {
				if rec(a+1, b+n) {
					return true
				}
			}
			return false
		}
		return b < len(word) && masked[a] == word[b] && rec(a+1, b+1)
	}
	return rec(0, 0)
}

// pfxSet is a set of three-letter beginnings of ASCII words; shorter or
// non-ASCII words are always "maybe in".
type pfxSet struct{ bits [26*26*26/64 + 1]uint64 }

func pfxIndex(a, b, c byte) (int, bool) {
	if a < 'a' || a > 'z' || b < 'a' || b > 'z' || c < 'a' || c > 'z' {
		return 0, false
	}
	return (int(a-'a')*26+int(b-'a'))*26 + int(c-'a'), true
}

func (p *pfxSet) add(w string) {
	if len(w) >= 3 {
		if i, ok := pfxIndex(w[0], w[1], w[2]); ok {
			p.bits[i/64] |= 1 << (i % 64)
		}
	}
}

func (p *pfxSet) has(w string) bool {
	if len(w) < 3 {
		return true
	}
	i, ok := pfxIndex(w[0], w[1], w[2])
	return !ok || p.bits[i/64]&(1<<(i%64)) != 0
}

func (p *pfxSet) hasBytes(w []byte) bool {
	if len(w) < 3 {
		return true
	}
	i, ok := pfxIndex(w[0], w[1], w[2])
	return !ok || p.bits[i/64]&(1<<(i%64)) != 0
}

// wordTable is a fixed set of words, each with an id: the words end to
// end in one string, and an open-addressing hash table over them.
type wordTable struct {
	data  string   // word i is data[off[i]:off[i+1]]
	off   []uint32 // len(words)+1
	slots []uint32 // word id + 1, or 0; len a power of two
}

func (t *wordTable) len() int { return len(t.off) - 1 }

func (t *wordTable) word(id uint32) string { return t.data[t.off[id]:t.off[id+1]] }

// wordHash is FNV-1a: fixed, since the table is built at generate time.
func wordHash[S string | []byte](s S) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
}

func (t *wordTable) lookup(s string) (uint32, bool) {
	if len(t.slots) == 0 {
		return 0, false
	}
	mask := uint32(len(t.slots) - 1)
	for h := wordHash(s) & mask; ; h = (h + 1) & mask {
		v := t.slots[h]
		if v == 0 {
			return 0, false
		}
		if t.data[t.off[v-1]:t.off[v]] == s {
			return v - 1, true
		}
	}
}

func (t *wordTable) lookupBytes(s []byte) (uint32, bool) {
	if len(t.slots) == 0 {
		return 0, false
	}
	mask := uint32(len(t.slots) - 1)
	for h := wordHash(s) & mask; ; h = (h + 1) & mask {
		v := t.slots[h]
		if v == 0 {
			return 0, false
		}
		if t.data[t.off[v-1]:t.off[v]] == string(s) {
			return v - 1, true
		}
	}
}
