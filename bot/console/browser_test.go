package console_test

import (
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/vigie-fr/vigie/bot/review/reviewtest"
	"github.com/vigie-fr/vigie/bot/store"
	"github.com/vigie-fr/vigie/moderation"
)

// chromium finds Debian's Chromium; the test fails (never skips) without
// it.
func chromium(t *testing.T) string {
	t.Helper()
	for _, p := range []string{"/usr/bin/chromium", "chromium", "chromium-browser"} {
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	t.Fatal("chromium est absent : le test du navigateur en a besoin. Installez-le avec « apt-get install -y chromium » (ou lancez .ci/deps.sh)")
	return ""
}

func browser(t *testing.T, width, height int64, mobile bool) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(int(width), int(height)),
	)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelB := chromedp.NewContext(actx)
	tctx, cancelT := context.WithTimeout(bctx, 90*time.Second)
	t.Cleanup(func() { cancelT(); cancelB(); cancelA() })
	var emu []chromedp.EmulateViewportOption
	if mobile {
		emu = append(emu, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulateScale(3))
	}
	if err := chromedp.Do(tctx, chromedp.EmulateViewport(width, height, emu...)); err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	return tctx
}

func TestBrowserScenario(t *testing.T) {
	viewports := []struct {
		name          string
		width, height int64
		mobile        bool
	}{
		{"desktop", 1280, 900, false},
		{"phone", 390, 844, true},
	}
	for _, vp := range viewports {
		t.Run(vp.name, func(t *testing.T) {
			s := newSite(t, false)
			queued := s.Seed("Le maire est un sale menteur et un abruti", store.StateQueued, insult)
			hidden := s.Seed("Je vais lui casser la figure", store.StateHidden, reviewtest.Verdict(moderation.ActionHide, "", moderation.Menace))
			b := browser(t, vp.width, vp.height, vp.mobile)

			var flash, history string
			err := chromedp.Do(b,
				chromedp.Navigate(s.srv.URL+"/file"),
				chromedp.WaitVisible(chromedp.CSS("#nom")),
				chromedp.SendKeys(chromedp.CSS("#nom"), testUser),
				chromedp.SendKeys(chromedp.CSS("#motdepasse"), testPassword),
				chromedp.Click(chromedp.CSS(`form.login button[type="submit"]`)),
				chromedp.WaitVisible(chromedp.CSS("#c-"+queued.CommentID)),
			)
			if err != nil {
				t.Fatalf("login: %v", err)
			}
			queueText := text(t, b, "#c-"+queued.CommentID)
			overflow, err := chromedp.Run(b, chromedp.Evaluate[bool](`document.documentElement.scrollWidth <= window.innerWidth`))
			if err != nil {
				t.Fatal(err)
			}
			if err := chromedp.Do(b,
				chromedp.Click(chromedp.CSS(`button[value="approve|`+queued.CommentID+`"]`)),
				chromedp.WaitVisible(chromedp.CSS("#flash")),
			); err != nil {
				t.Fatalf("approve: %v", err)
			}
			flash = text(t, b, "#flash")
			for _, want := range []string{"sale menteur", "injure ou propos grossier", "Fermeture de la piscine", "Jean Habitant"} {
				if !strings.Contains(queueText, want) {
					t.Errorf("the queued item lacks %q: %s", want, queueText)
				}
			}
			if !overflow {
				t.Errorf("the queue page scrolls sideways at %dx%d", vp.width, vp.height)
			}
			if !strings.Contains(flash, "commentaire masqué") {
				t.Fatalf("outcome message = %q", flash)
			}
			if c, _ := s.Emu.Comment(queued.CommentID); !c.Hidden {
				t.Fatal("the emulator does not show the approved comment hidden")
			}
			err = chromedp.Do(b,
				chromedp.Navigate(s.srv.URL+"/historique?decision=approve"),
				chromedp.WaitVisible(chromedp.CSS("table.audit")),
			)
			if err != nil {
				t.Fatalf("history: %v", err)
			}
			history = text(t, b, "table.audit")
			today := time.Now().In(mustParis()).Format("02/01/2006")
			if !strings.Contains(history, testUser) || !strings.Contains(history, "approuvé") || !strings.Contains(history, today) {
				t.Fatalf("the audit does not show who and when: %s", history)
			}

			// Restore the auto-hidden comment in one click.
			err = chromedp.Do(b,
				chromedp.Navigate(s.srv.URL+"/masques"),
				chromedp.WaitVisible(chromedp.CSS("#c-"+hidden.CommentID)),
				chromedp.Click(chromedp.CSS(`button[value="reject|`+hidden.CommentID+`"]`)),
				chromedp.WaitVisible(chromedp.CSS("#flash")),
			)
			if err != nil {
				t.Fatalf("restore: %v", err)
			}
			flash = text(t, b, "#flash")
			if c, _ := s.Emu.Comment(hidden.CommentID); c.Hidden || !strings.Contains(flash, "rendu visible") {
				t.Fatalf("restore: hidden=%v, message %q", c.Hidden, flash)
			}
			got, _, _ := s.Store.Item(ctx, hidden.CommentID)
			if got.ReviewedBy != testUser || got.ReviewedAt.IsZero() {
				t.Fatalf("restored item reviewed by %q at %v", got.ReviewedBy, got.ReviewedAt)
			}
		})
	}
}

func text(t *testing.T, b context.Context, sel string) string {
	t.Helper()
	v, err := chromedp.Run(b, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return v
}

func mustParis() *time.Location {
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		panic(err)
	}
	return loc
}
