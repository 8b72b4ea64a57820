package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/user"
	"strings"
	"time"

	"github.com/vigie-fr/vigie/bot/app"
	"github.com/vigie-fr/vigie/bot/review"
	"github.com/vigie-fr/vigie/bot/store"
	"github.com/vigie-fr/vigie/config"
)

const queueUsage = `Usage : vigie queue <sous-commande> [options]

  list                       commentaires en attente du référent (--masques : masqués automatiquement)
  show ID                    détail d'un commentaire, avec son journal
  approve ID [--by NOM]      approuve l'action proposée (masquer, ou publier le démenti)
  reject ID [--by NOM]       rejette : le commentaire reste (ou redevient) visible
  export-decisions --out F   écrit les décisions du référent en JSONL (exemples étiquetés)

Options communes : --config FICHIER
`

// cmdQueue works on the review queue with the same service as the console.
func cmdQueue(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stdout, queueUsage)
		return 0
	}
	sub, args := args[0], args[1:]
	fs := flag.NewFlagSet("queue "+sub, flag.ContinueOnError)
	fs.SetOutput(stderr)
	path := fs.String("config", defaultConfigPath, "fichier de configuration")
	var by, out *string
	var hidden *bool
	var page *int
	switch sub {
	case "list":
		hidden = fs.Bool("masques", false, "lister les commentaires masqués automatiquement")
		page = fs.Int("page", 1, "page de 50 commentaires")
	case "show":
	case "approve", "reject":
		by = fs.String("by", defaultBy(), "nom de la personne qui décide (pour le journal)")
	case "export-decisions":
		out = fs.String("out", "-", "fichier JSONL à écrire (« - » : sortie standard)")
	default:
		fmt.Fprintf(stderr, "vigie queue : sous-commande inconnue « %s »\n\n%s", sub, queueUsage)
		return 2
	}
	// Flags may follow the id: vigie queue approve ID --by marie.
	id, rest := "", args
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		id, rest = args[0], args[1:]
	}
	if code, ok := parseFlags(fs, rest); !ok {
		return code
	}
	if id == "" && fs.NArg() > 0 {
		id = fs.Arg(0)
	}
	needID := sub == "show" || sub == "approve" || sub == "reject"
	if needID && !store.ValidID(id) {
		fmt.Fprintf(stderr, "vigie queue %s : identifiant de commentaire attendu (voir « vigie queue list »)\n", sub)
		return 2
	}
	cfg, err := config.Load(*path)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	svc, closeFn, err := app.OpenReview(cfg, nil)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	defer closeFn()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	q := queueCmd{svc: svc, st: svc.Store(), loc: cfg.Location(), out: stdout, errw: stderr}
	switch sub {
	case "list":
		return q.list(ctx, *hidden, *page)
	case "show":
		return q.show(ctx, id)
	case "approve":
		return q.decide(ctx, id, review.Approve, *by)
	case "reject":
		return q.decide(ctx, id, review.Reject, *by)
	}
	return q.export(ctx, *out)
}

func defaultBy() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return "cli:" + u.Username
	}
	return "cli"
}

type queueCmd struct {
	svc  *review.Service
	st   *store.Store
	loc  *time.Location
	out  io.Writer
	errw io.Writer
}

func (q queueCmd) when(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(q.loc).Format("02/01/2006 15:04")
}

func categories(it store.Item) string {
	if it.Verdict == nil || len(it.Verdict.Findings) == 0 {
		return "aucune catégorie"
	}
	var l []string
	for _, f := range it.Verdict.Findings {
		l = append(l, f.Category.Label())
	}
	return strings.Join(l, ", ")
}

