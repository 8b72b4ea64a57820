package notify

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/vigie-fr/vigie/bot/store"
	"github.com/vigie-fr/vigie/moderation"
)

// Link actions.
const (
	ActionApprove = "approve"
	ActionReject  = "reject"
)

// ReviewHint tells how to decide when the e-mails carry no links (the web
// console is off).
const ReviewHint = "Pour décider, un administrateur de Vigie peut lancer « vigie queue list » sur le serveur, puis « vigie queue approve ID » ou « vigie queue reject ID »."

const footer = "Message automatique de Vigie, le modérateur de la Page de la commune. Merci de ne pas y répondre."

// composer turns notices and items into rendered messages.
type composer struct {
	r        *renderer
	pages    map[string]string
	loc      *time.Location
	links    LinkMaker
	linkTTL  time.Duration
	referent string // the référent's name, for the escalation
}

// itemView shows a comment; event says what Vigie did with it.
func (c *composer) itemView(it store.Item, event store.AuditEvent, mode string, now time.Time) ItemView {
	v := ItemView{
		ID: it.CommentID, Platform: platformName(it.Platform), Page: it.PageID, PostID: it.PostID,
		Permalink: it.Permalink, Text: it.Message, Author: it.FromName, Created: frenchTime(it.CreatedTime, c.loc),
		Event: string(event),
	}
	if name := c.pages[it.PageID]; name != "" {
		v.Page = name
	}
	if v.Author == "" {
		v.Author = "(nom non communiqué par Meta)"
	}
	if it.Truncated {
		v.Text += " […]"
	}
	if vd := it.Verdict; vd != nil {
		v.Urgent = vd.Urgent
		v.Correction = vd.Correction
		for _, f := range vd.Findings {
			v.Categories = append(v.Categories, string(f.Category))
			v.Labels = append(v.Labels, f.Category.Label())
			if f.Reason != "" {
				v.Reasons = append(v.Reasons, f.Reason)
			}
			if f.Category == moderation.Menace {
				v.Urgent = true
			}
		}
	}
	if len(v.Labels) == 0 {
		v.Labels = []string{"aucune catégorie"}
	}
	observe := mode == "observe" || event == store.EventWouldHide
	switch event {
	case store.EventHidden:
		v.Outcome = "Vigie a masqué ce commentaire."
		v.Proposed = "le laisser masqué (c'est fait)"
		v.ApproveHint, v.RejectHint = "le laisser masqué", "le rendre de nouveau visible"
	case store.EventWouldHide:
		v.Outcome = "Vigie aurait masqué ce commentaire (mode observation : rien n'a été masqué)."
		v.Proposed = "le masquer"
		v.ApproveHint, v.RejectHint = "Vigie a raison, le masquer", "Vigie se trompe, le laisser visible"
	case store.EventActionFailed:
		v.Outcome = "Vigie n'a pas pu masquer ce commentaire : il reste visible et attend votre décision."
		v.Proposed = "le masquer"
		v.ApproveHint, v.RejectHint = "le masquer", "le laisser visible"
	default:
		v.Outcome = "Ce commentaire attend votre décision ; il reste visible."
		if observe {
			v.Outcome = "Ce commentaire attendrait votre décision (mode observation) ; il reste visible."
		}
		v.Proposed = "le masquer"
		if v.Correction != "" {
			v.Proposed = "répondre avec le démenti officiel de la commune"
		}
		v.ApproveHint, v.RejectHint = "appliquer la proposition", "le laisser visible"
	}
	if c.links != nil {
		v.ApproveURL = c.links.URL(it.CommentID, ActionApprove, c.linkTTL)
		v.RejectURL = c.links.URL(it.CommentID, ActionReject, c.linkTTL)
	}
	return v
}

// eventOfState is what a queued item's state says Vigie did.
func eventOfState(s store.State) store.AuditEvent {
	switch s {
	case store.StateHidden:
		return store.EventHidden
	case store.StateWouldHide:
		return store.EventWouldHide
	case store.StateActionFailed:
		return store.EventActionFailed
	}
	return store.EventQueued
}

func (c *composer) hint() string {
	if c.links != nil {
		return ""
	}
	return ReviewHint
}

func observeIntro(observe bool) []string {
	if !observe {
		return nil
	}
	return []string{"Vigie est en mode observation : il n'a rien masqué sur la Page. Ce message dit ce qu'il aurait fait, pour que vous puissiez juger de ses choix avant de le laisser agir."}
}

