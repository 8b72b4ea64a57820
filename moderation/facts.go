package moderation

// Person is someone a comment can defame: an élu, an agent, a resident the
// commune lists in its charter facts.
type Person struct {
	Name    string   // "Marie Dupont"
	Role    string   // "maire", "premier adjoint", "DGS"
	Aliases []string // "la maire", "Mme Dupont"
}

// Rumor is a claim the commune has officially denied, with its correction.
type Rumor struct {
	ID    string
	Claim string
	// Keywords are words whose presence, together, marks a paraphrase of
	// the claim (e.g. "eau", "contaminée"). When empty, they are taken from
	// the claim.
	Keywords   []string
	Correction string
}

// Facts are the commune-specific parts of the charter.
type Facts struct {
	People            []Person
	Rumors            []Rumor
	UnreliableDomains []string
	// BlockedTerms is the commune's own keyword list (as on Facebook).
	BlockedTerms []string
	// AllowedTerms are words never to treat as offensive (place names,
	// family names).
	AllowedTerms []string
	// PublicContacts are the phone numbers, e-mail and postal addresses
	// the commune publishes itself (the mairie, the school, the
	// médiathèque): quoting them is never personal data.
	PublicContacts []string
}

// CategoryPolicy is what a commune decides for one category: the action to
// take and the minimum score that triggers it.
type CategoryPolicy struct {
	Action    Action
	Threshold float64
	// ModelHideThreshold lets the trained detector alone take Action
	// (hide) when its score reaches it; 0, the default, means a finding
	// of the model alone is only queued for the référent.
	ModelHideThreshold float64
}

// Policy maps each category to its action and threshold.
type Policy map[Category]CategoryPolicy

// DefaultPolicy is the policy of the project's design document (the charter's default actions).
func DefaultPolicy() Policy {
	return Policy{
		Haineux:             {Action: ActionHide, Threshold: 0.5},
		Menace:              {Action: ActionHide, Threshold: 0.5},
		Injurieux:           {Action: ActionHide, Threshold: 0.5},
		Diffamatoire:        {Action: ActionQueue, Threshold: 0.5},
		FakeNews:            {Action: ActionQueue, Threshold: 0.5},
		DonneesPersonnelles: {Action: ActionHide, Threshold: 0.5},
		Spam:                {Action: ActionHide, Threshold: 0.5},
		Propagande:          {Action: ActionQueue, Threshold: 0.5},
	}
}

// Context is what the caller knows about the moment of judgement; the
// package reads no clock, so the daemon passes it in.
type Context struct {
	// ElectionPeriod is set during an election period: propaganda is then
	// never hidden automatically, only queued.
	ElectionPeriod bool
}
