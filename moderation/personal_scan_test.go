package moderation

import (
	"testing"
)

func phonesIn(s string) []string {
	var out []string
	scanNumbers(s, func(r *numRun) {
		if id, ok := phoneOf(r); ok {
			out = append(out, s[id.Span.Start:id.Span.End])
		}
	})
	return out
}

func TestPhoneNumbers(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"spaced", "appelez le 06 12 45 78 90 vite", []string{"06 12 45 78 90"}},
		{"dotted", "son numéro : 07.81.22.34.56", []string{"07.81.22.34.56"}},
		{"dashed", "tel 05-63-41-22-10.", []string{"05-63-41-22-10"}},
		{"glued", "son num 0612457893 si vs voulez", []string{"0612457893"}},
		{"international", "le +33 6 98 76 54 32 c'est lui", []string{"+33 6 98 76 54 32"}},
		{"international with (0)", "+33 (0)6 98 76 54 32", []string{"+33 (0)6 98 76 54 32"}},
		{"0033", "0033 6 98 76 54 32", []string{"0033 6 98 76 54 32"}},
		{"foreign", "WhatsApp +44 7700 900123", []string{"+44 7700 900123"}},
		{"no-break spaces", "06\u00a012\u00a045\u00a078\u00a090", []string{"06\u00a012\u00a045\u00a078\u00a090"}},
		{"short numbers", "appelez le 17 ou le 112", nil},
		{"date", "le 14/03/1987 à 10h", nil},
		{"siret", "Mon SIRET c'est 123 456 789 00012", nil},
		{"fifteen digits", "référence 2024 0317 5589 221", nil},
		{"nine digits", "dossier 061245789", nil},
		{"glued to letters", "ref AB0612457893", nil},
		{"hours", "24h/24 : ouvert", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := phonesIn(tt.text)
			if len(got) != len(tt.want) {
				t.Fatalf("phones(%q) = %q, want %q", tt.text, got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("phones(%q)[%d] = %q, want %q", tt.text, i, got[i], tt.want[i])
				}
			}
		})
	}
}

func nirsIn(s string) []string {
	var out []string
	scanNumbers(s, func(r *numRun) {
		if id, ok := nirOf(r); ok {
			out = append(out, s[id.Span.Start:id.Span.End])
		}
	})
	return out
}

func TestNIR(t *testing.T) {
	tests := []struct {
		name string
		text string
		want int
	}{
		{"grouped", "numéro 1 85 05 31 555 123 80, au nom de", 1},
		{"in one block", "sécu 185053155512380", 1},
		{"key apart", "1850531555123 80", 1},
		{"woman", "2 92 07 75 123 456 03", 1},
		{"bad key", "1 85 05 31 555 123 81", 0},
		{"bad month", "1 85 13 31 555 123 80", 0},
		{"bad sex", "5 85 05 31 555 123 80", 0},
		{"reference grouped by four", "2024 0317 5589 221", 0},
		{"sixteen digits", "1850531555123801", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := nirsIn(tt.text); len(got) != tt.want {
				t.Errorf("NIRs in %q = %q, want %d", tt.text, got, tt.want)
			}
		})
	}
}

func TestValidNIRCorsica(t *testing.T) {
	// 2A counts as 19: 1 80 01 19 004 001 → key 97 - n%97.
	for _, tt := range []struct {
		nir  string
		want bool
	}{
		{"18001" + "2A" + "004001" + nirKeyFor("1800119004001"), true},
		{"18001" + "2B" + "004001" + nirKeyFor("1800118004001"), true},
		{"18001" + "2A" + "004001" + nirKeyFor("1800118004001"), false},
	} {
		if got := validNIR(tt.nir); got != tt.want {
			t.Errorf("validNIR(%q) = %v, want %v", tt.nir, got, tt.want)
		}
	}
}

// nirKeyFor computes the key of 13 digits, the slow and obvious way.
func nirKeyFor(d string) string {
	var n uint64
	for _, c := range d {
		n = n*10 + uint64(c-'0')
	}
	k := 97 - n%97
	return string([]byte{byte('0' + k/10), byte('0' + k%10)})
}

