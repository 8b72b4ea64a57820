package graph

import (
	"context"
	"fmt"
	"time"

	fb "github.com/huandu/facebook/v2"
)

// Platforms a call can be about. Instagram professional accounts linked to
// a Page are reached on graph.facebook.com with the Page's token (the
// "Instagram API with Facebook Login"), but their comments have other
// fields: "hidden" set with "hide", "text" instead of "message", replies
// through /{ig-comment-id}/replies.
const (
	Facebook  = "facebook"
	Instagram = "instagram"
)

type platformKey struct{}

// WithPlatform returns a context whose comment calls (Hide, Unhide,
// Delete, Reply, IsHidden, Post) use the platform's fields and edges.
// Calls without one are Facebook calls.
func WithPlatform(ctx context.Context, platform string) context.Context {
	return context.WithValue(ctx, platformKey{}, platform)
}

func isInstagram(ctx context.Context) bool {
	p, _ := ctx.Value(platformKey{}).(string)
	return p == Instagram
}

// platformOf returns the call shapes of the context's platform.
func (c *Client) platformOf(ctx context.Context) platform {
	if isInstagram(ctx) {
		return instagramPlatform()
	}
	return c.platform
}

func instagramPlatform() platform {
	return platform{
		hideParam:     "hide",
		readHidden:    "hidden",
		replyEdge:     "replies",
		postFields:    "id,caption,timestamp,permalink",
		commentFields: igCommentFields,
	}
}

const (
	igReplyFields   = "id,text,timestamp,username,from{id,username},hidden,parent_id"
	igCommentFields = igReplyFields + ",replies{" + igReplyFields + "}"
	igMediaFields   = "id,caption,media_product_type,timestamp,permalink,comments_count"
)

type igFrom struct {
	ID       string `facebook:"id"`
	Username string `facebook:"username"`
}

type igComment struct {
	ID        string  `facebook:"id"`
	Text      string  `facebook:"text"`
	Timestamp string  `facebook:"timestamp"`
	Username  string  `facebook:"username"`
	From      *igFrom `facebook:"from"`
	Hidden    bool    `facebook:"hidden"`
	ParentID  string  `facebook:"parent_id"`
	Replies   *struct {
		Data   []igComment `facebook:"data"`
		Paging *apiPaging  `facebook:"paging"`
	} `facebook:"replies"`
}

type igMedia struct {
	ID            string `facebook:"id"`
	Caption       string `facebook:"caption"`
	Timestamp     string `facebook:"timestamp"`
	Permalink     string `facebook:"permalink"`
	CommentsCount int    `facebook:"comments_count"`
}

func convertIGComment(a igComment, mediaID, parentID string) (Comment, error) {
	t, err := parseTime(a.Timestamp)
	if err != nil {
		return Comment{}, fmt.Errorf("comment %s: %w", a.ID, err)
	}
	cm := Comment{ID: a.ID, PostID: mediaID, ParentID: parentID, Message: a.Text, CreatedTime: t, IsHidden: a.Hidden, FromName: a.Username}
	if a.ParentID != "" {
		cm.ParentID = a.ParentID
	}
	if a.From != nil {
		cm.FromID = a.From.ID
		if a.From.Username != "" {
			cm.FromName = a.From.Username
		}
	}
	return cm, nil
}

