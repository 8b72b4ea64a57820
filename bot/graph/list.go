package graph

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	fb "github.com/huandu/facebook/v2"
)

// maxPages bounds one listing (100 items a page), in case a server keeps
// returning next links.
const maxPages = 1000

// metaTimeLayout is Meta's default timestamp format ("+0000" offset, which
// time.RFC3339 rejects).
const metaTimeLayout = "2006-01-02T15:04:05-0700"

type apiRef struct {
	ID   string `facebook:"id"`
	Name string `facebook:"name"`
}

type apiComment struct {
	ID           string  `facebook:"id"`
	Message      string  `facebook:"message"`
	CreatedTime  string  `facebook:"created_time"`
	From         *apiRef `facebook:"from"`
	Parent       *apiRef `facebook:"parent"`
	IsHidden     bool    `facebook:"is_hidden"`
	PermalinkURL string  `facebook:"permalink_url"`
}

type apiPaging struct {
	Next string `facebook:"next"`
}

type apiCommentPage struct {
	Data   []apiComment `facebook:"data"`
	Paging *apiPaging   `facebook:"paging"`
}

type apiPost struct {
	ID           string          `facebook:"id"`
	Message      string          `facebook:"message"`
	CreatedTime  string          `facebook:"created_time"`
	PermalinkURL string          `facebook:"permalink_url"`
	Comments     *apiCommentPage `facebook:"comments"`
}

type apiPostPage struct {
	Data []apiPost `facebook:"data"`
}

// parseTime reads Meta's timestamps: the default +0000 form, RFC 3339
// (date_format) or a Unix time.
func parseTime(s string) (time.Time, error) {
	if t, err := time.Parse(metaTimeLayout, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return time.Unix(n, 0).UTC(), nil
	}
	return time.Time{}, fmt.Errorf("unreadable timestamp %q", s)
}

// decodeError reports an answer the client could not read.
func decodeError(o op, err error) *Error {
	return &Error{Op: o.desc, Class: ClassUnknown, Message: "unexpected answer: " + err.Error(), Err: err}
}

// pages walks a listing: the first call, then each paging.next link, until
// visit says stop or no link remains.
func (c *Client) pages(ctx context.Context, o op, first func(s *fb.Session) (fb.Result, error), visit func(res fb.Result) (more bool, err error)) error {
	res, err := c.call(ctx, o, first)
	for n := 1; ; n++ {
		if err != nil {
			return err
		}
		more, verr := visit(res)
		if verr != nil {
			var ge *Error
			if errors.As(verr, &ge) {
				return verr
			}
			return decodeError(o, verr)
		}
		next, _ := res.Get("paging.next").(string)
		if !more || next == "" {
			return nil
		}
		if n >= maxPages {
			return &Error{Op: o.desc, Class: ClassUnknown, Message: fmt.Sprintf("more than %d pages, listing cut short", maxPages)}
		}
		res, err = c.call(ctx, o, func(s *fb.Session) (fb.Result, error) { return c.follow(s, next) })
	}
}

// follow GETs an absolute paging link as Meta returned it. It refuses
// links to another host (the token would leak there) and adds the token
// and appsecret_proof when the link lacks them.
func (c *Client) follow(s *fb.Session, link string) (fb.Result, error) {
	u, err := url.Parse(link)
	if err != nil || u.Scheme != c.base.Scheme || u.Host != c.base.Host {
		return nil, errForeignLink
	}
	q := u.Query()
	if q.Get("access_token") == "" {
		q.Set("access_token", s.AccessToken())
	}
	if proof := s.AppsecretProof(); proof != "" {
		q.Set("appsecret_proof", proof)
	}
	u.RawQuery = q.Encode()
	req, err := http.NewRequest(http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, errForeignLink
	}
	return s.Request(req)
}

func commentsParams(p platform, limit int) fb.Params {
	return fb.Params{
		"filter": "stream",
		"order":  "reverse_chronological",
		"fields": p.commentFields,
		"limit":  limit,
	}
}

// convertComments appends the comments of one page newer than since (all
// when since is zero) and reports whether older ones may follow.
func convertComments(out []Comment, data []apiComment, postID string, since time.Time) ([]Comment, bool, error) {
	for _, a := range data {
		t, err := parseTime(a.CreatedTime)
		if err != nil {
			return out, false, fmt.Errorf("comment %s: %w", a.ID, err)
		}
		if !since.IsZero() && t.Before(since) {
			return out, false, nil // reverse chronological: the rest is older
		}
		cm := Comment{
			ID:           a.ID,
			PostID:       postID,
			ParentID:     postID,
			Message:      a.Message,
			PermalinkURL: a.PermalinkURL,
			CreatedTime:  t,
			IsHidden:     a.IsHidden,
		}
		if a.From != nil {
			cm.FromID, cm.FromName = a.From.ID, a.From.Name
		}
		if a.Parent != nil && a.Parent.ID != "" {
			cm.ParentID = a.Parent.ID
		}
		out = append(out, cm)
	}
	return out, true, nil
}

