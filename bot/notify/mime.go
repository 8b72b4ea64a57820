package notify

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"time"
)

// compose builds the RFC 5322 message: multipart/alternative with a
// quoted-printable UTF-8 text part and HTML part. Everything in it derives
// from m, from and date, so the same message composes to the same bytes
// (golden files) and a retry keeps its Message-ID.
func compose(m Message, from *mail.Address, date time.Time) ([]byte, error) {
	if len(m.To) == 0 {
		return nil, Permanent(fmt.Errorf("message %s has no recipient", m.Key))
	}
	to := make([]string, len(m.To))
	for i, raw := range m.To {
		a, err := mail.ParseAddress(raw)
		if err != nil {
			return nil, Permanent(fmt.Errorf("recipient %q: %w", raw, err))
		}
		to[i] = a.String()
	}
	sum := sha256.Sum256([]byte(m.Key))
	id := hex.EncodeToString(sum[:16])
	domain := "vigie.invalid"
	if _, d, ok := strings.Cut(from.Address, "@"); ok && d != "" {
		domain = d
	}
	boundary := "vigie-" + id
	var b bytes.Buffer
	h := func(k, v string) { fmt.Fprintf(&b, "%s: %s\r\n", k, v) }
	h("From", from.String())
	h("To", strings.Join(to, ", "))
	h("Subject", mime.QEncoding.Encode("utf-8", m.Subject))
	h("Date", date.Format(time.RFC1123Z))
	h("Message-ID", "<"+id+"@"+domain+">")
	h("MIME-Version", "1.0")
	h("Content-Type", `multipart/alternative; boundary="`+boundary+`"`)
	h("Content-Language", "fr")
	// An automatic message: no out-of-office replies to it.
	h("Auto-Submitted", "auto-generated")
	h("X-Auto-Response-Suppress", "All")
	h("X-Vigie-Kind", string(m.Kind))
	if m.Urgent {
		h("Importance", "high")
		h("X-Priority", "1 (Highest)")
		h("Priority", "urgent")
	}
	b.WriteString("\r\n")
	part := func(ctype, body string) error {
		fmt.Fprintf(&b, "--%s\r\nContent-Type: %s; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n", boundary, ctype)
		w := quotedprintable.NewWriter(&b)
		if _, err := w.Write([]byte(crlf(body))); err != nil {
			return err
		}
		if err := w.Close(); err != nil {
			return err
		}
		b.WriteString("\r\n")
		return nil
	}
	if err := part("text/plain", m.Text); err != nil {
		return nil, err
	}
	if err := part("text/html", m.HTML); err != nil {
		return nil, err
	}
	fmt.Fprintf(&b, "--%s--\r\n", boundary)
	return b.Bytes(), nil
}

// crlf makes every line end in CRLF, as SMTP wants.
func crlf(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\n", "\r\n")
}
