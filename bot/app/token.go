package app

import (
	"bytes"
	"context"
	"math/rand/v2"
	"os"
	"strings"
	"time"

	"go.uber.org/zap"

	"github.com/vigie-fr/vigie/bot/graph"
	"github.com/vigie-fr/vigie/config"
)

const (
	// maxPaceWait bounds how long a Graph call waits for its pace slot;
	// longer, the comment is parked in the retry set instead of holding a
	// worker goroutine.
	maxPaceWait = 10 * time.Second
	// tokenTick is how often the token watch looks at the token's state
	// and at the secret file.
	tokenTick = 5 * time.Second
	// Re-checks of a refused token back off from tokenRecheckMin to
	// tokenRecheckMax: a Meta-side incident clears by itself, and a
	// replaced token is found within seconds.
	tokenRecheckMin = 5 * time.Second
	tokenRecheckMax = 2 * time.Minute
)

// recordAlertFor is called by the Graph client of the token in file (or
// envName), serving accounts, once per outage, when a human
// must act. It writes the one log line of the outage, saying in English
// what to do, and stores the alert with the same advice in French for the
// référent and the IT contact.
func (a *App) recordAlertFor(al graph.Alert, file, envName string, accounts []string) {
	g := a.cfg.Graph
	g.PageTokenFile = file
	hint, advice := alertAdvice(al, g, envName)
	al.Advice = advice
	a.log.Error("alert: "+al.Kind+": "+hint, zap.String("kind", al.Kind), zap.String("op", al.Op),
		zap.Int("code", al.Code), zap.Int("subcode", al.Subcode), zap.String("meta_message", al.Message))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := a.store.RecordAccountAlert(ctx, al, accounts); err != nil {
		a.log.Error("record alert", zap.Error(err))
	}
}

// tokenRecovered is called by the Graph client when the token works again:
// the actions refused meanwhile run now, not after a backoff that grew
// during the outage.
func (a *App) tokenRecovered() { a.expediteTokenRetries(false) }

// expediteTokenRetries makes due now the actions that failed for the
// token. At start-up it covers a token fixed while Vigie was stopped.
func (a *App) expediteTokenRetries(startup bool) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	n, err := a.store.ExpediteRetries(ctx, graph.ClassToken.String())
	if err != nil {
		a.log.Warn("expediting the actions refused while the token was bad failed; they run at their retry time", zap.Error(err))
		return
	}
	if !startup || n > 0 {
		a.log.Info("page token works; actions refused while it did not resume now", zap.Int("actions", n))
	}
}

// watchToken checks the Page token at start, so /readyz tells the truth
// before the first comment; while Meta refuses it, re-checks with backoff
// from 5 s to 2 min; and whenever graph.page_token_file changes, takes the
// new token and checks it at once. A token from VIGIE_PAGE_TOKEN is read
// only at start-up.
func (a *App) watchToken(ctx context.Context, tc *tokenClient) error {
	file, client := tc.file, tc.client
	var last []byte
	if file != "" {
		last, _ = readToken(file)
	}
	check := func() bool {
		cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		err := client.CheckToken(cctx)
		if err != nil && ctx.Err() == nil {
			// The alert already said what to do; re-checks stay quiet.
			a.log.Debug("page token check failed", zap.String("class", graph.ClassOf(err).String()))
		}
		return err == nil
	}
	if check() {
		// The token may have been fixed while Vigie was stopped: what was
		// refused before the restart runs now.
		a.expediteTokenRetries(true)
	}
	delay := tokenRecheckMin
	next := time.Now().Add(delay)
	t := time.NewTicker(tokenTick)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
		if file != "" {
			if tok, err := readToken(file); err == nil && !bytes.Equal(tok, last) {
				last = tok
				if err := client.SetAccessToken(string(tok)); err == nil {
					a.log.Info("page token file changed; checking the new token", zap.String("file", file))
					if check() {
						delay = tokenRecheckMin
						continue
					}
					delay, next = tokenRecheckMin, time.Now().Add(tokenRecheckMin)
				}
			}
		}
		if client.Status().TokenValid {
			delay, next = tokenRecheckMin, time.Now().Add(tokenRecheckMin)
			continue
		}
		if time.Now().Before(next) {
			continue
		}
		if check() {
			delay = tokenRecheckMin
			continue
		}
		delay = min(2*delay, tokenRecheckMax)
		next = time.Now().Add(delay/2 + rand.N(delay/2+1))
	}
}

