package main

import (
	"flag"
	"fmt"
	"io"
	"net/http"
	"time"
)

// cmdHealthcheck probes a running daemon's /healthz; the Docker image has
// no curl, so the HEALTHCHECK uses this.
func cmdHealthcheck(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("healthcheck", flag.ContinueOnError)
	fs.SetOutput(stderr)
	url := fs.String("url", "http://127.0.0.1:8080/healthz", "adresse à interroger")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	client := &http.Client{Timeout: 3 * time.Second}
	resp, err := client.Get(*url)
	if err != nil {
		fmt.Fprintf(stderr, "Vigie ne répond pas : %v\n", err)
		return 1
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		fmt.Fprintf(stderr, "Vigie répond %s\n", resp.Status)
		return 1
	}
	fmt.Fprintln(stdout, "Vigie fonctionne.")
	return 0
}
