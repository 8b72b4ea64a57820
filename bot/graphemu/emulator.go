// Package graphemu emulates the parts of Meta's Graph API that Vigie uses,
// for tests (with httptest.NewServer) and for `vigie demo`: a Facebook Page
// with posts, comments and replies held in memory, and the Instagram
// professional account linked to it (instagram.go); listing with field
// expansion and cursor paging; hide, unhide, delete and reply; Meta-shaped
// errors and usage headers; injected faults (expired token, throttling,
// HTML 5xx answers, latency); and Meta-shaped, signed webhook deliveries.
// A Group (group.go) serves several Pages, each with its own token, behind
// one address, for `vigie emulator serve` with several communes.
//
// It follows shared/reference/graph-api.md: version-prefixed paths, GET
// parameters in the query, POST form bodies, DELETE sent as POST with
// method=DELETE, absolute paging.next links pointing at the emulator itself,
// and timestamps such as 2026-11-22T10:00:00+0000.
package graphemu

import (
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"sync"
	"time"
)

// Options configures a Server.
type Options struct {
	PageID   string // default "104857600000001"
	PageName string // default "Mairie de Vigie-sur-Loire"
	// AccessToken is the only token accepted (the Page token). When empty,
	// any non-empty token is accepted (handy for a demo).
	AccessToken string
	// AppSecret, when set, makes appsecret_proof mandatory and checked, and
	// signs webhook deliveries.
	AppSecret string
	// Now is the emulator's clock (created_time defaults, throttling
	// windows, the action log). Default time.Now.
	Now func() time.Time
	// HTTPClient sends webhook deliveries. Default: 10 s timeout.
	HTTPClient *http.Client
	// InstagramID and InstagramUsername name the Instagram professional
	// account linked to the Page (instagram.go); defaults
	// DefaultInstagramID and DefaultInstagramUsername.
	InstagramID       string
	InstagramUsername string
	// NoInstagram leaves the Page without a linked Instagram account (the
	// Instagram fields above are then ignored).
	NoInstagram bool
	// IDOffset is added to every generated post and comment number, so
	// that two emulators standing for two Pages never hand out the same
	// comment id.
	IDOffset uint64
	// MaxPageSize, when positive, caps the items of every page of a
	// listing (posts, media, comments, replies, expanded edges included),
	// whatever limit the client asks for, so that tests can make paging
	// happen with a handful of comments.
	MaxPageSize int
}

// Post is a stored post.
type Post struct {
	ID           string // {page-id}_{n}
	FromID       string
	FromName     string
	Message      string
	PermalinkURL string
	CreatedTime  time.Time
}

// NewPost describes a post to add. A post from someone other than the Page
// (FromID set to another id) appears in /feed but not in /published_posts.
type NewPost struct {
	Message     string
	CreatedTime time.Time // zero: now
	FromID      string    // zero: the Page
	FromName    string
}

// NewComment describes a comment or a reply to add.
type NewComment struct {
	FromID      string // the Page's id makes it a comment by the Page (which cannot be hidden)
	FromName    string
	Message     string
	CreatedTime time.Time // zero: now
}

// Comment is a stored comment or reply with its moderation state.
type Comment struct {
	ID           string // {post-number}_{n}
	PostID       string // {page-id}_{post-number}
	ParentID     string // the post id for a top-level comment, the parent comment id for a reply
	FromID       string
	FromName     string
	Message      string
	PermalinkURL string
	CreatedTime  time.Time
	Hidden       bool
	Deleted      bool
	Replies      []string // ids of the direct replies, oldest first (deleted ones included)
}

// Action is a moderation call the emulator accepted.
type Action struct {
	Kind      string // "hide", "unhide", "delete", "reply", "comment"
	CommentID string // the target (a post id for "comment")
	Message   string // the reply text
	ReplyID   string // the id of the created reply
	At        time.Time
}

// Request is one HTTP request the emulator received. It never holds the
// access token or the appsecret_proof.
type Request struct {
	Method string // effective method: DELETE for POST with method=DELETE
	Path   string // without the query
	Params url.Values
	At     time.Time
}

// Server is the emulator: an http.Handler safe for concurrent use.
type Server struct {
	opts Options
	now  func() time.Time
	hc   *http.Client

	mu          sync.Mutex
	posts       map[string]*post
	comments    map[string]*comment
	seq         int64
	nextPost    uint64
	nextComment uint64
	actions     []Action
	requests    []Request
	trace       uint64
	faults      faults

	maxPage int               // Options.MaxPageSize, SetMaxPageSize
	peer    func(string) bool // reports another emulated Page's token (Group)

	scopes     []string // nil: DefaultScopes
	subscribed []string // nil: ["feed"]; empty: not installed

	media         map[string]*Media
	igComments    map[string]*igComment
	nextMedia     uint64
	nextIGComment uint64
}

