package moderation

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"io"
	"sort"
	"sync"
	"sync/atomic"
)

// The matchers of the embedded lexicons are compiled by go generate, not
// at every start: expanding and folding their ~100,000 variants takes
// seconds and hundreds of megabytes of garbage. matchers.bin holds them,
// each under the SHA-256 of exactly what it was compiled from (the
// phrases, the options and the known words): CompileMatcher loads a
// matcher from it when it is asked for the same, and compiles otherwise,
// so a stale file is slow, never wrong. TestEmbeddedMatchersUpToDate fails
// until the file is regenerated after a lexicon or the compiler changes:
//
//	go generate ./moderation
//
//go:generate go run ./internal/genmatchers -o matchers.bin
//go:embed matchers.bin
var matchersBin string

const (
	embedMagic      = "VIGIEMAT"
	embedVersion    = 1
	kindMatcher     = 1
	kindWordTags    = 2
	embedHeaderSize = len(embedMagic) + 4 + 4
)

type embedKey [sha256.Size]byte

// matcherInput is what a matcher is compiled from.
type matcherInput struct {
	phrases []string
	opts    MatchOptions
}

// embedEntry is one precompiled structure.
type embedEntry struct {
	key     embedKey
	kind    uint32
	name    string // what compiled it: "vocab", "facts"
	payload string
}

// embeddedIndex reads the table of contents of matchers.bin once.
var embeddedIndex = sync.OnceValue(func() map[embedKey]embedEntry {
	entries, err := parseEmbedded(matchersBin)
	if err != nil {
		embedState.fail(fmt.Errorf("matchers.bin: %w", err))
		return nil
	}
	idx := make(map[embedKey]embedEntry, len(entries))
	for _, e := range entries {
		idx[e.key] = e
	}
	return idx
})

// embedState follows the use of matchers.bin: what go generate records,
// and what the tests check.
var embedState embedUse

type embedUse struct {
	mu sync.Mutex
	// recording is set while GenerateMatchers compiles the lexicons:
	// nothing is loaded, everything compiled is recorded under label.
	recording bool
	label     string
	recorded  []embedEntry
	// verify is set by the package's tests: every structure loaded from
	// the file is also compiled afresh and compared byte for byte.
	verify atomic.Bool
	inputs map[string]matcherInput // by name, when verify is set
	hits   map[embedKey]bool
	errs   []error
}

func (s *embedUse) fail(err error) {
	s.mu.Lock()
	s.errs = append(s.errs, err)
	s.mu.Unlock()
}

// embedded returns the entry of matchers.bin for key, if any.
func embedded(key embedKey, kind uint32) (embedEntry, bool) {
	if embedState.recording {
		return embedEntry{}, false
	}
	e, ok := embeddedIndex()[key]
	if !ok || e.kind != kind {
		return embedEntry{}, false
	}
	embedState.mu.Lock()
	if embedState.hits == nil {
		embedState.hits = map[embedKey]bool{}
	}
	embedState.hits[key] = true
	embedState.mu.Unlock()
	return e, true
}

// record keeps what GenerateMatchers compiled.
func record(key embedKey, kind uint32, payload []byte) {
	if !embedState.recording {
		return
	}
	embedState.recorded = append(embedState.recorded, embedEntry{key: key, kind: kind, name: embedState.label, payload: string(payload)})
}

// keyHash hashes what a structure is compiled from: strings with their
// lengths, so that no two lists hash alike.
type keyHash struct {
	h   hash.Hash
	buf []byte
}

func newKeyHash(kind string) *keyHash {
	k := &keyHash{h: sha256.New()}
	k.str(kind)
	return k
}

func (k *keyHash) str(s string) {
	k.buf = binary.AppendUvarint(k.buf[:0], uint64(len(s)))
	k.h.Write(k.buf)
	io.WriteString(k.h, s)
}

func (k *keyHash) strs(ss []string) {
	k.buf = binary.AppendUvarint(k.buf[:0], uint64(len(ss)))
	k.h.Write(k.buf)
	for _, s := range ss {
		k.str(s)
	}
}

