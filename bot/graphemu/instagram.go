package graphemu

import (
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// The Instagram professional account linked to the emulated Page, as the
// "Instagram API with Facebook Login" shows it on graph.facebook.com:
// media under the account, comments and replies with a "hidden" field,
// hidden with hide=true, deleted, replied to through /{ig-comment-id}/replies.

// Instagram defaults.
const (
	DefaultInstagramID       = "17841400000000001"
	DefaultInstagramUsername = "mairie.vigiesurloire"
	firstMediaNumber         = 17900000000000001
	firstIGCommentNumber     = 17860000000000001
)

// Media is a stored Instagram media.
type Media struct {
	ID          string
	Caption     string
	ProductType string // FEED, REELS, LIVE…
	Permalink   string
	Timestamp   time.Time
}

// NewMedia describes a media to add.
type NewMedia struct {
	Caption     string
	ProductType string    // default FEED
	Timestamp   time.Time // zero: now
}

// NewIGComment describes an Instagram comment or reply to add.
type NewIGComment struct {
	FromID    string // an IGSID; the account's id makes it the account's own comment
	Username  string
	Text      string
	Timestamp time.Time // zero: now
}

// IGComment is a stored Instagram comment or reply.
type IGComment struct {
	ID        string
	MediaID   string
	ParentID  string // the top-level comment of a reply, empty otherwise
	FromID    string
	Username  string
	Text      string
	Timestamp time.Time
	Hidden    bool
	Deleted   bool
	Replies   []string
}

type igComment struct {
	IGComment
	seq int64
}

// InstagramID returns the emulated Instagram account's id.
func (s *Server) InstagramID() string { return s.opts.InstagramID }

// AddMedia stores a media of the Instagram account.
func (s *Server) AddMedia(m NewMedia) Media {
	s.mu.Lock()
	defer s.mu.Unlock()
	if m.Timestamp.IsZero() {
		m.Timestamp = s.now()
	}
	if m.ProductType == "" {
		m.ProductType = "FEED"
	}
	id := strconv.FormatUint(s.nextMedia, 10)
	s.nextMedia++
	md := &Media{ID: id, Caption: m.Caption, ProductType: m.ProductType, Timestamp: m.Timestamp.UTC().Truncate(time.Second),
		Permalink: "https://www.instagram.com/p/EMU" + id[len(id)-6:] + "/"}
	s.media[id] = md
	return *md
}

// AddIGComment stores a top-level comment on a media.
func (s *Server) AddIGComment(mediaID string, c NewIGComment) (IGComment, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.media[mediaID]; !ok {
		return IGComment{}, fmt.Errorf("graphemu: add instagram comment: no media %q", mediaID)
	}
	return s.addIGCommentLocked(mediaID, nil, c).snapshot(), nil
}

// AddIGReply stores a reply to an Instagram comment (a reply to a reply
// goes under the top-level comment, as on Instagram).
func (s *Server) AddIGReply(parentID string, c NewIGComment) (IGComment, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.igComments[parentID]
	if !ok {
		return IGComment{}, fmt.Errorf("graphemu: add instagram reply: no comment %q", parentID)
	}
	return s.addIGCommentLocked(p.MediaID, p, c).snapshot(), nil
}

func (s *Server) addIGCommentLocked(mediaID string, parent *igComment, c NewIGComment) *igComment {
	if parent != nil && parent.ParentID != "" {
		parent = s.igComments[parent.ParentID]
	}
	if c.Timestamp.IsZero() {
		c.Timestamp = s.now()
	}
	s.seq++
	id := strconv.FormatUint(s.nextIGComment, 10)
	s.nextIGComment++
	st := &igComment{seq: s.seq, IGComment: IGComment{ID: id, MediaID: mediaID, FromID: c.FromID, Username: c.Username,
		Text: c.Text, Timestamp: c.Timestamp.UTC().Truncate(time.Second)}}
	if parent != nil {
		st.ParentID = parent.ID
		parent.Replies = append(parent.Replies, id)
	}
	s.igComments[id] = st
	return st
}

func (c *igComment) snapshot() IGComment {
	out := c.IGComment
	out.Replies = append([]string(nil), c.Replies...)
	return out
}

// IGComment returns a stored Instagram comment (deleted ones included).
func (s *Server) IGComment(id string) (IGComment, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.igComments[id]
	if !ok {
		return IGComment{}, false
	}
	return c.snapshot(), true
}

// IGComments returns every stored comment and reply of a media (deleted
// ones included), oldest first.
func (s *Server) IGComments(mediaID string) []IGComment {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []IGComment
	for _, c := range s.sortedIGCommentsLocked() {
		if c.MediaID == mediaID {
			out = append(out, c.snapshot())
		}
	}
	return out
}

// routeInstagram serves the Instagram nodes and edges; ok is false when
// the path names no Instagram object.
func (s *Server) routeInstagram(method string, segs []string, params url.Values, rc renderCtx) (body any, e *APIError, ok bool) {
	id := segs[0]
	edge := ""
	if len(segs) == 2 {
		edge = segs[1]
	}
	fields, err := parseFields(params.Get("fields"))
	if params.Get("fields") == "" {
		fields, err = nil, nil
	}
	if err != nil {
		return nil, invalidParam("Syntax error in fields: %v", err), true
	}
	switch {
	case s.opts.InstagramID != "" && id == s.opts.InstagramID:
		switch {
		case edge == "" && method == http.MethodGet:
			return map[string]any{"id": id, "username": s.opts.InstagramUsername}, nil, true
		case edge == "media" && method == http.MethodGet:
			b, e := s.listMedia(params, fields, rc)
			return b, e, true
		}
		return nil, invalidParam("Unsupported %s request on the Instagram account", strings.ToLower(method)), true
	case s.media[id] != nil:
		m := s.media[id]
		switch {
		case edge == "" && method == http.MethodGet:
			b, e := s.renderMedia(m, fields)
			return b, e, true
		case edge == "comments" && method == http.MethodGet:
			var top []*igComment
			for _, c := range s.sortedIGCommentsLocked() {
				if c.MediaID == id && c.ParentID == "" && !c.Deleted {
					top = append(top, c)
				}
			}
			b, e := s.igCommentPage(top, id+"/comments", params, fields, rc)
			return b, e, true
		}
		return nil, invalidParam("Unsupported %s request on a media", strings.ToLower(method)), true
	case s.igComments[id] != nil:
		c := s.igComments[id]
		if c.Deleted {
			return nil, notFound(method, id), true
		}
		switch {
		case edge == "" && method == http.MethodGet:
			b, e := s.renderIGComment(c, fields, rc)
			return b, e, true
		case edge == "" && method == http.MethodDelete:
			c.Deleted = true
			for _, r := range c.Replies {
				if rc := s.igComments[r]; rc != nil {
					rc.Deleted = true
				}
			}
			s.recordActionLocked(Action{Kind: "delete", CommentID: id})
			return map[string]any{"success": true}, nil, true
		case edge == "" && method == http.MethodPost:
			v, has := params["hide"]
			if !has {
				return nil, invalidParam("Param hide is required"), true
			}
			hidden, err := strconv.ParseBool(v[0])
			if err != nil {
				return nil, invalidParam("Param hide must be a boolean"), true
			}
			if c.FromID == s.opts.InstagramID {
				return nil, invalidParam("The media owner's own comments cannot be hidden"), true
			}
			c.Hidden = hidden
			kind := "unhide"
			if hidden {
				kind = "hide"
			}
			s.recordActionLocked(Action{Kind: kind, CommentID: id})
			return map[string]any{"success": true}, nil, true
		case edge == "replies" && method == http.MethodGet:
			var rs []*igComment
			for _, r := range c.Replies {
				if rc := s.igComments[r]; rc != nil && !rc.Deleted {
					rs = append(rs, rc)
				}
			}
			b, e := s.igCommentPage(rs, id+"/replies", params, fields, rc)
			return b, e, true
		case edge == "replies" && method == http.MethodPost:
			msg := params.Get("message")
			if strings.TrimSpace(msg) == "" {
				return nil, invalidParam("Missing message"), true
			}
			r := s.addIGCommentLocked(c.MediaID, c, NewIGComment{FromID: s.opts.InstagramID, Username: s.opts.InstagramUsername, Text: msg})
			s.recordActionLocked(Action{Kind: "reply", CommentID: id, Message: msg, ReplyID: r.ID})
			return map[string]any{"id": r.ID}, nil, true
		}
		return nil, invalidParam("Unsupported %s request on an Instagram comment", strings.ToLower(method)), true
	}
	return nil, nil, false
}

func (s *Server) sortedIGCommentsLocked() []*igComment {
	out := make([]*igComment, 0, len(s.igComments))
	for _, c := range s.igComments {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if !a.Timestamp.Equal(b.Timestamp) {
			return a.Timestamp.Before(b.Timestamp)
		}
		return a.seq < b.seq
	})
	return out
}

