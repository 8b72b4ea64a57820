package moderation

import "github.com/vigie-fr/vigie/moderation/french"

// A detector judges one category. Classify reads the comment once into a
// reading, runs the classifier's detectors in order on it, then applies
// the policy (decide, and the trained detector's weighing).
//
// Each detector lives in its own detect_*.go file, with its table tests in
// detect_*_test.go.
type detector interface {
	// Category is the charter category the detector's findings are of.
	Category() Category
	// Detect reads the comment and the commune's compiled charter facts
	// and returns the findings of its category (none, or one).
	Detect(r *reading, fx *factIndex) []Finding
}

// reading is one comment read once, as the detectors share it: the
// document (moderation/french) with the lexicon's marks, and what the
// detectors compute once for several of them.
type reading struct {
	an  *analysis // the document, the lexicon marks and their sentences
	doc *french.Doc
	// The values an and doc point to, kept here to save allocations.
	anv  analysis
	docv french.Doc

	// The rules of hate, threats and insults feed each other: a slur is
	// evidence of hate and of an insult, a threat against a group is
	// evidence of a threat and of hate, and the insult rules skip what
	// hate already holds. Their evidence is gathered once, in that order,
	// into one accumulator per category.
	acc      findings
	gathered bool

	// The charter-fact detectors share one scan of the words as written.
	scan    factScan
	scanned bool
	hitBuf  [16]Hit
	// The spam detector's verdict, which the personal-data detector
	// reads (an e-mail address in an advertisement is not a resident's).
	spam        Finding
	isSpam      bool
	spamDetects bool
}

// newReading reads text once for the detectors.
func (c *Classifier) newReading(text string) *reading {
	r := new(reading)
	r.an, r.doc = &r.anv, &r.docv
	c.readInto(r.an, r.doc, text)
	return r
}

// ruleEvidence gathers the evidence of the hate, threat and insult rules
// once.
func (r *reading) ruleEvidence() *findings {
	if !r.gathered {
		r.gathered = true
		r.an.detectHate(&r.acc)
		r.an.detectThreats(&r.acc)
		r.an.detectInsults(&r.acc)
	}
	return &r.acc
}

// factScan returns the charter-fact scan of the words as written, built
// once. It is nil when the comment is empty or there are no facts.
func (r *reading) factScan(fx *factIndex) *factScan {
	t := r.doc.Written
	if fx == nil || len(t.Original) == 0 {
		return nil
	}
	if !r.scanned {
		r.scanned = true
		r.scan = factScan{t: t, shared: fx.lex.shared, hits: fx.lex.shared.m.Find(t, r.hitBuf[:0])}
		sc := &r.scan
		sc.people = fx.findPeople(sc)
		sc.links = findLinks(t.Original)
		if len(sc.links) > maxLexiconHits {
			sc.links = sc.links[:maxLexiconHits]
		}
	}
	return &r.scan
}

// spamVerdict returns the spam detector's finding, computed once.
func (r *reading) spamVerdict(fx *factIndex) (Finding, bool) {
	if !r.spamDetects {
		r.spamDetects = true
		if sc := r.factScan(fx); sc != nil {
			r.spam, r.isSpam = fx.detectSpam(sc)
		}
	}
	return r.spam, r.isSpam
}

// one returns f as a list when ok.
func one(f Finding, ok bool) []Finding {
	if !ok {
		return nil
	}
	return []Finding{f}
}

// detectors returns the classifier's detectors, in the order their
// findings are gathered.
func (c *Classifier) detectors() []detector {
	return []detector{
		hateDetector{},
		threatDetector{},
		insultDetector{},
		blockedDetector{terms: c.blocked},
		spamDetector{},
		personalDetector{},
		defamationDetector{},
		fakeNewsDetector{},
		propagandaDetector{},
	}
}
