package links

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestSignerRoundTrip(t *testing.T) {
	now := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	s := NewSigner([]byte("secret"), "https://vigie.example.fr/", clock)
	u := s.URL("123_456", Approve, time.Hour)
	tok, ok := strings.CutPrefix(u, "https://vigie.example.fr/l/")
	if !ok {
		t.Fatalf("URL = %q, want prefix https://vigie.example.fr/l/", u)
	}
	c, err := s.Parse(tok)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if c.ItemID != "123_456" || c.Action != Approve || c.Nonce == "" || !c.Expires.Equal(now.Add(time.Hour)) {
		t.Fatalf("claim = %+v", c)
	}
	if other := s.Token("123_456", Approve, time.Hour); other == tok {
		t.Fatal("two tokens for the same item share a nonce")
	}
}

func TestSignerRefuses(t *testing.T) {
	now := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	s := NewSigner([]byte("secret"), "http://x", func() time.Time { return now })
	good := s.Token("1_2", Reject, time.Minute)
	p, m, _ := strings.Cut(good, ".")
	otherKey := NewSigner([]byte("other"), "http://x", func() time.Time { return now }).Token("1_2", Reject, time.Minute)
	tests := []struct {
		name  string
		token string
		want  error
	}{
		{"empty", "", ErrForged},
		{"no dot", p, ErrForged},
		{"bad base64", "!!." + m, ErrForged},
		{"other key", otherKey, ErrForged},
		{"tampered payload", p[:len(p)-2] + "AA." + m, ErrForged},
		{"tampered mac", p + "." + m[:len(m)-2] + "AA", ErrForged},
		{"expired", NewSigner([]byte("secret"), "", func() time.Time { return now.Add(-2 * time.Minute) }).Token("1_2", Reject, time.Minute), ErrExpired},
		{"unknown action", s.Token("1_2", "delete", time.Minute), ErrForged},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := s.Parse(tt.token); !errors.Is(err, tt.want) {
				t.Fatalf("Parse = %v, want %v", err, tt.want)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	s := NewSigner([]byte("k"), "", nil)
	f.Add(s.Token("1_2", Approve, time.Hour))
	f.Add("a.b")
	f.Fuzz(func(t *testing.T, tok string) {
		c, err := s.Parse(tok)
		if err == nil && (c.ItemID == "" || c.Nonce == "") {
			t.Fatalf("accepted empty claim %+v", c)
		}
	})
}
