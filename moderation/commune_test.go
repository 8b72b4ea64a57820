package moderation_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/vigie-fr/vigie/moderation"
)

// communeDir holds the labelled set of comments of a fictional commune and
// its charter facts.
var communeDir = filepath.Join("..", "testdata", "commune")

// charterFile is the part of the configuration the commune set needs; the
// keys are those of config.Charter.
type charterFile struct {
	Charter struct {
		People []struct {
			Name    string   `yaml:"name"`
			Role    string   `yaml:"role"`
			Aliases []string `yaml:"aliases"`
		} `yaml:"people"`
		Rumors []struct {
			ID         string   `yaml:"id"`
			Claim      string   `yaml:"claim"`
			Keywords   []string `yaml:"keywords"`
			Correction string   `yaml:"correction"`
		} `yaml:"rumors"`
		UnreliableDomains []string `yaml:"unreliable_domains"`
		BlockedTerms      []string `yaml:"blocked_terms"`
		AllowedTerms      []string `yaml:"allowed_terms"`
	} `yaml:"charter"`
}

func loadCommuneFacts(t testing.TB) moderation.Facts {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(communeDir, "charter.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var cf charterFile
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&cf); err != nil {
		t.Fatalf("charter.yaml: %v", err)
	}
	ch := cf.Charter
	f := moderation.Facts{
		UnreliableDomains: ch.UnreliableDomains,
		BlockedTerms:      ch.BlockedTerms,
		AllowedTerms:      ch.AllowedTerms,
	}
	for _, p := range ch.People {
		f.People = append(f.People, moderation.Person{Name: p.Name, Role: p.Role, Aliases: p.Aliases})
	}
	for _, r := range ch.Rumors {
		f.Rumors = append(f.Rumors, moderation.Rumor{ID: r.ID, Claim: r.Claim, Keywords: r.Keywords, Correction: r.Correction})
	}
	return f
}

type labelled struct {
	ID     string                `json:"id"`
	Text   string                `json:"text"`
	Labels []moderation.Category `json:"labels"`
}

