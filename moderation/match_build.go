package moderation

import (
	"encoding/binary"
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Compiling a Matcher: the phrases are expanded into every variant, the
// variants are inserted into a trie of words held in maps (trieNode),
// and the trie is then minimised and flattened into the Matcher's arrays.
// Many phrases end alike ("(il|elle|ils) (va|vont) … la peau"), so the
// trie of the charter's lexicons, about 120,000 nodes, minimises to a few
// thousand.

// trieNode is a node of the trie being built: the words matched so far
// lead here.
type trieNode struct {
	next    map[string]*trieNode // next exact word
	sq      map[string]*trieNode // next word squeezed, when it has repeated letters
	stems   []trieStem           // next word by stem (trailing *)
	any     *trieNode            // "_"
	phrases []int32              // phrases that end here
}

type trieStem struct {
	stem string
	n    *trieNode
}

func (n *trieNode) child(w mword) *trieNode {
	switch {
	case w.any:
		if n.any == nil {
			n.any = &trieNode{}
		}
		return n.any
	case w.prefix:
		for _, e := range n.stems {
			if e.stem == w.s {
				return e.n
			}
		}
		c := &trieNode{}
		n.stems = append(n.stems, trieStem{w.s, c})
		return c
	}
	if n.next == nil {
		n.next = map[string]*trieNode{}
	}
	c := n.next[w.s]
	if c == nil {
		c = &trieNode{}
		n.next[w.s] = c
		if w.sq != w.s {
			if n.sq == nil {
				n.sq = map[string]*trieNode{}
			}
			n.sq[w.sq] = c
		}
	}
	return c
}

type mword struct {
	s      string // folded word ("" for "_")
	sq     string // s with repeated letters squeezed
	prefix bool   // trailing "*"
	any    bool   // "_"
}

// trie is a Matcher being compiled.
type trie struct {
	root    trieNode
	rootSq  map[string]*trieNode // first words with repeated letters, squeezed
	prefix  map[string]*trieNode // first-word stems (trailing *)
	single  map[string][]int32   // single-word phrases: the word itself
	deletes map[string][]int32   // the word with one letter deleted
	known   map[string]bool      // words never read as a misspelling
	fuzzy   bool
	// folded caches foldWord: the variants of a lexicon repeat the same
	// words many times.
	folded   map[string][]mword
	nphrases int
}

// compileMatcher compiles phrases into a new Matcher, without looking at
// the embedded ones.
func compileMatcher(phrases []string, opts MatchOptions) (*Matcher, error) {
	tr, err := buildTrie(phrases, opts)
	if err != nil {
		return nil, err
	}
	return tr.flatten(), nil
}

func buildTrie(phrases []string, opts MatchOptions) (*trie, error) {
	tr := &trie{
		rootSq:   map[string]*trieNode{},
		prefix:   map[string]*trieNode{},
		single:   map[string][]int32{},
		deletes:  map[string][]int32{},
		known:    map[string]bool{},
		fuzzy:    opts.Fuzzy,
		folded:   map[string][]mword{},
		nphrases: len(phrases),
	}
	var words []mword
	for pi, ph := range phrases {
		variants, err := expandPhrase(ph)
		if err != nil {
			return nil, fmt.Errorf("moderation: phrase %q: %w", ph, err)
		}
		id := int32(pi)
		for _, v := range variants {
			words, err = tr.foldPattern(v, words[:0])
			if err != nil {
				return nil, fmt.Errorf("moderation: phrase %q: %w", ph, err)
			}
			w0 := words[0]
			var n *trieNode
			if w0.prefix {
				n = tr.prefix[w0.s]
				if n == nil {
					n = &trieNode{}
					tr.prefix[w0.s] = n
				}
			} else {
				n = tr.root.child(w0)
				if w0.sq != w0.s {
					tr.rootSq[w0.sq] = n
				}
			}
			for _, w := range words[1:] {
				n = n.child(w)
			}
			n.phrases = appendUnique(n.phrases, id)
			if len(words) == 1 && !w0.prefix {
				tr.single[w0.s] = appendUnique(tr.single[w0.s], id)
				if opts.Fuzzy && len(w0.s) >= minFuzzyLen {
					for k := 0; k < len(w0.s); k++ {
						d := w0.s[:k] + w0.s[k+1:]
						tr.deletes[d] = appendUnique(tr.deletes[d], id)
					}
				}
			}
		}
	}
	for _, k := range opts.Known {
		for _, tok := range Normalize(k).Tokens {
			tr.known[tok.Norm] = true
		}
	}
	return tr, nil
}

func appendUnique(ids []int32, id int32) []int32 {
	for _, x := range ids {
		if x == id {
			return ids
		}
	}
	return append(ids, id)
}

// foldPattern appends the folded words of one expanded phrase to words.
func (tr *trie) foldPattern(v string, words []mword) ([]mword, error) {
	for _, f := range strings.Fields(v) {
		if f == "_" {
			if len(words) == 0 {
				return nil, fmt.Errorf("a phrase cannot start with _")
			}
			words = append(words, mword{any: true})
			continue
		}
		ws, ok := tr.folded[f]
		if !ok {
			var err error
			if ws, err = foldWord(f); err != nil {
				return nil, err
			}
			tr.folded[f] = ws
		}
		words = append(words, ws...)
	}
	if len(words) == 0 {
		return nil, fmt.Errorf("no words")
	}
	return words, nil
}

// foldWord folds one word of a pattern, which may fold into several
// ("l'arabe" is "l arabe").
func foldWord(f string) ([]mword, error) {
	prefix := strings.HasSuffix(f, "*")
	f = strings.TrimSuffix(f, "*")
	toks := Normalize(f).Tokens
	if len(toks) == 0 {
		return nil, fmt.Errorf("word %q has no letters", f)
	}
	words := make([]mword, len(toks))
	for i, t := range toks {
		words[i] = mword{s: t.Norm, sq: squeeze(t.Norm)}
		if prefix && i == len(toks)-1 {
			words[i].prefix = true
		}
	}
	return words, nil
}

// flatten minimises the trie (nodes with the same phrases and the same
// edges to the same nodes are one) and lays it out in the Matcher's
// arrays. Matching walks every path of the trie, and what a walk finds
// from a node depends on nothing but what lies below it, so the minimised
// graph finds exactly what the trie finds.
func (tr *trie) flatten() *Matcher {
	// Every word, sorted, gets an id.
	set := map[string]bool{}
	var collect func(n *trieNode)
	seen := map[*trieNode]bool{}
	collect = func(n *trieNode) {
		if seen[n] {
			return
		}
		seen[n] = true
		for w, c := range n.next {
			set[w] = true
			collect(c)
		}
		for w := range n.sq {
			set[w] = true
		}
		for _, e := range n.stems {
			set[e.stem] = true
			collect(e.n)
		}
		if n.any != nil {
			collect(n.any)
		}
	}
	collect(&tr.root)
	for w, n := range tr.prefix {
		set[w] = true
		collect(n)
	}
	for _, m := range []map[string]*trieNode{tr.rootSq} {
		for w := range m {
			set[w] = true
		}
	}
	for _, m := range []map[string][]int32{tr.single, tr.deletes} {
		for w := range m {
			set[w] = true
		}
	}
	for w := range tr.known {
		set[w] = true
	}
	words := make([]string, 0, len(set))
	for w := range set {
		words = append(words, w)
	}
	sort.Strings(words)
	m := &Matcher{fuzzy: tr.fuzzy, nphrases: tr.nphrases}
	m.words = newWordTable(words)
	id := func(w string) uint32 {
		i, ok := m.words.lookup(w)
		if !ok {
			panic("moderation: word missing from the table: " + w)
		}
		return i
	}

	// Minimise bottom-up: a node's signature is its phrases and its edges
	// to already minimised nodes.
	type edge struct{ w, n uint32 }
	type flat struct {
		next, sq, stems []edge
		any             uint32 // node + 1, or 0
		phrases         []int32
	}
	var nodes []flat
	canon := map[string]uint32{}
	done := map[*trieNode]uint32{}
	var sig []byte
	sortEdges := func(es []edge) []edge {
		slices.SortFunc(es, func(a, b edge) int { return int(a.w) - int(b.w) })
		return es
	}
	var visit func(n *trieNode) uint32
	// edges lists the edges of a map by word, visiting the nodes they lead
	// to in that order, so that the layout does not depend on the order
	// of a map.
	edges := func(to map[string]*trieNode) []edge {
		es := make([]edge, 0, len(to))
		for w := range to {
			es = append(es, edge{w: id(w)})
		}
		sortEdges(es)
		for i := range es {
			es[i].n = visit(to[words[es[i].w]])
		}
		return es
	}
	visit = func(n *trieNode) uint32 {
		if k, ok := done[n]; ok {
			return k
		}
		f := flat{next: edges(n.next), sq: edges(n.sq), phrases: n.phrases}
		for _, e := range n.stems {
			f.stems = append(f.stems, edge{id(e.stem), visit(e.n)})
		}
		sortEdges(f.stems)
		if n.any != nil {
			f.any = visit(n.any) + 1
		}
		sig = sig[:0]
		for _, part := range [][]edge{f.next, f.sq, f.stems} {
			sig = binary.AppendUvarint(sig, uint64(len(part)))
			for _, e := range part {
				sig = binary.AppendUvarint(sig, uint64(e.w))
				sig = binary.AppendUvarint(sig, uint64(e.n))
			}
		}
		sig = binary.AppendUvarint(sig, uint64(f.any))
		for _, p := range f.phrases {
			sig = binary.AppendUvarint(sig, uint64(p))
		}
		k, ok := canon[string(sig)]
		if !ok {
			k = uint32(len(nodes))
			canon[string(sig)] = k
			nodes = append(nodes, f)
		}
		done[n] = k
		return k
	}
	m.root = visit(&tr.root)
	for _, e := range edges(tr.prefix) {
		m.prefixWord = append(m.prefixWord, e.w)
		m.prefixNode = append(m.prefixNode, e.n)
	}
	for _, e := range edges(tr.rootSq) {
		m.rootSqWord = append(m.rootSqWord, e.w)
		m.rootSqNode = append(m.rootSqNode, e.n)
	}

	m.nodeEdge = make([]uint32, 0, len(nodes)+1)
	m.nodeSq = make([]uint32, 0, len(nodes)+1)
	m.nodeStem = make([]uint32, 0, len(nodes)+1)
	m.nodePhr = make([]uint32, 0, len(nodes)+1)
	m.nodeAny = make([]uint32, 0, len(nodes)+1)
	for _, f := range nodes {
		m.nodeEdge = append(m.nodeEdge, uint32(len(m.edgeWord)))
		for _, e := range f.next {
			m.edgeWord = append(m.edgeWord, e.w)
			m.edgeNode = append(m.edgeNode, e.n)
		}
		m.nodeSq = append(m.nodeSq, uint32(len(m.sqWord)))
		for _, e := range f.sq {
			m.sqWord = append(m.sqWord, e.w)
			m.sqNode = append(m.sqNode, e.n)
		}
		m.nodeStem = append(m.nodeStem, uint32(len(m.stemWord)))
		for _, e := range f.stems {
			m.stemWord = append(m.stemWord, e.w)
			m.stemNode = append(m.stemNode, e.n)
		}
		m.nodePhr = append(m.nodePhr, uint32(len(m.phr)))
		for _, p := range f.phrases {
			m.phr = append(m.phr, uint32(p))
		}
		m.nodeAny = append(m.nodeAny, f.any)
	}
	// A last entry closes the ranges of the last node.
	m.nodeEdge = append(m.nodeEdge, uint32(len(m.edgeWord)))
	m.nodeSq = append(m.nodeSq, uint32(len(m.sqWord)))
	m.nodeStem = append(m.nodeStem, uint32(len(m.stemWord)))
	m.nodePhr = append(m.nodePhr, uint32(len(m.phr)))
	m.nodeAny = append(m.nodeAny, 0)

	// Per word: its single-word phrases, its deletions, whether known.
	m.singleOff, m.single = idLists(words, tr.single)
	m.delOff, m.del = idLists(words, tr.deletes)
	m.known = make([]uint32, (len(words)+31)/32)
	for w := range tr.known {
		i := id(w)
		m.known[i/32] |= 1 << (i % 32)
	}
	m.finish()
	return m
}

// idLists lays out lists of phrase ids by word: word i's list is
// ids[off[i]:off[i+1]].
func idLists(words []string, lists map[string][]int32) (off, ids []uint32) {
	off = make([]uint32, 0, len(words)+1)
	for _, w := range words {
		off = append(off, uint32(len(ids)))
		for _, p := range lists[w] {
			ids = append(ids, uint32(p))
		}
	}
	return append(off, uint32(len(ids))), ids
}

// finish derives what the Matcher keeps besides its arrays.
func (m *Matcher) finish() {
	m.stemLens = m.stemLens[:0]
	for _, id := range m.prefixWord {
		if l := len(m.words.word(id)); !slices.Contains(m.stemLens, l) {
			m.stemLens = append(m.stemLens, l)
		}
	}
	sort.Ints(m.stemLens)
	m.singlePfx, m.deletePfx = pfxSet{}, pfxSet{}
	for id := range uint32(m.words.len()) {
		if m.singleOff[id] < m.singleOff[id+1] {
			m.singlePfx.add(m.words.word(id))
		}
		if m.delOff[id] < m.delOff[id+1] {
			m.deletePfx.add(m.words.word(id))
		}
	}
}

// newWordTable builds the table of words, distinct.
func newWordTable(words []string) wordTable {
	var t wordTable
	var b strings.Builder
	t.off = make([]uint32, 0, len(words)+1)
	for _, w := range words {
		t.off = append(t.off, uint32(b.Len()))
		b.WriteString(w)
	}
	t.off = append(t.off, uint32(b.Len()))
	t.data = b.String()
	size := 8
	for size < 2*len(words) {
		size *= 2
	}
	t.slots = make([]uint32, size)
	mask := uint32(size - 1)
	for i, w := range words {
		h := wordHash(w) & mask
		for t.slots[h] != 0 {
			h = (h + 1) & mask
		}
		t.slots[h] = uint32(i) + 1
	}
	return t
}
