package graphemu

import (
	"net/http"
	"net/url"
	"strings"
)

// What `vigie accounts check` asks about the Page: the token's
// permissions (GET /debug_token) and the apps subscribed to its webhooks
// (GET and POST /{page-id}/subscribed_apps).

// DefaultScopes are the permissions the emulated Page token holds unless
// SetScopes says otherwise: all that Vigie needs for a Page and its
// Instagram account.
var DefaultScopes = []string{
	"pages_show_list", "pages_read_engagement", "pages_read_user_content", "pages_manage_engagement",
	"pages_manage_metadata", "instagram_basic", "instagram_manage_comments",
}

// SetScopes sets the permissions /debug_token reports for the token.
func (s *Server) SetScopes(scopes ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.scopes = append([]string{}, scopes...)
}

// SetSubscribedFields sets the webhook fields the app is subscribed to on
// the Page; none means the app is not installed on the Page.
func (s *Server) SetSubscribedFields(fields ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.subscribed = append([]string{}, fields...)
}

func (s *Server) debugToken(rc renderCtx) map[string]any {
	scopes := s.scopes
	if scopes == nil {
		scopes = DefaultScopes
	}
	return map[string]any{"data": map[string]any{
		"app_id": "1234567890", "type": "PAGE", "application": "Vigie", "is_valid": true,
		"profile_id": s.opts.PageID, "expires_at": 0, "scopes": scopes,
	}}
}

func (s *Server) subscribedApps(method string, params url.Values) (any, *APIError) {
	switch method {
	case http.MethodGet:
		if s.subscribed == nil {
			s.subscribed = []string{"feed"}
		}
		if len(s.subscribed) == 0 {
			return map[string]any{"data": []any{}}, nil
		}
		return map[string]any{"data": []any{map[string]any{"id": "1234567890", "name": "Vigie", "subscribed_fields": s.subscribed}}}, nil
	case http.MethodPost:
		f := params.Get("subscribed_fields")
		if f == "" {
			return nil, invalidParam("Param subscribed_fields is required")
		}
		s.subscribed = strings.Split(f, ",")
		return map[string]any{"success": true}, nil
	}
	return nil, invalidParam("Unsupported %s request on edge subscribed_apps", strings.ToLower(method))
}