type post struct {
	Post
	seq int64
}

type comment struct {
	Comment
	seq int64
}

const (
	// IDs above 2^53 make sure clients keep them as strings.
	firstPostNumber    = 9100000000000001
	firstCommentNumber = 9200000000000001
)

// New returns an emulator with no posts.
func New(opts Options) *Server {
	if opts.PageID == "" {
		opts.PageID = "104857600000001"
	}
	if opts.PageName == "" {
		opts.PageName = "Mairie de Vigie-sur-Loire"
	}
	switch {
	case opts.NoInstagram:
		opts.InstagramID, opts.InstagramUsername = "", ""
	default:
		if opts.InstagramID == "" {
			opts.InstagramID = DefaultInstagramID
		}
		if opts.InstagramUsername == "" {
			opts.InstagramUsername = DefaultInstagramUsername
		}
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	hc := opts.HTTPClient
	if hc == nil {
		hc = &http.Client{Timeout: 10 * time.Second}
	}
	return &Server{
		opts:        opts,
		maxPage:     opts.MaxPageSize,
		now:         now,
		hc:          hc,
		posts:       map[string]*post{},
		comments:    map[string]*comment{},
		nextPost:    firstPostNumber + opts.IDOffset,
		nextComment: firstCommentNumber + opts.IDOffset,

		media:         map[string]*Media{},
		igComments:    map[string]*igComment{},
		nextMedia:     firstMediaNumber + opts.IDOffset,
		nextIGComment: firstIGCommentNumber + opts.IDOffset,
	}
}

// PageID returns the emulated Page's id.
func (s *Server) PageID() string { return s.opts.PageID }

// PageName returns the emulated Page's name.
func (s *Server) PageName() string { return s.opts.PageName }

// SetMaxPageSize caps the items of every page of a listing (see
// Options.MaxPageSize); 0 removes the cap.
func (s *Server) SetMaxPageSize(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.maxPage = max(n, 0)
}

// AddPost stores a post and returns it with its id.
func (s *Server) AddPost(p NewPost) Post {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := s.nextPost
	s.nextPost++
	s.seq++
	if p.CreatedTime.IsZero() {
		p.CreatedTime = s.now()
	}
	if p.FromID == "" {
		p.FromID, p.FromName = s.opts.PageID, s.opts.PageName
	}
	num := strconv.FormatUint(n, 10)
	st := &post{seq: s.seq, Post: Post{
		ID:           s.opts.PageID + "_" + num,
		FromID:       p.FromID,
		FromName:     p.FromName,
		Message:      p.Message,
		PermalinkURL: "https://www.facebook.com/" + s.opts.PageID + "/posts/" + num,
		CreatedTime:  p.CreatedTime.UTC().Truncate(time.Second),
	}}
	s.posts[st.ID] = st
	return st.Post
}

// AddComment stores a top-level comment on a post.
func (s *Server) AddComment(postID string, c NewComment) (Comment, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.posts[postID]
	if !ok {
		return Comment{}, fmt.Errorf("graphemu: add comment: no post %q", postID)
	}
	return s.addCommentLocked(p, nil, c).snapshot(), nil
}

// AddReply stores a reply to a comment. As on Facebook, a reply to a reply
// is attached to the top-level comment.
func (s *Server) AddReply(parentID string, c NewComment) (Comment, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	parent, ok := s.comments[parentID]
	if !ok {
		return Comment{}, fmt.Errorf("graphemu: add reply: no comment %q", parentID)
	}
	return s.addCommentLocked(s.posts[parent.PostID], parent, c).snapshot(), nil
}

func (s *Server) addCommentLocked(p *post, parent *comment, c NewComment) *comment {
	if parent != nil && parent.ParentID != p.ID {
		parent = s.comments[parent.ParentID]
	}
	n := s.nextComment
	s.nextComment++
	s.seq++
	if c.CreatedTime.IsZero() {
		c.CreatedTime = s.now()
	}
	postNum := postNumber(p.ID)
	num := strconv.FormatUint(n, 10)
	st := &comment{seq: s.seq, Comment: Comment{
		ID:          postNum + "_" + num,
		PostID:      p.ID,
		ParentID:    p.ID,
		FromID:      c.FromID,
		FromName:    c.FromName,
		Message:     c.Message,
		CreatedTime: c.CreatedTime.UTC().Truncate(time.Second),
	}}
	st.PermalinkURL = p.PermalinkURL + "?comment_id=" + num
	if parent != nil {
		st.ParentID = parent.ID
		st.PermalinkURL = p.PermalinkURL + "?comment_id=" + commentNumber(parent.ID) + "&reply_comment_id=" + num
		parent.Replies = append(parent.Replies, st.ID)
	}
	s.comments[st.ID] = st
	return st
}

func (c *comment) snapshot() Comment {
	out := c.Comment
	out.Replies = append([]string(nil), c.Replies...)
	return out
}

// AddPostWithComments stores a post and top-level comments on it, in the
// order given: a shortcut for seeding a demo or a test.
func (s *Server) AddPostWithComments(p NewPost, comments ...NewComment) (Post, []Comment) {
	post := s.AddPost(p)
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Comment, 0, len(comments))
	for _, c := range comments {
		out = append(out, s.addCommentLocked(s.posts[post.ID], nil, c).snapshot())
	}
	return post, out
}

