// Package links makes and checks the signed one-click links sent to the
// référent by e-mail: an HMAC-SHA256 over the item, the action, a random
// nonce and an expiry. Parse checks signature and expiry only; single use
// is enforced by whoever acts on the link, by consuming the nonce once in
// Redis (store.ConsumeLinkNonce) when the confirmation page's POST acts.
//
// A GET of the link never acts: mail scanners follow links.
package links

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
	"time"
)

// Actions a link may carry.
const (
	Approve = "approve"
	Reject  = "reject"
)

// Errors returned by Parse.
var (
	// ErrForged is returned for a token that is malformed or whose
	// signature does not match.
	ErrForged = errors.New("links: forged or malformed link")
	// ErrExpired is returned for a genuine token past its expiry.
	ErrExpired = errors.New("links: expired link")
)

// Claim is what a valid token says.
type Claim struct {
	ItemID, Action, Nonce string
	Expires               time.Time
}

// Signer makes and checks one-click links: HMAC-SHA256, expiry, single use.
type Signer struct {
	secret  []byte
	baseURL string
	now     func() time.Time
}

// NewSigner returns a Signer. baseURL is the console's public URL (a
// trailing slash is ignored); now is the clock, time.Now when nil.
func NewSigner(secret []byte, baseURL string, now func() time.Time) *Signer {
	if now == nil {
		now = time.Now
	}
	return &Signer{secret: append([]byte(nil), secret...), baseURL: strings.TrimRight(baseURL, "/"), now: now}
}

// URL returns the absolute URL of the confirmation page for itemID and
// action ("approve" or "reject"), valid for ttl: <baseURL>/l/<token>.
func (s *Signer) URL(itemID, action string, ttl time.Duration) string {
	return s.baseURL + "/l/" + s.Token(itemID, action, ttl)
}

// Token returns the signed token alone (the last path segment of URL).
func (s *Signer) Token(itemID, action string, ttl time.Duration) string {
	var n [12]byte
	if _, err := rand.Read(n[:]); err != nil {
		panic("links: no randomness: " + err.Error()) // crypto/rand never fails on supported systems
	}
	exp := s.now().Add(ttl).Unix()
	payload := strings.Join([]string{"1", itemID, action, hex.EncodeToString(n[:]), strconv.FormatInt(exp, 10)}, "\n")
	enc := base64.RawURLEncoding
	return enc.EncodeToString([]byte(payload)) + "." + enc.EncodeToString(s.mac([]byte(payload)))
}

// Parse checks the token's signature, then its expiry. The signature is
// checked first so that a forged token never reveals anything.
func (s *Signer) Parse(token string) (Claim, error) {
	enc := base64.RawURLEncoding
	p64, m64, ok := strings.Cut(token, ".")
	if !ok || len(token) > 1024 {
		return Claim{}, ErrForged
	}
	payload, err := enc.DecodeString(p64)
	if err != nil {
		return Claim{}, ErrForged
	}
	sig, err := enc.DecodeString(m64)
	if err != nil || !hmac.Equal(sig, s.mac(payload)) {
		return Claim{}, ErrForged
	}
	f := strings.Split(string(payload), "\n")
	if len(f) != 5 || f[0] != "1" || f[1] == "" || (f[2] != Approve && f[2] != Reject) || f[3] == "" {
		return Claim{}, ErrForged
	}
	exp, err := strconv.ParseInt(f[4], 10, 64)
	if err != nil {
		return Claim{}, ErrForged
	}
	c := Claim{ItemID: f[1], Action: f[2], Nonce: f[3], Expires: time.Unix(exp, 0).UTC()}
	if !s.now().Before(c.Expires) {
		return c, ErrExpired
	}
	return c, nil
}

func (s *Signer) mac(payload []byte) []byte {
	m := hmac.New(sha256.New, s.secret)
	m.Write([]byte("vigie-link\x00")) // domain separation from other HMACs made with the same secret
	m.Write(payload)
	return m.Sum(nil)
}
