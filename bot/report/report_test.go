package report_test

import (
	"bytes"
	"flag"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vigie-fr/vigie/bot/report"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func build(t *testing.T, in report.Input) (*report.Report, *report.Files) {
	t.Helper()
	r, err := report.Build(in)
	if err != nil {
		t.Fatal(err)
	}
	rd, err := report.NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	f, err := rd.Render(r)
	if err != nil {
		t.Fatal(err)
	}
	return r, f
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./bot/report/ -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; if the change is intended, run go test ./bot/report/ -update and review the diff.\n--- got ---\n%s", name, got)
	}
}

func TestGolden(t *testing.T) {
	in, _ := fixture()
	_, f := build(t, in)
	golden(t, "report.html", f.HTMLFile)
	golden(t, "report.txt", f.Text)
	golden(t, "decisions.csv", f.CSV)
}

func TestFigures(t *testing.T) {
	in, _ := fixture()
	r, _ := build(t, in)
	tot := r.Total
	check := func(name string, got, want int) {
		t.Helper()
		if got != want {
			t.Errorf("%s = %d, want %d", name, got, want)
		}
	}
	check("judged", tot.Judged, 14)
	check("hidden", tot.Hidden, 7)
	check("queued", tot.Queued, 4)
	check("visible", tot.Visible, 3)
	check("approved (incl. a September comment)", r.Reviews.Approved, 4)
	check("rejected", r.Reviews.Rejected, 2)
	check("auto-hidden", r.Reviews.AutoHidden, 7)
	check("restored (one in November)", r.Reviews.Restored, 2)
	if rate, ok := r.Reviews.FalseAlarmRate(); !ok || rate < 0.285 || rate > 0.286 {
		t.Errorf("false-alarm rate = %v, %v; want 2/7", rate, ok)
	}
	if len(r.Accounts) != 2 || r.Accounts[0].Judged != 12 || r.Accounts[1].Judged != 2 {
		t.Errorf("per account: %+v", r.Accounts)
	}
	hide := r.Delays[0]
	check("hide delays", hide.N, 7)
	if hide.Median != 5*time.Second || hide.P90 != 2*time.Hour {
		t.Errorf("hide delay median %s p90 %s, want 5s and 2h", hide.Median, hide.P90)
	}
	if len(r.Authors) != 3 || r.Authors[0].N != 3 {
		t.Errorf("repeat authors: %+v", r.Authors)
	}
	if r.Election == nil || len(r.Election.Rows) != 4 {
		t.Fatalf("election section: %+v", r.Election)
	}
	// The threat keeps the earliest deadline of its offences (injure, 3
	// months) and the hate speech one year.
	deadlines := map[string]string{}
	for _, c := range r.Complaints {
		deadlines[c.CommentID] = c.Deadline.Format(time.DateOnly)
	}
	for id, want := range map[string]string{"1000_1_2": "2027-10-03", "1000_1_13": "2027-01-30", "1000_2_3": "2027-01-05", "1000_1_1": "2027-01-02"} {
		if deadlines[id] != want {
			t.Errorf("deadline of %s = %q, want %s", id, deadlines[id], want)
		}
	}
	if _, ok := deadlines["1000_2_4"]; ok {
		t.Error("spam listed as a possible complaint")
	}
	if r.Observe != nil {
		t.Error("observe section in act mode")
	}
}

// TestNoAuthorNames: nothing a report produces names an author or quotes
// their id, and the pseudonym is stable.
func TestNoAuthorNames(t *testing.T) {
	in, byID := fixture()
	_, f := build(t, in)
	for name, data := range map[string][]byte{"html": f.HTML, "text": f.Text, "csv": f.CSV} {
		for _, n := range authorNames {
			if bytes.Contains(data, []byte(n)) {
				t.Errorf("%s names %q", name, n)
			}
		}
		for _, c := range byID {
			if bytes.Contains(data, []byte(";"+c.from+";")) {
				t.Errorf("%s holds the raw author id %s", name, c.from)
			}
		}
	}
	r1, _ := build(t, in)
	r2, _ := build(t, in)
	if r1.Authors[0].Code != r2.Authors[0].Code || !strings.HasPrefix(r1.Authors[0].Code, "A-") {
		t.Errorf("pseudonyms not stable: %s, %s", r1.Authors[0].Code, r2.Authors[0].Code)
	}
	in.PseudonymKey = []byte("another deployment's key.........")
	r3, _ := build(t, in)
	if r3.Authors[0].Code == r1.Authors[0].Code {
		t.Error("the pseudonym does not depend on the deployment's key")
	}
}

func TestChart(t *testing.T) {
	in, _ := fixture()
	_, f := build(t, in)
	img, err := png.Decode(bytes.NewReader(f.Chart))
	if err != nil {
		t.Fatalf("chart is not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != report.ChartWidth || b.Dy() != report.ChartHeight {
		t.Fatalf("chart is %v, want %dx%d", b, report.ChartWidth, report.ChartHeight)
	}
	// Non-blank: the hidden colour (bars and legend) and many colours.
	colours := map[[3]uint32]int{}
	for y := 0; y < report.ChartHeight; y++ {
		for x := 0; x < report.ChartWidth; x++ {
			r, g, b, _ := img.At(x, y).RGBA()
			colours[[3]uint32{r >> 8, g >> 8, b >> 8}]++
		}
	}
	if colours[[3]uint32{0xc0, 0x39, 0x2b}] < 500 {
		t.Errorf("too few red (hidden) pixels: %d", colours[[3]uint32{0xc0, 0x39, 0x2b}])
	}
	if colours[[3]uint32{0xff, 0xff, 0xff}] > report.ChartWidth*report.ChartHeight*97/100 {
		t.Error("chart is almost blank")
	}
	if len(colours) < 5 {
		t.Errorf("chart has %d colours", len(colours))
	}
	if *update {
		_ = os.WriteFile(filepath.Join("testdata", "chart.png"), f.Chart, 0o644)
	}
}

func TestObserveMode(t *testing.T) {
	in, _ := fixture()
	in.Mode = "observe"
	for i, a := range in.Audit {
		if a.Event == "hidden" {
			in.Audit[i].Event, in.Audit[i].ActedAt, in.Audit[i].Mode = "would_hide", time.Time{}, "observe"
		}
	}
	r, f := build(t, in)
	if r.Observe == nil || r.Observe.WouldHide != 7 || r.Observe.Restored != 2 {
		t.Fatalf("observe section: %+v", r.Observe)
	}
	if !bytes.Contains(f.Text, []byte("CE QUE VIGIE AURAIT FAIT")) || !bytes.Contains(f.HTML, []byte("mode observation")) {
		t.Error("the observe section is missing from the rendering")
	}
}

func TestEmptyMonth(t *testing.T) {
	r, f := build(t, report.Input{Month: "2026-02", Location: paris, GeneratedAt: at("2026-03-01 08:00:00"), Mode: "act"})
	if r.Total.Judged != 0 || len(r.Days) != 28 {
		t.Fatalf("empty month: %+v, %d days", r.Total, len(r.Days))
	}
	if !bytes.Contains(f.Text, []byte("pas de taux de fausses alarmes")) {
		t.Error("an empty month should say there is no false-alarm rate")
	}
	if _, err := report.Build(report.Input{Month: "octobre"}); err == nil {
		t.Error("a bad month was accepted")
	}
}
