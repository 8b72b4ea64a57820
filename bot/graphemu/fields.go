package graphemu

import (
	"fmt"
	"strings"
)

// field is one entry of a Graph API `fields` parameter, such as
// comments.filter(stream).limit(100){id,from{id,name}}.
type field struct {
	name   string
	mods   map[string]string // filter, order, limit, summary, …
	sub    []field           // nil without braces
	subRaw string            // the text between the braces, for paging links
}

// maxFieldDepth bounds nesting so a hostile fields parameter cannot exhaust
// the stack.
const maxFieldDepth = 8

// parseFields parses a fields parameter.
func parseFields(s string) ([]field, error) {
	p := fieldParser{s: s}
	fs, err := p.list(0)
	if err != nil {
		return nil, err
	}
	if p.i != len(p.s) {
		return nil, fmt.Errorf("unexpected %q at offset %d", p.s[p.i], p.i)
	}
	return fs, nil
}

type fieldParser struct {
	s string
	i int
}

func (p *fieldParser) skipSpace() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t' || p.s[p.i] == '\n') {
		p.i++
	}
}

func (p *fieldParser) list(depth int) ([]field, error) {
	if depth > maxFieldDepth {
		return nil, fmt.Errorf("fields nested too deeply")
	}
	var out []field
	for {
		p.skipSpace()
		f, err := p.field(depth)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
		p.skipSpace()
		if p.i < len(p.s) && p.s[p.i] == ',' {
			p.i++
			continue
		}
		return out, nil
	}
}

func (p *fieldParser) name() string {
	start := p.i
	for p.i < len(p.s) {
		c := p.s[p.i]
		if c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
			p.i++
			continue
		}
		break
	}
	return p.s[start:p.i]
}

func (p *fieldParser) field(depth int) (field, error) {
	f := field{name: p.name()}
	if f.name == "" {
		return f, fmt.Errorf("field name expected at offset %d", p.i)
	}
	for p.i < len(p.s) && p.s[p.i] == '.' {
		p.i++
		mod := p.name()
		if mod == "" || p.i >= len(p.s) || p.s[p.i] != '(' {
			return f, fmt.Errorf("modifier expected after %q", f.name)
		}
		end := strings.IndexByte(p.s[p.i:], ')')
		if end < 0 {
			return f, fmt.Errorf("unclosed modifier %q", mod)
		}
		if f.mods == nil {
			f.mods = map[string]string{}
		}
		f.mods[mod] = strings.TrimSpace(p.s[p.i+1 : p.i+end])
		p.i += end + 1
	}
	p.skipSpace()
	if p.i < len(p.s) && p.s[p.i] == '{' {
		p.i++
		start := p.i
		sub, err := p.list(depth + 1)
		if err != nil {
			return f, err
		}
		if p.i >= len(p.s) || p.s[p.i] != '}' {
			return f, fmt.Errorf("unclosed braces after %q", f.name)
		}
		f.sub, f.subRaw = sub, p.s[start:p.i]
		p.i++
	}
	return f, nil
}
