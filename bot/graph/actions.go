package graph

import (
	"context"
	"strings"

	fb "github.com/huandu/facebook/v2"
	"go.uber.org/zap"
)

// Hide hides a comment (its author and their friends still see it). A
// comment that no longer exists counts as done.
func (c *Client) Hide(ctx context.Context, commentID string) error {
	err := c.setHidden(ctx, op{name: "hide", desc: "hide comment " + commentID}, commentID, true)
	if ClassOf(err) == ClassNotFound {
		c.log.Info("graph hide: comment already gone", zap.String("comment_id", commentID))
		return nil
	}
	return err
}

// Unhide makes a hidden comment visible again. A comment that no longer
// exists is reported as ClassNotFound: the référent asked for it back.
func (c *Client) Unhide(ctx context.Context, commentID string) error {
	return c.setHidden(ctx, op{name: "unhide", desc: "unhide comment " + commentID}, commentID, false)
}

func (c *Client) setHidden(ctx context.Context, o op, commentID string, hidden bool) error {
	if e := checkID(o, commentID); e != nil {
		return e
	}
	res, err := c.call(ctx, o, func(s *fb.Session) (fb.Result, error) {
		return s.Post("/"+commentID, fb.Params{c.platformOf(ctx).hideParam: hidden})
	})
	if err != nil {
		return err
	}
	return checkSuccess(o, res)
}

// Delete deletes a comment (and, on Facebook, its replies). A comment that
// is already gone counts as done.
func (c *Client) Delete(ctx context.Context, commentID string) error {
	o := op{name: "delete", desc: "delete comment " + commentID}
	if e := checkID(o, commentID); e != nil {
		return e
	}
	res, err := c.call(ctx, o, func(s *fb.Session) (fb.Result, error) {
		return s.Delete("/"+commentID, nil)
	})
	if ClassOf(err) == ClassNotFound {
		c.log.Info("graph delete: comment already gone", zap.String("comment_id", commentID))
		return nil
	}
	if err != nil {
		return err
	}
	return checkSuccess(o, res)
}

// Reply posts a reply as the Page (or the Instagram account, through
// /{ig-comment-id}/replies) under a comment and returns its id. It
// is not retried after a timeout or an error page, since Meta may have
// posted it: the caller decides.
func (c *Client) Reply(ctx context.Context, commentID, message string) (string, error) {
	o := op{name: "reply", desc: "reply to comment " + commentID, ambiguousUnsafe: true}
	if e := checkID(o, commentID); e != nil {
		return "", e
	}
	if strings.TrimSpace(message) == "" {
		return "", &Error{Op: o.desc, Class: ClassInvalid, Message: "empty reply"}
	}
	res, err := c.call(ctx, o, func(s *fb.Session) (fb.Result, error) {
		return s.Post("/"+commentID+"/"+c.platformOf(ctx).replyEdge, fb.Params{"message": message})
	})
	if err != nil {
		return "", err
	}
	id, _ := res.Get("id").(string)
	if id == "" {
		return "", &Error{Op: o.desc, Class: ClassUnknown, Message: "unexpected answer: no id"}
	}
	return id, nil
}

// CheckToken calls GET /me. It is the only call made while the token is
// known bad, and its success makes the client usable again.
func (c *Client) CheckToken(ctx context.Context) error {
	o := op{name: "me", desc: "check token", tokenCheck: true}
	res, err := c.call(ctx, o, func(s *fb.Session) (fb.Result, error) {
		return s.Get("/me", fb.Params{"fields": "id,name"})
	})
	if err != nil {
		return err
	}
	if id, _ := res.Get("id").(string); id == "" {
		return &Error{Op: o.desc, Class: ClassUnknown, Message: "unexpected answer: no id"}
	}
	return nil
}

// checkID refuses ids that would change the request path.
func checkID(o op, id string) *Error {
	if id == "" || strings.ContainsAny(id, "/?#&%. \t\r\n") {
		return &Error{Op: o.desc, Class: ClassInvalid, Message: "malformed object id"}
	}
	return nil
}

// checkSuccess accepts {"success":true} and the legacy bare `true` body
// (which huandu/facebook turns into an empty result).
func checkSuccess(o op, res fb.Result) error {
	if res == nil {
		return nil
	}
	if ok, _ := res.Get("success").(bool); ok {
		return nil
	}
	return &Error{Op: o.desc, Class: ClassUnknown, Message: "unexpected answer: no success"}
}

// IsHidden reads whether a comment is hidden (GET /{id}?fields=is_hidden):
// after a crash between a hide and its record, the worker asks before
// acting again. A comment that no longer exists is reported as
// ClassNotFound.
func (c *Client) IsHidden(ctx context.Context, commentID string) (bool, error) {
	o := op{name: "is_hidden", desc: "read comment " + commentID}
	if e := checkID(o, commentID); e != nil {
		return false, e
	}
	field := c.platformOf(ctx).readHidden
	res, err := c.call(ctx, o, func(s *fb.Session) (fb.Result, error) {
		return s.Get("/"+commentID, fb.Params{"fields": "id," + field})
	})
	if err != nil {
		return false, err
	}
	v, ok := res.Get(field).(bool)
	if !ok {
		if id, _ := res.Get("id").(string); id == "" {
			return false, &Error{Op: o.desc, Class: ClassUnknown, Message: "unexpected answer: no id"}
		}
	}
	return v, nil
}