func (k *keyHash) bytes(b []byte) {
	k.buf = binary.AppendUvarint(k.buf[:0], uint64(len(b)))
	k.h.Write(k.buf)
	k.h.Write(b)
}

func (k *keyHash) sum() (key embedKey) {
	k.h.Sum(key[:0])
	return key
}

// matcherKey names a matcher by what it is compiled from.
func matcherKey(phrases []string, opts MatchOptions) embedKey {
	k := newKeyHash(fmt.Sprintf("matcher %d fuzzy=%v", embedVersion, opts.Fuzzy))
	k.strs(phrases)
	k.strs(opts.Known)
	return k.sum()
}

// precompiledMatcher loads the matcher compiled from phrases and opts
// from matchers.bin, or returns nil.
func precompiledMatcher(key embedKey, phrases []string, opts MatchOptions) *Matcher {
	e, ok := embedded(key, kindMatcher)
	if !ok {
		return nil
	}
	m, err := decodeMatcher(e.payload)
	if err != nil {
		embedState.fail(fmt.Errorf("matchers.bin: %s: %w", e.name, err))
		return nil
	}
	if embedState.verify.Load() {
		embedState.mu.Lock()
		if embedState.inputs == nil {
			embedState.inputs = map[string]matcherInput{}
		}
		embedState.inputs[e.name] = matcherInput{phrases, opts}
		embedState.mu.Unlock()
		fresh, err := compileMatcher(phrases, opts)
		switch {
		case err != nil:
			embedState.fail(fmt.Errorf("matchers.bin: %s: %w", e.name, err))
		case !bytes.Equal(fresh.encode(), []byte(e.payload)):
			embedState.fail(fmt.Errorf("matchers.bin: %s: differs from the matcher compiled now", e.name))
		}
	}
	return m
}

func recordMatcher(key embedKey, m *Matcher) {
	if embedState.recording {
		record(key, kindMatcher, m.encode())
	}
}

// cachedWordTags returns the tags by word that compute returns, loaded
// from matchers.bin when key is there.
func cachedWordTags(key embedKey, compute func() map[string]uint32) map[string]uint32 {
	if e, ok := embedded(key, kindWordTags); ok {
		tags, err := decodeWordTags(e.payload)
		if err == nil {
			if embedState.verify.Load() && !bytes.Equal(encodeWordTags(compute()), []byte(e.payload)) {
				embedState.fail(fmt.Errorf("matchers.bin: %s: word tags differ from those computed now", e.name))
			}
			return tags
		}
		embedState.fail(fmt.Errorf("matchers.bin: %s: %w", e.name, err))
	}
	tags := compute()
	if embedState.recording {
		record(key, kindWordTags, encodeWordTags(tags))
	}
	return tags
}

// GenerateMatchers compiles the embedded lexicons and returns the content
// of matchers.bin. It must run in a process that has not compiled them
// yet (go generate runs internal/genmatchers).
func GenerateMatchers() ([]byte, error) {
	embedState.recording = true
	defer func() { embedState.recording = false }()
	steps := []struct {
		label string
		load  func() error
	}{
		{"vocab", func() error { _, err := loadVocab(); return err }},
		{"facts", func() error { _, err := loadFactLexicons(); return err }},
	}
	for _, s := range steps {
		embedState.label = s.label
		n := len(embedState.recorded)
		if err := s.load(); err != nil {
			return nil, err
		}
		if len(embedState.recorded) == n {
			return nil, fmt.Errorf("moderation: %s compiled nothing (already compiled in this process?)", s.label)
		}
	}
	return encodeEmbedded(embedState.recorded), nil
}

// The file: the magic, the version, the number of entries, then each
// entry: its key, its kind, its name and its payload (lengths as uint32,
// little-endian).

func encodeEmbedded(entries []embedEntry) []byte {
	b := []byte(embedMagic)
	b = binary.LittleEndian.AppendUint32(b, embedVersion)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(entries)))
	for _, e := range entries {
		b = append(b, e.key[:]...)
		b = binary.LittleEndian.AppendUint32(b, e.kind)
		b = appendString(b, e.name)
		b = appendString(b, e.payload)
	}
	return b
}

