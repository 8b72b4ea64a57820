package console

import (
	"context"
	"sort"
	"time"
	"unicode/utf8"

	"go.uber.org/zap"

	"github.com/vigie-fr/vigie/bot/graph"
	"github.com/vigie-fr/vigie/bot/review"
	"github.com/vigie-fr/vigie/bot/store"
	"github.com/vigie-fr/vigie/moderation"
)

// segment is a piece of comment text; Hit pieces are evidence.
type segment struct {
	Text string
	Hit  bool
}

type findingView struct {
	Label, Reason, Clause, Law string
	Score                      float64
}

type postView struct {
	ID, Message, Permalink string
}

// itemView is a comment as the pages show it.
type itemView struct {
	ID         string
	Platform   string // Facebook or Instagram, as the référent reads it
	Post       postView
	Segments   []segment
	Author     string
	Created    time.Time
	Received   time.Time
	Acted      time.Time
	Findings   []findingView
	Categories []string
	Proposed   string
	Correction string
	Permalink  string
	State      string
	Hidden     bool // hidden on the Page now
	AutoLabel  string
	Decision   string
	ReviewedBy string
	ReviewedAt time.Time
}

func stateLabel(st store.State) string {
	switch st {
	case store.StateHidden:
		return "masqué"
	case store.StateWouldHide:
		return "aurait été masqué (mode observation)"
	case store.StateQueued:
		return "en attente du référent (visible)"
	case store.StateActionFailed:
		return "échec du masquage (visible)"
	case store.StateDeleted:
		return "supprimé"
	case store.StateVisible:
		return "visible"
	}
	return string(st)
}

// posts caches the posts of one request.
type posts map[string]postView

func (s *Server) post(ctx context.Context, cache posts, id string) postView {
	if p, ok := cache[id]; ok {
		return p
	}
	p := postView{ID: id}
	if cp, ok, err := s.o.Store.PostCache(ctx, id); err == nil && ok {
		p.Message, p.Permalink = cp.Message, cp.PermalinkURL
	} else if s.o.Posts != nil && id != "" {
		cctx, cancel := context.WithTimeout(ctx, 3*time.Second)
		gp, err := s.o.Posts.Post(cctx, id)
		cancel()
		if err != nil {
			s.log.Info("reading a post failed", zap.String("post", id), zap.Error(err))
		} else {
			p.Message, p.Permalink = gp.Message, gp.PermalinkURL
			_ = s.o.Store.SetPostCache(ctx, id, store.CachedPost{Message: gp.Message, PermalinkURL: gp.PermalinkURL, CreatedTime: gp.CreatedTime})
		}
	}
	cache[id] = p
	return p
}

func (s *Server) itemView(ctx context.Context, cache posts, it store.Item) itemView {
	v := itemView{
		ID: it.CommentID, Author: it.FromName, Created: it.CreatedTime, Received: it.FirstReceivedAt, Acted: it.ActedAt,
		Permalink: it.Permalink, State: stateLabel(it.State), Hidden: it.State == store.StateHidden,
		Proposed: review.Proposed(it), Decision: it.Decision, ReviewedBy: it.ReviewedBy, ReviewedAt: it.ReviewedAt,
	}
	if v.Author == "" {
		v.Author = "auteur masqué par Meta"
	}
	v.Platform = "Facebook"
	if it.Platform == store.PlatformInstagram {
		v.Platform = "Instagram"
	}
	if v.Received.IsZero() {
		v.Received = it.ReceivedAt
	}
	switch it.State {
	case store.StateHidden:
		v.AutoLabel = "masqué automatiquement"
	case store.StateWouldHide:
		v.AutoLabel = "aurait été masqué automatiquement (mode observation)"
	}
	if cache != nil {
		v.Post = s.post(graph.WithPlatform(graph.WithAccount(ctx, it.PageID), it.Platform), cache, it.PostID)
	}
	var spans []moderation.Span
	if vd := it.Verdict; vd != nil {
		for _, f := range vd.Findings {
			v.Findings = append(v.Findings, findingView{Label: f.Category.Label(), Reason: f.Reason, Clause: f.Clause, Law: f.Law, Score: f.Score})
			v.Categories = append(v.Categories, f.Category.Label())
			spans = append(spans, f.Evidence...)
		}
		v.Correction = vd.Correction
	}
	v.Segments = highlight(it.Message, spans)
	return v
}

// highlight cuts text into plain and evidence segments. Spans are byte
// ranges from the verdict; they are clamped, merged and moved to rune
// boundaries, so a bad span never splits a character. The template escapes
// every segment.
func highlight(text string, spans []moderation.Span) []segment {
	var ok []moderation.Span
	for _, sp := range spans {
		a, b := max(sp.Start, 0), min(sp.End, len(text))
		for a > 0 && a < len(text) && !utf8.RuneStart(text[a]) {
			a--
		}
		for b < len(text) && b > 0 && !utf8.RuneStart(text[b]) {
			b++
		}
		if a < b {
			ok = append(ok, moderation.Span{Start: a, End: b})
		}
	}
	sort.Slice(ok, func(i, j int) bool { return ok[i].Start < ok[j].Start })
	var out []segment
	pos := 0
	for _, sp := range ok {
		if sp.End <= pos {
			continue
		}
		if sp.Start > pos {
			out = append(out, segment{Text: text[pos:sp.Start]})
		} else {
			sp.Start = pos
		}
		out = append(out, segment{Text: text[sp.Start:sp.End], Hit: true})
		pos = sp.End
	}
	if pos < len(text) {
		out = append(out, segment{Text: text[pos:]})
	}
	return out
}

// pager is the navigation of a paginated list.
type pager struct {
	Base        string
	Page, Pages int
	Total       int64
	Order       string
	Prev, Next  int
}

func newPager(base string, page int, total int64, order string) pager {
	pages := int((total + PageSize - 1) / PageSize)
	if pages == 0 {
		pages = 1
	}
	p := pager{Base: base, Page: page, Pages: pages, Total: total, Order: order}
	if page > 1 {
		p.Prev = page - 1
	}
	if page < pages {
		p.Next = page + 1
	}
	return p
}
