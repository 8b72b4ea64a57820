package graph_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/vigie-fr/vigie/bot/graph"
	"github.com/vigie-fr/vigie/bot/graphemu"
)

// errorTexts returns the text of err and of everything it wraps.
func errorTexts(err error) []string {
	if err == nil {
		return nil
	}
	out := []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err)}
	switch u := err.(type) {
	case interface{ Unwrap() error }:
		out = append(out, errorTexts(u.Unwrap())...)
	case interface{ Unwrap() []error }:
		for _, e := range u.Unwrap() {
			out = append(out, errorTexts(e)...)
		}
	}
	return out
}

func TestSecretsNeverInErrorsOrLogs(t *testing.T) {
	mac := hmac.New(sha256.New, []byte(testSecret))
	mac.Write([]byte(testToken))
	proof := hex.EncodeToString(mac.Sum(nil))
	secrets := []string{testToken, testSecret, proof}

	var errs []error
	check := func(t *testing.T, h *harness) {
		t.Helper()
		for _, err := range errs {
			for _, text := range errorTexts(err) {
				for _, s := range secrets {
					if strings.Contains(text, s) {
						t.Errorf("error text holds a secret: %s", text)
					}
				}
			}
		}
		for _, e := range h.logs.All() {
			text := e.Message + fmt.Sprint(e.ContextMap())
			for _, s := range secrets {
				if strings.Contains(text, s) {
					t.Errorf("log entry holds a secret: %s", text)
				}
			}
		}
		for _, a := range h.Alerts() {
			for _, s := range secrets {
				if strings.Contains(fmt.Sprintf("%+v", a), s) {
					t.Errorf("alert holds a secret: %+v", a)
				}
			}
		}
		if h.logs.Len() == 0 {
			t.Error("nothing was logged: the test proves nothing")
		}
	}

	t.Run("emulator failures", func(t *testing.T) {
		h := newHarness(t, nil)
		p, stored := h.addThread(t, 150)
		ctx := ctxT(t)
		id := stored[0].ID
		add := func(err error) {
			if err == nil {
				t.Fatal("expected an error")
			}
			errs = append(errs, err)
		}

		h.emu.FailNextHTML(10, 502)
		add(h.client.Hide(ctx, id))
		h.emu.ClearFaults()

		h.emu.FailNextWith(1, graphemu.APIError{Code: 200, Message: "(#200) Permissions error"})
		add(h.client.Hide(ctx, id))

		h.emu.FailNextWith(1, graphemu.APIError{Code: 100, Message: "(#100) Invalid parameter"})
		_, err := h.client.Reply(ctx, id, "x")
		add(err)

		// Failures on the second page, whose link carries the token.
		h.emu.PassNext(1)
		h.emu.FailNextHTML(5, 502)
		_, err = h.client.Comments(ctx, p.ID, time.Time{})
		add(err)
		h.emu.PassNext(1)
		h.emu.FailNextWith(1, graphemu.APIError{Code: 100, Message: "(#100) The after parameter is not a valid cursor"})
		_, err = h.client.Comments(ctx, p.ID, time.Time{})
		add(err)

		h.emu.ExpireToken(graphemu.SubcodeExpired)
		add(h.client.Hide(ctx, id))
		add(h.client.Delete(ctx, id))
		add(h.client.CheckToken(ctx))
		h.emu.RestoreToken()
		if err := h.client.CheckToken(ctx); err != nil {
			t.Fatal(err)
		}

		h.emu.SetThrottle(graphemu.Throttle{Until: h.clk.Now().Add(time.Hour)})
		add(h.client.Hide(ctx, id))
		add(h.client.Unhide(ctx, id))
		st := h.client.Status()
		for _, s := range secrets {
			if strings.Contains(fmt.Sprintf("%+v", st), s) {
				t.Errorf("status holds a secret: %+v", st)
			}
		}
		check(t, h)
	})

	t.Run("transport failures", func(t *testing.T) {
		// The emulator answers too slowly for the client's timeout.
		h := newHarness(t, func(o *graph.Options) {
			o.HTTPClient = &http.Client{Timeout: 50 * time.Millisecond}
			o.MaxAttempts = 2
		})
		h.emu.SetLatency(10 * time.Second)
		ctx := ctxT(t)
		err := h.client.Hide(ctx, "1_2")
		if graph.ClassOf(err) != graph.ClassTransient {
			t.Fatalf("timeout: got %v, want ClassTransient", err)
		}
		errs = append(errs, err)
		h.emu.SetLatency(0)

		// Nothing listens any more.
		dead := httptest.NewServer(http.NotFoundHandler())
		dead.Close()
		c, err := graph.New(graph.Options{BaseURL: dead.URL, AccessToken: testToken, AppSecret: testSecret,
			Logger: h.logger, Sleep: h.clk.Sleep, Now: h.clk.Now})
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.Comments(ctx, "1_2", time.Time{})
		var ge *graph.Error
		if !errors.As(err, &ge) || ge.Class != graph.ClassTransient {
			t.Fatalf("connection refused: got %v, want ClassTransient", err)
		}
		errs = append(errs, err)
		check(t, h)
	})
}
