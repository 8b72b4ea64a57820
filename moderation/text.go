package moderation

import "github.com/vigie-fr/vigie/moderation/french"

// The normaliser lives in moderation/french, the package that reads a
// comment; these names keep the package's API (bot/ and cmd/ use them).
type (
	// Text is a comment prepared for the rules, see french.Text.
	Text = french.Text
	// Token is one word of a comment, see french.Token.
	Token = french.Token
	// TokenFlag records how a token was recovered, see french.TokenFlag.
	TokenFlag = french.TokenFlag
)

// Token flags, see the french package.
const (
	FlagStretched = french.FlagStretched
	FlagLeet      = french.FlagLeet
	FlagSpaced    = french.FlagSpaced
	FlagGlued     = french.FlagGlued
	FlagQuoted    = french.FlagQuoted
	FlagEmoji     = french.FlagEmoji
	FlagCapital   = french.FlagCapital
	FlagHomoglyph = french.FlagHomoglyph
	FlagMasked    = french.FlagMasked
	FlagMention   = french.FlagMention
)

// MaxTokenBytes bounds one token's folded form, see french.MaxTokenBytes.
const MaxTokenBytes = french.MaxTokenBytes

// Normalize prepares s for matching, see french.Normalize.
func Normalize(s string) *Text { return french.Normalize(s) }
