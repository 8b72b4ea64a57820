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
	"os"
	"os/signal"
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
)

// cmdEmulator rehearses `vigie run` before Meta approves the app: it
// serves the Graph API emulator as a Page with the configuration's ids
// and secrets, and posts comments to it that reach Vigie by a signed
// webhook, as Meta would send them.
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
  vigie emulator serve --config FICHIER [--listen 127.0.0.1:8999]
      simule l'API Graph pour la première Page de la configuration
  vigie emulator comment [--emulator URL] [--auteur NOM] [--instagram] "texte"
      publie un commentaire (sur la Page, ou sur le compte Instagram relié)
      et l'envoie à Vigie par webhook signé
  vigie emulator list [--emulator URL]
      liste les commentaires et leur état (visible, masqué, supprimé)
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
}

func emulatorServe(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("emulator serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	path := fs.String("config", defaultConfigPath, "fichier de configuration de Vigie (ids de Page et secrets)")
	listen := fs.String("listen", defaultEmuAddr, "adresse d'écoute de l'émulateur")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	cfg, err := config.Load(*path)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	l, err := net.Listen("tcp", *listen)
	if err != nil {
		fmt.Fprintf(stderr, "vigie emulator : écoute sur %s impossible : %v\n", *listen, err)
		return 1
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := serveEmulator(ctx, cfg, l, stdout); err != nil {
		fmt.Fprintf(stderr, "vigie emulator : %v\n", err)
		return 1
	}
	return 0
}

// serveEmulator serves the emulator on l until ctx ends.
func serveEmulator(ctx context.Context, cfg *config.Config, l net.Listener, stdout io.Writer) error {
	page := cfg.Pages[0]
	tok, _, _ := cfg.PageToken(page.ID)
	token := tok.Reveal()
	if len(cfg.Pages) > 1 {
		token = "" // the other Pages' tokens are accepted too (their Pages are not emulated)
	}
	eo := graphemu.Options{
		PageID:      page.ID,
		PageName:    page.Name,
		AccessToken: token,
		AppSecret:   cfg.Graph.AppSecret.Reveal(),
	}
	var ig *config.Instagram
	for i := range cfg.Instagram {
		if cfg.Instagram[i].PageID == page.ID {
			ig = &cfg.Instagram[i]
			eo.InstagramID, eo.InstagramUsername = ig.ID, ig.Name
			break
		}
	}
	emu := graphemu.New(eo)
	post := emu.AddPost(graphemu.NewPost{Message: "Répétition : la fête de la commune aura lieu samedi sur la place."})
	media := emu.AddMedia(graphemu.NewMedia{Caption: "Répétition : le marché de Noël ouvre samedi."})
	webhookURL := "http://" + loopbackAddr(cfg.Listen) + "/webhooks/meta"

	mux := http.NewServeMux()
	mux.HandleFunc("POST "+emuCommentsPath, func(w http.ResponseWriter, r *http.Request) {
		var in emuComment
		if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&in); err != nil || strings.TrimSpace(in.Text) == "" {
			http.Error(w, `{"error":"texte manquant"}`, http.StatusBadRequest)
			return
		}
		if in.Author == "" {
			in.Author = "Habitant de test"
		}
		if in.Platform == "instagram" {
			if ig == nil {
				http.Error(w, `{"error":"aucun compte Instagram relié à la première Page dans la configuration"}`, http.StatusBadRequest)
				return
			}
			c, err := emu.AddIGComment(media.ID, graphemu.NewIGComment{FromID: authorID(in.Author), Username: in.Author, Text: in.Text})
			if err != nil {
				http.Error(w, `{"error":"commentaire refusé"}`, http.StatusInternalServerError)
				return
			}
			out := emuComment{ID: c.ID, Author: c.Username, Text: c.Text, Platform: "instagram"}
			if payload, err := emu.InstagramWebhook(c.ID, "comments", false); err == nil {
				sctx, cancel := context.WithTimeout(r.Context(), 10*time.Second)
				out.Webhook, err = emu.SendWebhook(sctx, webhookURL, payload)
				cancel()
				if err != nil {
					out.Error = "Vigie ne répond pas sur " + webhookURL + " (le relevé périodique trouvera le commentaire)"
				}
			}
			w.Header().Set("Content-Type", "application/json")
			_ = json.NewEncoder(w).Encode(out)
			return
		}
		c, err := emu.AddComment(post.ID, graphemu.NewComment{FromID: authorID(in.Author), FromName: in.Author, Message: in.Text})
		if err != nil {
			http.Error(w, `{"error":"commentaire refusé"}`, http.StatusInternalServerError)
			return
		}
		out := emuComment{ID: c.ID, Author: c.FromName, Text: c.Message}
		// Meta sends the webhook right away; Vigie's poller would also
		// find the comment on its next round.
		if payload, err := emu.CommentWebhook(c.ID, "add"); err == nil {
			sctx, cancel := context.WithTimeout(r.Context(), 10*time.Second)
			out.Webhook, err = emu.SendWebhook(sctx, webhookURL, payload)
			cancel()
			if err != nil {
				out.Error = "Vigie ne répond pas sur " + webhookURL + " (le relevé périodique trouvera le commentaire)"
			}
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(out)
	})
	mux.HandleFunc("GET "+emuCommentsPath, func(w http.ResponseWriter, _ *http.Request) {
		var out []emuComment
		for _, c := range emu.Comments(post.ID) {
			out = append(out, emuComment{ID: c.ID, Author: c.FromName, Text: c.Message, Hidden: c.Hidden, Deleted: c.Deleted, Platform: "facebook"})
		}
		for _, c := range emu.IGComments(media.ID) {
			out = append(out, emuComment{ID: c.ID, Author: c.Username, Text: c.Text, Hidden: c.Hidden, Deleted: c.Deleted, Platform: "instagram"})
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(out)
	})
	mux.Handle("/", emu)

	base := "http://" + l.Addr().String() + "/"
	fmt.Fprintf(stdout, "Émulateur de l'API Graph sur %s — Page %s (%s).\n", base, page.ID, page.Name)
	if ig != nil {
		fmt.Fprintf(stdout, "Compte Instagram relié : %s (%s) ; « vigie emulator comment --instagram » y publie.\n", ig.ID, ig.Name)
	}
	if cfg.Graph.BaseURL != base {
		fmt.Fprintf(stdout, "Pour la répétition, mettez dans la configuration de Vigie :\n  graph:\n    base_url: %s\n", base)
	}
	fmt.Fprintf(stdout, "Les commentaires publiés avec « vigie emulator comment » partent par webhook vers %s.\n", webhookURL)
	fmt.Fprintln(stdout, "Ctrl-C pour arrêter.")

	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(l) }()
	select {
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		return srv.Shutdown(sctx)
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

func emulatorComment(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("emulator comment", flag.ContinueOnError)
	fs.SetOutput(stderr)
	base := fs.String("emulator", "http://"+defaultEmuAddr, "adresse de l'émulateur")
	author := fs.String("auteur", "Habitant de test", "nom de l'auteur du commentaire")
	instagram := fs.Bool("instagram", false, "publier sur le compte Instagram relié plutôt que sur la Page")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	text := strings.Join(fs.Args(), " ")
	if strings.TrimSpace(text) == "" {
		fmt.Fprintln(stderr, "vigie emulator comment : donnez le texte du commentaire")
		return 2
	}
	in := emuComment{Text: text, Author: *author}
	if *instagram {
		in.Platform = "instagram"
	}
	body, _ := json.Marshal(in)
	var out emuComment
	if err := emuCall(http.MethodPost, *base, body, &out); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	fmt.Fprintf(stdout, "Commentaire %s publié.\n", out.ID)
	switch {
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
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	var list []emuComment
	if err := emuCall(http.MethodGet, *base, nil, &list); err != nil {
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
		fmt.Fprintf(stdout, "%-9s %-9s %s  %s : %s\n", state, where, c.ID, c.Author, c.Text)
	}
	return 0
}

func emuCall(method, base string, body []byte, out any) error {
	req, err := http.NewRequest(method, strings.TrimSuffix(base, "/")+emuCommentsPath, bytes.NewReader(body))
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
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 1024))
		return fmt.Errorf("vigie emulator : réponse %s : %s", resp.Status, bytes.TrimSpace(b))
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("vigie emulator : réponse illisible : %w", err)
	}
	return nil
}
