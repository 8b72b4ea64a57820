package deploy

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// A fresh clone, alone in a temporary directory (no shared folder beside it),
// runs the tests that read labelled data: everything they read is in the
// repository.
func TestFreshCloneNeedsNothingBeside(t *testing.T) {
	git, err := exec.LookPath("git")
	if err != nil {
		t.Fatal("git is missing: apt-get install -y git")
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, ".git")); err != nil {
		t.Fatalf("%s is not a git checkout: this test clones it", root)
	}
	tmp := t.TempDir()
	clone := filepath.Join(tmp, "vigie")
	if out, err := exec.Command(git, "clone", "--quiet", "--no-hardlinks", root, clone).CombinedOutput(); err != nil {
		t.Fatalf("git clone: %v\n%s", err, out)
	}
	if _, err := os.Stat(filepath.Join(tmp, "shared")); err == nil {
		t.Fatal("a shared/ folder sits beside the clone")
	}
	// No test, Makefile or CI script reaches outside the repository.
	out, err := exec.Command(git, "-C", clone, "grep", "-l", "-E", `\.\.[/]shared|\.\.[/]\.\.[/]\.\.[/]`, "--", "*_test.go", "Makefile", ".ci/*").CombinedOutput()
	if err == nil && len(strings.TrimSpace(string(out))) > 0 {
		t.Errorf("these read outside the repository: %s", out)
	}
	cmd := exec.Command("go", "test", "-count=1", "-run", "TestEvalCommand|TestHateCheckFloors|TestMLMAReport", "./cmd/vigie/", "./moderation/evalset/")
	cmd.Dir = clone
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("tests fail in a fresh clone: %v\n%s", err, out)
	}
}
