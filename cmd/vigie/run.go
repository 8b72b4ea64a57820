package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/redis/go-redis/v9"
	"go.uber.org/zap"

	"github.com/vigie-fr/vigie/bot/app"
	"github.com/vigie-fr/vigie/config"
)

// cmdRun is the daemon. It never uses an embedded Redis: redis.url must
// point at a real, durable one.
func cmdRun(args []string, _ io.Reader, _, stderr io.Writer) int {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	path := fs.String("config", defaultConfigPath, "fichier de configuration")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	cfg, err := config.Load(*path)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	logger, err := newLogger(cfg.Log.Level, cfg.Log.Format, stderr)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	defer func() { _ = logger.Sync() }()
	// go-redis logs through a package-level logger; this process has one.
	redis.SetLogger(redisLogger{logger})
	host, _ := os.Hostname()
	a, err := app.New(app.Options{Config: cfg, Logger: logger, Consumer: host})
	if err != nil {
		logger.Error("start-up failed", zap.Error(err))
		return 1
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := a.Run(ctx); err != nil {
		logger.Error("vigie stopped on error", zap.Error(err))
		return 1
	}
	return 0
}
