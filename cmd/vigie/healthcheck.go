package main

import (
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"time"

	"go.yaml.in/yaml/v3"
)

// cmdHealthcheck probes a running daemon's readiness on its private
// address (admin_listen, read from the configuration file): the Docker
// image has no curl, so its HEALTHCHECK uses this. Unready (Redis down,
// Page token refused) is unhealthy.
func cmdHealthcheck(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("healthcheck", flag.ContinueOnError)
	fs.SetOutput(stderr)
	path := fs.String("config", defaultConfigPath, "fichier de configuration (pour l'adresse admin_listen)")
	url := fs.String("url", "", "adresse à interroger à la place (exemple : http://127.0.0.1:9090/readyz)")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	target := *url
	if target == "" {
		addr, err := adminAddress(*path)
		if err != nil {
			fmt.Fprintf(stderr, "vigie healthcheck : %v\n", err)
			return 1
		}
		target = "http://" + addr + "/readyz"
	}
	client := &http.Client{Timeout: 3 * time.Second}
	resp, err := client.Get(target)
	if err != nil {
		fmt.Fprintf(stderr, "Vigie ne répond pas sur %s : %v\n", target, err)
		return 1
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	if resp.StatusCode != http.StatusOK {
		fmt.Fprintf(stderr, "Vigie n'est pas prêt (%s) : %s\n", resp.Status, body)
		return 1
	}
	fmt.Fprintln(stdout, "Vigie fonctionne et est prêt.")
	return 0
}

// adminAddress reads admin_listen from the configuration file without
// reading its secrets (the health check need not see them), and turns a
// wildcard host into loopback.
func adminAddress(path string) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("lecture de la configuration : %w", err)
	}
	var c struct {
		AdminListen string `yaml:"admin_listen"`
	}
	if err := yaml.Unmarshal(data, &c); err != nil {
		return "", fmt.Errorf("%s : YAML illisible", path)
	}
	if c.AdminListen == "" {
		c.AdminListen = "127.0.0.1:9090"
	}
	host, port, err := net.SplitHostPort(c.AdminListen)
	if err != nil {
		return "", fmt.Errorf("admin_listen « %s » n'est pas une adresse", c.AdminListen)
	}
	if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port), nil
}
