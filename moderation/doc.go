// Package moderation judges a comment against a commune's social-media
// charter. It is pure Go: no network, no Redis and no clock reads, so the
// daemon, the CLI and the tests all get the same verdict for the same input.
package moderation
