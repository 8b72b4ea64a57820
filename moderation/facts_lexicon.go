package moderation

import (
	"embed"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
)

// The lexicons of the charter-fact detectors are plain text, one phrase per
// line in Matcher syntax, grouped in "[section]"s. They are embedded so the
// package reads no file at run time.
//
//go:embed lexicons/diffamatoire.txt lexicons/fake_news.txt lexicons/donnees_personnelles.txt lexicons/donnees_personnelles_prenoms.txt lexicons/spam.txt lexicons/propagande.txt
var factLexFS embed.FS

// factLexicon is one section of a lexicon. The embedded sections all
// share one matcher, run once per comment (see factScan); the sections
// built from the commune's facts (people, rumours) have their own.
type factLexicon struct {
	// src are the phrases of the section, as written.
	src []string
	// m and of: the section's own matcher, and the source phrase of each
	// expanded pattern. Nil m means the section lives in the shared
	// matcher under id.
	m  *Matcher
	of []int
	id int
}

// find appends the hits of the section in the comment to dst, in text
// order; Hit.Phrase is the index of the source phrase.
func (l *factLexicon) find(sc *factScan, dst []Hit) []Hit {
	if l.m != nil {
		n := len(dst)
		dst = l.m.Find(sc.t, dst)
		for i := n; i < len(dst); i++ {
			dst[i].Phrase = l.of[dst[i].Phrase]
		}
		return dst[:min(len(dst), n+maxLexiconHits)]
	}
	sh := sc.shared
	for _, h := range sc.hits {
		if sh.sec[h.Phrase] == l.id {
			h.Phrase = sh.src[h.Phrase]
			dst = append(dst, h)
			if len(dst) >= maxLexiconHits {
				break
			}
		}
	}
	return dst
}

// maxLexiconHits bounds the hits of one section a detector looks at: a
// decision needs a few, and a comment repeating a phrase thousands of
// times must not cost thousands of checks.
const maxLexiconHits = 16

// hitsFrom returns the shared hits that start at token first or later;
// the matcher reports them in token order.
func (sc *factScan) hitsFrom(first int) []Hit {
	k := sort.Search(len(sc.hits), func(i int) bool { return sc.hits[i].First >= first })
	return sc.hits[k:]
}

// at reports the longest hit of the section starting at token i.
func (l *factLexicon) at(sc *factScan, i int) (Hit, bool) {
	if l.m != nil {
		h, ok := l.m.Longest(sc.t, i)
		if ok {
			h.Phrase = l.of[h.Phrase]
		}
		return h, ok
	}
	sh := sc.shared
	var best Hit
	found := false
	for _, h := range sc.hitsFrom(i) {
		if h.First != i {
			break
		}
		if sh.sec[h.Phrase] == l.id && (!found || h.Last > best.Last) {
			best, found = h, true
			best.Phrase = sh.src[h.Phrase]
		}
	}
	return best, found
}

// contains reports whether any phrase of the section occurs.
func (l *factLexicon) contains(sc *factScan) bool {
	return l.inRange(sc, 0, len(sc.t.Tokens))
}

// inRange reports whether a hit of the section lies within tokens
// [first, last).
func (l *factLexicon) inRange(sc *factScan, first, last int) bool {
	if l.m != nil {
		for i := max(first, 0); i < last && i < len(sc.t.Tokens); i++ {
			var buf [4]Hit
			for _, h := range l.m.FindAt(sc.t, i, buf[:0]) {
				if h.Last <= last {
					return true
				}
			}
		}
		return false
	}
	sh := sc.shared
	for _, h := range sc.hitsFrom(first) {
		if h.First >= last {
			break
		}
		if h.Last <= last && sh.sec[h.Phrase] == l.id {
			return true
		}
	}
	return false
}

// sharedLexicon is the one matcher of all embedded sections.
type sharedLexicon struct {
	m *Matcher
	// sec and src give, for each expanded pattern, its section id and its
	// source phrase within the section.
	sec, src []int
}

