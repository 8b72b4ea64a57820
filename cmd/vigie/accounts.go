package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/vigie-fr/vigie/bot/graph"
	"github.com/vigie-fr/vigie/config"
)

// Permissions Vigie needs, with what each one is for.
var (
	pagePermissions = []struct{ name, why string }{
		{"pages_show_list", "trouver la Page"},
		{"pages_read_engagement", "lire les publications et commentaires"},
		{"pages_read_user_content", "lire les commentaires des visiteurs"},
		{"pages_manage_engagement", "masquer, supprimer et répondre"},
		{"pages_manage_metadata", "abonner l'application aux webhooks de la Page"},
	}
	instagramPermissions = []struct{ name, why string }{
		{"instagram_basic", "lire le compte Instagram et ses publications"},
		{"instagram_manage_comments", "lire, masquer et supprimer les commentaires Instagram"},
	}
)

// cmdAccountsCheck calls the Graph API for each configured account and
// says, in French, what works and what is missing, with what to do.
// Exit 0 when everything works, 1 when something is missing, 2 when the
// configuration cannot be read.
func cmdAccountsCheck(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("accounts check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	path := fs.String("config", defaultConfigPath, "fichier de configuration")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	cfg, err := config.Load(*path)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	chk := &accountsChecker{cfg: cfg, w: stdout, clients: map[string]*graph.Client{}}
	for _, p := range cfg.Pages {
		chk.page(ctx, p)
	}
	for _, ig := range cfg.Instagram {
		chk.instagram(ctx, ig)
	}
	fmt.Fprintln(stdout)
	if chk.problems > 0 {
		fmt.Fprintf(stdout, "%d point(s) à corriger : suivez les consignes « → » ci-dessus, puis relancez vigie accounts check.\n", chk.problems)
		return 1
	}
	fmt.Fprintln(stdout, "Tous les comptes sont prêts.")
	return 0
}

type accountsChecker struct {
	cfg      *config.Config
	w        io.Writer
	clients  map[string]*graph.Client // by token source
	scopes   map[*graph.Client][]string
	problems int
}

func (a *accountsChecker) ok(format string, args ...any) {
	fmt.Fprintf(a.w, "  ✓ "+format+"\n", args...)
}

func (a *accountsChecker) bad(todo, format string, args ...any) {
	a.problems++
	fmt.Fprintf(a.w, "  ✗ "+format+"\n", args...)
	fmt.Fprintf(a.w, "    → %s\n", todo)
}

// tokenSource says where an account's token comes from, in French.
func tokenSource(file, env string) string {
	if file != "" {
		return "fichier " + file
	}
	return "variable " + env
}

// client returns the Graph client of an account's token (nil when the
// configuration has none for it).
func (a *accountsChecker) client(accountID string) (*graph.Client, string) {
	tok, file, env := a.cfg.PageToken(accountID)
	src := tokenSource(file, env)
	if c := a.clients[src]; c != nil {
		return c, src
	}
	if !tok.IsSet() {
		return nil, src
	}
	c, err := graph.New(graph.Options{
		BaseURL: a.cfg.Graph.BaseURL, Version: a.cfg.Graph.Version, AccessToken: tok.Reveal(),
		AppSecret: a.cfg.Graph.AppSecret.Reveal(), HTTPClient: &http.Client{Timeout: a.cfg.Graph.Timeout.D()},
		MaxAttempts: 2,
	})
	if err != nil {
		return nil, src
	}
	a.clients[src] = c
	return c, src
}

// grants reads the token's permissions once per token.
func (a *accountsChecker) grants(ctx context.Context, c *graph.Client) ([]string, error) {
	if a.scopes == nil {
		a.scopes = map[*graph.Client][]string{}
	}
	if s, ok := a.scopes[c]; ok {
		return s, nil
	}
	info, err := c.TokenInfo(ctx)
	if err != nil {
		return nil, err
	}
	a.scopes[c] = info.Scopes
	return info.Scopes, nil
}

func (a *accountsChecker) page(ctx context.Context, p config.Page) {
	c, src := a.client(p.ID)
	fmt.Fprintf(a.w, "\nPage Facebook « %s » (%s) — jeton : %s\n", p.Name, p.ID, src)
	if c == nil {
		a.bad(fmt.Sprintf("créez un jeton de Page longue durée (tâche « Modérer » sur la Page) et mettez-le dans pages[].page_token_file, la variable %s ou graph.page_token_file", config.PageTokenEnv(p.ID)), "aucun jeton")
		return
	}
	id, name, err := c.Me(ctx)
	if err != nil {
		a.bad(explain(err), "jeton refusé par Meta (%s)", graph.ClassOf(err))
		return
	}
	switch {
	case id == p.ID:
		a.ok("jeton valide : c'est celui de la Page « %s »", name)
	default:
		a.ok("jeton valide (il appartient à %s, pas à la Page elle-même : un jeton d'utilisateur système convient s'il gère la Page)", id)
	}
	a.permissions(ctx, c, pagePermissions[:], "de la Page")
	apps, err := c.SubscribedApps(ctx, p.ID)
	switch {
	case err != nil:
		a.bad(explain(err), "abonnement aux webhooks illisible (%s)", graph.ClassOf(err))
	case !subscribedTo(apps, "feed"):
		a.bad(fmt.Sprintf("abonnez l'application à la Page : POST /%s/subscribed_apps?subscribed_fields=feed avec le jeton de la Page (il faut pages_manage_metadata) ; en attendant, Vigie ne voit les commentaires qu'au relevé périodique", p.ID), "l'application n'est pas abonnée aux webhooks « feed » de la Page")
	default:
		a.ok("webhooks : l'application est abonnée au champ « feed » de la Page")
	}
}

func (a *accountsChecker) instagram(ctx context.Context, ig config.Instagram) {
	c, src := a.client(ig.ID)
	fmt.Fprintf(a.w, "\nCompte Instagram « %s » (%s), lié à la Page %s — jeton : %s\n", ig.Name, ig.ID, ig.PageID, src)
	if c == nil {
		a.bad("donnez un jeton à la Page liée (voir plus haut)", "aucun jeton")
		return
	}
	linked, err := c.LinkedInstagram(ctx, ig.PageID)
	switch {
	case err != nil:
		a.bad(explain(err), "lien entre la Page et le compte Instagram illisible (%s)", graph.ClassOf(err))
		return
	case linked == "":
		a.bad("reliez le compte Instagram professionnel à la Page (Meta Business Suite > Paramètres > Comptes Instagram)", "aucun compte Instagram n'est relié à la Page %s", ig.PageID)
		return
	case linked != ig.ID:
		a.bad(fmt.Sprintf("corrigez instagram[].id dans la configuration : la Page est reliée au compte %s", linked), "la Page %s est reliée au compte %s, pas à %s", ig.PageID, linked, ig.ID)
		return
	default:
		a.ok("compte relié à la Page %s", ig.PageID)
	}
	a.permissions(ctx, c, instagramPermissions[:], "du compte Instagram")
	apps, err := c.SubscribedApps(ctx, ig.PageID)
	if err == nil && len(apps) == 0 {
		a.bad(fmt.Sprintf("activez les abonnements de la Page liée (POST /%s/subscribed_apps) et abonnez l'application à l'objet Instagram, champs comments et live_comments, dans le tableau de bord Meta", ig.PageID), "les webhooks Instagram ne peuvent pas arriver : l'application n'est pas installée sur la Page liée")
	} else if err == nil {
		a.ok("webhooks : l'application est installée sur la Page liée (vérifiez aussi l'abonnement Instagram « comments » dans le tableau de bord Meta)")
	}
}

func (a *accountsChecker) permissions(ctx context.Context, c *graph.Client, need []struct{ name, why string }, what string) {
	scopes, err := a.grants(ctx, c)
	if err != nil {
		a.bad(explain(err), "autorisations du jeton illisibles (%s)", graph.ClassOf(err))
		return
	}
	var missing []string
	for _, p := range need {
		if !slices.Contains(scopes, p.name) {
			missing = append(missing, p.name+" ("+p.why+")")
		}
	}
	if len(missing) == 0 {
		a.ok("autorisations %s accordées", what)
		return
	}
	a.bad("accordez ces autorisations à l'application Meta, puis créez un nouveau jeton de Page avec elles", "autorisation(s) manquante(s) : %s", strings.Join(missing, ", "))
}

func subscribedTo(apps []graph.SubscribedApp, field string) bool {
	for _, a := range apps {
		if slices.Contains(a.Fields, field) {
			return true
		}
	}
	return false
}

// explain says what to do about a failed call.
func explain(err error) string {
	switch graph.ClassOf(err) {
	case graph.ClassToken:
		return "le jeton est expiré ou révoqué : créez un nouveau jeton de Page longue durée et remplacez l'ancien"
	case graph.ClassPermission:
		return "il manque une autorisation ou la tâche « Modérer » sur la Page au compte qui a créé le jeton"
	case graph.ClassThrottled:
		return "Meta limite les appels pour l'instant : réessayez plus tard"
	case graph.ClassNotFound, graph.ClassInvalid:
		return "vérifiez l'identifiant dans la configuration"
	}
	return "vérifiez graph.base_url et l'accès réseau à l'API Graph, puis réessayez"
}