func TestIBAN(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"grouped", "son IBAN c'est FR76 3000 6000 0112 3456 7890 189, qu'il", []string{"FR76 3000 6000 0112 3456 7890 189"}},
		{"block", "FR7630006000011234567890189", []string{"FR7630006000011234567890189"}},
		{"letters inside", "RIB : FR14 2004 1010 0505 0001 3M02 606.", []string{"FR14 2004 1010 0505 0001 3M02 606"}},
		{"lower case", "fr14 2004 1010 0505 0001 3m02 606", []string{"fr14 2004 1010 0505 0001 3m02 606"}},
		{"belgian", "BE68 5390 0754 7034", []string{"BE68 5390 0754 7034"}},
		{"bad checksum", "FR76 3000 6000 0112 3456 7890 188", nil},
		{"too short", "FR76 3000 6000 0112 3456 7890 18", nil},
		{"not an iban", "FR3 en direct, DE12 morceaux", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			findIBANs(tt.text, func(sp Span) { got = append(got, tt.text[sp.Start:sp.End]) })
			if len(got) != len(tt.want) {
				t.Fatalf("IBANs in %q = %q, want %q", tt.text, got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("IBAN %d = %q, want %q", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestEmails(t *testing.T) {
	tests := []struct {
		name   string
		text   string
		want   []string
		domain []string
	}{
		{"plain", "son mail perso c'est sylvie.garnier63@gmail.com, écrivez-lui", []string{"sylvie.garnier63@gmail.com"}, []string{"gmail.com"}},
		{"bracketed", "écrivez à marc.durand [at] gmail [point] com, c'est lui", []string{"marc.durand [at] gmail [point] com"}, []string{"gmail.com"}},
		{"arobase", "jean arobase orange.fr", []string{"jean arobase orange.fr"}, []string{"orange.fr"}},
		{"upper case domain", "X@Free.FR", []string{"X@Free.FR"}, []string{"free.fr"}},
		{"mention", "merci @Mairie pour la réponse", nil, nil},
		{"no tld", "a@b", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got, dom []string
			findEmails(tt.text, true, func(sp Span, local, domain string) {
				got = append(got, tt.text[sp.Start:sp.End])
				dom = append(dom, domain)
			})
			if len(got) != len(tt.want) {
				t.Fatalf("emails in %q = %q, want %q", tt.text, got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] || dom[i] != tt.domain[i] {
					t.Errorf("email %d = %q (%s), want %q (%s)", i, got[i], dom[i], tt.want[i], tt.domain[i])
				}
			}
		})
	}
}

func TestLinks(t *testing.T) {
	tests := []struct {
		text string
		want []string // hosts
	}{
		{"Lisez ça https://reveil-citoyen.info/saint-julien-le-scandale", []string{"reveil-citoyen.info"}},
		{"ici : www.lalertedujour.com/compteurs-espions.", []string{"lalertedujour.com"}},
		{"viens sur bit.ly/rencontre-chaude", []string{"bit.ly"}},
		{"HTTPS://WWW.Example.FR", []string{"example.fr"}},
		{"M.Morel a dit.Merci", nil},
		{"mail: a.b@gmail.com", nil},
		{"version 1.5 et 2.0", nil},
	}
	for _, tt := range tests {
		got := findLinks(tt.text)
		if len(got) != len(tt.want) {
			t.Errorf("links(%q) = %+v, want %q", tt.text, got, tt.want)
			continue
		}
		for i := range got {
			if got[i].Host != tt.want[i] {
				t.Errorf("links(%q)[%d].Host = %q, want %q", tt.text, i, got[i].Host, tt.want[i])
			}
		}
	}
}

func TestPlates(t *testing.T) {
	for _, tt := range []struct {
		text string
		want int
	}{
		{"la Clio immatriculée AB-123-CD roule trop vite", 1},
		{"plaque FG 456 HJ devant l'école", 1},
		{"AB-123-CDE", 0},
		{"IO-123-UA", 0},
		{"ab-123-cd", 0},
		{"à 123 km", 0},
	} {
		n := 0
		findPlates(tt.text, func(Span) { n++ })
		if n != tt.want {
			t.Errorf("plates in %q = %d, want %d", tt.text, n, tt.want)
		}
	}
}

// FuzzPersonalScanners checks that the scanners never panic, return spans
// inside the text, and only report identifiers whose checksum holds.
func FuzzPersonalScanners(f *testing.F) {
	for _, s := range []string{
		"06 12 45 78 90", "+33 (0)6 98 76 54 32", "FR76 3000 6000 0112 3456 7890 189",
		"1 85 05 31 555 123 80", "a.b [at] gmail [point] com", "x@y.fr", "https://bit.ly/x",
		"2024 0317 5589 221", "+", "FR", "@", "06\u00a012", "1 (0)", "+33 (0)",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		inside := func(sp Span) {
			if sp.Start < 0 || sp.End > len(s) || sp.Start > sp.End {
				t.Fatalf("span %+v outside %q", sp, s)
			}
		}
		scanNumbers(s, func(r *numRun) {
			inside(Span{Start: r.start, End: r.end})
			if id, ok := phoneOf(r); ok {
				inside(id.Span)
			}
			if id, ok := nirOf(r); ok {
				inside(id.Span)
				if !validNIR(string(r.digits[:r.n])) {
					t.Fatalf("nirOf accepted an invalid NIR in %q", s)
				}
			}
		})
		findIBANs(s, func(sp Span) {
			inside(sp)
			var b []byte
			for i := sp.Start; i < sp.End; i++ {
				if s[i] != ' ' {
					b = append(b, asciiUpper(s[i]))
				}
			}
			if !ibanValid(b) {
				t.Fatalf("findIBANs accepted %q", s[sp.Start:sp.End])
			}
		})
		findEmails(s, true, func(sp Span, local, domain string) { inside(sp) })
		findPlates(s, inside)
		for _, l := range findLinks(s) {
			inside(l.Span)
		}
	})
}
