package moderation

import "strings"

// The matcher's reference: a plain walk of the trie before it is
// minimised and flattened, as the matcher was written before it was made
// compact. TestMatcherSameAsTrie checks that both find the same.

func (tr *trie) findAt(t *Text, i int, dst []Hit) []Hit {
	start := len(dst)
	tok := t.Tokens[i]
	w := tok.Norm
	if n := tr.root.next[w]; n != nil {
		dst = tr.walk(t, i, i+1, n, false, dst)
	}
	if tok.Flags&FlagStretched != 0 && len(w) <= MaxTokenBytes {
		var b [MaxTokenBytes]byte
		sq := squeezeInto(b[:0], w)
		if n := tr.rootSq[string(sq)]; n != nil {
			dst = tr.walk(t, i, i+1, n, false, dst)
		}
		if string(sq) != w {
			if n := tr.root.next[string(sq)]; n != nil {
				dst = tr.walk(t, i, i+1, n, false, dst)
			}
		}
	}
	for stem, n := range tr.prefix {
		if strings.HasPrefix(w, stem) {
			dst = tr.walk(t, i, i+1, n, false, dst)
		}
	}
	if tok.Flags&FlagMasked != 0 && len(dst) == start {
		if len(w) >= 3 {
			for first, n := range tr.root.next {
				if first[0] == w[0] && maskMatch(w, first, false) {
					dst = tr.walk(t, i, i+1, n, false, dst)
				}
			}
			for stem, n := range tr.prefix {
				if stem[0] == w[0] && maskMatch(w, stem, true) {
					dst = tr.walk(t, i, i+1, n, false, dst)
				}
			}
		}
	}
	if tr.fuzzy && len(dst) == start {
		dst = tr.fuzzyAt(t, i, dst)
	}
	hs := dst[start:]
	for a := 1; a < len(hs); a++ {
		for b := a; b > 0 && hitBefore(hs[b], hs[b-1]); b-- {
			hs[b], hs[b-1] = hs[b-1], hs[b]
		}
	}
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

func (tr *trie) walk(t *Text, i, j int, n *trieNode, fuzzy bool, dst []Hit) []Hit {
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
		dst = tr.walk(t, i, j+1, c, fuzzy, dst)
		matched = true
	}
	if tok.Flags&FlagStretched != 0 && n.sq != nil {
		if c := n.sq[squeeze(w)]; c != nil {
			dst = tr.walk(t, i, j+1, c, fuzzy, dst)
			matched = true
		}
	}
	for _, e := range n.stems {
		if strings.HasPrefix(w, e.stem) || tok.Flags&FlagMasked != 0 && maskMatch(w, e.stem, true) {
			dst = tr.walk(t, i, j+1, e.n, fuzzy, dst)
			matched = true
		}
	}
	if n.any != nil {
		dst = tr.walk(t, i, j+1, n.any, fuzzy, dst)
	}
	if matched || len(n.next) == 0 {
		return dst
	}
	masked := tok.Flags&FlagMasked != 0
	ctx := j-i >= 2
	ctx3 := j-i >= 3
	tryFuzzy := tr.fuzzy && !fuzzy && (ctx && len(w) >= 4 || ctx3 && len(w) >= 3 || len(w) >= minFuzzyLen-1 && !tr.isKnown(w))
	if !masked && !tryFuzzy {
		return dst
	}
	for key, c := range n.next {
		switch {
		case masked && maskMatch(w, key, false):
			dst = tr.walk(t, i, j+1, c, fuzzy, dst)
		case tryFuzzy && (len(key) >= minFuzzyLen || ctx && len(key) >= 4) && oneEdit(w, key):
			dst = tr.walk(t, i, j+1, c, true, dst)
		}
	}
	return dst
}

func (tr *trie) fuzzyAt(t *Text, i int, dst []Hit) []Hit {
	tok := t.Tokens[i]
	w := tok.Norm
	if len(w) < minFuzzyLen-1 || len(w) > 30 || tok.Flags&FlagEmoji != 0 || tr.isKnown(w) || !isASCIIWord(w) {
		return dst
	}
	add := func(ids []int32) {
		for _, id := range ids {
			dst = append(dst, Hit{Phrase: int(id), First: i, Last: i + 1, Fuzzy: true})
		}
	}
	add(tr.deletes[w])
	if len(w)-1 >= minFuzzyLen {
		for k := 0; k < len(w); k++ {
			add(tr.single[w[:k]+w[k+1:]])
		}
	}
	if len(w) >= minFuzzyLen {
		for k := 0; k+1 < len(w); k++ {
			if w[k] == w[k+1] {
				continue
			}
			b := []byte(w)
			b[k], b[k+1] = b[k+1], b[k]
			add(tr.single[string(b)])
		}
	}
	return dst
}

func (tr *trie) isKnown(w string) bool {
	if tr.known[w] {
		return true
	}
	n := len(w)
	return n > 3 && (w[n-1] == 's' || w[n-1] == 'x') && tr.known[w[:n-1]]
}
