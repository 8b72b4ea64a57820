package demo

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

// The demo is the newcomer's first contact: it must run the whole pipeline
// and tell a consistent story.
func TestDemoRunsThePipeline(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var out bytes.Buffer
	sum, err := Run(ctx, Options{Out: &out})
	if err != nil {
		t.Fatalf("demo failed: %v\n%s", err, out.String())
	}
	visitors := 0
	for _, c := range seedComments {
		if c.from != demoPageName {
			visitors++
		}
	}
	if sum.Comments != visitors || sum.Judged != visitors {
		t.Errorf("judged %d of %d visitor comments (want %d)", sum.Judged, sum.Comments, visitors)
	}
	if sum.Hidden == 0 || sum.Queued == 0 || sum.Visible == 0 {
		t.Errorf("the demo should show every outcome: %+v", sum)
	}
	if sum.HideCalls != sum.Hidden {
		t.Errorf("%d hide calls for %d hidden comments: a duplicate was acted on twice", sum.HideCalls, sum.Hidden)
	}
	text := out.String()
	for _, want := range []string{"Bilan :", "masqué", "soumis au référent", "laissé visible", "Réponse proposée"} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	// Legitimate criticism stays visible.
	for _, line := range strings.Split(text, "\n") {
		if strings.Contains(line, "Votre projet de parking est une erreur") {
			if !strings.Contains(nextLine(text, line), "laissé visible") {
				t.Errorf("criticism not left visible: %s", nextLine(text, line))
			}
		}
	}
}

func TestDemoObserveModeHidesNothing(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var out bytes.Buffer
	sum, err := Run(ctx, Options{Out: &out, Mode: "observe"})
	if err != nil {
		t.Fatalf("demo failed: %v\n%s", err, out.String())
	}
	if sum.HideCalls != 0 || sum.Hidden != 0 || sum.WouldHide == 0 {
		t.Errorf("observe mode: %+v", sum)
	}
}

func nextLine(text, line string) string {
	i := strings.Index(text, line)
	rest := text[i+len(line):]
	rest = strings.TrimPrefix(rest, "\n")
	if j := strings.IndexByte(rest, '\n'); j >= 0 {
		return rest[:j]
	}
	return rest
}
