package graph

import (
	"context"

	fb "github.com/huandu/facebook/v2"
)

// TokenInfo is what Meta says about the client's token (GET /debug_token
// with the token inspecting itself).
type TokenInfo struct {
	Valid     bool
	Type      string // PAGE, USER, SYSTEM_USER…
	ProfileID string // the Page of a Page token
	AppID     string
	Scopes    []string
	ExpiresAt int64 // Unix time, 0 for a token that does not expire
}

// TokenInfo inspects the client's own token: its type, the Page it
// belongs to and the permissions granted.
func (c *Client) TokenInfo(ctx context.Context) (TokenInfo, error) {
	o := op{name: "debug_token", desc: "inspect token"}
	res, err := c.call(ctx, o, func(s *fb.Session) (fb.Result, error) {
		return s.Get("/debug_token", fb.Params{"input_token": s.AccessToken()})
	})
	if err != nil {
		return TokenInfo{}, err
	}
	var v struct {
		Data struct {
			IsValid   bool     `facebook:"is_valid"`
			Type      string   `facebook:"type"`
			ProfileID string   `facebook:"profile_id"`
			AppID     string   `facebook:"app_id"`
			Scopes    []string `facebook:"scopes"`
			ExpiresAt int64    `facebook:"expires_at"`
		} `facebook:"data"`
	}
	if err := res.Decode(&v); err != nil {
		return TokenInfo{}, decodeError(o, err)
	}
	d := v.Data
	return TokenInfo{Valid: d.IsValid, Type: d.Type, ProfileID: d.ProfileID, AppID: d.AppID, Scopes: d.Scopes, ExpiresAt: d.ExpiresAt}, nil
}

// Me returns the id and name of the token's owner (the Page, for a Page
// token).
func (c *Client) Me(ctx context.Context) (id, name string, err error) {
	o := op{name: "me", desc: "read token owner", tokenCheck: true}
	res, err := c.call(ctx, o, func(s *fb.Session) (fb.Result, error) {
		return s.Get("/me", fb.Params{"fields": "id,name"})
	})
	if err != nil {
		return "", "", err
	}
	id, _ = res.Get("id").(string)
	name, _ = res.Get("name").(string)
	return id, name, nil
}

// SubscribedApp is an app installed on a Page for webhooks.
type SubscribedApp struct {
	ID     string
	Name   string
	Fields []string
}

// SubscribedApps lists the apps subscribed to a Page's webhooks (GET
// /{page-id}/subscribed_apps).
func (c *Client) SubscribedApps(ctx context.Context, pageID string) ([]SubscribedApp, error) {
	o := op{name: "subscribed_apps", desc: "list apps subscribed to page " + pageID}
	if e := checkID(o, pageID); e != nil {
		return nil, e
	}
	res, err := c.call(ctx, o, func(s *fb.Session) (fb.Result, error) {
		return s.Get("/"+pageID+"/subscribed_apps", nil)
	})
	if err != nil {
		return nil, err
	}
	var v struct {
		Data []struct {
			ID     string   `facebook:"id"`
			Name   string   `facebook:"name"`
			Fields []string `facebook:"subscribed_fields"`
		} `facebook:"data"`
	}
	if err := res.Decode(&v); err != nil {
		return nil, decodeError(o, err)
	}
	var out []SubscribedApp
	for _, a := range v.Data {
		out = append(out, SubscribedApp{ID: a.ID, Name: a.Name, Fields: a.Fields})
	}
	return out, nil
}

// LinkedInstagram returns the id of the Instagram professional account
// linked to a Page, "" when none is.
func (c *Client) LinkedInstagram(ctx context.Context, pageID string) (string, error) {
	o := op{name: "page", desc: "read instagram account of page " + pageID}
	if e := checkID(o, pageID); e != nil {
		return "", e
	}
	res, err := c.call(ctx, o, func(s *fb.Session) (fb.Result, error) {
		return s.Get("/"+pageID, fb.Params{"fields": "id,instagram_business_account"})
	})
	if err != nil {
		return "", err
	}
	id, _ := res.Get("instagram_business_account.id").(string)
	return id, nil
}
