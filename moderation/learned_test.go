package moderation

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/vigie-fr/vigie/moderation/ngram"
)

// toyModel trains a small model that knows « zorglubard », a word no
// lexicon holds, as an insult, and « promo flash » as spam: what it finds
// is the model's alone.
func toyModel(t testing.TB) *ngram.Model {
	t.Helper()
	reader, err := New(Facts{}, nil, WithModel(nil))
	if err != nil {
		t.Fatal(err)
	}
	plain := []string{"la route du moulin est fermée", "merci pour le marché de samedi", "la piscine rouvre lundi",
		"quand passe le bus scolaire", "bravo aux bénévoles du téléthon", "les travaux de la place avancent"}
	var ex []ngram.Example
	for i := range 240 {
		p := plain[i%len(plain)]
		switch i % 4 {
		case 0:
			ex = append(ex, ngram.Example{Doc: reader.ModelDoc(fmt.Sprintf("%s, et le voisin %d est un zorglubard", p, i)), Labels: []int{0}})
		case 1:
			ex = append(ex, ngram.Example{Doc: reader.ModelDoc(fmt.Sprintf("promo flash sur %s, code%d", p, i)), Labels: []int{1}})
		case 2:
			ex = append(ex, ngram.Example{Doc: reader.ModelDoc(fmt.Sprintf("%s, et le voisin %d est un ami", p, i))})
		default:
			ex = append(ex, ngram.Example{Doc: reader.ModelDoc(fmt.Sprintf("%s %d", p, i))})
		}
	}
	m, _, err := ngram.Train([]string{string(Injurieux), string(Spam)}, ex, ngram.Options{
		Settings: ngram.Settings{HashBits: 14, WordMin: 1, WordMax: 2, CharMin: 2, CharMax: 5}, Epochs: 4, Folds: 3})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestModelPolicy(t *testing.T) {
	m := toyModel(t)
	hide := DefaultPolicy()
	p := hide[Injurieux]
	p.ModelHideThreshold = 0.5
	hide[Injurieux] = p
	none := DefaultPolicy()
	none[Injurieux] = CategoryPolicy{Action: ActionNone, Threshold: 0.5}
	tests := []struct {
		name       string
		policy     Policy
		text       string
		action     Action
		rules      []string
		reasonHas  string
		evidenceOf string
	}{
		{"model alone queues", nil, "Franchement le voisin est un zorglubard", ActionQueue,
			[]string{"model.injurieux"}, "Le modèle appris reconnaît un propos injurieux", "zorglubard"},
		{"model hide threshold lets it hide", hide, "Franchement le voisin est un zorglubard", ActionHide,
			[]string{"model.injurieux"}, "mots qui ont pesé : « zorglubard", "zorglubard"},
		{"action none is respected", none, "Franchement le voisin est un zorglubard", ActionNone, nil, "", ""},
		{"rules and model agree: the rules hide", nil, "le voisin est un zorglubard et un connard", ActionHide,
			nil, "", ""},
		{"harmless", nil, "La piscine rouvre lundi, merci", ActionNone, nil, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := New(Facts{}, tt.policy, WithModel(m))
			if err != nil {
				t.Fatal(err)
			}
			v := c.Classify(tt.text)
			if v.Action != tt.action {
				t.Fatalf("action %s, want %s: %+v", v.Action, tt.action, v)
			}
			if v.ModelScores == nil || !strings.Contains(v.Judge, "modèle "+m.ID()) {
				t.Errorf("verdict lacks the model's scores or its id: %+v", v)
			}
			if tt.action == ActionNone {
				return
			}
			f := v.Findings[0]
			if tt.rules != nil && !slices.Equal(f.Rules, tt.rules) {
				t.Errorf("rules %v, want %v", f.Rules, tt.rules)
			}
			if tt.rules == nil && (!slices.Contains(f.Rules, "model.injurieux") || len(f.Rules) < 2) {
				t.Errorf("rules %v: want the rules' ids and model.injurieux", f.Rules)
			}
			if !strings.Contains(f.Reason, tt.reasonHas) {
				t.Errorf("reason %q lacks %q", f.Reason, tt.reasonHas)
			}
			if tt.evidenceOf != "" {
				var quoted []string
				for _, sp := range f.Evidence {
					quoted = append(quoted, tt.text[sp.Start:sp.End])
				}
				if !slices.Contains(quoted, tt.evidenceOf) {
					t.Errorf("evidence %q, want %q", quoted, tt.evidenceOf)
				}
			}
		})
	}
}

