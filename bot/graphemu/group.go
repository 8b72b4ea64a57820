package graphemu

import (
	"crypto/hmac"
	"fmt"
	"net/http"
	"strings"
)

// Group serves several emulated Pages (each a Server, with its own token,
// posts, comments and linked Instagram account) behind one address, as
// graph.facebook.com serves every Page. A request goes to the Server that
// holds the object its path names; /me and /debug_token go to the Server
// whose token the request carries. A Page's token used on another Page's
// objects is refused as Meta refuses it (a permission error for a read,
// "does not exist" for an action); a token no Page knows is invalid (190).
type Group struct {
	servers []*Server
}

// NewGroup groups servers; their Page ids, Instagram ids and generated ids
// must not overlap (give each a different Options.IDOffset).
func NewGroup(servers ...*Server) (*Group, error) {
	if len(servers) == 0 {
		return nil, fmt.Errorf("graphemu: group: no server")
	}
	seen := map[string]bool{}
	for _, s := range servers {
		for _, id := range []string{s.opts.PageID, s.opts.InstagramID} {
			if id == "" {
				continue
			}
			if seen[id] {
				return nil, fmt.Errorf("graphemu: group: account %s emulated twice", id)
			}
			seen[id] = true
		}
	}
	g := &Group{servers: append([]*Server(nil), servers...)}
	for _, s := range g.servers {
		s.mu.Lock()
		s.peer = g.peerOf(s)
		s.mu.Unlock()
	}
	return g, nil
}

// peerOf reports whether a token belongs to another Page of the group
// (and not to s: two Pages may share one token). Tokens are fixed at New,
// so this reads no lock.
func (g *Group) peerOf(s *Server) func(string) bool {
	return func(token string) bool {
		for _, o := range g.servers {
			if o != s && o.opts.AccessToken != "" && hmac.Equal([]byte(token), []byte(o.opts.AccessToken)) {
				return true
			}
		}
		return false
	}
}

// Servers returns the grouped servers, in the order given to NewGroup.
func (g *Group) Servers() []*Server { return append([]*Server(nil), g.servers...) }

// Server returns the server emulating a Page or an Instagram account.
func (g *Group) Server(accountID string) (*Server, bool) {
	for _, s := range g.servers {
		if accountID != "" && (s.opts.PageID == accountID || s.opts.InstagramID == accountID) {
			return s, true
		}
	}
	return nil, false
}

// Owner returns the server holding an object: a Page, an Instagram
// account, a post, a media, a comment or a reply.
func (g *Group) Owner(id string) (*Server, bool) {
	for _, s := range g.servers {
		if s.holds(id) {
			return s, true
		}
	}
	return nil, false
}

func (s *Server) holds(id string) bool {
	if id == "" {
		return false
	}
	if id == s.opts.PageID || id == s.opts.InstagramID {
		return true
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.posts[id] != nil || s.comments[id] != nil || s.media[id] != nil || s.igComments[id] != nil
}

// byToken returns the server whose token is token, else the first.
func (g *Group) byToken(token string) *Server {
	for _, s := range g.servers {
		if s.opts.AccessToken != "" && hmac.Equal([]byte(token), []byte(s.opts.AccessToken)) {
			return s
		}
	}
	return g.servers[0]
}

// ServeHTTP implements http.Handler.
func (g *Group) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	if err := r.ParseForm(); err != nil { // a second ParseForm would not say it again
		writeResponse(w, g.servers[0].errorResponse(APIError{Message: "(#100) Invalid request body", Type: "GraphMethodException", Code: 100}))
		return
	}
	token := r.Form.Get("access_token")
	if bearer, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok && token == "" {
		token = bearer
	}
	_, segs := splitPath(r.URL.Path)
	target := g.byToken(token)
	if len(segs) > 0 && segs[0] != "me" && segs[0] != "debug_token" {
		if s, ok := g.Owner(segs[0]); ok {
			target = s
		}
	}
	target.ServeHTTP(w, r)
}