// offsetPage cuts a listing at the "after" cursor (an offset here) and
// builds the paging object.
func (s *Server) offsetPage(n int, path string, params url.Values, rc renderCtx) (start, end int, paging map[string]any, e *APIError) {
	limit, e := s.parseLimitLocked(params.Get("limit"), 25)
	if e != nil {
		return 0, 0, nil, e
	}
	if a := params.Get("after"); a != "" {
		v, err := strconv.Atoi(a)
		if err != nil || v < 0 {
			return 0, 0, nil, invalidParam("The after parameter is not a valid cursor")
		}
		start = min(v, n)
	}
	end = min(start+limit, n)
	paging = map[string]any{"cursors": map[string]any{"before": strconv.Itoa(start), "after": strconv.Itoa(end)}}
	if end < n {
		q := url.Values{}
		if v := params.Get("fields"); v != "" {
			q.Set("fields", v)
		}
		q.Set("limit", strconv.Itoa(limit))
		q.Set("after", strconv.Itoa(end))
		paging["next"] = rc.nextLink(path, q)
	}
	return start, end, paging, nil
}

// listMedia serves /{ig-user-id}/media, newest first.
func (s *Server) listMedia(params url.Values, fields []field, rc renderCtx) (any, *APIError) {
	all := make([]*Media, 0, len(s.media))
	for _, m := range s.media {
		all = append(all, m)
	}
	sort.Slice(all, func(i, j int) bool {
		if !all[i].Timestamp.Equal(all[j].Timestamp) {
			return all[i].Timestamp.After(all[j].Timestamp)
		}
		return all[i].ID > all[j].ID
	})
	start, end, paging, e := s.offsetPage(len(all), s.opts.InstagramID+"/media", params, rc)
	if e != nil {
		return nil, e
	}
	data := []any{}
	for _, m := range all[start:end] {
		v, e := s.renderMedia(m, fields)
		if e != nil {
			return nil, e
		}
		data = append(data, v)
	}
	return map[string]any{"data": data, "paging": paging}, nil
}