func TestModelAloneVerdict(t *testing.T) {
	m := toyModel(t)
	c, err := New(Facts{}, nil, WithModel(m))
	if err != nil {
		t.Fatal(err)
	}
	if v := c.ClassifyModelIn("le voisin est un connard", Context{}); v.Acts() {
		t.Errorf("the toy model alone acted on an insult it never saw: %+v", v)
	}
	if v := c.ClassifyModelIn("promo flash sur la piscine rouvre lundi, code7", Context{}); !v.Has(Spam) || v.Action != ActionQueue {
		t.Errorf("model alone on spam: %+v", v)
	}
	rules, err := c.RulesOnly()
	if err != nil {
		t.Fatal(err)
	}
	if v := rules.Classify("Franchement le voisin est un zorglubard"); v.Acts() || v.ModelScores != nil || !strings.Contains(v.Judge, "modèle désactivé") {
		t.Errorf("rules alone: %+v", v)
	}
}

func TestJudgeVersion(t *testing.T) {
	a, err := New(Facts{}, nil, WithModel(nil))
	if err != nil {
		t.Fatal(err)
	}
	b, err := New(Facts{}, nil, WithModel(toyModel(t)))
	if err != nil {
		t.Fatal(err)
	}
	if a.Judge() == b.Judge() || !strings.HasPrefix(a.Judge(), "règles "+RulesBuild+", lexiques ") {
		t.Errorf("judges %q and %q", a.Judge(), b.Judge())
	}
	if v := a.Classify("Bonjour"); v.Judge != a.Judge() {
		t.Errorf("verdict judge %q, classifier %q", v.Judge, a.Judge())
	}
}

