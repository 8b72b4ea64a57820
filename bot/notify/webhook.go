package notify

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"
)

// Headers of the JSON webhook.
const (
	// HeaderSignature carries "sha256=" and the hex HMAC-SHA256 of the
	// raw body under the shared secret.
	HeaderSignature = "X-Vigie-Signature"
	// HeaderKey carries the message key: the same for every retry of one
	// message, so a receiver can drop duplicates.
	HeaderKey = "X-Vigie-Idempotency-Key"
)

// WebhookOptions configure a Webhook.
type WebhookOptions struct {
	URL    string // referent.notify_url; it may hold a token: never logged
	Secret []byte // required
	Client *http.Client
	Now    func() time.Time
}

// Webhook posts each message as JSON to a chat bridge (Mattermost, Slack,
// Tchap via a bridge, ntfy…), signed with HMAC-SHA256. The "text" field
// is what Slack-compatible incoming webhooks display.
type Webhook struct {
	url    string
	secret []byte
	client *http.Client
	now    func() time.Time
}

// NewWebhook checks the options and returns a Webhook.
func NewWebhook(o WebhookOptions) (*Webhook, error) {
	u, err := url.Parse(o.URL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, errors.New("notify: webhook: the address is not an http(s) URL")
	}
	if len(o.Secret) == 0 {
		return nil, errors.New("notify: webhook: no signing secret")
	}
	if o.Client == nil {
		o.Client = &http.Client{Timeout: 15 * time.Second}
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Webhook{url: o.URL, secret: o.Secret, client: o.Client, now: o.Now}, nil
}

// WebhookPayload is the JSON body of the webhook.
type WebhookPayload struct {
	Key     string     `json:"key"`
	Kind    Kind       `json:"kind"`
	Urgent  bool       `json:"urgent"`
	Subject string     `json:"subject"`
	Text    string     `json:"text"`
	SentAt  time.Time  `json:"sent_at"`
	Items   []ItemView `json:"items,omitempty"`
	Alert   *AlertView `json:"alert,omitempty"`
}

// Sign returns the signature header value of body under secret.
func Sign(secret, body []byte) string {
	mac := hmac.New(sha256.New, secret)
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// Notify posts m.
func (w *Webhook) Notify(ctx context.Context, m Message) error {
	body, err := json.Marshal(WebhookPayload{
		Key: m.Key, Kind: m.Kind, Urgent: m.Urgent, Subject: m.Subject,
		Text: m.Subject + "\n\n" + m.Text, SentAt: w.now().UTC(), Items: m.Items, Alert: m.Alert,
	})
	if err != nil {
		return Permanent(fmt.Errorf("notify: webhook: encode %s: %w", m.Key, err))
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.url, bytes.NewReader(body))
	if err != nil {
		return Permanent(errors.New("notify: webhook: bad request"))
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("User-Agent", "Vigie")
	req.Header.Set(HeaderSignature, Sign(w.secret, body))
	req.Header.Set(HeaderKey, m.Key)
	resp, err := w.client.Do(req)
	if err != nil {
		// The URL may hold a token: keep it out of the error.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return fmt.Errorf("notify: webhook: post: %w", err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	switch c := resp.StatusCode; {
	case c >= 200 && c < 300:
		return nil
	case c == http.StatusRequestTimeout, c == http.StatusTooManyRequests, c >= 500:
		return fmt.Errorf("notify: webhook: status %d", c)
	default:
		return Permanent(fmt.Errorf("notify: webhook: status %d", c))
	}
}
