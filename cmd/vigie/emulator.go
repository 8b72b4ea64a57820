package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"hash/fnv"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"regexp"
	"strings"
	"syscall"
	"time"

	"github.com/vigie-fr/vigie/bot/graphemu"
	"github.com/vigie-fr/vigie/config"
)

// The emulator's control paths, beside the Graph API paths it emulates.
const (
	emuCommentsPath = "/_vigie/comments"
	defaultEmuAddr  = "127.0.0.1:8999"
	// emuIDStride separates the ids the emulated Pages hand out.
	emuIDStride = 10_000_000_000
)

// cmdEmulator rehearses `vigie run` before Meta approves the app: it
// serves the Graph API emulator as every Page and Instagram account of the
// configuration, with their ids, tokens and the app secret, and posts
// comments to them that reach Vigie by a signed webhook, as Meta would
// send them.
func cmdEmulator(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		emulatorUsage(stderr)
		return 2
	}
	switch args[0] {
	case "serve":
		return emulatorServe(args[1:], stdout, stderr)
	case "comment":
		return emulatorComment(args[1:], stdout, stderr)
	case "list":
		return emulatorList(args[1:], stdout, stderr)
	}
	fmt.Fprintf(stderr, "vigie emulator : action inconnue « %s »\n", args[0])
	emulatorUsage(stderr)
	return 2
}

func emulatorUsage(w io.Writer) {
	fmt.Fprint(w, `Usage :
  vigie emulator serve --config FICHIER [--listen 127.0.0.1:8999] [--page-size N]
      simule l'API Graph pour toutes les Pages et tous les comptes Instagram
      de la configuration, chacun avec son jeton
  vigie emulator comment [--emulator URL] [--page ID] [--instagram[=ID]]
                         [--reply-to ID] [--auteur NOM] [--no-webhook] "texte"
      publie un commentaire (sur la première Page par défaut, ou sur la Page
      ou le compte Instagram choisi ; --reply-to : en réponse à un
      commentaire) et l'envoie à Vigie par webhook signé
  vigie emulator list [--emulator URL] [--page ID] [--instagram[=ID]]
      liste les commentaires de tous les comptes (ou du compte choisi) et
      leur état (visible, masqué, supprimé)
`)
}

// emuComment is what the control paths exchange.
type emuComment struct {
	ID      string `json:"id"`
	Author  string `json:"author"`
	Text    string `json:"text"`
	Hidden  bool   `json:"hidden"`
	Deleted bool   `json:"deleted"`
	Webhook int    `json:"webhook_status,omitempty"`
	// Platform is "facebook" (default) or "instagram".
	Platform string `json:"platform,omitempty"`
	Error    string `json:"error,omitempty"`
	// Page and Instagram choose the account (a Page id, an Instagram
	// account id); the answers name the comment's account in Account.
	Page      string `json:"page,omitempty"`
	Instagram string `json:"instagram,omitempty"`
	Account   string `json:"account,omitempty"`
	// ReplyTo is the comment replied to.
	ReplyTo string `json:"reply_to,omitempty"`
	// NoWebhook publishes without telling Vigie: only its poll finds it.
	NoWebhook bool `json:"no_webhook,omitempty"`
}

