package graphemu

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// response is computed under the lock and written after it is released, so
// a slow client never holds the emulator's mutex.
type response struct {
	status int
	body   any    // JSON body
	html   string // HTML body (5xx faults), no usage headers
	header http.Header
}

var versionRE = regexp.MustCompile(`^v[0-9]+\.[0-9]+$`)

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	formErr := r.ParseForm() // query and form body together, as Meta reads them
	params := r.Form
	if params == nil {
		params = url.Values{}
	}
	method := r.Method
	if method == http.MethodPost {
		if m := strings.ToUpper(params.Get("method")); m == http.MethodDelete || m == http.MethodGet {
			method = m
		}
	}
	version, segs := splitPath(r.URL.Path)

	s.mu.Lock()
	logged := cloneValues(params)
	logged.Del("access_token")
	logged.Del("appsecret_proof")
	s.requests = append(s.requests, Request{Method: method, Path: r.URL.Path, Params: logged, At: s.now()})
	latency := s.faults.latency
	s.mu.Unlock()

	if latency > 0 {
		t := time.NewTimer(latency)
		select {
		case <-r.Context().Done():
			t.Stop()
			return
		case <-t.C:
		}
	}

	var resp response
	if formErr != nil {
		resp = s.errorResponse(APIError{Message: "(#100) Invalid request body", Type: "GraphMethodException", Code: 100})
	} else {
		rc := renderCtx{
			base:       requestBase(r),
			version:    version,
			token:      params.Get("access_token"),
			dateFormat: params.Get("date_format"),
		}
		if bearer, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok && rc.token == "" {
			rc.token = bearer
		}
		resp = s.handle(method, segs, params, rc)
	}
	writeResponse(w, resp)
}

