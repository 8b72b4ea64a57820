package graphemu

import (
	"strings"
	"testing"
)

func TestParseFields(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    string // rendered back by dump
		wantErr bool
	}{
		{"flat", "id,message,created_time", "id,message,created_time", false},
		{"spaces", " id , message ", "id,message", false},
		{"sub", "from{id,name},parent{id}", "from{id,name},parent{id}", false},
		{"expansion", "id,comments.filter(stream).order(reverse_chronological).limit(100).summary(true){id,from{id,name}}",
			"id,comments[filter=stream,limit=100,order=reverse_chronological,summary=true]{id,from{id,name}}", false},
		{"empty", "", "", true},
		{"trailing comma", "id,", "", true},
		{"unclosed brace", "from{id", "", true},
		{"unclosed modifier", "comments.limit(3", "", true},
		{"stray brace", "id}", "", true},
		{"too deep", strings.Repeat("a{", 20) + "id" + strings.Repeat("}", 20), "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseFields(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if err == nil && dump(got) != tt.want {
				t.Errorf("got %s, want %s", dump(got), tt.want)
			}
		})
	}
	fs, _ := parseFields("comments.limit(2){id,parent{id}}")
	if fs[0].subRaw != "id,parent{id}" {
		t.Errorf("subRaw %q", fs[0].subRaw)
	}
}

func dump(fs []field) string {
	var parts []string
	for _, f := range fs {
		s := f.name
		if len(f.mods) > 0 {
			var mods []string
			for _, k := range []string{"filter", "limit", "order", "summary"} {
				if v, ok := f.mods[k]; ok {
					mods = append(mods, k+"="+v)
				}
			}
			s += "[" + strings.Join(mods, ",") + "]"
		}
		if f.sub != nil {
			s += "{" + dump(f.sub) + "}"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, ",")
}

func FuzzParseFields(f *testing.F) {
	for _, s := range []string{
		"id,message",
		"comments.filter(stream).order(reverse_chronological).limit(100).summary(true){id,message,from{id,name},parent{id}}",
		"a{b{c{d}}}",
		"x.y(",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fs, err := parseFields(s)
		if err != nil {
			return
		}
		if len(fs) == 0 {
			t.Fatalf("no fields and no error for %q", s)
		}
		var walk func([]field, int)
		walk = func(fs []field, depth int) {
			if depth > maxFieldDepth+1 {
				t.Fatalf("depth %d for %q", depth, s)
			}
			for _, f := range fs {
				if f.name == "" {
					t.Fatalf("empty name in %q", s)
				}
				if f.sub != nil {
					if _, err := parseFields(f.subRaw); err != nil {
						t.Fatalf("subRaw %q of %q does not parse: %v", f.subRaw, s, err)
					}
					walk(f.sub, depth+1)
				}
			}
		}
		walk(fs, 0)
	})
}
