package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync"
	"syscall"

	"github.com/redis/go-redis/v9"
	"go.uber.org/zap"

	"github.com/vigie-fr/vigie/bot/app"
	"github.com/vigie-fr/vigie/bot/sdnotify"
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
	// Under systemd (Type=notify), say when Vigie serves and, from then
	// on, ping the watchdog while it does; elsewhere this does nothing.
	// The watch starts in Ready, once the listeners exist.
	sd := sdnotify.New(os.LookupEnv, os.Getpid())
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	watchCtx, stopWatch := context.WithCancel(ctx)
	var watch sync.WaitGroup
	var a *app.App
	ready := func() {
		if err := sd.Send("READY=1"); err != nil {
			logger.Warn("systemd notify", zap.Error(err))
		}
		watch.Go(func() { _ = sd.Watch(watchCtx, a.Alive) })
	}
	a, err = app.New(app.Options{Config: cfg, Logger: logger, Consumer: host, Ready: ready})
	if err != nil {
		stopWatch()
		logger.Error("start-up failed", zap.Error(err))
		return 1
	}
	err = a.Run(ctx)
	_ = sd.Send("STOPPING=1")
	stopWatch()
	watch.Wait()
	if err != nil {
		logger.Error("vigie stopped on error", zap.Error(err))
		return 1
	}
	return 0
}
