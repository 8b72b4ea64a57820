package demo

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/vigie-fr/vigie/bot/app"
	"github.com/vigie-fr/vigie/bot/evidence"
	"github.com/vigie-fr/vigie/bot/store"
	"github.com/vigie-fr/vigie/config"
)

// writeSamples writes, before the embedded Redis disappears, the monthly
// report of the demo's month and the evidence dossier of the first comment
// Vigie hid (or would have hidden), so a newcomer can open both.
func writeSamples(ctx context.Context, st *store.Store, cfg *config.Config, dir string, out io.Writer) error {
	now := time.Now()
	month := st.Month(now)
	svc, err := app.NewReportService(cfg, st, time.Now)
	if err != nil {
		return fmt.Errorf("demo: report: %w", err)
	}
	r, f, err := svc.Make(ctx, month)
	if err != nil {
		return fmt.Errorf("demo: report: %w", err)
	}
	reportDir := filepath.Join(dir, "rapport-"+month)
	if err := f.WriteDir(reportDir); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	fmt.Fprintf(out, "\nRapport mensuel %s (mois en cours, %d commentaires jugés) : %s\n", r.OfMonth(), r.Total.Judged, filepath.Join(reportDir, "report.html"))
	entries, err := st.Audit(ctx, time.Time{}, time.Time{}, 10000)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	for _, e := range entries {
		if e.Event != store.EventHidden && e.Event != store.EventWouldHide {
			continue
		}
		d, err := evidence.Export(ctx, st, e.CommentID, cfg.Pages[0].Name, now)
		if err != nil {
			return fmt.Errorf("demo: evidence: %w", err)
		}
		evDir := filepath.Join(dir, "preuve-"+e.CommentID)
		if err := d.WriteDir(evDir); err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		fmt.Fprintf(out, "Dossier de preuve d'un commentaire masqué : %s (vérifier : vigie evidence verify %s)\n", filepath.Join(evDir, "evidence.html"), evDir)
		break
	}
	return nil
}