func TestModelWithUnknownCategory(t *testing.T) {
	reader, _ := New(Facts{}, nil, WithModel(nil))
	var ex []ngram.Example
	for i := range 40 {
		ex = append(ex, ngram.Example{Doc: reader.ModelDoc(fmt.Sprintf("texte %d", i)), Labels: []int{i % 2}})
	}
	m, _, err := ngram.Train([]string{"injurieux", "insultes"}, ex, ngram.Options{Settings: ngram.Settings{HashBits: 12, WordMin: 1, WordMax: 1}, Folds: 2, Epochs: 1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := New(Facts{}, nil, WithModel(m)); err == nil || !strings.Contains(err.Error(), "insultes") {
		t.Errorf("New() error = %v, want the unknown category named", err)
	}
}

// TestEmbeddedModel checks that the embedded model loads and runs.
func TestEmbeddedModel(t *testing.T) {
	m, err := ngram.Default()
	if err != nil || m == nil {
		t.Fatalf("embedded model: %v, %v", m, err)
	}
	c, err := New(Facts{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	v := c.Classify("Merci pour le déneigement ce matin, les routes étaient dégagées.")
	if len(v.ModelScores) != len(Categories) || v.Acts() {
		t.Errorf("verdict %+v", v)
	}
}

func TestPublicContacts(t *testing.T) {
	public := Facts{PublicContacts: []string{"06 12 34 56 78", "ecole.tilleuls@gmail.com", "12 rue des Tilleuls"}}
	tests := []struct {
		name string
		text string
		// flagged without the public contacts, spared with them
		spared bool
	}{
		{"a number published by the commune", "Appelez-le au 06 12 34 56 78, c'est son numéro perso, harcelez-le !", true},
		{"the same number in the international form", "Appelez-le au +33 6 12 34 56 78, c'est son numéro perso, harcelez-le !", true},
		{"another number stays personal data", "Appelez-le au 06 98 76 54 32, c'est son numéro perso, harcelez-le !", false},
		{"a published address", "Il habite au 12 rue des Tilleuls, allez le voir.", true},
		{"another address stays personal data", "Il habite au 14 rue des Acacias, allez le voir.", false},
		{"a published e-mail", "Écrivez-lui sur son mail perso ecole.tilleuls@gmail.com pour l'insulter", true},
	}
	without := newTestClassifier(t, Facts{}, nil)
	with := newTestClassifier(t, public, nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if v := without.Classify(tt.text); !v.Has(DonneesPersonnelles) {
				t.Fatalf("without public contacts, not personal data: %+v", v)
			}
			if got := with.Classify(tt.text).Has(DonneesPersonnelles); got == tt.spared {
				t.Errorf("with public contacts: personal data = %v, want %v", got, !tt.spared)
			}
		})
	}
	for _, bad := range []string{"12", "mairie@", "x"} {
		if _, err := New(Facts{PublicContacts: []string{bad}}, nil, WithModel(nil)); err == nil {
			t.Errorf("public contact %q accepted", bad)
		}
	}
}

// TestShortCommentsLeftAlone: the embedded model does not act on a
// greeting or a thank-you whose few n-grams also open spam (the model
// normalises short comments as if they had MinFeatures features and
// reads their length).
func TestShortCommentsLeftAlone(t *testing.T) {
	c, err := New(Facts{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !c.HasModel() {
		t.Fatal("no embedded model: run make model")
	}
	for _, s := range []string{"Bonjour", "Merci", "Bravo 👏", "Merci beaucoup !", "+1", "Bonne journée"} {
		if v := c.Classify(s); v.Acts() {
			t.Errorf("%q: %s %v", s, v.Action, v.Categories())
		}
	}
}

// TestHateMayAct: the model alone acts on hate asserted with a hostile
// word and no group named; where a group is named, only from
// groupHateScore and with a hostile word asserted outside quotation marks;
// never where no hostile word is read, or within a frame of condemnation
// or reported speech.
func TestHateMayAct(t *testing.T) {
	c, err := New(Facts{}, nil, WithModel(nil))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		text string
		p    float64
		want bool
	}{
		{"ces gens-là se reproduisent comme des lapins", 0.8, true},
		{"les musulmans sont des rats", groupHateScore, true},
		{"les musulmans sont des rats", groupHateScore - 0.01, false},
		{"les lesbiennes vivent dans toutes les régions de France", 0.99, false},
		{"les femmes sont aussi compétentes que les hommes", 0.99, false},
		{"la pluie tombe encore sur la mairie", 0.99, false},
		{"arrêtez de dire que les musulmans sont des rats", 0.99, false},
		{"c'est honteux d'écrire que les juifs sont des parasites", 0.99, false},
		{`« les Arabes sont des rats », voilà ce qu'on lit sous les posts de la mairie`, 0.99, false},
		{"les Arabes ne sont pas des rats", 0.99, false},
	}
	for _, tt := range tests {
		an := c.read(tt.text)
		if got := hateMayAct(an, modelDoc(an), tt.p); got != tt.want {
			t.Errorf("%q at %.2f: %v, want %v", tt.text, tt.p, got, tt.want)
		}
	}
}

// TestTargetedThreat: the model acts on threats from threatPersonScore
// only where the comment addresses someone or names a person.
func TestTargetedThreat(t *testing.T) {
	c, err := New(Facts{}, nil, WithModel(nil))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		text string
		want bool
	}{
		{"fais gaffe à toi ce soir", true},
		{"vous allez voir ce qui va se passer", true},
		{"@Kevin on se retrouve à la sortie", true},
		{"le maire ferait bien de rentrer tôt ce soir", true},
		{"Madame Dubois, votre voiture craint le feu", true},
		{"sa fille va à l'école Jules Ferry, on sait", true},
		{"La déchetterie refuse les pneus, on les jette dans la forêt ?", false},
		{"la pluie va tout détruire dans les jardins", false},
		{"les platanes vont finir à la tronçonneuse", false},
	}
	for _, tt := range tests {
		an := c.read(tt.text)
		if got := targetedThreat(an, modelDoc(an)); got != tt.want {
			t.Errorf("%q: %v, want %v", tt.text, got, tt.want)
		}
	}
}

// TestWeighRules: where the model gives a category almost nothing, a rule
// finding of that category under ruleLowScore is dropped; a stronger
// one, one the model does not rule out, and one of the commune's own
// terms stand.
func TestWeighRules(t *testing.T) {
	var r modelRun
	for i := range r.scores {
		r.scores[i] = modelSure / 2
	}
	r.scores[slices.Index(Categories, Menace)] = 0.4
	r.scores[slices.Index(Categories, Spam)] = -1
	fs := []Finding{
		{Category: Injurieux, Score: ruleLowScore - 0.05, Rules: []string{"injurieux.injure"}},
		{Category: Haineux, Score: max(ruleLowScore, ruleMiddleScore), Rules: []string{"haineux.x"}},
		{Category: Menace, Score: 0.6, Rules: []string{"menace.x"}},
		{Category: Diffamatoire, Score: 0.6, Rules: []string{"charter.blocked"}},
		{Category: Spam, Score: 0.6, Rules: []string{"spam.x"}},
		{Category: FakeNews, Score: modelSure, Rules: []string{"fake_news.x"}},
	}
	out, doubt := (&learned{}).weighRules(slices.Clone(fs), &r)
	var kept []Category
	for _, f := range out {
		kept = append(kept, f.Category)
	}
	want := []Category{Haineux, Menace, Diffamatoire, Spam}
	if !slices.Equal(kept, want) || len(doubt) != 0 {
		t.Errorf("kept %v (doubt %v), want %v", kept, doubt, want)
	}
}

// TestContentRuns: the explanation quotes the spans that hold a word other
// than a grammatical word; only when none does, the grammatical ones.
func TestContentRuns(t *testing.T) {
	c, err := New(Facts{}, nil, WithModel(nil))
	if err != nil {
		t.Fatal(err)
	}
	an := c.read("les voisins sont des zorglubards")
	runs := []ngram.Weighed{{First: 0, Last: 1}, {First: 2, Last: 4}, {First: 4, Last: 5}, {First: 9, Last: 10}}
	if got := contentRuns(an.t, runs); !slices.Equal(got, []ngram.Weighed{{First: 4, Last: 5}}) {
		t.Errorf("content runs %v, want only « zorglubards »", got)
	}
	grammar := []ngram.Weighed{{First: 2, Last: 4}, {First: 0, Last: 1}}
	if got := contentRuns(an.t, grammar); !slices.Equal(got, grammar) {
		t.Errorf("grammatical runs %v, want them kept in order", got)
	}
}