// InstagramComments lists an Instagram professional account's media
// published at or after mediaSince with their comments and replies
// created at or after commentsSince. Each media with comments costs one
// call (/{ig-media-id}/comments with replies expanded), plus one per
// further page of comments or of a comment's replies: Instagram has no
// comment ordering to stop on, and a new reply may land under an old
// comment, on its last page of replies. The calls count against the budget
// of the context's account.
func (c *Client) InstagramComments(ctx context.Context, igUserID string, mediaSince, commentsSince time.Time) ([]Post, []Comment, error) {
	ctx = WithPlatform(ctx, Instagram)
	o := op{name: "ig_media", desc: "list media of instagram account " + igUserID}
	if e := checkID(o, igUserID); e != nil {
		return nil, nil, e
	}
	if commentsSince.Before(mediaSince) {
		commentsSince = mediaSince
	}
	var media []igMedia
	err := c.pages(ctx, o,
		func(s *fb.Session) (fb.Result, error) {
			return s.Get("/"+igUserID+"/media", fb.Params{"fields": igMediaFields, "limit": 25})
		},
		func(res fb.Result) (bool, error) {
			var page struct {
				Data []igMedia `facebook:"data"`
			}
			if err := res.Decode(&page); err != nil {
				return false, err
			}
			for _, m := range page.Data {
				t, err := parseTime(m.Timestamp)
				if err != nil {
					return false, fmt.Errorf("media %s: %w", m.ID, err)
				}
				if !mediaSince.IsZero() && t.Before(mediaSince) {
					return false, nil // newest first: the rest is older
				}
				media = append(media, m)
			}
			return true, nil
		})
	if err != nil {
		return nil, nil, err
	}
	var posts []Post
	var comments []Comment
	for _, m := range media {
		t, _ := parseTime(m.Timestamp)
		posts = append(posts, Post{ID: m.ID, Message: m.Caption, PermalinkURL: m.Permalink, CreatedTime: t})
		if m.CommentsCount == 0 {
			continue
		}
		comments, err = c.mediaComments(ctx, m.ID, m.Permalink, commentsSince, comments)
		if err != nil {
			return posts, comments, err
		}
	}
	return posts, comments, nil
}

// mediaComments appends a media's comments and replies created at or
// after since. Instagram gives comments no permalink: each gets its
// media's, where the référent finds it.
func (c *Client) mediaComments(ctx context.Context, mediaID, permalink string, since time.Time, out []Comment) ([]Comment, error) {
	o := op{name: "ig_comments", desc: "list comments of instagram media " + mediaID}
	if e := checkID(o, mediaID); e != nil {
		return out, e
	}
	keep := func(cm Comment) {
		cm.PermalinkURL = permalink
		if since.IsZero() || !cm.CreatedTime.Before(since) {
			out = append(out, cm)
		}
	}
	err := c.pages(ctx, o,
		func(s *fb.Session) (fb.Result, error) {
			return s.Get("/"+mediaID+"/comments", fb.Params{"fields": igCommentFields, "limit": 50})
		},
		func(res fb.Result) (bool, error) {
			var page struct {
				Data []igComment `facebook:"data"`
			}
			if err := res.Decode(&page); err != nil {
				return false, err
			}
			for _, a := range page.Data {
				cm, err := convertIGComment(a, mediaID, mediaID)
				if err != nil {
					return false, err
				}
				keep(cm)
				if a.Replies == nil {
					continue
				}
				for _, r := range a.Replies.Data {
					rc, err := convertIGComment(r, mediaID, a.ID)
					if err != nil {
						return false, err
					}
					keep(rc)
				}
				if a.Replies.Paging != nil && a.Replies.Paging.Next != "" {
					if err := c.restOfReplies(ctx, mediaID, a.ID, a.Replies.Paging.Next, keep); err != nil {
						return false, err
					}
				}
			}
			return true, nil
		})
	return out, err
}

// restOfReplies follows a comment's expanded replies past their first
// page. Instagram lists replies oldest first, so a new reply under an old
// comment is on the last page: every page is read. Each page is a call of
// its own, through the governor: it counts against the account's budget,
// waits out throttling and is retried like any other.
func (c *Client) restOfReplies(ctx context.Context, mediaID, commentID, next string, keep func(Comment)) error {
	o := op{name: "ig_replies", desc: "list replies of instagram comment " + commentID}
	return c.pages(ctx, o,
		func(s *fb.Session) (fb.Result, error) { return c.follow(s, next) },
		func(res fb.Result) (bool, error) {
			var page struct {
				Data []igComment `facebook:"data"`
			}
			if err := res.Decode(&page); err != nil {
				return false, err
			}
			for _, r := range page.Data {
				rc, err := convertIGComment(r, mediaID, commentID)
				if err != nil {
					return false, err
				}
				keep(rc)
			}
			return true, nil
		})
}