// readToken reads the token file as config does: trimmed, non-empty.
func readToken(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return nil, os.ErrNotExist
	}
	return b, nil
}

// alertAdvice says what to do about an alert: in English for the log, in
// French for the stored alert. Where the token comes from decides whether
// a restart is needed.
func alertAdvice(al graph.Alert, g config.Graph, envName string) (hint, advice string) {
	if envName == "" {
		envName = config.EnvPageToken
	}
	tokenEN := "set " + envName + " to a new long-lived Page token and restart Vigie (the environment is read only at start-up; with graph.page_token_file a new token is taken without a restart)"
	tokenFR := "mettez un nouveau jeton de Page longue durée dans la variable " + envName + " puis redémarrez Vigie (la variable n'est lue qu'au démarrage ; avec graph.page_token_file, un nouveau jeton est pris sans redémarrage)"
	if g.PageTokenFile != "" {
		tokenEN = "write a new long-lived Page token to " + g.PageTokenFile + "; Vigie re-reads it within seconds, no restart needed"
		tokenFR = "écrivez un nouveau jeton de Page longue durée dans le fichier " + g.PageTokenFile + " ; Vigie le relit en quelques secondes, sans redémarrage"
	}
	const perms = "pages_manage_engagement, pages_read_engagement, pages_read_user_content, pages_show_list"
	switch al.Kind {
	case graph.AlertTokenInvalid:
		why := "Meta refuses the Page token (expired, password changed, or access revoked)"
		pourquoi := "Meta refuse le jeton de la Page (expiré, mot de passe changé ou accès retiré)"
		return why + ": " + tokenEN + ". The token needs " + perms + " and a user with the Moderate task on the Page. Comments wait meanwhile; nothing is lost.",
			pourquoi + " : " + tokenFR + ". Le jeton doit porter les autorisations " + perms + " et venir d'un compte qui a la tâche « Modérer » sur la Page. Les commentaires attendent en attendant ; rien n'est perdu."
	case graph.AlertPermission:
		return "the app lacks a permission for " + al.Op + ": grant " + perms + " to the Meta app (pages_manage_engagement hides comments), check that the token's user has the Moderate task on the Page, then " + tokenEN + ". Affected comments are retried.",
			"il manque une autorisation à l'application Meta pour « " + al.Op + " » : accordez " + perms + " (pages_manage_engagement sert à masquer), vérifiez que le compte du jeton a la tâche « Modérer » sur la Page, puis " + tokenFR + ". Les commentaires concernés sont réessayés."
	case graph.AlertPolicy:
		return "Meta blocks " + al.Op + " for policy reasons: check Meta Business Suite > Account quality and that the app is in Live mode. No restart needed; Vigie retries by itself.",
			"Meta bloque « " + al.Op + " » pour une raison de règlement : vérifiez Meta Business Suite > Qualité du compte et que l'application est en mode « Live ». Aucun redémarrage n'est nécessaire ; Vigie réessaie de lui-même."
	case graph.AlertThrottled:
		return "Meta throttles Vigie's calls for a long time: nothing to do, Vigie resumes by itself when the wait is over; if this recurs daily, poll less often (poll.schedule). No restart needed.",
			"Meta ralentit longuement les appels de Vigie : rien à faire, Vigie reprend de lui-même à la fin du délai ; si cela revient chaque jour, espacez le relevé (poll.schedule). Aucun redémarrage n'est nécessaire."
	}
	return "see the logs for " + strings.TrimSpace(al.Op), "consultez les journaux de Vigie (" + al.Kind + ")."
}