func excerpt(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

func (q queueCmd) list(ctx context.Context, hidden bool, page int) int {
	page = max(page, 1)
	list, title := q.st.QueuePage, "en attente du référent"
	if hidden {
		list, title = q.st.HiddenPage, "masqués automatiquement"
	}
	items, total, err := list(ctx, store.OldestFirst, (page-1)*50, 50)
	if err != nil {
		fmt.Fprintln(q.errw, err)
		return 1
	}
	fmt.Fprintf(q.out, "%d commentaire(s) %s", total, title)
	if total > 50 {
		fmt.Fprintf(q.out, " (page %d, 50 par page, par ordre d'arrivée)", page)
	}
	fmt.Fprintln(q.out)
	for _, it := range items {
		fmt.Fprintf(q.out, "\n%s  reçu le %s  par %s\n  « %s »\n  %s → %s\n", it.CommentID, q.when(it.FirstReceivedAt), orUnknown(it.FromName),
			excerpt(it.Message, 100), categories(it), review.Proposed(it))
	}
	return 0
}

func orUnknown(s string) string {
	if s == "" {
		return "auteur inconnu"
	}
	return s
}

func (q queueCmd) show(ctx context.Context, id string) int {
	it, ok, err := q.st.Item(ctx, id)
	if err != nil {
		fmt.Fprintln(q.errw, err)
		return 1
	}
	if !ok {
		fmt.Fprintf(q.errw, "Commentaire %s inconnu (ou effacé au terme de la durée de conservation).\n", id)
		return 1
	}
	w := q.out
	fmt.Fprintf(w, "Commentaire %s\n  %s\n", it.CommentID, it.Message)
	fmt.Fprintf(w, "Auteur : %s\nPublication : %s\nLien : %s\n", orUnknown(it.FromName), it.PostID, it.Permalink)
	fmt.Fprintf(w, "Écrit le %s, reçu le %s, jugé le %s\n", q.when(it.CreatedTime), q.when(it.FirstReceivedAt), q.when(it.ClassifiedAt))
	fmt.Fprintf(w, "État : %s\n", it.State)
	if v := it.Verdict; v != nil {
		for _, f := range v.Findings {
			fmt.Fprintf(w, "- %s (%.0f %%) : %s\n", f.Category.Label(), f.Score*100, f.Reason)
			if f.Clause != "" {
				fmt.Fprintf(w, "    Charte : %s\n", f.Clause)
			}
			if f.Law != "" {
				fmt.Fprintf(w, "    Référence légale : %s\n", f.Law)
			}
		}
		if v.Correction != "" {
			fmt.Fprintf(w, "Démenti officiel prévu : %s\n", v.Correction)
		}
	}
	fmt.Fprintf(w, "Action proposée : %s\n", review.Proposed(it))
	if it.Decision != "" {
		fmt.Fprintf(w, "Décision : %s par %s le %s\n", review.Decision(it.Decision).Label(), it.ReviewedBy, q.when(it.ReviewedAt))
	}
	entries, err := q.st.CommentAudit(ctx, id, 5000)
	if err == nil && len(entries) > 0 {
		fmt.Fprintln(w, "Journal :")
		for _, e := range entries {
			fmt.Fprintf(w, "  %s  %s%s\n", q.when(e.At), e.Event, byOf(e))
		}
	}
	return 0
}

func byOf(e store.AuditEntry) string {
	s := ""
	if e.Detail != "" {
		s += " " + e.Detail
	}
	if e.By != "" {
		s += " par " + e.By
	}
	return s
}

func (q queueCmd) decide(ctx context.Context, id string, d review.Decision, by string) int {
	out, err := q.svc.Decide(ctx, review.Request{CommentID: id, Decision: d, By: by})
	var ad *review.AlreadyDecidedError
	switch {
	case err == nil:
		fmt.Fprintln(q.out, out.Summary())
		return 0
	case errors.As(err, &ad):
		fmt.Fprintf(q.errw, "Déjà traité par %s le %s (%s) : rien de plus n'a été fait.\n", ad.By, q.when(ad.At), ad.Decision.Label())
	case errors.Is(err, review.ErrNoItem):
		fmt.Fprintf(q.errw, "Commentaire %s inconnu (ou effacé au terme de la durée de conservation).\n", id)
	case errors.Is(err, review.ErrNotPending):
		fmt.Fprintf(q.errw, "Le commentaire %s n'attend pas de décision.\n", id)
	case errors.Is(err, review.ErrBusy):
		fmt.Fprintln(q.errw, "Une autre décision sur ce commentaire est en cours : réessayez dans un instant.")
	default:
		fmt.Fprintf(q.errw, "La décision n'a pas pu être appliquée, le commentaire reste en attente : %v\n", err)
	}
	return 1
}

// export writes the labelled examples as JSONL, the format `vigie train
// --from-decisions` reads: {"id","text","labels","decision","decided_at"}.
func (q queueCmd) export(ctx context.Context, path string) int {
	w := q.out
	var f *os.File
	if path != "-" {
		var err error
		f, err = os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600) // comment texts are personal data
		if err != nil {
			fmt.Fprintln(q.errw, err)
			return 1
		}
		w = f
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	n := 0
	err := q.st.Examples(ctx, func(e store.Example) error {
		n++
		return enc.Encode(e)
	})
	if f != nil {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintln(q.errw, err)
		return 1
	}
	if f != nil {
		fmt.Fprintf(q.errw, "%d décision(s) écrite(s) dans %s\n", n, path)
	}
	return 0
}
