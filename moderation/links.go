package moderation

import "strings"

// webLink is a web address found in a comment, with or without a scheme
// ("https://x.fr/a", "www.x.fr", "bit.ly/abc", "x-y.com").
type webLink struct {
	// Host is lower case, without "www.".
	Host string
	// Path is what follows the host ("/abc"), possibly empty.
	Path string
	// Span covers the whole address in the original text.
	Span Span
}

// knownTLDs are the top-level domains a bare "word.tld" must end with to be
// read as an address; "M.Morel" or "fin.Merci" are not addresses.
var knownTLDs = map[string]bool{
	"fr": true, "com": true, "net": true, "org": true, "info": true, "eu": true, "be": true,
	"ch": true, "io": true, "ly": true, "co": true, "me": true, "tv": true, "gl": true,
	"gd": true, "id": true, "biz": true, "shop": true, "club": true, "xyz": true, "top": true,
	"online": true, "site": true, "live": true, "click": true, "win": true, "bid": true,
	"icu": true, "buzz": true, "store": true, "app": true, "news": true, "blog": true,
	"ca": true, "uk": true, "de": true, "es": true, "it": true, "nl": true, "pt": true,
	"ru": true, "cn": true, "tk": true, "ml": true, "ga": true, "cf": true, "gq": true,
	"pw": true, "cc": true, "us": true, "fun": true, "space": true, "website": true,
	"link": true, "tech": true, "pro": true, "at": true, "re": true, "lu": true, "mc": true,
}

func isHostByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-'
}

// findLinks lists the web addresses of s in text order.
func findLinks(s string) []webLink {
	var out []webLink
	for i := 0; i < len(s); {
		if !isHostByte(s[i]) || s[i] == '.' || s[i] == '-' {
			i++
			continue
		}
		start := i
		// A scheme: "http://" or "https://".
		hostStart := i
		if rest := s[i:]; hasPrefixFold(rest, "https://") {
			hostStart = i + len("https://")
		} else if hasPrefixFold(rest, "http://") {
			hostStart = i + len("http://")
		}
		j := hostStart
		for j < len(s) && isHostByte(s[j]) {
			j++
		}
		host := strings.TrimRight(s[hostStart:j], ".-")
		hostEnd := hostStart + len(host)
		// Part of an e-mail address, or of a longer word glued by '@'.
		if start > 0 && s[start-1] == '@' || hostEnd < len(s) && s[hostEnd] == '@' {
			i = max(j, i+1)
			continue
		}
		dot := strings.LastIndexByte(host, '.')
		if dot <= 0 || !knownTLDs[strings.ToLower(host[dot+1:])] || strings.Contains(host, "..") {
			i = max(j, i+1)
			continue
		}
		end := hostEnd
		path := ""
		if end < len(s) && s[end] == '/' {
			k := end
			for k < len(s) && s[k] != ' ' && s[k] != '\n' && s[k] != '\t' && s[k] != '"' && s[k] != ')' {
				k++
			}
			path = strings.TrimRight(s[end:k], ".,;:!?")
			end += len(path)
		}
		h := strings.ToLower(host)
		h = strings.TrimPrefix(h, "www.")
		out = append(out, webLink{Host: h, Path: path, Span: Span{Start: start, End: end}})
		i = max(end, i+1)
	}
	return out
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// hostIs reports whether host is domain or one of its subdomains.
func hostIs(host, domain string) bool {
	return host == domain || strings.HasSuffix(host, "."+domain)
}
