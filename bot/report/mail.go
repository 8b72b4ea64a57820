package report

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Files are the rendered report: what `vigie report --out` writes and
// what the e-mail carries.
type Files struct {
	HTML     []byte // for the e-mail: the chart as cid:chart.png
	HTMLFile []byte // for the directory: the chart as chart.png beside it
	Text     []byte
	CSV      []byte
	Chart    []byte
}

// Render renders r in every form.
func (rd *Renderer) Render(r *Report) (*Files, error) {
	var f Files
	var err error
	if f.HTML, err = rd.HTML(r, "cid:"+chartCID); err != nil {
		return nil, err
	}
	if f.HTMLFile, err = rd.HTML(r, "chart.png"); err != nil {
		return nil, err
	}
	if f.Text, err = rd.Text(r); err != nil {
		return nil, err
	}
	if f.CSV, err = CSV(r); err != nil {
		return nil, err
	}
	if f.Chart, err = Chart(r); err != nil {
		return nil, err
	}
	return &f, nil
}

// WriteDir writes report.html, report.txt, decisions.csv and chart.png in
// dir, creating it. Files are readable by their owner only: the CSV names
// comments and the référent's logins.
func (f *Files) WriteDir(dir string) error {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return fmt.Errorf("report: create %s: %w", dir, err)
	}
	for name, data := range map[string][]byte{"report.html": f.HTMLFile, "report.txt": f.Text, "decisions.csv": f.CSV, "chart.png": f.Chart} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o640); err != nil {
			return fmt.Errorf("report: write %s: %w", name, err)
		}
	}
	return nil
}

const chartCID = "chart.png"

// Subject is the e-mail's subject.
func (r *Report) Subject() string {
	s := "Vigie – rapport de modération " + r.OfMonth()
	if r.Commune != "" {
		s += " – " + r.Commune
	}
	return s
}

// Compose builds the report e-mail: multipart/mixed holding a
// multipart/related (the text and HTML alternatives, and the chart the
// HTML shows inline by Content-ID) and decisions.csv as an attachment.
// The Message-ID derives from the deployment's address and the month, so
// a copy sent twice after a crash is recognisable as the same message.
func Compose(r *Report, f *Files, from string, to []string, date time.Time) ([]byte, error) {
	fromAddr, err := mail.ParseAddress(from)
	if err != nil {
		return nil, fmt.Errorf("report: from %q: %w", from, err)
	}
	if len(to) == 0 {
		return nil, fmt.Errorf("report: no recipient")
	}
	var rcpt []string
	for _, t := range to {
		a, err := mail.ParseAddress(t)
		if err != nil {
			return nil, fmt.Errorf("report: recipient %q: %w", t, err)
		}
		rcpt = append(rcpt, a.String())
	}
	sum := sha256.Sum256([]byte("report:" + fromAddr.Address + ":" + r.Month))
	id := hex.EncodeToString(sum[:16])
	domain := "vigie.invalid"
	if _, d, ok := strings.Cut(fromAddr.Address, "@"); ok && d != "" {
		domain = d
	}

	var body bytes.Buffer
	mixed := multipart.NewWriter(&body)
	if err := mixed.SetBoundary("vigie-mixed-" + id[:20]); err != nil {
		return nil, err
	}
	related, err := nested(mixed, "multipart/related", "vigie-related-"+id[:20], `type="multipart/alternative"`)
	if err != nil {
		return nil, err
	}
	alt, err := nested(related, "multipart/alternative", "vigie-alt-"+id[:20], "")
	if err != nil {
		return nil, err
	}
	for _, p := range []struct {
		ctype string
		data  []byte
	}{{"text/plain; charset=UTF-8", f.Text}, {"text/html; charset=UTF-8", f.HTML}} {
		w, err := alt.CreatePart(textproto.MIMEHeader{"Content-Type": {p.ctype}, "Content-Transfer-Encoding": {"quoted-printable"}})
		if err != nil {
			return nil, err
		}
		qp := quotedprintable.NewWriter(w)
		if _, err := qp.Write(crlf(p.data)); err != nil {
			return nil, err
		}
		if err := qp.Close(); err != nil {
			return nil, err
		}
	}
	if err := alt.Close(); err != nil {
		return nil, err
	}
	if err := base64Part(related, textproto.MIMEHeader{
		"Content-Type":        {`image/png; name="chart.png"`},
		"Content-ID":          {"<" + chartCID + ">"},
		"Content-Disposition": {`inline; filename="chart.png"`},
	}, f.Chart); err != nil {
		return nil, err
	}
	if err := related.Close(); err != nil {
		return nil, err
	}
	csvName := "decisions-" + r.Month + ".csv"
	if err := base64Part(mixed, textproto.MIMEHeader{
		"Content-Type":        {`text/csv; charset=UTF-8; name="` + csvName + `"`},
		"Content-Disposition": {`attachment; filename="` + csvName + `"`},
	}, f.CSV); err != nil {
		return nil, err
	}
	if err := mixed.Close(); err != nil {
		return nil, err
	}

	var b bytes.Buffer
	h := func(k, v string) { fmt.Fprintf(&b, "%s: %s\r\n", k, v) }
	h("From", fromAddr.String())
	h("To", strings.Join(rcpt, ", "))
	h("Subject", mime.QEncoding.Encode("utf-8", r.Subject()))
	h("Date", date.Format(time.RFC1123Z))
	h("Message-ID", "<report-"+id+"@"+domain+">")
	h("MIME-Version", "1.0")
	h("Content-Type", `multipart/mixed; boundary="`+mixed.Boundary()+`"`)
	h("Content-Language", "fr")
	h("Auto-Submitted", "auto-generated")
	h("X-Auto-Response-Suppress", "All")
	h("X-Vigie-Kind", "report")
	b.WriteString("\r\n")
	b.Write(body.Bytes())
	return b.Bytes(), nil
}

// nested opens a part of parent holding a multipart of type ctype with
// the given boundary.
func nested(parent *multipart.Writer, ctype, boundary, params string) (*multipart.Writer, error) {
	v := ctype + `; boundary="` + boundary + `"`
	if params != "" {
		v += "; " + params
	}
	w, err := parent.CreatePart(textproto.MIMEHeader{"Content-Type": {v}})
	if err != nil {
		return nil, err
	}
	child := multipart.NewWriter(w)
	if err := child.SetBoundary(boundary); err != nil {
		return nil, err
	}
	return child, nil
}

// base64Part writes data as a base64 part, in lines of 76 characters.
func base64Part(w *multipart.Writer, h textproto.MIMEHeader, data []byte) error {
	h.Set("Content-Transfer-Encoding", "base64")
	p, err := w.CreatePart(h)
	if err != nil {
		return err
	}
	enc := base64.StdEncoding.EncodeToString(data)
	for len(enc) > 76 {
		if _, err := io.WriteString(p, enc[:76]+"\r\n"); err != nil {
			return err
		}
		enc = enc[76:]
	}
	_, err = io.WriteString(p, enc+"\r\n")
	return err
}

// crlf makes every line end in CRLF, as SMTP wants.
func crlf(b []byte) []byte {
	s := strings.ReplaceAll(string(b), "\r\n", "\n")
	return []byte(strings.ReplaceAll(s, "\n", "\r\n"))
}
