package console

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strconv"
	"time"

	"go.uber.org/zap"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// pageNames are the pages; each is parsed with the layout, at start-up.
var pageNames = []string{"login", "queue", "hidden", "item", "history", "stats", "mails", "link", "result", "error"}

type pages struct {
	t map[string]*template.Template
}

func parsePages(loc *time.Location) (*pages, error) {
	funcs := template.FuncMap{
		"when": func(t time.Time) string {
			if t.IsZero() {
				return "—"
			}
			return t.In(loc).Format("02/01/2006 à 15:04")
		},
		"pct":  func(f float64) string { return strconv.Itoa(int(f*100+0.5)) + " %" },
		"add":  func(a, b int) int { return a + b },
		"date": func(t time.Time) string { return t.In(loc).Format("2006-01-02") },
	}
	p := &pages{t: map[string]*template.Template{}}
	for _, name := range pageNames {
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/parts.html", "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("parse template %s: %w", name, err)
		}
		if t.Lookup("content") == nil {
			return nil, fmt.Errorf("template %s defines no content", name)
		}
		p.t[name] = t
	}
	return p, nil
}

// view is what every page gets: the page's own data and the layout's.
type view struct {
	Title string
	User  string
	CSRF  string
	Flash string
	Nav   string // the current section, for the menu
	Demo  bool
	Mail  bool // the « Courriels » page exists
	Data  any
}

// render writes a page with status.
func (s *Server) render(w http.ResponseWriter, status int, name string, v view) {
	var buf bytes.Buffer
	v.Demo = s.o.Demo
	v.Mail = s.o.MailLog != nil
	if err := s.pages.t[name].Execute(&buf, v); err != nil {
		s.log.Error("render", zap.String("page", name), zap.Error(err))
		http.Error(w, "Erreur interne de la console.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// fail shows a French error page.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, status int, title, msg string) {
	s.render(w, status, "error", view{Title: title, Data: msg})
}

func staticHandler() http.Handler {
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		panic(err) // the embed pattern above guarantees the directory
	}
	return http.StripPrefix("/static/", http.FileServerFS(sub))
}
