// Command genmatchers regenerates moderation/matchers.bin: the matchers of
// the embedded lexicons, compiled once here rather than at every start of
// Vigie. Run it after changing a lexicon or the matcher's compiler:
//
//	go generate ./moderation
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"

	"github.com/vigie-fr/vigie/moderation"
)

func main() {
	out := flag.String("o", "matchers.bin", "file to write")
	check := flag.Bool("check", false, "only check that the file is up to date")
	flag.Parse()
	data, err := moderation.GenerateMatchers()
	if err != nil {
		fmt.Fprintln(os.Stderr, "genmatchers:", err)
		os.Exit(1)
	}
	if *check {
		old, err := os.ReadFile(*out)
		if err != nil || !bytes.Equal(old, data) {
			fmt.Fprintf(os.Stderr, "genmatchers: %s is stale: run go generate ./moderation\n", *out)
			os.Exit(1)
		}
		return
	}
	if err := os.WriteFile(*out, data, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "genmatchers:", err)
		os.Exit(1)
	}
}
