package report

import (
	"bytes"
	"embed"
	"encoding/csv"
	"fmt"
	htmltemplate "html/template"
	"strings"
	texttemplate "text/template"
	"time"
	"unicode/utf8"
)

//go:embed templates/*.tmpl
var templateFS embed.FS

// Renderer turns a Report into its HTML and text forms. Templates are
// parsed once, when it is made, so a broken template fails at start-up.
type Renderer struct {
	html *htmltemplate.Template
	text *texttemplate.Template
}

// NewRenderer parses the embedded templates.
func NewRenderer() (*Renderer, error) {
	h, err := htmltemplate.New("report.html.tmpl").Funcs(htmltemplate.FuncMap(funcs)).ParseFS(templateFS, "templates/report.html.tmpl")
	if err != nil {
		return nil, fmt.Errorf("report: parse html template: %w", err)
	}
	t, err := texttemplate.New("report.txt.tmpl").Funcs(texttemplate.FuncMap(funcs)).ParseFS(templateFS, "templates/report.txt.tmpl")
	if err != nil {
		return nil, fmt.Errorf("report: parse text template: %w", err)
	}
	return &Renderer{html: h, text: t}, nil
}

var funcs = map[string]any{
	"frInt":      frInt,
	"frDate":     frDate,
	"frDateTime": frDateTime,
	"dur":        frDuration,
	"share":      share,
	"plural":     plural,
	"plural64":   func(n int64, one, many string) string { return plural(int(n), one, many) },
	"platform":   platformLabel,
	"cats":       categoryLabels,
	"upper":      strings.ToUpper,
	"pad": func(s string, n int) string {
		if k := utf8.RuneCountInString(s); k < n {
			return s + strings.Repeat(" ", n-k)
		}
		return s
	},
}

// view is what the templates see.
type view struct {
	*Report
	ChartSrc                htmltemplate.URL // trusted: "cid:…" is not a scheme html/template lets through
	ChartWidth, ChartHeight int
}

// LastDay is the month's last day.
func (r *Report) LastDay() time.Time { return r.To.AddDate(0, 0, -1) }

// MultiAccount reports whether more than one account is watched: the
// per-category tables then show a total column.
func (r *Report) MultiAccount() bool { return len(r.Accounts) > 1 }

// FalseAlarmSentence says the false-alarm rate in plain French, starting
// with a capital.
func (r *Report) FalseAlarmSentence() string { return upperFirst(r.falseAlarm()) }

// FalseAlarmClause is the same, to follow a colon.
func (r *Report) FalseAlarmClause() string { return r.falseAlarm() }

func upperFirst(s string) string {
	for i := range s {
		if i > 0 {
			return strings.ToUpper(s[:i]) + s[i:]
		}
	}
	return strings.ToUpper(s)
}

// falseAlarm says the false-alarm rate in plain French.
func (r *Report) falseAlarm() string {
	rv := r.Reviews
	rate, ok := rv.FalseAlarmRate()
	verb := "masqués automatiquement"
	if r.Observing() {
		verb = "que Vigie aurait masqués"
	}
	if !ok {
		return "aucun commentaire n'a été masqué automatiquement ce mois-ci : pas de taux de fausses alarmes à calculer."
	}
	return fmt.Sprintf("sur %s %s, le référent en a rétabli %s : %s de fausses alarmes (%s examinés par le référent).",
		plural(rv.AutoHidden, "commentaire", "commentaires"), verb, frInt(rv.Restored), frPercent(rate), frInt(rv.Reviewed))
}

// HTML renders the report as an HTML page; chartSrc is the chart's
// address: "cid:chart.png" in the e-mail, "chart.png" beside the file.
func (rd *Renderer) HTML(r *Report, chartSrc string) ([]byte, error) {
	var b bytes.Buffer
	if err := rd.html.Execute(&b, view{Report: r, ChartSrc: htmltemplate.URL(chartSrc), ChartWidth: ChartWidth, ChartHeight: ChartHeight}); err != nil {
		return nil, fmt.Errorf("report: render html: %w", err)
	}
	return b.Bytes(), nil
}

// Text renders the report as plain text, the e-mail's alternative.
func (rd *Renderer) Text(r *Report) ([]byte, error) {
	var b bytes.Buffer
	if err := rd.text.Execute(&b, view{Report: r}); err != nil {
		return nil, fmt.Errorf("report: render text: %w", err)
	}
	return b.Bytes(), nil
}

// csvHeader names the columns of decisions.csv.
var csvHeader = []string{
	"date", "compte", "commentaire", "publication", "auteur_pseudonyme", "evenement", "libelle", "mode",
	"action", "categories", "regles", "juge", "decision_referent", "par", "publie_le", "action_le", "lien",
}

// CSV writes the month's decisions, one per line, for a spreadsheet:
// semicolon-separated UTF-8 with a byte-order mark (what a French
// spreadsheet opens without asking). Authors appear as their pseudonym,
// never by name, and no comment text is written.
func CSV(r *Report) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("\ufeff")
	w := csv.NewWriter(&b)
	w.Comma = ';'
	w.UseCRLF = true
	stamp := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(r.Location).Format("2006-01-02 15:04:05")
	}
	if err := w.Write(csvHeader); err != nil {
		return nil, err
	}
	for _, row := range r.Rows {
		rec := []string{
			stamp(row.At), row.Account, row.CommentID, row.PostID, row.Author, row.Event, row.EventLabel, row.Mode,
			row.Action, strings.Join(row.Categories, ","), strings.Join(row.Rules, ","), row.Judge, row.Decision, row.By,
			stamp(row.Published), stamp(row.ActedAt), row.Permalink,
		}
		for i, v := range rec {
			rec[i] = defuse(v)
		}
		if err := w.Write(rec); err != nil {
			return nil, err
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, fmt.Errorf("report: write csv: %w", err)
	}
	return b.Bytes(), nil
}

// defuse keeps a spreadsheet from reading a cell as a formula (CSV
// injection): a value starting with = + - @ gets a leading apostrophe.
func defuse(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
