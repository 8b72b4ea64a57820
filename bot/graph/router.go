package graph

import (
	"context"
	"time"
)

// Router sends each call to the client of the account named in its
// context (WithAccount): a Page token works for one Page only, so a
// deployment watching several Pages holds one Client per token, and each
// Client keeps its own rate-limit budgets, so a throttled account never
// slows another. Calls about an account without a client of its own go to
// the default client.
type Router struct {
	def *Client
	by  map[string]*Client
}

// NewRouter returns a router over def and the per-account clients (an
// Instagram account maps to its linked Page's client).
func NewRouter(def *Client, byAccount map[string]*Client) *Router {
	by := make(map[string]*Client, len(byAccount))
	for k, v := range byAccount {
		by[k] = v
	}
	return &Router{def: def, by: by}
}

// For returns the client serving the context's account.
func (r *Router) For(ctx context.Context) *Client {
	if c := r.by[accountOf(ctx)]; c != nil {
		return c
	}
	return r.def
}

// Clients returns every distinct client, the default first.
func (r *Router) Clients() []*Client {
	out := []*Client{r.def}
	seen := map[*Client]bool{r.def: true}
	for _, c := range r.by {
		if !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	return out
}

// Hide is Client.Hide on the account's client.
func (r *Router) Hide(ctx context.Context, commentID string) error {
	return r.For(ctx).Hide(ctx, commentID)
}

// Unhide is Client.Unhide on the account's client.
func (r *Router) Unhide(ctx context.Context, commentID string) error {
	return r.For(ctx).Unhide(ctx, commentID)
}

// Delete is Client.Delete on the account's client.
func (r *Router) Delete(ctx context.Context, commentID string) error {
	return r.For(ctx).Delete(ctx, commentID)
}

// Reply is Client.Reply on the account's client.
func (r *Router) Reply(ctx context.Context, commentID, message string) (string, error) {
	return r.For(ctx).Reply(ctx, commentID, message)
}

// IsHidden is Client.IsHidden on the account's client.
func (r *Router) IsHidden(ctx context.Context, commentID string) (bool, error) {
	return r.For(ctx).IsHidden(ctx, commentID)
}

// Post is Client.Post on the account's client.
func (r *Router) Post(ctx context.Context, postID string) (Post, error) {
	return r.For(ctx).Post(ctx, postID)
}

// RecentComments is Client.RecentComments on the Page's client.
func (r *Router) RecentComments(ctx context.Context, pageID string, postsSince, commentsSince time.Time) ([]Post, []Comment, error) {
	return r.For(WithAccount(ctx, pageID)).RecentComments(ctx, pageID, postsSince, commentsSince)
}

// InstagramComments is Client.InstagramComments on the account's client.
func (r *Router) InstagramComments(ctx context.Context, igUserID string, mediaSince, commentsSince time.Time) ([]Post, []Comment, error) {
	return r.For(WithAccount(ctx, igUserID)).InstagramComments(ctx, igUserID, mediaSince, commentsSince)
}