// compileLexicon compiles phrases. Alternatives that hold spaces or nested
// groups ("(se sert|s est servi(e))") are expanded here, since the Matcher
// only takes single-word alternatives.
func compileLexicon(name string, phrases []string) (*factLexicon, error) {
	l := &factLexicon{src: phrases}
	var expanded []string
	for i, ph := range phrases {
		vs, err := expandWordGroups(ph)
		if err != nil {
			return nil, fmt.Errorf("moderation: lexicon %s: phrase %q: %w", name, ph, err)
		}
		for _, v := range vs {
			expanded = append(expanded, v)
			l.of = append(l.of, i)
		}
	}
	m, err := CompileMatcher(expanded, MatchOptions{})
	if err != nil {
		return nil, fmt.Errorf("moderation: lexicon %s: %w", name, err)
	}
	l.m = m
	return l, nil
}

// expandWordGroups expands the first parenthesised group that holds a
// space or another group, recursively, and leaves the others to the
// Matcher.
func expandWordGroups(s string) ([]string, error) {
	depth, open := 0, -1
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(':
			if depth == 0 {
				open = i
			}
			depth++
		case ')':
			depth--
			if depth < 0 {
				return nil, fmt.Errorf("unbalanced parentheses")
			}
			if depth > 0 {
				continue
			}
			inner := s[open+1 : i]
			if !strings.ContainsAny(inner, " (") {
				continue
			}
			choices := splitTopLevel(inner)
			if len(choices) == 1 {
				choices = append(choices, "")
			}
			var out []string
			for _, c := range choices {
				vs, err := expandWordGroups(s[:open] + c + s[i+1:])
				if err != nil {
					return nil, err
				}
				for _, v := range vs {
					if v = strings.Join(strings.Fields(v), " "); v != "" {
						out = append(out, v)
					}
				}
			}
			return out, nil
		}
	}
	if depth != 0 {
		return nil, fmt.Errorf("unbalanced parentheses")
	}
	return []string{s}, nil
}

// splitTopLevel splits s at the "|" that are not inside parentheses.
func splitTopLevel(s string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			depth--
		case '|':
			if depth == 0 {
				out = append(out, s[start:i])
				start = i + 1
			}
		}
	}
	return append(out, s[start:])
}

// parseSections reads a lexicon file: "[name]" starts a section, "#"
// starts a comment, blank lines are ignored.
func parseSections(name, data string) (map[string][]string, error) {
	out := map[string][]string{}
	cur := ""
	for n, line := range strings.Split(data, "\n") {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]") {
			cur = line[1 : len(line)-1]
			if _, dup := out[cur]; dup {
				return nil, fmt.Errorf("moderation: lexicon %s:%d: section [%s] appears twice", name, n+1, cur)
			}
			out[cur] = nil
			continue
		}
		if cur == "" {
			return nil, fmt.Errorf("moderation: lexicon %s:%d: phrase outside any section", name, n+1)
		}
		out[cur] = append(out[cur], line)
	}
	return out, nil
}

// factLexicons are the compiled lexicons of every charter-fact detector.
type factLexicons struct {
	// diffamatoire
	defRoles, defTrades, defFacts, defFavour, defReserves, defInstitutions *factLexicon
	defWitness, defInsinuation, defShops, defNepotism, defNouns            *factLexicon
	// defAdvantage: a job, a home, a contract obtained; dishonouring only
	// with a knowing remark ("… ? On connaît la réponse.").
	defAdvantage *factLexicon
	// defComposites are facts made of two parts in one sentence.
	defComposites []composite
	// defRoleWords are the roles of one word ("adjoint", "maire"), read
	// inside a token that glues an elided article to them ("ladjoint");
	// defRoleTails are what may follow them ("aux travaux").
	defRoleWords map[string]bool
	defRoleTails *factLexicon
	// fake_news
	fnViral, fnAlarm, fnDenial, fnContested, fnAnnounce *factLexicon
	fnSynonyms                                          map[string][]string // keyword stem → phrases
	// donnees_personnelles
	dpHealth, dpFamily, dpKind, dpThird, dpSelf, dpService  *factLexicon
	dpStreets, dpHome, dpRelatives, dpOwnKin, dpFundraising *factLexicon
	dpSituation, dpWhere, dpResidents, dpPlace, dpLives     *factLexicon
	dpLost, dpLandmarks                                     *factLexicon
	dpHonorifics, dpFirstNames                              map[string]bool
	// spam
	spStrong, spMedium, spWeak, spWarning *factLexicon
	spShorteners, spBrands, spTLDs        []string
	// propagande
	prVote, prVoteDirect, prTarget, prCivic, prParties, prRecruit, prPolitical, prNotElection *factLexicon
	prFaithStrong, prFaithWeak, prInvite, prVoteNamed, prSlogan                               *factLexicon

	// shared is the one matcher of every section above.
	shared *sharedLexicon
}

