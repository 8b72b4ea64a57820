// Package wordset reads the word lists that the French reading and the
// detectors consult: one word or phrase a line, '#' starts a comment line,
// blank lines are ignored. Every file opens with a comment header saying
// where its words come from (provenance), as in moderation/lexicons.
//
// Words are compared as the normaliser gives them: lower case, accents
// folded. Parse folds nothing itself; a word that is not already in that
// form is an error, so a list can never hold an entry that cannot match.
package wordset

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"strings"
	"unicode"
)

// Set is an immutable set of words (or space-separated phrases).
type Set struct {
	name  string
	words map[string]struct{}
}

// Parse reads a list. name is used in errors only.
func Parse(name string, data []byte) (*Set, error) {
	s := &Set{name: name, words: make(map[string]struct{})}
	sc := bufio.NewScanner(bytes.NewReader(data))
	n, header := 0, false
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		if strings.HasPrefix(line, "#") {
			if len(s.words) == 0 {
				header = true
			}
			continue
		}
		if !header {
			return nil, fmt.Errorf("wordset %s: line %d: the list must open with a '#' header saying where its words come from", name, n)
		}
		for _, r := range line {
			if unicode.IsUpper(r) || r > unicode.MaxASCII {
				return nil, fmt.Errorf("wordset %s: line %d: %q is not normalised (lower case, no accents)", name, n, line)
			}
		}
		if _, dup := s.words[line]; dup {
			return nil, fmt.Errorf("wordset %s: line %d: %q is listed twice", name, n, line)
		}
		s.words[line] = struct{}{}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("wordset %s: %w", name, err)
	}
	if len(s.words) == 0 {
		return nil, fmt.Errorf("wordset %s: no words", name)
	}
	return s, nil
}

// MustLoad reads name from fsys (usually an embed.FS) and panics on error:
// the lists are embedded in the binary, so an error is a build defect that
// the package's tests catch.
func MustLoad(fsys fs.FS, name string) *Set {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		panic(fmt.Sprintf("wordset: %v", err))
	}
	s, err := Parse(name, data)
	if err != nil {
		panic(err.Error())
	}
	return s
}

// Has reports whether w is in the set.
func (s *Set) Has(w string) bool {
	_, ok := s.words[w]
	return ok
}

// Len is the number of entries.
func (s *Set) Len() int { return len(s.words) }

// Name is the file the set was read from.
func (s *Set) Name() string { return s.name }