func parseEmbedded(s string) ([]embedEntry, error) {
	if len(s) < embedHeaderSize || s[:len(embedMagic)] != embedMagic {
		return nil, errors.New("not a matchers file")
	}
	r := reader{s: s[len(embedMagic):]}
	if v := r.u32(); v != embedVersion {
		return nil, fmt.Errorf("version %d, want %d", v, embedVersion)
	}
	n := r.u32()
	var out []embedEntry
	for i := uint32(0); i < n && r.err == nil; i++ {
		var e embedEntry
		copy(e.key[:], r.bytes(len(e.key)))
		e.kind = r.u32()
		e.name = r.str()
		e.payload = r.str()
		out = append(out, e)
	}
	if r.err == nil && len(r.s) != 0 {
		r.err = errors.New("trailing bytes")
	}
	return out, r.err
}

func appendString(b []byte, s string) []byte {
	b = binary.LittleEndian.AppendUint32(b, uint32(len(s)))
	return append(b, s...)
}

// arrays lists the Matcher's arrays, in the order of its encoding.
func (m *Matcher) arrays() []*[]uint32 {
	return []*[]uint32{
		&m.words.off, &m.words.slots,
		&m.nodeEdge, &m.edgeWord, &m.edgeNode,
		&m.nodeSq, &m.sqWord, &m.sqNode,
		&m.nodeStem, &m.stemWord, &m.stemNode,
		&m.nodeAny, &m.nodePhr, &m.phr,
		&m.rootSqWord, &m.rootSqNode, &m.prefixWord, &m.prefixNode,
		&m.singleOff, &m.single, &m.delOff, &m.del, &m.known,
	}
}

func (m *Matcher) encode() []byte {
	var b []byte
	fuzzy := uint32(0)
	if m.fuzzy {
		fuzzy = 1
	}
	for _, v := range []uint32{uint32(m.nphrases), fuzzy, m.root} {
		b = binary.LittleEndian.AppendUint32(b, v)
	}
	b = appendString(b, m.words.data)
	for _, a := range m.arrays() {
		b = binary.LittleEndian.AppendUint32(b, uint32(len(*a)))
		for _, v := range *a {
			b = binary.LittleEndian.AppendUint32(b, v)
		}
	}
	return b
}

// decodeMatcher reads an encoded Matcher. Its words stay in s; its
// arrays share one allocation. Every index is checked, so that a damaged
// file fails here rather than in a match.
func decodeMatcher(s string) (*Matcher, error) {
	r := reader{s: s}
	m := &Matcher{nphrases: int(r.u32()), fuzzy: r.u32() == 1, root: r.u32()}
	m.words.data = r.str()
	arrays := m.arrays()
	// Sizes first, then one allocation for every array.
	total := 0
	{
		rr := r
		for range arrays {
			n := int(rr.u32())
			rr.bytes(4 * n)
			total += n
		}
		if rr.err != nil {
			return nil, rr.err
		}
		if len(rr.s) != 0 {
			return nil, errors.New("trailing bytes")
		}
	}
	buf := make([]uint32, total)
	for _, a := range arrays {
		n := int(r.u32())
		raw := r.bytes(4 * n)
		*a = buf[:n:n]
		buf = buf[n:]
		for i := range *a {
			j := 4 * i
			(*a)[i] = uint32(raw[j]) | uint32(raw[j+1])<<8 | uint32(raw[j+2])<<16 | uint32(raw[j+3])<<24
		}
	}
	if r.err != nil {
		return nil, r.err
	}
	if err := m.check(); err != nil {
		return nil, err
	}
	m.finish()
	return m, nil
}

