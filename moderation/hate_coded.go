package moderation

import "strings"

// Coded hate: a group designated without being named, by an ironic name
// ("les chances pour la France"), a euphemism ("ces gens-là"), scare
// quotes ("des « jeunes » ont encore brûlé les poubelles") or a knowing
// hint ("on sait tous de quelle origine", "on se serait cru au bled").
// One ironic name is enough; a hint needs a second hint or a stereotype
// in the comment, so that "ces gens-là de la mairie" or the « jeunes » of
// a walking club stay what they are.

const (
	noteCoded  = "propos haineux à mots couverts (euphémisme, sous-entendu ou guillemets ironiques visant un groupe)"
	labelCoded = "personnes désignées à mots couverts (origine, religion)"
)

// scareWords are the words that, alone in quotation marks, designate a
// group by irony: des « jeunes », de quelle « origine », les « quartiers ».
func scareWord(w string) bool {
	return wlScareWords.Has(w)
}

// coded fires on coded designations of a group; see the file comment.
func (an *analysis) coded(f *findings) {
	strong, hints, soft := -1, 0, 0
	trouble, origin := false, false
	var spans []Span
	var last *lexEntry
	for k := range an.marks {
		m := an.marks[k]
		if m.e.tag != tagCoded {
			switch {
			case (m.e.tag == tagConspiracy || m.e.tag == tagDehum && m.e.weight >= 0.8) && m.last-m.first >= 2:
				// "se reproduisent comme des lapins", "ils nous remplacent":
				// tropes of race and origin; a single word ("invasion",
				// "déchets") is too often meant literally.
				trouble, origin = true, true
			case m.e.tag == tagViolence && arson(an.norm(m.first)):
				trouble = true
			case m.e.tag == tagGeneric && essentialising(an, m) && !an.negated(m.first, m.last):
				// "ils ont ça dans le sang": a trait put in the blood
				// of people designated by a hint.
				origin = true
			}
			continue
		}
		s := an.sentenceOf(m.first)
		if an.negated(m.first, m.last) || an.reported(s, m.first, -1) {
			continue
		}
		switch w := m.e.weight; {
		case w >= 0.7:
			if strong < 0 {
				strong = k
			}
		case w >= 0.45:
			if m.e == last || an.norm(m.first) == "ces" && an.aboutOfficials(s) {
				continue // "ces gens-là du conseil": the officials
			}
			last = m.e
			if w >= 0.5 {
				hints++
			} else {
				soft++
			}
			spans = append(spans, an.t.Span(m.first, m.last))
		case w >= 0.35:
			origin = true
		default:
			trouble = true
		}
	}
	// Scare quotes: one or two words alone between quotation marks.
	toks := an.t.Tokens
	for i := 0; i < len(toks); i++ {
		if !toks[i].Has(FlagQuoted) {
			continue
		}
		j := i + 1
		for j < len(toks) && toks[j].Has(FlagQuoted) && toks[j-1].Next != ',' {
			j++
		}
		if j-i <= 2 {
			for k := i; k < j; k++ {
				if scareWord(toks[k].Norm) {
					hints++
					spans = append(spans, an.t.Span(i, j))
					break
				}
			}
		}
		i = j - 1
	}
	if sp, ok := an.echo(); ok {
		// The antisemitic "echo": a word in triple parentheses,
		// "(((ils)))", points at Jews.
		f.hate.add("haineux.code", noteCoded, 0.85, SeverityHigh, sp)
		f.hate.label("juifs")
		if strong < 0 && hints+soft == 0 {
			return
		}
	}
	switch {
	case strong >= 0:
		m := an.marks[strong]
		f.hate.add("haineux.code", noteCoded, 0.8, SeverityHigh, an.t.Span(m.first, m.last))
	case hints+soft >= 2:
		f.hate.add("haineux.code", noteCoded, 0.7, SeverityMedium, spans...)
	case hints == 1 && (trouble || origin), soft == 1 && origin:
		f.hate.add("haineux.code", noteCoded, 0.65, SeverityMedium, spans...)
	default:
		return
	}
	f.hate.label(labelCoded)
}

// aboutOfficials reports a sentence that names an official, a charter
// person or an institution: "ces gens-là" are then the people in charge.
func (an *analysis) aboutOfficials(s sentence) bool {
	for i := s.a; i < s.b; i++ {
		if an.has(i, tagPerson) && !isWeakPerson(an.norm(i)) && an.norm(i) != "gens" || an.properName(i) || institution(an.norm(i)) ||
			an.people != nil && an.people[i] {
			return true
		}
	}
	return false
}

// echo finds a word written in triple parentheses, "(((ils)))", the
// antisemitic marker; "((ok))" or a parenthesis inside a remark is not.
func (an *analysis) echo() (Span, bool) {
	o := an.t.Original
	for from := 0; ; {
		i := strings.Index(o[from:], "(((")
		if i < 0 {
			return Span{}, false
		}
		i += from
		j := strings.Index(o[i+3:], ")))")
		if j >= 0 && j > 0 && j <= 40 && !strings.ContainsAny(o[i+3:i+3+j], "()") {
			return Span{Start: i, End: i + 3 + j + 3}, true
		}
		from = i + 3
	}
}
