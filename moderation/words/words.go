// Package words holds the word lists that the detectors of package
// moderation consult: one list a file, one word or phrase a line, each
// file opening with a header that says what the list is, where its words
// come from and which code reads it. They are read through package
// moderation/internal/wordset; the lists of Matcher patterns stay in
// moderation/lexicons.
package words

import "embed"

// FS holds every list (*.txt).
//
//go:embed *.txt
var FS embed.FS
