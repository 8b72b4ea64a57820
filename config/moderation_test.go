package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vigie-fr/vigie/moderation"
)

func writeCharter(t *testing.T, yaml string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "charte.yaml")
	if err := os.WriteFile(p, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestModelKeys(t *testing.T) {
	tests := []struct {
		name    string
		yaml    string
		wantErr string // empty: loads and builds a classifier
		model   bool
	}{
		{"default: the embedded model", "charter: {}\n", "", true},
		{"model off", "moderation:\n  model: off\n", "", false},
		{"model on", "moderation:\n  model: on\n", "", true},
		{"unknown value", "moderation:\n  model: peut-être\n", "moderation.model", false},
		{"missing model file", "moderation:\n  model_file: absent.model\n", "fichier introuvable", false},
		{"model file with model off", "moderation:\n  model: off\n  model_file: x.model\n", "inutile", false},
		{"corrupt model file", "moderation:\n  model_file: corrompu.model\n", "fichier de modèle invalide", false},
		{"model hide threshold", "moderation:\n  categories:\n    injurieux:\n      model_hide_threshold: 0.97\n", "", true},
		{"model hide threshold out of range", "moderation:\n  categories:\n    injurieux:\n      model_hide_threshold: 1.5\n", "model_hide_threshold", false},
		{"public contacts", "charter:\n  public_contacts: [\"05 61 00 00 00\", \"accueil@mairie-exemple.fr\", \"1 place de la Mairie\"]\n", "", true},
		{"public contact without letters", "charter:\n  public_contacts: [\"--\"]\n", "charter.public_contacts[0]", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := writeCharter(t, tt.yaml)
			if err := os.WriteFile(filepath.Join(filepath.Dir(p), "corrompu.model"), []byte("VIGIENGM\x01\x00tronqué"), 0o600); err != nil {
				t.Fatal(err)
			}
			cfg, err := LoadCharter(p)
			var c *moderation.Classifier
			if err == nil {
				c, err = cfg.NewClassifier()
			}
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.HasModel() != tt.model {
				t.Errorf("model running = %v, want %v", c.HasModel(), tt.model)
			}
		})
	}
}

func TestModelHideThresholdReachesPolicy(t *testing.T) {
	cfg, err := LoadCharter(writeCharter(t, "moderation:\n  categories:\n    menace:\n      model_hide_threshold: 0.9\ncharter:\n  public_contacts: [\"05 61 00 00 00\"]\n"))
	if err != nil {
		t.Fatal(err)
	}
	f, p, err := cfg.Rules()
	if err != nil {
		t.Fatal(err)
	}
	if p[moderation.Menace].ModelHideThreshold != 0.9 || p[moderation.Menace].Action != moderation.ActionHide {
		t.Errorf("policy %+v", p[moderation.Menace])
	}
	if len(f.PublicContacts) != 1 {
		t.Errorf("facts %+v", f)
	}
}
