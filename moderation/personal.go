package moderation

import (
	"sort"
	"strings"
)

// personalHit is one piece of personal data found, before it becomes a
// finding.
type personalHit struct {
	rule   string
	score  float64
	sev    Severity
	span   Span
	reason string
	law    string
}

// Legal references, by kind of data.
const (
	lawLocate  = "code pénal, art. 223-1-1 (diffusion d'informations permettant d'identifier ou de localiser une personne) ; RGPD, art. 6"
	lawNIR     = "RGPD, art. 87 (numéro d'identification national) ; code pénal, art. 226-22"
	lawBank    = "RGPD, art. 6 ; code pénal, art. 226-22 (divulgation de données personnelles)"
	lawHealth  = "RGPD, art. 9 (données de santé) ; code civil, art. 9 (respect de la vie privée)"
	lawPrivacy = "code civil, art. 9 (respect de la vie privée)"
)

// webmailDomains are the providers of private mailboxes; an address there
// belongs to a person, not to a service.
var webmailDomains = []string{
	"gmail.com", "hotmail.com", "hotmail.fr", "yahoo.com", "yahoo.fr", "outlook.com", "outlook.fr",
	"live.com", "live.fr", "orange.fr", "wanadoo.fr", "free.fr", "sfr.fr", "laposte.net", "icloud.com",
	"aol.com", "neuf.fr", "bbox.fr", "protonmail.com", "proton.me", "gmx.fr", "gmx.com", "msn.com",
}

// detectPersonal finds someone else's personal data: phone numbers,
// e-mail and postal addresses shown to expose a person, IBANs and NIRs
// with valid checksums, and health or family details about a named
// person. The author's own details, the contact details of a service or a
// business, and kind words (get well soon, congratulations) are not
// reported. When the comment is spam, its phone numbers and addresses are
// the spammer's, and only spam is reported.
func (fx *factIndex) detectPersonal(sc *factScan, spam bool) (Finding, bool) {
	t := sc.t
	var hits []personalHit

	// A few identifiers are enough to decide; a comment that repeats a
	// number thousands of times is not read thousands of times.
	budget := maxLexiconHits
	scanNumbers(t.Original, func(r *numRun) {
		if budget <= 0 {
			return
		}
		budget--
		if id, ok := nirOf(r); ok {
			score := 0.9
			if fx.ownedBefore(sc, id.Span) {
				score = 0.6
			}
			hits = append(hits, personalHit{"donnees_personnelles.nir", score, SeverityCritical, id.Span,
				"Numéro de sécurité sociale (NIR, clé vérifiée).", lawNIR})
			return
		}
		if spam {
			return
		}
		if id, ok := phoneOf(r); ok && !id.Service {
			if s, ok := fx.exposedContact(sc, id.Span); ok {
				if !id.Mobile {
					// A landline is more often a household's or a shop's
					// than one person's.
					s -= 0.1
				}
				hits = append(hits, personalHit{"donnees_personnelles.phone", s, SeverityHigh, id.Span,
					"Numéro de téléphone d'un tiers, publié pour qu'on le contacte ou le harcèle.", lawLocate})
			}
		}
	})
	scanIBANs(t.Original, func(sp Span, valid bool) {
		if budget <= 0 {
			return
		}
		budget--
		// A fundraiser's IBAN is posted to be used.
		at := fx.tokenAt(t, sp.Start)
		if fx.ownedBefore(sc, sp) || fx.lex.dpFundraising.inRange(sc, fx.tokensBefore(t, sp, 30), min(at+8, len(t.Tokens))) {
			return
		}
		if valid {
			hits = append(hits, personalHit{"donnees_personnelles.iban", 0.85, SeverityHigh, sp,
				"Coordonnées bancaires (IBAN, clé vérifiée) d'un tiers.", lawBank})
			return
		}
		// A wrong key: bank details only when the words say so ("le RIB
		// de…", "au nom de X").
		if fx.bankDetailsOf(sc, sp, at) {
			hits = append(hits, personalHit{"donnees_personnelles.iban", 0.7, SeverityHigh, sp,
				"Coordonnées bancaires (IBAN) d'un tiers, présentées comme telles.", lawBank})
		}
	})
	if !spam {
		hidden := strings.Contains(t.Original, "@]") || strings.Contains(t.Original, "@)")
		for _, tok := range t.Tokens {
			if tok.Norm == "at" || tok.Norm == "arobase" {
				hidden = true
				break
			}
		}
		findEmails(t.Original, hidden, func(sp Span, local, domain string) {
			if budget <= 0 || !isWebmail(domain) || isServiceMailbox(local) {
				return
			}
			budget--
			if s, ok := fx.exposedContact(sc, sp); ok {
				hits = append(hits, personalHit{"donnees_personnelles.email", s, SeverityHigh, sp,
					"Adresse électronique personnelle d'un tiers.", lawLocate})
			}
		})
		findPlates(t.Original, func(sp Span) {
			if budget <= 0 {
				return
			}
			budget--
			hits = append(hits, personalHit{"donnees_personnelles.plate", 0.7, SeverityMedium, sp,
				"Plaque d'immatriculation, qui permet d'identifier le propriétaire du véhicule.", lawLocate})
		})
		hits = fx.postalAddresses(sc, hits)
	}
	hits = fx.privateDetails(sc, hits)
	hits = fx.dropPublic(t, hits)

	if len(hits) == 0 {
		return Finding{}, false
	}
	f := Finding{Category: DonneesPersonnelles, Clause: "Atteinte aux droits d'autrui : vie privée et données personnelles"}
	var reasons, laws []string
	f.Severity = SeverityLow
	for _, h := range hits {
		f.Score = max(f.Score, h.score)
		if severityRank(h.sev) > severityRank(f.Severity) {
			f.Severity = h.sev
		}
		f.Rules = appendRule(f.Rules, h.rule)
		f.Evidence = append(f.Evidence, h.span)
		if !containsRule(reasons, h.reason) {
			reasons = append(reasons, h.reason)
		}
		if !containsRule(laws, h.law) {
			laws = append(laws, h.law)
		}
	}
	f.Reason = strings.Join(reasons, " ")
	f.Law = strings.Join(laws, " ; ")
	return f, true
}

