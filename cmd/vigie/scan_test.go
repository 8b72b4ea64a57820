package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func runCmd(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestScanLines(t *testing.T) {
	in := strings.Join([]string{
		`{"id": "a1", "text": "Merci pour le déneigement ce matin !"}`,
		`{"id": "a2", "text": "Le maire est un gros c0nn4rd."}`,
		`{"id": 42, "text": "On sait où tu habites, fais gaffe à toi."}`,
		`{"id": "a4", "text": "pas fermé`,
		`pas du json du tout`,
		`{"id": "a6"}`,
		``,
		`{"id": "a8", "text": "Les migrants sont de la vermine."}`,
	}, "\n")
	code, out, errOut := runCmd(t, in, "scan")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(lines) != 8 {
		t.Fatalf("got %d lines, want 8:\n%s", len(lines), out)
	}
	var recs []map[string]any
	for i, l := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("line %d is not JSON: %v", i+1, err)
		}
		recs = append(recs, m)
	}
	ok := recs[0]
	if ok["id"] != "a1" || ok["act"] != false || ok["action"] != "none" {
		t.Errorf("line 1 = %v", ok)
	}
	for _, k := range []string{"categories", "scores", "reasons"} {
		if _, present := ok[k]; !present {
			t.Errorf("line 1 lacks %q: %v", k, ok)
		}
	}
	insult := recs[1]
	if insult["act"] != true || insult["action"] != "hide" {
		t.Errorf("line 2 = %v", insult)
	}
	if cats := insult["categories"].([]any); len(cats) != 1 || cats[0] != "injurieux" {
		t.Errorf("line 2 categories = %v", cats)
	}
	if sc := insult["scores"].(map[string]any)["injurieux"].(float64); sc < 0.5 || sc > 1 {
		t.Errorf("line 2 score = %v", sc)
	}
	if rs := insult["reasons"].([]any); len(rs) != 1 || !strings.Contains(rs[0].(string), "Injure") {
		t.Errorf("line 2 reasons = %v", rs)
	}
	threat := recs[2]
	if threat["id"] != float64(42) || threat["urgent"] != true {
		t.Errorf("line 3 = %v", threat)
	}
	if recs[3]["id"] != "a4" || recs[3]["error"] == nil {
		t.Errorf("line 4 (truncated JSON, id recoverable) = %v", recs[3])
	}
	if recs[4]["id"] != nil || !strings.Contains(recs[4]["error"].(string), "JSON invalide") {
		t.Errorf("line 5 = %v", recs[4])
	}
	if recs[5]["id"] != "a6" || !strings.Contains(recs[5]["error"].(string), "text") {
		t.Errorf("line 6 = %v", recs[5])
	}
	if recs[6]["error"] == nil {
		t.Errorf("line 7 (empty) = %v", recs[6])
	}
	if recs[7]["id"] != "a8" || recs[7]["act"] != true {
		t.Errorf("line 8 = %v", recs[7])
	}
	if !strings.Contains(errOut, "4 ligne(s) illisible(s)") {
		t.Errorf("stderr = %q", errOut)
	}
}

func TestScanNoTrailingNewline(t *testing.T) {
	code, out, _ := runCmd(t, `{"id": "z", "text": "Connard !"}`, "scan")
	if code != 0 || strings.Count(out, "\n") != 1 || !strings.Contains(out, `"act":true`) {
		t.Errorf("exit %d, out %q", code, out)
	}
}

func TestScanWithConfig(t *testing.T) {
	code, out, errOut := runCmd(t, `{"id": "c", "text": "L'eau du robinet est contaminée, ne la buvez plus !"}`, "scan", "--config", "../../testdata/commune/charter.yaml")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatal(err)
	}
	if m["act"] != true || m["correction"] == nil {
		t.Errorf("rumour with correction: %v", m)
	}
}

func TestScanBadConfig(t *testing.T) {
	code, _, errOut := runCmd(t, "", "scan", "--config", "/nonexistent/vigie.yaml")
	if code == 0 || !strings.Contains(errOut, "vigie scan") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

func TestScanHugeLine(t *testing.T) {
	huge := `{"id": "big", "text": "` + strings.Repeat("a", maxCommentBytes+10) + `"}` + "\n" + `{"id": "next", "text": "Connard !"}`
	code, out, _ := runCmd(t, huge, "scan")
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if code != 0 || len(lines) != 2 || !strings.Contains(lines[0], "trop longue") || !strings.Contains(lines[1], `"next"`) {
		t.Errorf("exit %d, lines %d, first %.100q", code, len(lines), lines[0])
	}
}