func emulatorServe(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("emulator serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	path := fs.String("config", defaultConfigPath, "fichier de configuration de Vigie (Pages, comptes Instagram et secrets)")
	listen := fs.String("listen", defaultEmuAddr, "adresse d'écoute de l'émulateur")
	pageSize := fs.Int("page-size", 0, "nombre maximal d'éléments par page des listes (publications, commentaires, réponses) ; petit, il fait paginer Vigie ; 0 : comme Meta")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if *pageSize < 0 {
		fmt.Fprintln(stderr, "vigie emulator serve : --page-size doit être positif ou nul")
		return 2
	}
	cfg, err := config.Load(*path)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	reh, err := newRehearsal(cfg, *pageSize)
	if err != nil {
		fmt.Fprintf(stderr, "vigie emulator : %v\n", err)
		return 2
	}
	l, err := net.Listen("tcp", *listen)
	if err != nil {
		fmt.Fprintf(stderr, "vigie emulator : écoute sur %s impossible : %v\n", *listen, err)
		return 1
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := reh.serve(ctx, l, stdout); err != nil {
		fmt.Fprintf(stderr, "vigie emulator : %v\n", err)
		return 1
	}
	return 0
}

// rehearsal is the emulator standing for every account of a configuration.
type rehearsal struct {
	cfg        *config.Config
	group      *graphemu.Group
	pages      []*emuPage // in the configuration's order
	webhookURL string
}

// emuPage is one emulated Page, its linked Instagram account if the
// configuration lists one, and the post and media comments go to.
type emuPage struct {
	page  config.Page
	ig    *config.Instagram
	emu   *graphemu.Server
	post  graphemu.Post
	media graphemu.Media
}

func (p *emuPage) name() string {
	if p.page.Name != "" {
		return p.page.Name
	}
	return "Page " + p.page.ID
}

func (p *emuPage) igName() string {
	if p.ig.Name != "" {
		return p.ig.Name
	}
	return "Instagram " + p.ig.ID
}

// newRehearsal builds one emulated Page per Page of the configuration,
// each accepting its own token (pages[].page_token_file, its variable, or
// the default token, as `vigie run` reads them) and the app secret, each
// with the Instagram account the configuration links to it.
func newRehearsal(cfg *config.Config, pageSize int) (*rehearsal, error) {
	r := &rehearsal{cfg: cfg, webhookURL: "http://" + loopbackAddr(cfg.Listen) + "/webhooks/meta"}
	var servers []*graphemu.Server
	for i, p := range cfg.Pages {
		tok, _, _ := cfg.PageToken(p.ID)
		ep := &emuPage{page: p}
		opts := graphemu.Options{
			PageID:      p.ID,
			PageName:    p.Name,
			AccessToken: tok.Reveal(),
			AppSecret:   cfg.Graph.AppSecret.Reveal(),
			IDOffset:    uint64(i) * emuIDStride,
			MaxPageSize: pageSize,
			NoInstagram: true,
		}
		for j := range cfg.Instagram {
			if cfg.Instagram[j].PageID == p.ID {
				ep.ig = &cfg.Instagram[j]
				opts.NoInstagram = false
				opts.InstagramID = ep.ig.ID
				opts.InstagramUsername = strings.TrimPrefix(ep.ig.Name, "@")
				break // Meta links one Instagram account to a Page
			}
		}
		ep.emu = graphemu.New(opts)
		ep.post = ep.emu.AddPost(graphemu.NewPost{Message: "Répétition : la fête de la commune aura lieu samedi sur la place."})
		if ep.ig != nil {
			ep.media = ep.emu.AddMedia(graphemu.NewMedia{Caption: "Répétition : le marché de Noël ouvre samedi."})
		}
		r.pages = append(r.pages, ep)
		servers = append(servers, ep.emu)
	}
	g, err := graphemu.NewGroup(servers...)
	if err != nil {
		return nil, err
	}
	r.group = g
	return r, nil
}

// knownPages and knownInstagram list the accounts, for error messages.
func (r *rehearsal) knownPages() string {
	var out []string
	for _, p := range r.pages {
		out = append(out, p.page.ID+" ("+p.name()+")")
	}
	return strings.Join(out, ", ")
}

func (r *rehearsal) hasInstagram() bool {
	for _, p := range r.pages {
		if p.ig != nil {
			return true
		}
	}
	return false
}

func (r *rehearsal) knownInstagram() string {
	var out []string
	for _, p := range r.pages {
		if p.ig != nil {
			out = append(out, p.ig.ID+" ("+p.igName()+")")
		}
	}
	if len(out) == 0 {
		return "aucun (la configuration ne liste aucun compte Instagram relié à une de ses Pages, clé instagram)"
	}
	return strings.Join(out, ", ")
}

// account finds the account a request names: an Instagram account by
// id, or the one linked to the Page named, or the first one; else a Page
// by id, or the first Page.
func (r *rehearsal) account(pageID, igID string, instagram bool) (*emuPage, bool, error) {
	if igID != "" {
		for _, p := range r.pages {
			if p.ig != nil && p.ig.ID == igID {
				return p, true, nil
			}
		}
		return nil, false, fmt.Errorf("le compte Instagram %s n'est pas dans la configuration ; comptes Instagram émulés : %s", igID, r.knownInstagram())
	}
	var page *emuPage
	if pageID != "" {
		for _, p := range r.pages {
			if p.page.ID == pageID {
				page = p
			}
		}
		if page == nil {
			return nil, false, fmt.Errorf("la Page %s n'est pas dans la configuration ; Pages émulées : %s", pageID, r.knownPages())
		}
	}
	if !instagram {
		if page == nil {
			page = r.pages[0]
		}
		return page, false, nil
	}
	if page != nil {
		if page.ig == nil {
			return nil, false, fmt.Errorf("aucun compte Instagram n'est relié à la Page %s dans la configuration ; comptes Instagram émulés : %s", page.page.ID, r.knownInstagram())
		}
		return page, true, nil
	}
	for _, p := range r.pages {
		if p.ig != nil {
			return p, true, nil
		}
	}
	return nil, false, fmt.Errorf("aucun compte Instagram à émuler : %s", r.knownInstagram())
}

// emuError answers a control request with a message for the person at the
// terminal.
func emuError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": msg})
}

func (r *rehearsal) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+emuCommentsPath, r.postComment)
	mux.HandleFunc("GET "+emuCommentsPath, r.listComments)
	mux.Handle("/", r.group)
	return mux
}