// Comments lists the comments of a post, replies included, newest first,
// down to since (inclusive; all when zero). objectID is the post id: it
// becomes each comment's PostID.
func (c *Client) Comments(ctx context.Context, objectID string, since time.Time) ([]Comment, error) {
	o := op{name: "comments", desc: "list comments of " + objectID}
	if e := checkID(o, objectID); e != nil {
		return nil, e
	}
	var out []Comment
	err := c.pages(ctx, o,
		func(s *fb.Session) (fb.Result, error) {
			return s.Get("/"+objectID+"/comments", commentsParams(c.platform, 100))
		},
		func(res fb.Result) (bool, error) {
			var page apiCommentPage
			if err := res.Decode(&page); err != nil {
				return false, err
			}
			var more bool
			var err error
			out, more, err = convertComments(out, page.Data, objectID, since)
			return more, err
		})
	return out, err
}

// PagePosts lists the Page's own posts created at or after since (all when
// zero), newest first.
func (c *Client) PagePosts(ctx context.Context, pageID string, since time.Time) ([]Post, error) {
	o := op{name: "posts", desc: "list posts of page " + pageID}
	var out []Post
	err := c.listPosts(ctx, o, pageID, c.platform.postFields, 100, since, func(_ apiPost, p Post) error {
		out = append(out, p)
		return nil
	})
	return out, err
}

// listPosts pages through the Page's published posts created at or after
// since, newest first, calling each for every one.
func (c *Client) listPosts(ctx context.Context, o op, pageID, fields string, limit int, since time.Time, each func(apiPost, Post) error) error {
	if e := checkID(o, pageID); e != nil {
		return e
	}
	return c.pages(ctx, o,
		func(s *fb.Session) (fb.Result, error) {
			// Fresh parameters on every attempt: huandu/facebook writes
			// the token and format into the map it is given.
			params := fb.Params{"fields": fields, "limit": limit}
			if !since.IsZero() {
				params["since"] = since.Unix()
			}
			return s.Get("/"+pageID+"/published_posts", params)
		},
		func(res fb.Result) (bool, error) {
			var page apiPostPage
			if err := res.Decode(&page); err != nil {
				return false, err
			}
			for _, a := range page.Data {
				p, err := convertPost(a)
				if err != nil {
					return false, err
				}
				if !since.IsZero() && p.CreatedTime.Before(since) {
					return false, nil
				}
				if err := each(a, p); err != nil {
					return false, err
				}
			}
			return true, nil
		})
}

func convertPost(a apiPost) (Post, error) {
	t, err := parseTime(a.CreatedTime)
	if err != nil {
		return Post{}, fmt.Errorf("post %s: %w", a.ID, err)
	}
	return Post{ID: a.ID, Message: a.Message, PermalinkURL: a.PermalinkURL, CreatedTime: t}, nil
}

// PostsWithComments lists the Page's posts created at or after since and
// all their comments (replies included) in one call with field expansion,
// following each post's own comment paging for the rest. Comments cannot
// be older than their post, so since bounds both.
func (c *Client) PostsWithComments(ctx context.Context, pageID string, since time.Time) ([]Post, []Comment, error) {
	return c.RecentComments(ctx, pageID, since, since)
}

// RecentComments lists the Page's posts created at or after postsSince
// with their comments created at or after commentsSince (replies
// included), using field expansion: each post's first 100 comments, newest
// first, come with the post, and a post's own comment paging is followed
// only while its comments are not older than commentsSince. With
// commentsSince at the poll cursor, an idle poll costs one call per page
// of 25 posts, however many older comments the posts hold.
func (c *Client) RecentComments(ctx context.Context, pageID string, postsSince, commentsSince time.Time) ([]Post, []Comment, error) {
	o := op{name: "posts_with_comments", desc: "list posts and comments of page " + pageID}
	if commentsSince.Before(postsSince) {
		commentsSince = postsSince // comments cannot be older than their post
	}
	fields := c.platform.postFields + ",comments.filter(stream).order(reverse_chronological).limit(100).summary(true){" + c.platform.commentFields + "}"
	var posts []Post
	var comments []Comment
	err := c.listPosts(ctx, o, pageID, fields, 25, postsSince, func(a apiPost, p Post) error {
		posts = append(posts, p)
		if a.Comments == nil {
			return nil
		}
		var more bool
		var err error
		comments, more, err = convertComments(comments, a.Comments.Data, p.ID, commentsSince)
		if err != nil {
			return err
		}
		if more && a.Comments.Paging != nil && a.Comments.Paging.Next != "" {
			comments, err = c.restOfComments(ctx, p.ID, a.Comments.Paging.Next, commentsSince, comments)
		}
		return err
	})
	return posts, comments, err
}

// restOfComments follows a post's expanded comments past the first page.
func (c *Client) restOfComments(ctx context.Context, postID, next string, since time.Time, out []Comment) ([]Comment, error) {
	o := op{name: "comments", desc: "list comments of " + postID}
	err := c.pages(ctx, o,
		func(s *fb.Session) (fb.Result, error) { return c.follow(s, next) },
		func(res fb.Result) (bool, error) {
			var page apiCommentPage
			if err := res.Decode(&page); err != nil {
				return false, err
			}
			var more bool
			var err error
			out, more, err = convertComments(out, page.Data, postID, since)
			return more, err
		})
	return out, err
}