func loadCommuneSet(t testing.TB, name string) []labelled {
	t.Helper()
	fh, err := os.Open(filepath.Join(communeDir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	var out []labelled
	sc := bufio.NewScanner(fh)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		var l labelled
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("%s:%d: %v", name, n, err)
		}
		for _, c := range l.Labels {
			if !c.Valid() {
				t.Fatalf("%s:%d: unknown label %q", name, n, c)
			}
		}
		out = append(out, l)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// factCategories are the categories whose detectors read the charter facts.
var factCategories = []moderation.Category{
	moderation.Diffamatoire, moderation.FakeNews, moderation.DonneesPersonnelles, moderation.Spam, moderation.Propagande,
}

// TestCommuneSet runs the classifier over the labelled commune set and
// checks the targets: at least 90 % of the comments that must be acted on
// are, with at least one right category, and at most 3 % of the others
// are. Per-category precision and recall go to the test log.
func TestCommuneSet(t *testing.T) {
	per := scoreSet(t, "commune.jsonl", 90, 3)
	// The charter-fact detectors have their own floor, so a regression in
	// one of them shows even while the overall figures hold.
	for _, cat := range factCategories {
		k := per[cat]
		if p := pct(k.tp, k.tp+k.fp); p < 90 {
			t.Errorf("%s: precision %.1f %%, want at least 90 %%", cat, p)
		}
		if r := pct(k.tp, k.tp+k.fn); r < 75 {
			t.Errorf("%s: recall %.1f %%, want at least 75 %%", cat, r)
		}
	}
}

// TestBlindSet runs the classifier over blind.jsonl: comments written,
// with their labels, before their author read the rules (commit
// "testdata: blind commune set"), then used to find the general
// constructions the rules missed; its labels and sentences were not
// changed after that. Floors: at least 90 % of the comments that must be
// acted on are, with a right category; at most 3 % of the others are.
func TestBlindSet(t *testing.T) {
	scoreSet(t, "blind.jsonl", 90, 3)
}

// TestBlind3Sets runs the two halves of blind3: 320 comments written by
// someone who never saw the rules (commit "testdata: third blind commune
// set"), split by id parity. The odd half was then used to find missing
// constructions and must hold the usual floors. The even half was first
// only scored (64 % acted on rightly, 3 % wrongly); it has since become
// tuning data too: its misses were read to find general constructions
// and the lexicons were completed (91 % and 0 % after that). Its floors
// sit just under those figures and catch regressions; it no longer
// measures generalisation — blind4 will.
func TestBlind3Sets(t *testing.T) {
	t.Run("tune", func(t *testing.T) { scoreSet(t, "blind3_tune.jsonl", 90, 3) })
	t.Run("check", func(t *testing.T) { scoreSet(t, "blind3_check.jsonl", 88, 3) })
}

// TestBlind4Set runs blind4.jsonl: 300 comments written by someone who
// never saw the rules, many avoiding obvious keywords (irony, coded words,
// implied threats). It has never been used to write or tune a rule: it is
// the project's honest measure of generalisation. Its floors sit just
// under the figures measured when it was committed (53 % acted on with a
// right category, 3.3 % wrongly) and only catch regressions. Do not tune
// on it; write a new blind set when it is time to measure again.
func TestBlind4Set(t *testing.T) {
	scoreSet(t, "blind4.jsonl", 50, 5)
}

// TestUnseenWriters runs the sets of testdata/unseen, written by writers
// who never saw the rules: v and w after the judge of commit c9ec91a was
// built, aa and ab on 2026-12-08 before that day's changes. No model is
// trained on them. Floors just under what the judge with model 807e9594
// measured (v: 80.7 % acted on with a right category, 6.7 % wrongly; w:
// 64.6 % and 1.6 %; aa: 87.5 % and 3.5 %; ab: 84.1 % and 3.9 %) catch a
// loss of generalisation. w's false alarms went from 0.9 % to 1.6 % with
// the lower threat threshold where someone is named, chosen on
// leave-one-writer-out validation (learned.go, threatPersonScore); its
// floor moved from 1.5 % to 2 % with it. Do not tune on them.
func TestUnseenWriters(t *testing.T) {
	t.Run("v", func(t *testing.T) { scoreSet(t, "../unseen/writer_v.jsonl", 79, 7.5) })
	t.Run("w", func(t *testing.T) { scoreSet(t, "../unseen/writer_w.jsonl", 63, 2) })
	t.Run("aa", func(t *testing.T) { scoreSet(t, "../unseen/writer_aa.jsonl", 86, 4.5) })
	t.Run("ab", func(t *testing.T) { scoreSet(t, "../unseen/writer_ab.jsonl", 82, 5) })
}

type counts struct{ tp, fp, fn int }

// scoreSet classifies a labelled set of the commune with its charter
// facts, logs per-category figures and fails under the floors: minAct %
// of the must-act comments acted on with a right category, at most
// maxWrong % of the must-not-act comments acted on.
func scoreSet(t *testing.T, name string, minAct, maxWrong float64) map[moderation.Category]*counts {
	t.Helper()
	set := loadCommuneSet(t, name)
	c, err := moderation.New(loadCommuneFacts(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	per := map[moderation.Category]*counts{}
	for _, cat := range moderation.Categories {
		per[cat] = &counts{}
	}
	var mustAct, actedRight, mustNot, actedWrong int
	for _, l := range set {
		v := c.Classify(l.Text)
		want := map[moderation.Category]bool{}
		for _, cat := range l.Labels {
			want[cat] = true
		}
		right := false
		for _, cat := range moderation.Categories {
			got := v.Acts() && v.Has(cat)
			switch {
			case got && want[cat]:
				per[cat].tp++
				right = true
			case got:
				per[cat].fp++
				if testing.Verbose() {
					t.Logf("%s: false %s: %s", l.ID, cat, l.Text)
				}
			case want[cat]:
				per[cat].fn++
				if testing.Verbose() {
					t.Logf("%s: missed %s: %s", l.ID, cat, l.Text)
				}
			}
		}
		if len(l.Labels) > 0 {
			mustAct++
			if right {
				actedRight++
			}
		} else {
			mustNot++
			if v.Acts() {
				actedWrong++
			}
		}
	}
	for _, cat := range moderation.Categories {
		k := per[cat]
		t.Logf("%-22s precision %5.1f %%  recall %5.1f %%  (tp %d, fp %d, fn %d)",
			cat, pct(k.tp, k.tp+k.fp), pct(k.tp, k.tp+k.fn), k.tp, k.fp, k.fn)
	}
	recall := pct(actedRight, mustAct)
	falseRate := pct(actedWrong, mustNot)
	t.Logf("%s: must act: %d/%d acted on with a right category (%.1f %%); must not act: %d/%d acted on (%.1f %%)",
		name, actedRight, mustAct, recall, actedWrong, mustNot, falseRate)
	if recall < minAct {
		t.Errorf("%s: acted on %.1f %% of the comments that must be acted on, want at least %.0f %%", name, recall, minAct)
	}
	if falseRate > maxWrong {
		t.Errorf("%s: acted on %.1f %% of the comments that must not be acted on, want at most %.0f %%", name, falseRate, maxWrong)
	}
	if len(set) < 100 {
		t.Errorf("%s: only %d comments read", name, len(set))
	}
	return per
}

func pct(a, b int) float64 {
	if b == 0 {
		return 100
	}
	return 100 * float64(a) / float64(b)
}
