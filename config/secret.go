package config

import "fmt"

// Secret holds a token or password. Every way of printing it shows
// "<redacted>", so it cannot leak through logs, errors or `config check`.
type Secret struct{ value string }

// NewSecret wraps a value.
func NewSecret(v string) Secret { return Secret{v} }

// Reveal returns the value, for the one place that must send it.
func (s Secret) Reveal() string { return s.value }

// IsSet reports whether a value was provided.
func (s Secret) IsSet() bool { return s.value != "" }

const redacted = "<redacted>"

func (s Secret) String() string {
	if s.value == "" {
		return "<non défini>"
	}
	return redacted
}

// GoString keeps %#v from printing the value.
func (s Secret) GoString() string { return s.String() }

// Format covers every fmt verb.
func (s Secret) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(s.String())) }

// MarshalYAML and MarshalJSON redact too.
func (s Secret) MarshalYAML() (any, error) { return s.String(), nil }

// MarshalJSON redacts the value.
func (s Secret) MarshalJSON() ([]byte, error) { return []byte(`"` + s.String() + `"`), nil }
