package moderation

import (
	"fmt"
	"strings"
)

// refKind says how a comment designates a person.
type refKind uint8

const (
	// refCharter: a name, alias or role of a person in charter.people.
	refCharter refKind = iota
	// refRole: a role that designates one person ("le DGS", "la directrice").
	refRole
	// refNamed: an honorific or a first name with a family name ("Mme
	// Lopez", "Kévin Marchand").
	refNamed
	// refRelative: a relative of someone designated ("le fils de Lebrun").
	refRelative
	// refFirstName: a capitalised first name alone ("Didier"); weak.
	refFirstName
	// refCharterFirst: the first name alone of a person in
	// charter.people, capitalised ("Thierry" for Thierry Lebrun): in a
	// village, enough to identify.
	refCharterFirst
	// refTrade: a trade or a business that designates one person or one
	// firm in a village ("le boulanger", "le garage Martin"). Their health
	// or family is not looked for.
	refTrade
)

// personRef is one place where a comment designates a person.
type personRef struct {
	First, Last int // tokens [First, Last)
	Kind        refKind
	// Person is the index in Facts.People, or -1.
	Person int
}

// peopleIndex matches the commune's people by name, alias and role.
type peopleIndex struct {
	lex    *factLexicon
	person []int  // source phrase → index in Facts.People
	first  []bool // source phrase → a name alone, read only capitalised
	given  []bool // source phrase → a first name alone
}

// compilePeople builds the matcher of charter.people. Every person needs a
// name; aliases and roles are optional.
func compilePeople(people []Person) (*peopleIndex, error) {
	pi := &peopleIndex{}
	var phrases []string
	add := func(p int, s string, first bool) {
		s = strings.Join(foldWords(s), " ")
		if s == "" {
			return
		}
		phrases = append(phrases, s)
		pi.person = append(pi.person, p)
		pi.first = append(pi.first, first)
		pi.given = append(pi.given, false)
	}
	for i, p := range people {
		if len(foldWords(p.Name)) == 0 {
			return nil, fmt.Errorf("moderation: charter person %d has no name", i+1)
		}
		add(i, p.Name, false)
		add(i, p.Role, false)
		for _, a := range p.Aliases {
			if len(foldWords(a)) == 0 {
				return nil, fmt.Errorf("moderation: charter person %q: alias %q has no letters", p.Name, a)
			}
			add(i, a, false)
		}
		// The first name alone ("Jean-Pierre" of "Jean-Pierre Morel") and
		// the family name alone ("Roux"), capitalised.
		if f := strings.Fields(p.Name); len(f) >= 2 {
			if len(foldWords(f[0])) > 0 && len(f[0]) >= 3 {
				add(i, f[0], true)
				pi.given[len(pi.given)-1] = true
			}
			if last := f[len(f)-1]; len(foldWords(last)) > 0 && len(last) >= 3 {
				add(i, last, true)
			}
		}
	}
	if len(phrases) == 0 {
		return pi, nil
	}
	l, err := compileLexicon("charter.people", phrases)
	if err != nil {
		return nil, err
	}
	pi.lex = l
	return pi, nil
}

