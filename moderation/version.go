package moderation

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"sync"

	"github.com/vigie-fr/vigie/moderation/french"
	"github.com/vigie-fr/vigie/moderation/ngram"
	wordfiles "github.com/vigie-fr/vigie/moderation/words"
)

// RulesBuild names the build of the hand-written rules. Raise it when a
// change to the rules' code changes verdicts, so a verdict recorded in the
// audit says which rules judged it.
const RulesBuild = "2026.12-7"

// lexiconHash is a short hash of every embedded lexicon file and word
// list (moderation/lexicons, the reader's moderation/french/words and the
// detectors' moderation/words), in path order, computed once per process.
var lexiconHash = sync.OnceValues(func() (string, error) {
	h := sha256.New()
	for _, fsys := range []embed.FS{lexFS, factLexFS, french.WordFS, wordfiles.FS} {
		err := fs.WalkDir(fsys, ".", func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := fsys.ReadFile(path)
			if err != nil {
				return err
			}
			h.Write([]byte(path))
			h.Write([]byte{0})
			h.Write(data)
			h.Write([]byte{0})
			return nil
		})
		if err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil)[:4]), nil
})

// judgeVersion is the judge's identity: "règles 2026.12-7, lexiques
// 1a2b3c4d, modèle 5e6f7a8b" (or "modèle désactivé").
func judgeVersion(m *ngram.Model) (string, error) {
	lex, err := lexiconHash()
	if err != nil {
		return "", err
	}
	model := "modèle désactivé"
	if m != nil {
		model = "modèle " + m.ID()
	}
	return "règles " + RulesBuild + ", lexiques " + lex + ", " + model, nil
}

// Judge names the judge: the rules build, a hash of the embedded lexicons
// and a hash of the trained model's bytes. Every verdict carries it, and
// the daemon records it with each decision, so the mayor can prove which
// judge decided.
func (c *Classifier) Judge() string { return c.judge }
