package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	dossier "github.com/vigie-fr/vigie/bot/evidence"
	"github.com/vigie-fr/vigie/bot/store"
	"github.com/vigie-fr/vigie/config"
)

// cmdEvidenceExport writes the evidence dossier of one comment.
func cmdEvidenceExport(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("evidence export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage : vigie evidence export IDENTIFIANT_DU_COMMENTAIRE --out DOSSIER [--config FICHIER]")
		fs.PrintDefaults()
	}
	path := fs.String("config", defaultConfigPath, "fichier de configuration")
	out := fs.String("out", "", "dossier où écrire evidence.json, evidence.html et record.json (obligatoire)")
	// The comment id may come before or after the flags.
	var id string
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		id, args = args[0], args[1:]
	}
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if id == "" && fs.NArg() > 0 {
		id = fs.Arg(0)
	}
	if id == "" || *out == "" || !store.ValidID(id) {
		fs.Usage()
		return 2
	}
	cfg, err := config.Load(*path)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	st, closeFn, err := openStore(cfg)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	defer closeFn()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	commune := ""
	if len(cfg.Pages) > 0 {
		commune = cfg.Pages[0].Name
	}
	return exportEvidence(ctx, st, id, commune, *out, stdout, stderr)
}

func exportEvidence(ctx context.Context, st *store.Store, id, commune, out string, stdout, stderr io.Writer) int {
	d, err := dossier.Export(ctx, st, id, commune, time.Now())
	if errors.Is(err, dossier.ErrNotFound) {
		fmt.Fprintf(stderr, "vigie evidence : Vigie ne conserve rien sur le commentaire %s (jamais jugé contraire à la charte, ou durée de conservation dépassée).\n", id)
		return 1
	}
	if err != nil {
		fmt.Fprintf(stderr, "vigie evidence : %v\n", err)
		return 1
	}
	if err := d.WriteDir(out); err != nil {
		fmt.Fprintf(stderr, "vigie evidence : %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "Dossier de preuve du commentaire %s écrit dans %s (evidence.html à imprimer, evidence.json, record.json).\n", id, out)
	fmt.Fprintf(stdout, "Empreinte SHA-256 de l'enregistrement : %s\n", d.Captures[0].RecordSHA256)
	if d.Source == "item" {
		fmt.Fprintln(stdout, "Attention : aucune capture au premier jugement ; l'enregistrement reproduit l'état actuel.")
	}
	return 0
}

// cmdEvidenceVerify recomputes the hashes of an exported dossier.
func cmdEvidenceVerify(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("evidence verify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprintln(stderr, "Usage : vigie evidence verify DOSSIER") }
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return 2
	}
	n, problems, err := dossier.VerifyDir(fs.Arg(0))
	if err != nil {
		fmt.Fprintf(stderr, "vigie evidence verify : %v\n", err)
		return 1
	}
	if len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintf(stdout, "ALTÉRÉ : enregistrement %d : empreinte attendue %s, calculée %s\n", p.Index+1, p.RecordSHA256, p.Computed)
		}
		return 1
	}
	fmt.Fprintf(stdout, "Intègre : %d enregistrement(s), empreintes SHA-256 vérifiées.\n", n)
	return 0
}
