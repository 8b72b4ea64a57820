package graph

import (
	"context"

	fb "github.com/huandu/facebook/v2"
)

// Post reads one post (its text, permalink and time): the review console
// shows the post a queued comment answers.
func (c *Client) Post(ctx context.Context, postID string) (Post, error) {
	o := op{name: "post", desc: "read post " + postID}
	if e := checkID(o, postID); e != nil {
		return Post{}, e
	}
	res, err := c.call(ctx, o, func(s *fb.Session) (fb.Result, error) {
		return s.Get("/"+postID, fb.Params{"fields": c.platformOf(ctx).postFields})
	})
	if err != nil {
		return Post{}, err
	}
	if isInstagram(ctx) {
		var m igMedia
		if err := res.Decode(&m); err != nil {
			return Post{}, decodeError(o, err)
		}
		t, err := parseTime(m.Timestamp)
		if err != nil {
			return Post{}, decodeError(o, err)
		}
		return Post{ID: m.ID, Message: m.Caption, PermalinkURL: m.Permalink, CreatedTime: t}, nil
	}
	var a apiPost
	if err := res.Decode(&a); err != nil {
		return Post{}, decodeError(o, err)
	}
	p, err := convertPost(a)
	if err != nil {
		return Post{}, decodeError(o, err)
	}
	return p, nil
}