// findPeople lists the persons a comment designates, in text order, with
// no overlaps (the first, longest designation wins).
func (fx *factIndex) findPeople(sc *factScan) []personRef {
	t := sc.t
	var refs []personRef
	// References are found in text order without overlap: only the last
	// one can cover token i.
	covered := func(i int) bool {
		return len(refs) > 0 && i >= refs[len(refs)-1].First && i < refs[len(refs)-1].Last
	}
	lx := fx.lex
	for i := 0; i < len(t.Tokens); i++ {
		if covered(i) {
			continue
		}
		if r, ok := fx.charterAt(sc, i); ok {
			refs = append(refs, r)
			i = r.Last - 1
			continue
		}
		if h, ok := lx.defRoles.at(sc, i); ok {
			refs = append(refs, personRef{First: h.First, Last: h.Last, Kind: refRole, Person: -1})
			i = h.Last - 1
			continue
		}
		if h, ok := lx.defTrades.at(sc, i); ok && isIn(t, i-1, wlTradeDeterminers) {
			refs = append(refs, personRef{First: h.First, Last: h.Last, Kind: refTrade, Person: -1})
			i = h.Last - 1
			continue
		}
		tok := t.Tokens[i]
		// "ladjoint", "lagent": an elided article glued to a role, as
		// typed on a phone.
		if len(tok.Norm) > 4 && tok.Norm[0] == 'l' && lx.defRoleWords[tok.Norm[1:]] {
			last := i + 1
			if h, ok := lx.defRoleTails.at(sc, last); ok {
				last = h.Last
			}
			refs = append(refs, personRef{First: i, Last: last, Kind: refRole, Person: -1})
			i = last - 1
			continue
		}
		// "le garage Martin", "la boulangerie Dupuis": a business named
		// by its owner.
		if h, ok := lx.defShops.at(sc, i); ok && h.Last < len(t.Tokens) && isIn(t, i-1, wlShopDeterminers) &&
			t.Tokens[h.Last-1].Next == ' ' && businessName(t, h.Last) {
			refs = append(refs, personRef{First: h.First, Last: h.Last + 1, Kind: refTrade, Person: -1})
			i = h.Last
			continue
		}
		// "la fille Martin", "le fils Dubois", "la mère Girard": a member
		// of a family named by its surname, as villages say it.
		if kinWord(tok.Norm) && t.Is(i-1, "le", "la", "les", "du", "de") && i+1 < len(t.Tokens) &&
			t.Tokens[i+1].Has(FlagCapital) && tok.Next == ' ' && !lx.dpHonorifics[t.Tokens[i+1].Norm] {
			refs = append(refs, personRef{First: i - 1, Last: i + 2, Kind: refNamed, Person: -1})
			i++
			continue
		}
		if lx.dpHonorifics[tok.Norm] && i+1 < len(t.Tokens) && t.Tokens[i+1].Has(FlagCapital) &&
			(tok.Has(FlagCapital) || len(tok.Norm) > 3) && !lx.dpHonorifics[t.Tokens[i+1].Norm] {
			refs = append(refs, personRef{First: i, Last: i + 2, Kind: refNamed, Person: -1})
			i++
			continue
		}
		if tok.Has(FlagCapital) && lx.dpFirstNames[tok.Norm] && !tok.Has(FlagLeet) {
			if i+1 < len(t.Tokens) && t.Tokens[i+1].Has(FlagCapital) && tok.Next == ' ' {
				refs = append(refs, personRef{First: i, Last: i + 2, Kind: refNamed, Person: -1})
				i++
				continue
			}
			// "le petit Léo", "la jeune Chloé": a child or a young person
			// of the village, identifiable.
			if t.Is(i-1, "petit", "petite", "jeune") && t.Is(i-2, "le", "la", "du", "de") {
				refs = append(refs, personRef{First: i - 2, Last: i + 1, Kind: refNamed, Person: -1})
				continue
			}
			refs = append(refs, personRef{First: i, Last: i + 1, Kind: refFirstName, Person: -1})
		}
	}
	// Relatives: "le fils de Lebrun", "la femme du maire", "le gamin des
	// Dubreuil".
	var buf [4]Hit
	var extra []personRef
	for _, h := range lx.dpRelatives.find(sc, buf[:0]) {
		slot := h.Last - 1
		found := false
		for k, r := range refs {
			if r.First == slot || t.Tokens[slot].Has(FlagCapital) && r.First == slot+1 {
				refs[k] = personRef{First: h.First, Last: r.Last, Kind: refRelative, Person: r.Person}
				found = true
				break
			}
		}
		if !found && businessName(t, slot) && !lx.dpHonorifics[t.Tokens[slot].Norm] {
			extra = append(extra, personRef{First: h.First, Last: h.Last, Kind: refRelative, Person: -1})
		}
	}
	// Residents named by their address: "le voisin du 8 impasse des
	// Lilas".
	for _, h := range lx.dpResidents.find(sc, buf[:0]) {
		num := h.Last
		if num >= len(t.Tokens) || !allDigits(t.Tokens[num].Norm) || len(t.Tokens[num].Norm) > 4 {
			continue
		}
		last := num + 1
		if st, ok := lx.dpStreets.at(sc, last); ok {
			last = st.Last
			for last < len(t.Tokens) && last < st.Last+3 && (t.Tokens[last].Has(FlagCapital) || isIn(t, last, wlStreetNameParticles)) {
				last++
			}
		}
		extra = append(extra, personRef{First: h.First, Last: last, Kind: refNamed, Person: -1})
	}
	refs = mergeRefs(refs, extra)
	return possessiveKin(t, refs)
}

