package app

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"github.com/vigie-fr/vigie/bot/redistest"
	"github.com/vigie-fr/vigie/config"
)

func TestRedisHint(t *testing.T) {
	tests := []struct {
		name, err, want string
	}{
		{"protected mode", "DENIED Redis is running in protected mode because protected mode is enabled", "protected mode"},
		{"closed after DENIED", "write tcp 172.18.0.3:50000->172.18.0.2:6379: write: broken pipe", "protected mode"},
		{"password missing", "NOAUTH Authentication required.", "redis.password_file"},
		{"wrong password", "WRONGPASS invalid username-password pair or user is disabled.", "requirepass"},
		{"nothing listening", "dial tcp 127.0.0.1:6379: connect: connection refused", "Redis started"},
		{"unknown", "something else", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := redisHint(errors.New(tt.err))
			if tt.want == "" && got != "" || !strings.Contains(got, tt.want) {
				t.Errorf("hint %q, want it to mention %q", got, tt.want)
			}
		})
	}
}

// A Redis that wants a password Vigie lacks: the log says so and what to
// change, instead of a bare connection error.
func TestStartupLogExplainsARedisThatRefuses(t *testing.T) {
	srv := redistest.Start(t)
	if err := srv.Client().ConfigSet(context.Background(), "requirepass", "s3cret").Err(); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Parse([]byte("pages: [{id: \"1\", name: M}]\nredis: {url: \""+srv.URL()+"/0\"}\n"), "t.yaml", func(k string) (string, bool) {
		return map[string]string{config.EnvPageToken: "t", config.EnvAppSecret: "s", config.EnvVerifyToken: "v"}[k], true
	})
	if err != nil {
		t.Fatal(err)
	}
	core, logs := observer.New(zapcore.WarnLevel)
	a, err := New(Options{Config: cfg, Logger: zap.New(core)})
	if err != nil {
		t.Fatal(err)
	}
	defer a.rdb.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	a.prepareRedis(ctx)
	entries := logs.FilterMessage("redis not reachable yet").All()
	if len(entries) == 0 {
		t.Fatal("no warning logged")
	}
	hint, _ := entries[0].ContextMap()["hint"].(string)
	if !strings.Contains(hint, "redis.password_file") {
		t.Errorf("hint %q does not say where the password goes", hint)
	}
}
