// Command genknown regenerates moderation/lexicons/known.txt: the real
// French words the classifier would otherwise read as a misspelt offensive
// word or split as glued words. Run it after changing a lexicon:
//
//	apt-get install wfrench
//	go run ./moderation/internal/genknown /usr/share/dict/french > moderation/lexicons/known.txt
package main

import (
	"bufio"
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/vigie-fr/vigie/moderation"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: genknown WORDLIST > known.txt")
		os.Exit(2)
	}
	f, err := os.Open(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer f.Close()
	var words []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if w := strings.TrimSpace(sc.Text()); w != "" {
			words = append(words, w)
		}
	}
	if err := sc.Err(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	out, err := moderation.Misreadings(words)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	sort.Strings(out)
	w := bufio.NewWriter(os.Stdout)
	fmt.Fprintln(w, "# Real French words that are one letter away from a word of the")
	fmt.Fprintln(w, "# offensive lexicons, or that the glued-word splitter would cut: they are")
	fmt.Fprintln(w, "# never read as a misspelling nor split. Generated from the wfrench word")
	fmt.Fprintln(w, "# list (Debian package wfrench) by moderation/internal/genknown.")
	fmt.Fprintln(w, "# wfrench: Copyright 1989 Paul Leyland, licence GPL-2+ (see its debian/copyright).")
	line := 0
	for _, x := range out {
		if line+len(x) > 76 {
			fmt.Fprintln(w)
			line = 0
		}
		if line > 0 {
			fmt.Fprint(w, " ")
			line++
		}
		fmt.Fprint(w, x)
		line += len(x)
	}
	fmt.Fprintln(w)
	w.Flush()
}