func (s *Server) renderMedia(m *Media, fields []field) (map[string]any, *APIError) {
	if fields == nil {
		fields = []field{{name: "id"}}
	}
	out := map[string]any{}
	for _, f := range fields {
		switch f.name {
		case "id":
			out["id"] = m.ID
		case "caption":
			if m.Caption != "" {
				out["caption"] = m.Caption
			}
		case "media_product_type":
			out["media_product_type"] = m.ProductType
		case "media_type":
			out["media_type"] = "IMAGE"
		case "timestamp":
			out["timestamp"] = m.Timestamp.UTC().Format(metaTimeLayout)
		case "permalink":
			out["permalink"] = m.Permalink
		case "comments_count":
			n := 0
			for _, c := range s.igComments {
				if c.MediaID == m.ID && !c.Deleted {
					n++
				}
			}
			out["comments_count"] = n
		case "username":
			out["username"] = s.opts.InstagramUsername
		default:
			return nil, unknownField(f.name, "IGMedia")
		}
	}
	return out, nil
}

// igCommentPage renders a listing of comments in the given order, oldest
// first as Instagram returns them.
func (s *Server) igCommentPage(list []*igComment, path string, params url.Values, fields []field, rc renderCtx) (any, *APIError) {
	start, end, paging, e := s.offsetPage(len(list), path, params, rc)
	if e != nil {
		return nil, e
	}
	data := []any{}
	for _, c := range list[start:end] {
		v, e := s.renderIGComment(c, fields, rc)
		if e != nil {
			return nil, e
		}
		data = append(data, v)
	}
	return map[string]any{"data": data, "paging": paging}, nil
}