func writeResponse(w http.ResponseWriter, resp response) {
	for k, vs := range resp.header {
		w.Header()[k] = vs
	}
	if resp.html != "" {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(resp.status)
		_, _ = w.Write([]byte(resp.html))
		return
	}
	body, err := encodeMeta(resp.body)
	if err != nil {
		http.Error(w, "graphemu: encode: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.Header().Set("Facebook-Api-Version", "v25.0")
	w.WriteHeader(resp.status)
	_, _ = w.Write(body)
}

func requestBase(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// splitPath separates the optional version prefix from the path segments.
func splitPath(p string) (version string, segs []string) {
	for _, seg := range strings.Split(p, "/") {
		if seg != "" {
			segs = append(segs, seg)
		}
	}
	if len(segs) > 0 && versionRE.MatchString(segs[0]) {
		return segs[0], segs[1:]
	}
	return "", segs
}

// handle runs one request under the lock.
func (s *Server) handle(method string, segs []string, params url.Values, rc renderCtx) response {
	s.mu.Lock()
	defer s.mu.Unlock()

	if len(s.faults.next) > 0 {
		f := s.faults.next[0]
		s.faults.next = s.faults.next[1:]
		switch {
		case f.pass:
		case f.html:
			return response{status: f.status, html: htmlError(f.status)}
		default:
			return s.errorResponseLocked(f.apiErr)
		}
	}
	object := ""
	if len(segs) > 0 {
		object = segs[0]
	}
	if e := s.checkAuthLocked(method, object, rc.token, params.Get("appsecret_proof")); e != nil {
		return s.errorResponseLocked(*e)
	}
	if t := s.faults.throttle; t != nil && s.now().Before(t.Until) {
		return s.errorResponseLocked(APIError{Message: throttleMessage(t.Code), Code: t.Code, IsTransient: true})
	}
	body, e := s.route(method, segs, params, rc)
	if e != nil {
		return s.errorResponseLocked(*e)
	}
	return response{status: http.StatusOK, body: body, header: s.usageHeadersLocked()}
}

// checkAuthLocked checks the token and appsecret_proof of a request about
// object. The token of another Page of a Group is a valid token, but not
// for this Page: Meta refuses it as it refuses any object the token cannot
// see (see foreignToken).
func (s *Server) checkAuthLocked(method, object, token, proof string) *APIError {
	own := s.opts.AccessToken == "" || hmac.Equal([]byte(token), []byte(s.opts.AccessToken))
	foreign := !own && token != "" && s.peer != nil && s.peer(token)
	switch {
	case token == "":
		return &APIError{Message: "An active access token must be used to query information about the current user.", Code: 104}
	case !own && !foreign:
		return &APIError{Message: "Invalid OAuth access token - Cannot parse access token", Code: 190}
	case foreign:
		// Another Page's token: its own expiry is its emulator's business.
	case s.faults.tokenSubcode == SubcodeExpired:
		return &APIError{Message: "Error validating access token: Session has expired on " + s.now().Add(-time.Hour).UTC().Format("Monday, 02-Jan-06 15:04:05 MST") + ".", Code: 190, Subcode: SubcodeExpired}
	case s.faults.tokenSubcode != 0:
		return &APIError{Message: "Error validating access token: The session is invalid because the user logged out.", Code: 190, Subcode: s.faults.tokenSubcode}
	}
	if s.opts.AppSecret != "" {
		if proof == "" {
			return &APIError{Message: "API calls from the server require an appsecret_proof argument", Type: "GraphMethodException", Code: 100}
		}
		mac := hmac.New(sha256.New, []byte(s.opts.AppSecret))
		mac.Write([]byte(token))
		got, err := hex.DecodeString(proof)
		if err != nil || !hmac.Equal(got, mac.Sum(nil)) {
			return &APIError{Message: "Invalid appsecret_proof provided in the API argument", Type: "GraphMethodException", Code: 100}
		}
	}
	if foreign {
		return foreignToken(method, object)
	}
	return nil
}

// foreignToken is Meta's answer to a valid Page token used on another
// Page's objects: reading them needs the Page Public Content Access
// feature the app does not have (#10, a permission error); acting on them
// finds no object the token may see (#100, subcode 33).
func foreignToken(method, object string) *APIError {
	if method == http.MethodGet {
		return &APIError{
			Message: "(#10) This endpoint requires the 'pages_read_engagement' permission or the 'Page Public Content Access' feature. Refer to https://developers.facebook.com/docs/apps/review/login-permissions#manage-pages and https://developers.facebook.com/docs/apps/review/feature#reference-PAGES_ACCESS for details.",
			Code:    10,
		}
	}
	return notFound(method, object)
}

func (s *Server) errorResponse(e APIError) response {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.errorResponseLocked(e)
}

func (s *Server) errorResponseLocked(e APIError) response {
	if e.Status == 0 {
		e.Status = http.StatusBadRequest
	}
	if e.Type == "" {
		e.Type = "OAuthException"
	}
	s.trace++
	body := map[string]any{
		"message":      e.Message,
		"type":         e.Type,
		"code":         e.Code,
		"is_transient": e.IsTransient,
		"fbtrace_id":   fmt.Sprintf("AEmu%08dTrace", s.trace),
	}
	if e.Subcode != 0 {
		body["error_subcode"] = e.Subcode
	}
	return response{status: e.Status, body: map[string]any{"error": body}, header: s.usageHeadersLocked()}
}

func htmlError(status int) string {
	return fmt.Sprintf("<!DOCTYPE html>\n<html lang=\"en\"><head><title>Error</title></head><body><h1>%d %s</h1><p>Sorry, something went wrong. We're working on getting this fixed as soon as we can.</p></body></html>\n", status, http.StatusText(status))
}

type usageFigures struct {
	CallCount    int `json:"call_count"`
	TotalCPUTime int `json:"total_cputime"`
	TotalTime    int `json:"total_time"`
}

type bucFigures struct {
	Type         string `json:"type"`
	CallCount    int    `json:"call_count"`
	TotalCPUTime int    `json:"total_cputime"`
	TotalTime    int    `json:"total_time"`
	ETA          int    `json:"estimated_time_to_regain_access"`
}

func (s *Server) usageHeadersLocked() http.Header {
	u := s.faults.usage
	app, buc, eta := u.App, u.BUC, 0
	if t := s.faults.throttle; t != nil && s.now().Before(t.Until) {
		if t.Code == 4 {
			app = 100
		} else {
			buc = 100
		}
		if !t.OmitETA {
			eta = int((t.Until.Sub(s.now()) + time.Minute - 1) / time.Minute)
		}
	}
	h := http.Header{}
	appJSON, _ := json.Marshal(usageFigures{CallCount: app, TotalCPUTime: app / 2, TotalTime: app / 2})
	h.Set("X-App-Usage", string(appJSON))
	bucJSON, _ := json.Marshal(map[string][]bucFigures{s.opts.PageID: {{Type: "pages", CallCount: buc, TotalCPUTime: buc / 2, TotalTime: buc / 2, ETA: eta}}})
	h.Set("X-Business-Use-Case-Usage", string(bucJSON))
	if u.Page > 0 {
		pageJSON, _ := json.Marshal(usageFigures{CallCount: u.Page, TotalCPUTime: u.Page / 2, TotalTime: u.Page / 2})
		h.Set("X-Page-Usage", string(pageJSON))
	}
	return h
}

func notFound(method, id string) *APIError {
	return &APIError{
		Message: fmt.Sprintf("Unsupported %s request. Object with ID '%s' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api", strings.ToLower(method), id),
		Type:    "GraphMethodException",
		Code:    100,
		Subcode: 33,
	}
}

func invalidParam(format string, args ...any) *APIError {
	return &APIError{Message: "(#100) " + fmt.Sprintf(format, args...), Code: 100}
}

// route dispatches a request to the object or edge it names.
func (s *Server) route(method string, segs []string, params url.Values, rc renderCtx) (any, *APIError) {
	if len(segs) == 0 || len(segs) > 2 {
		return nil, invalidParam("Unsupported %s request", strings.ToLower(method))
	}
	id := segs[0]
	if id == "me" {
		id = s.opts.PageID
	}
	if id == "debug_token" && len(segs) == 1 && method == http.MethodGet {
		return s.debugToken(rc), nil
	}
	if id == s.opts.PageID && len(segs) == 2 && segs[1] == "subscribed_apps" {
		return s.subscribedApps(method, params)
	}
	if body, e, ok := s.routeInstagram(method, append([]string{id}, segs[1:]...), params, rc); ok {
		return body, e
	}
	if len(segs) == 1 {
		return s.routeNode(method, id, params, rc)
	}
	edge := segs[1]
	switch {
	case id == s.opts.PageID:
		if method != http.MethodGet {
			return nil, invalidParam("Unsupported %s request on edge %s", strings.ToLower(method), edge)
		}
		switch edge {
		case "published_posts", "posts", "feed":
			return s.listPosts(edge, params, rc)
		}
	case edge == "comments":
		if _, isPost := s.posts[id]; !isPost {
			if c, ok := s.comments[id]; !ok || c.Deleted {
				return nil, notFound(method, id)
			}
		}
		switch method {
		case http.MethodGet:
			return s.listComments(id, params, rc)
		case http.MethodPost:
			return s.createComment(id, params)
		}
		return nil, invalidParam("Unsupported %s request on edge comments", strings.ToLower(method))
	case s.posts[id] == nil && s.comments[id] == nil:
		return nil, notFound(method, id)
	}
	return nil, invalidParam("Tried accessing nonexisting field (%s)", edge)
}

func (s *Server) routeNode(method, id string, params url.Values, rc renderCtx) (any, *APIError) {
	fields, err := parseFields(params.Get("fields"))
	if params.Get("fields") == "" {
		fields, err = nil, nil
	}
	if err != nil {
		return nil, invalidParam("Syntax error in fields: %v", err)
	}
	if id == s.opts.PageID {
		if method != http.MethodGet {
			return nil, invalidParam("Unsupported %s request on the Page", strings.ToLower(method))
		}
		return s.renderPage(fields)
	}
	if p, ok := s.posts[id]; ok {
		if method != http.MethodGet {
			return nil, invalidParam("Unsupported %s request on a post", strings.ToLower(method))
		}
		return s.renderPost(p, fields, rc)
	}
	c, ok := s.comments[id]
	if !ok || c.Deleted {
		return nil, notFound(method, id)
	}
	switch method {
	case http.MethodGet:
		return s.renderComment(c, fields, rc)
	case http.MethodDelete:
		s.deleteLocked(c)
		s.recordActionLocked(Action{Kind: "delete", CommentID: c.ID})
		return map[string]any{"success": true}, nil
	case http.MethodPost:
		v, ok := params["is_hidden"]
		if !ok {
			return nil, invalidParam("Param is_hidden or message is required")
		}
		hidden, err := strconv.ParseBool(v[0])
		if err != nil {
			return nil, invalidParam("Param is_hidden must be a boolean")
		}
		if c.FromID == s.opts.PageID {
			return nil, invalidParam("Cannot hide or unhide a comment made by the Page")
		}
		c.Hidden = hidden
		kind := "unhide"
		if hidden {
			kind = "hide"
		}
		s.recordActionLocked(Action{Kind: kind, CommentID: c.ID})
		return map[string]any{"success": true}, nil
	}
	return nil, invalidParam("Unsupported %s request", strings.ToLower(method))
}

// deleteLocked deletes a comment and, as Facebook does, its replies.
func (s *Server) deleteLocked(c *comment) {
	c.Deleted = true
	for _, id := range c.Replies {
		if r := s.comments[id]; r != nil {
			r.Deleted = true
		}
	}
}

func (s *Server) createComment(objectID string, params url.Values) (any, *APIError) {
	msg := params.Get("message")
	if strings.TrimSpace(msg) == "" {
		return nil, invalidParam("Missing message or attachment")
	}
	nc := NewComment{FromID: s.opts.PageID, FromName: s.opts.PageName, Message: msg}
	if p, ok := s.posts[objectID]; ok {
		c := s.addCommentLocked(p, nil, nc)
		s.recordActionLocked(Action{Kind: "comment", CommentID: objectID, Message: msg, ReplyID: c.ID})
		return map[string]any{"id": c.ID}, nil
	}
	parent := s.comments[objectID]
	c := s.addCommentLocked(s.posts[parent.PostID], parent, nc)
	s.recordActionLocked(Action{Kind: "reply", CommentID: objectID, Message: msg, ReplyID: c.ID})
	return map[string]any{"id": c.ID}, nil
}