// loadFactLexicons compiles the embedded lexicons once per process; they do
// not depend on the commune's facts.
var loadFactLexicons = sync.OnceValues(func() (*factLexicons, error) {
	files := map[string]map[string][]string{}
	for _, f := range []string{"diffamatoire", "fake_news", "donnees_personnelles", "donnees_personnelles_prenoms", "spam", "propagande"} {
		data, err := factLexFS.ReadFile("lexicons/" + f + ".txt")
		if err != nil {
			return nil, fmt.Errorf("moderation: lexicon %s: %w", f, err)
		}
		secs, err := parseSections(f, string(data))
		if err != nil {
			return nil, err
		}
		files[f] = secs
	}
	var errs []error
	shared := &sharedLexicon{}
	var expanded []string
	nsec := 0
	lex := func(file, sec string) *factLexicon {
		phrases, ok := files[file][sec]
		if !ok || len(phrases) == 0 {
			errs = append(errs, fmt.Errorf("moderation: lexicon %s: section [%s] is missing or empty", file, sec))
			return &factLexicon{id: -1}
		}
		l := &factLexicon{src: phrases, id: nsec}
		nsec++
		for i, ph := range phrases {
			vs, err := expandWordGroups(ph)
			if err != nil {
				errs = append(errs, fmt.Errorf("moderation: lexicon %s/%s: phrase %q: %w", file, sec, ph, err))
				continue
			}
			for _, v := range vs {
				expanded = append(expanded, v)
				shared.sec = append(shared.sec, l.id)
				shared.src = append(shared.src, i)
			}
		}
		return l
	}
	raw := func(file, sec string) []string {
		phrases, ok := files[file][sec]
		if !ok || len(phrases) == 0 {
			errs = append(errs, fmt.Errorf("moderation: lexicon %s: section [%s] is missing or empty", file, sec))
		}
		return phrases
	}
	set := func(file, sec string) map[string]bool {
		m := map[string]bool{}
		for _, w := range raw(file, sec) {
			for _, tok := range Normalize(w).Tokens {
				m[tok.Norm] = true
			}
		}
		return m
	}
	obtention := lex("diffamatoire", "obtention")
	fl := &factLexicons{
		defAdvantage:    obtention,
		defRoles:        lex("diffamatoire", "roles"),
		defTrades:       lex("diffamatoire", "metiers"),
		defFacts:        lex("diffamatoire", "faits"),
		defFavour:       lex("diffamatoire", "faveur"),
		defNouns:        lex("diffamatoire", "faits_nom"),
		defReserves:     lex("diffamatoire", "reserves"),
		defInstitutions: lex("diffamatoire", "institutions"),
		defWitness:      lex("diffamatoire", "temoins"),
		defInsinuation:  lex("diffamatoire", "insinuation"),
		defShops:        lex("diffamatoire", "enseignes"),
		defNepotism:     lex("diffamatoire", "nepotisme"),
		defComposites: []composite{
			{lex("diffamatoire", "biens_publics"), lex("diffamatoire", "fins_privees"), 10, false},
			{lex("diffamatoire", "cadeau"), lex("diffamatoire", "payeur"), 6, false},
			{lex("diffamatoire", "attribution"), lex("diffamatoire", "proches"), 5, false},
			{lex("diffamatoire", "couche"), lex("diffamatoire", "couche_but"), 6, false},
			{lex("diffamatoire", "divulgation"), lex("diffamatoire", "public"), 6, false},
			{lex("diffamatoire", "prive"), lex("diffamatoire", "par_public"), 6, false},
			{lex("diffamatoire", "annule_pv"), lex("diffamatoire", "proches"), 3, false},
			{lex("diffamatoire", "travaux_publics"), lex("diffamatoire", "vers_propriete"), 6, false},
			{lex("diffamatoire", "emporte"), lex("diffamatoire", "biens_publics"), 4, false},
			{lex("diffamatoire", "enrichi"), lex("diffamatoire", "biens_publics"), 5, false},
			{obtention, lex("diffamatoire", "lien"), 6, false},
			{lex("diffamatoire", "embauche"), lex("diffamatoire", "sans_concours"), 5, false},
			{lex("diffamatoire", "acquisition"), lex("diffamatoire", "moyens"), 12, true},
		},

		fnViral:     lex("fake_news", "viral"),
		fnAlarm:     lex("fake_news", "alarme"),
		fnDenial:    lex("fake_news", "dementi"),
		fnContested: lex("fake_news", "dementi_conteste"),
		fnAnnounce:  lex("fake_news", "annonce"),
		fnSynonyms:  map[string][]string{},

		dpHealth:      lex("donnees_personnelles", "sante"),
		dpFamily:      lex("donnees_personnelles", "famille"),
		dpKind:        lex("donnees_personnelles", "bienveillance"),
		dpThird:       lex("donnees_personnelles", "tiers"),
		dpSelf:        lex("donnees_personnelles", "soi"),
		dpService:     lex("donnees_personnelles", "service"),
		dpStreets:     lex("donnees_personnelles", "rues"),
		dpHome:        lex("donnees_personnelles", "habitation"),
		dpRelatives:   lex("donnees_personnelles", "parente"),
		dpOwnKin:      lex("donnees_personnelles", "proches"),
		dpFundraising: lex("donnees_personnelles", "collecte"),
		dpSituation:   lex("donnees_personnelles", "situation"),
		dpWhere:       lex("donnees_personnelles", "localisation"),
		dpResidents:   lex("donnees_personnelles", "residents"),
		dpPlace:       lex("donnees_personnelles", "lieu"),
		dpLives:       lex("donnees_personnelles", "vit"),
		dpLost:        lex("donnees_personnelles", "trouve"),
		dpLandmarks:   lex("donnees_personnelles", "reperes"),
		dpHonorifics:  set("donnees_personnelles", "honorifiques"),
		dpFirstNames:  set("donnees_personnelles_prenoms", "prenoms"),

		spStrong:     lex("spam", "fort"),
		spMedium:     lex("spam", "moyen"),
		spWeak:       lex("spam", "faible"),
		spWarning:    lex("spam", "avertissement"),
		spShorteners: raw("spam", "raccourcisseurs"),
		spBrands:     raw("spam", "marques"),
		spTLDs:       raw("spam", "tld_douteux"),

		prVote:        lex("propagande", "appel_vote"),
		prTarget:      lex("propagande", "cible"),
		prVoteDirect:  lex("propagande", "appel_vote_direct"),
		prCivic:       lex("propagande", "civique"),
		prNotElection: lex("propagande", "vote_non_politique"),
		prParties:     lex("propagande", "partis"),
		prRecruit:     lex("propagande", "recrutement"),
		prPolitical:   lex("propagande", "objet_politique"),
		prFaithStrong: lex("propagande", "religion_fort"),
		prFaithWeak:   lex("propagande", "religion_faible"),
		prInvite:      lex("propagande", "invitation"),
		prVoteNamed:   lex("propagande", "appel_vote_nomme"),
		prSlogan:      lex("propagande", "slogan"),
	}
	fl.defRoleWords = map[string]bool{}
	for _, ph := range raw("diffamatoire", "roles") {
		vs, err := expandAlternatives(ph)
		if err != nil {
			continue // reported by lex above
		}
		for _, v := range vs {
			if ws := foldWords(v); len(ws) == 1 && len(ws[0]) >= 4 {
				fl.defRoleWords[ws[0]] = true
			}
		}
	}
	fl.defRoleTails = lex("diffamatoire", "roles_suite")
	for _, line := range raw("fake_news", "synonymes") {
		key, vals, ok := strings.Cut(line, ":")
		if !ok {
			errs = append(errs, fmt.Errorf("moderation: lexicon fake_news: synonym line %q has no \":\"", line))
			continue
		}
		k := strings.Join(foldWords(key), " ")
		for _, v := range strings.Split(vals, ";") {
			if v = strings.TrimSpace(v); v != "" {
				fl.fnSynonyms[k] = append(fl.fnSynonyms[k], v)
			}
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	m, err := CompileMatcher(expanded, MatchOptions{})
	if err != nil {
		return nil, fmt.Errorf("moderation: charter-fact lexicons: %w", err)
	}
	shared.m = m
	fl.shared = shared
	return fl, nil
})

// foldWords returns the folded words of s.
func foldWords(s string) []string {
	toks := Normalize(s).Tokens
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.Norm
	}
	return out
}
