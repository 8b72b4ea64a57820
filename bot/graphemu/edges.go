package graphemu

import (
	"encoding/base64"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// edgeQuery holds the parameters of a comments listing, from a query
// string or from field-expansion modifiers.
type edgeQuery struct {
	filter, order, limit, summary, after string
}

// parseLimitLocked reads a limit (def when absent or 0, at most 100),
// capped by the emulator's page size.
func (s *Server) parseLimitLocked(v string, def int) (int, *APIError) {
	n := def
	if v != "" {
		var err error
		n, err = strconv.Atoi(v)
		if err != nil || n < 0 {
			return 0, invalidParam("Param limit must be a non-negative integer")
		}
		if n == 0 {
			n = def
		}
	}
	n = min(n, 100)
	if s.maxPage > 0 {
		n = min(n, s.maxPage)
	}
	return n, nil
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
	limit, e := s.parseLimitLocked(q.limit, 25)
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
	limit, e := s.parseLimitLocked(params.Get("limit"), 25)
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
