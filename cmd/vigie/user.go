package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/crypto/bcrypt"

	"github.com/vigie-fr/vigie/config"
)

// minPassword is the shortest console password accepted.
const minPassword = 12

// cmdUser manages console accounts: `vigie user add NAME` prints the YAML
// line to paste under console.users.
func cmdUser(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "add" {
		fmt.Fprintln(stderr, "Usage : vigie user add NOM   (le mot de passe est demandé, ou lu sur l'entrée standard)")
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return 0
		}
		return 2
	}
	fs := flag.NewFlagSet("user add", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cost := fs.Int("cost", 12, "coût bcrypt (10 à 15)")
	rest := args[1:]
	name := ""
	if len(rest) > 0 && !strings.HasPrefix(rest[0], "-") {
		name, rest = rest[0], rest[1:]
	}
	if code, ok := parseFlags(fs, rest); !ok {
		return code
	}
	if name == "" && fs.NArg() > 0 {
		name = fs.Arg(0)
	}
	if !config.ValidUserName(name) {
		fmt.Fprintf(stderr, "vigie user add : « %s » n'est pas un nom valable (minuscules, chiffres, point, tiret ou souligné ; exemple : marie.dupont)\n", name)
		return 2
	}
	if *cost < 10 || *cost > 15 {
		fmt.Fprintln(stderr, "vigie user add : --cost doit être entre 10 et 15")
		return 2
	}
	pass, err := readPassword(stdin, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "vigie user add : %v\n", err)
		return 1
	}
	if len([]rune(pass)) < minPassword {
		fmt.Fprintf(stderr, "vigie user add : mot de passe trop court (au moins %d caractères ; une phrase de passe est plus facile à retenir)\n", minPassword)
		return 2
	}
	if len(pass) > 72 {
		fmt.Fprintln(stderr, "vigie user add : mot de passe trop long (72 octets au plus pour bcrypt)")
		return 2
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(pass), *cost)
	if err != nil {
		fmt.Fprintf(stderr, "vigie user add : %v\n", err)
		return 1
	}
	fmt.Fprintln(stderr, "Ajoutez cette ligne sous « console: users: » dans le fichier de configuration, puis redémarrez Vigie :")
	fmt.Fprintf(stdout, "    - {name: %s, password_hash: \"%s\"}\n", name, hash)
	return 0
}

// readPassword asks twice on a terminal, without echo; otherwise it reads
// one line from stdin (scripts: echo "$PASS" | vigie user add marie).
func readPassword(stdin io.Reader, stderr io.Writer) (string, error) {
	if f, ok := stdin.(*os.File); ok && isTerminal(f) {
		fmt.Fprint(stderr, "Mot de passe : ")
		p1, err := readNoEcho(f)
		fmt.Fprintln(stderr)
		if err != nil {
			return "", err
		}
		fmt.Fprint(stderr, "Mot de passe (encore) : ")
		p2, err := readNoEcho(f)
		fmt.Fprintln(stderr)
		if err != nil {
			return "", err
		}
		if p1 != p2 {
			return "", fmt.Errorf("les deux saisies diffèrent")
		}
		return p1, nil
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && (err != io.EOF || line == "") {
		return "", fmt.Errorf("aucun mot de passe lu sur l'entrée standard")
	}
	return strings.TrimRight(line, "\r\n"), nil
}
