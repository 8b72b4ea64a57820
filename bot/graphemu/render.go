package graphemu

import (
	"encoding/base64"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// renderCtx carries what rendering needs from the request: where paging
// links point, the version to put in them, and the date format asked for.
type renderCtx struct {
	base       string // scheme://host of the emulator, from the request
	version    string
	token      string // echoed in paging links, as Meta does
	dateFormat string
}

// metaTimeLayout is Meta's default timestamp format.
const metaTimeLayout = "2006-01-02T15:04:05-0700"

func (rc renderCtx) time(t time.Time) any {
	t = t.UTC()
	if rc.dateFormat == "" {
		return t.Format(metaTimeLayout)
	}
	if rc.dateFormat == "U" {
		return t.Unix()
	}
	return phpDate(t, rc.dateFormat)
}

// phpDate formats t with the subset of PHP date() letters Meta clients send
// in date_format (Y-m-d\TH:i:sP and friends).
func phpDate(t time.Time, f string) string {
	var b strings.Builder
	for i := 0; i < len(f); i++ {
		c := f[i]
		switch c {
		case '\\':
			if i+1 < len(f) {
				i++
				b.WriteByte(f[i])
			}
		case 'Y':
			b.WriteString(t.Format("2006"))
		case 'y':
			b.WriteString(t.Format("06"))
		case 'm':
			b.WriteString(t.Format("01"))
		case 'd':
			b.WriteString(t.Format("02"))
		case 'H':
			b.WriteString(t.Format("15"))
		case 'i':
			b.WriteString(t.Format("04"))
		case 's':
			b.WriteString(t.Format("05"))
		case 'P':
			b.WriteString(t.Format("-07:00"))
		case 'O':
			b.WriteString(t.Format("-0700"))
		case 'T':
			b.WriteString(t.Format("MST"))
		case 'U':
			b.WriteString(strconv.FormatInt(t.Unix(), 10))
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func (rc renderCtx) versionOrDefault() string {
	if rc.version == "" {
		return "v25.0"
	}
	return rc.version
}

// nextLink builds an absolute paging link to the emulator itself.
func (rc renderCtx) nextLink(path string, q url.Values) string {
	q = cloneValues(q)
	if rc.token != "" {
		q.Set("access_token", rc.token)
	}
	if rc.dateFormat != "" {
		q.Set("date_format", rc.dateFormat)
	}
	return rc.base + "/" + rc.versionOrDefault() + "/" + path + "?" + q.Encode()
}

func unknownField(name, node string) *APIError {
	return invalidParam("Tried accessing nonexisting field (%s) on node type (%s)", name, node)
}

func (s *Server) renderPage(fields []field) (any, *APIError) {
	if fields == nil {
		fields = []field{{name: "id"}, {name: "name"}}
	}
	out := map[string]any{}
	for _, f := range fields {
		switch f.name {
		case "id":
			out["id"] = s.opts.PageID
		case "name":
			out["name"] = s.opts.PageName
		default:
			return nil, unknownField(f.name, "Page")
		}
	}
	return out, nil
}

func (s *Server) renderPost(p *post, fields []field, rc renderCtx) (map[string]any, *APIError) {
	if fields == nil {
		fields = []field{{name: "created_time"}, {name: "message"}, {name: "id"}}
	}
	out := map[string]any{}
	for _, f := range fields {
		switch f.name {
		case "id":
			out["id"] = p.ID
		case "message":
			if p.Message != "" {
				out["message"] = p.Message
			}
		case "created_time":
			out["created_time"] = rc.time(p.CreatedTime)
		case "updated_time":
			out["updated_time"] = rc.time(p.CreatedTime)
		case "permalink_url":
			out["permalink_url"] = p.PermalinkURL
		case "is_published":
			out["is_published"] = true
		case "is_hidden":
			out["is_hidden"] = false
		case "from":
			v, e := renderFrom(p.FromID, p.FromName, f)
			if e != nil {
				return nil, e
			}
			out["from"] = v
		case "comments":
			v, e := s.commentsEdge(p.ID, edgeQuery{
				filter:  f.mods["filter"],
				order:   f.mods["order"],
				limit:   f.mods["limit"],
				summary: f.mods["summary"],
				after:   f.mods["after"],
			}, f.sub, f.subRaw, rc)
			if e != nil {
				return nil, e
			}
			if v != nil {
				out["comments"] = v
			}
		default:
			return nil, unknownField(f.name, "PagePost")
		}
	}
	return out, nil
}

func renderFrom(id, name string, f field) (any, *APIError) {
	if id == "" {
		return nil, nil
	}
	sub := f.sub
	if sub == nil {
		sub = []field{{name: "id"}, {name: "name"}}
	}
	out := map[string]any{}
	for _, sf := range sub {
		switch sf.name {
		case "id":
			out["id"] = id
		case "name":
			out["name"] = name
		default:
			return nil, unknownField(sf.name, "User")
		}
	}
	return out, nil
}

func (s *Server) renderComment(c *comment, fields []field, rc renderCtx) (map[string]any, *APIError) {
	if fields == nil {
		fields = []field{{name: "created_time"}, {name: "from"}, {name: "message"}, {name: "id"}}
	}
	out := map[string]any{}
	for _, f := range fields {
		switch f.name {
		case "id":
			out["id"] = c.ID
		case "message":
			out["message"] = c.Message
		case "created_time":
			out["created_time"] = rc.time(c.CreatedTime)
		case "from":
			v, e := renderFrom(c.FromID, c.FromName, f)
			if e != nil {
				return nil, e
			}
			if v != nil {
				out["from"] = v
			}
		case "parent":
			if c.ParentID == c.PostID {
				continue // top-level comments have no parent field
			}
			sub := f.sub
			if sub == nil {
				sub = []field{{name: "created_time"}, {name: "from"}, {name: "message"}, {name: "id"}}
			}
			v, e := s.renderComment(s.comments[c.ParentID], sub, rc)
			if e != nil {
				return nil, e
			}
			out["parent"] = v
		case "is_hidden":
			out["is_hidden"] = c.Hidden
		case "can_hide":
			out["can_hide"] = c.FromID != s.opts.PageID
		case "can_remove":
			out["can_remove"] = true
		case "can_comment":
			out["can_comment"] = c.ParentID == c.PostID
		case "comment_count":
			n := 0
			for _, id := range c.Replies {
				if !s.comments[id].Deleted {
					n++
				}
			}
			out["comment_count"] = n
		case "like_count":
			out["like_count"] = 0
		case "permalink_url":
			out["permalink_url"] = c.PermalinkURL
		case "comments":
			v, e := s.commentsEdge(c.ID, edgeQuery{filter: f.mods["filter"], order: f.mods["order"], limit: f.mods["limit"], summary: f.mods["summary"]}, f.sub, f.subRaw, rc)
			if e != nil {
				return nil, e
			}
			if v != nil {
				out["comments"] = v
			}
		default:
			return nil, unknownField(f.name, "Comment")
		}
	}
	return out, nil
}

// edgeQuery holds the parameters of a comments listing, from a query
// string or from field-expansion modifiers.
type edgeQuery struct {
	filter, order, limit, summary, after string
}

func parseLimit(v string, def int) (int, *APIError) {
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, invalidParam("Param limit must be a non-negative integer")
	}
	if n == 0 {
		return def, nil
	}
	return min(n, 100), nil
}

func encodeCursor(k sortKey) string {
	return base64.RawURLEncoding.EncodeToString(fmt.Appendf(nil, "%d:%d", k.t, k.seq))
}

func decodeCursor(c string) (sortKey, bool) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return sortKey{}, false
	}
	t, seq, ok := strings.Cut(string(b), ":")
	if !ok {
		return sortKey{}, false
	}
	tv, err1 := strconv.ParseInt(t, 10, 64)
	sv, err2 := strconv.ParseInt(seq, 10, 64)
	if err1 != nil || err2 != nil {
		return sortKey{}, false
	}
	return sortKey{tv, sv}, true
}

// commentsEdge renders the comments of a post or the replies of a comment.
// It returns nil when there is nothing to say (no comments and no summary),
// as Meta omits an empty expanded edge.
func (s *Server) commentsEdge(objectID string, q edgeQuery, fields []field, fieldsRaw string, rc renderCtx) (map[string]any, *APIError) {
	if q.filter == "" {
		q.filter = "toplevel"
	}
	if q.filter != "toplevel" && q.filter != "stream" {
		return nil, invalidParam("Param filter must be one of {toplevel, stream}")
	}
	if q.order == "" {
		q.order = "chronological"
	}
	if q.order != "chronological" && q.order != "reverse_chronological" {
		return nil, invalidParam("Param order must be one of {chronological, reverse_chronological}")
	}
	limit, e := parseLimit(q.limit, 25)
	if e != nil {
		return nil, e
	}
	_, isPost := s.posts[objectID]
	var all []*comment
	for _, c := range s.sortedCommentsLocked() {
		if c.Deleted {
			continue
		}
		switch {
		case !isPost && c.ParentID == objectID:
		case isPost && c.PostID == objectID && (q.filter == "stream" || c.ParentID == objectID):
		default:
			continue
		}
		all = append(all, c)
	}
	if q.order == "reverse_chronological" {
		for i, j := 0, len(all)-1; i < j; i, j = i+1, j-1 {
			all[i], all[j] = all[j], all[i]
		}
	}
	start := 0
	if q.after != "" {
		k, ok := decodeCursor(q.after)
		if !ok {
			return nil, invalidParam("The after parameter is not a valid cursor")
		}
		start = len(all)
		for i, c := range all {
			ck := c.key()
			if (q.order == "chronological" && lessKey(k, ck)) || (q.order == "reverse_chronological" && lessKey(ck, k)) {
				start = i
				break
			}
		}
	}
	page := all[start:]
	more := len(page) > limit
	if more {
		page = page[:limit]
	}
	summary, _ := strconv.ParseBool(q.summary)
	if len(all) == 0 && !summary && q.after == "" {
		return nil, nil
	}
	data := make([]any, 0, len(page))
	for _, c := range page {
		v, e := s.renderComment(c, fields, rc)
		if e != nil {
			return nil, e
		}
		data = append(data, v)
	}
	out := map[string]any{"data": data}
	if len(page) > 0 {
		paging := map[string]any{"cursors": map[string]any{
			"before": encodeCursor(page[0].key()),
			"after":  encodeCursor(page[len(page)-1].key()),
		}}
		if more {
			nq := url.Values{}
			if fieldsRaw != "" {
				nq.Set("fields", fieldsRaw)
			}
			nq.Set("filter", q.filter)
			nq.Set("order", q.order)
			nq.Set("limit", strconv.Itoa(limit))
			if summary {
				nq.Set("summary", "true")
			}
			nq.Set("after", encodeCursor(page[len(page)-1].key()))
			paging["next"] = rc.nextLink(objectID+"/comments", nq)
		}
		out["paging"] = paging
	}
	if summary {
		out["summary"] = map[string]any{"order": q.order, "total_count": len(all), "can_comment": true}
	}
	return out, nil
}

func (s *Server) listComments(objectID string, params url.Values, rc renderCtx) (any, *APIError) {
	var fields []field
	if raw := params.Get("fields"); raw != "" {
		var err error
		if fields, err = parseFields(raw); err != nil {
			return nil, invalidParam("Syntax error in fields: %v", err)
		}
	}
	out, e := s.commentsEdge(objectID, edgeQuery{
		filter:  params.Get("filter"),
		order:   params.Get("order"),
		limit:   params.Get("limit"),
		summary: params.Get("summary"),
		after:   params.Get("after"),
	}, fields, params.Get("fields"), rc)
	if e != nil {
		return nil, e
	}
	if out == nil {
		out = map[string]any{"data": []any{}}
	}
	return out, nil
}

// parseTimeParam reads since/until: a Unix time or a date string.
func parseTimeParam(v string) (time.Time, bool) {
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		return time.Unix(n, 0), true
	}
	for _, layout := range []string{time.RFC3339, metaTimeLayout, "2006-01-02"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// listPosts serves /{page-id}/published_posts, /posts and /feed, newest
// first.
func (s *Server) listPosts(edge string, params url.Values, rc renderCtx) (any, *APIError) {
	var fields []field
	if raw := params.Get("fields"); raw != "" {
		var err error
		if fields, err = parseFields(raw); err != nil {
			return nil, invalidParam("Syntax error in fields: %v", err)
		}
	}
	limit, e := parseLimit(params.Get("limit"), 25)
	if e != nil {
		return nil, e
	}
	var since, until time.Time
	if v := params.Get("since"); v != "" {
		t, ok := parseTimeParam(v)
		if !ok {
			return nil, invalidParam("Param since must be a valid time")
		}
		since = t
	}
	if v := params.Get("until"); v != "" {
		t, ok := parseTimeParam(v)
		if !ok {
			return nil, invalidParam("Param until must be a valid time")
		}
		until = t
	}
	var after *sortKey
	if v := params.Get("after"); v != "" {
		k, ok := decodeCursor(v)
		if !ok {
			return nil, invalidParam("The after parameter is not a valid cursor")
		}
		after = &k
	}
	sorted := s.sortedPostsLocked()
	var all []*post
	for i := len(sorted) - 1; i >= 0; i-- {
		p := sorted[i]
		if edge != "feed" && p.FromID != s.opts.PageID {
			continue
		}
		if !since.IsZero() && p.CreatedTime.Before(since) {
			continue
		}
		if !until.IsZero() && p.CreatedTime.After(until) {
			continue
		}
		if after != nil && !lessKey(p.key(), *after) {
			continue
		}
		all = append(all, p)
	}
	page := all
	more := len(page) > limit
	if more {
		page = page[:limit]
	}
	data := make([]any, 0, len(page))
	for _, p := range page {
		v, e := s.renderPost(p, fields, rc)
		if e != nil {
			return nil, e
		}
		data = append(data, v)
	}
	out := map[string]any{"data": data}
	if len(page) > 0 {
		paging := map[string]any{"cursors": map[string]any{
			"before": encodeCursor(page[0].key()),
			"after":  encodeCursor(page[len(page)-1].key()),
		}}
		if more {
			nq := url.Values{}
			for _, k := range []string{"fields", "since", "until"} {
				if v := params.Get(k); v != "" {
					nq.Set(k, v)
				}
			}
			nq.Set("limit", strconv.Itoa(limit))
			nq.Set("after", encodeCursor(page[len(page)-1].key()))
			paging["next"] = rc.nextLink(s.opts.PageID+"/"+edge, nq)
		}
		out["paging"] = paging
	}
	return out, nil
}
