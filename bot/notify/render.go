package notify

import (
	"bytes"
	"embed"
	"fmt"
	htmltemplate "html/template"
	"strings"
	texttemplate "text/template"
)

//go:embed templates/*.tmpl
var templateFS embed.FS

// ItemView is one comment as a message shows it.
type ItemView struct {
	ID          string   `json:"id"`
	Platform    string   `json:"platform"`
	Page        string   `json:"page"`
	PostID      string   `json:"post_id,omitempty"`
	Permalink   string   `json:"permalink,omitempty"`
	Text        string   `json:"text"`
	Author      string   `json:"author"`
	Created     string   `json:"created"` // in the commune's time zone, in French
	Categories  []string `json:"categories"`
	Labels      []string `json:"labels"` // French names of the categories
	Reasons     []string `json:"reasons"`
	Event       string   `json:"event"`   // hidden, would_hide, queued, action_failed
	Outcome     string   `json:"outcome"` // what Vigie did, in French
	Proposed    string   `json:"proposed"`
	Correction  string   `json:"correction,omitempty"`
	Waiting     string   `json:"waiting,omitempty"`
	Urgent      bool     `json:"urgent"`
	ApproveURL  string   `json:"approve_url,omitempty"`
	RejectURL   string   `json:"reject_url,omitempty"`
	ApproveHint string   `json:"approve_hint,omitempty"`
	RejectHint  string   `json:"reject_hint,omitempty"`
}

// AlertView is a technical alert and what to do about it.
type AlertView struct {
	Kind    string   `json:"kind"`
	Title   string   `json:"title"`
	Impact  string   `json:"impact"`
	Steps   []string `json:"steps"`
	Restart string   `json:"restart"`
	Detail  string   `json:"detail,omitempty"` // Meta's message
	Code    int      `json:"code,omitempty"`
	Subcode int      `json:"subcode,omitempty"`
	At      string   `json:"at"`
	// Accounts names the Pages and Instagram accounts concerned, when
	// the trouble is one token's.
	Accounts []string `json:"accounts,omitempty"`
}

// mailData is what the templates render.
type mailData struct {
	Subject string
	Heading string
	Intro   []string
	Items   []ItemView
	Alert   *AlertView
	Hint    string // how to review when the message carries no links
	Footer  string
	Urgent  bool
}

// renderer holds the templates, parsed once at start-up.
type renderer struct {
	text *texttemplate.Template
	html *htmltemplate.Template
}

var funcs = map[string]any{
	"join": strings.Join,
	"inc":  func(i int) int { return i + 1 },
	"quote": func(s string) string {
		lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
		for i, l := range lines {
			lines[i] = "> " + l
		}
		return strings.Join(lines, "\n")
	},
}

func newRenderer() (*renderer, error) {
	t, err := texttemplate.New("").Funcs(funcs).ParseFS(templateFS, "templates/*.txt.tmpl")
	if err != nil {
		return nil, fmt.Errorf("notify: parse text templates: %w", err)
	}
	h, err := htmltemplate.New("").Funcs(funcs).ParseFS(templateFS, "templates/*.html.tmpl")
	if err != nil {
		return nil, fmt.Errorf("notify: parse html templates: %w", err)
	}
	for _, name := range []string{"mail.txt", "item.txt", "alert.txt"} {
		if t.Lookup(name) == nil {
			return nil, fmt.Errorf("notify: template %s is missing", name)
		}
	}
	for _, name := range []string{"mail.html", "item.html", "alert.html"} {
		if h.Lookup(name) == nil {
			return nil, fmt.Errorf("notify: template %s is missing", name)
		}
	}
	return &renderer{text: t, html: h}, nil
}

// render fills the text and HTML bodies of m from d.
func (r *renderer) render(m *Message, d mailData) error {
	d.Subject = m.Subject
	var tb, hb bytes.Buffer
	if err := r.text.ExecuteTemplate(&tb, "mail.txt", d); err != nil {
		return fmt.Errorf("notify: render text of %s: %w", m.Key, err)
	}
	if err := r.html.ExecuteTemplate(&hb, "mail.html", d); err != nil {
		return fmt.Errorf("notify: render html of %s: %w", m.Key, err)
	}
	m.Text, m.HTML = tb.String(), hb.String()
	return nil
}