func (s *Server) renderIGComment(c *igComment, fields []field, rc renderCtx) (map[string]any, *APIError) {
	if fields == nil {
		fields = []field{{name: "id"}, {name: "text"}, {name: "timestamp"}}
	}
	out := map[string]any{}
	for _, f := range fields {
		switch f.name {
		case "id":
			out["id"] = c.ID
		case "text":
			out["text"] = c.Text
		case "timestamp":
			out["timestamp"] = c.Timestamp.UTC().Format(metaTimeLayout)
		case "username":
			out["username"] = c.Username
		case "from":
			from := map[string]any{"id": c.FromID, "username": c.Username}
			if f.sub != nil {
				from = map[string]any{}
				for _, sf := range f.sub {
					switch sf.name {
					case "id":
						from["id"] = c.FromID
					case "username":
						from["username"] = c.Username
					default:
						return nil, unknownField(sf.name, "IGCommentFromUser")
					}
				}
			}
			out["from"] = from
		case "hidden":
			out["hidden"] = c.Hidden
		case "like_count":
			out["like_count"] = 0
		case "parent_id":
			if c.ParentID != "" {
				out["parent_id"] = c.ParentID
			}
		case "media":
			out["media"] = map[string]any{"id": c.MediaID, "media_product_type": s.media[c.MediaID].ProductType}
		case "replies":
			if c.ParentID != "" {
				return nil, unknownField(f.name, "IGComment reply")
			}
			// An expanded edge pages like the edge itself: its first
			// page here, paging.next to /{ig-comment-id}/replies.
			var live []*igComment
			for _, id := range c.Replies {
				if r := s.igComments[id]; r != nil && !r.Deleted {
					live = append(live, r)
				}
			}
			if len(live) == 0 {
				continue // Meta leaves out an empty expanded edge
			}
			q := url.Values{}
			if f.subRaw != "" {
				q.Set("fields", f.subRaw)
			}
			for _, k := range []string{"limit", "after"} {
				if v := f.mods[k]; v != "" {
					q.Set(k, v)
				}
			}
			v, e := s.igCommentPage(live, c.ID+"/replies", q, f.sub, rc)
			if e != nil {
				return nil, e
			}
			out["replies"] = v
		default:
			return nil, unknownField(f.name, "IGComment")
		}
	}
	return out, nil
}

// IGFrom is the author of an Instagram comment event.
type IGFrom struct {
	ID       string `json:"id"`
	Username string `json:"username,omitempty"`
}

// IGMediaRef is the media of an Instagram comment event.
type IGMediaRef struct {
	ID               string `json:"id"`
	MediaProductType string `json:"media_product_type,omitempty"`
}

// IGValue is the value of an Instagram "comments" or "live_comments"
// change. Meta's field reference names the comment id "id"; one example
// page calls it "comment_id" (set CommentID instead of ID to send that).
type IGValue struct {
	ID        string      `json:"id,omitempty"`
	CommentID string      `json:"comment_id,omitempty"`
	Text      string      `json:"text"`
	ParentID  string      `json:"parent_id,omitempty"`
	From      *IGFrom     `json:"from,omitempty"`
	Media     *IGMediaRef `json:"media,omitempty"`
}

// IGChange is one change of an Instagram entry.
type IGChange struct {
	Field string  `json:"field"` // "comments" or "live_comments"
	Value IGValue `json:"value"`
}

// IGEntry is one entry of an Instagram delivery: the account id, the Unix
// time and the changes.
type IGEntry struct {
	ID      string     `json:"id"`
	Time    int64      `json:"time"`
	Changes []IGChange `json:"changes"`
}

// InstagramChange builds the change Meta sends for a stored Instagram
// comment; field is "comments" or "live_comments", legacyID puts the id
// in comment_id instead of id.
func (s *Server) InstagramChange(commentID, field string, legacyID bool) (IGChange, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.igComments[commentID]
	if !ok {
		return IGChange{}, fmt.Errorf("graphemu: instagram change: no comment %q", commentID)
	}
	v := IGValue{Text: c.Text, ParentID: c.ParentID, From: &IGFrom{ID: c.FromID, Username: c.Username},
		Media: &IGMediaRef{ID: c.MediaID, MediaProductType: s.media[c.MediaID].ProductType}}
	if legacyID {
		v.CommentID = c.ID
	} else {
		v.ID = c.ID
	}
	return IGChange{Field: field, Value: v}, nil
}

// InstagramWebhook builds a whole delivery (object "instagram") for one
// stored comment.
func (s *Server) InstagramWebhook(commentID, field string, legacyID bool) ([]byte, error) {
	ch, err := s.InstagramChange(commentID, field, legacyID)
	if err != nil {
		return nil, err
	}
	return EncodeInstagramPayload(IGEntry{ID: s.opts.InstagramID, Time: s.now().Unix(), Changes: []IGChange{ch}})
}

// EncodeInstagramPayload serialises an Instagram delivery as Meta does.
func EncodeInstagramPayload(entries ...IGEntry) ([]byte, error) {
	if entries == nil {
		entries = []IGEntry{}
	}
	return encodeMeta(struct {
		Object string    `json:"object"`
		Entry  []IGEntry `json:"entry"`
	}{"instagram", entries})
}
