package moderation

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/vigie-fr/vigie/moderation/internal/wordset"
	wordfiles "github.com/vigie-fr/vigie/moderation/words"
)

// TestWordListsParse: every list in moderation/words parses, opens with a
// header that says what it is, where its words come from and which code
// reads it, and the code it names exists.
func TestWordListsParse(t *testing.T) {
	names, err := fs.Glob(wordfiles.FS, "*.txt")
	if err != nil || len(names) == 0 {
		t.Fatalf("no word lists: %v", err)
	}
	readBy := regexp.MustCompile(`moderation/[a-z_]+\.go`)
	for _, name := range names {
		data, err := fs.ReadFile(wordfiles.FS, name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := wordset.Parse(name, data); err != nil {
			t.Error(err)
			continue
		}
		var header strings.Builder
		for _, line := range strings.Split(string(data), "\n") {
			if !strings.HasPrefix(line, "#") {
				break
			}
			header.WriteString(strings.TrimPrefix(line, "#") + "\n")
		}
		h := header.String()
		if !strings.HasPrefix(h, " "+strings.TrimSuffix(name, ".txt")+": ") {
			t.Errorf("%s: the header must open with the list's name and what it is", name)
		}
		if !strings.Contains(h, "Provenance:") {
			t.Errorf("%s: the header says nothing of where the words come from (Provenance:)", name)
		}
		i := strings.Index(h, "Read by:")
		if i < 0 {
			t.Errorf("%s: the header does not say which code reads the list (Read by:)", name)
			continue
		}
		files := readBy.FindAllString(h[i:], -1)
		if len(files) == 0 {
			t.Errorf("%s: Read by names no file", name)
		}
		for _, f := range files {
			if _, err := os.Stat(strings.TrimPrefix(f, "moderation/")); err != nil {
				t.Errorf("%s: Read by names %s, which does not exist", name, f)
			}
		}
	}
}

// TestWordListsNoOrphan: every list is loaded, and every loaded list is
// asked by some code outside its declaration.
func TestWordListsNoOrphan(t *testing.T) {
	names, _ := fs.Glob(wordfiles.FS, "*.txt")
	for _, name := range names {
		if !listsRead[name] {
			t.Errorf("%s is read by no code (an orphan list)", name)
		}
	}
	// The variables declared with wordList(...) must each be used
	// elsewhere in the package.
	fset := token.NewFileSet()
	srcs, _ := filepath.Glob("*.go")
	decl := map[string]token.Pos{}
	uses := map[string]int{}
	var files []*ast.File
	for _, path := range srcs {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.VAR {
				continue
			}
			for _, s := range g.Specs {
				vs := s.(*ast.ValueSpec)
				for i, v := range vs.Values {
					if c, ok := v.(*ast.CallExpr); ok {
						if id, ok := c.Fun.(*ast.Ident); ok && id.Name == "wordList" {
							decl[vs.Names[i].Name] = vs.Names[i].Pos()
						}
					}
				}
			}
		}
	}
	if len(decl) == 0 {
		t.Fatal("no word list declared with wordList")
	}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				if p, ok := decl[id.Name]; ok && p != id.Pos() {
					uses[id.Name]++
				}
			}
			return true
		})
	}
	for v := range decl {
		if uses[v] == 0 {
			t.Errorf("%s is loaded but no code asks it", v)
		}
	}
}

func TestHasPrefixIn(t *testing.T) {
	stems, err := wordset.Parse("t.txt", []byte("# test\nharcel\nvol\n"))
	if err != nil {
		t.Fatal(err)
	}
	for w, want := range map[string]bool{"harceler": true, "harcel": true, "vole": true, "harce": false, "vo": false, "": false, "envol": false} {
		if got := hasPrefixIn(stems, w); got != want {
			t.Errorf("hasPrefixIn(%q) = %v, want %v", w, got, want)
		}
	}
}

// TestServiceMailbox: a service's local part, whole or before the first
// ".", "-" or "_", as when the list was a loop of prefixes.
func TestServiceMailbox(t *testing.T) {
	for local, want := range map[string]bool{
		"mairie": true, "Contact.Ecole": true, "mairie-info": true, "info_st.jean": true, "accueil.": true,
		"jean.dupont": false, "mairies": false, "contactez": false, "x.mairie": false, "": false, "-mairie": false,
	} {
		if got := isServiceMailbox(local); got != want {
			t.Errorf("isServiceMailbox(%q) = %v, want %v", local, got, want)
		}
	}
}
