package evidence

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/vigie-fr/vigie/bot/store"
	"github.com/vigie-fr/vigie/moderation"
)

//go:embed evidence.html.tmpl
var templateFS embed.FS

var page = template.Must(template.New("evidence.html.tmpl").Funcs(template.FuncMap{
	"when":     when,
	"score":    func(f float64) string { return strconv.Itoa(int(f*100+0.5)) + " %" },
	"category": func(c moderation.Category) string { return c.Label() },
	"action":   func(a moderation.Action) string { return a.Label() },
	"event":    eventLabel,
	"add1":     func(i int) int { return i + 1 },
}).ParseFS(templateFS, "evidence.html.tmpl"))

// paris is the time zone of the printable page; the JSON keeps UTC.
var paris = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		return time.UTC
	}
	return loc
}()

func when(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(paris).Format("02/01/2006 à 15:04:05 (MST)") + " – " + t.UTC().Format(time.RFC3339Nano)
}

func eventLabel(e string) string {
	switch store.AuditEvent(e) {
	case store.EventReceived:
		return "reçu"
	case store.EventClassified:
		return "jugé, laissé visible"
	case store.EventHidden:
		return "masqué par Vigie"
	case store.EventWouldHide:
		return "aurait été masqué (mode observation)"
	case store.EventQueued:
		return "soumis au référent"
	case store.EventSkipped:
		return "livraison en double ignorée"
	case store.EventActionFailed:
		return "action en échec"
	case store.EventGone:
		return "déjà supprimé sur la plateforme"
	case store.EventDeleted:
		return "supprimé (par son auteur ou la Page)"
	case store.EventReviewed:
		return "décision du référent"
	}
	return e
}

// recordView is one capture, decoded for the page.
type recordView struct {
	store.Capture
	Verdict  *moderation.Verdict
	Judge    string
	SHA256   string
	Captured string
	File     string
}

type pageView struct {
	*Dossier
	Records []recordView
}

// HTML renders the printable French page.
func (d *Dossier) HTML() ([]byte, error) {
	v := pageView{Dossier: d}
	for i, c := range d.Captures {
		var rv recordView
		if err := json.Unmarshal(c.Record, &rv.Capture); err != nil {
			return nil, fmt.Errorf("evidence: read record: %w", err)
		}
		if len(rv.Capture.Verdict) > 0 && string(rv.Capture.Verdict) != "null" {
			rv.Verdict = &moderation.Verdict{}
			if err := json.Unmarshal(rv.Capture.Verdict, rv.Verdict); err != nil {
				return nil, fmt.Errorf("evidence: read verdict: %w", err)
			}
			// The judge's name is read from the JSON, whichever version
			// of the verdict wrote it.
			var j struct {
				Judge string `json:"judge"`
			}
			_ = json.Unmarshal(rv.Capture.Verdict, &j)
			rv.Judge = j.Judge
		}
		rv.SHA256, rv.Captured, rv.File = c.RecordSHA256, c.CapturedSHA256, recordFile(i)
		v.Records = append(v.Records, rv)
	}
	var b bytes.Buffer
	if err := page.Execute(&b, v); err != nil {
		return nil, fmt.Errorf("evidence: render page: %w", err)
	}
	return b.Bytes(), nil
}

func recordFile(i int) string {
	if i == 0 {
		return "record.json"
	}
	return "record-" + strconv.Itoa(i+1) + ".json"
}

// WriteDir writes evidence.json, evidence.html and, for each captured
// version, the exact bytes its hash covers (record.json, record-2.json…),
// so `sha256sum record.json` checks it without Vigie. The files hold
// personal data: readable by their owner only.
func (d *Dossier) WriteDir(dir string) error {
	js, err := d.JSON()
	if err != nil {
		return err
	}
	html, err := d.HTML()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("evidence: create %s: %w", dir, err)
	}
	files := map[string][]byte{"evidence.json": js, "evidence.html": html}
	for i, c := range d.Captures {
		files[recordFile(i)] = canonical(c.Record)
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			return fmt.Errorf("evidence: write %s: %w", name, err)
		}
	}
	return nil
}

// VerifyDir checks an exported dossier: the hash of every record in
// evidence.json, and that each record file holds the same bytes.
func VerifyDir(dir string) (checked int, problems []Problem, err error) {
	data, err := os.ReadFile(filepath.Join(dir, "evidence.json"))
	if err != nil {
		return 0, nil, fmt.Errorf("evidence: %w", err)
	}
	checked, problems, err = VerifyJSON(data)
	if err != nil {
		return checked, problems, err
	}
	var d Dossier
	if err := json.Unmarshal(data, &d); err != nil {
		return checked, problems, err
	}
	for i, c := range d.Captures {
		raw, err := os.ReadFile(filepath.Join(dir, recordFile(i)))
		if os.IsNotExist(err) {
			continue // the JSON alone is the dossier; the record files are a convenience
		}
		if err != nil {
			return checked, problems, fmt.Errorf("evidence: %w", err)
		}
		sum := sha256.Sum256(raw)
		if got := hex.EncodeToString(sum[:]); got != c.RecordSHA256 {
			problems = append(problems, Problem{Index: i, RecordSHA256: c.RecordSHA256, CapturedSHA256: c.CapturedSHA256, Computed: got + " (" + recordFile(i) + ")"})
		}
	}
	return checked, problems, nil
}