// itemMessage is the immediate message about one comment.
func (c *composer) itemMessage(key string, v ItemView, observe bool, to []string, now time.Time) (Message, error) {
	short := map[string]string{
		string(store.EventHidden):       "Vigie a masqué un commentaire",
		string(store.EventWouldHide):    "Vigie aurait masqué un commentaire",
		string(store.EventActionFailed): "Vigie n'a pas pu masquer un commentaire",
	}[v.Event]
	if short == "" {
		short = "un commentaire attend votre décision"
	}
	var subject string
	switch {
	case slices.Contains(v.Categories, string(moderation.Menace)):
		subject = "URGENT – menace : " + short + " sur « " + v.Page + " »"
	case v.Urgent:
		subject = "URGENT – " + v.Labels[0] + " : " + short + " sur « " + v.Page + " »"
	default:
		subject = upperFirst(short) + " (" + v.Labels[0] + ") sur « " + v.Page + " »"
	}
	d := mailData{Heading: upperFirst(short) + ".", Intro: observeIntro(observe), Items: []ItemView{v}, Hint: c.hint(), Footer: footer, Urgent: v.Urgent}
	if v.Urgent {
		d.Heading = "Menace ou appel à la violence sur « " + v.Page + " »"
		if !slices.Contains(v.Categories, string(moderation.Menace)) {
			d.Heading = upperFirst(v.Labels[0]) + " sur « " + v.Page + " »"
		}
		d.Intro = append(d.Intro, "Une menace contre une personne peut être signalée sur internet-signalement.gouv.fr (Pharos) et justifier un dépôt de plainte ; gardez une capture du commentaire.")
	}
	m := Message{Key: key, Kind: KindItem, To: to, Subject: subject, Urgent: v.Urgent, Date: now, Items: []ItemView{v}}
	return m, c.r.render(&m, d)
}

// digestMessage gathers the comments of one period.
func (c *composer) digestMessage(keys []string, views []ItemView, observe bool, to []string, commune string, now time.Time) (Message, error) {
	n := len(views)
	subject := fmt.Sprintf("Vigie – récapitulatif de %s : %s", now.In(c.loc).Format("15:04"), plural(n, "commentaire", "commentaires"))
	if commune != "" {
		subject = fmt.Sprintf("Vigie – %s : récapitulatif de %s, %s", commune, now.In(c.loc).Format("15:04"), plural(n, "commentaire", "commentaires"))
	}
	d := mailData{
		Heading: fmt.Sprintf("%s depuis le dernier récapitulatif", upperFirst(plural(n, "commentaire signalé", "commentaires signalés"))),
		Intro:   observeIntro(observe), Items: views, Hint: c.hint(), Footer: footer,
	}
	switch waiting := countEvent(views, store.EventQueued, store.EventActionFailed); {
	case waiting == n:
		d.Intro = append(d.Intro, upperFirst(pluralWord(n, "il attend", "ils attendent"))+" votre décision.")
	case waiting > 0:
		d.Intro = append(d.Intro, plural(waiting, "commentaire attend", "commentaires attendent")+" votre décision ; les autres sont pour information.")
	}
	m := Message{Key: "digest:" + digestKey(keys), Kind: KindDigest, To: to, Subject: subject, Date: now, Items: views}
	return m, c.r.render(&m, d)
}

