package graphemu

import (
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
		case "instagram_business_account":
			if s.opts.InstagramID != "" { // Meta leaves the field out when no account is linked
				out["instagram_business_account"] = map[string]any{"id": s.opts.InstagramID}
			}
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
