// Package deploy holds no code: its tests check that the Dockerfile, the
// compose file, the systemd unit, the Kubernetes manifest, the example
// configuration and the README agree with each other, since there is no
// Docker engine where the tests run.
package deploy

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// imageUser is the numeric user the image runs as.
func imageUser(t *testing.T) string {
	t.Helper()
	m := regexp.MustCompile(`(?m)^USER (\d+):(\d+)$`).FindStringSubmatch(read(t, "../Dockerfile"))
	if m == nil {
		t.Fatal("the Dockerfile's final stage must say USER uid:gid with numbers, so compose and Kubernetes can match it")
	}
	return m[1]
}

type compose struct {
	Services map[string]struct {
		Image       string         `yaml:"image"`
		User        string         `yaml:"user"`
		Command     []string       `yaml:"command"`
		Volumes     []string       `yaml:"volumes"`
		Ports       []string       `yaml:"ports"`
		Networks    []string       `yaml:"networks"`
		NetworkMode string         `yaml:"network_mode"`
		DependsOn   map[string]any `yaml:"depends_on"`
		Secrets     []string       `yaml:"secrets"`
		Healthcheck struct {
			Test []string `yaml:"test"`
		} `yaml:"healthcheck"`
	} `yaml:"services"`
	Networks map[string]struct {
		Internal bool `yaml:"internal"`
	} `yaml:"networks"`
	Volumes map[string]struct {
		DriverOpts map[string]string `yaml:"driver_opts"`
	} `yaml:"volumes"`
	Secrets map[string]any `yaml:"secrets"`
}

// secretFiles are the files every *_file key of the example configuration
// names.
func secretFiles(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, m := range regexp.MustCompile(`(?m)^\s*[a-z_]+_file:\s*(\S+)`).FindAllStringSubmatch(read(t, "vigie.example.yaml"), -1) {
		out = append(out, m[1])
	}
	if len(out) < 3 {
		t.Fatalf("the example names only %d secret files", len(out))
	}
	return out
}

func TestComposeSecretsAreReadableByTheImageUser(t *testing.T) {
	uid := imageUser(t)
	var c compose
	dec := yaml.NewDecoder(strings.NewReader(read(t, "docker-compose.yml")))
	if err := dec.Decode(&c); err != nil {
		t.Fatalf("docker-compose.yml does not parse: %v", err)
	}
	vigie, ok := c.Services["vigie"]
	if !ok {
		t.Fatal("no vigie service")
	}
	if vigie.User != uid+":"+uid {
		t.Errorf("vigie runs as %q, the image's user is %s", vigie.User, uid)
	}
	// Host files keep their owner and mode in a bind mount: the secrets
	// service copies them for the image's user instead.
	init, ok := c.Services["secrets"]
	if !ok {
		t.Fatal("no secrets service to hand the secrets to the image's user")
	}
	script := strings.Join(init.Command, "\n")
	for _, want := range []string{"chown " + uid + ":" + uid, "chmod 0400"} {
		if !strings.Contains(script, want) {
			t.Errorf("the secrets service does not %q", want)
		}
	}
	if init.NetworkMode != "none" {
		t.Error("the secrets service needs no network")
	}
	if _, ok := vigie.DependsOn["secrets"]; !ok {
		t.Error("vigie must start after the secrets are copied")
	}
	if !slices.Contains(vigie.Volumes, "vigie-secrets:/etc/vigie/secrets:ro") {
		t.Errorf("vigie must mount the copied secrets at /etc/vigie/secrets: %v", vigie.Volumes)
	}
	if c.Volumes["vigie-secrets"].DriverOpts["type"] != "tmpfs" {
		t.Error("the copied secrets must live in memory (tmpfs)")
	}
	// Nothing demanded that is not used: no compose-level secrets whose
	// files must all exist (SMTP and the console are optional).
	if len(c.Secrets) > 0 || len(vigie.Secrets) > 0 {
		t.Errorf("compose demands secret files: %v", c.Secrets)
	}
	// The example configuration reads its secrets where compose puts them.
	for _, f := range secretFiles(t) {
		if filepath.Dir(f) != "/etc/vigie/secrets" {
			t.Errorf("the example reads %s, outside /etc/vigie/secrets", f)
		}
	}
	if !slices.Contains(vigie.Volumes, "./vigie.yaml:/etc/vigie/vigie.yaml:ro") {
		t.Error("vigie.yaml must be mounted where the HEALTHCHECK reads it")
	}
}