// check verifies that every range and index of m is within bounds.
func (m *Matcher) check() error {
	nw := len(m.words.off) - 1
	if nw < 0 || m.words.off[nw] != uint32(len(m.words.data)) || !ascending(m.words.off) {
		return errors.New("bad word table")
	}
	if len(m.words.slots)&(len(m.words.slots)-1) != 0 || len(m.words.slots) <= nw {
		return errors.New("bad word table size")
	}
	// Each word in exactly one slot, so that a lookup ends at an empty
	// one.
	used := make([]bool, nw+1)
	for _, v := range m.words.slots {
		if int(v) > nw || v != 0 && used[v] {
			return errors.New("bad word slot")
		}
		used[v] = true
	}
	nn := len(m.nodeEdge) - 1
	if nn < 1 || int(m.root) >= nn {
		return errors.New("bad root")
	}
	nodes := func(vs ...[]uint32) bool {
		for _, v := range vs {
			for _, x := range v {
				if int(x) >= nn {
					return false
				}
			}
		}
		return true
	}
	words := func(vs ...[]uint32) bool {
		for _, v := range vs {
			for _, x := range v {
				if int(x) >= nw {
					return false
				}
			}
		}
		return true
	}
	ranges := func(off []uint32, n int, items ...[]uint32) bool {
		if len(off) != n+1 || off[0] != 0 || !ascending(off) {
			return false
		}
		for _, it := range items {
			if int(off[n]) != len(it) {
				return false
			}
		}
		return true
	}
	switch {
	case !ranges(m.nodeEdge, nn, m.edgeWord, m.edgeNode),
		!ranges(m.nodeSq, nn, m.sqWord, m.sqNode),
		!ranges(m.nodeStem, nn, m.stemWord, m.stemNode),
		!ranges(m.nodePhr, nn, m.phr),
		len(m.nodeAny) != nn+1,
		len(m.rootSqWord) != len(m.rootSqNode), len(m.prefixWord) != len(m.prefixNode),
		!ranges(m.singleOff, nw, m.single), !ranges(m.delOff, nw, m.del),
		len(m.known) != (nw+31)/32:
		return errors.New("bad ranges")
	case !nodes(m.edgeNode, m.sqNode, m.stemNode, m.rootSqNode, m.prefixNode),
		!words(m.edgeWord, m.sqWord, m.stemWord, m.rootSqWord, m.prefixWord):
		return errors.New("bad edge")
	}
	for _, a := range m.nodeAny {
		if int(a) > nn {
			return errors.New("bad _ edge")
		}
	}
	for _, v := range [][]uint32{m.phr, m.single, m.del} {
		for _, p := range v {
			if int(p) >= m.nphrases {
				return errors.New("bad phrase id")
			}
		}
	}
	for _, w := range append(m.prefixWord[:len(m.prefixWord):len(m.prefixWord)], m.edgeWord...) {
		if len(m.words.word(w)) == 0 {
			return errors.New("empty word")
		}
	}
	return nil
}

func ascending(v []uint32) bool {
	for i := 1; i < len(v); i++ {
		if v[i] < v[i-1] {
			return false
		}
	}
	return true
}

func encodeWordTags(tags map[string]uint32) []byte {
	words := make([]string, 0, len(tags))
	for w := range tags {
		words = append(words, w)
	}
	sort.Strings(words)
	b := binary.LittleEndian.AppendUint32(nil, uint32(len(words)))
	for _, w := range words {
		b = appendString(b, w)
		b = binary.LittleEndian.AppendUint32(b, tags[w])
	}
	return b
}

// decodeWordTags reads encoded tags; the words stay in s.
func decodeWordTags(s string) (map[string]uint32, error) {
	r := reader{s: s}
	n := r.u32()
	if r.err != nil || int(n) > len(s)/8 {
		return nil, errors.New("bad word tags")
	}
	tags := make(map[string]uint32, n)
	for range n {
		w := r.str()
		tags[w] = r.u32()
	}
	if r.err == nil && len(r.s) != 0 {
		r.err = errors.New("trailing bytes")
	}
	return tags, r.err
}

// reader reads little-endian fields from a string.
type reader struct {
	s   string
	err error
}

func (r *reader) bytes(n int) string {
	if r.err != nil {
		return ""
	}
	if n < 0 || n > len(r.s) {
		r.err = errors.New("truncated")
		r.s = ""
		return ""
	}
	b := r.s[:n]
	r.s = r.s[n:]
	return b
}

func (r *reader) u32() uint32 {
	b := r.bytes(4)
	if len(b) < 4 {
		return 0
	}
	return uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24
}

func (r *reader) str() string { return r.bytes(int(r.u32())) }