// possessiveKin adds "sa femme", "son beau-frère" after a person named in
// the same sentence or the one before: the relative of that person.
func possessiveKin(t *Text, refs []personRef) []personRef {
	if len(refs) == 0 {
		return refs
	}
	var out []personRef
	k := 0
	for i := 0; i < len(t.Tokens); i++ {
		if !t.Is(i, "sa", "son") {
			continue
		}
		last := i + 2
		switch {
		case t.Is(i+1, "beau", "belle") && isIn(t, i+2, wlInLawKinNouns):
			last = i + 3
		case kinWord(t.Tokens[min(i+1, len(t.Tokens)-1)].Norm) || isIn(t, i+1, wlPartnerAndKinNouns):
		default:
			continue
		}
		if last > len(t.Tokens) {
			continue
		}
		// The antecedent: the last person named before, in this sentence
		// or the one before, not covering the words.
		for k < len(refs) && refs[k].Last <= i {
			k++
		}
		if k == 0 || k < len(refs) && refs[k].First <= i {
			continue
		}
		a := refs[k-1]
		if a.Kind == refFirstName || t.Tokens[a.Last-1].Sent < t.Tokens[i].Sent-1 {
			continue
		}
		out = append(out, personRef{First: i, Last: last, Kind: refRelative, Person: a.Person})
	}
	return mergeRefs(refs, out)
}

// mergeRefs merges two lists of references sorted by first token,
// dropping those of more that overlap one of refs.
func mergeRefs(refs, more []personRef) []personRef {
	if len(more) == 0 {
		return refs
	}
	merged := make([]personRef, 0, len(refs)+len(more))
	a, b := 0, 0
	for a < len(refs) || b < len(more) {
		if b == len(more) || a < len(refs) && refs[a].First < more[b].First {
			merged = append(merged, refs[a])
			a++
			continue
		}
		m := more[b]
		b++
		overlap := false
		for _, r := range refs {
			if r.First < m.Last && m.First < r.Last {
				overlap = true
				break
			}
		}
		if !overlap {
			merged = append(merged, m)
		}
	}
	return merged
}

// businessName reports a capitalised name at token i that is not a day, a
// month or an article: "Martin" in "le garage Martin".
func businessName(t *Text, i int) bool {
	if i >= len(t.Tokens) {
		return false
	}
	tok := t.Tokens[i]
	return tok.Has(FlagCapital) && len(tok.Norm) > 2 && !isMonthOrDay(tok.Norm) && !t.Is(i, "des", "les", "une", "aux", "du")
}

// charterAt finds a person of charter.people named at token i. A first
// name alone counts only capitalised: "Sylvie a piqué…", not "pierre".
func (fx *factIndex) charterAt(sc *factScan, i int) (personRef, bool) {
	if fx.people.lex == nil {
		return personRef{}, false
	}
	h, ok := fx.people.lex.at(sc, i)
	if !ok {
		return personRef{}, false
	}
	kind := refCharter
	if fx.people.first[h.Phrase] {
		if !sc.t.Tokens[i].Has(FlagCapital) {
			return personRef{}, false
		}
		if fx.people.given[h.Phrase] {
			kind = refCharterFirst
		}
	}
	return personRef{First: h.First, Last: h.Last, Kind: kind, Person: fx.people.person[h.Phrase]}, true
}

// kinWord reports family words that, before a surname, designate one
// person: "la fille Martin".
func kinWord(w string) bool {
	return wlKinNouns.Has(w)
}

// describe names the person of a reference for the référent: the charter
// name and role when known, the words of the comment otherwise.
func (fx *factIndex) describe(t *Text, r personRef) string {
	sp := t.Span(r.First, r.Last)
	words := "« " + t.Original[sp.Start:sp.End] + " »"
	if r.Person >= 0 && r.Person < len(fx.facts.People) {
		p := fx.facts.People[r.Person]
		name := p.Name
		if p.Role != "" {
			name += ", " + p.Role
		}
		if r.Kind == refRelative {
			return words + ", proche de " + name
		}
		return name
	}
	return words
}

// isOfficial reports whether the reference designates an élu or an agent
// of the commune rather than a private person, which changes the article of
// the 1881 law that applies.
func (fx *factIndex) isOfficial(t *Text, r personRef) bool {
	switch r.Kind {
	case refCharter, refCharterFirst:
		return true
	case refRole:
		for i := r.First; i < r.Last; i++ {
			if wlOfficialTitles.Has(t.Tokens[i].Norm) {
				return true
			}
		}
	}
	return false
}
