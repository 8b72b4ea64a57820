package wordset

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestParse(t *testing.T) {
	s, err := Parse("t.txt", []byte("# Provenance: written for the test.\n\nmais\nou et\n# later comment\ndonc\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"mais", "ou et", "donc"} {
		if !s.Has(w) {
			t.Errorf("Has(%q) = false", w)
		}
	}
	for _, w := range []string{"", "ou", "# later comment", "Mais"} {
		if s.Has(w) {
			t.Errorf("Has(%q) = true", w)
		}
	}
	if s.Len() != 3 || s.Name() != "t.txt" {
		t.Errorf("Len, Name = %d, %q", s.Len(), s.Name())
	}
}

func TestParseErrors(t *testing.T) {
	for _, c := range []struct{ data, want string }{
		{"mais\n", "must open with a '#' header"},
		{"# h\nMais\n", "line 2: \"Mais\" is not normalised"},
		{"# h\nété\n", "is not normalised"},
		{"# h\nmais\nmais\n", "line 3: \"mais\" is listed twice"},
		{"# h\n\n", "no words"},
	} {
		_, err := Parse("x.txt", []byte(c.data))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Parse(%q) error = %v, want %q", c.data, err, c.want)
		}
	}
}

func TestMustLoad(t *testing.T) {
	fsys := fstest.MapFS{"a.txt": {Data: []byte("# h\nmot\n")}, "bad.txt": {Data: []byte("mot\n")}}
	if !MustLoad(fsys, "a.txt").Has("mot") {
		t.Fatal("a.txt lost its word")
	}
	for _, name := range []string{"bad.txt", "missing.txt"} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("MustLoad(%s) did not panic", name)
				}
			}()
			MustLoad(fsys, name)
		}()
	}
}
