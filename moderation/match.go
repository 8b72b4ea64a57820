package moderation

import (
	"fmt"
	"sort"
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
type Matcher struct {
	root     node
	rootSq   map[string]*node // first words with repeated letters, squeezed
	prefix   map[string]*node // first-word stems (trailing *)
	stemLens []int            // distinct stem lengths, ascending
	// Fuzzy indexes of single-word phrases: phrase ids.
	single  map[string][]int32 // the word itself
	deletes map[string][]int32 // the word with one letter deleted
	known   map[string]bool    // words never read as a misspelling
	fuzzy   bool
	// singlePfx and deletePfx hold the three-letter beginnings of the
	// keys of single and deletes: most tokens are rejected without
	// hashing.
	singlePfx, deletePfx pfxSet
	// nphrases is the length of the caller's list.
	nphrases int
}

// node is a trie node: the words matched so far lead here.
type node struct {
	next    map[string]*node // next exact word
	sq      map[string]*node // next word squeezed, when it has repeated letters
	stems   []stemEdge       // next word by stem (trailing *)
	any     *node            // "_"
	phrases []int32          // phrases that end here
}

type stemEdge struct {
	stem string
	n    *node
}

func (n *node) child(w mword) *node {
	switch {
	case w.any:
		if n.any == nil {
			n.any = &node{}
		}
		return n.any
	case w.prefix:
		for _, e := range n.stems {
			if e.stem == w.s {
				return e.n
			}
		}
		c := &node{}
		n.stems = append(n.stems, stemEdge{w.s, c})
		return c
	}
	if n.next == nil {
		n.next = map[string]*node{}
	}
	c := n.next[w.s]
	if c == nil {
		c = &node{}
		n.next[w.s] = c
		if w.sq != w.s {
			if n.sq == nil {
				n.sq = map[string]*node{}
			}
			n.sq[w.sq] = c
		}
	}
	return c
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

type mword struct {
	s      string // folded word ("" for "_")
	sq     string // s with repeated letters squeezed
	prefix bool   // trailing "*"
	any    bool   // "_"
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
func CompileMatcher(phrases []string, opts MatchOptions) (*Matcher, error) {
	m := &Matcher{
		rootSq:   map[string]*node{},
		prefix:   map[string]*node{},
		single:   map[string][]int32{},
		deletes:  map[string][]int32{},
		known:    map[string]bool{},
		fuzzy:    opts.Fuzzy,
		nphrases: len(phrases),
	}
	lens := map[int]bool{}
	for pi, ph := range phrases {
		variants, err := expandPhrase(ph)
		if err != nil {
			return nil, fmt.Errorf("moderation: phrase %q: %w", ph, err)
		}
		id := int32(pi)
		for _, v := range variants {
			words, err := foldPattern(v)
			if err != nil {
				return nil, fmt.Errorf("moderation: phrase %q: %w", ph, err)
			}
			w0 := words[0]
			var n *node
			if w0.prefix {
				n = m.prefix[w0.s]
				if n == nil {
					n = &node{}
					m.prefix[w0.s] = n
				}
				lens[len(w0.s)] = true
			} else {
				n = m.root.child(w0)
				if w0.sq != w0.s {
					m.rootSq[w0.sq] = n
				}
			}
			for _, w := range words[1:] {
				n = n.child(w)
			}
			n.phrases = appendUnique(n.phrases, id)
			if len(words) == 1 && !w0.prefix {
				m.single[w0.s] = appendUnique(m.single[w0.s], id)
				if opts.Fuzzy && len(w0.s) >= minFuzzyLen {
					for k := 0; k < len(w0.s); k++ {
						d := w0.s[:k] + w0.s[k+1:]
						m.deletes[d] = appendUnique(m.deletes[d], id)
					}
				}
			}
		}
	}
	for w := range m.single {
		m.singlePfx.add(w)
	}
	for w := range m.deletes {
		m.deletePfx.add(w)
	}
	for l := range lens {
		m.stemLens = append(m.stemLens, l)
	}
	sort.Ints(m.stemLens)
	for _, k := range opts.Known {
		for _, tok := range Normalize(k).Tokens {
			m.known[tok.Norm] = true
		}
	}
	return m, nil
}

func appendUnique(ids []int32, id int32) []int32 {
	for _, x := range ids {
		if x == id {
			return ids
		}
	}
	return append(ids, id)
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

// foldPattern folds the words of one expanded phrase.
func foldPattern(v string) ([]mword, error) {
	var words []mword
	for _, f := range strings.Fields(v) {
		if f == "_" {
			if len(words) == 0 {
				return nil, fmt.Errorf("a phrase cannot start with _")
			}
			words = append(words, mword{any: true})
			continue
		}
		prefix := strings.HasSuffix(f, "*")
		f = strings.TrimSuffix(f, "*")
		toks := Normalize(f).Tokens
		if len(toks) == 0 {
			return nil, fmt.Errorf("word %q has no letters", f)
		}
		for i, t := range toks {
			w := mword{s: t.Norm, sq: squeeze(t.Norm)}
			if prefix && i == len(toks)-1 {
				w.prefix = true
			}
			words = append(words, w)
		}
	}
	if len(words) == 0 {
		return nil, fmt.Errorf("no words")
	}
	return words, nil
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

func (m *Matcher) findAt(t *Text, i int, dst []Hit) []Hit {
	start := len(dst)
	tok := t.Tokens[i]
	w := tok.Norm
	if n := m.root.next[w]; n != nil {
		dst = m.walk(t, i, i+1, n, false, dst)
	}
	if tok.Flags&FlagStretched != 0 && len(w) <= maxTokenBytes {
		var b [maxTokenBytes]byte
		sq := squeezeInto(b[:0], w)
		if n := m.rootSq[string(sq)]; n != nil {
			dst = m.walk(t, i, i+1, n, false, dst)
		}
		if string(sq) != w {
			if n := m.root.next[string(sq)]; n != nil {
				dst = m.walk(t, i, i+1, n, false, dst)
			}
		}
	}
	for _, l := range m.stemLens {
		if l > len(w) {
			break
		}
		if n := m.prefix[w[:l]]; n != nil {
			dst = m.walk(t, i, i+1, n, false, dst)
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
func (m *Matcher) walk(t *Text, i, j int, n *node, fuzzy bool, dst []Hit) []Hit {
	for _, id := range n.phrases {
		dst = append(dst, Hit{Phrase: int(id), First: i, Last: j, Fuzzy: fuzzy})
	}
	if j >= len(t.Tokens) {
		return dst
	}
	tok := t.Tokens[j]
	w := tok.Norm
	matched := false
	if c := n.next[w]; c != nil {
		dst = m.walk(t, i, j+1, c, fuzzy, dst)
		matched = true
	}
	if tok.Flags&FlagStretched != 0 && n.sq != nil && len(w) <= maxTokenBytes {
		var b [maxTokenBytes]byte
		if c := n.sq[string(squeezeInto(b[:0], w))]; c != nil {
			dst = m.walk(t, i, j+1, c, fuzzy, dst)
			matched = true
		}
	}
	for _, e := range n.stems {
		if strings.HasPrefix(w, e.stem) || tok.Flags&FlagMasked != 0 && maskMatch(w, e.stem, true) {
			dst = m.walk(t, i, j+1, e.n, fuzzy, dst)
			matched = true
		}
	}
	if n.any != nil {
		dst = m.walk(t, i, j+1, n.any, fuzzy, dst)
	}
	if matched || len(n.next) == 0 {
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
	for key, c := range n.next {
		switch {
		case masked && maskMatch(w, key, false):
			dst = m.walk(t, i, j+1, c, fuzzy, dst)
		case tryFuzzy && (len(key) >= minFuzzyLen || ctx && len(key) >= 4) && oneEdit(w, key):
			dst = m.walk(t, i, j+1, c, true, dst)
		}
	}
	return dst
}

// squeezedEqual reports whether squeeze(a) == sq without allocating.
func squeezedEqual(a, sq string) bool {
	j := 0
	for i := 0; i < len(a); i++ {
		if i > 0 && a[i] == a[i-1] {
			continue
		}
		if j >= len(sq) || sq[j] != a[i] {
			return false
		}
		j++
	}
	return j == len(sq)
}

// fuzzyAt tries token i against single-word phrases with one letter
// missing, one extra, or two neighbours swapped.
func (m *Matcher) fuzzyAt(t *Text, i int, dst []Hit) []Hit {
	tok := t.Tokens[i]
	w := tok.Norm
	if len(w) < minFuzzyLen-1 || len(w) > 30 || tok.Flags&FlagEmoji != 0 || m.isKnown(w) || !isASCIIWord(w) {
		return dst
	}
	add := func(ids []int32) {
		for _, id := range ids {
			dst = append(dst, Hit{Phrase: int(id), First: i, Last: i + 1, Fuzzy: true})
		}
	}
	// The token lacks one letter of a phrase word.
	if m.deletePfx.has(w) {
		add(m.deletes[w])
	}
	var b [32]byte
	if len(w)-1 >= minFuzzyLen {
		// The token has one extra letter.
		for k := 0; k < len(w); k++ {
			buf := append(append(b[:0], w[:k]...), w[k+1:]...)
			if m.singlePfx.hasBytes(buf) {
				add(m.single[string(buf)])
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
				add(m.single[string(buf)])
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
	if m.known[w] {
		return true
	}
	n := len(w)
	return n > 3 && (w[n-1] == 's' || w[n-1] == 'x') && m.known[w[:n-1]]
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
	for first, n := range m.root.next {
		if first[0] == w[0] && maskMatch(w, first, false) {
			dst = m.walk(t, i, i+1, n, false, dst)
		}
	}
	for stem, n := range m.prefix {
		if stem[0] == w[0] && maskMatch(w, stem, true) {
			dst = m.walk(t, i, i+1, n, false, dst)
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