func isWebmail(domain string) bool {
	for _, d := range webmailDomains {
		if domain == d {
			return true
		}
	}
	return false
}

func isServiceMailbox(local string) bool {
	// The whole local part, or its part before the first ".", "-" or
	// "_" ("contact.ecole", "mairie-info").
	l := strings.ToLower(local)
	if i := strings.IndexAny(l, ".-_"); i >= 0 {
		l = l[:i]
	}
	return wlServiceMailboxes.Has(l)
}

// tokenAt returns the index of the first token that starts at or after
// byte offset off.
func (fx *factIndex) tokenAt(t *Text, off int) int {
	return sort.Search(len(t.Tokens), func(i int) bool { return t.Tokens[i].Start >= off })
}

// tokensBefore returns the index of the token n words before the span, but
// not before the start of its sentence.
func (fx *factIndex) tokensBefore(t *Text, sp Span, n int) int {
	i := fx.tokenAt(t, sp.Start)
	if i >= len(t.Tokens) {
		i = len(t.Tokens) - 1
	}
	first := max(i-n, 0)
	if i >= 0 && i < len(t.Tokens) {
		s0, _ := sentenceBounds(t, t.Tokens[i].Sent)
		// A sentence cut by an abbreviation ("M. Fabre") or an address
		// with dots is short: look one sentence further back.
		if s0 > first && t.Tokens[i].Sent > 0 {
			p0, _ := sentenceBounds(t, t.Tokens[i].Sent-1)
			s0 = max(p0, first)
		}
		first = max(first, s0)
	}
	return first
}

// ownedBefore reports the author's own data ("mon numéro", "contactez-moi")
// in the words just before the span.
func (fx *factIndex) ownedBefore(sc *factScan, sp Span) bool {
	t := sc.t
	return fx.lex.dpSelf.inRange(sc, fx.tokensBefore(t, sp, 8), fx.tokenAt(t, sp.Start))
}

