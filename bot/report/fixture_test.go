package report_test

import (
	"time"

	"github.com/vigie-fr/vigie/bot/report"
	"github.com/vigie-fr/vigie/bot/store"
)

var paris = mustParis()

func mustParis() *time.Location {
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		panic(err)
	}
	return loc
}

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04:05", s, paris)
	if err != nil {
		panic(err)
	}
	return t
}

// Author names that must never reach a report, the CSV or the e-mail.
var authorNames = []string{"Jean Dupont", "Marie Curieuse", "Paul Trolleur", "Zoé Vendeuse", "Luc Partisan", "Anne Voisine", "Hugo Menaçant"}

// fixture is a month of a commune with a Facebook Page and an Instagram
// account, in act mode, during an election period: hides, queues,
// decisions (one a false alarm restored the next month), a failed action
// retried, a threat, political comments, and a comment of the previous
// month decided this month.
type fixtureComment struct {
	id, page, post, from, name string
	created, notified          time.Time
	permalink                  string
}

func fixture() (report.Input, map[string]fixtureComment) {
	const fb, ig = "1000", "17841"
	cs := []fixtureComment{
		{id: "1000_1_1", page: fb, post: "1000_1", from: "u1", name: "Paul Trolleur", created: at("2026-10-02 09:00:00"), notified: at("2026-10-02 09:01:10")},
		{id: "1000_1_2", page: fb, post: "1000_1", from: "u1", name: "Paul Trolleur", created: at("2026-10-03 20:10:00"), notified: at("2026-10-03 20:12:00")},
		{id: "1000_2_3", page: fb, post: "1000_2", from: "u2", name: "Marie Curieuse", created: at("2026-10-05 12:00:00"), notified: at("2026-10-05 12:30:00")},
		{id: "1000_2_4", page: fb, post: "1000_2", from: "u3", name: "Zoé Vendeuse", created: at("2026-10-07 08:00:00")},
		{id: "1000_1_5", page: fb, post: "1000_1", from: "u4", name: "Anne Voisine", created: at("2026-10-08 18:00:00"), notified: at("2026-10-08 18:30:00")},
		{id: "17841_3_6", page: ig, post: "17841_3", from: "u5", name: "Jean Dupont", created: at("2026-10-10 10:00:00"), notified: at("2026-10-10 10:30:00")},
		{id: "1000_2_7", page: fb, post: "1000_2", from: "u2", name: "Marie Curieuse", created: at("2026-10-16 14:00:00"), notified: at("2026-10-16 14:30:00")},
		{id: "1000_4_8", page: fb, post: "1000_4", from: "u6", name: "Luc Partisan", created: at("2026-10-20 19:00:00"), notified: at("2026-10-20 19:30:00")},
		{id: "1000_4_9", page: fb, post: "1000_4", from: "u4", name: "Anne Voisine", created: at("2026-10-20 19:05:00")},
		{id: "1000_4_10", page: fb, post: "1000_4", from: "u5", name: "Jean Dupont", created: at("2026-10-21 07:00:00")},
		{id: "17841_3_11", page: ig, post: "17841_3", from: "u6", name: "Luc Partisan", created: at("2026-10-21 12:00:00")},
		{id: "1000_2_12", page: fb, post: "1000_2", from: "u3", name: "Zoé Vendeuse", created: at("2026-10-12 09:00:00"), notified: at("2026-10-12 11:05:00")},
		{id: "1000_1_13", page: fb, post: "1000_1", from: "u1", name: "Paul Trolleur", created: at("2026-10-30 23:50:00"), notified: at("2026-10-30 23:50:40")},
		{id: "1000_5_14", page: fb, post: "1000_5", from: "u7", name: "Hugo Menaçant", created: at("2026-10-31 22:00:00"), notified: at("2026-10-31 22:01:00")},
	}
	byID := map[string]fixtureComment{}
	comments := map[string]report.Comment{}
	for i := range cs {
		c := &cs[i]
		c.permalink = "https://www.facebook.com/" + c.post + "?comment_id=" + c.id
		byID[c.id] = *c
		comments[c.id] = report.Comment{ID: c.id, Platform: platformOf(c.page), PageID: c.page, PostID: c.post, FromID: c.from, Permalink: c.permalink, CreatedTime: c.created, NotifiedAt: c.notified}
	}
	e := func(id string, ev store.AuditEvent, when time.Time, action string, cats ...string) store.AuditEntry {
		c := byID[id]
		a := store.AuditEntry{At: when, CommentID: id, Event: ev, Mode: "act", Action: action, Categories: cats, CreatedTime: c.created, ReceivedAt: c.created.Add(2 * time.Second), ClassifiedAt: when}
		for _, k := range cats {
			a.Rules = append(a.Rules, k+".rule")
		}
		if ev == store.EventHidden {
			a.ActedAt = when
		}
		a.Judge = "règles 2026.10-1, lexiques 0a1b2c3d, modèle 4e5f6a7b"
		return a
	}
	review := func(id, decision, by string, when time.Time) store.AuditEntry {
		return store.AuditEntry{At: when, CommentID: id, Event: store.EventReviewed, Detail: decision, By: by, Mode: "act"}
	}
	audit := []store.AuditEntry{
		review("1000_9_0", "approve", "claire", at("2026-10-01 08:30:00")), // a comment of September
		e("1000_1_1", store.EventHidden, at("2026-10-02 09:00:40"), "hide", "injurieux"),
		e("1000_1_2", store.EventHidden, at("2026-10-03 20:10:05"), "hide", "haineux"),
		review("1000_1_2", "approve", "claire", at("2026-10-03 23:12:00")),
		e("1000_2_3", store.EventQueued, at("2026-10-05 12:00:03"), "queue", "diffamatoire"),
		review("1000_2_3", "approve", "claire", at("2026-10-06 12:30:00")),
		e("1000_2_4", store.EventHidden, at("2026-10-07 08:00:02"), "hide", "spam"),
		e("1000_1_5", store.EventHidden, at("2026-10-08 18:00:03"), "hide", "injurieux"),
		review("1000_1_5", "reject", "claire", at("2026-10-08 23:30:00")),
		e("17841_3_6", store.EventQueued, at("2026-10-10 10:00:02"), "queue", "fake_news"),
		e("1000_2_12", store.EventActionFailed, at("2026-10-12 09:00:02"), "hide", "spam"),
		e("1000_2_12", store.EventHidden, at("2026-10-12 11:00:00"), "hide", "spam"),
		e("1000_2_7", store.EventQueued, at("2026-10-16 14:00:02"), "queue", "propagande"),
		review("1000_2_7", "reject", "claire", at("2026-10-16 17:00:00")),
		e("1000_4_8", store.EventQueued, at("2026-10-20 19:00:02"), "queue", "propagande"),
		review("1000_4_8", "hide", "marc", at("2026-10-21 08:00:00")),
		e("1000_4_9", store.EventClassified, at("2026-10-20 19:05:01"), "none"),
		e("1000_4_10", store.EventClassified, at("2026-10-21 07:00:01"), "none"),
		e("17841_3_11", store.EventClassified, at("2026-10-21 12:00:01"), "none"),
		e("1000_1_13", store.EventHidden, at("2026-10-30 23:50:30"), "hide", "menace", "injurieux"),
		e("1000_5_14", store.EventHidden, at("2026-10-31 22:00:05"), "hide", "injurieux"),
		// November: the false alarm of the 31st is restored, a new comment
		// is judged (not in October's figures).
		review("1000_5_14", "reject", "claire", at("2026-11-02 09:00:00")),
		{At: at("2026-11-02 10:00:00"), CommentID: "1000_6_15", Event: store.EventHidden, Mode: "act", Action: "hide", Categories: []string{"spam"}},
	}
	in := report.Input{
		Month: "2026-10", Location: paris, GeneratedAt: at("2026-11-01 08:00:00").Add(31 * 24 * time.Hour),
		Commune: "Mairie de Saint-Exemple", Mode: "act",
		Accounts: []report.Account{{Platform: "facebook", ID: fb, Name: "Mairie de Saint-Exemple"}, {Platform: "instagram", ID: ig, Name: "saintexemple"}},
		Audit:    audit, Comments: comments,
		Counters:     map[string]int64{"received": 17, "duplicates": 3, "source:webhook": 12, "source:poll": 5, "judged": 14},
		Pending:      []report.Pending{{ID: "17841_3_6", PageID: ig, Since: at("2026-10-10 10:00:02"), Categories: []string{"fake_news"}}},
		Election:     &report.Period{Start: at("2026-10-15 00:00:00"), End: at("2026-10-25 00:00:00")},
		PseudonymKey: []byte("fixed test key, not a secret...."),
	}
	return in, byID
}

func platformOf(page string) string {
	if page == "17841" {
		return "instagram"
	}
	return "facebook"
}
