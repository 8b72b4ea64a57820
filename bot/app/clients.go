package app

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/vigie-fr/vigie/bot/graph"
	"github.com/vigie-fr/vigie/bot/notify"
)

// tokenClient is the Graph client of one Page token and the accounts it
// serves (Pages, and the Instagram accounts linked to them).
type tokenClient struct {
	client   *graph.Client
	file     string // the token's file, "" when it comes from the environment
	env      string // the environment variable that can carry it
	accounts []string
	// served are the accounts it serves, even when it is the only token
	// (accounts is then emptied for readiness messages): its alerts are
	// theirs.
	served []string
}

// label names the accounts in a readiness message, when there are several
// tokens.
func (tc *tokenClient) label() string {
	if len(tc.accounts) == 0 {
		return ""
	}
	return " (" + strings.Join(tc.accounts, ", ") + ")"
}

// newGraphClients builds one Graph client per Page token: a Page token
// works for one Page only, and separate clients keep separate rate-limit
// budgets, so a throttled account never slows another. Pages without a
// token of their own share the default one (graph.page_token_file or
// VIGIE_PAGE_TOKEN), as single-Page configs always did.
func (a *App) newGraphClients(hc *http.Client, sleep func(context.Context, time.Duration) error) error {
	cfg := a.cfg
	byKey := map[string]*tokenClient{}
	byAccount := map[string]*graph.Client{}
	pageOf := func(accountID string) string {
		for _, ig := range cfg.Instagram {
			if ig.ID == accountID {
				return ig.PageID
			}
		}
		return accountID
	}
	get := func(accountID string) (*tokenClient, error) {
		tok, file, env := cfg.PageToken(accountID)
		key := "env:" + env
		if file != "" {
			key = "file:" + file
		}
		if tc := byKey[key]; tc != nil {
			return tc, nil
		}
		tc := &tokenClient{file: file, env: env}
		c, err := graph.New(graph.Options{
			BaseURL:     cfg.Graph.BaseURL,
			Version:     cfg.Graph.Version,
			AccessToken: tok.Reveal(),
			AppSecret:   cfg.Graph.AppSecret.Reveal(),
			HTTPClient:  hc,
			Logger:      a.log,
			// The token's series carry the id of the Page it was made for
			// (Pages sharing the default token count under the first).
			Metrics: a.metrics.With("page", pageOf(accountID)),
			Now:     a.now,
			Sleep:   sleep,
			OnAlert: func(al graph.Alert) { a.recordAlertFor(al, file, env, tc.served) },
			// Longer pace waits park the comment in the retry set (token.go).
			MaxPaceWait:  maxPaceWait,
			OnTokenValid: a.tokenRecovered,
		})
		if err != nil {
			return nil, fmt.Errorf("app: page %s: %w", accountID, err)
		}
		tc.client = c
		byKey[key] = tc
		a.clients = append(a.clients, tc)
		return tc, nil
	}
	for _, p := range cfg.Pages {
		tc, err := get(p.ID)
		if err != nil {
			return err
		}
		tc.accounts = append(tc.accounts, p.ID)
		tc.served = append(tc.served, p.ID)
		byAccount[p.ID] = tc.client
	}
	for _, ig := range cfg.Instagram {
		tc, err := get(ig.PageID)
		if err != nil {
			return err
		}
		tc.accounts = append(tc.accounts, ig.ID)
		tc.served = append(tc.served, ig.ID)
		byAccount[ig.ID] = tc.client
	}
	if len(a.clients) == 0 {
		return fmt.Errorf("app: no page to watch")
	}
	if len(a.clients) == 1 {
		a.clients[0].accounts = nil // one token: readiness names no account
	}
	a.graph = a.clients[0].client
	a.router = graph.NewRouter(a.graph, byAccount)
	return nil
}

// tokenStates says, for each Page token, its accounts and whether its
// Graph client trusts it (the notifications close each token's outage).
func (a *App) tokenStates() []notify.TokenState {
	out := make([]notify.TokenState, len(a.clients))
	for i, tc := range a.clients {
		out[i] = notify.TokenState{Accounts: tc.served, Valid: tc.client.Status().TokenValid}
	}
	return out
}

// tokensValid reports whether no Page token is known bad.
func (a *App) tokensValid() bool {
	for _, tc := range a.clients {
		if !tc.client.Status().TokenValid {
			return false
		}
	}
	return true
}
