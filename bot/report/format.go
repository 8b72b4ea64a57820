package report

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

var frenchMonths = [...]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}

// MonthLabel is the month in French: « octobre 2026 ».
func (r *Report) MonthLabel() string { return frMonth(r.From) }

// OfMonth is « de mars 2026 » or « d'octobre 2026 » (elision before a
// vowel).
func (r *Report) OfMonth() string {
	m := r.MonthLabel()
	if strings.ContainsRune("aeiouy", rune(m[0])) {
		return "d'" + m
	}
	return "de " + m
}

func frMonth(t time.Time) string { return frenchMonths[t.Month()-1] + " " + strconv.Itoa(t.Year()) }

// frDate writes « 2 octobre 2026 » (« 1er » for the first of the month).
func frDate(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	day := strconv.Itoa(t.Day())
	if t.Day() == 1 {
		day = "1er"
	}
	return day + " " + frenchMonths[t.Month()-1] + " " + strconv.Itoa(t.Year())
}

// frDateTime writes « 02/10/2026 14:05 ».
func frDateTime(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.Format("02/01/2006 15:04")
}

// frInt writes 1234 as « 1 234 » (narrow no-break space).
func frInt(n any) string {
	var s string
	switch v := n.(type) {
	case int:
		s = strconv.Itoa(v)
	case int64:
		s = strconv.FormatInt(v, 10)
	default:
		s = fmt.Sprint(v)
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString("\u202f")
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// frPercent writes 0.125 as « 12,5 % ».
func frPercent(x float64) string {
	s := strconv.FormatFloat(x*100, 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	return strings.Replace(s, ".", ",", 1) + "\u00a0%"
}

// share writes n/of as a percentage, « — » when of is zero.
func share(n, of int) string {
	if of == 0 {
		return "—"
	}
	return frPercent(float64(n) / float64(of))
}

// frDuration writes a delay for a reader: « 42 s », « 7 min », « 3 h 05 »,
// « 2 j 4 h ».
func frDuration(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%d s", int(d.Round(time.Second)/time.Second))
	case d < time.Hour:
		return fmt.Sprintf("%d min", int(d.Round(time.Minute)/time.Minute))
	case d < 24*time.Hour:
		d = d.Round(time.Minute)
		return fmt.Sprintf("%d h %02d", int(d/time.Hour), int(d%time.Hour/time.Minute))
	}
	d = d.Round(time.Hour)
	if h := int(d % (24 * time.Hour) / time.Hour); h > 0 {
		return fmt.Sprintf("%d j %d h", int(d/(24*time.Hour)), h)
	}
	return fmt.Sprintf("%d j", int(d/(24*time.Hour)))
}

func plural(n int, one, many string) string {
	if n <= 1 {
		return frInt(n) + " " + one
	}
	return frInt(n) + " " + many
}

func platformLabel(p string) string {
	switch p {
	case "instagram":
		return "Instagram"
	case "facebook", "":
		return "Facebook"
	}
	return p
}
