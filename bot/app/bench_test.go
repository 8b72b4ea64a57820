package app

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/vigie-fr/vigie/bot/graphemu"
	"github.com/vigie-fr/vigie/config"
)

// BenchmarkWebhookToHide measures the sustained rate from a signed webhook
// delivery to the hide call on the emulator, through real HTTP, a real
// redis-server, the classifier and the Graph API client. Every comment
// must be hidden.
//
//	go test -run '^$' -bench WebhookToHide -benchtime 3000x ./bot/app
func BenchmarkWebhookToHide(b *testing.B) {
	h := newHarness(b, quietLogs())
	h.start(0)
	h.settle()
	payloads := make([][]byte, b.N)
	for i := range payloads {
		c := h.comment(fmt.Sprintf("Commentaire %d : le maire est un tocard, franchement.", i))
		p, err := h.emu.CommentWebhook(c.ID, graphemu.VerbAdd)
		if err != nil {
			b.Fatal(err)
		}
		payloads[i] = p
	}
	url := h.baseURL + "/webhooks/meta"
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	var next atomic.Int64
	var wg sync.WaitGroup
	for range 16 { // Meta delivers in parallel
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(payloads) {
					return
				}
				if s, err := h.emu.SendWebhook(context.Background(), url, payloads[i]); err != nil || s != 200 {
					b.Errorf("delivery %d: %d %v", i, s, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	deadline := time.Now().Add(5 * time.Minute)
	for hides(h.emu) < b.N {
		if time.Now().After(deadline) {
			b.Fatalf("only %d of %d comments hidden", hides(h.emu), b.N)
		}
		time.Sleep(5 * time.Millisecond)
	}
	elapsed := time.Since(start)
	b.StopTimer()
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "comments/s")
}

func hides(emu *graphemu.Server) int {
	n := 0
	for _, a := range emu.Actions() {
		if a.Kind == "hide" {
			n++
		}
	}
	return n
}

// BenchmarkIdleRSS builds the vigie binary, runs `vigie run` against a
// private redis-server and the emulator, lets it idle, and reports its
// resident memory from /proc.
//
//	go test -run '^$' -bench IdleRSS -benchtime 1x ./bot/app
func BenchmarkIdleRSS(b *testing.B) {
	if runtime.GOOS != "linux" {
		b.Fatal("reads /proc: linux only")
	}
	h := newHarness(b)
	bin := filepath.Join(b.TempDir(), "vigie")
	build := exec.Command("go", "build", "-o", bin, "github.com/vigie-fr/vigie/cmd/vigie")
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("build: %v\n%s", err, out)
	}
	cfgPath := filepath.Join(b.TempDir(), "vigie.yaml")
	yaml := fmt.Sprintf(`mode: act
listen: "127.0.0.1:0"
admin_listen: "127.0.0.1:0"
pages: [{id: %q, name: "Mairie de Test"}]
graph: {base_url: %q}
redis: {url: %q}
log: {level: warn}
`, testPageID, h.graphURL, h.redis.URL())
	if err := os.WriteFile(cfgPath, []byte(yaml), 0o600); err != nil {
		b.Fatal(err)
	}
	for range b.N {
		cmd := exec.Command(bin, "run", "--config", cfgPath)
		cmd.Env = append(os.Environ(), config.EnvPageToken+"="+testToken, config.EnvAppSecret+"="+testAppSecret, config.EnvVerifyToken+"="+testVerifyToken)
		if err := cmd.Start(); err != nil {
			b.Fatal(err)
		}
		time.Sleep(5 * time.Second) // start-up poll done, then idle
		rss, err := residentKB(cmd.Process.Pid)
		_ = cmd.Process.Signal(os.Interrupt)
		_ = cmd.Wait()
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(rss)/1024, "MB-rss")
	}
}

func residentKB(pid int) (int, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			return strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
		}
	}
	return 0, fmt.Errorf("no VmRSS for pid %d", pid)
}