// exposedContact decides whether a phone number or an e-mail address is a
// third party's, published to expose them. Services, businesses and the
// author's own details are not; a third party is recognised by words such
// as "son numéro", "c'est le proprio", "appelez-le", "harcelez-le".
func (fx *factIndex) exposedContact(sc *factScan, sp Span) (float64, bool) {
	t := sc.t
	lx := fx.lex
	at := fx.tokenAt(t, sp.Start)
	end := at
	for end < len(t.Tokens) && t.Tokens[end].Start < sp.End {
		end++
	}
	// The whole sentence before the datum, and four words after it.
	sent := 0
	if at < len(t.Tokens) {
		sent = t.Tokens[at].Sent
	} else if len(t.Tokens) > 0 {
		sent = t.Tokens[len(t.Tokens)-1].Sent
	}
	s0, s1 := sentenceBounds(t, sent)
	before := fx.tokensBefore(t, sp, 30)
	if lx.dpSelf.inRange(sc, fx.tokensBefore(t, sp, 8), at) {
		return 0, false
	}
	// A lost pet's owner gives a number to be called.
	if lx.dpLost.inRange(sc, min(before, s0), s1) {
		return 0, false
	}
	// Third-party marks anywhere in the datum's sentence or the one
	// before it ("Son 07…, c'est la fille qui…"), unless a service is named
	// closer to the datum ("la mairie a donné son numéro d'astreinte").
	third := -1
	var buf [8]Hit
	for _, h := range lx.dpThird.find(sc, buf[:0]) {
		if h.First < min(before, s0) || h.Last > max(s1, min(end+12, len(t.Tokens))) || !pronounObject(t, h, at) {
			continue
		}
		if d := tokenDistance(h, at, end); third < 0 || d < third {
			third = d
		}
	}
	// A person named right next to the datum: "Le 06… c'est Delmas",
	// "M. Dumas, 07…".
	for _, r := range sc.people {
		if third >= 0 || r.Kind == refFirstName || r.Kind == refTrade {
			continue
		}
		if t.Tokens[r.First].Sent != sent && t.Tokens[r.Last-1].Sent != sent {
			continue
		}
		d := -1
		switch {
		case r.Last <= at && at-r.Last <= 3:
			d = at - r.Last
		case r.First >= end && r.First-end <= 3:
			d = r.First - end
		}
		if d >= 0 {
			third = d
			// Only a name: a service anywhere in the sentence ("Pour la
			// cantine, appelez Mme Dupont au 05…") makes it a contact.
			if lx.dpService.inRange(sc, min(before, s0), min(end+4, len(t.Tokens))) {
				return 0, false
			}
		}
	}
	if third < 0 {
		return 0, false
	}
	for _, h := range lx.dpService.find(sc, buf[:0]) {
		inBefore := h.First >= before && h.Last <= at
		inAfter := h.First >= end && h.Last <= min(end+4, len(t.Tokens))
		if (inBefore || inAfter) && tokenDistance(h, at, end) <= third {
			return 0, false
		}
	}
	return 0.85, true
}

// tokenDistance is how many words separate hit h from the datum [at, end).
func tokenDistance(h Hit, at, end int) int {
	switch {
	case h.Last <= at:
		return at - h.Last
	case h.First >= end:
		return h.First - end
	}
	return 0
}

// pronounObject rejects a marker ending in "le", "la" or "les" that is
// really the article of what follows: "appelez le 09…" and "c'est le
// 05…" give a number; "appelez-le", "appelez le tous" and "c'est le
// proprio" point at a person.
func pronounObject(t *Text, h Hit, at int) bool {
	last := h.Last - 1
	if !t.Is(last, "le", "la", "les") || h.Last-h.First < 2 {
		return true
	}
	if h.Last == at {
		return false
	}
	if !strings.HasPrefix(t.Tokens[h.First].Norm, "appel") || t.Tokens[last-1].Next == '-' {
		return true
	}
	switch t.Tokens[last].Next {
	case ',', '.', '!', '?', ';', 0:
		return true
	}
	return isIn(t, h.Last, wlPhoneCallFollowers)
}

func severityRank(s Severity) int {
	switch s {
	case SeverityMedium:
		return 1
	case SeverityHigh:
		return 2
	case SeverityCritical:
		return 3
	}
	return 0
}
