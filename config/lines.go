package config

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// sourceMap remembers where each key of the file is, so that every problem,
// whether found by the YAML decoder or by validation, names its line.
type sourceMap struct {
	lineOf map[string]int   // "charter.people[0].name" → line
	keyAt  map[int]string   // line → deepest key written on it
	values map[int][]string // line → scalar values written on it
}

func newSourceMap(root *yaml.Node) *sourceMap {
	sm := &sourceMap{lineOf: map[string]int{}, keyAt: map[int]string{}, values: map[int][]string{}}
	if root != nil && root.Kind == yaml.DocumentNode && len(root.Content) > 0 {
		sm.walk(root.Content[0], "")
	}
	return sm
}

func (sm *sourceMap) walk(n *yaml.Node, path string) {
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			p := k.Value
			if path != "" {
				p = path + "." + k.Value
			}
			sm.lineOf[p] = k.Line
			sm.keyAt[k.Line] = p
			sm.walk(v, p)
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			p := fmt.Sprintf("%s[%d]", path, i)
			if _, ok := sm.lineOf[p]; !ok {
				sm.lineOf[p] = c.Line
			}
			if _, ok := sm.keyAt[c.Line]; !ok {
				sm.keyAt[c.Line] = p
			}
			sm.walk(c, p)
		}
	case yaml.ScalarNode:
		sm.values[n.Line] = append(sm.values[n.Line], n.Value)
	case yaml.AliasNode:
		if n.Alias != nil {
			sm.walk(n.Alias, path)
		}
	}
}

// line returns the line of key, or of its closest written parent
// ("moderation.categories.spam.threshold" when only the category is
// written), and 0 when nothing of it is in the file.
func (sm *sourceMap) line(key string) int {
	for key != "" {
		if l, ok := sm.lineOf[key]; ok {
			return l
		}
		i := strings.LastIndexAny(key, ".[")
		if i < 0 {
			return 0
		}
		key = key[:i]
	}
	return 0
}

// fullValue undoes the decoder's cut of long values (« infos-c... »):
// it returns the scalar written on line that starts with the cut prefix.
func (sm *sourceMap) fullValue(line int, cut string) string {
	prefix, ok := strings.CutSuffix(cut, "...")
	if !ok {
		return cut
	}
	for _, v := range sm.values[line] {
		if strings.HasPrefix(v, prefix) {
			return v
		}
	}
	return cut
}

// Problem is one thing wrong in a configuration file: its line when the
// key is written in the file, and a French message naming the key.
type Problem struct {
	Line int
	Msg  string
}

func (p *Problem) Error() string {
	if p.Line > 0 {
		return fmt.Sprintf("ligne %d : %s", p.Line, p.Msg)
	}
	return p.Msg
}

var reLeadingLine = regexp.MustCompile(`^ligne (\d+) : (.*)$`)

// locate turns every problem into a *Problem with its line, names the key
// of decoder messages that only have a line, and sorts them by line (then
// text) so two runs print the same list.
func (sm *sourceMap) locate(found []error) []error {
	ps := make([]*Problem, 0, len(found))
	for _, e := range found {
		var p *Problem
		if errors.As(e, &p) {
			ps = append(ps, p)
			continue
		}
		msg := e.Error()
		if m := reLeadingLine.FindStringSubmatch(msg); m != nil {
			l, _ := strconv.Atoi(m[1])
			rest := m[2]
			if key := sm.keyAt[l]; key != "" && !strings.HasPrefix(rest, key) && !strings.Contains(rest, "clé inconnue") {
				rest = key + " : " + rest
			}
			ps = append(ps, &Problem{Line: l, Msg: rest})
			continue
		}
		line := 0
		if key, _, ok := strings.Cut(msg, " : "); ok && !strings.ContainsAny(key, " ") {
			line = sm.line(key)
		}
		ps = append(ps, &Problem{Line: line, Msg: msg})
	}
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i], ps[j]
		if (a.Line == 0) != (b.Line == 0) {
			return b.Line == 0
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Msg < b.Msg
	})
	out := make([]error, len(ps))
	for i, p := range ps {
		out[i] = p
	}
	return out
}

var reYAMLSyntax = regexp.MustCompile(`^yaml: (?:line (\d+): )?(.*)$`)

// syntaxProblem explains a YAML syntax error in French at its real line.
// The decoder names the line where the enclosing block starts, which can
// be far above the mistake; the first prefix of the file that no longer
// parses ends on the line that broke it.
func syntaxProblem(data []byte, err error) *Problem {
	msg := err.Error()
	reported := 0
	detail := msg
	if m := reYAMLSyntax.FindStringSubmatch(msg); m != nil {
		reported, _ = strconv.Atoi(m[1])
		detail = m[2]
	}
	line := firstBrokenLine(data)
	if line == 0 {
		line = reported
	}
	text := "erreur de syntaxe YAML : " + frenchSyntax(detail)
	if reported > 0 && reported != line {
		text += fmt.Sprintf(" (dans le bloc commencé ligne %d)", reported)
	}
	return &Problem{Line: line, Msg: text}
}

// firstBrokenLine returns the first line n such that lines 1..n no longer
// parse, or 0. Configuration files are small (MaxFileSize), so a linear
// scan is cheap; it is capped to keep a pathological file bounded.
func firstBrokenLine(data []byte) int {
	lines := bytes.SplitAfter(data, []byte("\n"))
	if len(lines) > 5000 {
		return 0
	}
	var prefix []byte
	for i, l := range lines {
		prefix = append(prefix, l...)
		var n yaml.Node
		if yaml.Unmarshal(prefix, &n) != nil {
			return i + 1
		}
	}
	return 0
}

var syntaxFR = []struct{ en, fr string }{
	{"did not find expected key", "clé attendue introuvable (indentation incohérente ?)"},
	{"mapping values are not allowed in this context", "« : » inattendu (une valeur contenant « : » doit être entre guillemets, ou l'indentation est fausse)"},
	{"found character that cannot start any token", "caractère interdit à cet endroit (une tabulation ? utilisez des espaces)"},
	{"found a tab character", "tabulation interdite : indentez avec des espaces"},
	{"did not find expected ',' or ']'", "liste entre crochets non fermée : « ] » ou « , » attendu"},
	{"did not find expected ',' or '}'", "bloc entre accolades non fermé : « } » ou « , » attendu"},
	{"could not find expected ':'", "« : » attendu après la clé"},
	{"did not find expected '-' indicator", "élément de liste attendu (« - ») : indentation incohérente"},
	{"did not find expected node content", "valeur attendue"},
	{"block sequence entries are not allowed in this context", "élément de liste (« - ») mal placé : vérifiez l'indentation"},
	{"found unexpected end of stream", "fin de fichier inattendue (guillemet ou crochet non fermé ?)"},
	{"found unknown escape character", "séquence d'échappement inconnue entre guillemets doubles (utilisez des guillemets simples)"},
	{"did not find expected alphabetic or numeric character", "ancre ou alias mal formé (« & » ou « * » au début d'une valeur : mettez-la entre guillemets)"},
	{"invalid leading UTF-8 octet", "le fichier n'est pas en UTF-8"},
	{"invalid trailing UTF-8 octet", "le fichier n'est pas en UTF-8"},
	{"control characters are not allowed", "caractère de contrôle interdit"},
}

func frenchSyntax(detail string) string {
	for _, s := range syntaxFR {
		if strings.Contains(detail, s.en) {
			return s.fr
		}
	}
	return "fichier mal formé (" + detail + ")"
}