func (r *rehearsal) postComment(w http.ResponseWriter, req *http.Request) {
	var in emuComment
	if err := json.NewDecoder(io.LimitReader(req.Body, 1<<20)).Decode(&in); err != nil || strings.TrimSpace(in.Text) == "" {
		emuError(w, http.StatusBadRequest, "texte manquant")
		return
	}
	if in.Author == "" {
		in.Author = "Habitant de test"
	}
	var (
		acct *emuPage
		ig   bool
		err  error
	)
	if in.ReplyTo != "" {
		acct, ig = r.ownerOf(in.ReplyTo)
		if acct == nil {
			emuError(w, http.StatusBadRequest, "le commentaire "+in.ReplyTo+" n'existe pas dans l'émulateur (« vigie emulator list » donne les identifiants)")
			return
		}
	} else if acct, ig, err = r.account(in.Page, in.Instagram, in.Platform == "instagram"); err != nil {
		emuError(w, http.StatusBadRequest, err.Error())
		return
	}

	var out emuComment
	var payload []byte
	if ig {
		nc := graphemu.NewIGComment{FromID: authorID(in.Author), Username: in.Author, Text: in.Text}
		var c graphemu.IGComment
		if in.ReplyTo != "" {
			c, err = acct.emu.AddIGReply(in.ReplyTo, nc)
		} else {
			c, err = acct.emu.AddIGComment(acct.media.ID, nc)
		}
		if err != nil {
			emuError(w, http.StatusBadRequest, "commentaire refusé : "+err.Error())
			return
		}
		out = emuComment{ID: c.ID, Author: c.Username, Text: c.Text, Platform: "instagram", Instagram: acct.ig.ID, Account: acct.igName(), ReplyTo: c.ParentID}
		if !in.NoWebhook {
			payload, err = acct.emu.InstagramWebhook(c.ID, "comments", false)
		}
	} else {
		nc := graphemu.NewComment{FromID: authorID(in.Author), FromName: in.Author, Message: in.Text}
		var c graphemu.Comment
		if in.ReplyTo != "" {
			c, err = acct.emu.AddReply(in.ReplyTo, nc)
		} else {
			c, err = acct.emu.AddComment(acct.post.ID, nc)
		}
		if err != nil {
			emuError(w, http.StatusBadRequest, "commentaire refusé : "+err.Error())
			return
		}
		out = emuComment{ID: c.ID, Author: c.FromName, Text: c.Message, Platform: "facebook", Page: acct.page.ID, Account: acct.name()}
		if c.ParentID != c.PostID {
			out.ReplyTo = c.ParentID
		}
		if !in.NoWebhook {
			payload, err = acct.emu.CommentWebhook(c.ID, "add")
		}
	}
	// Meta sends the webhook right away; Vigie's poller would also find
	// the comment on its next round.
	if err == nil && payload != nil {
		sctx, cancel := context.WithTimeout(req.Context(), 10*time.Second)
		out.Webhook, err = acct.emu.SendWebhook(sctx, r.webhookURL, payload)
		cancel()
		if err != nil {
			out.Error = "Vigie ne répond pas sur " + r.webhookURL + " (le relevé périodique trouvera le commentaire)"
		}
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(out)
}

// ownerOf finds the account holding a comment.
func (r *rehearsal) ownerOf(commentID string) (*emuPage, bool) {
	for _, p := range r.pages {
		if _, ok := p.emu.Comment(commentID); ok {
			return p, false
		}
		if _, ok := p.emu.IGComment(commentID); ok {
			return p, true
		}
	}
	return nil, false
}

func (r *rehearsal) listComments(w http.ResponseWriter, req *http.Request) {
	q := req.URL.Query()
	all := q.Get("page") == "" && q.Get("instagram") == "" && q.Get("platform") == ""
	var only *emuPage
	onlyIG := false
	if !all {
		var err error
		if only, onlyIG, err = r.account(q.Get("page"), q.Get("instagram"), q.Get("platform") == "instagram"); err != nil {
			emuError(w, http.StatusBadRequest, err.Error())
			return
		}
	}
	out := []emuComment{}
	for _, p := range r.pages {
		if only != nil && p != only {
			continue
		}
		if all || !onlyIG {
			for _, c := range p.emu.Comments(p.post.ID) {
				e := emuComment{ID: c.ID, Author: c.FromName, Text: c.Message, Hidden: c.Hidden, Deleted: c.Deleted, Platform: "facebook", Page: p.page.ID, Account: p.name()}
				if c.ParentID != c.PostID {
					e.ReplyTo = c.ParentID
				}
				out = append(out, e)
			}
		}
		if p.ig != nil && (all || onlyIG) {
			for _, c := range p.emu.IGComments(p.media.ID) {
				out = append(out, emuComment{ID: c.ID, Author: c.Username, Text: c.Text, Hidden: c.Hidden, Deleted: c.Deleted, Platform: "instagram",
					Instagram: p.ig.ID, Account: p.igName(), ReplyTo: c.ParentID})
			}
		}
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(out)
}

// serve serves the emulator on l until ctx ends.
func (r *rehearsal) serve(ctx context.Context, l net.Listener, stdout io.Writer) error {
	base := "http://" + l.Addr().String() + "/"
	fmt.Fprintf(stdout, "Émulateur de l'API Graph sur %s, pour %d Page(s) :\n", base, len(r.pages))
	for _, p := range r.pages {
		fmt.Fprintf(stdout, "  Page %s (%s)", p.page.ID, p.name())
		if p.ig != nil {
			fmt.Fprintf(stdout, ", compte Instagram relié %s (%s)", p.ig.ID, p.igName())
		}
		fmt.Fprintln(stdout)
	}
	fmt.Fprintln(stdout, "Chaque Page n'accepte que son jeton (celui que « vigie run » lit pour elle) et le secret de l'application.")
	if cfg := r.cfg; cfg.Graph.BaseURL != base {
		fmt.Fprintf(stdout, "Pour la répétition, mettez dans la configuration de Vigie :\n  graph:\n    base_url: %s\n", base)
	}
	first := r.pages[0]
	fmt.Fprintf(stdout, "« vigie emulator comment \"texte\" » publie sur la Page %s ; « --page ID » choisit la Page", first.page.ID)
	if r.hasInstagram() {
		fmt.Fprint(stdout, ", « --instagram » le premier compte Instagram, « --instagram=ID » un compte précis")
	}
	fmt.Fprintf(stdout, ".\nLes commentaires partent par webhook signé vers %s.\n", r.webhookURL)
	fmt.Fprintln(stdout, "Ctrl-C pour arrêter.")

	srv := &http.Server{Handler: r.handler(), ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(l) }()
	select {
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		err := srv.Shutdown(sctx)
		if errors.Is(err, context.DeadlineExceeded) {
			// A request still running after the grace period (a slow
			// webhook delivery on a loaded machine) is cut: the emulator
			// holds nothing that needs a clean end.
			return srv.Close()
		}
		return err
	case err := <-errc:
		return err
	}
}

// authorID gives each test author a stable numeric id, as Meta's are.
func authorID(name string) string {
	h := fnv.New64a()
	h.Write([]byte(name))
	return fmt.Sprint(7000000000000000 + h.Sum64()%1000000000000)
}

// loopbackAddr turns a listen address into one to call on this machine.
func loopbackAddr(listen string) string {
	host, port, err := net.SplitHostPort(listen)
	if err != nil {
		return listen
	}
	if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port)
}

// accountFlag is --instagram: alone, the Instagram account (the first one,
// or the one linked to --page); --instagram=ID, that account.
type accountFlag struct {
	set bool
	id  string
}

func (f *accountFlag) String() string   { return f.id }
func (f *accountFlag) IsBoolFlag() bool { return true }
func (f *accountFlag) Set(v string) error {
	switch v {
	case "true":
		f.set, f.id = true, ""
	case "false":
		f.set, f.id = false, ""
	default:
		if !reNumeric.MatchString(v) {
			return fmt.Errorf("identifiant de compte Instagram « %s » invalide (des chiffres)", v)
		}
		f.set, f.id = true, v
	}
	return nil
}

var reNumeric = regexp.MustCompile(`^[0-9]+$`)

// accountFlags adds --page and --instagram to a command.
func accountFlags(fs *flag.FlagSet) (page *string, ig *accountFlag) {
	page = fs.String("page", "", "id de la Page (par défaut la première de la configuration)")
	ig = &accountFlag{}
	fs.Var(ig, "instagram", "le compte Instagram relié (--instagram) ou un compte précis (--instagram=ID)")
	return page, ig
}

func checkPageFlag(cmd, page string, stderr io.Writer) bool {
	if page != "" && !reNumeric.MatchString(page) {
		fmt.Fprintf(stderr, "vigie emulator %s : id de Page « %s » invalide (des chiffres)\n", cmd, page)
		return false
	}
	return true
}

func emulatorComment(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("emulator comment", flag.ContinueOnError)
	fs.SetOutput(stderr)
	base := fs.String("emulator", "http://"+defaultEmuAddr, "adresse de l'émulateur")
	author := fs.String("auteur", "Habitant de test", "nom de l'auteur du commentaire")
	page, ig := accountFlags(fs)
	replyTo := fs.String("reply-to", "", "id du commentaire auquel répondre (sur son compte)")
	noWebhook := fs.Bool("no-webhook", false, "ne pas envoyer de webhook : seul le relevé périodique de Vigie trouvera le commentaire")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if !checkPageFlag("comment", *page, stderr) {
		return 2
	}
	// "--instagram 1784… texte" takes the id for the text: say how to
	// write it rather than publish the id.
	if ig.set && ig.id == "" && fs.NArg() > 1 && reNumeric.MatchString(fs.Arg(0)) && len(fs.Arg(0)) >= 10 {
		fmt.Fprintf(stderr, "vigie emulator comment : pour choisir le compte Instagram, écrivez --instagram=%s (avec le signe =)\n", fs.Arg(0))
		return 2
	}
	text := strings.Join(fs.Args(), " ")
	if strings.TrimSpace(text) == "" {
		fmt.Fprintln(stderr, "vigie emulator comment : donnez le texte du commentaire")
		return 2
	}
	in := emuComment{Text: text, Author: *author, Page: *page, Instagram: ig.id, ReplyTo: *replyTo, NoWebhook: *noWebhook}
	if ig.set {
		in.Platform = "instagram"
	}
	body, _ := json.Marshal(in)
	var out emuComment
	if err := emuCall(http.MethodPost, *base, "", body, &out); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	where := out.Account
	if out.Platform == "instagram" {
		where = "Instagram " + out.Account
	}
	if out.ReplyTo != "" {
		fmt.Fprintf(stdout, "Réponse %s à %s publiée (%s).\n", out.ID, out.ReplyTo, where)
	} else {
		fmt.Fprintf(stdout, "Commentaire %s publié (%s).\n", out.ID, where)
	}
	switch {
	case *noWebhook:
		fmt.Fprintln(stdout, "Aucun webhook envoyé : le relevé périodique de Vigie le trouvera.")
	case out.Error != "":
		fmt.Fprintln(stdout, out.Error)
	case out.Webhook == http.StatusOK:
		fmt.Fprintln(stdout, "Webhook reçu par Vigie (200) : « vigie emulator list » montre ce qu'il en a fait.")
	default:
		fmt.Fprintf(stdout, "Vigie a répondu %d au webhook (voir ses journaux).\n", out.Webhook)
	}
	return 0
}

func emulatorList(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("emulator list", flag.ContinueOnError)
	fs.SetOutput(stderr)
	base := fs.String("emulator", "http://"+defaultEmuAddr, "adresse de l'émulateur")
	page, ig := accountFlags(fs)
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if !checkPageFlag("list", *page, stderr) {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "vigie emulator list : argument inattendu « %s » (pour un compte Instagram précis : --instagram=ID)\n", fs.Arg(0))
		return 2
	}
	q := url.Values{}
	if *page != "" {
		q.Set("page", *page)
	}
	if ig.set {
		q.Set("platform", "instagram")
		if ig.id != "" {
			q.Set("instagram", ig.id)
		}
	}
	var list []emuComment
	if err := emuCall(http.MethodGet, *base, q.Encode(), nil, &list); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	if len(list) == 0 {
		fmt.Fprintln(stdout, "Aucun commentaire.")
	}
	for _, c := range list {
		state := "visible"
		switch {
		case c.Deleted:
			state = "supprimé"
		case c.Hidden:
			state = "masqué"
		}
		where := "Facebook"
		if c.Platform == "instagram" {
			where = "Instagram"
		}
		id := c.ID
		if c.ReplyTo != "" {
			id += " (réponse à " + c.ReplyTo + ")"
		}
		fmt.Fprintf(stdout, "%-9s %-9s %s  %s  %s : %s\n", state, where, c.Account, id, c.Author, c.Text)
	}
	return 0
}

func emuCall(method, base, query string, body []byte, out any) error {
	u := strings.TrimSuffix(base, "/") + emuCommentsPath
	if query != "" {
		u += "?" + query
	}
	req, err := http.NewRequest(method, u, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("vigie emulator : adresse « %s » invalide", base)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := (&http.Client{Timeout: 15 * time.Second}).Do(req)
	if err != nil {
		return fmt.Errorf("vigie emulator : l'émulateur ne répond pas sur %s (lancez « vigie emulator serve »)", base)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		var e struct {
			Error string `json:"error"`
		}
		if json.Unmarshal(b, &e) == nil && e.Error != "" {
			return fmt.Errorf("vigie emulator : %s", e.Error)
		}
		return fmt.Errorf("vigie emulator : réponse %s : %s", resp.Status, bytes.TrimSpace(b))
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("vigie emulator : réponse illisible : %w", err)
	}
	return nil
}