// EditComment changes a comment's text, as its author would (send a
// VerbEdited webhook afterwards). It is not recorded as an action.
func (s *Server) EditComment(id, message string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.comments[id]
	if !ok || c.Deleted {
		return fmt.Errorf("graphemu: edit comment: no comment %q", id)
	}
	c.Message = message
	return nil
}

// RemoveComment deletes a comment as its author would (send a VerbRemove
// webhook afterwards). It is not recorded as an action.
func (s *Server) RemoveComment(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.comments[id]
	if !ok || c.Deleted {
		return fmt.Errorf("graphemu: remove comment: no comment %q", id)
	}
	s.deleteLocked(c)
	return nil
}

// Comment returns a stored comment (deleted ones included) and its state.
func (s *Server) Comment(id string) (Comment, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.comments[id]
	if !ok {
		return Comment{}, false
	}
	return c.snapshot(), true
}

// Post returns a stored post.
func (s *Server) Post(id string) (Post, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.posts[id]
	if !ok {
		return Post{}, false
	}
	return p.Post, true
}

// Comments returns every stored comment of a post (replies and deleted
// ones included), oldest first.
func (s *Server) Comments(postID string) []Comment {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Comment
	for _, c := range s.sortedCommentsLocked() {
		if c.PostID == postID {
			out = append(out, c.snapshot())
		}
	}
	return out
}

// Actions returns every hide, unhide, delete and reply accepted, in order.
func (s *Server) Actions() []Action {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Action(nil), s.actions...)
}

// Requests returns every request received, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Request, len(s.requests))
	for i, r := range s.requests {
		out[i] = r
		out[i].Params = cloneValues(r.Params)
	}
	return out
}

// RequestCount returns how many requests the emulator received.
func (s *Server) RequestCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.requests)
}

// ClearLog forgets the recorded requests and actions (posts, comments and
// faults stay).
func (s *Server) ClearLog() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = nil
	s.actions = nil
}

func (s *Server) recordActionLocked(a Action) {
	a.At = s.now()
	s.actions = append(s.actions, a)
}

// sortedCommentsLocked returns all comments oldest first.
func (s *Server) sortedCommentsLocked() []*comment {
	out := make([]*comment, 0, len(s.comments))
	for _, c := range s.comments {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return lessKey(out[i].key(), out[j].key()) })
	return out
}

func (s *Server) sortedPostsLocked() []*post {
	out := make([]*post, 0, len(s.posts))
	for _, p := range s.posts {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return lessKey(out[i].key(), out[j].key()) })
	return out
}

// sortKey orders items by creation time, then by insertion.
type sortKey struct {
	t   int64
	seq int64
}

func (c *comment) key() sortKey { return sortKey{c.CreatedTime.Unix(), c.seq} }
func (p *post) key() sortKey    { return sortKey{p.CreatedTime.Unix(), p.seq} }

func lessKey(a, b sortKey) bool {
	if a.t != b.t {
		return a.t < b.t
	}
	return a.seq < b.seq
}

func postNumber(postID string) string {
	for i := len(postID) - 1; i >= 0; i-- {
		if postID[i] == '_' {
			return postID[i+1:]
		}
	}
	return postID
}

func commentNumber(commentID string) string { return postNumber(commentID) }

func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}
