package config

import (
	"fmt"
	"maps"
	"net/mail"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Commune groups the accounts of one commune in a deployment that serves
// several (an intercommunal IT service): its own référent, charter facts
// and policy overrides, on top of the shared defaults (the top-level
// charter, moderation and referent). Without a communes list, the whole
// configuration is one implicit commune.
type Commune struct {
	// ID names the commune in console users' restrictions and in logs:
	// lower-case letters, digits and dashes.
	ID   string `yaml:"id"`
	Name string `yaml:"name"`
	// Pages and Instagram list the ids of the commune's accounts, from
	// the top-level pages and instagram lists.
	Pages     []string `yaml:"pages"`
	Instagram []string `yaml:"instagram"`
	// Referent replaces the default référent for this commune.
	Referent *Referent `yaml:"referent"`
	// Charter adds the commune's facts to the shared ones (people,
	// rumours, domains, terms, contacts); its election_period replaces
	// the shared one.
	Charter *Charter `yaml:"charter"`
	// Moderation overrides the shared policy category by category.
	Moderation *CommuneModeration `yaml:"moderation"`
	// Recipients receive the commune's monthly report; its référent when
	// empty.
	ReportRecipients []string `yaml:"report_recipients"`
	// Notify gives the commune its own second contact and delays.
	Notify *CommuneNotify `yaml:"notify"`
}

// CommuneNotify is a commune's own follow-up settings, on top of notify.
//
// The second contact reads the comments still waiting, text included: a
// shared notify.escalation_email is fine only as the one contact of every
// commune (an intercommunal DGS, say). Once a commune names its own, the
// shared one must go (validateCommunes): a commune without its own then
// has no escalation, and no commune's comments reach another's mayor.
type CommuneNotify struct {
	// EscalationEmail is the commune's second contact (its mayor, its
	// DGS); "" (written explicitly) means no escalation for it.
	EscalationEmail *string `yaml:"escalation_email"`
	// RemindAfter and EscalateAfter replace notify's when set.
	RemindAfter   Duration `yaml:"remind_after"`
	EscalateAfter Duration `yaml:"escalate_after"`
}

// CommuneModeration is a commune's policy overrides.
type CommuneModeration struct {
	Categories map[string]CategoryPolicy `yaml:"categories"`
}

var reCommuneID = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}$`)

// CommuneOf returns the id of the commune an account (Page or Instagram
// id) belongs to, "" when the configuration has no communes list.
func (c *Config) CommuneOf(accountID string) string {
	for _, m := range c.Communes {
		if slices.Contains(m.Pages, accountID) || slices.Contains(m.Instagram, accountID) {
			return m.ID
		}
	}
	return ""
}

// Commune returns the commune with this id.
func (c *Config) Commune(id string) (Commune, bool) {
	for _, m := range c.Communes {
		if m.ID == id {
			return m, true
		}
	}
	return Commune{}, false
}

// CommuneAccounts returns the Page and Instagram ids of a commune; with
// no communes list, every account.
func (c *Config) CommuneAccounts(id string) []string {
	var out []string
	if len(c.Communes) == 0 {
		for _, p := range c.Pages {
			out = append(out, p.ID)
		}
		for _, ig := range c.Instagram {
			out = append(out, ig.ID)
		}
		return out
	}
	if m, ok := c.Commune(id); ok {
		out = append(append(out, m.Pages...), m.Instagram...)
	}
	return out
}

// ForCommune returns the configuration as one commune sees it: its
// référent, the shared charter facts plus its own, the shared policy with
// its overrides, its accounts only. Without communes, or for an unknown
// id, it returns c itself.
func (c *Config) ForCommune(id string) *Config {
	m, ok := c.Commune(id)
	if !ok {
		return c
	}
	out := *c
	out.Communes = nil
	out.Pages = nil
	for _, p := range c.Pages {
		if slices.Contains(m.Pages, p.ID) {
			out.Pages = append(out.Pages, p)
		}
	}
	out.Instagram = nil
	for _, ig := range c.Instagram {
		if slices.Contains(m.Instagram, ig.ID) {
			out.Instagram = append(out.Instagram, ig)
		}
	}
	if m.Referent != nil {
		out.Referent = *m.Referent
	}
	if len(m.ReportRecipients) > 0 {
		out.Report.Recipients = m.ReportRecipients
	} else if m.Referent != nil {
		out.Report.Recipients = nil // the commune's référent, not the shared recipients
	}
	if ch := m.Charter; ch != nil {
		d := c.Charter
		out.Charter = Charter{
			People:            append(slices.Clone(d.People), ch.People...),
			Rumors:            append(slices.Clone(d.Rumors), ch.Rumors...),
			UnreliableDomains: append(slices.Clone(d.UnreliableDomains), ch.UnreliableDomains...),
			BlockedTerms:      append(slices.Clone(d.BlockedTerms), ch.BlockedTerms...),
			AllowedTerms:      append(slices.Clone(d.AllowedTerms), ch.AllowedTerms...),
			PublicContacts:    append(slices.Clone(d.PublicContacts), ch.PublicContacts...),
			ElectionPeriod:    d.ElectionPeriod,
		}
		if ch.ElectionPeriod != nil {
			out.Charter.ElectionPeriod = ch.ElectionPeriod
		}
	}
	if n := m.Notify; n != nil {
		if n.EscalationEmail != nil {
			out.Notify.EscalationEmail = *n.EscalationEmail
		}
		if n.RemindAfter != 0 {
			out.Notify.RemindAfter = n.RemindAfter
		}
		if n.EscalateAfter != 0 {
			out.Notify.EscalateAfter = n.EscalateAfter
		}
	}
	if mo := m.Moderation; mo != nil && len(mo.Categories) > 0 {
		cats := maps.Clone(c.Moderation.Categories)
		if cats == nil {
			cats = map[string]CategoryPolicy{}
		}
		maps.Copy(cats, mo.Categories)
		out.Moderation.Categories = cats
	}
	return &out
}

func (c *Config) validateCommunes(ps *problems) {
	if len(c.Communes) == 0 {
		return
	}
	owner := map[string]string{}
	known := map[string]bool{}
	for _, p := range c.Pages {
		known[p.ID] = true
	}
	for _, ig := range c.Instagram {
		known[ig.ID] = true
	}
	ids := map[string]bool{}
	for i, m := range c.Communes {
		key := fmt.Sprintf("communes[%d]", i)
		switch {
		case !reCommuneID.MatchString(m.ID):
			ps.add(key+".id", "« %s » : lettres minuscules, chiffres et tirets (exemple : saint-exemple)", m.ID)
		case ids[m.ID]:
			ps.add(key+".id", "la commune « %s » est listée deux fois", m.ID)
		}
		ids[m.ID] = true
		if len(m.Pages)+len(m.Instagram) == 0 {
			ps.add(key, "la commune « %s » n'a aucun compte : listez ses Pages (pages) et comptes Instagram (instagram)", m.ID)
		}
		for j, id := range append(slices.Clone(m.Pages), m.Instagram...) {
			k := fmt.Sprintf("%s.pages[%d]", key, j)
			if j >= len(m.Pages) {
				k = fmt.Sprintf("%s.instagram[%d]", key, j-len(m.Pages))
			}
			switch {
			case !known[id]:
				ps.add(k, "« %s » n'est pas listé dans pages ou instagram", id)
			case owner[id] != "":
				ps.add(k, "« %s » appartient déjà à la commune « %s » : un compte n'a qu'une commune", id, owner[id])
			default:
				owner[id] = m.ID
			}
		}
		if r := m.Referent; r != nil && r.Email != "" {
			if _, err := mail.ParseAddress(r.Email); err != nil {
				ps.add(key+".referent.email", "« %s » n'est pas une adresse e-mail", r.Email)
			}
		}
		for j, a := range m.ReportRecipients {
			if _, err := mail.ParseAddress(a); err != nil {
				ps.add(fmt.Sprintf("%s.report_recipients[%d]", key, j), "« %s » n'est pas une adresse e-mail", a)
			}
		}
		// The merged charter and policy are checked as the commune will
		// use them.
		sub := c.ForCommune(m.ID)
		var cps problems
		sub.validateModeration(&cps)
		sub.validateCharter(&cps)
		for _, e := range cps {
			ps.add(key, "%v", e)
		}
		c.validateCommuneNotify(ps, key, m, sub)
	}
	c.validateSharedEscalation(ps)
	for id := range known {
		if owner[id] == "" {
			ps.add("communes", "le compte %s n'appartient à aucune commune : ajoutez-le aux pages ou instagram d'une commune", id)
		}
	}
	for i, u := range c.Console.Users {
		for j, id := range u.Communes {
			if !ids[id] {
				ps.add(fmt.Sprintf("console.users[%d].communes[%d]", i, j), "« %s » n'est pas l'id d'une commune de communes", id)
			}
		}
	}
}

// validateCommuneNotify checks a commune's second contact and delays, as
// merged with the shared ones.
func (c *Config) validateCommuneNotify(ps *problems, key string, m Commune, sub *Config) {
	n := m.Notify
	if n == nil {
		return
	}
	if e := n.EscalationEmail; e != nil && *e != "" {
		if _, err := mail.ParseAddress(*e); err != nil {
			ps.add(key+".notify.escalation_email", "« %s » n'est pas une adresse e-mail", *e)
		} else if c.SMTP.Host == "" {
			ps.add("smtp.host", "un serveur SMTP est nécessaire pour écrire à %s (%s.notify.escalation_email)", *e, key)
		}
	}
	between := func(k string, d Duration, lo, hi time.Duration, los, his string) {
		if d != 0 && (d.D() < lo || d.D() > hi) {
			ps.add(k, "%s : doit être entre %s et %s", d, los, his)
		}
	}
	between(key+".notify.remind_after", n.RemindAfter, time.Hour, 30*24*time.Hour, "1h", "30d")
	between(key+".notify.escalate_after", n.EscalateAfter, time.Hour, 60*24*time.Hour, "1h", "60d")
	if (n.RemindAfter != 0 || n.EscalateAfter != 0) && sub.Notify.EscalateAfter.D() <= sub.Notify.RemindAfter.D() {
		k := key + ".notify.escalate_after"
		if n.EscalateAfter == 0 {
			k = key + ".notify.remind_after"
		}
		ps.add(k, "le second contact (après %s) doit être prévenu après le rappel au référent (après %s)", sub.Notify.EscalateAfter, sub.Notify.RemindAfter)
	}
}

// validateSharedEscalation refuses a shared second contact next to
// communes that name their own: the communes without one would send their
// waiting comments to an address that may belong to another commune.
func (c *Config) validateSharedEscalation(ps *problems) {
	if c.Notify.EscalationEmail == "" {
		return
	}
	var own []string
	for _, m := range c.Communes {
		if m.Notify != nil && m.Notify.EscalationEmail != nil {
			own = append(own, m.ID)
		}
	}
	if len(own) == 0 {
		return
	}
	ps.add("notify.escalation_email", "« %s » servirait de second contact aux communes qui n'en ont pas, alors que %s %s le sien : "+
		"les commentaires en attente d'une commune pourraient arriver chez le maire d'une autre. Retirez cette adresse partagée et donnez à chaque commune "+
		"son second contact (communes[].notify.escalation_email, ou \"\" pour aucun), ou retirez les seconds contacts des communes si cette adresse est bien celle de toutes",
		c.Notify.EscalationEmail, frenchList(own), pluralVerb(len(own), "a", "ont chacune"))
}

func frenchList(ids []string) string {
	q := make([]string, len(ids))
	for i, id := range ids {
		q[i] = "« " + id + " »"
	}
	if len(q) == 1 {
		return "la commune " + q[0]
	}
	return "les communes " + strings.Join(q[:len(q)-1], ", ") + " et " + q[len(q)-1]
}

func pluralVerb(n int, one, many string) string {
	if n > 1 {
		return many
	}
	return one
}