func TestComposeRedisIsPrivateAndHasAPassword(t *testing.T) {
	var c compose
	if err := yaml.Unmarshal([]byte(read(t, "docker-compose.yml")), &c); err != nil {
		t.Fatal(err)
	}
	r := c.Services["redis"]
	if len(r.Ports) > 0 {
		t.Errorf("redis publishes ports %v", r.Ports)
	}
	if len(r.Networks) != 1 || !c.Networks[r.Networks[0]].Internal {
		t.Errorf("redis must be on one internal network only, got %v", r.Networks)
	}
	if !slices.Contains(c.Services["vigie"].Networks, r.Networks[0]) {
		t.Error("vigie cannot reach redis's network")
	}
	cmd := strings.Join(r.Command, " ")
	if !strings.Contains(cmd, "--requirepass") || !strings.Contains(cmd, "/run/redis_password") {
		t.Errorf("redis starts without the password from its secret: %s", cmd)
	}
	if hc := strings.Join(r.Healthcheck.Test, " "); !strings.Contains(hc, "REDISCLI_AUTH") {
		t.Errorf("redis's healthcheck does not authenticate: %s", hc)
	}
	conf := read(t, "redis.conf")
	for _, want := range []string{"appendonly yes", "appendfsync everysec", "maxmemory-policy noeviction"} {
		if !strings.Contains(conf, want) {
			t.Errorf("redis.conf lacks %q", want)
		}
	}
	if regexp.MustCompile(`(?m)^requirepass`).MatchString(conf) {
		t.Error("redis.conf holds a password in clear")
	}
}

func TestImageHealthcheckUsesTheConfig(t *testing.T) {
	df := read(t, "../Dockerfile")
	m := regexp.MustCompile(`(?m)^HEALTHCHECK .*CMD (\[.*\])$`).FindStringSubmatch(df)
	if m == nil {
		t.Fatal("no HEALTHCHECK")
	}
	if !strings.Contains(m[1], `"healthcheck", "--config", "/etc/vigie/vigie.yaml"`) || strings.Contains(m[1], "127.0.0.1:8080") {
		t.Errorf("HEALTHCHECK must read the address from the config: %s", m[1])
	}
}

// unit parses a systemd unit into section → key → values.
func unit(t *testing.T, path string) map[string]map[string][]string {
	t.Helper()
	out := map[string]map[string][]string{}
	sec := ""
	sc := bufio.NewScanner(strings.NewReader(read(t, path)))
	for sc.Scan() {
		l := strings.TrimSpace(sc.Text())
		switch {
		case l == "" || strings.HasPrefix(l, "#"):
		case strings.HasPrefix(l, "["):
			sec = strings.Trim(l, "[]")
			out[sec] = map[string][]string{}
		default:
			k, v, ok := strings.Cut(l, "=")
			if !ok {
				t.Fatalf("%s: line %q is not key=value", path, l)
			}
			out[sec][k] = append(out[sec][k], v)
		}
	}
	return out
}

func TestSystemdUnit(t *testing.T) {
	u := unit(t, "vigie.service")
	svc := u["Service"]
	want := map[string]string{"Type": "notify", "User": "vigie", "Group": "vigie", "NotifyAccess": "main"}
	for k, v := range want {
		if len(svc[k]) != 1 || svc[k][0] != v {
			t.Errorf("Service.%s = %v, want %s", k, svc[k], v)
		}
	}
	if len(svc["WatchdogSec"]) != 1 {
		t.Error("no WatchdogSec: a hung Vigie would never be restarted")
	}
	if !strings.Contains(strings.Join(u["Unit"]["Wants"], " "), "redis-server.service") {
		t.Error("the unit does not want redis-server.service")
	}
	if !strings.Contains(strings.Join(svc["ExecStart"], " "), "--config /etc/vigie/vigie.yaml") {
		t.Error("ExecStart does not read /etc/vigie/vigie.yaml")
	}
	// The steps in the unit's header and in the README create the same
	// user and directories the unit and the example use.
	readme := read(t, "../README.md")
	head := read(t, "vigie.service")
	for _, step := range []string{"useradd --system", "/etc/vigie/secrets", "install -m 0755 bin/vigie /usr/local/bin/vigie"} {
		if !strings.Contains(head, step) {
			t.Errorf("the unit's header lacks %q", step)
		}
		if !strings.Contains(readme, step) {
			t.Errorf("the README lacks %q", step)
		}
	}
	for _, f := range secretFiles(t) {
		name := filepath.Base(f)
		if !strings.Contains(head, name) || !strings.Contains(readme, name) {
			t.Errorf("secret %s is not named in both the unit's header and the README", name)
		}
	}

	// systemd's own verifier, on a copy whose binary exists here.
	path, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Fatal("systemd-analyze is missing: apt-get install -y systemd")
	}
	tmp := filepath.Join(t.TempDir(), "vigie.service")
	if err := os.WriteFile(tmp, []byte(strings.ReplaceAll(head, "/usr/local/bin/vigie", "/bin/true")), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _ := exec.Command(path, "verify", tmp).CombinedOutput()
	for _, l := range strings.Split(string(out), "\n") {
		if strings.Contains(l, "vigie.service") {
			t.Errorf("systemd-analyze verify: %s", l)
		}
	}
}

func TestKubernetesMatchesTheImage(t *testing.T) {
	uid := imageUser(t)
	k := read(t, "k8s/vigie.yaml")
	for _, want := range []string{"runAsUser: " + uid, "fsGroup: " + uid, "mountPath: /etc/vigie/secrets", "port: admin"} {
		if !strings.Contains(k, want) {
			t.Errorf("k8s/vigie.yaml lacks %q", want)
		}
	}
	m := regexp.MustCompile(`requests: \{cpu: \w+, memory: (\d+)Mi\}`).FindStringSubmatch(k)
	if m == nil || len(m[1]) < 3 {
		t.Errorf("memory request too small for the measured ~105 MB idle daemon: %v", m)
	}
}