// followUpMessage is the reminder to the référent or the escalation to
// the second contact. referent names the référent of the comments'
// commune, commune the commune ("" without communes).
func (c *composer) followUpMessage(kind Kind, keys []string, views []ItemView, after time.Duration, to []string, referent, commune string, now time.Time) (Message, error) {
	n := len(views)
	d := mailData{Items: views, Hint: c.hint(), Footer: footer}
	var subject string
	if kind == KindEscalation {
		subject = fmt.Sprintf("Vigie – %s sans décision depuis plus de %s", plural(n, "commentaire", "commentaires"), frenchDuration(after))
		d.Heading = upperFirst(subject[len("Vigie – "):])
		if commune != "" {
			subject = fmt.Sprintf("Vigie – %s : %s sans décision depuis plus de %s", commune, plural(n, "commentaire", "commentaires"), frenchDuration(after))
		}
		who := "le référent"
		if referent != "" {
			who = "le référent (" + referent + ")"
		}
		d.Intro = []string{
			fmt.Sprintf("Vous recevez ce message comme second contact : %s a été prévenu puis relancé, et %s toujours sans décision. Le directeur de la publication répond des commentaires laissés en ligne une fois qu'il en a connaissance.", who, pluralWord(n, "ce commentaire est", "ces commentaires sont")),
		}
	} else {
		subject = fmt.Sprintf("Rappel – %s %s votre décision depuis plus de %s", plural(n, "commentaire", "commentaires"), pluralWord(n, "attend", "attendent"), frenchDuration(after))
		d.Heading = upperFirst(subject[len("Rappel – "):])
		if commune != "" {
			subject = "Rappel – " + commune + " : " + subject[len("Rappel – "):]
		}
		d.Intro = []string{pluralWord(n, "Vous avez déjà reçu un message sur ce commentaire. Il reste en attente : décidez quand vous le pouvez.",
			"Vous avez déjà reçu un message sur ces commentaires. Ils restent en attente : décidez quand vous le pouvez.")}
	}
	m := Message{Key: string(kind) + ":" + digestKey(keys), Kind: kind, To: to, Subject: subject, Date: now, Items: views}
	return m, c.r.render(&m, d)
}

// alertMessage is one technical alert.
func (c *composer) alertMessage(n store.Notice, to []string, now time.Time) (Message, error) {
	v := alertView(n, c.loc)
	for _, acc := range n.Accounts {
		name := acc
		if p := c.pages[acc]; p != "" {
			name = p + " (" + acc + ")"
		}
		v.Accounts = append(v.Accounts, name)
	}
	d := mailData{Heading: "Vigie a besoin d'une intervention technique", Alert: &v, Footer: footer, Urgent: true}
	m := Message{Key: n.Key, Kind: KindAlert, To: to, Subject: alertSubject(v), Urgent: true, Date: now, Alert: &v}
	return m, c.r.render(&m, d)
}

func countEvent(views []ItemView, events ...store.AuditEvent) int {
	n := 0
	for _, v := range views {
		for _, e := range events {
			if v.Event == string(e) {
				n++
			}
		}
	}
	return n
}

// digestKey identifies a group of notices, whatever their order.
func digestKey(keys []string) string {
	s := slices.Clone(keys)
	slices.Sort(s)
	sum := sha256.Sum256([]byte(strings.Join(s, "\n")))
	return hex.EncodeToString(sum[:12])
}

func platformName(p string) string {
	switch p {
	case "instagram":
		return "Instagram"
	}
	return "Facebook"
}

func frenchTime(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return "date inconnue"
	}
	return t.In(loc).Format("02/01/2006 à 15:04")
}

// frenchDuration says a delay the way people do: « 30 min », « 24 h »,
// « 3 jours ».
func frenchDuration(d time.Duration) string {
	switch {
	case d >= 48*time.Hour && d%(24*time.Hour) == 0:
		return fmt.Sprintf("%d jours", d/(24*time.Hour))
	case d >= time.Hour && d%time.Hour == 0:
		return fmt.Sprintf("%d h", d/time.Hour)
	case d >= time.Hour:
		return fmt.Sprintf("%d h %02d", d/time.Hour, (d%time.Hour)/time.Minute)
	}
	return fmt.Sprintf("%d min", d/time.Minute)
}

func plural(n int, one, many string) string { return fmt.Sprintf("%d %s", n, pluralWord(n, one, many)) }

func pluralWord(n int, one, many string) string {
	if n > 1 {
		return many
	}
	return one
}

func upperFirst(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[size:]
}

func lowerFirst(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[size:]
}

// referentAlertMessage tells a commune's référent that its accounts
// (named in accounts, never another commune's) stopped working and that
// the IT contact (it) was told.
func (c *composer) referentAlertMessage(keys []string, n store.Notice, accounts []string, it string, to []string, now time.Time) (Message, error) {
	v := referentAlertView(n, accounts, it, c.loc)
	d := mailData{Heading: v.Title, Alert: &v, Footer: footer, Urgent: true}
	m := Message{Key: "alert-referent:" + digestKey(keys), Kind: KindReferentAlert, To: to, Subject: "Vigie – " + lowerFirst(v.Title), Urgent: true, Date: now, Alert: &v}
	return m, c.r.render(&m, d)
}
